"""empty-section: a section of the `openpractice new` template left as it was written (a
warning): its heading followed by nothing, or by nothing but the template's prompt.

Passing::

    ## What we did

    Four times a week, for two terms, both Year 5 classes...

Failing (warning)::

    ## What we did

    _What you did, how often and for how long, so that another school could try it._
    # 'What we did' holds only the template's prompt; replace it with your own words, or
    # delete the section if it does not apply [empty-section]
"""

from __future__ import annotations

import re

from ..newpage import SECTIONS
from ..problems import Severity
from .base import Check
from .body import code_fence_lines

RULE = "empty-section"

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_MARKUP = "_* \t"


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def check(kind: str | None, body: str, first_line: int, check: Check) -> None:
    """`first_line` is the file line of the body's first line."""
    sections = SECTIONS.get(kind or "")
    if not sections:
        return
    prompts = {_folded(s.heading): _folded(s.prompt) for s in sections}
    lines = body.split("\n")
    fenced = code_fence_lines(lines)
    headings = []
    for number, line in enumerate(lines):
        found = _HEADING.match(line) if number not in fenced and "#" in line else None
        if found:
            headings.append((number, len(found[1]), found[2].strip()))
    # Each section ends at the next heading of its level or higher: one pass with a stack.
    ends, open_sections = [len(lines)] * len(headings), list[int]()
    for n, (number, level, _) in enumerate(headings):
        while open_sections and headings[open_sections[-1]][1] >= level:
            ends[open_sections.pop()] = number
        open_sections.append(n)
    for (number, _, text), end in zip(headings, ends, strict=True):
        prompt = prompts.get(_folded(text))
        if prompt is None:
            continue
        content = _folded(" ".join(lines[number + 1:end])).strip(_MARKUP)
        if content and content != prompt.strip(_MARKUP):
            continue
        message = (f"'{text}' holds only the template's prompt; replace it with your own "
                   "words, or delete the section if it does not apply" if content else
                   f"'{text}' is empty; write this section, or delete its heading if it does "
                   "not apply")
        check.at_line(first_line + number, 1, message, RULE, Severity.WARNING)
