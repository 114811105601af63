"""The header search partial, rendered with Jinja as MkDocs does (no autoescaping), and the
values the core prepares for the Explore page."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import material

from openpractice.search.document import BROWSE_WORD, HEAD_WEIGHTS
from openpractice.search.templating import explore_page, script_json, search_records
from openpractice.search.terms import QUESTION_WORDS

from .conftest import practice, research

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


def test_header_search_is_a_get_form_to_explore() -> None:
    html = environment().get_template("partials/op-header-search.html").render()
    tags = dict(parse(html).tags)
    assert tags["form"]["action"] == "../explore/" and tags["form"]["method"] == "get"
    assert tags["form"]["role"] == "search" and tags["form"].get("name") is None
    assert tags["input"]["name"] == "q" and tags["input"]["id"] == "op-header-q"
    assert tags["label"]["for"] == "op-header-q"


def test_the_explore_page_gets_its_facets_as_values(make_catalogue: Any) -> None:
    catalogue = make_catalogue(practice("a"), research("r", 4))
    page = explore_page(catalogue, search_records(catalogue))
    assert page.src_uri == "explore.md" and page.template == "op-explore.html"
    facets = {f["key"]: f for f in page.values["facets"]}
    assert facets["type"]["options"] == [{"label": "Practice", "count": 1},
                                         {"label": "Research", "count": 1}]
    assert page.values["sorts"][0] == ["relevance", "Best match"]
    json.loads(page.values["synonyms_json"])  # JSON, as the page's script reads it
    query = json.loads(page.values["query_json"])
    assert query == {"stop_words": list(QUESTION_WORDS), "head_weights": list(HEAD_WEIGHTS),
                     "browse_word": BROWSE_WORD}


def test_the_explore_page_prints_its_query_settings_and_the_filters_button() -> None:
    html = (ROOT / "overrides" / "op-explore.html").read_text(encoding="utf-8")
    assert '<script type="application/json" id="op-search-query">{{ page.meta.op.query_json | safe }}</script>' in html
    tags = parse(html).tags
    toggle = next(attrs for tag, attrs in tags if "data-op-filters-toggle" in attrs)
    assert toggle["aria-expanded"] == "false" and toggle["aria-controls"] == "op-filters"
    assert toggle.get("type") == "button"
    assert any(attrs.get("id") == "op-filters" for _, attrs in tags)
    # hidden until search.js runs: without JavaScript the filters show as on a wide screen
    assert "hidden" in next(attrs for tag, attrs in tags if "data-op-toolbar" in attrs)


def test_script_json_cannot_close_its_script_element() -> None:
    text = script_json([{"label": "</script><script>alert(1)</script> & <!--"}])
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == [{"label": "</script><script>alert(1)</script> & <!--"}]
