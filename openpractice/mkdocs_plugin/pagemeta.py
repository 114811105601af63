"""What a contributed page's `page.meta` holds in the build.

MkDocs renders templates without autoescaping and Material prints `page.title` and
`page.meta.description` as they are, so every contributed string put here is escaped once,
at the source; templates read the typed model through `page.meta.item`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from markupsafe import escape

from ..catalogue import Entry


def item_meta(entry: Entry) -> dict[str, Any]:
    model = entry.model
    return {
        "title": str(escape(model.title)),
        "description": str(escape(model.summary)),
        "template": f"op-{model.kind}.html",
        "item": entry,
        "render_macros": False,
    }


def page_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """The front-matter of a contributed ordinary page, as far as it is safe to keep.

    Material prints `title`, `description`, `author`, `subtitle` and `status` raw, includes
    `icon` as a template path, and MkDocs loads `template` by name; mkdocs-macros fails on
    `ignore_macros`. So only `title` and `description` (escaped), `hide` (a list of words) and
    `search.exclude` (true/false) are kept, and macros are off.
    """
    safe: dict[str, Any] = {"render_macros": False}
    for key in ("title", "description"):
        value = meta.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            safe[key] = str(escape(value))
    hide = meta.get("hide")
    if isinstance(hide, list) and all(isinstance(word, str) for word in hide):
        safe["hide"] = hide
    search = meta.get("search")
    if isinstance(search, dict) and isinstance(search.get("exclude"), bool):
        safe["search"] = {"exclude": search["exclude"]}
    return safe


def page_title(title: str) -> str:
    """A title MkDocs took from the first heading (HTML text) or the file name, escaped once.

    Material prints it raw, and in <title> through `striptags`, which decodes entities: an
    escaped '&lt;/title&gt;' in a heading would come out as a real closing tag.
    """
    return str(escape(html.unescape(title)))
