"""MkDocs plugin: event glue only. Each event checks `enabled` and hands off to the core.

- on_config: validate the whole project (the same pipeline as `openpractice validate`); any
  error fails the build with the CLI's messages.
- on_files: drop drafts entirely; add the generated pages.
- on_page_markdown: typed metadata for items; macros forced off on every page not listed.
- on_page_content: contributed HTML is cleaned by nh3 (defence in depth behind the checks).
- on_env: the catalogue and helpers for templates.
- on_post_build: Pagefind indexes the built site, so every build is searchable.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..catalogue import Catalogue, Entry
from ..config import ProjectConfig, project_config
from ..html_policy import sanitise
from ..search.pagefind import PagefindError, index_site
from ..site.pages import generated_pages
from ..site.templating import template_globals
from ..validate import validate_project
from .config import OpenPracticeConfig
from .pagemeta import item_meta

log = logging.getLogger("mkdocs.plugins.openpractice")


class OpenPracticePlugin(BasePlugin[OpenPracticeConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None
        self.project: ProjectConfig | None = None
        self.items: dict[str, Entry] = {}
        self.generated: set[str] = set()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.project = _project_of(config, self.config)
        result = validate_project(self.project.root, config=self.project)
        for problem in result.warnings:
            log.info(problem.as_text())  # warnings (e.g. overdue reviews) must not fail --strict
        if result.errors:
            for problem in result.errors:
                log.error(problem.as_text())
            raise PluginError(
                f"{len(result.errors)} content error(s): fix them and build again "
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
        for page in generated_pages(self.catalogue):
            if files.get_file_from_path(page.src_uri) is None:
                files.append(File.generated(config, page.src_uri, content=page.markdown))
                self.generated.add(page.src_uri)
        return files

    @event_priority(100)  # before mkdocs-macros decides whether to render the page
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return None
        if not self._trusted(page):
            page.meta["render_macros"] = False  # 'false' wins over every opt-in in macros
        entry = self.items.get(page.file.src_uri)
        if entry is None:
            return None
        page.meta = item_meta(entry)
        return entry.body  # the body exactly as the validator read it

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or self._trusted(page):
            return None
        return sanitise(html)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if not self.config.enabled or self.catalogue is None:
            return None
        env.globals.update(template_globals(self.catalogue))
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or not self.config.pagefind:
            return
        try:
            summary = index_site(Path(config.site_dir))
        except PagefindError as exc:
            raise PluginError(str(exc)) from None
        log.debug(summary)

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
