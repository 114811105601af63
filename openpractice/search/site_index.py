"""The site's search index, fed page by page while the build renders (the plugin's glue calls
this; it knows nothing of MkDocs).

    index = SiteIndex.start(order=src_uris, language="en")
    document = search_document(catalogue, records, dest_uri, title=..., body_html=..., ...)
    index.add(src_uri, document)          # each page, as it is ready (None: not for search)
    index.finish(site_dir / "pagefind", expected=search_pages(...))  # after the last page
    summary = index.wait()

Only the pages `is_search_page` selects get a document, and `finish` checks that the pages
indexed are exactly the ones the build meant for search, so a page can neither go missing
from search nor slip into it. Pages reach Pagefind in `order` (the build's), even when a
second process readies some of them (mkdocs_plugin/share.py): the index does not depend on
which process read which page.
"""

from __future__ import annotations

import html
from collections import deque
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..addresses import page_url
from ..catalogue import Catalogue, Entry
from .document import item_document, page_document
from .pagefind import PagefindError, is_search_page
from .records import SearchRecord
from .service import IndexSummary, PagefindService

SearchDocument = tuple[str, str]  # (the page's path in the built site, what Pagefind reads)


def search_document(catalogue: Catalogue, records: Mapping[str, SearchRecord], dest_uri: str, *,
                    title: str, body_html: str, entry: Entry | None, meta: Mapping[str, Any],
                    is_homepage: bool, generated: bool) -> SearchDocument | None:
    """What Pagefind indexes for a page; None for a page not meant for search."""
    if not is_search_page(meta, is_item=entry is not None, is_homepage=is_homepage,
                          generated=generated):
        return None
    if entry is not None:
        return dest_uri, item_document(entry, catalogue, records[entry.src_path], body_html)
    return dest_uri, page_document(title, body_html)


class SiteIndex:
    def __init__(self, service: PagefindService, order: Sequence[str] = ()) -> None:
        self.service = service
        self._order = deque(order)
        self._ordered = frozenset(order)
        self._ready: dict[str, SearchDocument | None] = {}

    @classmethod
    def start(cls, *, order: Sequence[str] = (), language: str | None = None,
              low_priority: bool = True) -> SiteIndex:
        """`order`: the keys of the pages in the order they are to be indexed;
        `low_priority`: the build renders on one core only (service.py)."""
        service = PagefindService.start(language=language, low_priority=low_priority)
        return cls(service, order)

    def add(self, key: str, document: SearchDocument | None) -> None:
        """A page is ready; it is indexed once every page before it in `order` is."""
        if key not in self._ordered:
            self._index(document)
            return
        self._ready[key] = document
        while self._order and self._order[0] in self._ready:
            self._index(self._ready.pop(self._order.popleft()))

    def _index(self, document: SearchDocument | None) -> None:
        if document is not None:
            self.service.add(*document)

    def finish(self, output: Path, *, expected: Sequence[str]) -> None:
        """No more pages: the ones still waiting for a page before them are indexed now."""
        for key in self._order:
            if key in self._ready:
                self._index(self._ready.pop(key))
        self._order.clear()
        if not expected:
            self.close()
            raise PagefindError("Pagefind: no pages to index (every page is a listing or "
                                "excluded from search); add content or remove "
                                "`search: {exclude: true}`")
        indexed = set(self.service.pages)
        missing, extra = sorted(set(expected) - indexed), sorted(indexed - set(expected))
        if missing or extra:
            self.close()
            raise PagefindError(
                "the pages given to Pagefind are not the pages meant for search"
                + (f"; never indexed: {_some(missing)}" if missing else "")
                + (f"; indexed but not meant for search: {_some(extra)}" if extra else ""))
        self.service.finish(output)

    def wait(self) -> IndexSummary:
        return self.service.wait()

    def close(self) -> None:
        self.service.close()


def _some(paths: Sequence[str]) -> str:
    return ", ".join(paths[:20]) + (" ..." if len(paths) > 20 else "")


def plan_document(src: str, page: Any, catalogue: Catalogue,
                  records: Mapping[str, SearchRecord],
                  titles: Mapping[str, str] | None = None) -> SearchDocument | None:
    """The search document of a page of the site's plan (../plan.py; `page` is a
    PlannedPage), or None: made before MkDocs renders anything, so Pagefind indexes on the
    other core while the pages are rendered. `titles`: the titles the navigation gives pages
    (which MkDocs shows instead of their own)."""
    return search_document(
        catalogue, records, page_url(src) + "index.html",
        title=(titles or {}).get(src) or html.unescape(str(page.meta.get("title", ""))),
        body_html=page.body_html or page.html, entry=page.entry, meta=page.meta,
        is_homepage=src == "index.md", generated=page.generated)
