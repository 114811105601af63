"""Render a template fragment once and reuse it where it cannot differ.

Material draws the whole navigation (the tabs and the sidebar menu) into every page. For a
page outside the navigation (an item, a theme or school page, a page of a listing) nothing in
it is marked as the current page, and its links are relative to the page's folder: so every
page in the same folder gets exactly the same navigation. The templates render it once per
folder (`{% call op_fragment("nav", op_nav_key(page, nav)) %}...{% endcall %}`) instead of
once per page, which saves a fifth of the time spent in templates at 1,000 items. A build test
checks that the site is the same byte for byte with the cache switched off
(`fragment_cache: false` under the plugin's options).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Hashable
from typing import Any


class FragmentCache:
    """`cache(name, key, caller)`: `caller()` once per (name, key); key None: every time."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._store: dict[tuple[str, Hashable], Any] = {}

    def __call__(self, name: str, key: Hashable | None, caller: Callable[[], Any]) -> Any:
        if key is None or not self.enabled:
            return caller()
        if (name, key) not in self._store:
            self._store[(name, key)] = caller()
        return self._store[(name, key)]


def nav_key(page: Any, nav: Any) -> tuple[str, bool] | None:
    """What a page's navigation depends on: None for a page in the navigation (it is marked
    there as current) or no page at all, else the page's folder and URL style (relative
    links follow both)."""
    url = getattr(page, "url", None)
    if url is None or page in getattr(nav, "pages", [page]):
        return None
    return posixpath.dirname(url.rstrip("/")), url.endswith("/")


def fragment_globals(enabled: bool = True) -> dict[str, Callable[..., Any]]:
    """Template globals: a fresh cache for each build."""
    return {"op_fragment": FragmentCache(enabled), "op_nav_key": nav_key}
