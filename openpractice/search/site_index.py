"""The site's search index, fed page by page while the build renders (the plugin's glue calls
this; it knows nothing of MkDocs).

    index = SiteIndex.start(language="en")
    document = search_document(catalogue, records, dest_uri, title=..., body_html=..., ...)
    index.add(document)                   # each page meant for search, in the build's order
    index.finish(site_dir / "pagefind", expected=search_pages(...))  # after the last page
    summary = index.wait()

Only the pages `is_search_page` selects get a document, and `finish` checks that the pages
indexed are exactly the ones the build meant for search, so a page can neither go missing
from search nor slip into it. Pages reach Pagefind in the build's order, even when a second
process made some of their documents (plan.py): the index does not depend on which process
made which.
"""

from __future__ import annotations

import html
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
    def __init__(self, service: PagefindService) -> None:
        self.service = service

    @classmethod
    def start(cls, *, language: str | None = None, low_priority: bool = True) -> SiteIndex:
        """`low_priority`: the build renders on one core only (service.py)."""
        return cls(PagefindService.start(language=language, low_priority=low_priority))

    def add(self, document: SearchDocument) -> None:
        """Index a page: the build gives them in its own order, so the index is the same
        whichever process made the documents."""
        self.service.add(*document)

    def finish(self, output: Path, *, expected: Sequence[str]) -> None:
        """No more pages: check they are the ones meant for search, then write the index."""
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
