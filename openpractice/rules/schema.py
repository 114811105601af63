"""Front-matter against the schema (rules: required, unknown-key, wrong-type, too-short,
too-long, too-few, out-of-range, bad-date, bad-url, bad-format, not-allowed, date-order).

Passing::

    title: Reciprocal reading in Year 5

Failing (``too-short``)::

    title: Read   # title: is too short (4 characters); write at least 5 [too-short]
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..models import Taxonomy
from ..problems import Problem, error, format_field
from ..yamlpos import FieldPath, Positions

RULES = (
    "required", "unknown-key", "wrong-type", "too-short", "too-long", "too-few",
    "out-of-range", "bad-date", "bad-url", "bad-format", "not-allowed", "date-order",
)

_TYPE_NAMES = {
    "string_type": "text", "int_type": "a whole number", "int_from_float": "a whole number",
    "int_parsing": "a whole number", "bool_type": "true or false", "bool_parsing": "true or false",
    "list_type": "a list", "model_type": "a set of 'key: value' lines",
    "dict_type": "a set of 'key: value' lines", "model_attributes_type": "a set of 'key: value' lines",
    "date_type": "a date (YYYY-MM-DD)",
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _described(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of 'key: value' lines"
    if value is None:
        return "empty"
    return f"'{value}'"


def _message(err: ErrorDetails, model: type[BaseModel], loc: FieldPath) -> tuple[str, str]:
    """(rule, message) for one pydantic error; messages say what is wrong and the fix."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "missing":
        return "required", _required(loc)
    if kind == "extra_forbidden":
        return "unknown-key", _unknown_key(str(loc[-1]), _fields_at(model, loc[:-1]))
    if kind in ("string_too_short", "too_short"):
        n = len(value) if hasattr(value, "__len__") else 0
        need = ctx.get("min_length", 1)
        if kind == "too_short" and isinstance(value, list):
            return "too-few", f"needs at least {_plural(need, 'entry')} (has {n})"
        if n == 0:
            return "too-short", "is empty; write something here"
        return "too-short", f"is too short ({_plural(n, 'character')}); write at least {need}"
    if kind in ("string_too_long", "too_long"):
        n = len(value) if hasattr(value, "__len__") else 0
        return "too-long", (
            f"is too long ({_plural(n, 'character')}); keep it to {ctx.get('max_length')} at most"
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = {"greater_than_equal": "at least", "less_than_equal": "at most",
                 "greater_than": "more than", "less_than": "less than"}[kind]
        limit = next(iter(ctx.values()))
        return "out-of-range", f"must be {bound} {limit} (got {value})"
    if kind.startswith("date_") or kind == "bad-date":
        return "bad-date", f"{_described(value)} is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14"
    if kind == "literal_error" and loc == ("applies_to",):
        return "not-allowed", f"{_described(value)} is not allowed; write 'trust' or a list of school ids"
    if kind in ("enum", "literal_error"):
        return "not-allowed", f"{_described(value)} is not allowed; use one of: {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return "bad-format", _pattern_message(loc, value)
    # (taxonomy.yml's top-level lists hold terms, not ids: the plain message is right there)
    shape = _shape(loc, value) if kind in _SHAPE_ERRORS and model is not Taxonomy else None
    if shape:
        return "wrong-type", shape
    if kind in _TYPE_NAMES:
        return "wrong-type", f"must be {_TYPE_NAMES[kind]}, not {_described(value)}"
    if kind in RULES:  # our own PydanticCustomErrors carry the rule id as their type
        return kind, err["msg"]
    return "invalid", f"{err['msg']}"


def _required(loc: FieldPath) -> str:
    if len(loc) == 1:
        return f"is required; add a line '{loc[0]}: ...' to the front-matter"
    where = "to this entry" if isinstance(loc[-2], int) else f"under '{loc[-2]}:'"
    return f"is required; add a line '{loc[-1]}: ...' {where}"


# A list or a set of 'key: value' lines given in another shape (most often as plain text): the
# message shows the right shape in one line.
_SHAPE_ERRORS = {"list_type", "model_type", "model_attributes_type", "dict_type"}
_AUTHOR = "{name: Alex Morgan, role: Year 5 teacher}"
_LIST_EXAMPLES = {  # a list field's name -> an example entry, when the value cannot be one
    "schools": "school-id", "phases": "ks2", "subjects": "english", "themes": "reading",
    "pupil_groups": "disadvantaged", "evidence": "research-summary-id", "applies_to": "school-id",
    "synonyms": "SEN", "broader": "primary", "reviewers": "github-user-name",
}
_LIST_ITEM = re.compile(r"[A-Za-z0-9][\w .'-]{0,59}")


def _shape(loc: FieldPath, value: Any) -> str | None:
    """What a list or a set of 'key: value' lines looks like, for a value of another kind."""
    if not loc:
        return None
    name, item = loc[-1], None
    if isinstance(name, int):  # an entry of a list: authors[0]
        name, item = loc[-2], name
    described = _described(value)
    if name == "authors" and loc[:1] != ("source",):
        if item is not None:
            plain = isinstance(value, str) and _LIST_ITEM.fullmatch(value)
            example = _AUTHOR.replace("Alex Morgan", value) if plain else _AUTHOR
            return (f"must be a name and, if you like, a role, not just {described}; "
                    f"write e.g. - {example}")
        plain = isinstance(value, str) and _LIST_ITEM.fullmatch(value)
        example = _AUTHOR.replace("Alex Morgan", value) if plain else _AUTHOR
        return (f"must be a list of people, each with a name and, if you like, a role, not "
                f"{described}; write e.g. authors: [{example}]")
    if name == "source" and item is None:
        return (f"must be the source's details as 'key: value' lines, not {described}; write "
                'e.g. source: {title: "Feedback", authors: ["Education Endowment Foundation"], '
                "year: 2021}")
    if item is not None or name not in (*_LIST_EXAMPLES, "authors"):
        return None
    if name == "authors":  # source.authors: names
        entries = [json.dumps(value) if _plain(value) else '"Education Endowment Foundation"']
    elif _plain(value):
        entries = [part.strip() for part in str(value).split(",") if part.strip()]
    else:
        entries = [_LIST_EXAMPLES[str(name)]]
    return (f"must be a list, not {described}; write e.g. {name}: [{', '.join(entries)}] "
            "(a list in square brackets, entries separated by commas)")


def _plain(value: Any) -> bool:
    """Text that can stand in a one-line example as it is."""
    return isinstance(value, str) and all(_LIST_ITEM.fullmatch(part.strip())
                                          for part in value.split(","))


def _pattern_message(loc: FieldPath, value: Any) -> str:
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if name == "doi":
        return f"'{value}' is not a DOI; write it like 10.1234/abcd (without https://doi.org/)"
    if name == "urn":
        return f"'{value}' is not a URN; a URN is six digits"
    return f"'{value}' is not a valid id; use lower-case letters, digits and hyphens (kebab-case)"


def _fields_at(model: type[BaseModel], path: FieldPath) -> list[str]:
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        annotation = getattr(field, "annotation", None)
        current = _model_in(annotation)
        if current is None:
            return []
    return [name for name in current.model_fields if name != "id"]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None


def _unknown_key(key: str, known: list[str]) -> str:
    guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if guess:
        return f"'{key}' is not a known field; did you mean '{guess[0]}'?"
    return f"'{key}' is not a known field; remove it (known fields: {', '.join(known)})"


def _clean_loc(loc: tuple[int | str, ...], ctx: dict[str, Any]) -> FieldPath:
    """Drop pydantic's union-branch labels, e.g. ('applies_to', "literal['trust']", 1)."""
    if "field" in ctx:
        return (ctx["field"],)
    return tuple(p for p in loc if isinstance(p, int) or not any(c in p for c in "[]()"))


def schema_problems(
    exc: ValidationError, model: type[BaseModel], rel: str, positions: Positions
) -> list[Problem]:
    problems: dict[tuple[FieldPath, str], Problem] = {}
    for err in _prefer_specific(exc.errors()):
        loc = _clean_loc(err["loc"], err.get("ctx") or {})
        if err["type"] == "extra_forbidden":  # the author's own key, kept even with brackets
            loc = (*_clean_loc(err["loc"][:-1], {}), err["loc"][-1])
        rule, message = _message(err, model, loc)
        mark = positions.key(loc) if rule == "unknown-key" else positions.locate(loc)
        if rule == "required":  # a top-level key at the top; one inside an entry at its line
            parent = loc[:-1]
            mark = (positions.key(parent) if parent and isinstance(parent[-1], str)
                    else positions.locate(parent) if parent else positions.start)
        problems.setdefault(
            (loc, rule), error(rel, mark.line, mark.column, format_field(loc), message, rule)
        )
    return list(problems.values())


def _prefer_specific(errors: Iterable[ErrorDetails]) -> list[ErrorDetails]:
    """For a union (applies_to: 'trust' or a list), keep the branch the author aimed at."""
    errors = list(errors)
    by_field: dict[Any, list[ErrorDetails]] = {}
    for err in errors:
        by_field.setdefault(err["loc"][0] if err["loc"] else None, []).append(err)
    out: list[ErrorDetails] = []
    for group in by_field.values():
        branches = {e["loc"][1] for e in group if len(e["loc"]) > 1 and "[" in str(e["loc"][1])}
        if len(branches) > 1:
            value = group[0]["input"]
            aimed = [e for e in group if ("list" in str(e["loc"][1])) == isinstance(value, list)]
            if not isinstance(value, list) and not isinstance(value, str):
                aimed = [{**group[0], "type": "not-allowed",
                          "msg": "must be 'trust' or a list of school ids"}]
            group = aimed or group
        out.extend(group)
    return out
