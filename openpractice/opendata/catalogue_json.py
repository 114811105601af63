"""The catalogue as data: `catalogue.json`, the JSON Schema (2020-12) that describes it,
`catalogue.schema.json`, and one CSV per type for spreadsheet users (`practice.csv`,
`research.csv`, `policies.csv`, at the site's root).

catalogue.json (version 1; keys always in this order):

    {"$schema": <catalogue.schema.json's address>, "version": 1,
     "site": {"name", "url", "description"},
     "updated": newest item's date (YYYY-MM-DD) or null,
     "counts": {"practice": n, "research": n, "policies": n},
     "items": [ {"type", "id", "url", "license": {"id", "name", "url"},
                 "content_sha256", "downloads": {"bibtex", "ris"[, "docx", "markdown"]},
                 "fields": {...the item's front-matter, defaults filled in...}} ]}

Items are in the catalogue's order (type, then id). `fields` holds every key of the type's
schema (models.py), unset ones as null; its schema is exported from the same models, so the
two cannot drift. `content_sha256` is the SHA-256 of the UTF-8 bytes of
`{"body": <the Markdown body>, "fields": <fields>}` written as compact JSON with sorted keys
(`content_hash`): it changes exactly when the item's text or fields change.

The CSVs (UTF-8 with a byte-order mark, so that Excel reads the accents; CRLF rows): one row
per item, newest-first is not needed (catalogue order), lists joined with "; ". For people
rather than programs, terms and schools are written as their labels and names ("Key stage 2",
"Brookside Primary"), not ids; catalogue.json has the ids. A text cell that a spreadsheet
would run as a formula (starting with =, +, -, @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from typing import Any

from ..catalogue import KIND_ORDER, Catalogue, Entry
from ..models import MODELS, Policy, Practice, Research
from ..search.records import TRUST_WIDE
from ..site.templating import STAGES
from .common import Site, cite_files, licence_of, newest_first, policy_files

VERSION = 1
CATALOGUE = "catalogue.json"
SCHEMA = "catalogue.schema.json"
CSV_FILES = {kind: f"{kind}.csv" for kind in KIND_ORDER}
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


def item_fields(entry: Entry) -> dict[str, Any]:
    """The item's front-matter as the catalogue publishes it (the schema's order)."""
    return entry.model.model_dump(mode="json")


def content_hash(entry: Entry) -> str:
    canonical = json.dumps({"body": entry.body, "fields": item_fields(entry)},
                           ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def downloads(entry: Entry, site: Site) -> dict[str, str]:
    bib, ris = cite_files(entry)
    files = {"bibtex": site.link(bib, CATALOGUE), "ris": site.link(ris, CATALOGUE)}
    if entry.kind == "policies":
        docx, markdown = policy_files(entry)
        files |= {"docx": site.link(docx, CATALOGUE), "markdown": site.link(markdown, CATALOGUE)}
    return files


def catalogue_record(entry: Entry, catalogue: Catalogue, site: Site) -> dict[str, Any]:
    licence = licence_of(entry, catalogue, site)
    return {
        "type": entry.kind,
        "id": entry.id,
        "url": site.link(entry.url, CATALOGUE),
        "license": {"id": licence.id, "name": licence.name, "url": licence.url},
        "content_sha256": content_hash(entry),
        "downloads": downloads(entry, site),
        "fields": item_fields(entry),
    }


def catalogue_data(catalogue: Catalogue, site: Site) -> dict[str, Any]:
    newest = newest_first(catalogue.entries)
    return {
        "$schema": site.link(SCHEMA, CATALOGUE),
        "version": VERSION,
        "site": {"name": site.name, "url": site.url, "description": site.description},
        "updated": newest[0].model.last_changed.isoformat() if newest else None,
        "counts": catalogue.counts(),
        "items": [catalogue_record(entry, catalogue, site) for entry in catalogue],
    }


def _json_bytes(data: Any) -> bytes:
    # one line: json writes that in C, and an indented file of thousands of items cost half a
    # second in its pure-Python encoder (readers pretty-print it for themselves)
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# ------------------------------------------------------------------------------ the schema

def _fields_schemas() -> tuple[dict[str, Any], dict[str, Any]]:
    """Each type's `fields` schema from its model, and their shared $defs (hoisted to the
    top, where the models' `#/$defs/...` references point)."""
    shared: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for kind in KIND_ORDER:
        schema = copy.deepcopy(MODELS[kind].model_json_schema(mode="serialization"))
        for name, definition in schema.pop("$defs", {}).items():
            if shared.setdefault(name, definition) != definition:
                raise ValueError(f"two models define {name} differently")  # pragma: no cover
        schema["properties"].pop("id", None)
        schema["title"] = f"The fields of a {MODELS[kind].label.lower()} item"
        fields[f"{kind}_fields"] = schema
    return fields, shared


def catalogue_schema(site: Site) -> dict[str, Any]:
    fields, shared = _fields_schemas()
    url_string = {"type": "string", "format": "uri-reference"}
    defs: dict[str, Any] = dict(sorted(shared.items()))
    defs |= fields
    defs["licence"] = {
        "type": "object", "additionalProperties": False, "required": ["id", "name", "url"],
        "properties": {
            "id": {"type": "string", "description": "SPDX identifier, e.g. CC-BY-4.0"},
            "name": {"type": "string"},
            "url": {"anyOf": [{"type": "string", "format": "uri"}, {"type": "null"}],
                    "description": "The licence's text, when known"},
        },
    }
    items = []
    for kind in KIND_ORDER:
        files = {"bibtex": url_string, "ris": url_string}
        if kind == "policies":
            files |= {"docx": url_string, "markdown": url_string}
        items.append({
            "type": "object", "additionalProperties": False,
            "required": ["type", "id", "url", "license", "content_sha256", "downloads", "fields"],
            "properties": {
                "type": {"const": kind},
                "id": {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$"},
                "url": {**url_string, "description": "The item's page"},
                "license": {"$ref": "#/$defs/licence"},
                "content_sha256": {
                    "type": "string", "pattern": "^[0-9a-f]{64}$",
                    "description": "SHA-256 of {\"body\", \"fields\"} as compact JSON with "
                                   "sorted keys, UTF-8: changes when the text or fields do"},
                "downloads": {"type": "object", "additionalProperties": False,
                              "required": sorted(files), "properties": files},
                "fields": {"$ref": f"#/$defs/{kind}_fields"},
            },
        })
    return {
        "$schema": DRAFT_2020_12,
        "$id": site.link(SCHEMA, SCHEMA),
        "title": f"{site.name}: the catalogue of published items",
        "description": "Every published practice write-up, research summary and policy "
                       "(drafts never), with its address, licence, a content hash and its "
                       "fields. Version 1.",
        "type": "object",
        "additionalProperties": False,
        "required": ["$schema", "version", "site", "updated", "counts", "items"],
        "properties": {
            "$schema": {"type": "string"},
            "version": {"const": VERSION},
            "site": {
                "type": "object", "additionalProperties": False,
                "required": ["name", "url", "description"],
                "properties": {"name": {"type": "string"}, "url": {"type": "string"},
                               "description": {"type": "string"}},
            },
            "updated": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
            "counts": {
                "type": "object", "additionalProperties": False, "required": list(KIND_ORDER),
                "properties": {kind: {"type": "integer", "minimum": 0} for kind in KIND_ORDER},
            },
            "items": {"type": "array", "items": {"oneOf": items}},
        },
        "$defs": defs,
    }


# ------------------------------------------------------------------------------------ CSV

_FORMULA = re.compile(r"^[=+\-@\t\r]")
_NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")


def csv_cell(value: Any) -> str:
    """A value as a spreadsheet cell: lists joined, booleans in words, and text that a
    spreadsheet would run as a formula made plain text with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return "; ".join(csv_cell(v) for v in value)
    text = str(value)
    return "'" + text if _FORMULA.match(text) and not _NUMBER.match(text) else text


Column = tuple[str, Callable[[Entry], Any]]


def _columns(kind: str, catalogue: Catalogue, site: Site) -> list[Column]:
    def labels(vocabulary: str, ids: list[str]) -> list[str]:
        return [catalogue.term_label(vocabulary, t) for t in ids]

    def names(ids: list[str]) -> list[str]:
        return [catalogue.school_name(s) for s in ids]

    columns: list[Column] = [
        ("id", lambda e: e.id),
        ("url", lambda e: site.link(e.url, CSV_FILES[kind])),
        ("title", lambda e: e.model.title),
        ("summary", lambda e: e.model.summary),
        ("date", lambda e: e.model.date.isoformat()),
        ("updated", lambda e: e.model.updated.isoformat() if e.model.updated else None),
        ("status", lambda e: e.model.status.value),
        ("license", lambda e: licence_of(e, catalogue, site).id),
        ("authors", lambda e: [a.name + (f" ({a.role})" if a.role else "") for a in e.model.authors]),
        ("schools", lambda e: names(e.model.schools)),
        ("phases", lambda e: labels("phases", e.model.phases)),
        ("subjects", lambda e: labels("subjects", e.model.subjects)),
        ("themes", lambda e: labels("themes", e.model.themes)),
    ]
    if kind == "practice":
        columns += [
            ("pupil_groups", lambda e: labels("pupil_groups", _practice(e).pupil_groups)),
            ("stage", lambda e: STAGES[_practice(e).stage][0]),
            ("evidence", lambda e: _practice(e).evidence),
            ("contact", lambda e: _practice(e).contact),
        ]
    elif kind == "research":
        columns += [
            ("source_title", lambda e: _research(e).source.title),
            ("source_authors", lambda e: _research(e).source.authors),
            ("source_year", lambda e: _research(e).source.year),
            ("source_publisher", lambda e: _research(e).source.publisher),
            ("source_url", lambda e: _research(e).source.url),
            ("source_doi", lambda e: _research(e).source.doi),
            ("evidence_strength", lambda e: _research(e).evidence_strength),
            ("impact_months", lambda e: _research(e).impact_months),
            ("eef_strand", lambda e: labels("eef_strands", [s for s in [_research(e).eef_strand] if s])),
            ("reviewed_by", lambda e: _research(e).reviewed_by),
            ("reviewed_on", lambda e: _research(e).reviewed_on.isoformat()),
        ]
    else:
        columns += [
            ("version", lambda e: _policy(e).version),
            ("owner", lambda e: _policy(e).owner),
            ("approved_by", lambda e: catalogue.term_label("approval_bodies", _policy(e).approved_by)),
            ("approved_on", lambda e: _policy(e).approved_on.isoformat()),
            ("review_cycle_months", lambda e: _policy(e).review_cycle_months),
            ("next_review", lambda e: _policy(e).next_review_date.isoformat()),
            ("statutory", lambda e: _policy(e).statutory),
            ("applies_to", lambda e: ([TRUST_WIDE] if _policy(e).applies_to_trust
                                      else names(list(_policy(e).applies_to)))),
        ]
    columns.append(("content_sha256", content_hash))
    return columns


def _practice(entry: Entry) -> Practice:
    assert isinstance(entry.model, Practice)
    return entry.model


def _research(entry: Entry) -> Research:
    assert isinstance(entry.model, Research)
    return entry.model


def _policy(entry: Entry) -> Policy:
    assert isinstance(entry.model, Policy)
    return entry.model


def csv_bytes(kind: str, catalogue: Catalogue, site: Site) -> bytes:
    columns = _columns(kind, catalogue, site)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in columns])
    for entry in catalogue.of_kind(kind):
        writer.writerow([csv_cell(get(entry)) for _, get in columns])
    return out.getvalue().encode("utf-8-sig")


def catalogue_files(catalogue: Catalogue, site: Site) -> dict[str, bytes]:
    files = {CATALOGUE: _json_bytes(catalogue_data(catalogue, site)),
             SCHEMA: _json_bytes(catalogue_schema(site))}
    files |= {CSV_FILES[kind]: csv_bytes(kind, catalogue, site) for kind in KIND_ORDER}
    return files
