"""Material's menu, rendered once per folder of pages outside the navigation.

Material draws the whole menu into every page. For a page outside the navigation (an item, a
theme or school page, a page of a listing) nothing in it is marked as the current page and
its links are relative to the page's folder, so every such page in one folder gets the same
menu. The plugin renders it once per folder and hands it to main.html as a value
(`op_nav_html`); a build test checks the site is the same, byte for byte, without it.
"""

from __future__ import annotations

import posixpath
from typing import Any

from jinja2 import Environment

MENU = "partials/nav.html"


def menu_key(page: Any, nav: Any) -> tuple[str, bool] | None:
    """What a page's menu depends on: None for a page in the navigation (it is marked there
    as current), else the page's folder and URL style (relative links follow both)."""
    url = getattr(page, "url", None)
    if url is None or page in getattr(nav, "pages", [page]):
        return None
    return posixpath.dirname(url.rstrip("/")), url.endswith("/")


class MenuCache:
    def __init__(self) -> None:
        self._menus: dict[tuple[str, bool], str] = {}

    def menu(self, env: Environment, context: dict[str, Any], key: tuple[str, bool],
             features: list[str]) -> str:
        if key not in self._menus:  # with what base.html sets before it includes the menu
            values = {**context, "features": features}
            values["lang"] = env.get_template("partials/language.html").make_module(values)
            self._menus[key] = env.get_template(MENU).render(values)
        return self._menus[key]
