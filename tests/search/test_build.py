"""The real build: Pagefind runs as part of it, over the pages meant for search."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from openpractice.search.document import BROWSE_WORD
from openpractice.search.pagefind import UNUSED_BUNDLE_FILES
from openpractice.search.records import search_record
from openpractice.search.terms import item_keywords
from openpractice.validate import validate_project

from ..support import TODAY, Build, build, pagefind_fragments

pytestmark = pytest.mark.build


def test_every_build_is_searchable(sample_build: Build) -> None:
    catalogue = validate_project(sample_build.project, today=date.fromisoformat(TODAY)).catalogue
    assert catalogue is not None
    bundle = sample_build.site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    assert not [n for n in UNUSED_BUNDLE_FILES if (bundle / n).exists()]
    match = re.search(r"Pagefind indexed (\d+) pages", sample_build.output)
    assert match, sample_build.output[-2000:]
    # items, plus ordinary pages (About, Contributing, ...): never the home page, a page that
    # opts out (the Explore page) or a generated listing
    content = sample_build.project / "content"
    ordinary = [p for p in content.rglob("*.md")
                if p.relative_to(content).parts[0] not in ("practice", "research", "policies", "_data")
                and p.relative_to(content).as_posix() != "index.md" and not _opts_out(p)]
    assert "explore.md" not in [p.name for p in ordinary]
    assert int(match.group(1)) == len(catalogue) + len(ordinary)


def _opts_out(path: Path) -> bool:
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1]) or {}
    return bool((meta.get("search") or {}).get("exclude"))


def test_the_index_holds_every_item_with_its_record(sample_build: Build) -> None:
    catalogue = validate_project(sample_build.project, today=date.fromisoformat(TODAY)).catalogue
    assert catalogue is not None
    fragments = pagefind_fragments(sample_build.site)
    for entry in catalogue:
        fragment, record = fragments["/" + entry.url], search_record(entry, catalogue)
        keywords = "; ".join([*item_keywords(entry, catalogue), BROWSE_WORD])
        assert fragment["meta"] == {**record.meta, "keywords": keywords}
        assert {k: sorted(v) for k, v in fragment["filters"].items()} == {
            k: sorted(set(v)) for k, v in record.filters.items()}
        assert fragment["content"].startswith(f"{entry.model.title}. {entry.model.summary}")
    # the home page, the Explore page and the generated listings are not results
    assert not {"/", "/explore/", "/practice/", "/themes/", "/policy-register/"} & set(fragments)


def test_the_explore_page_and_header_search(sample_build: Build) -> None:
    html = sample_build.html("explore/index.html")
    assert "data-op-explore" in html and 'data-op-pagefind="../pagefind/pagefind.js"' in html
    assert 'id="op-search-synonyms"' in html


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


HOSTILE = '<b id="x">Bold</b> & "Sons"'


def test_data_file_text_is_escaped_in_search_markup(project_copy: Path) -> None:
    schools = project_copy / "content/_data/schools.yml"
    text = schools.read_text(encoding="utf-8")
    schools.write_text(text.replace("name: Brookside Primary (sample school)",
                                    f"name: '{HOSTILE}'", 1), encoding="utf-8")
    result = build(project_copy)
    assert result.returncode == 0, result.output[-3000:]
    for page in ("explore/index.html", "practice/reciprocal-reading-year-5/index.html"):
        html = result.html(page)
        assert '<b id="x">' not in html, page
        parser = Text()
        parser.feed(html)
        assert HOSTILE in "".join(parser.text), page  # shown as text, exactly


def test_materials_own_search_plugin_fails_the_strict_build(project_copy: Path) -> None:
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("plugins:\n", "plugins:\n  - search\n", 1), encoding="utf-8")
    result = build(project_copy)
    assert result.returncode != 0
    assert "the 'material/search' plugin builds a second search index" in result.output
