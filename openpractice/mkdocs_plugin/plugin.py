"""MkDocs plugin: event glue only. Each event checks `enabled` and hands off to the core.

- on_config: validate the whole project (the same pipeline as `openpractice validate`); any
  error fails the build with the CLI's messages.
- on_files: drop drafts entirely; add the generated pages.
- on_nav: files and navigation are final: contributed pages are set to render with cmark-gfm,
  as GitHub's preview shows them (gfmpage.py); on a machine with two cores a second process
  starts building half the pages outside the navigation (share.py); then Pagefind starts.
- on_page_read_source / on_page_markdown: items get the body the validator read and typed
  metadata; macros are forced off on every page not listed.
- on_page_content: contributed HTML is cleaned by nh3 (defence in depth behind the checks);
  a page meant for search goes to Pagefind, which indexes it in its own process while the
  build goes on (search/site_index.py), with the pages the second process has read.
- on_env: the catalogue and helpers for templates; every page has been read, so the second
  process's pages rejoin the build and Pagefind is told to write its index.
- on_post_page / on_post_template: two fixes to Material's own markup (htmlfixes.py).
- on_post_build: wait for the second process and the index, so every build is complete and
  searchable; on_build_error stops both.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..catalogue import Catalogue, Entry
from ..config import ProjectConfig, project_config
from ..html_policy import sanitise
from ..loader import is_unpublished
from ..search.pagefind import OUTPUT_SUBDIR, PagefindError, competing_search_plugins, search_pages
from ..search.records import SearchRecord
from ..search.site_index import SearchDocument, SiteIndex, search_document
from ..search.templating import search_globals, search_records
from ..site.fragments import fragment_globals
from ..site.pages import fill_html_blocks, generated_pages
from ..site.templating import template_globals
from ..validate import validate_project
from ..worker import WorkerError
from .config import OpenPracticeConfig
from .gfmpage import render_with_gfm
from .htmlfixes import fix_material_markup
from .pagemeta import item_meta, page_meta, page_title
from .share import PageShare, ReadPage, choose_share, outside_nav

log = logging.getLogger("mkdocs.plugins.openpractice")
_ANCHOR_ID = re.compile(r'\sid="([^"]+)"')
T = TypeVar("T")

# mkdocs-macros names its path patterns 'gitwildmatch', which pathspec 1.x deprecates (the
# patterns still work); MkDocs would print that on every build. Only that message is hidden.
warnings.filterwarnings("ignore", message=r"GitWildMatchPattern \('gitwildmatch'\) is deprecated",
                        category=DeprecationWarning)


class OpenPracticePlugin(BasePlugin[OpenPracticeConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None
        self.project: ProjectConfig | None = None
        self.items: dict[str, Entry] = {}
        self.generated: dict[str, list[str]] = {}  # generated page -> its HTML blocks
        self.records: dict[str, SearchRecord] = {}
        self.index: SiteIndex | None = None
        self.share: PageShare | None = None  # the pages a second process builds

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.project = _project_of(config, self.config)
        if not config.use_directory_urls:  # listings write their links in that style
            raise PluginError("openpractice: set use_directory_urls: true in mkdocs.yml (pages "
                              "are published as folders, e.g. practice/<id>/)")
        if self.config.listing_page_size < 1:
            raise PluginError("openpractice: listing_page_size must be 1 or more (cards on each "
                              f"page of a type's index), not {self.config.listing_page_size}")
        for message in competing_search_plugins(config.plugins):
            log.warning(message)  # one search: fails `mkdocs build --strict`
        result = validate_project(self.project.root, config=self.project)
        for problem in result.warnings:
            log.info(problem.as_text())  # warnings (e.g. overdue reviews) must not fail --strict
        errors = result.errors
        if errors:
            for problem in errors:
                log.error(problem.as_text())
            raise PluginError(
                f"{len(errors)} content error(s): fix them and build again "
                "(run 'openpractice validate' to see them alone)"
            )
        assert result.catalogue is not None
        self.catalogue = result.catalogue
        self.items = {entry.src_path: entry for entry in self.catalogue}
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.catalogue is None:
            return None
        for draft in self.catalogue.drafts:
            file = files.get_file_from_path(draft.src_path)
            if file is not None:
                files.remove(file)
        docs_dir = Path(config.docs_dir)
        real_docs_dir = docs_dir.resolve()
        for file in list(files):
            source = Path(file.abs_src_path) if file.abs_src_path else None
            if file.generated_by or source is None or not source.is_relative_to(docs_dir):
                continue  # generated pages and the theme's files
            # Publish only what the validator reads: not '_' or '.' files (it skips them, as
            # MkDocs skips _data/), nor a file reached through a link out of content/.
            if is_unpublished(file.src_uri) or not source.resolve().is_relative_to(real_docs_dir):
                files.remove(file)
        for page in generated_pages(self.catalogue, self.config.listing_page_size):
            if files.get_file_from_path(page.src_uri) is None:
                files.append(File.generated(config, page.src_uri, content=page.markdown))
                self.generated[page.src_uri] = page.html_blocks
        self.records = search_records(self.catalogue)
        return files

    @event_priority(-100)  # after every other plugin's on_nav: what the worker copies is final
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled or self.catalogue is None:
            return None
        order = [file.src_uri for file in files.documentation_pages()]
        render_with_gfm(file.page for file in files.documentation_pages()
                        if file.page is not None and not self._trusted(file.page))
        if self.config.parallel:
            describe = self._search_document if self.config.pagefind else None
            self.share = PageShare.start(choose_share(outside_nav(files, nav)), config=config,
                                         files=files, nav=nav, describe=describe)
        if self.config.pagefind:  # after the fork: the worker must not inherit its threads
            self.index = self._pagefind(lambda: SiteIndex.start(
                order=order, language=config.theme["language"], low_priority=self.share is None))
        return nav

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        entry = self.items.get(page.file.src_uri)
        if entry is None:
            return None
        # The body the validator read, under empty front-matter: MkDocs need not parse the
        # YAML again (its metadata is replaced in on_page_markdown anyway).
        return "---\n{}\n---\n" + entry.body

    @event_priority(100)  # before mkdocs-macros decides whether to render the page
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return None
        assert self.project is not None
        src = page.file.src_uri
        if src not in self.project.trusted_pages:
            page.meta["render_macros"] = False  # 'false' wins over every opt-in in macros
        entry = self.items.get(src)
        if entry is None:
            if not self._trusted(page):  # an ordinary contributed page
                page.meta = page_meta(page.meta)
            return None
        page.meta = item_meta(entry)
        return entry.body  # the body exactly as the validator read it

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return None
        if page.file.src_uri in self.generated:  # its HTML blocks skip Markdown (pages.py)
            html = self._fill_html_blocks(page, html)
        elif not self._trusted(page):
            if "title" not in page.meta:  # taken from the first heading or the file name
                page.title = page.meta["title"] = page_title(page.title or "")
            html = sanitise(html)
        if self.index is not None:
            self.index.add(page.file.src_uri, self._search_document(page, html))
        if self.share is not None:  # keep the worker's pages coming, and Pagefind fed in order
            share = self.share
            self._index_read(self._worker(share.arrived))
        return html

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled or self.catalogue is None:
            return None
        if self.share is not None:
            share = self.share
            self._index_read(self._worker(share.rest))
            share.adopt(config, files, env, self.items)
        env.globals.update(template_globals(self.catalogue))
        env.globals.update(fragment_globals(self.config.fragment_cache))
        env.globals.update(search_globals(self.catalogue, files, self.records))
        if self.index is not None:
            index = self.index
            expected = search_pages(files.documentation_pages(), self.items, self.generated)
            self._pagefind(lambda: index.finish(Path(config.site_dir) / OUTPUT_SUBDIR,
                                                expected=expected))
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        if self.share is not None and self.share.owns(page):
            return ""  # written by the worker: nothing here may overwrite it
        return fix_material_markup(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        if not self.config.enabled or not template_name.endswith(".html"):
            return None
        return fix_material_markup(output_content)  # 404.html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        if self.share is not None:
            share, self.share = self.share, None
            self._worker(share.finish)
        if self.index is not None:
            index, self.index = self.index, None
            log.info(self._pagefind(index.wait))

    def on_build_error(self, *, error: Exception) -> None:
        if self.share is not None:
            self.share.stop()
            self.share = None
        if self.index is not None:
            self.index.close()
            self.index = None

    @staticmethod
    def _pagefind(step: Callable[[], T]) -> T:
        try:
            return step()
        except PagefindError as exc:
            raise PluginError(str(exc)) from None

    @staticmethod
    def _worker(step: Callable[[], T]) -> T:
        try:
            return step()
        except WorkerError as exc:
            raise PluginError(f"openpractice: the second process building pages failed: {exc}") from None

    def _search_document(self, page: Page, html: str) -> SearchDocument | None:
        assert self.catalogue is not None
        src = page.file.src_uri
        return search_document(self.catalogue, self.records, page.file.dest_uri,
                               title=str(page.title or ""), body_html=html,
                               entry=self.items.get(src), meta=page.meta,
                               is_homepage=page.is_homepage, generated=src in self.generated)

    def _index_read(self, pages: list[ReadPage]) -> None:
        if self.index is not None:
            for read in pages:
                self.index.add(read.src_uri, read.search)

    def _fill_html_blocks(self, page: Page, html: str) -> str:
        blocks = self.generated[page.file.src_uri]
        if page.present_anchor_ids is not None:  # as MkDocs collects them from raw HTML
            page.present_anchor_ids.update(i for b in blocks for i in _ANCHOR_ID.findall(b))
        return fill_html_blocks(html, blocks)

    def _trusted(self, page: Page) -> bool:
        assert self.project is not None
        src = page.file.src_uri
        return src in self.project.trusted_pages or src in self.generated


def _project_of(config: MkDocsConfig, options: OpenPracticeConfig) -> ProjectConfig:
    macros = config.plugins.get("macros")
    macros_options: dict[str, Any] = dict(macros.config) if macros is not None else {}
    root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    return project_config(
        root=root,
        docs_dir=Path(config.docs_dir),
        options=dict(options),
        macros_options=macros_options,
    )
