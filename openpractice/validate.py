"""The one validation pipeline, behind both the CLI and the MkDocs build.

Phase one reads every file and the data files; phase two checks each item against the schema
and the vocabularies, then the whole set (ids, references). All problems are collected; the
catalogue is built from the items that passed.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .addresses import SiteFiles, page_url, reserved_file_reason, reserved_reason, taken_addresses
from .attachments import check_attachment
from .catalogue import Catalogue, Entry
from .config import ConfigError, ProjectConfig, load_config
from .data import DataFiles, load_data
from .loader import SourceFile, _relative, load_file, scan_content
from .models import KEBAB, MODELS, ItemBase
from .problems import Problem, error, sorted_problems
from .published import publish_body
from .rules import (
    contact,
    control_chars,
    external_images,
    folder,
    links,
    personal_data,
    recheck,
    references,
    review,
    sections,
    terms,
    unsafe_html,
)
from .rules.base import Check
from .rules.body import Body
from .rules.schema import schema_problems
from .site.pages import PAGE_ID, generated_srcs


@dataclass
class ValidationResult:
    config: ProjectConfig
    problems: list[Problem] = field(default_factory=list)
    catalogue: Catalogue | None = None
    sources: list[SourceFile] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)  # files in content/, by path there

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def build_date(today: date | None = None) -> date:
    """The date review status is computed against: given, or OPENPRACTICE_TODAY, or today."""
    if today is not None:
        return today
    env = os.environ.get("OPENPRACTICE_TODAY")
    if not env:
        return date.today()
    try:
        return date.fromisoformat(env)
    except ValueError:
        raise ConfigError(f"OPENPRACTICE_TODAY must be a date, YYYY-MM-DD, not {env!r}") from None


def validate_project(
    root: Path, today: date | None = None, config: ProjectConfig | None = None,
    only: Iterable[Path] | None = None,
) -> ValidationResult:
    """Validate the project at `root`. With `only`, report problems in those files alone
    (the rest of the project is still read, for references)."""
    with _no_cyclic_gc():
        return _validate(root, today, config, only)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Reading keeps every file's YAML node graph for error positions; with thousands of
    files the cyclic collector rescans that growing heap again and again (3x slower). Nothing
    here makes reference cycles worth collecting, so pause it for the run."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()  # what survived the run (the catalogue) is not rescanned, either
            gc.enable()


def _validate(
    root: Path, today: date | None, config: ProjectConfig | None, only: Iterable[Path] | None
) -> ValidationResult:
    root = root.resolve()
    config = config or load_config(root)
    today = build_date(today)
    result = ValidationResult(config)
    data = load_data(config.data_dir, root)
    data.problems += _school_contact_problems(data, config)
    scan = scan_content(root, config.docs_dir)
    sources = [load_file(path, root, config.docs_dir) for path in scan.pages]
    result.sources = sources
    result.attachments = [_relative(path, config.docs_dir) for path in scan.attachments]
    entries = _check_items(sources, data, config, today)
    if data.taxonomy is not None:
        result.catalogue = Catalogue(entries, data.taxonomy, data.schools, today,
                                     config.research_review_months)
        _check_site(sources, result.catalogue, result.attachments, data, config)
    problems = data.problems + [p for s in sources for p in s.problems]
    problems += _attachment_problems(result.attachments, config)
    # Symbolic links and file types a browser would run: MkDocs would publish them as they are.
    problems += scan.problems
    problems += [p for path in scan.attachments for p in check_attachment(path, _relative(path, root))]
    if only is not None:
        wanted = {p.resolve().relative_to(root).as_posix() for p in only}
        problems = [p for p in problems if p.path in wanted]
    result.problems = sorted_problems(problems)
    return result


def _school_contact_problems(data: DataFiles, config: ProjectConfig) -> list[Problem]:
    """A school's `contact` is published on its page: a role, or an address on the trust's
    domains, as for a practice write-up (rules/contact.py)."""
    found = []
    rel = _relative(config.data_dir / "schools.yml", config.root)
    for i, school in enumerate(data.schools):
        message = contact.problem(school.contact, config.contact_domains) if school.contact else None
        if message is not None:
            mark = data.schools_positions.locate((i, "contact"))
            found.append(error(rel, mark.line, mark.column, f"[{i}].contact", message, contact.RULE))
    return found


def _check_items(
    sources: list[SourceFile], data: DataFiles, config: ProjectConfig, today: date
) -> list[Entry]:
    schools = {school.id: school for school in data.schools}
    # A research file that exists but cannot be read has its own errors; citing it is no
    # second error, hence "unreadable" rather than absent.
    research = {s.id: str(s.meta.get("status", "published")) if s.meta is not None else "unreadable"
                for s in sources if s.kind == "research"}
    _check_ids([s for s in sources if s.kind])
    entries = []
    for source in sources:
        check = Check(source.rel, source.positions, config, data.taxonomy, schools)
        model = _model_of(source, check, today, research)
        _check_body(source, check, config)
        source.problems += check.problems
        if model is not None and not any(p.is_error for p in source.problems):
            entries.append(Entry(model, source.docs_rel, source.body))
    return entries


def _model_of(
    source: SourceFile, check: Check, today: date, research: dict[str, str]
) -> ItemBase | None:
    if source.meta is None:
        return None
    # An item's front-matter outside its type's folder: checked as the type it is.
    content = _relative(check.config.docs_dir, check.config.root)
    kind = folder.check(source.kind, source.meta, source.rel, content, check) or source.kind
    if kind is None:
        return None
    meta: dict[str, Any] = dict(source.meta)
    if "id" in meta:
        check.error(("id",), "'id' is not a field: the id is the file name "
                    f"('{source.id}'); remove this line", "unknown-key")
        del meta["id"]
    terms.check(meta, check)
    references.check(kind, meta, check, research)
    model_class = MODELS[kind]
    try:
        model = model_class.model_validate({**meta, "id": source.id}, context={"today": today})
    except ValidationError as exc:
        check.problems += schema_problems(exc, model_class, source.rel, source.positions)
        return None
    if model.license is None:
        model = model.model_copy(update={"license": check.config.default_license})
    contact.check(model, check)
    review.check(model, check, today)
    recheck.check(model, check, today)
    return model


def _check_body(source: SourceFile, check: Check, config: ProjectConfig) -> None:
    if source.text is None:
        return
    personal_data.check(source.text, check)
    control_chars.check(source.meta, source.body, source.body_line, check)
    sections.check(source.kind, source.body, source.body_line, check)
    body = Body(source.body, source.body_line, check)
    if unsafe_html.check(body):
        external_images.check(body)
    if source.kind is None and source.meta and source.meta.get("render_macros"):
        check.error(("render_macros",), "nothing in content/ runs as a template or macro: "
                    "pages that need one belong to the maintainers' templates (overrides/); "
                    "remove this line", "macros-not-allowed")


def is_draft(source: SourceFile) -> bool:
    """Any page may be a draft (`status: draft`): it is published nowhere."""
    return isinstance(source.meta, dict) and source.meta.get("status") == "draft"


def _check_site(sources: list[SourceFile], catalogue: Catalogue, attachments: list[str],
                data: DataFiles, config: ProjectConfig) -> None:
    """What needs the whole site: each page's address, and where its links point."""
    published = [s for s in sources if not is_draft(s)]
    _check_addresses(published)
    made = generated_srcs(catalogue, config.listing_page_size)
    site = SiteFiles(pages={s.docs_rel for s in published} | made, files=set(attachments))
    by_src = {s.docs_rel: s for s in published}
    known: dict[str, frozenset[str] | None] = {}

    def anchors(src: str) -> frozenset[str] | None:
        if src not in known:
            page = by_src.get(src)
            known[src] = None if page is None else publish_body(page.body, src, site).anchors
        return known[src]

    schools = {school.id: school for school in data.schools}
    for source in published:
        if source.text is None:
            continue
        check = Check(source.rel, source.positions, config, data.taxonomy, schools)
        if not any(p.rule == unsafe_html.TOO_COMPLEX for p in source.problems):
            links.check(Body(source.body, source.body_line, check), source.docs_rel, site, anchors)
        source.problems += check.problems


def _attachment_problems(attachments: list[str], config: ProjectConfig) -> list[Problem]:
    problems = []
    for path in attachments:
        if reason := reserved_file_reason(path):
            rel = (config.docs_dir / path).relative_to(config.root).as_posix()
            problems.append(error(rel, 1, 1, "", f"this file would be published at '/{path}', but "
                                  f"{reason}; give it another name or folder", "reserved-address"))
    return problems


def _check_addresses(published: list[SourceFile]) -> None:
    """No contributed page takes the address of a page the build makes, or of another page
    (addresses compared, not file names: `about.md` and `about/index.md` are both `about/`)."""
    by_src = {s.docs_rel: s for s in published}
    for folded, srcs in taken_addresses(by_src).items():
        pages = [by_src[src] for src in srcs]
        reason = reserved_reason(folded)
        for page in pages:
            address = page_url(page.docs_rel)
            if reason and not page.kind:
                page.fail(1, 1, f"this page would be published at '/{address}', but {reason}; "
                          "give the file another name or folder", "reserved-address")
            elif page is not pages[0]:
                page.fail(1, 1, f"this page would be published at '/{address}', the address of "
                          f"{pages[0].rel}; rename one of them", "reserved-address")


def _check_ids(sources: list[SourceFile]) -> None:
    seen: dict[tuple[str | None, str], SourceFile] = {}
    for source in sources:
        if not re.match(KEBAB, source.id):
            source.fail(1, 1, f"the file name '{source.path.name}' must be kebab-case "
                        "(lower-case letters, digits and hyphens), e.g. 'reciprocal-reading.md'",
                        "bad-id")
        if source.id == "index" or re.fullmatch(PAGE_ID, source.id):
            source.fail(1, 1, f"'{source.path.name}' is reserved for the generated list of "
                        f"{source.kind}; give the file a name of its own", "bad-id")
        first = seen.setdefault((source.kind, source.id), source)
        if first is not source:
            source.fail(1, 1, f"the id '{source.id}' is already used by {first.rel}; "
                        "rename one of the files", "duplicate-id")
