"""The Explore page: generated, with the maintainers' template `op-explore.html`, which prints
these prepared values (`page.meta.op`): the facets with their values and whole-site counts,
the sort options, the taxonomy names (for "filter by this term?" suggestions and for reading a
question's words as terms: terms.py `client_synonyms`), and how search.js reads a query
(`query_json`: the question words it drops, terms.py `QUESTION_WORDS`, and the weights of an
item's title, summary and facts, document.py `HEAD_WEIGHTS`, which tell a body match from a
match in those).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..catalogue import Catalogue
from ..site.pages import EXPLORE, GeneratedPage
from .document import BROWSE_WORD, HEAD_WEIGHTS
from .records import SearchRecord, facet_groups, search_record
from .terms import QUESTION_WORDS, client_synonyms

EXPLORE_TEMPLATE = "op-explore.html"
# value -> label. "" (automatic) = best match with a query, newest first without one.
SORT_OPTIONS: tuple[tuple[str, str], ...] = (
    ("relevance", "Best match"),
    ("date", "Newest first"),
    ("date-asc", "Oldest first"),
    ("evidence", "Strongest evidence first"),
)
# Short, so that on a phone the first result is on screen under it; how the filters combine is
# said where they are (op-explore.html).
EXPLORE_INTRO = (
    "Search every practice write-up, research summary and policy from our schools, or use the "
    "filters to browse. Every search has its own web address, so you can share what you found.")


def search_records(catalogue: Catalogue) -> dict[str, SearchRecord]:
    """Every item's search record, by source path."""
    return {entry.src_path: search_record(entry, catalogue) for entry in catalogue}


def script_json(value: object) -> str:
    """JSON that is safe inside <script type="application/json">: no `<`, `>` or `&`."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def explore_page(catalogue: Catalogue, records: Mapping[str, SearchRecord]) -> GeneratedPage:
    facets = [{"key": group.key, "legend": group.facet.legend, "hint": group.facet.hint or "",
               "options": [{"label": o.label, "count": o.count} for o in group.options]}
              for group in facet_groups(catalogue, records.values())]
    return GeneratedPage(
        EXPLORE, "Explore", f"<p>{EXPLORE_INTRO}</p>", template=EXPLORE_TEMPLATE,
        description="Search and filter every practice write-up, research summary and policy "
                    "from our schools.",
        hide=("navigation", "toc"),
        values={"facets": facets, "sorts": [list(s) for s in SORT_OPTIONS],
                "synonyms_json": script_json(client_synonyms(catalogue)),
                "query_json": script_json(query_settings())})


def query_settings() -> dict[str, object]:
    """How the Explore page reads a query (see search.js)."""
    return {"stop_words": list(QUESTION_WORDS), "head_weights": list(HEAD_WEIGHTS),
            "browse_word": BROWSE_WORD}
