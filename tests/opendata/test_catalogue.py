"""catalogue.json is valid against catalogue.schema.json and lists exactly the published
items; the CSVs hold the same items; the open data are the same bytes whoever builds them."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from openpractice.catalogue import Catalogue
from openpractice.models import Policy
from openpractice.opendata.catalogue_json import content_hash
from openpractice.plan import make_plan
from openpractice.validate import validate_project

from ..support import TODAY, copy_project
from .conftest import DRAFT_MARK, FILES

pytestmark = pytest.mark.build

SITE_URL = "https://openpractice.trust.example/"


def load(site: Path, name: str) -> Any:
    return json.loads((site / name).read_text(encoding="utf-8"))


def test_the_catalogue_is_valid_against_its_schema(site: Path) -> None:
    schema = load(site, "catalogue.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    data = load(site, "catalogue.json")
    assert [e.message for e in validator.iter_errors(data)] == []
    assert data["$schema"] == f"{SITE_URL}catalogue.schema.json"
    assert list(data) == ["$schema", "version", "site", "updated", "counts", "items"]
    assert data["version"] == 1


def test_the_schema_refuses_what_the_catalogue_never_holds(site: Path) -> None:
    validator = jsonschema.Draft202012Validator(load(site, "catalogue.schema.json"))
    data = load(site, "catalogue.json")
    item = data["items"][0]
    for broken in ({**item, "type": "blog"}, {**item, "content_sha256": "x"},
                   {**item, "extra": 1}, {**item, "fields": {**item["fields"], "colour": "red"}}):
        assert not validator.is_valid({**data, "items": [broken]})


def test_the_catalogue_lists_exactly_the_published_items(site: Path, catalogue: Catalogue) -> None:
    data = load(site, "catalogue.json")
    assert [(i["type"], i["id"]) for i in data["items"]] == [(e.kind, e.id) for e in catalogue]
    assert data["counts"] == catalogue.counts()
    assert not any(DRAFT_MARK in json.dumps(i) for i in data["items"])
    for item, entry in zip(data["items"], catalogue, strict=True):
        model = entry.model
        assert item["url"] == f"{SITE_URL}{entry.kind}/{entry.id}/"
        assert item["license"]["id"] == model.license
        assert item["fields"]["title"] == model.title
        assert item["fields"]["themes"] == list(model.themes)
        assert item["fields"]["date"] == model.date.isoformat()
        assert item["content_sha256"] == content_hash(entry)
        assert item["downloads"]["bibtex"] == f"{item['url']}cite.bib"
        assert item["downloads"]["ris"] == f"{item['url']}cite.ris"
        if isinstance(model, Policy):
            assert item["downloads"]["docx"] == f"{item['url']}{entry.id}.docx"
            assert item["downloads"]["markdown"] == f"{item['url']}{entry.id}.md"
        else:
            assert set(item["downloads"]) == {"bibtex", "ris"}


def test_the_content_hash_is_sha256_of_body_and_fields(catalogue: Catalogue) -> None:
    entry = catalogue.get("policies", "opendata-tables")
    assert entry is not None
    fields = entry.model.model_dump(mode="json")
    canonical = json.dumps({"body": entry.body, "fields": fields}, ensure_ascii=False,
                           sort_keys=True, separators=(",", ":"))
    assert content_hash(entry) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_each_type_has_a_csv_with_one_row_per_item(site: Path, catalogue: Catalogue) -> None:
    labels = {t.id: t.label for t in catalogue.taxonomy.themes}
    for kind in ("practice", "research", "policies"):
        raw = (site / f"{kind}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # so that Excel reads UTF-8
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        entries = catalogue.of_kind(kind)
        assert [r["id"] for r in rows] == [e.id for e in entries]
        for row, entry in zip(rows, entries, strict=True):
            assert row["url"] == f"{SITE_URL}{kind}/{entry.id}/"
            assert row["title"] == entry.model.title or row["title"] == "'" + entry.model.title
            assert row["themes"] == "; ".join(labels[t] for t in entry.model.themes)
            assert row["content_sha256"] == content_hash(entry)
    policies = list(csv.DictReader(io.StringIO((site / "policies.csv").read_text(encoding="utf-8-sig"))))
    tables = next(r for r in policies if r["id"] == "opendata-tables")
    assert (tables["version"], tables["approved_on"], tables["next_review"], tables["statutory"]) == (
        "2.1", "2026-10-01", "2027-10-01", "No")
    assert tables["applies_to"] == "; ".join(catalogue.schools[s].name for s in ("brookside-primary", "oakfield-academy"))


def test_the_open_data_are_the_same_bytes_from_any_copy(tmp_path: Path) -> None:
    """No clock, no git history, no path: two copies of the same content give the same files."""
    outputs = []
    for name in ("one", "two"):
        project = copy_project(tmp_path / name)
        for rel, text in FILES.items():
            (project / rel).write_text(text, encoding="utf-8")
        result = validate_project(project, today=date.fromisoformat(TODAY))
        assert result.catalogue is not None
        outputs.append(make_plan(result.sources, result.catalogue, result.attachments, result.config).outputs)
    assert outputs[0].keys() == outputs[1].keys()
    assert [k for k in outputs[0] if outputs[0][k] != outputs[1][k]] == []
    # and the build date changes none of the files (only the pages say "as of" a day)
    project = tmp_path / "one"
    later = validate_project(project, today=date(2027, 3, 1))
    assert later.catalogue is not None
    again = make_plan(later.sources, later.catalogue, later.attachments, later.config).outputs
    assert [k for k in outputs[0] if outputs[0][k] != again[k]] == []
