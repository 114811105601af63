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
from .body import code_fence_lines, locate

RULE = "unsafe-html"


def check(body: str, body_line: int, check: Check) -> None:
    if not may_carry_markup(body):
        return
    lines = body.split("\n")
    fenced = code_fence_lines(lines)
    seen: dict[tuple[str, ...], int] = {}  # the second finding of a kind is at its second place
    for finding in find_unsafe(render(body)):
        nth = seen[finding.needles] = seen.get(finding.needles, -1) + 1
        line, column = locate(lines, finding.needles, fenced, nth)
        check.at_line(body_line + line, column, finding.message, RULE)
