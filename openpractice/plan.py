"""The vetted plan of the site: everything that may be published, decided once per build by
the core, and the folder the engine builds from.

The engine (MkDocs + Material today) never reads content/. It reads the plan's folder, which
holds only

- the published pages: items, ordinary pages, and the pages the build generates (listings,
  theme and school pages, the policy register, the home and Explore pages), each as one
  block of vetted HTML (cleaned by nh3, links resolved, headings named from their cleaned
  text) under front-matter that the plan writes as data (one line of JSON, which YAML
  reads as it is): titles and descriptions already escaped, the template and layout chosen
  by the core, never by a contributor;
- the attachments a published page links to, and nothing else from content/.

Drafts, of any kind, are not in it; nor is an attachment linked only from a draft. So an
engine that ignores the `openpractice` plugin, or a build without it, publishes only vetted
content: the folder starts empty (a fresh clone holds only `.keep`), and what a previous
build wrote was vetted by that build. The plugin writes the plan at the start of every build;
`openpractice plan` writes it for an engine that does not run plugins at all.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from .addresses import SiteFiles, page_url
from .catalogue import Catalogue, Entry
from .cms import editor_files
from .config import ProjectConfig
from .loader import SourceFile
from .opendata.publish import article_values, head_elements, open_data_files, policy_downloads
from .problems import Problem
from .published import PublishedBody, finish, publish_body
from .search.records import SearchRecord
from .search.templating import explore_page, search_records
from .site.article import article_renderer
from .site.desk import desk_pages
from .site.feedback import contact_of, feedback_links
from .site.home import home_page
from .site.pages import GeneratedPage, generated_pages, generated_srcs
from .site.start import start_page

KEEP = ".keep"  # the one committed file in the plan's folder: the folder exists, empty
# MkDocs makes a page of every .md file in its docs_dir: a Markdown download (a policy's
# text) is written to the plan under this suffix, and the plugin publishes it at its own
# address (on_files). An engine without the plugin publishes it as it is, never as a page.
DOWNLOAD_SUFFIX = ".download"
# The front-matter keys an ordinary contributed page may set, as the plan keeps them.
HIDE_WORDS = {"navigation", "toc", "footer", "path"}
# The listings a page outside the navigation belongs to, for its breadcrumbs.
SECTIONS = {"practice": "Practice", "research": "Research", "policies": "Policies",
            "themes": "Themes", "schools": "Schools"}


def section_of(src: str) -> dict[str, str] | None:
    """The listing a page belongs to (`practice/x.md` -> Practice), unless it is that
    listing's own first page."""
    folder = src.split("/", 1)[0]
    if folder not in SECTIONS or src == f"{folder}/index.md" or "/" not in src:
        return None
    return {"title": SECTIONS[folder], "url": f"{folder}/"}


class PlanError(Exception):
    """The plan cannot be written where mkdocs.yml says (a usage error)."""


@dataclass(frozen=True)
class PlannedPage:
    src: str  # its path in the plan's folder, as in content/ (practice/x.md)
    meta: dict[str, Any]  # the front-matter the engine reads
    html: str  # the body: one <div> block of vetted HTML
    toc: list[dict[str, Any]] = field(default_factory=list)
    anchors: frozenset[str] = frozenset()
    entry: Entry | None = None  # an item's catalogue entry (for search)
    body_html: str = ""  # the page's own text for search (an item's contributed body)
    generated: bool = False

    @property
    def url(self) -> str:
        return page_url(self.src)

    def source(self) -> str:
        """The file the engine reads: front-matter as one line of JSON, then the body."""
        return f"---\n{front_matter_json(self.meta)}\n---\n\n{self.html}\n"


@dataclass
class SitePlan:
    pages: dict[str, PlannedPage] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # published attachment -> its file
    # Files the build makes from the catalogue (feeds, downloads, data): path -> content.
    outputs: dict[str, bytes] = field(default_factory=dict)

    def write(self, folder: Path) -> None:
        write_plan(self, folder)


def front_matter_json(meta: dict[str, Any]) -> str:
    """One line, whatever the values hold: JSON escapes line feeds, and the characters YAML
    also reads as line breaks are escaped here."""
    text = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
    for char in ("\u2028", "\u2029", "\u0085"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def published_sources(sources: Iterable[SourceFile], catalogue: Catalogue) -> list[SourceFile]:
    """The contributed pages that are published: valid items that are not drafts, and
    ordinary pages that are not drafts."""
    items = {entry.src_path for entry in catalogue}
    return [s for s in sources
            if (s.docs_rel in items if s.kind else not is_draft_page(s))]


def is_draft_page(source: SourceFile) -> bool:
    return isinstance(source.meta, dict) and source.meta.get("status") == "draft"


def generated(catalogue: Catalogue, config: ProjectConfig,
              records: Mapping[str, SearchRecord] | None = None) -> list[GeneratedPage]:
    records = records if records is not None else search_records(catalogue)
    return [home_page(catalogue, config.site_name, config.site_description),
            explore_page(catalogue, records),
            *generated_pages(catalogue, config.listing_page_size),
            *desk_pages(catalogue), start_page(catalogue, config)]


def make_plan(sources: Iterable[SourceFile], catalogue: Catalogue, attachments: Iterable[str],
              config: ProjectConfig, *, records: Mapping[str, SearchRecord] | None = None,
              on_page: Callable[[PlannedPage], None] | None = None) -> SitePlan:
    """The plan for a validated project: `validate_project`'s sources and catalogue, and the
    attachments in content/ by their path there. `on_page` is given each contributed page
    as soon as it is planned (the build's search index starts on them while the rest of the
    plan is made); `records`: the items' search records, when made already."""
    pages = published_sources(sources, catalogue)
    site = SiteFiles(pages={s.docs_rel for s in pages}
                     | generated_srcs(catalogue, config.listing_page_size), files=set(attachments))
    plan = SitePlan()
    _plan_contributed(plan, pages, catalogue, config, site, on_page or (lambda page: None))
    made = generated(catalogue, config, records)
    _plan_generated(plan, made, catalogue, config)
    plan.outputs.update(open_data_files(catalogue, config))
    plan.outputs.update(policy_downloads(catalogue, config, {
        src: page.body_html for src, page in plan.pages.items()
        if page.entry is not None and page.entry.kind == "policies"}))
    # The web editor at admin/ (cms.py): static files, never pages, so in no sitemap,
    # search index or feed; none without node_modules/decap-cms.
    plan.outputs.update(editor_files(
        catalogue.taxonomy, catalogue.schools.values(), root=config.root,
        repo_url=config.repo_url, site_url=config.site_url, site_name=config.site_name,
        default_license=config.default_license, auth_url=config.editor_auth_url))
    return plan


def _plan_contributed(plan: SitePlan, pages: list[SourceFile], catalogue: Catalogue,
                      config: ProjectConfig, site: SiteFiles,
                      on_page: Callable[[PlannedPage], None]) -> None:
    cite = article_values(catalogue, config)
    article = article_renderer(catalogue, config.site_name, lambda entry: {
        **cite(entry), "contact": contact_of(entry, catalogue, config)})
    entries = {entry.src_path: entry for entry in catalogue}
    for source in pages:
        body = publish_body(source.body, source.docs_rel, site)
        entry = entries.get(source.docs_rel)
        page = (_item_page(entry, body, article) if entry is not None
                else _ordinary_page(source, body))
        if links := feedback_links(config, html.unescape(page.meta["title"]), page.src,
                                   editable=True):
            page.meta["op_feedback"] = links
        plan.pages[page.src] = page
        on_page(page)
        for link in body.links:
            if link.kind == "file":  # published because a published page links to it
                plan.files[link.target] = config.docs_dir / link.target


def _plan_generated(plan: SitePlan, made: list[GeneratedPage], catalogue: Catalogue,
                    config: ProjectConfig) -> None:
    empty = SiteFiles(pages=(), files=())
    for made_page in made:
        planned = plan.pages[made_page.src_uri] = _generated_page(made_page, empty)
        if links := feedback_links(config, made_page.title, planned.src, editable=False):
            planned.meta["op_feedback"] = links
    # Open data (opendata/): structured data and feed links in the heads, feeds, the
    # catalogue, citation files and policy downloads, all from the catalogue.
    for src, head in head_elements(catalogue, config, (g.src_uri for g in made)).items():
        if src in plan.pages:
            plan.pages[src].meta["op_head_html"] = head


def _item_page(entry: Entry, body: PublishedBody, article: Any) -> PlannedPage:
    model = entry.model
    meta: dict[str, Any] = {"title": escape(model.title), "description": escape(model.summary)}
    if section := section_of(entry.src_path):
        meta["op_section"] = section
    return PlannedPage(entry.src_path, meta, article(entry, body.html), body.toc, body.anchors,
                       entry=entry, body_html=body.html)


def _ordinary_page(source: SourceFile, body: PublishedBody) -> PlannedPage:
    given = source.meta if isinstance(source.meta, dict) else {}
    title = given.get("title")
    if not isinstance(title, str | int | float) or isinstance(title, bool):
        title = body.title or _title_from_name(source.docs_rel)
    meta: dict[str, Any] = {"title": escape(str(title))}
    description = given.get("description")
    if isinstance(description, str):
        meta["description"] = escape(description)
    hide = given.get("hide")
    if isinstance(hide, list):
        meta["hide"] = [word for word in hide if word in HIDE_WORDS]
    search = given.get("search")
    if isinstance(search, dict) and search.get("exclude") is True:
        meta["search"] = {"exclude": True}
    html = f'<div class="op-page">\n{body.html}</div>'
    return PlannedPage(source.docs_rel, meta, html, body.toc, body.anchors, body_html=body.html)


def _title_from_name(src: str) -> str:
    """As MkDocs names a page without a title: its file name, in words."""
    stem = posixpath.basename(src).removesuffix(".md")
    if stem == "index":
        stem = posixpath.basename(posixpath.dirname(src)) or "Home"
    words = stem.replace("-", " ").replace("_", " ")
    return words.capitalize() if words.lower() == words else words


def _generated_page(page: GeneratedPage, site: SiteFiles) -> PlannedPage:
    body = finish(page.body, page.src_uri, site)  # heading ids and contents, as for any page
    meta: dict[str, Any] = {"title": escape(page.title), "search": {"exclude": True}}
    if page.description:
        meta["description"] = escape(page.description)
    if page.template:
        meta["template"] = page.template
    if page.hide:
        meta["hide"] = list(page.hide)
    if page.values:
        meta["op"] = page.values
    if section := section_of(page.src_uri):
        meta["op_section"] = section
    html = f'<div class="op-page op-page--generated">\n{body.html}</div>'
    return PlannedPage(page.src_uri, meta, html, body.toc, body.anchors, generated=True)


def plan_path(site_path: str) -> str:
    """Where a file the build makes is written in the plan (see DOWNLOAD_SUFFIX)."""
    return site_path + DOWNLOAD_SUFFIX if site_path.endswith(".md") else site_path


def write_plan(plan: SitePlan, folder: Path) -> None:
    """Make `folder` hold exactly the plan: files written only where they changed (so a
    preview server sees only real changes), anything else removed."""
    if folder.is_dir() and any(folder.iterdir()) and not (folder / KEEP).exists():
        raise PlanError(f"{folder} holds files but is not the site's plan (it has no {KEEP}); "
                        "set docs_dir in mkdocs.yml to an empty folder of its own, e.g. site-plan")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / KEEP).touch()
    wanted: dict[str, bytes | Path] = {src: page.source().encode("utf-8")
                                       for src, page in plan.pages.items()}
    wanted.update(plan.files)
    wanted.update({plan_path(rel): content for rel, content in plan.outputs.items()})
    _remove_unwanted(folder, set(wanted))
    for rel, content in wanted.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            if not _same_file(content, target):
                shutil.copyfile(content, target)
        elif not target.is_file() or target.read_bytes() != content:
            target.write_bytes(content)


def _same_file(source: Path, target: Path) -> bool:
    if not target.is_file():
        return False
    a, b = source.stat(), target.stat()
    return a.st_size == b.st_size and a.st_mtime_ns <= b.st_mtime_ns


def _remove_unwanted(folder: Path, wanted: set[str]) -> None:
    for here, dirs, files in os.walk(folder, topdown=False):
        rel_dir = Path(here).relative_to(folder).as_posix()
        for name in files:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if rel not in wanted and rel != KEEP:
                (Path(here) / name).unlink()
        for name in dirs:
            path = Path(here) / name
            if path.is_symlink():
                path.unlink()
            elif not any(path.iterdir()):
                path.rmdir()


def error_plan(problems: Iterable[Problem], srcs: Iterable[str]) -> SitePlan:
    """While previewing (`mkdocs serve`), a project with errors is shown as a site whose every
    page lists them, so the browser reloads with the messages instead of waiting for a build
    that never comes. `srcs`: the pages the configuration expects (its nav), and the home."""
    items = "\n".join(
        f"<li><code>{escape(p.path)}:{p.line}:{p.column}</code> {escape(p.severity.value)}: "
        f"{escape(p.message)} <code>[{escape(p.rule)}]</code></li>" for p in problems)
    html = ('<div class="op-page op-build-error">\n<h1 id="the-site-could-not-be-built">The site '
            "could not be built</h1>\n<p>Fix these problems and save: this page reloads by "
            "itself. <code>openpractice validate</code> lists them too.</p>\n"
            f"<ul>\n{items}\n</ul>\n</div>")
    meta = {"title": "The site could not be built", "hide": ["navigation", "toc"],
            "search": {"exclude": True}}
    return SitePlan(pages={src: PlannedPage(src, meta, html) for src in {"index.md", *srcs}})
