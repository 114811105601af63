"""personal-data: safeguarding. Nothing that identifies a pupil may be published.

The detector is `openpractice.personal_data` (shared with the attachment checks): it flags a
Unique Pupil Number, a date of birth (a date after 'born', 'DOB' or 'date of birth', a
dated day in brackets after a full name, a date in a table's DOB column beside names), an
address on a personal webmail domain (also encoded, or spelled 'name at gmail dot com'), a
UK mobile number, and a home address (house number, street and postcode about a person).

Passing::

    Twelve pupils in Year 4 took part; their reading ages rose by an average of 8 months.
    Sports Day (14/07/2025) and parents' evening on 3 March 2025 went ahead as planned.

Failing::

    Jamie Smith (DOB 04/05/2016) joined in March.   # looks like a date of birth ... [personal-data]
"""

from __future__ import annotations

from ..personal_data import find_in_text
from .base import Check

RULE = "personal-data"


def check(text: str, check: Check) -> None:
    """`text` is the whole file, so line numbers are the file's own."""
    for finding in find_in_text(text):
        check.at_line(finding.line, finding.column, finding.message, RULE)
