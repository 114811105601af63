"""unsafe-html: contributed pages are data, not code.

The body is rendered as the site renders it, then every construct the sanitiser would remove
for safety is reported: script, style, iframe, object and embed (and relatives), `on*`
attributes, and javascript:/data: URLs, including ones Markdown builds from links.

Passing::

    Read the [EEF guidance](https://educationendowmentfoundation.org.uk/).

Failing::

    [Click me](javascript:alert(1))   # a 'javascript:' link on <a href> is not allowed ... [unsafe-html]
"""

from __future__ import annotations

from ..html_policy import find_unsafe
from ..markdown_render import may_carry_markup, render
from .base import Check

RULE = "unsafe-html"


def check(body: str, body_line: int, check: Check) -> None:
    if not may_carry_markup(body):
        return
    lines = body.split("\n")
    for finding in find_unsafe(render(body)):
        line, column = _locate(lines, finding.needles)
        check.at_line(body_line + line, column, finding.message, RULE)


def _code_fence_lines(lines: list[str]) -> set[int]:
    inside, fenced = False, set()
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            inside = not inside
            fenced.add(i)
        elif inside:
            fenced.add(i)
    return fenced


def _locate(lines: list[str], needles: tuple[str, ...]) -> tuple[int, int]:
    """0-based line and 1-based column of the first needle outside code blocks."""
    fenced = _code_fence_lines(lines)
    for needle in needles:
        for i, line in enumerate(lines):
            at = line.lower().find(needle.lower())
            if at >= 0 and i not in fenced:
                return i, at + 1
    return 0, 1  # encoded beyond recognition: point at the start of the body
