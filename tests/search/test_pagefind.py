"""Which pages are indexed, and running Pagefind (openpractice/search/pagefind.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from openpractice.search import pagefind
from openpractice.search.pagefind import (
    UNUSED_BUNDLE_FILES,
    PagefindError,
    competing_search_plugins,
    glob_for,
    index_site,
    is_search_page,
    search_pages,
)


@pytest.mark.parametrize(("meta", "flags", "expected"), [
    ({}, {}, True),  # an ordinary page
    ({"search": {"exclude": False}}, {}, True),
    ({"search": {"exclude": True}}, {}, False),
    ({"search": "exclude"}, {}, True),  # not the documented shape: ignored
    ({}, {"is_homepage": True}, False),
    ({}, {"generated": True}, False),  # listings the build generates
    ({"search": {"exclude": True}}, {"is_item": True}, True),  # items are always results
])
def test_is_search_page(meta: dict[str, Any], flags: dict[str, bool], expected: bool) -> None:
    options = {"is_item": False, "is_homepage": False, "generated": False, **flags}
    assert is_search_page(meta, **options) is expected


@dataclass
class FakePage:
    meta: dict[str, Any] = field(default_factory=dict)
    is_homepage: bool = False


@dataclass
class FakeFile:
    src_uri: str
    dest_uri: str
    page: FakePage | None = None


def test_search_pages_from_mkdocs_files() -> None:
    files = [
        FakeFile("index.md", "index.html", FakePage(is_homepage=True)),
        FakeFile("about.md", "about/index.html", FakePage()),
        FakeFile("explore.md", "explore/index.html", FakePage({"search": {"exclude": True}})),
        FakeFile("practice/a.md", "practice/a/index.html", FakePage()),
        FakeFile("practice/index.md", "practice/index.html", FakePage()),
        FakeFile("orphan.md", "orphan/index.html", None),  # never read: not built
    ]
    assert search_pages(files, items={"practice/a.md"}, generated={"practice/index.md"}) == [
        "about/index.html", "practice/a/index.html"]


def test_glob_for_escapes_glob_syntax() -> None:
    assert glob_for(["a/index.html", "b c/index.html"]) == "{a/index.html,b c/index.html}"
    assert glob_for(["we[ir]d,{x}*?!/index.html"]) == r"{we\[ir\]d\,\{x\}\*\?\!/index.html}"


def test_glob_for_folds_a_folder_of_items_only_when_exact(tmp_path: Path) -> None:
    """Thousands of alternatives break Pagefind's glob; a folder pattern replaces them only
    where it matches nothing that must stay out of the index."""
    for rel in ["practice/a/index.html", "practice/b/index.html", "themes/x/index.html",
                "themes/y/index.html", "about/index.html", "we[ir]d/c/index.html"]:
        write_page(tmp_path, rel, "T")
    pages = ["about/index.html", "practice/a/index.html", "practice/b/index.html",
             "themes/x/index.html", "we[ir]d/c/index.html"]  # themes/y is left out
    assert glob_for(pages, tmp_path) == (
        r"{practice/*/index.html,we\[ir\]d/*/index.html,about/index.html,themes/x/index.html}")


PAGE = """<!doctype html><html lang="{lang}"><head><title>{title}</title></head><body>
<nav>Navigation words</nav>{open}<h1>{title}</h1><p>{text}</p>
<span hidden data-pagefind-ignore data-pagefind-filter="type">Practice</span>{close}</body></html>"""


def write_page(site: Path, rel: str, title: str, text: str = "Words about reading.",
               body: bool = True, lang: str = "en") -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title=title, text=text, lang=lang,
                                open="<main data-pagefind-body>" if body else "<main>",
                                close="</main>"), encoding="utf-8")


def test_index_site_indexes_only_the_pages_given(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_page(site, "practice/a/index.html", "Item A")
    write_page(site, "about/index.html", "About us", lang="fr")  # forced to the site's language
    write_page(site, "practice/index.html", "A listing")  # marked, but not selected
    write_page(site, "weird [1]/index.html", "Odd path")
    summary = index_site(site, ["about/index.html", "practice/a/index.html", "weird [1]/index.html"],
                         language="en")
    assert summary.pages == 3
    assert summary.filters == 1 and summary.words > 0
    bundle = site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    assert list(bundle.glob("pagefind.en_*.pf_meta")) and not list(bundle.glob("pagefind.fr_*"))
    assert not [name for name in UNUSED_BUNDLE_FILES if (bundle / name).exists()]
    assert summary.bundle_files == len([f for f in bundle.rglob("*") if f.is_file()])
    assert summary.bundle_bytes > 0 and summary.seconds > 0
    assert str(summary).startswith("Pagefind indexed 3 pages")


def test_without_a_glob_the_marker_selects_the_pages(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A site too large for one glob: Pagefind reads every page and indexes the marked ones,
    which must be exactly the selection."""
    monkeypatch.setattr(pagefind, "GLOB_LIMIT", 0)
    write_page(tmp_path, "practice/a/index.html", "Item A")
    write_page(tmp_path, "practice/b/index.html", "Item B")
    write_page(tmp_path, "practice/index.html", "A listing", body=False)
    assert index_site(tmp_path, ["practice/a/index.html", "practice/b/index.html"]).pages == 2
    write_page(tmp_path, "practice/index.html", "A listing")  # now wrongly marked
    with pytest.raises(PagefindError, match=r"indexed 3 pages, not the 2 meant for search"):
        index_site(tmp_path, ["practice/a/index.html", "practice/b/index.html"])


def test_index_site_keeps_the_ui_when_asked(tmp_path: Path) -> None:
    write_page(tmp_path, "a/index.html", "Item A")
    index_site(tmp_path, keep_ui=True)
    assert (tmp_path / "pagefind" / "pagefind-ui.js").is_file()


def test_a_selected_page_without_the_body_marker_fails_the_build(tmp_path: Path) -> None:
    write_page(tmp_path, "practice/a/index.html", "Item A")
    write_page(tmp_path, "about/index.html", "About us", body=False)
    with pytest.raises(PagefindError, match=r"indexed 1 of the 2 pages.*about/index\.html"):
        index_site(tmp_path, ["about/index.html", "practice/a/index.html"])


def test_nothing_to_index_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(PagefindError, match="no pages to index"):
        index_site(tmp_path, [])


def test_pagefind_errors_fail_with_its_message(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(PagefindError) as failure:
        index_site(tmp_path / "empty")
    assert str(failure.value) == (
        "Pagefind failed (exit 1):\nError: Pagefind was not able to build an index. \n"
        "Most likely, the directory passed to Pagefind was empty or did not contain any html files.")


def test_competing_search_plugins() -> None:
    assert competing_search_plugins(["openpractice", "macros"]) == []
    (message,) = competing_search_plugins(["material/search", "openpractice"])
    assert message.startswith("the 'material/search' plugin builds a second search index")
