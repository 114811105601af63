"""MkDocs plugin: event glue only. Each event checks `enabled` and hands off to the core.

- on_config: validate the whole project (the same pipeline as `openpractice validate`); any
  error fails the build with the CLI's messages. Then the core makes the site's plan and
  writes it to MkDocs' docs_dir (../plan.py): MkDocs builds from vetted pages only, never
  from content/.
- on_nav: files and navigation are final: the plan's pages render without Markdown
  (plannedpage.py); on a machine with two cores a second process starts building half the
  pages outside the navigation (share.py); then Pagefind starts.
- on_page_read_source / on_page_markdown: each page's body and metadata come from the plan
  in memory, not from reading and parsing its file again.
- on_page_content: a page meant for search goes to Pagefind, which indexes it in its own
  process while the build goes on (search/site_index.py), with the pages the second process
  has read.
- on_env: every page has been read, so the second process's pages rejoin the build and
  Pagefind is told to write its index.
- on_post_page / on_post_template: two fixes to Material's own markup (htmlfixes.py).
- on_post_build: wait for the second process and the index, so every build is complete and
  searchable; after `mkdocs build` the plan's folder is emptied again, so an engine run
  later without this plugin finds nothing stale to publish. on_build_error stops both.

Without this plugin nothing here runs: the engine finds an empty plan (a fresh clone), or
the vetted plan `openpractice plan` wrote, and publishes only that.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..catalogue import Catalogue, Entry
from ..config import ConfigError, ProjectConfig, project_config
from ..plan import PlanError, SitePlan, error_plan, make_plan, write_plan
from ..search.pagefind import OUTPUT_SUBDIR, PagefindError, competing_search_plugins, search_pages
from ..search.records import SearchRecord
from ..search.site_index import SearchDocument, SiteIndex, search_document
from ..search.templating import search_records
from ..validate import validate_project
from ..worker import WorkerError
from .config import OpenPracticeConfig
from .htmlfixes import fix_material_markup
from .navmenu import MenuCache, menu_key
from .planfiles import plan_files
from .plannedpage import use_plan
from .share import PageShare, ReadPage, choose_share, outside_nav

log = logging.getLogger("mkdocs.plugins.openpractice")
T = TypeVar("T")


class OpenPracticePlugin(BasePlugin[OpenPracticeConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.catalogue: Catalogue | None = None
        self.project: ProjectConfig | None = None
        self.plan = SitePlan()
        self.items: dict[str, Entry] = {}
        self.records: dict[str, SearchRecord] = {}
        self.index: SiteIndex | None = None
        self.share: PageShare | None = None  # the pages a second process builds
        self.env: Environment | None = None
        self.menus = MenuCache()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        try:
            self.project = _project_of(config, self.config)
        except ConfigError as exc:
            raise PluginError(f"openpractice: {exc}") from None
        if not config.use_directory_urls:  # pages are published as folders
            raise PluginError("openpractice: set use_directory_urls: true in mkdocs.yml (pages "
                              "are published as folders, e.g. practice/<id>/)")
        for message in competing_search_plugins(config.plugins):
            log.warning(message)  # one search: fails `mkdocs build --strict`
        try:
            result = validate_project(self.project.root, config=self.project)
        except ConfigError as exc:
            raise PluginError(f"openpractice: {exc}") from None
        for problem in result.warnings:
            log.info(problem.as_text())  # warnings (e.g. overdue reviews) must not fail --strict
        errors = result.errors
        if errors and self.command == "serve":  # the preview shows them, and reloads when fixed
            for problem in errors:
                log.info(problem.as_text())
            log.info(f"openpractice: {len(errors)} content error(s): the preview shows them")
            self.plan = error_plan(errors, _nav_sources(config.nav))
            self._clear_plan_folder(config)
            self.catalogue = None
            return config
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
        self.plan = make_plan(result.sources, result.catalogue, result.attachments, self.project)
        self._clear_plan_folder(config)  # MkDocs gets the plan in memory (on_files)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        if self.catalogue is not None:
            self.records = search_records(self.catalogue)
        plan_files(self.plan, files, config)  # the error pages too, while previewing
        return files

    @event_priority(-100)  # after every other plugin's on_nav: what the worker copies is final
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled or self.catalogue is None:
            return None
        order = [file.src_uri for file in files.documentation_pages()]
        use_plan((file.page, self.plan.pages[file.src_uri]) for file in files.documentation_pages()
                 if file.page is not None and file.src_uri in self.plan.pages)
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
        planned = self.plan.pages.get(page.file.src_uri)
        # The plan's body without its front-matter: MkDocs need not parse the JSON again (the
        # metadata is set from the plan in on_page_markdown).
        return planned.html if planned is not None else None

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return None
        planned = self.plan.pages.get(page.file.src_uri)
        if planned is not None:
            page.meta = dict(planned.meta)
        return None

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return None
        if self.index is not None:
            self.index.add(page.file.src_uri, self._search_document(page, html))
        if self.share is not None:  # keep the worker's pages coming, and Pagefind fed in order
            share = self.share
            self._index_read(self._worker(share.arrived))
        return None

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled or self.catalogue is None:
            return None
        self.env, self.menus = env, MenuCache()
        if self.share is not None:
            share = self.share
            self._index_read(self._worker(share.rest))
            share.adopt(config, files, env, self.items)
        if self.index is not None:
            index = self.index
            generated = {src for src, page in self.plan.pages.items() if page.generated}
            expected = search_pages(files.documentation_pages(), self.items, generated)
            self._pagefind(lambda: index.finish(Path(config.site_dir) / OUTPUT_SUBDIR,
                                                expected=expected))
        return env

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext | None:
        if not self.config.enabled or not self.config.nav_cache or self.env is None:
            return None
        key = menu_key(page, nav)
        if key is not None:
            features = list(config.theme.get("features") or [])
            context["op_nav_html"] = self.menus.menu(self.env, dict(context), key, features)  # type: ignore[typeddict-unknown-key]
        return context

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

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Callable[..., Any]) -> Any:
        if self.config.enabled and self.project is not None:
            server.watch(str(self.project.docs_dir))  # content/: the plan is made from it
        return server

    @staticmethod
    def _clear_plan_folder(config: MkDocsConfig) -> None:
        """With the plugin, MkDocs gets the plan in memory; the folder is emptied so that
        nothing a previous `openpractice plan` wrote is read beside it, and an engine run
        later without the plugin finds nothing stale."""
        try:
            write_plan(SitePlan(), Path(config.docs_dir))
        except PlanError as exc:
            raise PluginError(f"openpractice: {exc}") from None

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
        planned = self.plan.pages.get(page.file.src_uri)
        return search_document(self.catalogue, self.records, page.file.dest_uri,
                               title=str(page.title or ""),
                               body_html=planned.body_html if planned is not None else html,
                               entry=planned.entry if planned is not None else None,
                               meta=page.meta, is_homepage=page.is_homepage,
                               generated=planned is not None and planned.generated)

    def _index_read(self, pages: list[ReadPage]) -> None:
        if self.index is not None:
            for read in pages:
                self.index.add(read.src_uri, read.search)


def _project_of(config: MkDocsConfig, options: OpenPracticeConfig) -> ProjectConfig:
    root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    return project_config(
        root=root,
        plan_dir=Path(config.docs_dir),
        options=dict(options),
        site={"site_name": config.site_name, "site_description": config.site_description,
              "site_url": config.site_url, "repo_url": config.repo_url},
    )


def _nav_sources(nav: Any) -> list[str]:
    """The page files mkdocs.yml's nav names (strings, in nested lists and mappings)."""
    found: list[str] = []
    todo = [nav]
    while todo:
        item = todo.pop()
        if isinstance(item, str) and item.endswith(".md"):
            found.append(item)
        elif isinstance(item, dict):
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return found
