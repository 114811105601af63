"""Which pages are indexed (search/pagefind.py), and Pagefind as a service fed page by page
(search/service.py, search/site_index.py), run for real."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from openpractice.search.pagefind import (
    UNUSED_BUNDLE_FILES,
    PagefindError,
    competing_search_plugins,
    is_search_page,
    search_pages,
)
from openpractice.search.records import search_record
from openpractice.search.service import PagefindService
from openpractice.search.site_index import SiteIndex, search_document

from ..support import pagefind_fragments
from .conftest import practice


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


PAGE = """<!doctype html><html lang="{lang}"><head><title>{title}</title></head><body><main>
<h1>{title}</h1><p>{text}</p>
<span hidden data-pagefind-ignore data-pagefind-filter="type">Practice</span></main></body></html>"""


def page(title: str, text: str = "Words about reading.", lang: str = "en") -> str:
    return PAGE.format(title=title, text=text, lang=lang)


def test_the_service_indexes_the_pages_it_is_given(tmp_path: Path) -> None:
    service = PagefindService.start(language="en")
    service.add("practice/a/index.html", page("Item A"))
    service.add("about/index.html", page("About us", lang="fr"))  # forced to the site's language
    service.add("weird [1]/index.html", page("Odd path"))
    bundle = tmp_path / "pagefind"
    service.finish(bundle)
    summary = service.wait()
    assert summary.pages == 3 and summary.words > 0
    assert str(summary).startswith("Pagefind indexed 3 pages")
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    assert list(bundle.glob("pagefind.en_*.pf_meta")) and not list(bundle.glob("pagefind.fr_*"))
    assert not [name for name in UNUSED_BUNDLE_FILES if (bundle / name).exists()]
    assert summary.bundle_files == len([f for f in bundle.rglob("*") if f.is_file()])
    fragments = pagefind_fragments(tmp_path)
    assert sorted(fragments) == ["/about/", "/practice/a/", "/weird [1]/"]
    assert fragments["/practice/a/"]["filters"] == {"type": ["Practice"]}
    assert fragments["/practice/a/"]["content"] == "Item A. Words about reading."


def test_pagefind_failing_fails_with_its_message(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    service = PagefindService.start()
    service.add("a/index.html", page("Item A"))
    service.finish(tmp_path / "a-file" / "pagefind")
    with pytest.raises(PagefindError) as failure:
        service.wait()
    message = str(failure.value)
    assert message.startswith("Pagefind stopped unexpectedly:\n") and "Not a directory" in message
    assert "stack backtrace" not in message


def test_pagefind_stopping_half_way_fails_clearly(tmp_path: Path) -> None:
    service = PagefindService.start()
    service.add("a/index.html", page("Item A"))
    service._proc.kill()  # as if it crashed while the site was rendering
    service.finish(tmp_path / "pagefind")
    with pytest.raises(PagefindError, match=r"^Pagefind stopped unexpectedly"):
        service.wait(timeout=60)


def test_a_missing_or_old_pagefind_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(PagefindError, match=r"^Pagefind could not start: .*No such file"):
        PagefindService.start(executable=tmp_path / "no-pagefind")
    old = tmp_path / "old-pagefind"
    old.write_text("#!/bin/sh\necho 'pagefind 1.4.0'\n", encoding="utf-8")
    old.chmod(0o755)
    with pytest.raises(PagefindError, match=r"^Pagefind 1\.4 is too old: Open Practice needs 1\.5"):
        PagefindService.start(executable=old)


def test_the_site_index_takes_only_pages_meant_for_search(tmp_path: Path,
                                                          make_catalogue: Any) -> None:
    item = practice("a", body="Paired reading.")
    catalogue = make_catalogue(item)
    records = {item.src_path: search_record(item, catalogue)}
    index = SiteIndex.start()
    flags: dict[str, Any] = {"meta": {}, "entry": None, "is_homepage": False, "generated": False}
    pages: list[tuple[str, str, str, dict[str, Any]]] = [
        ("practice/a/index.html", "", "<p>Paired reading.</p>", {"entry": item}),
        ("index.html", "Home", "<p>Welcome</p>", {"is_homepage": True}),
        ("practice/index.html", "Practice", "<p>All</p>", {"generated": True}),
        ("about/index.html", "About", "<p>Who we are</p>", {}),
    ]
    for dest, title, body, extra in pages:
        document = search_document(catalogue, records, dest, title=title, body_html=body,
                                   **{**flags, **extra})
        if document is not None:
            index.add(document)
    index.finish(tmp_path / "pagefind", expected=["about/index.html", "practice/a/index.html"])
    assert index.wait().pages == 2
    fragments = pagefind_fragments(tmp_path)
    assert sorted(fragments) == ["/about/", "/practice/a/"]
    assert fragments["/about/"]["content"] == "About. Who we are."
    assert fragments["/practice/a/"]["meta"]["title"] == "Practice a"


def test_the_site_index_fails_when_pages_go_missing_or_slip_in(tmp_path: Path,
                                                               make_catalogue: Any) -> None:
    index = SiteIndex.start()
    document = search_document(make_catalogue(), {}, "about/index.html", title="About",
                               body_html="<p>Who</p>", meta={}, entry=None, is_homepage=False,
                               generated=False)
    assert document is not None
    index.add(document)
    with pytest.raises(PagefindError) as failure:
        index.finish(tmp_path / "pagefind", expected=["contributing/index.html"])
    assert str(failure.value) == (
        "the pages given to Pagefind are not the pages meant for search; never indexed: "
        "contributing/index.html; indexed but not meant for search: about/index.html")


def test_nothing_to_index_fails_clearly(tmp_path: Path) -> None:
    index = SiteIndex.start()
    with pytest.raises(PagefindError, match="no pages to index"):
        index.finish(tmp_path / "pagefind", expected=[])


def test_competing_search_plugins() -> None:
    assert competing_search_plugins(["openpractice", "macros"]) == []
    (message,) = competing_search_plugins(["material/search", "openpractice"])
    assert message.startswith("the 'material/search' plugin builds a second search index")


