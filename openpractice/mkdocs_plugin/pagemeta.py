"""What a contributed page's `page.meta` holds in the build.

MkDocs renders templates without autoescaping and Material prints `page.title` and
`page.meta.description` as they are, so every contributed string put here is escaped once,
at the source; templates read the typed model through `page.meta.item`.
"""

from __future__ import annotations

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
