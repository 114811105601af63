"""personal-data: safeguarding. Nothing that identifies a pupil may be published.

Flags text that looks like a Unique Pupil Number (a letter and 12 characters), a date of birth
(a date next to 'born', 'DOB' or 'date of birth', or a numeric date in brackets
after a name), an e-mail
address on a personal webmail domain, and a UK mobile number.

Passing::

    Twelve pupils in Year 4 took part; their reading ages rose by an average of 8 months.

Failing::

    Jamie Smith (DOB 04/05/2016) joined in March.   # looks like a date of birth ... [personal-data]
"""

from __future__ import annotations

import re

from .base import Check

RULE = "personal-data"

_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4})"
)
_WEBMAIL = (
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.co.uk", "outlook.com", "live.com",
    "live.co.uk", "yahoo.com", "yahoo.co.uk", "icloud.com", "me.com", "aol.com", "msn.com",
    "btinternet.com", "sky.com", "virginmedia.com", "protonmail.com", "proton.me", "gmx.com",
    "mail.com", "talktalk.net",
)

PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]\b"),
     "looks like a Unique Pupil Number (UPN); never publish pupil identifiers: remove it"),
    (re.compile(r"\b(?:d\.?\s?o\.?\s?b\.?|date of birth|born(?: on)?|birthday)\b[^\n]{0,20}?"
                + _DATE, re.IGNORECASE),
     "looks like a date of birth; never publish pupils' dates of birth: remove it"),
    (re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z'-]+,? \((?:(?i:dob):?\s*)?\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\)"),
     "looks like a name next to a date of birth; never publish pupils' personal data: "
     "remove the date or the name"),
    (re.compile(r"\b[\w.+-]+@(?:" + "|".join(re.escape(d) for d in _WEBMAIL) + r")\b",
                re.IGNORECASE),
     "looks like a personal e-mail address; use a role address on the trust's domain instead"),
    (re.compile(r"(?<![\d+])(?:\+44\s?\(?0?\)?\s?7\d{3}|\(?07\d{3}\)?)[\s-]?\d{3}[\s-]?\d{3}\b"),
     "looks like a mobile phone number; never publish personal phone numbers: "
     "give a role or the school's office number instead"),
]


def check(text: str, check: Check) -> None:
    """`text` is the whole file, so line numbers are the file's own."""
    for number, line in enumerate(text.split("\n"), start=1):
        for pattern, message in PATTERNS:
            match = pattern.search(line)
            if match:
                check.at_line(number, match.start() + 1, message, RULE)
