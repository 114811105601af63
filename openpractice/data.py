"""Read `_data/taxonomy.yml` and `_data/schools.yml` into typed models, with positions, and
check their text for pupils' personal data as a page's is checked."""

from __future__ import annotations

import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from .loader import MAX_FILE_BYTES, SYMLINK_MESSAGE, decode
from .models import KEBAB, VOCABULARIES, School, Taxonomy
from .personal_data import find_in_text
from .problems import Problem, error, format_field
from .rules import broader, control_chars
from .rules.personal_data import RULE as PERSONAL_DATA
from .rules.schema import schema_problems
from .rules.terms import terms_guesser, unknown_term_message
from .yamlpos import Document, Positions, YamlProblem, load_document

_SCHOOLS = TypeAdapter(list[School])


@dataclass
class DataFiles:
    taxonomy: Taxonomy | None = None
    schools: list[School] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    taxonomy_positions: Positions = field(default_factory=Positions)
    schools_positions: Positions = field(default_factory=Positions)


def _read(path: Path, rel: str, problems: list[Problem]) -> Document | None:
    data = _read_bytes(path, rel, problems)
    if data is None:
        return None
    text, bad = decode(data)
    if text is None:
        assert bad is not None
        problems.append(error(rel, bad[0], bad[1], "", "the file is not UTF-8 text", "not-utf8"))
        return None
    # The data files are published too (school pages print their values; the editor's form
    # shows them), so they get the pages' check for pupils' personal data, on their text.
    problems.extend(error(rel, f.line, f.column, "", f.message, PERSONAL_DATA)
                    for f in find_in_text(text))
    try:
        doc = load_document(text, line_offset=0)
    except YamlProblem as exc:
        problems.append(error(rel, exc.mark.line, exc.mark.column, exc.field, exc.message, exc.rule))
        return None
    problems.extend(
        error(rel, p.mark.line, p.mark.column, p.field, p.message, p.rule) for p in doc.problems
    )
    for where, message in control_chars.found_in_values(doc.value):
        mark = doc.positions.locate(where)
        problems.append(error(rel, mark.line, mark.column, format_field(where), message,
                              control_chars.RULE))
    return doc


def _read_bytes(path: Path, rel: str, problems: list[Problem]) -> bytes | None:
    """The file's bytes, unless it is a link (never followed: it may point at a secret, and
    the values read are echoed in messages), not a regular file, or too large."""
    def fail(message: str, rule: str) -> None:
        problems.append(error(rel, 1, 1, "", message, rule))

    linked = next((p for p in (path.parent, path) if p.is_symlink()), None)
    if linked is not None:
        what = "file" if linked == path else f"folder '{linked.name}' holding it"
        fail(f"the {what} {SYMLINK_MESSAGE}", "symlink")
        return None
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        fail(f"{rel} is missing; the site needs it", "missing-file")
        return None
    except OSError as exc:
        fail(f"the file cannot be read ({exc.strerror})", "unreadable")
        return None
    if not stat.S_ISREG(mode):  # a folder, a pipe or a device: reading could block forever
        fail("the file is not a regular file; it must be a YAML text file", "unreadable")
        return None
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = b"" if size > MAX_FILE_BYTES else handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        fail(f"the file cannot be read ({exc.strerror})", "unreadable")
        return None
    if size > MAX_FILE_BYTES or len(data) > MAX_FILE_BYTES:
        fail(f"the file is {max(size, len(data)):,} bytes, over the {MAX_FILE_BYTES:,}-byte "
             "limit; a data file holds short labels and descriptions, never documents",
             "file-too-large")
        return None
    return data


def load_data(data_dir: Path, root: Path) -> DataFiles:
    out = DataFiles()
    tax_rel = (data_dir / "taxonomy.yml").relative_to(root).as_posix()
    doc = _read(data_dir / "taxonomy.yml", tax_rel, out.problems)
    if doc is not None:
        out.taxonomy_positions = doc.positions
        try:
            out.taxonomy = Taxonomy.model_validate(doc.value)
        except ValidationError as exc:
            out.problems += schema_problems(exc, Taxonomy, tax_rel, doc.positions)
        if out.taxonomy:
            out.problems += _taxonomy_problems(out.taxonomy, tax_rel, doc.positions)
            out.problems += broader.check(out.taxonomy, tax_rel, doc.positions)
    schools_rel = (data_dir / "schools.yml").relative_to(root).as_posix()
    doc = _read(data_dir / "schools.yml", schools_rel, out.problems)
    if doc is not None:
        out.schools_positions = doc.positions
        try:
            out.schools = _SCHOOLS.validate_python(doc.value)
        except ValidationError as exc:
            out.problems += schema_problems(exc, School, schools_rel, doc.positions)
        out.problems += _school_problems(out.schools, out.taxonomy, schools_rel, doc.positions)
    return out


def _taxonomy_problems(taxonomy: Taxonomy, rel: str, positions: Positions) -> list[Problem]:
    problems = []
    for vocabulary in VOCABULARIES:
        terms = getattr(taxonomy, vocabulary)
        counts = Counter(term.id for term in terms)
        for i, term in enumerate(terms):
            mark = positions.locate((vocabulary, i, "id"))
            if counts[term.id] > 1:
                problems.append(error(rel, mark.line, mark.column, f"{vocabulary}[{i}].id",
                                      f"'{term.id}' is listed more than once; ids must be unique",
                                      "duplicate-id"))
            if vocabulary != "licenses" and not re.match(KEBAB, term.id):
                problems.append(error(rel, mark.line, mark.column, f"{vocabulary}[{i}].id",
                                      f"'{term.id}' is not kebab-case; use lower-case letters, "
                                      "digits and hyphens", "bad-id"))
    return problems


def _school_problems(
    schools: list[School], taxonomy: Taxonomy | None, rel: str, positions: Positions
) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    phases = taxonomy.terms("phases") if taxonomy else {}
    guesser = terms_guesser(phases)
    for i, school in enumerate(schools):
        if school.id in seen:
            mark = positions.locate((i, "id"))
            problems.append(error(rel, mark.line, mark.column, f"[{i}].id",
                                  f"school id '{school.id}' is used more than once",
                                  "duplicate-id"))
        seen.add(school.id)
        if taxonomy and school.phase not in phases:
            mark = positions.locate((i, "phase"))
            problems.append(error(rel, mark.line, mark.column, f"[{i}].phase",
                                  unknown_term_message(school.phase, "phase", phases, guesser),
                                  "unknown-term"))
    return problems
