"""Cross-references between items and to schools.yml.

Rules: unknown-school, unknown-research, draft-evidence, applies-to.

Passing::

    schools: [brookside-primary]        # listed in _data/schools.yml
    evidence: [feedback]                 # content/research/feedback.md, not a draft
    evidence: [new-study]                # a draft summary, cited by a practice that is a draft too

Failing::

    evidence: [feedbak]
    # evidence[0]: there is no research summary 'feedbak' ...; did you mean 'feedback'?
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import Check
from .terms import Guesser, _strings


def _did_you_mean(value: str, guess: Guesser) -> str:
    close = guess(value)
    return f"; did you mean '{close}'?" if close else ""


def check(kind: str, meta: dict[str, Any], check: Check, research: Mapping[str, str]) -> None:
    """`research` maps each research id to its status; works on the raw front-matter."""
    schools = Guesser(check.schools, lower=False)  # one per file: see terms.MAX_FUZZY
    for path, school in _strings("schools", meta.get("schools"), split=True):
        _check_school(check, path, school, schools)
    if kind == "practice":
        # A draft practice may cite a draft summary: neither is published until both are.
        cited_by_draft = meta.get("status") == "draft"
        summaries = Guesser(research, lower=False)
        for path, ref in _strings("evidence", meta.get("evidence"), split=True):
            _check_evidence(check, path, ref, research, summaries, cited_by_draft)
    applies_to = meta.get("applies_to")
    if kind == "policies" and isinstance(applies_to, list):
        for path, school in _strings("applies_to", applies_to):
            _check_school(check, path, school, schools)


# With this many schools or fewer, the message lists them all.
LIST_SCHOOLS_UP_TO = 10


def _check_school(check: Check, path: tuple[str | int, ...], school: str,
                  guess: Guesser) -> None:
    if school not in check.schools:
        if not check.schools:
            known = ", which lists no schools yet: add your schools there first"
        elif len(check.schools) <= LIST_SCHOOLS_UP_TO:
            known = f" (known schools: {', '.join(check.schools)})"
        else:
            known = ""
        check.error(
            path,
            f"'{school}' is not a school in _data/schools.yml{_did_you_mean(school, guess)}"
            f"{known}",
            "unknown-school",
        )


def _check_evidence(
    check: Check, path: tuple[str | int, ...], ref: str, research: Mapping[str, str],
    guess: Guesser, cited_by_draft: bool = False,
) -> None:
    status = research.get(ref)
    if status is None:
        check.error(
            path,
            f"there is no research summary '{ref}' (content/research/{ref}.md)"
            f"{_did_you_mean(ref, guess)}",
            "unknown-research",
        )
    elif status == "draft" and not cited_by_draft:
        check.error(
            path,
            f"research summary '{ref}' is a draft, so it is not published; "
            "publish it first or remove it from evidence",
            "draft-evidence",
        )
