"""review-overdue: a policy past its next review date is a warning, not an error.

Passing::

    approved_on: 2026-09-01
    review_cycle_months: 12      # next review 2027-09-01

Failing (warning)::

    approved_on: 2024-09-01
    review_cycle_months: 12      # next_review: overdue since 2025-09-01 ... [review-overdue]
"""

from __future__ import annotations

from datetime import date

from ..models import ItemBase, Policy, ReviewStatus
from .base import Check

RULE = "review-overdue"


def check(item: ItemBase, check: Check, today: date) -> None:
    overdue = isinstance(item, Policy) and item.review_status(today) is ReviewStatus.OVERDUE
    if overdue and not item.is_draft:
        assert isinstance(item, Policy)
        field = "next_review" if item.next_review else "approved_on"
        check.warning(
            (field,),
            f"this policy was due for review on {item.next_review_date.isoformat()}; "
            "review it and update approved_on and version",
            RULE,
        )
