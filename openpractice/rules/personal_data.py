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
from collections.abc import Callable

from .base import Check

RULE = "personal-data"

_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?[ \t]+\d{4})"
)
# Patterns use [ \t], never \s: they run over the whole file and must not span lines.
_WEBMAIL = (
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.co.uk", "outlook.com", "live.com",
    "live.co.uk", "yahoo.com", "yahoo.co.uk", "icloud.com", "me.com", "aol.com", "msn.com",
    "btinternet.com", "sky.com", "virginmedia.com", "protonmail.com", "proton.me", "gmx.com",
    "mail.com", "talktalk.net",
)

# (pattern, message, trigger): the pattern runs only when its cheap trigger matches, which
# keeps the check near free on the vast majority of pages that contain nothing of the kind.
_NAME_DATE_TRIGGER = re.compile(r"\((?:(?i:dob):?[ \t]*)?\d{1,2}[/.-]")
_PHONE_TRIGGER = re.compile(r"07\d{3}")  # not the "07-14" of an ISO date
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")


def _has_digit_run(text: str, length: int) -> bool:
    # bytes.translate + a substring search run at C speed, unlike a regex scan
    return b"0" * length in text.encode("utf-8", "replace").translate(_DIGITS_TO_ZERO)


PATTERNS: list[tuple[re.Pattern[str], str, Callable[[str, str], bool]]] = [
    (re.compile(r"\b[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]\b"),
     "looks like a Unique Pupil Number (UPN); never publish pupil identifiers: remove it",
     lambda text, lowered: _has_digit_run(text, 11)),
    (re.compile(r"\b(?:d\.?[ \t]?o\.?[ \t]?b\.?|date of birth|born(?: on)?|birthday)\b[^\n]{0,20}?"
                + _DATE, re.IGNORECASE),
     "looks like a date of birth; never publish pupils' dates of birth: remove it",
     lambda text, lowered: any(k in lowered for k in ("born", "birth", "dob", "d.o.b", "d o b"))),
    (re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z'-]+,? \((?:(?i:dob):?[ \t]*)?\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\)"),
     "looks like a name next to a date of birth; never publish pupils' personal data: "
     "remove the date or the name",
     lambda text, lowered: "(" in text and _NAME_DATE_TRIGGER.search(text) is not None),
    (re.compile(r"[\w.+-]+@(?:" + "|".join(re.escape(d) for d in _WEBMAIL) + r")\b",
                re.IGNORECASE),
     "looks like a personal e-mail address; use a role address on the trust's domain instead",
     lambda text, lowered: "@" in text and any("@" + d in lowered for d in _WEBMAIL)),
    (re.compile(r"(?<![\d+])(?:\+44[ \t]?\(?0?\)?[ \t]?7\d{3}|\(?07\d{3}\)?)[ \t-]?\d{3}[ \t-]?\d{3}\b"),
     "looks like a mobile phone number; never publish personal phone numbers: "
     "give a role or the school's office number instead",
     lambda text, lowered: "+44" in text or (
         "07" in text and _PHONE_TRIGGER.search(text) is not None)),
]


def check(text: str, check: Check) -> None:
    """`text` is the whole file, so line numbers are the file's own. Each pattern runs once
    over the whole text (matches are rare; per-line searching cost 5x more)."""
    seen: set[tuple[int, str]] = set()
    lowered = text.lower()
    for pattern, message, trigger in PATTERNS:
        if not trigger(text, lowered):
            continue
        for match in pattern.finditer(text):
            start = match.start()
            line_start = text.rfind("\n", 0, start) + 1
            line = text.count("\n", 0, start) + 1
            if (line, message) not in seen:  # one report per kind per line, as before
                seen.add((line, message))
                check.at_line(line, start - line_start + 1, message, RULE)
