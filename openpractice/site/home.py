"""Blocks for the maintainers' home page, registered as macros in macros/main.py."""

from __future__ import annotations

from ..catalogue import Catalogue
from .pages import KIND_NOUNS, card_list, item_line
from .text import plural

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
        return "_Nothing published yet._\n"
    lines = [item_line(e, catalogue, "index.md", show_kind=True) for e in entries]
    return f"\n{card_list(lines)}\n\n"  # an HTML block in the home page's Markdown


def summary_sentence(catalogue: Catalogue) -> str:
    counts = catalogue.counts()
    return (f"{plural(counts['practice'], *KIND_NOUNS['practice'])}, "
            f"{plural(counts['research'], *KIND_NOUNS['research'])} and "
            f"{plural(counts['policies'], *KIND_NOUNS['policies'])} from "
            f"{plural(len(catalogue.schools), 'school')}.")
