"""The home page: generated, with the maintainers' template `op-home.html`, which places these
prepared values (the ways in with their counts, the newest items, a one-line summary)
among its own text. Nothing from content/ is a template."""

from __future__ import annotations

from ..catalogue import Catalogue
from ..opendata.feedlinks import subscribe_html
from .pages import KIND_NOUNS, GeneratedPage, card_list, item_line
from .text import plural

HOME = "index.md"
HOME_TEMPLATE = "op-home.html"
NEWEST = 6

KIND_PROMPTS = {
    "practice": "What teachers tried, and how it went",
    "research": "The evidence, summarised and checked",
    "policies": "Policies to read, adapt and reuse",
}


def counts_block(catalogue: Catalogue) -> str:
    """The ways in, each with its count: a row of link tiles (raw HTML, no contributed text)."""
    counts = catalogue.counts()
    tiles = [
        (f"{kind}/", count, KIND_NOUNS[kind][0 if count == 1 else 1].capitalize(), KIND_PROMPTS[kind])
        for kind, count in counts.items()
    ]
    themes, schools = len(catalogue.taxonomy.themes), len(catalogue.schools)
    tiles.append(("themes/", themes, "Theme" if themes == 1 else "Themes",
                  "Everything on one topic"))
    tiles.append(("schools/", schools, "School" if schools == 1 else "Schools",
                  "What each school has shared"))
    items = "\n".join(
        f'<li><a href="{href}"><strong class="op-tile__count">{count}</strong> '
        f'<span class="op-tile__label">{label}</span> '
        f'<span class="op-tile__hint">{hint}</span></a></li>'
        for href, count, label, hint in tiles
    )
    return f'<ul class="op-tiles">\n{items}\n</ul>\n'


def newest_block(catalogue: Catalogue, count: int = 6) -> str:
    entries = catalogue.newest(count)
    if not entries:
        return "<p><em>Nothing published yet.</em></p>"
    return card_list([item_line(e, catalogue, HOME, show_kind=True) for e in entries])


def summary_sentence(catalogue: Catalogue) -> str:
    counts = catalogue.counts()
    return (f"{plural(counts['practice'], *KIND_NOUNS['practice'])}, "
            f"{plural(counts['research'], *KIND_NOUNS['research'])} and "
            f"{plural(counts['policies'], *KIND_NOUNS['policies'])} from "
            f"{plural(len(catalogue.schools), 'school')}.")


def home_page(catalogue: Catalogue, site_name: str, description: str) -> GeneratedPage:
    return GeneratedPage(HOME, site_name, "", template=HOME_TEMPLATE, description=description,
                         hide=("navigation", "toc"), values={
                             "summary": summary_sentence(catalogue),
                             "tiles_html": counts_block(catalogue),
                             "newest_html": newest_block(catalogue, NEWEST)
                             + subscribe_html("", HOME, "Subscribe to everything new"),
                         })
