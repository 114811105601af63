"""The search partials, rendered with Jinja as MkDocs does (no autoescaping)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import material

from openpractice.search.templating import search_globals

from .conftest import practice, research

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = '<img src=x onerror="alert(1)"> & "quotes"'


def environment(**globals_: Any) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(
        [ROOT / "overrides", Path(material.__file__).parent / "templates"]), autoescape=False)
    env.filters["url"] = lambda value: "../" + value
    env.globals.update(globals_)
    return env


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each data-pagefind-* span."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.values: list[tuple[str, str]] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        for name in ("data-pagefind-filter", "data-pagefind-sort", "data-pagefind-meta"):
            if name in found:
                self._open = f"{name.rsplit('-', 1)[1]}:{found[name]}"

    def handle_data(self, data: str) -> None:
        if self._open:
            self.values.append((self._open, data))
            self._open = None


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def test_op_pagefind_prints_the_record_escaped(make_catalogue: Any) -> None:
    cited = research("r", 4)
    item = practice("p", title="Reading " + HOSTILE, evidence=["r"], pupil_groups=["send"])
    cat = make_catalogue(item, cited)
    env = environment(**search_globals(cat, []))
    html = env.get_template("partials/op-pagefind.html").render(
        page=SimpleNamespace(meta={"item": item}))
    assert "<img" not in html and 'onerror="' not in html
    parsed = parse(html)  # the parser decodes entities: we get the contributed text back
    assert ("meta:title", "Reading " + HOSTILE) in parsed.values
    assert ("filter:type", "Practice") in parsed.values
    assert ("filter:group", "Pupils with SEND") in parsed.values
    assert ("filter:evidence", "4/5 extensive evidence") in parsed.values
    assert ("sort:date", "2025-03-14") in parsed.values
    # one hidden container: Pagefind reads its filters and metadata, but not as page text
    hidden = [attrs for tag, attrs in parsed.tags if "hidden" in attrs]
    assert hidden == [{"hidden": None, "data-pagefind-ignore": None, "class": "op-pagefind"}]
    keywords = dict(parsed.values)["meta:keywords"].split("; ")
    assert {"SEN support", "Pupils with SEND", "Reading", "phonics", "Brook Primary"} <= set(keywords)


def test_op_pagefind_renders_nothing_on_other_pages(make_catalogue: Any) -> None:
    env = environment(**search_globals(make_catalogue(), []))
    template = env.get_template("partials/op-pagefind.html")
    assert template.render(page=SimpleNamespace(meta={"title": "About"})).strip() == ""
    assert template.render(page=None).strip() == ""


def test_header_search_is_a_get_form_to_explore(make_catalogue: Any) -> None:
    explore = SimpleNamespace(url="explore/", page=SimpleNamespace(
        meta={"template": "op-explore.html"}))
    env = environment(**search_globals(make_catalogue(), [explore]))
    html = env.get_template("partials/op-header-search.html").render()
    tags = dict(parse(html).tags)
    assert tags["form"]["action"] == "../explore/" and tags["form"]["method"] == "get"
    assert tags["form"]["role"] == "search" and tags["form"].get("name") is None
    assert tags["input"]["name"] == "q" and tags["input"]["id"] == "op-header-q"
    assert tags["label"]["for"] == "op-header-q"


def test_no_explore_page_no_header_search(make_catalogue: Any) -> None:
    env = environment(**search_globals(make_catalogue(), []))
    assert env.get_template("partials/op-header-search.html").render().strip() == ""
