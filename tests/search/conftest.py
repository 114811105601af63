"""A small typed catalogue for the search unit tests, built in memory from the models."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from openpractice.catalogue import Catalogue, Entry
from openpractice.models import Policy, Practice, Research, School, Taxonomy

TODAY = date(2026, 11, 22)


def term(term_id: str, label: str, *synonyms: str) -> dict[str, Any]:
    return {"id": term_id, "label": label, "synonyms": list(synonyms)}


TAXONOMY = Taxonomy.model_validate({
    "phases": [term("ks1", "Key stage 1", "KS1"), term("ks2", "Key stage 2", "KS2", "juniors")],
    "subjects": [term("english", "English", "literacy"), term("maths", "Mathematics", "math")],
    "themes": [term("reading", "Reading", "phonics"),
               term("send", "SEND", "SEN", "special educational needs"),
               term("behaviour", "Behaviour", "behavior", "behavior management"),
               term("feedback", "Feedback", "marking")],
    "pupil_groups": [term("disadvantaged", "Disadvantaged pupils", "pupil premium", "Ever6"),
                     term("send", "Pupils with SEND", "SEN support")],
    "eef_strands": [term("feedback", "Feedback"), term("homework", "Homework")],
    "approval_bodies": [term("trust-board", "Trust board", "trustees")],
    "licenses": [term("CC-BY-4.0", "CC BY")],
})
SCHOOLS = [
    School(id="brook", name="Brook Primary", phase="ks2"),
    School(id="oak", name="Oak Academy & Sixth Form", phase="ks2"),
]
AUTHORS = [{"name": "Sam Okafor"}]


def practice(item_id: str, body: str = "", **fields: Any) -> Entry:
    data: dict[str, Any] = {
        "title": f"Practice {item_id}", "summary": "A practice write-up for the search tests.",
        "date": date(2025, 3, 14), "authors": AUTHORS, "schools": ["brook"],
        "themes": ["reading"], "stage": "piloting", **fields,
    }
    model = Practice.model_validate(data).model_copy(update={"id": item_id})
    return Entry(model, f"practice/{item_id}.md", body)


def research(item_id: str, strength: int, body: str = "", **fields: Any) -> Entry:
    data: dict[str, Any] = {
        "title": f"Research {item_id}", "summary": "A research summary for the search tests.",
        "date": date(2025, 1, 10), "authors": AUTHORS, "themes": ["feedback"],
        "source": {"title": "Toolkit", "authors": ["EEF"], "year": 2021},
        "evidence_strength": strength, "reviewed_by": "Dr R. Osei",
        "reviewed_on": date(2025, 1, 9), **fields,
    }
    model = Research.model_validate(data).model_copy(update={"id": item_id})
    return Entry(model, f"research/{item_id}.md", body)


def policy(item_id: str, body: str = "", **fields: Any) -> Entry:
    data: dict[str, Any] = {
        "title": f"Policy {item_id}", "summary": "A policy for the search tests, approved.",
        "date": date(2024, 9, 1), "themes": ["behaviour"], "version": "1.0",
        "owner": "Headteacher", "approved_by": "trust-board", "approved_on": date(2025, 9, 1),
        "review_cycle_months": 12, "statutory": True, "applies_to": "trust", **fields,
    }
    model = Policy.model_validate(data).model_copy(update={"id": item_id})
    return Entry(model, f"policies/{item_id}.md", body)


@pytest.fixture
def make_catalogue() -> Any:
    def make(*entries: Entry) -> Catalogue:
        return Catalogue(entries, TAXONOMY, SCHOOLS, TODAY)
    return make
