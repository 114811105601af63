"""JSON Schema for each content type, exported from the pydantic models (one source of truth)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .models import MODELS, School, Taxonomy

TITLES = {"practice": "Practice write-up", "research": "Research summary", "policies": "Policy"}


def item_schema(kind: str) -> dict[str, Any]:
    schema = MODELS[kind].model_json_schema(mode="validation")
    schema["properties"].pop("id", None)  # the id is the file name, never a field
    schema["title"] = f"Open Practice {TITLES[kind]} front-matter"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def all_schemas() -> dict[str, dict[str, Any]]:
    out = {kind: item_schema(kind) for kind in MODELS}
    out["taxonomy"] = Taxonomy.model_json_schema()
    schools = {"type": "array", "items": School.model_json_schema()}
    out["schools"] = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schools}
    return out


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in all_schemas().items():
        path = out_dir / f"{name}.schema.json"
        path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
