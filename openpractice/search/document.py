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

Weights (Pagefind's `data-pagefind-weight`, 0 to 10; body text is 1, headings 2 to 7): what an
item is about counts for more than what its body mentions on the way. The title is the page's
h1 (7, and Pagefind's own boost for a title match); the summary counts 3.5 times a body word
and the key facts (its vocabulary terms, schools, source or owner) 2.5 times. An ordinary
page's body counts half (`PAGE_BODY_WEIGHT`, headings included: Pagefind gives an element
inside a weighted one that weight): "How to contribute" mentions every field an item can have,
and must not outrank the items a teacher's question is about; its title keeps its full weight,
so searching for the page by name still finds it first. The summary and facts weights are
fractional so that no heading shares them: the Explore page tells from the weight of each
matched word whether the body matched (`HEAD_WEIGHTS`) and shows the summary when it did not.
Weights cost the index a marker per change of weight, only in the words of those short parts.

Headings in the body keep their ids, so Pagefind still links a match to its section. Every
contributed or data-file string is escaped here; the body is the sanitised HTML the page
publishes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from ..catalogue import Catalogue, Entry
from ..models import Policy, Practice, Research
from ..site.templating import join_words
from .records import SearchRecord
from .terms import item_keywords

TITLE_WEIGHT = 7.0  # Pagefind's own weight for an h1, stated so HEAD_WEIGHTS can name it
SUMMARY_WEIGHT = 3.5
FACTS_WEIGHT = 2.5
PAGE_BODY_WEIGHT = 0.5
# A word in every document's hidden metadata, which no page shows. The Explore page browses
# (no query, only filters) by searching for it: Pagefind 1.5 answers a search with no words
# by loading every chunk of its word index (6 MB at 5,000 items), and this one word by
# loading the chunk that holds it.
BROWSE_WORD = "openpracticeeverypage"
# The weights of an item's title, summary and facts: a match with any other weight is in the
# body (the Explore page reads this list, templating.py).
HEAD_WEIGHTS = (TITLE_WEIGHT, SUMMARY_WEIGHT, FACTS_WEIGHT)


def item_document(entry: Entry, catalogue: Catalogue, record: SearchRecord, body_html: str) -> str:
    model = entry.model
    parts = [f"<h1>{escape(model.title)}</h1>", _para([model.summary], SUMMARY_WEIGHT),
             _para(item_facts(entry, catalogue, record), FACTS_WEIGHT), body_html]
    if isinstance(model, Practice):
        cited = [e.model.title for e in catalogue.evidence_for(entry)]
        if cited:
            parts.append("<h2>Research this draws on</h2>" + _para(cited))
    # keywords (terms.py) are made here, by whichever process builds the page: they read
    # the whole body, the costliest part of an item's search data
    parts.append(record_markup(record, item_keywords(entry, catalogue)))
    return _document(model.title, parts)


_LEADING_H1 = re.compile(r"\s*(<h1\b[^>]*>.*?</h1>)", re.DOTALL | re.IGNORECASE)


def page_document(title: str, body_html: str) -> str:
    """An ordinary page: its title as the heading unless the body starts with its own (kept at
    full weight), then the rest of the body at `PAGE_BODY_WEIGHT`."""
    match = _LEADING_H1.match(body_html)
    if match:
        heading, rest = match.group(1), body_html[match.end():]
    else:
        heading, rest = f"<h1>{escape(title)}</h1>", body_html
    body = f'<div data-pagefind-weight="{PAGE_BODY_WEIGHT}">{rest}</div>' if rest.strip() else ""
    browse = f'<div hidden data-pagefind-ignore>{_span("meta", "keywords", BROWSE_WORD)}</div>'
    return _document(title, [heading, body, browse])


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
    spans.append(_span("meta", "keywords", "; ".join([*keywords, BROWSE_WORD])))
    return "<div hidden data-pagefind-ignore>" + "".join(spans) + "</div>"


def _span(kind: str, key: str, value: str) -> str:
    return f'<span data-pagefind-{kind}="{escape(key)}">{escape(value)}</span>'


def _para(texts: Iterable[str], weight: float | None = None) -> str:
    texts = [t for t in texts if t]
    if not texts:
        return ""
    attr = f' data-pagefind-weight="{weight}"' if weight is not None else ""
    return f"<p{attr}>{escape('. '.join(texts))}</p>"


def _document(title: str, parts: list[str]) -> str:
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head><body><main>"
            + "".join(parts) + "</main></body></html>")
