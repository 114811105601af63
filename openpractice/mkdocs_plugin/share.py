"""Two cores for one build: a forked worker reads and renders a share of the pages.

MkDocs reads, converts and renders pages one after another, on one core. When the machine
has two, the plugin forks a worker at on_nav, once the files and the navigation are final
(../worker.py). The worker takes half the pages outside the navigation (items, listings,
theme and school pages): it reads, converts and renders them with MkDocs' own page
functions (the ones `mkdocs build` calls, with every plugin's events) and writes them to
site/. Meanwhile the parent reads the other pages; MkDocs' reading loop passes over the
worker's, which are set aside (excluded) until on_env. For each of them the parent gets
back what the rest of its build needs: the page's title, metadata and search document, its
anchors and its links to anchors (MkDocs checks them after the last page), and the worker's
log lines, which the parent logs, so `--strict` counts them. At on_env the pages rejoin the
build (the sitemap, the search selection) and the parent renders them with an empty
template, which MkDocs does not write.

The worker also reads the pages in the navigation, silently: the templates show their
titles and metadata. A build test checks that the site is the same, byte for byte, with
`parallel: false`.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..search.site_index import SearchDocument
from ..worker import ForkedWorker, Send, WorkerError, fork_refusal

log = logging.getLogger("mkdocs.plugins.openpractice")

# The worker's share of the pages outside the navigation (items and generated listings).
WORKER_SHARE = 0.5
# Three processes want the two cores: the parent, the worker and Pagefind. Pagefind indexes
# pages one after another as they arrive and writes its index after the last, so whenever it
# falls behind, the build ends waiting for it alone. The worker yields to it a little (the
# parent, which may be someone's long-lived process, is left as it is). At 5,000 items this
# saved up to a second, about as much as builds vary from run to run here.
WORKER_NICE = 4
RENDERED_ELSEWHERE = "openpractice/rendered-by-worker.html"  # empty: MkDocs skips the page

Describe = Callable[[Page, str], SearchDocument | None]  # a page and its HTML -> its document


@dataclass(frozen=True)
class ReadPage:
    """What the worker sends back for each page it has read."""

    src_uri: str
    title: str | None
    meta: dict[str, Any]  # without the catalogue entry ("item"): the parent has its own
    search: SearchDocument | None
    anchors: frozenset[str] | None  # ids on the page; None: MkDocs checks no link to it
    links: dict[str, dict[str, str]]  # target's src_uri -> anchor -> link as written


def outside_nav(files: Files, nav: Navigation) -> list[str]:
    """The pages the worker may take, in the build's order: the navigation's own pages stay
    with the parent, whose templates show their titles and metadata on every page."""
    in_nav = {page.file.src_uri for page in nav.pages}
    return [file.src_uri for file in files.documentation_pages() if file.src_uri not in in_nav]


def choose_share(src_uris: Sequence[str], fraction: float = WORKER_SHARE) -> list[str]:
    """The worker's pages: `fraction` of them, spread evenly through the build's order."""
    return [src for i, src in enumerate(src_uris)
            if int((i + 1) * fraction) > int(i * fraction)]


class PageShare:
    """The parent's side: which pages the worker has, and what it sent back for each."""

    def __init__(self, worker: ForkedWorker, pages: Sequence[str]) -> None:
        self.pages = frozenset(pages)
        self._order = list(pages)
        self._worker = worker
        self._read: dict[str, ReadPage] = {}
        self._inclusion: dict[str, InclusionLevel] = {}
        self._quiet = _SetAsideNotes(self.pages)
        for logger in _NOTES_FROM:
            logging.getLogger(logger).addFilter(self._quiet)

    @classmethod
    def start(cls, pages: Sequence[str], *, config: MkDocsConfig, files: Files,
              nav: Navigation, describe: Describe | None) -> PageShare | None:
        """Fork the worker and set its pages aside; None (the build does every page itself)
        when it cannot."""
        refusal = fork_refusal()
        if refusal is not None or not pages:
            why = refusal or "no pages outside the navigation"
            log.debug(f"openpractice: every page built in this process ({why})")
            return None
        body = _work(list(pages), config=config, files=files, nav=nav, describe=describe)
        share = cls(ForkedWorker.start(body, logger="mkdocs"), pages)
        share._set_aside(files)
        log.debug("openpractice: a second process builds " + " ".join(pages))
        return share

    def owns(self, page: Page) -> bool:
        return page.file.src_uri in self.pages

    def arrived(self) -> list[ReadPage]:
        """Pages the worker has read since last asked, without waiting."""
        return self._keep(self._worker.poll())

    def rest(self) -> list[ReadPage]:
        """Every page the worker has still to send back, waiting for them."""
        pages = []
        while len(self._read) < len(self.pages):
            pages += self._keep([self._worker.receive()])
        return pages

    def adopt(self, config: MkDocsConfig, files: Files, env: Environment,
              items: Mapping[str, Any]) -> None:
        """After `rest()`: the worker's pages join the build again (sitemap, anchor checks,
        search selection), to be rendered here with the empty template. `items`: each item's
        catalogue entry ("item" in its page's metadata), by source path."""
        assert env.loader is not None  # the theme's
        env.loader = ChoiceLoader([DictLoader({RENDERED_ELSEWHERE: ""}), env.loader])
        for src in self._order:
            file = _file(files, src)
            file.inclusion = self._inclusion[src]
            page = file.page if file.page is not None else Page(None, file, config)
            read = self._read[src]
            page.meta = {**read.meta, "template": RENDERED_ELSEWHERE}
            if src in items:
                page.meta["item"] = items[src]
            page.title = read.title
            page.present_anchor_ids = set(read.anchors) if read.anchors is not None else None
            page.links_to_anchors = {_file(files, uri): anchors
                                     for uri, anchors in read.links.items()}

    def finish(self) -> None:
        """Wait for the worker to write its last page; WorkerError if it failed."""
        try:
            self._worker.join()
            log.info(f"openpractice: {len(self.pages)} pages built by a second process")
        finally:
            self._release()

    def stop(self) -> None:
        self._worker.stop()
        self._release()

    def _set_aside(self, files: Files) -> None:
        """MkDocs' reading loop takes only included pages: it passes over these."""
        for src in self._order:
            file = _file(files, src)
            self._inclusion[src] = file.inclusion
            file.inclusion = InclusionLevel.EXCLUDED

    def _keep(self, pages: list[ReadPage]) -> list[ReadPage]:
        for page in pages:
            self._read[page.src_uri] = page
        return pages

    def _release(self) -> None:
        for logger in _NOTES_FROM:
            logging.getLogger(logger).removeFilter(self._quiet)


_NOTES_FROM = ("mkdocs.commands.build", "mkdocs.structure.pages")
_NOTE = re.compile(r"Page skipped: '(?P<page>.+)'\. Generated empty output\.|Doc file '.+' "
                   r"contains a link to '(?P<target>.+)' which is excluded from the built site\.")


class _SetAsideNotes(logging.Filter):
    """Hides MkDocs' notes (info) on the worker's pages while they are set aside: a link
    to one is 'excluded from the built site', and the parent writes nothing for it."""

    def __init__(self, pages: frozenset[str]) -> None:
        super().__init__()
        self.pages = pages

    def filter(self, record: logging.LogRecord) -> bool:
        note = _NOTE.fullmatch(record.getMessage())
        return note is None or (note["page"] or note["target"]) not in self.pages


def _file(files: Files, src: str) -> Any:
    file = files.get_file_from_path(src)
    if file is None:
        raise WorkerError(f"{src} is no longer among the site's files")
    return file


def _work(pages: list[str], *, config: MkDocsConfig, files: Files, nav: Navigation,
          describe: Describe | None) -> Callable[[Send], None]:
    """The worker's part, as `mkdocs build` runs it: read and convert every page, then the
    `env` event, then render and write each page."""

    def body(send: Send) -> None:
        from mkdocs.commands.build import _build_page, _populate_page
        os.nice(WORKER_NICE)

        done = []
        for src in pages:
            file = _file(files, src)
            page = file.page if file.page is not None else Page(None, file, config)
            _populate_page(page, config, files)
            html = page.content or ""
            send(ReadPage(
                src, page.title, {k: v for k, v in page.meta.items() if k != "item"},
                describe(page, html) if describe is not None else None,
                frozenset(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
                {target.src_uri: dict(anchors)
                 for target, anchors in (page.links_to_anchors or {}).items()}))
            done.append(page)
        with _silenced():  # the parent reads these pages too, and reports their problems
            for page in nav.pages:
                _populate_page(page, config, files)
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for page in done:
            _build_page(page, config, doc_files, nav, env)

    return body


@contextmanager
def _silenced() -> Iterator[None]:
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)

