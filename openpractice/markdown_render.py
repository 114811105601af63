"""Render a contributed body to HTML the way the site does, for the body checks.

The build renders every contributed page with cmark-gfm (gfm.py), so the checks render with
it too: they must see exactly the markup the site will publish, links made from Markdown
included.
"""

from __future__ import annotations

from .gfm import to_html

# A body without any of these cannot produce markup beyond Markdown's own safe tags, so it
# needs no rendering to be checked.
_MARKUP_CHARS = ("<", "&")
_SCHEMES = ("script:", "data:")


def may_carry_markup(body: str) -> bool:
    if any(char in body for char in _MARKUP_CHARS):
        return True
    lowered = body.lower()
    return any(scheme in lowered for scheme in _SCHEMES)


def render(body: str) -> str:
    return to_html(body)
