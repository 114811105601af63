"""What is due: policies whose review, and research summaries whose re-check, is due soon or
overdue (`openpractice reviews`).

A policy is due on its `next_review` (or `approved_on` + `review_cycle_months`); a research
summary `research_review_months` (mkdocs.yml, default 24) after its `reviewed_on`. Both have
the same three states: current, due-soon (within 60 days of the build date) and overdue.
The weekly workflow turns the JSON form of this list into one GitHub issue per item
(scripts/review_issues.py), so the keys of `Due.as_dict` are stable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .catalogue import Catalogue, Entry
from .config import ProjectConfig
from .models import DUE_SOON_DAYS, Policy, Research, ReviewStatus, add_months

KINDS = ("policies", "research")


def due_status(due: date, today: date) -> ReviewStatus:
    """The same states as a policy's review status, for any due date."""
    if due < today:
        return ReviewStatus.OVERDUE
    if due <= today + timedelta(days=DUE_SOON_DAYS):
        return ReviewStatus.DUE_SOON
    return ReviewStatus.CURRENT


def _plus_months(day: date, months: int) -> date:
    # Near the end of the calendar (year 9999) there is no later date: the item is simply
    # not due within any build's lifetime, so the last day stands in for it.
    try:
        return add_months(day, months)
    except (ValueError, OverflowError):
        return date.max


def recheck_due(research: Research, months: int) -> date:
    """When a research summary is next due for re-checking."""
    return _plus_months(research.reviewed_on, months)


def recheck_status(research: Research, months: int, today: date) -> ReviewStatus:
    return due_status(recheck_due(research, months), today)


def review_due(policy: Policy) -> date:
    """When a policy is next due for review (never raises near the end of the calendar)."""
    if policy.next_review is not None:
        return policy.next_review
    assert policy.review_cycle_months is not None  # guaranteed by the model
    return _plus_months(policy.approved_on, policy.review_cycle_months)


@dataclass(frozen=True)
class Due:
    kind: str  # "policies" or "research", as in the page address
    id: str
    path: str  # the file, relative to the project root
    title: str
    status: ReviewStatus
    due: date
    owner: str  # a policy's owner; a research summary's research champion
    approved_by: str | None  # policies: the approving body (its label)
    reviewed_by: str | None  # research: the research champion who checked it
    url: str  # the page address relative to site_url, e.g. "policies/behaviour/"

    @property
    def key(self) -> str:
        """Stable across runs: 'policies/behaviour'."""
        return f"{self.kind}/{self.id}"

    def as_dict(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "status": self.status.value,
            "due": self.due.isoformat(),
            "owner": self.owner,
            "approved_by": self.approved_by,
            "reviewed_by": self.reviewed_by,
            "url": self.url,
        }

    def as_text(self) -> str:
        what = "policy" if self.kind == "policies" else "research"
        who = (f"owner: {self.owner}; approved by: {self.approved_by}" if self.kind == "policies"
               else f"research champion: {self.reviewed_by}")
        line = (f"{self.due.isoformat()}  {self.status.label.lower():<8}  {what:<8}  "
                f"{self.title} ({self.path}); {who}")
        return line.replace("\r", "\\r").replace("\n", "\\n")


def _path_of(entry: Entry, config: ProjectConfig) -> str:
    path = config.docs_dir / entry.src_path
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:  # docs_dir outside the project folder
        return Path(entry.src_path).as_posix()


def reviews_due(catalogue: Catalogue, config: ProjectConfig) -> list[Due]:
    """Every published (non-draft) policy and research summary that is due soon or overdue,
    soonest (most overdue) first."""
    found = []
    for entry in catalogue:
        model = entry.model
        if isinstance(model, Policy):
            due = review_due(model)
            body = catalogue.term("approval_bodies", model.approved_by)
            approved_by: str | None = body.label if body else model.approved_by
            owner, reviewed_by = model.owner, None
        elif isinstance(model, Research):
            due = recheck_due(model, config.research_review_months)
            approved_by, owner, reviewed_by = None, model.reviewed_by, model.reviewed_by
        else:
            continue
        status = due_status(due, catalogue.today)
        if status is ReviewStatus.CURRENT:
            continue
        found.append(Due(
            kind=entry.kind, id=entry.id, path=_path_of(entry, config), title=model.title,
            status=status, due=due, owner=owner, approved_by=approved_by,
            reviewed_by=reviewed_by, url=entry.url,
        ))
    return sorted(found, key=lambda d: (d.due, KINDS.index(d.kind), d.id))


def as_json(due: list[Due]) -> str:
    return json.dumps([d.as_dict() for d in due], indent=2, ensure_ascii=False)


def as_text(due: list[Due]) -> str:
    if not due:
        return (f"Nothing is due: no policy review or research re-check falls within the next "
                f"{DUE_SOON_DAYS} days, and none is overdue.")
    overdue = sum(d.status is ReviewStatus.OVERDUE for d in due)
    lines = [d.as_text() for d in due]
    lines.append(f"{len(due)} due: {overdue} overdue, {len(due) - overdue} due soon "
                 f"(within {DUE_SOON_DAYS} days)")
    return "\n".join(lines)


FORMATS = {"text": as_text, "json": as_json}
