"""A page body as the body rules see it: rendered once, whichever rules need the HTML, and
each problem found in the HTML reported at the line the contributor wrote."""

from __future__ import annotations

from functools import cached_property

from ..html_policy import as_browser_reads
from ..markdown_render import render
from ..problems import Severity
from .base import Check


class Body:
    def __init__(self, text: str, first_line: int, check: Check) -> None:
        self.text, self.first_line, self.check = text, first_line, check
        self._seen: dict[tuple[str, tuple[str, ...]], int] = {}

    @cached_property
    def html(self) -> str:
        """What the site publishes for this body (before nh3)."""
        return render(self.text)

    @cached_property
    def _lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def _fenced(self) -> set[int]:
        return code_fence_lines(self._lines)

    def report(self, needles: tuple[str, ...], message: str, rule: str,
               severity: Severity = Severity.ERROR) -> None:
        """A problem at the first needle found in the source; a rule's second report with the
        same needles is placed at their second place, and so on."""
        key = (rule, needles)
        nth = self._seen[key] = self._seen.get(key, -1) + 1
        line, column = locate(self._lines, needles, self._fenced, nth)
        self.check.at_line(self.first_line + line, column, message, rule, severity)


def code_fence_lines(lines: list[str]) -> set[int]:
    inside, fenced = False, set()
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            inside = not inside
            fenced.add(i)
        elif inside:
            fenced.add(i)
    return fenced


def locate(
    lines: list[str], needles: tuple[str, ...], fenced: set[int], nth: int = 0
) -> tuple[int, int]:
    """0-based line and 1-based column of the nth place of the first needle found outside code
    blocks, as written or as a browser reads it ('java&#115;cript:', 'java<TAB>script:')."""
    for needle in needles:
        needle = needle.lower()
        places = [(i, at + 1) for i, line in enumerate(lines) if i not in fenced
                  for at in _find_all(line.lower(), needle)]
        if not places:
            places = [(i, at + 1) for i, line in enumerate(lines) if i not in fenced
                      and (at := _find_decoded(line, needle)) >= 0]
        if places:
            return places[min(nth, len(places) - 1)]
    return 0, 1  # encoded beyond recognition: point at the start of the body


def _find_all(text: str, needle: str) -> list[int]:
    places, at = [], text.find(needle)
    while at >= 0:
        places.append(at)
        at = text.find(needle, at + 1)
    return places


def _find_decoded(line: str, needle: str) -> int:
    if needle not in as_browser_reads(line).lower():
        return -1
    return next((at for at in range(len(line))
                 if as_browser_reads(line[at:]).lower().startswith(needle)), -1)
