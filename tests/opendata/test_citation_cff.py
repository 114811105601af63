"""The repository's own CITATION.cff is valid Citation File Format 1.2.0 (the schema that
check-jsonschema ships)."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import yaml

from ..support import ROOT


def test_citation_cff_is_valid_cff_1_2_0() -> None:
    schema = json.loads(files("check_jsonschema.builtin_schemas.vendor")
                        .joinpath("citation-file-format.json").read_text(encoding="utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    assert [e.message for e in validator.iter_errors(data)] == []
    assert data["cff-version"] == "1.2.0"
    assert data["title"] == "Open Practice"
    version = next(line for line in (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()
                   if line.startswith("version = "))
    assert version == f'version = "{data["version"]}"'
