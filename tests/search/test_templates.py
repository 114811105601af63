"""The header search partial, rendered with Jinja as MkDocs does (no autoescaping)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import material

from openpractice.search.templating import search_globals

ROOT = Path(__file__).resolve().parents[2]


def environment(**globals_: Any) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(
        [ROOT / "overrides", Path(material.__file__).parent / "templates"]), autoescape=False)
    env.filters["url"] = lambda value: "../" + value
    env.globals.update(globals_)
    return env


class Elements(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


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
