"""Template globals for search (registered by the plugin's on_env next to the site's own).

    op_search_facets         -> the Explore page's facets, values and whole-site counts
    op_search_sorts          -> [(value, label)] for the Explore page's sort control
    op_search_synonyms       -> taxonomy names for "filter by this term?" suggestions
    op_explore_url           -> site-relative URL of the Explore page, or None (no header
                                search then)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..catalogue import Catalogue
from .records import SearchRecord, facet_groups, search_record
from .terms import client_synonyms

EXPLORE_TEMPLATE = "op-explore.html"
# value -> label. "" (automatic) = best match with a query, newest first without one.
SORT_OPTIONS: tuple[tuple[str, str], ...] = (
    ("relevance", "Best match"),
    ("date", "Newest first"),
    ("date-asc", "Oldest first"),
    ("evidence", "Strongest evidence first"),
)


def explore_url(files: Iterable[Any]) -> str | None:
    """The URL of the page whose template is the Explore page (the first, if several)."""
    for file in files:
        page = getattr(file, "page", None)
        if page is not None and (page.meta or {}).get("template") == EXPLORE_TEMPLATE:
            return str(file.url)
    return None


def search_records(catalogue: Catalogue) -> dict[str, SearchRecord]:
    """Every item's search record, by source path."""
    return {entry.src_path: search_record(entry, catalogue) for entry in catalogue}


def search_globals(catalogue: Catalogue, files: Iterable[Any],
                   records: Mapping[str, SearchRecord] | None = None) -> dict[str, Any]:
    """`records`: from `search_records`, when the build has made them already."""
    if records is None:
        records = search_records(catalogue)
    return {
        "op_search_facets": facet_groups(catalogue, records.values()),
        "op_search_sorts": SORT_OPTIONS,
        "op_search_synonyms": client_synonyms(catalogue),
        "op_explore_url": explore_url(files),
    }
