"""The document Pagefind indexes for each page (openpractice/search/document.py)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from openpractice.search.document import (
    FACTS_WEIGHT,
    HEAD_WEIGHTS,
    PAGE_BODY_WEIGHT,
    SUMMARY_WEIGHT,
    item_document,
    page_document,
)
from openpractice.search.records import search_record

from .conftest import policy, practice, research

HOSTILE = '<img src=x onerror="alert(1)"> & "quotes"'


class Document(HTMLParser):
    """The text Pagefind would index, the values of data-pagefind-* spans, the hidden parts."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.values: list[tuple[str, str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._open: str | None = None
        self._ignored = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if "data-pagefind-ignore" in found or tag == "head":
            self._ignored += 1
        for name in ("data-pagefind-filter", "data-pagefind-sort", "data-pagefind-meta"):
            if name in found:
                self._open = f"{name.rsplit('-', 1)[1]}:{found[name]}"

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._ignored -= 1

    def handle_data(self, data: str) -> None:
        if self._open:
            self.values.append((self._open, data))
            self._open = None
        elif not self._ignored:
            self.text.append(data)


def parse(html: str) -> Document:
    parser = Document()
    parser.feed(html)
    return parser


def test_an_item_document_carries_its_record_escaped(make_catalogue: Any) -> None:
    cited = research("r", 4)
    item = practice("p", body="Paired reading.", title="Reading " + HOSTILE, evidence=["r"],
                    pupil_groups=["send"])
    catalogue = make_catalogue(item, cited)
    html = item_document(item, catalogue, search_record(item, catalogue), "<p>Paired reading.</p>")
    assert "<img" not in html and 'onerror="' not in html
    parsed = parse(html)  # the parser decodes entities: we get the contributed text back
    assert parsed.text == [  # title, summary, facts, body, cited research
        "Reading " + HOSTILE, "A practice write-up for the search tests.",
        "Brook Primary. Reading. Pupils with SEND", "Paired reading.",
        "Research this draws on", "Research r",
    ]
    assert ("meta:title", "Reading " + HOSTILE) in parsed.values
    assert ("filter:type", "Practice") in parsed.values
    assert ("filter:group", "Pupils with SEND") in parsed.values
    assert ("filter:evidence", "4/5 extensive evidence") in parsed.values
    assert ("sort:date", "2025-03-14") in parsed.values
    # one hidden container: Pagefind reads its filters and metadata, but not as page words
    hidden = [attrs for tag, attrs in parsed.tags if "hidden" in attrs]
    assert hidden == [{"hidden": None, "data-pagefind-ignore": None}]
    keywords = dict(parsed.values)["meta:keywords"].split("; ")
    assert {"SEN support", "Pupils with SEND", "Reading", "phonics", "Brook Primary"} <= set(keywords)


def test_research_and_policy_documents_carry_their_facts(make_catalogue: Any) -> None:
    summary, rule = research("r", 4), policy("q")
    catalogue = make_catalogue(summary, rule)
    texts = [parse(item_document(e, catalogue, search_record(e, catalogue), "<p>Body.</p>")).text
             for e in (summary, rule)]
    assert texts == [
        ["Research r", "A research summary for the search tests.",
         "Feedback. EEF (2021). Toolkit.", "Body."],  # the source, as a reference
        ["Policy q", "A policy for the search tests, approved.",  # trust-wide: every school
         "Brook Primary. Oak Academy & Sixth Form. Behaviour. Headteacher. Trust board", "Body."],
    ]


def test_an_ordinary_page_document_has_its_title_once() -> None:
    assert parse(page_document("About " + HOSTILE, "<p>Who</p>")).text == ["About " + HOSTILE, "Who"]
    assert parse(page_document("About", '<h1 id="x">Ours</h1><p>Who</p>')).text == ["Ours", "Who"]
    assert "<img" not in page_document(HOSTILE, "")


def weights(html: str) -> list[tuple[str, str]]:
    """(tag, data-pagefind-weight) of every weighted element."""
    return [(tag, str(attrs["data-pagefind-weight"])) for tag, attrs in parse(html).tags
            if "data-pagefind-weight" in attrs]


def test_an_item_weighs_its_summary_and_facts_above_its_body(make_catalogue: Any) -> None:
    item = practice("p", body="Paired reading.")
    catalogue = make_catalogue(item)
    html = item_document(item, catalogue, search_record(item, catalogue), "<h2>How</h2><p>Paired.</p>")
    assert weights(html) == [("p", str(SUMMARY_WEIGHT)), ("p", str(FACTS_WEIGHT))]
    assert 1 < FACTS_WEIGHT < SUMMARY_WEIGHT < HEAD_WEIGHTS[0]
    # no heading (h1 7 ... h6 2) or body text (1) shares a weight with the summary or facts,
    # so the Explore page can tell a body match from one in them
    assert not {1.0, 2.0, 3.0, 4.0, 5.0, 6.0} & set(HEAD_WEIGHTS)


def test_an_ordinary_page_weighs_its_body_down_but_not_its_title() -> None:
    html = page_document("How to contribute", "<h2>Fields</h2><p>Themes, phases.</p>")
    assert weights(html) == [("div", str(PAGE_BODY_WEIGHT))]
    assert parse(html).text == ["How to contribute", "Fields", "Themes, phases."]
    assert html.index("<h1>") < html.index("data-pagefind-weight")
    own = page_document("About", '<h1 id="x">Ours</h1><p>Who</p>')
    assert own.index('<h1 id="x">') < own.index("data-pagefind-weight")  # its own h1, full weight
    assert weights(page_document("Empty", "")) == []
