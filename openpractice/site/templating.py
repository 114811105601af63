"""Helpers the page templates call: look-ups in the catalogue, never logic in Jinja.

Every helper returns plain text (or typed objects); templates escape what they print with
`| e`, because MkDocs renders templates without autoescaping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from ..catalogue import Catalogue, Entry
from ..models import Research, ReviewStatus, Stage
from ..reviews import due_status, recheck_due
from .text import day, impact_text

__all__ = ["NO_RESEARCH", "STAGES", "STRENGTH_WORDS", "cites_words", "evidence_label",
           "impact_text", "stage_and_evidence", "template_globals"]

STRENGTH_WORDS = {
    0: "insufficient evidence", 1: "very limited evidence", 2: "limited evidence",
    3: "moderate evidence", 4: "extensive evidence", 5: "very extensive evidence",
}

# stage -> (label, what it means for a reader deciding whether to try it)
STAGES: dict[str, tuple[str, str]] = {
    Stage.IDEA: ("Idea", "planned, not yet tried with pupils"),
    Stage.PILOTING: ("Piloting", "being tried with some pupils or classes"),
    Stage.EMBEDDED: ("Embedded", "part of everyday practice in the school"),
    Stage.EVALUATED: ("Evaluated", "tried, and its impact has been evaluated"),
}

# The evidence facet's value, and the words on a card and a page, for practice citing no
# research.
NO_RESEARCH = "No research linked"


def cites_words(strength: int | None) -> str:
    """What a practice write-up cites, in words: the strongest research's rating, never a
    rating of the practice itself ("cites moderate evidence (3/5)")."""
    if strength is None:
        return NO_RESEARCH.lower()
    return f"cites {STRENGTH_WORDS[strength]} ({strength}/5)"


def stage_and_evidence(stage: str, strength: int | None) -> str:
    """A practice write-up's stage next to what it cites, so that an idea never reads as
    well evidenced: "Idea · cites extensive evidence (4/5)", "Embedded · no research
    linked"."""
    label = STAGES[stage][0] if stage in STAGES else str(stage).capitalize()
    return f"{label} · {cites_words(strength)}"


# SPDX id -> the licence's deed, for the licences a trust is likely to use.
LICENSE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC-BY-ND-4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "OGL-UK-3.0": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}


def evidence_label(research: Research) -> str:
    """The badge's text for screen readers and for anyone not seeing colour."""
    impact = impact_text(research.impact_months)
    return (f"Evidence strength {research.evidence_strength} out of 5 "
            f"({STRENGTH_WORDS[research.evidence_strength]}); "
            + (impact if research.impact_months is None else f"impact {impact}"))


def join_words(values: Iterable[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = [str(v) for v in values]
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def doi_url(doi: str) -> str:
    """The resolver link for a DOI (the validator guarantees the `10.NNNN/...` shape)."""
    return "https://doi.org/" + quote(doi, safe="/:;()._-")


def template_globals(catalogue: Catalogue) -> dict[str, Callable[..., Any] | Any]:
    term_label, school_name = catalogue.term_label, catalogue.school_name

    def term_labels(vocabulary: str, term_ids: Iterable[str]) -> str:
        return ", ".join(term_label(vocabulary, t) for t in term_ids)

    def school_names(school_ids: Iterable[str]) -> list[str]:
        return [school_name(s) for s in school_ids]

    def backlinks(entry: Entry) -> list[Entry]:
        return catalogue.backlinks.get(entry.id, []) if entry.kind == "research" else []

    def date_text(value: dt.date | None) -> str:
        return day(value) if value else ""

    def practice_evidence(entry: Entry) -> str:
        """What a write-up cites, as a sentence for its page."""
        words = cites_words(catalogue.strongest_evidence(entry))
        return words[0].upper() + words[1:]

    def recheck(research: Research) -> tuple[dt.date, ReviewStatus]:
        """When a research summary is next due for re-checking, and its status today."""
        due = recheck_due(research, catalogue.recheck_months)
        return due, due_status(due, catalogue.today)

    return {
        "op_catalogue": catalogue,
        "op_term_label": term_label,
        "op_term_labels": term_labels,
        "op_school_name": school_name,
        "op_school_names": school_names,
        "op_backlinks": backlinks,
        "op_evidence": catalogue.evidence_for,
        "op_evidence_label": evidence_label,
        "op_impact_text": impact_text,
        "op_strength_words": STRENGTH_WORDS,
        "op_review_status": lambda policy: policy.review_status(catalogue.today),
        "op_today": catalogue.today,
        "op_date": date_text,
        "op_stage": lambda stage: STAGES.get(stage, (str(stage).capitalize(), "")),
        "op_practice_evidence": practice_evidence,
        "op_no_research": NO_RESEARCH,
        "op_recheck": recheck,
        "op_recheck_months": catalogue.recheck_months,
        "op_license_url": LICENSE_URLS.get,
        "op_join": join_words,
        "op_doi_url": doi_url,
    }
