"""Pages of the site's plan, rendered without Markdown.

The plan's pages are finished HTML (../plan.py), which MkDocs would otherwise pass through
Python-Markdown's raw-HTML handling, page after page, to the same result. A `PlannedPage`
takes the body as it is and sets what MkDocs' own render sets: the content, the table of
contents from the plan's headings, and the ids other pages' links may point at (the
validator has checked those links already). An engine without this plugin reaches the same
HTML through Markdown, minus the contents sidebar.
"""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..plan import PlannedPage as Planned


class PlannedPage(Page):
    planned: Planned

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        self.content = self.markdown
        self.toc = get_toc(self.planned.toc)  # type: ignore[arg-type]
        self.present_anchor_ids = set(self.planned.anchors)
        self.links_to_anchors = {}


def use_plan(pages: Iterable[tuple[Page, Planned]]) -> None:
    """Give these pages the plan's render (the objects stay MkDocs' own, nav titles too)."""
    for page, planned in pages:
        if type(page) is Page:
            page.__class__ = PlannedPage
        page.planned = planned  # type: ignore[attr-defined]
