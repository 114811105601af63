"""The site's search index, fed page by page while the build renders (the plugin's glue calls
this; it knows nothing of MkDocs).

    index = SiteIndex.start(catalogue, records, language="en")
    index.add_page(dest_uri, title=..., body_html=..., entry=..., meta=..., ...)  # each page
    index.finish(site_dir / "pagefind", expected=search_pages(...))  # after the last page
    summary = index.wait()

Only the pages `is_search_page` selects are indexed, and `finish` checks that the pages
given are exactly the ones the build meant for search, so a page can neither go missing from
search nor slip into it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..catalogue import Catalogue, Entry
from .document import item_document, page_document
from .pagefind import PagefindError, is_search_page
from .records import SearchRecord
from .service import IndexSummary, PagefindService


class SiteIndex:
    def __init__(self, catalogue: Catalogue, records: Mapping[str, SearchRecord],
                 service: PagefindService) -> None:
        self.catalogue = catalogue
        self.records = records
        self.service = service

    @classmethod
    def start(cls, catalogue: Catalogue, records: Mapping[str, SearchRecord], *,
              language: str | None = None) -> SiteIndex:
        return cls(catalogue, records, PagefindService.start(language=language))

    def add_page(self, dest_uri: str, *, title: str, body_html: str, entry: Entry | None,
                 meta: Mapping[str, Any], is_homepage: bool, generated: bool) -> None:
        if not is_search_page(meta, is_item=entry is not None, is_homepage=is_homepage,
                              generated=generated):
            return
        if entry is not None:
            document = item_document(entry, self.catalogue, self.records[entry.src_path], body_html)
        else:
            document = page_document(title, body_html)
        self.service.add(dest_uri, document)

    def finish(self, output: Path, *, expected: Sequence[str]) -> None:
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
