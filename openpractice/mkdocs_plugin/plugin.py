"""MkDocs plugin: event glue only. Each event checks `enabled` and hands off to the core.

- on_config: validate the whole project (the same pipeline as `openpractice validate`); any
  error fails the build with the CLI's messages (while previewing, the site shows them).
  Then the core makes the site's plan (../plan.py), and Pagefind is given every page's search
  document from it: it indexes on the other core while MkDocs renders on this one.
- on_files: MkDocs gets the plan in memory: its pages, the files the build makes and the
  attachments published pages link to (planfiles.py). It never reads content/.
- on_nav: the plan's pages render without Markdown (plannedpage.py).
- on_page_read_source / on_page_markdown: each page's body and metadata come from the plan.
- on_env / on_page_context: Pagefind is told to write its index; the menu of pages outside
  the navigation is rendered once per folder (navmenu.py).
- on_post_page / on_post_template: two fixes to Material's own markup (htmlfixes.py).
- on_post_build: wait for the index, so every build is complete and searchable;
  on_build_error stops it.

Without this plugin nothing here runs: the engine finds an empty plan (a fresh clone), or
the vetted plan `openpractice plan` wrote, and publishes only that.
"""

from __future__ import annotations

import calendar
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..catalogue import Catalogue, Entry
from ..config import ConfigError, ProjectConfig, project_config
from ..plan import PlanError, PlannedPage, SitePlan, error_plan, make_plan, write_plan
from ..search.pagefind import OUTPUT_SUBDIR, PagefindError, competing_search_plugins
from ..search.records import SearchRecord
from ..search.site_index import SiteIndex, plan_document
from ..search.templating import search_records
from ..validate import build_date, validate_project
from .config import OpenPracticeConfig
from .htmlfixes import fix_material_markup
from .navmenu import MenuCache, menu_key
from .planfiles import plan_files
from .plannedpage import use_plan

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
        self.index: SiteIndex | None = None
        self.searched: list[str] = []  # the pages given to Pagefind (their dest_uri)
        self.env: Environment | None = None
        self.menus = MenuCache()
        # Whoever runs the build may fix the date MkDocs stamps (the sitemap's lastmod)
        self.fixed_date = "SOURCE_DATE_EPOCH" in os.environ

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
        if not self.fixed_date:
            # The site is made for a day (reviews fall due): the sitemap's dates say that day
            # too, not the clock's, so the same content built for the same day is the same.
            day = build_date()
            os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(day.timetuple()))
        self.catalogue = result.catalogue
        self.items = {entry.src_path: entry for entry in self.catalogue}
        records = search_records(self.catalogue)
        on_page = self._start_search(config, records) if self.config.pagefind else None
        self.plan = make_plan(result.sources, result.catalogue, result.attachments, self.project,
                              records=records, on_page=on_page)
        self._clear_plan_folder(config)  # MkDocs gets the plan in memory (on_files)
        return config

    def _start_search(self, config: MkDocsConfig,
                      records: dict[str, SearchRecord]) -> Callable[[PlannedPage], None]:
        """Pagefind is given each page's search document as soon as the plan has the page:
        it indexes on the other core while the rest of the plan is made and MkDocs renders."""
        assert self.catalogue is not None
        catalogue, titles = self.catalogue, _nav_titles(config.nav)
        index = self.index = self._pagefind(lambda: SiteIndex.start(
            language=config.theme["language"], low_priority=False))
        self.searched = []

        def add(page: PlannedPage) -> None:
            document = plan_document(page.src, page, catalogue, records, titles)
            if document is not None:
                index.add(document)
                self.searched.append(document[0])

        return add

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        plan_files(self.plan, files, config)  # the error pages too, while previewing
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled or self.catalogue is None:
            return None
        use_plan((file.page, self.plan.pages[file.src_uri]) for file in files.documentation_pages()
                 if file.page is not None and file.src_uri in self.plan.pages)
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

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled or self.catalogue is None:
            return None
        self.env, self.menus = env, MenuCache()
        if self.index is not None:  # every document is in: Pagefind writes while pages render
            index = self.index
            built = {file.dest_uri for file in files.documentation_pages()}
            expected = [dest for dest in self.searched if dest in built]
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
        if self.index is not None:
            index, self.index = self.index, None
            log.info(self._pagefind(index.wait))

    def on_build_error(self, *, error: Exception) -> None:
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


def _project_of(config: MkDocsConfig, options: OpenPracticeConfig) -> ProjectConfig:
    root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    return project_config(
        root=root,
        plan_dir=Path(config.docs_dir),
        options=dict(options),
        site={"site_name": config.site_name, "site_description": config.site_description,
              "site_url": config.site_url, "repo_url": config.repo_url},
    )


def _nav_titles(nav: Any) -> dict[str, str]:
    """Page file -> the title mkdocs.yml's nav gives it (the title MkDocs shows for it)."""
    titles: dict[str, str] = {}
    todo = [nav]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str) and value.endswith(".md"):
                    titles[value] = str(title)
                else:
                    todo.append(value)
        elif isinstance(item, list):
            todo.extend(item)
    return titles


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
