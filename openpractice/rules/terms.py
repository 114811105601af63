"""unknown-term: list fields must use terms from `_data/taxonomy.yml`.

Passing::

    themes: [send, reading]

Failing::

    themes: [sen]   # themes[0]: 'sen' is not a known theme; did you mean 'send'? [unknown-term]
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from ..models import Term
from .base import Check

RULE = "unknown-term"

# field name -> (vocabulary in taxonomy.yml, singular noun for messages)
FIELDS = {
    "phases": ("phases", "phase"),
    "subjects": ("subjects", "subject"),
    "themes": ("themes", "theme"),
    "pupil_groups": ("pupil_groups", "pupil group"),
    "eef_strand": ("eef_strands", "EEF Toolkit strand"),
    "approved_by": ("approval_bodies", "approval body"),
    "license": ("licenses", "licence"),
}


def suggest(value: str, terms: Mapping[str, Term]) -> str | None:
    """The closest id, also matching labels and synonyms ('SEN' -> 'send')."""
    lowered = value.lower()
    for term in terms.values():
        names = [term.id, term.label, *term.synonyms]
        if any(lowered == name.lower() for name in names):
            return term.id
    close = difflib.get_close_matches(lowered, list(terms), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_term_message(value: str, noun: str, terms: Mapping[str, Term]) -> str:
    guess = suggest(value, terms)
    if guess:
        return f"'{value}' is not a known {noun}; did you mean '{guess}'?"
    return f"'{value}' is not a known {noun}; use a term from _data/taxonomy.yml"


def check(meta: dict[str, Any], check: Check) -> None:
    """Works on the raw front-matter, so unknown terms show even when other fields fail."""
    taxonomy = check.taxonomy
    if taxonomy is None:
        return
    for field, (vocabulary, noun) in FIELDS.items():
        value = meta.get(field)
        terms = taxonomy.terms(vocabulary)
        for path, term in _strings(field, value):
            if term not in terms:
                check.error(path, unknown_term_message(term, noun, terms), RULE)


def _strings(field: str, value: Any) -> list[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        return [((field,), value)]
    if isinstance(value, list):
        return [((field, i), v) for i, v in enumerate(value) if isinstance(v, str)]
    return []
