"""Catalogue derivations and computed model values, against the mini project."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from openpractice.models import Policy, ReviewStatus, add_months
from openpractice.validate import validate_project

from ..support import copy_project
from .mini import POLICY, PRACTICE, write_project


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2025, 11, 15), 3, date(2026, 2, 15)),
    (date(2025, 6, 1), 12, date(2026, 6, 1)),
])
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def _policy(**changes: object) -> Policy:
    data = yaml.safe_load(POLICY.split("---")[1])
    data.update(changes)
    return Policy.model_validate(data)


@pytest.mark.parametrize(("today", "status"), [
    (date(2027, 6, 1), ReviewStatus.CURRENT),
    (date(2027, 7, 2), ReviewStatus.CURRENT),
    (date(2027, 7, 3), ReviewStatus.DUE_SOON),   # 60 days before 2027-09-01
    (date(2027, 9, 1), ReviewStatus.DUE_SOON),
    (date(2027, 9, 2), ReviewStatus.OVERDUE),
])
def test_review_status(today: date, status: ReviewStatus) -> None:
    assert _policy().next_review_date == date(2027, 9, 1)
    assert _policy().review_status(today) is status


def test_next_review_given_wins_over_cycle() -> None:
    assert _policy(next_review=date(2027, 1, 1)).next_review_date == date(2027, 1, 1)


def test_backlinks_themes_schools_and_register(tmp_path: Path) -> None:
    second = PRACTICE.replace("themes: [reading, send]", "themes: [send]").replace(
        "date: 2025-03-14", "date: 2025-05-01")
    draft = PRACTICE.replace("stage: evaluated", "stage: idea\nstatus: draft")
    root = write_project(tmp_path, {"content/practice/second.md": second,
                                    "content/practice/hidden.md": draft})
    catalogue = validate_project(root, today=date(2026, 11, 22)).catalogue
    assert catalogue is not None
    assert [e.id for e in catalogue.backlinks["feedback"]] == ["case", "second"]
    assert [e.id for e in catalogue.drafts] == ["hidden"]
    assert "hidden" not in {e.id for e in catalogue}
    themes = catalogue.by_theme()
    assert [e.id for e in themes["send"]["practice"]] == ["case", "second"]
    assert [e.id for e in themes["reading"]["practice"]] == ["case"]
    assert [e.id for e in themes["behaviour"]["policies"]] == ["behaviour"]
    assert [e.id for e in catalogue.by_school()["brook"]["policies"]] == ["behaviour"]
    assert [e.id for e in catalogue.newest(3)] == ["behaviour", "second", "case"]
    (row,) = catalogue.policy_register()
    assert (row.entry.id, row.next_review, row.status) == (
        "behaviour", date(2027, 9, 1), ReviewStatus.CURRENT)
    assert catalogue.counts() == {"practice": 2, "research": 1, "policies": 1}


def test_default_licence_comes_from_config(tmp_path: Path) -> None:
    catalogue = validate_project(write_project(tmp_path, {}), today=date(2026, 11, 22)).catalogue
    assert catalogue is not None
    assert {e.model.license for e in catalogue} == {"CC-BY-4.0"}


def test_the_fixture_trust_is_valid(tmp_path: Path) -> None:
    """The sample trust every build test uses (tests/fixture/) has items of every kind and
    policies in every review state."""
    result = validate_project(copy_project(tmp_path), today=date(2026, 11, 22))
    assert [p.as_text() for p in result.errors] == []
    counts = result.catalogue.counts() if result.catalogue else {}
    assert counts["practice"] >= 8 and counts["research"] >= 8 and counts["policies"] >= 6
    statuses = {row.status for row in result.catalogue.policy_register()} if result.catalogue else set()
    assert {ReviewStatus.DUE_SOON, ReviewStatus.OVERDUE} <= statuses
