"""A page body as the body rules see it: rendered once, whichever rules need the HTML, and
each problem found in the HTML reported at the line the contributor wrote.

Placing problems costs time linear in the body plus the problems: the body is folded to
lower case (and decoded as a browser reads it) once, and each needle is searched forward
from the rule's previous problem, as problems come in the order of the HTML, which is
mostly the order of the source. A body built to defeat that (thousands of needles that are
nowhere, or in reverse order) spends a bounded search budget, then has its remaining
problems placed at its first line.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from ..html_policy import as_browser_reads, clean
from ..markdown_render import render
from ..problems import Severity
from .base import Check

# What `as_browser_reads` decodes and drops, found in one pass over a whole body: character
# references (html.unescape's own pattern) and runs of the characters a browser skips in a
# URL, but for line breaks, so that a match stays on one line as the source has it.
_ENTITY = r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)"
_SKIPPED = r"[\x00-\x09\x0b-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+"
_PIECE = re.compile(f"{_ENTITY}|{_SKIPPED}")
_HAS_SKIPPED = re.compile(_SKIPPED)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)

# Characters of search a body may spend placing its problems, per character of body and in
# all; and what one step of the search loop counts for, whatever it scans.
BUDGET_PER_CHAR, BUDGET_BASE, STEP_COST = 16, 200_000, 64


def _ascii_lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def _folder(text: str) -> tuple[str, Callable[[str], str]]:
    """`text` in lower case, and the function that did it: str.lower unless it changes the
    length (a few letters, e.g. 'İ', lower to two), which would shift every column after."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded, str.lower
    return _ascii_lower(text), _ascii_lower


@dataclass
class _Form:
    """One searchable form of a body, folded to lower case: as written, or as a browser reads
    it. Unless it is the body as written, segments say where its characters come from: at
    `starts[i]` begins a segment that comes from body offset `origins[i]`, character for
    character when `copied[i]`, else as a whole (a decoded character reference)."""

    text: str
    fold: Callable[[str], str]
    starts: list[int] = field(default_factory=list)
    origins: list[int] = field(default_factory=list)
    copied: list[bool] = field(default_factory=list)

    def to_body(self, at: int) -> int:
        if not self.starts:
            return at
        i = bisect_right(self.starts, at) - 1
        return self.origins[i] + (at - self.starts[i] if self.copied[i] else 0)

    def from_body(self, at: int) -> int:
        if not self.starts:
            return at
        i = bisect_right(self.origins, at) - 1
        if i < 0:
            return 0
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return min(self.starts[i] + (at - self.origins[i] if self.copied[i] else 0), end)


def _as_written(text: str) -> _Form:
    return _Form(*_folder(text))


def _as_read(text: str) -> _Form:
    """The body as `as_browser_reads` reads each of its lines, with the line breaks kept."""
    parts: list[str] = []
    form = _Form("", str.lower)
    size = last = 0
    decoded: dict[str, str] = {}  # the same references recur: decode each once

    def add(piece: str, origin: int, copied: bool) -> None:
        nonlocal size
        if piece:
            parts.append(piece)
            form.starts.append(size)
            form.origins.append(origin)
            form.copied.append(copied)
            size += len(piece)

    for match in _PIECE.finditer(text):
        begin = match.start()
        if begin > last:
            add(text[last:begin], last, True)
        piece = match[0]
        if piece[0] == "&":
            read = decoded.get(piece)
            if read is None:
                read = decoded[piece] = as_browser_reads(piece)
            add(read, begin, read == piece)
        last = match.end()
    if last < len(text):
        add(text[last:], last, True)
    form.text, form.fold = _folder("".join(parts))
    return form


class _Places:
    """Where one needle stands in one form of the body, outside code blocks, found as they
    are asked for: first from `begin` to the end, then from the start up to `begin`."""

    def __init__(self, form: _Form, needle: str, begin: int) -> None:
        self.form, self.needle, self.begin = form, needle, begin
        self.pos, self.wrapped, self.done = begin, False, not needle
        self.found: list[int] = []  # body offsets

    def want(self, count: int, body: Body) -> None:
        text, needle = self.form.text, self.needle
        while len(self.found) < count and not self.done:
            if body.spent > body.budget:
                self.done = True  # out of budget: what is found stands, the rest is unplaced
                return
            end = min(self.begin + len(needle) - 1, len(text)) if self.wrapped else len(text)
            at = text.find(needle, self.pos, end)
            body.spent += STEP_COST + ((at + len(needle)) if at >= 0 else end) - self.pos
            if at < 0:
                if self.wrapped or self.begin == 0:
                    self.done = True
                else:
                    self.wrapped, self.pos = True, 0
                continue
            self.pos = at + 1
            offset = self.form.to_body(at)
            if body.line_of(offset) not in body.fenced:
                self.found.append(offset)


class Body:
    def __init__(self, text: str, first_line: int, check: Check) -> None:
        self.text, self.first_line, self.check = text, first_line, check
        self._seen: dict[tuple[str, tuple[str, ...]], int] = {}
        self._cursor: dict[str, int] = {}  # rule -> body offset of its last placed problem
        self._places: dict[tuple[str, bool, str], _Places] = {}
        self.budget = BUDGET_PER_CHAR * len(text) + BUDGET_BASE
        self.spent = 0

    @cached_property
    def cleaned(self) -> str:
        """`html` as the site cleans it (nh3): the rules that look at what is published
        share one cleaning."""
        return clean(self.html)

    @cached_property
    def html(self) -> str:
        """What the site publishes for this body (before nh3)."""
        return render(self.text)

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0, *accumulate(len(line) + 1 for line in self.text.split("\n"))]

    @cached_property
    def fenced(self) -> set[int]:
        return code_fence_lines(self.text.split("\n"))

    @cached_property
    def _written(self) -> _Form:
        return _as_written(self.text)

    @cached_property
    def _read(self) -> _Form:
        return _as_read(self.text)

    def line_of(self, offset: int) -> int:
        """0-based line of a body offset."""
        return bisect_right(self._line_starts, offset) - 1

    def report(self, needles: tuple[str, ...], message: str, rule: str,
               severity: Severity = Severity.ERROR) -> None:
        """A problem at the first needle found in the source, as written or as a browser reads
        it ('java&#115;cript:', 'java<TAB>script:'), outside code blocks; a rule's second
        report with the same needles is placed at their second place, and so on."""
        key = (rule, needles)
        nth = self._seen[key] = self._seen.get(key, -1) + 1
        offset = self._locate(rule, needles, nth)
        if offset is None:  # encoded beyond recognition: point at the start of the body
            line, column = 0, 1
        else:
            self._cursor[rule] = offset
            line = self.line_of(offset)
            column = offset - self._line_starts[line] + 1
        self.check.at_line(self.first_line + line, column, message, rule, severity)

    def _locate(self, rule: str, needles: tuple[str, ...], nth: int) -> int | None:
        for needle in needles:
            # As a browser reads it first: that also finds the needle as written, unless it
            # holds characters a browser skips, or overlaps a character reference.
            forms = (False,) if _HAS_SKIPPED.search(needle) else (True, False)
            for read in forms:
                places = self._places.get((rule, read, needle))
                if places is None:
                    form = self._read if read else self._written
                    begin = form.from_body(self._cursor.get(rule, 0))
                    places = self._places[rule, read, needle] = _Places(
                        form, form.fold(needle), begin)
                places.want(nth + 1, self)
                if places.found:
                    return places.found[min(nth, len(places.found) - 1)]
        return None


def code_fence_lines(lines: list[str]) -> set[int]:
    inside, fenced = False, set()
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            inside = not inside
            fenced.add(i)
        elif inside:
            fenced.add(i)
    return fenced
