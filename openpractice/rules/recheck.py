"""recheck-overdue: a research summary not re-checked for `research_review_months` (an
option of the `openpractice` plugin in mkdocs.yml, default 24) after `reviewed_on` is a
warning, not an error: the evidence may have moved on, but the summary still stands.

Passing (with the default 24 months, built on 2026-11-22)::

    reviewed_by: Ana Patel
    reviewed_on: 2025-11-03      # re-check due 2027-11-03

Failing (warning)::

    reviewed_on: 2024-06-01      # reviewed_on: this research summary was due for re-checking
                                 # on 2026-06-01 ... [recheck-overdue]
"""

from __future__ import annotations

from datetime import date

from ..models import ItemBase, Research, ReviewStatus
from ..reviews import recheck_due, recheck_status
from .base import Check

RULE = "recheck-overdue"


def check(item: ItemBase, check: Check, today: date) -> None:
    if not isinstance(item, Research) or item.is_draft:
        return
    months = check.config.research_review_months
    if recheck_status(item, months, today) is ReviewStatus.OVERDUE:
        check.warning(
            ("reviewed_on",),
            f"this research summary was due for re-checking on "
            f"{recheck_due(item, months).isoformat()} ({months} months after reviewed_on); "
            "check it against the latest evidence, then update reviewed_on and reviewed_by",
            RULE,
        )
