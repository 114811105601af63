"""personal-data: safeguarding. Nothing that identifies a pupil may be published.

The detector is `openpractice.personal_data` (shared with the attachment checks): it flags a
Unique Pupil Number, a date of birth (a date after 'born', 'DOB' or 'date of birth', a
dated day in brackets after a full name, a date in a table's DOB column beside names), an
address on a personal webmail domain (also encoded, or spelled 'name at gmail dot com'), a
UK mobile number, and a home address (house number, street and postcode about a person).

A page is read twice: as written (front-matter included), and its body as a reader sees it,
rendered (so bold, links, raw HTML or a character reference inside a number or an address,
or an HTML table with a DOB column, hide nothing). Each finding is reported once, at its line.

Passing::

    Twelve pupils in Year 4 took part; their reading ages rose by an average of 8 months.
    Sports Day (14/07/2025) and parents' evening on 3 March 2025 went ahead as planned.

Failing::

    Jamie Smith (DOB 04/05/2016) joined in March.   # looks like a date of birth ... [personal-data]
"""

from __future__ import annotations

from ..loader import split_front_matter
from ..personal_data import Finding, find_in_markdown, find_in_text, merged
from .base import Check

RULE = "personal-data"


def check(text: str, check: Check) -> None:
    """`text` is the whole file, so line numbers are the file's own."""
    findings = merged(find_in_text(text), _in_the_body(text))
    for finding in findings:
        check.at_line(finding.line, finding.column, finding.message, RULE)


def _in_the_body(text: str) -> list[Finding]:
    """Findings in the body as rendered, at the file's lines (none if the front-matter is
    never closed: nothing of the page is published then)."""
    split = split_front_matter(text)
    if split == "unclosed":
        return []
    body, first = (text, 1) if isinstance(split, str) else (split[2], split[3])
    return [Finding(f.line + first - 1, f.column, f.message) for f in find_in_markdown(body)]
