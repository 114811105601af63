"""Words and dates as the site writes them (addresses live in ../addresses.py)."""

from __future__ import annotations

import datetime as dt

def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def day(value: dt.date) -> str:
    """A date as readers in England write it: 14 March 2025."""
    return f"{value.day} {value.strftime('%B %Y')}"


def impact_text(months: int | None) -> str:
    """EEF-style months of additional progress, in words a reader can say aloud."""
    if months is None:
        return "impact not stated"
    if months == 0:
        return "no additional months' progress"
    sign = "+" if months > 0 else "−"
    unit = "month" if abs(months) == 1 else "months"
    return f"{sign}{abs(months)} {unit}"
