"""Contributed pages rendered by cmark-gfm (../gfm.py), with MkDocs' own link handling.

MkDocs renders a page in `Page.render`, with Python-Markdown; a plugin has no event that
replaces the renderer. So each contributed page (an item, or an ordinary page that is neither
a maintainer's macros page nor generated) becomes a `ContributedPage` at on_nav, once MkDocs
has made its page objects and given the navigation's pages their titles. Its `render` sets
what MkDocs' own sets: the HTML, the table of contents, the title from a first-line heading,
the anchors the page offers and the links it makes to anchors. Links go through MkDocs'
resolver, with its warnings for a link to a page that does not exist, so `--strict` fails
on a broken link exactly as before.

MkDocs' resolver is its private `_RelativePathTreeprocessor`, used here for `path_to_url`
alone; pinned MkDocs 1.6.1 (the build tests render links through it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page, _RelativePathTreeprocessor
from mkdocs.structure.toc import get_toc

from ..gfm import render

log = logging.getLogger("mkdocs.structure.pages")  # the logger MkDocs' own render checks


class ContributedPage(Page):
    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        links = _RelativePathTreeprocessor(self.file, files, config)
        rendered = render(self.markdown, rewrite_url=links.path_to_url)
        self.content = rendered.html
        self.toc = get_toc(rendered.toc_tokens)
        self._title_from_render = rendered.title
        self.present_anchor_ids = set(rendered.anchor_ids)
        if log.getEffectiveLevel() > logging.DEBUG:  # as MkDocs does
            self.links_to_anchors = links.links_to_anchors


def render_with_gfm(pages: Iterable[Page]) -> None:
    """Give these pages cmark-gfm's `render` (the objects stay MkDocs' own, nav titles too)."""
    for page in pages:
        if type(page) is Page:
            page.__class__ = ContributedPage
