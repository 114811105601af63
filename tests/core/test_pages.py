"""Generated listings stay small whatever the number of items: a type's index in pages,
theme and school pages with the newest few of each type and a link to all of them."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from openpractice.addresses import href
from openpractice.catalogue import Catalogue
from openpractice.site.pages import LISTING_PAGE_SIZE, SECTION_LIMIT, generated_pages
from openpractice.validate import validate_project

from .mini import PRACTICE, write_project

START = date(2025, 6, 1)  # after mini's own practice item


def catalogue_with(tmp_path: Path, practice: int) -> Catalogue:
    files: dict[str, str | bytes] = {}
    for n in range(practice):
        text = PRACTICE.replace("date: 2025-03-14", f"date: {START + timedelta(days=n)}")
        files[f"content/practice/case-{n}.md"] = text.replace(
            "title: Reciprocal reading in Year 5", f"title: Case {n}")
    result = validate_project(write_project(tmp_path, files), today=date(2026, 11, 22))
    assert result.ok, [p.as_text() for p in result.errors]
    assert result.catalogue is not None
    return result.catalogue


def links(body: str) -> list[str]:
    """The links a generated page writes (as MkDocs would write them)."""
    return re.findall(r'href="([^"]+)"', body)


@pytest.mark.parametrize(("target", "source", "expected"), [
    ("practice/x.md", "themes/send.md", "../../practice/x/"),
    ("practice/index.md", "practice/page-2.md", "../"),
    ("practice/page-3.md", "practice/index.md", "page-3/"),
    ("practice/index.md", "practice/index.md", "./"),
    ("index.md", "practice/x.md", "../../"),
    ("practice/x.md", "index.md", "practice/x/"),
    ("about/open-source.md", "about/index.md", "open-source/"),
    ("schools/brook.md", "schools/index.md", "brook/"),
])
def test_listing_links_are_the_links_mkdocs_writes(target: str, source: str, expected: str) -> None:
    assert href(target, source) == expected
    # MkDocs' own rule, for the same two pages with use_directory_urls
    target_url, source_url = (File(src, "docs", "site", True).url for src in (target, source))
    assert get_relative_url(target_url, source_url) == expected


def card_titles(body: str) -> list[str]:
    blocks = re.findall(r'<div class="op-cards">(.*?)</div>', body, re.S)
    return [html.unescape(t) for block in blocks
            for t in re.findall(r'<li><a class="op-card__title" href="[^"]*">([^<]*)</a>', block)]


@pytest.mark.parametrize(("items", "pages"), [
    (1, 1), (LISTING_PAGE_SIZE, 1), (LISTING_PAGE_SIZE + 1, 2), (3 * LISTING_PAGE_SIZE, 3)])
def test_a_type_index_is_split_into_pages(tmp_path: Path, items: int, pages: int) -> None:
    catalogue = catalogue_with(tmp_path, items - 1)  # mini's own practice item is one
    generated = {p.src_uri: p for p in generated_pages(catalogue)}
    srcs = ["practice/index.md"] + [f"practice/page-{n}.md" for n in range(2, pages + 1)]
    assert [s for s in generated if s.startswith("practice/")] == srcs
    seen = [title for src in srcs for title in card_titles(generated[src].body)]
    newest_first = sorted(catalogue.of_kind("practice"),
                          key=lambda e: (e.model.last_changed, e.id), reverse=True)
    assert seen == [e.model.title for e in newest_first]  # each item once, in order
    if pages > 1:
        second = generated["practice/page-2.md"]
        assert second.title == f"Practice (page 2 of {pages})"
        assert '<li><a href="../">Previous page</a></li>' in second.body
        assert '<li><span aria-current="page">Page 2</span></li>' in second.body
        assert '<nav aria-label="Pages of practice" class="op-pager">' in second.body
    else:
        assert "op-pager" not in generated["practice/index.md"].body


def test_the_pager_shows_ends_and_neighbours(tmp_path: Path) -> None:
    catalogue = catalogue_with(tmp_path, 10 * LISTING_PAGE_SIZE - 1)
    page = {p.src_uri: p for p in generated_pages(catalogue)}["practice/page-6.md"]
    pager = page.body.split("<nav")[1].split("</nav>")[0]
    # as the built page links them: practice/page-6/ -> practice/page-5/ is ../page-5/
    assert links(pager) == ["../page-5/", "../", "../page-4/", "../page-5/", "../page-7/",
                            "../page-8/", "../page-10/", "../page-7/"]
    assert pager.count("…") == 2


def test_theme_and_school_pages_show_the_newest_and_link_to_all(tmp_path: Path) -> None:
    catalogue = catalogue_with(tmp_path, SECTION_LIMIT + 4)
    generated = {p.src_uri: p for p in generated_pages(catalogue)}
    for src, facet in [("themes/reading.md", ("theme", "Reading")),
                       ("schools/brook.md", ("school", "Brook Primary (sample)"))]:
        body = generated[src].body
        practice = body.split("<h2>Practice")[1].split("<h2>")[0]
        assert card_titles(practice) == [f"Case {n}" for n in range(SECTION_LIMIT + 3, 3, -1)]
        assert f">See all {SECTION_LIMIT + 5} practice write-ups</a> on Explore" in practice
        explore = [html.unescape(u) for u in links(practice) if u.startswith("../../explore/?")]
        assert len(explore) == 1
        assert parse_qsl(explore[0].split("?", 1)[1]) == [("type", "Practice"), facet]
        assert "../../practice/" in links(practice)


def test_short_sections_have_no_more_link(tmp_path: Path) -> None:
    catalogue = catalogue_with(tmp_path, 2)
    body = {p.src_uri: p for p in generated_pages(catalogue)}["themes/reading.md"].body
    assert "See all" not in body and len(card_titles(body)) == 3 + 1  # + the research item
