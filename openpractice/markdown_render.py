"""Render a page body to HTML the way the site does, for the body checks.

`EXTENSIONS` must equal `markdown_extensions` in mkdocs.yml (a test holds them together):
an extension can itself add markup (footnote links, heading ids), so the checks must see what the
site will publish.
"""

from __future__ import annotations

import markdown

EXTENSIONS: list[str] = ["fenced_code", "footnotes", "tables", "toc"]
EXTENSION_CONFIGS: dict[str, dict[str, object]] = {"toc": {"permalink": False}}

# Rendering costs milliseconds a page; a body without any of these cannot produce markup
# beyond Markdown's own safe tags, so it needs no rendering to be checked.
_MARKUP_CHARS = ("<", "{", "&")
_SCHEMES = ("script:", "data:")

_md: markdown.Markdown | None = None


def may_carry_markup(body: str) -> bool:
    if any(char in body for char in _MARKUP_CHARS):
        return True
    lowered = body.lower()
    return any(scheme in lowered for scheme in _SCHEMES)


def render(body: str) -> str:
    global _md
    if _md is None:
        _md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    try:
        return _md.reset().convert(body)
    finally:
        _md.reset()
