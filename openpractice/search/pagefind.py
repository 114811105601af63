"""Which pages are search results, and what the search bundle keeps.

The build decides which pages Pagefind indexes (`search_pages`): every item, and every
ordinary page except the home page and pages whose front-matter says
`search: {exclude: true}` (the generated listings and the Explore page). Each is indexed as
it is rendered (service.py, document.py), and the build checks that the pages indexed are
exactly these. Any failure stops the build with Pagefind's own message: a site whose search is
broken is not published.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

OUTPUT_SUBDIR = "pagefind"
# Pagefind's ready-made UIs; the Explore page uses the JS API (pagefind.js + its worker and
# WebAssembly) only, so these are removed rather than published.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)
MIN_VERSION = (1, 5)  # metadata is searchable from 1.5: the `keywords` field relies on it


class PagefindError(Exception):
    pass


OTHER_SEARCH_PLUGINS = ("search", "material/search")


def competing_search_plugins(plugin_names: Iterable[str]) -> list[str]:
    """Warnings for search plugins that would build a second search beside Pagefind
    (MkDocs adds `search` itself when mkdocs.yml has no `plugins` list)."""
    return [f"the '{name}' plugin builds a second search index (lunr) beside Pagefind, and "
            "Material would show its own search box as well: remove it from mkdocs.yml's "
            "plugins (the header search and the Explore page use Pagefind)"
            for name in plugin_names if name in OTHER_SEARCH_PLUGINS]


def is_search_page(meta: Mapping[str, Any], *, is_item: bool, is_homepage: bool,
                   generated: bool) -> bool:
    """Whether a built page belongs in the search index (see the module docstring)."""
    if is_item:
        return True
    if generated or is_homepage:
        return False
    search = meta.get("search")
    return not (isinstance(search, Mapping) and search.get("exclude") is True)


def search_pages(files: Iterable[Any], items: Collection[str], generated: Collection[str]) -> list[str]:
    """The output paths (`dest_uri`) of the pages to index, from MkDocs' documentation files
    (each with its `page` read, as in on_env). `items` and `generated` are source paths."""
    selected = []
    for file in files:
        page = getattr(file, "page", None)
        if page is None:
            continue
        if is_search_page(page.meta or {}, is_item=file.src_uri in items,
                          is_homepage=bool(page.is_homepage), generated=file.src_uri in generated):
            selected.append(file.dest_uri)
    return sorted(selected)
