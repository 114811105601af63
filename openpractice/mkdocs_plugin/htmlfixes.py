"""Make Material for MkDocs 9.8.1's own markup valid HTML, where no template block can.

Two errors the Nu HTML Checker reports on every page come from markup that sits outside every
block Material offers, so the only template fix would be a full copy of a large template
(base.html, partials/nav-item.html) that then drifts from upstream. This module is the
narrow alternative: exact patterns, applied to the rendered page, each a no-op once Material
stops emitting the markup.

1. `<input type="checkbox" id="__drawer" autocomplete="off">` (and `__search`), in base.html
   outside any block. `autocomplete` is not allowed on checkboxes. Material puts it there so
   that browsers do not restore a ticked drawer or search toggle when someone goes Back; the
   valid way to keep that is a form owner with `autocomplete="off"`. So each input gets
   `form="__md_toggles"` instead, and an empty hidden `<form id="__md_toggles"
   autocomplete="off">` goes just before them. The inputs stay where they are: Material's CSS
   reaches the page through sibling selectors (`[data-md-toggle=drawer]:checked ~ ...`).
2. `<label class="md-nav__link" ... tabindex="">` in partials/nav-item.html, for the section
   that holds the current page when navigation.tabs is on: Material sets tabindex only for
   other sections and prints an empty value for this one, which is invalid. Browsers already
   ignore an empty tabindex, so dropping the attribute changes nothing else.

Wire-up (plugin event glue): `on_post_page` for pages and `on_post_template` for 404.html,
both returning `fix_material_markup(output)`.
"""

from __future__ import annotations

import re

TOGGLE_FORM_ID = "__md_toggles"
_TOGGLE = re.compile(
    r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" '
    r'id="__(?:drawer|search)") autocomplete="off">'
)
_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"<>]*" for="[^"<>]*" id="[^"<>]*") tabindex="">')
_FORM = f'<form id="{TOGGLE_FORM_ID}" autocomplete="off" hidden></form>'


def fix_material_markup(html: str) -> str:
    """The page with the two fixes above applied; idempotent, and unchanged if neither applies."""
    first = _TOGGLE.search(html)
    if first is not None:
        html = html[: first.start()] + _FORM + "\n    " + html[first.start():]
        html = _TOGGLE.sub(rf'\1 form="{TOGGLE_FORM_ID}">', html)
    return _EMPTY_TABINDEX.sub(r"\1>", html)
