"""The document Pagefind indexes for each page meant for search.

It is made from the typed model and the page's body HTML as soon as MkDocs has converted the
Markdown, so Pagefind can index it on the other processor core while the site is still being
rendered (service.py), instead of reading every built page back afterwards. What it holds:

- an item: its title, summary, the words of its key facts (schools, phases, subjects, themes,
  pupil groups; a research summary's source as a reference; a policy's owner and approving
  body), its body as published, and the titles of the research a practice write-up cites.
  Then, in an element Pagefind reads but does not index as page text (`data-pagefind-ignore`),
  its filters, sort keys and result metadata (records.py) and the `keywords` field of
  synonyms and spelling variants (terms.py), which Pagefind (1.5+) searches but the Explore
  page never shows;
- an ordinary page (About, Contributing...): its title and body, with no filters.

Headings in the body keep their ids, so Pagefind still links a match to its section. Every
contributed or data-file string is escaped here; the body is the sanitised HTML the page
publishes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from ..catalogue import Catalogue, Entry
from ..models import Policy, Practice, Research
from ..site.templating import join_words
from .records import SearchRecord
from .terms import item_keywords


def item_document(entry: Entry, catalogue: Catalogue, record: SearchRecord, body_html: str) -> str:
    model = entry.model
    parts = [f"<h1>{escape(model.title)}</h1>", _para([model.summary]),
             _para(item_facts(entry, catalogue, record)), body_html]
    if isinstance(model, Practice):
        cited = [e.model.title for e in catalogue.evidence_for(entry)]
        if cited:
            parts.append("<h2>Research this draws on</h2>" + _para(cited))
    # keywords (terms.py) are made here, by whichever process builds the page: they read
    # the whole body, the costliest part of an item's search data
    parts.append(record_markup(record, item_keywords(entry, catalogue)))
    return _document(model.title, parts)


def page_document(title: str, body_html: str) -> str:
    """An ordinary page: its title as the heading unless the body starts with its own."""
    heading = "" if body_html.lstrip().startswith("<h1") else f"<h1>{escape(title)}</h1>"
    return _document(title, [heading, body_html])


# The facets whose labels are also page facts, in the order an item page shows them.
FACT_FACETS = ("school", "phase", "subject", "theme", "group")


def item_facts(entry: Entry, catalogue: Catalogue, record: SearchRecord) -> list[str]:
    """The words of an item's key facts, as its page shows them: the labels its search record
    already holds, plus a research summary's source and a policy's owner and approver."""
    model = entry.model
    facts = [label for key in FACT_FACETS for label in record.filters.get(key, [])]
    if isinstance(model, Research):
        src = model.source
        facts.append(f"{join_words(src.authors)} ({src.year}). {src.title}."
                     + (f" {src.publisher}." if src.publisher else ""))
    if isinstance(model, Policy):
        body = catalogue.term("approval_bodies", model.approved_by)
        facts += [model.owner, body.label if body else model.approved_by]
    return facts


def record_markup(record: SearchRecord, keywords: Sequence[str] = ()) -> str:
    """Filters, sorts and metadata in a hidden element whose text is not indexed."""
    spans = [_span("filter", key, value)
             for key, values in record.filters.items() for value in values]
    spans += [_span("sort", key, value) for key, value in record.sorts.items()]
    spans += [_span("meta", key, value) for key, value in record.meta.items()]
    if keywords:
        spans.append(_span("meta", "keywords", "; ".join(keywords)))
    return "<div hidden data-pagefind-ignore>" + "".join(spans) + "</div>"


def _span(kind: str, key: str, value: str) -> str:
    return f'<span data-pagefind-{kind}="{escape(key)}">{escape(value)}</span>'


def _para(texts: Iterable[str]) -> str:
    texts = [t for t in texts if t]
    return f"<p>{escape('. '.join(texts))}</p>" if texts else ""


def _document(title: str, parts: list[str]) -> str:
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head><body><main>"
            + "".join(parts) + "</main></body></html>")
