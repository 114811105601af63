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

from ..html_policy import find_unsafe, markup_trouble
from ..markdown_render import may_carry_markup
from .body import Body

RULE = "unsafe-html"
TOO_COMPLEX = "html-too-complex"  # raw HTML too deep or broken to check in linear time


def check(body: Body) -> bool:
    """Report what is unsafe; False when the body's HTML is too complex to check at all (an
    error of its own, and the other HTML checks are skipped)."""
    if not may_carry_markup(body.text):
        return True
    trouble = markup_trouble(body.html)  # rendered: code blocks hold no tags
    if trouble is not None:
        body.report(("<",), trouble, TOO_COMPLEX)
        return False
    for finding in find_unsafe(body.html):
        body.report(finding.needles, finding.message, RULE)
    return True
