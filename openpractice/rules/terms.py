"""unknown-term: list fields must use terms from `_data/taxonomy.yml`.

Passing::

    themes: [send, reading]

Failing::

    themes: [sen]   # themes[0]: 'sen' is not a known theme; did you mean 'send'? [unknown-term]
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
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


# Fuzzy searches ("did you mean") one Guesser makes: each compares the value with every known
# id, so a file listing thousands of unknown values against a large vocabulary (or thousands
# of research summaries) would otherwise cost their product. Values past these get no guess.
MAX_FUZZY = 25


class Guesser:
    """The known id closest to an unknown value, for one field of one file: an id, label or
    synonym written in another case first ('SEN' -> 'send'), else the most similar id."""

    def __init__(self, ids: Iterable[str], terms: Mapping[str, Term] | None = None,
                 lower: bool = True) -> None:
        self.ids, self.lower = list(ids), lower
        self.names: dict[str, str] = {}
        for term in (terms or {}).values():
            for name in (term.id, term.label, *term.synonyms):
                self.names.setdefault(name.lower(), term.id)
        self.fuzzy_left = MAX_FUZZY
        self.guessed: dict[str, str | None] = {}

    def __call__(self, value: str) -> str | None:
        if value in self.guessed:
            return self.guessed[value]
        key = value.lower() if self.lower else value
        guess = self.names.get(value.lower())
        if guess is None and self.fuzzy_left > 0:
            self.fuzzy_left -= 1
            close = difflib.get_close_matches(key, self.ids, n=1, cutoff=0.6)
            guess = close[0] if close else None
        self.guessed[value] = guess
        return guess


def terms_guesser(terms: Mapping[str, Term]) -> Guesser:
    return Guesser(terms, terms)


def suggest(value: str, terms: Mapping[str, Term]) -> str | None:
    """The closest id, also matching labels and synonyms ('SEN' -> 'send')."""
    return terms_guesser(terms)(value)


def unknown_term_message(value: str, noun: str, terms: Mapping[str, Term],
                         guesser: Guesser | None = None) -> str:
    guess = (guesser or terms_guesser(terms))(value)
    if guess:
        return f"'{value}' is not a known {noun}; did you mean '{guess}'?"
    return f"'{value}' is not a known {noun}; use a term from _data/taxonomy.yml"


def check(meta: dict[str, Any], check: Check) -> None:
    """Works on the raw front-matter, so unknown terms show even when other fields fail."""
    taxonomy = check.taxonomy
    if taxonomy is None:
        return
    for field, (vocabulary, noun) in FIELDS.items():
        values = _strings(field, meta.get(field), split=field in LIST_FIELDS)
        if not values:
            continue
        terms = taxonomy.terms(vocabulary)
        guesser: Guesser | None = None  # made for the first unknown term only: most have none
        for path, term in values:
            if term not in terms:
                guesser = guesser or terms_guesser(terms)
                check.error(path, unknown_term_message(term, noun, terms, guesser), RULE)


# Fields holding a list: text given instead ('themes: reading, send') is checked entry by entry
# (the schema says to make it a list), so that an unknown term among them is named as well.
LIST_FIELDS = frozenset({"phases", "subjects", "themes", "pupil_groups", "schools", "evidence"})


def _strings(field: str, value: Any,
             split: bool = False) -> list[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        parts = [part.strip() for part in value.split(",")] if split else [value]
        return [((field,), part) for part in parts if part]
    if isinstance(value, list):
        return [((field, i), v) for i, v in enumerate(value) if isinstance(v, str)]
    return []
