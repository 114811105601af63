"""Filters, sorts and result metadata per item (openpractice/search/records.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from openpractice.search.records import (
    FACET_KEYS,
    TRUST_WIDE,
    evidence_sort_key,
    facet_groups,
    search_record,
)

from .conftest import policy, practice, research


def test_a_practice_write_up(make_catalogue: Any) -> None:
    strong, weak = research("strong", 4), research("weak", 2)
    item = practice("p", themes=["reading", "send"], phases=["ks2"], subjects=["english"],
                    pupil_groups=["disadvantaged", "send"], evidence=["weak", "strong"],
                    schools=["brook", "oak"], stage="evaluated", updated=date(2025, 7, 18))
    record = search_record(item, make_catalogue(item, strong, weak))
    assert record.filters == {
        "type": ["Practice"], "theme": ["Reading", "SEND"], "phase": ["Key stage 2"],
        "subject": ["English"], "school": ["Brook Primary", "Oak Academy & Sixth Form"],
        "evidence": ["4/5 extensive evidence"],  # the strongest research it cites
        "group": ["Disadvantaged pupils", "Pupils with SEND"], "stage": ["Evaluated"],
    }
    assert record.sorts == {"date": "2025-07-18", "evidence": evidence_sort_key(4, date(2025, 7, 18))}
    assert record.meta["title"] == "Practice p"
    assert record.meta["type"] == "Practice" and record.meta["kind"] == "practice"
    assert record.meta["date_label"] == "Updated 18 July 2025"
    assert record.meta["evidence_label"] == "Evaluated · cites extensive evidence (4/5)"
    assert "stage" not in record.meta  # said in that label
    assert record.meta["schools"] == "Brook Primary, Oak Academy & Sixth Form"
    assert set(record.filters) <= set(FACET_KEYS)


def test_practice_citing_nothing_is_found_as_no_research_linked(make_catalogue: Any) -> None:
    item = practice("p")
    record = search_record(item, make_catalogue(item))
    assert record.filters["evidence"] == ["No research linked"]
    assert "evidence" not in record.sorts  # unsorted: listed after the sorted ones
    assert record.meta["evidence_label"] == "Piloting · no research linked"
    assert record.meta["date_label"] == "Published 14 March 2025"


def test_a_research_summary(make_catalogue: Any) -> None:
    item = research("r", 5, eef_strand="feedback")
    record = search_record(item, make_catalogue(item))
    assert record.filters["type"] == ["Research"]
    assert record.filters["evidence"] == ["5/5 very extensive evidence"]
    assert record.filters["strand"] == ["Feedback"]
    assert record.meta["evidence_label"] == "Evidence 5/5"
    assert "school" not in record.filters and "schools" not in record.meta  # none named
    assert "group" not in record.filters and "stage" not in record.filters


def test_policies_review_status_statutory_and_schools(make_catalogue: Any) -> None:
    overdue = policy("old")  # approved 2025-09-01, 12-month cycle: overdue on 2026-11-22
    current = policy("new", approved_on=date(2026, 10, 1), statutory=False, applies_to=["oak"])
    cat = make_catalogue(overdue, current)
    old, new = search_record(overdue, cat), search_record(current, cat)
    assert old.filters["review"] == ["Overdue"] and old.meta["review_state"] == "overdue"
    assert old.filters["statutory"] == ["Statutory"]
    assert old.filters["school"] == ["Brook Primary", "Oak Academy & Sixth Form"]  # trust-wide
    assert old.meta["schools"] == TRUST_WIDE
    assert new.filters["review"] == ["Current"] and new.filters["statutory"] == ["Not statutory"]
    assert new.filters["school"] == ["Oak Academy & Sixth Form"]
    assert "evidence" not in new.sorts


def test_the_evidence_sort_key_orders_by_strength_then_date() -> None:
    keys = [
        evidence_sort_key(5, date(2020, 1, 1)), evidence_sort_key(4, date(2243, 1, 1)),
        evidence_sort_key(4, date(2026, 1, 2)), evidence_sort_key(4, date(2026, 1, 1)),
        evidence_sort_key(0, date(2026, 1, 1)),
    ]
    numbers = [int(k) for k in keys]
    assert numbers == sorted(numbers, reverse=True)
    assert all(n < 2**24 for n in numbers)  # exact in Pagefind's 32-bit float sort values


def test_facet_groups_list_used_values_in_order_with_counts(make_catalogue: Any) -> None:
    cat = make_catalogue(
        practice("a", themes=["send", "reading"], pupil_groups=["send"]),
        practice("b", themes=["reading"]),
        research("r", 3, themes=["feedback"]),
        policy("p"),
    )
    groups = {g.key: [(o.label, o.count) for o in g.options] for g in facet_groups(cat)}
    assert list(groups) == [k for k in FACET_KEYS if k in groups]  # the page's facet order
    assert groups["type"] == [("Practice", 2), ("Research", 1), ("Policy", 1)]
    # taxonomy order, unused terms left out
    assert groups["theme"] == [("Reading", 2), ("SEND", 1), ("Behaviour", 1), ("Feedback", 1)]
    assert groups["group"] == [("Pupils with SEND", 1)]
    assert groups["evidence"] == [("3/5 moderate evidence", 1), ("No research linked", 2)]
    assert groups["review"] == [("Overdue", 1)]
    assert groups["recheck"] == [("Due soon", 1)]  # reviewed 2025-01-09: due 2027-01-09
    assert "strand" not in groups and "phase" not in groups  # no item has one


def test_facet_groups_of_an_empty_catalogue(make_catalogue: Any) -> None:
    assert facet_groups(make_catalogue()) == []
