"""Print problems as text, JSON, or GitHub Actions workflow commands."""

from __future__ import annotations

import json
from collections.abc import Callable

from .problems import CONTROL_CODES, Problem, visible

# json.dumps writes C0 controls as escapes, but with ensure_ascii=False not the others.
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in CONTROL_CODES if c >= 0x7F}


def text(problems: list[Problem]) -> str:
    lines = [p.as_text() for p in problems]
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if problems:
        lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)


def as_json(problems: list[Problem]) -> str:
    # Control characters can only be inside strings, where a \\u escape reads back as them.
    out = json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False)
    return out.translate(_JSON_ESCAPES)


def _escape(value: str, properties: bool = False) -> str:
    # GitHub's workflow-command escaping; properties also escape ':' and ','. The other
    # control characters are written out, as in the text report.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if properties:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return visible(value)


def github(problems: list[Problem]) -> str:
    lines = []
    for p in problems:
        level = "error" if p.is_error else "warning"
        field = f"{p.field}: " if p.field else ""
        message = _escape(f"{field}{p.message} [{p.rule}]")
        lines.append(
            f"::{level} file={_escape(p.path, True)},line={p.line},col={p.column}::{message}"
        )
    return "\n".join(lines)


REPORTERS: dict[str, Callable[[list[Problem]], str]] = {
    "text": text, "json": as_json, "github": github,
}
