"""control-character: no invisible control character in a page's text or in any value.

Text pasted from a word processor or a PDF can carry characters nobody sees (a vertical tab,
an escape, a page break, U+FFFE). A browser shows them as boxes or nothing, HTML forbids most
of them, and feeds, citations and spreadsheets would carry them on. A YAML value can hold one
without the file holding it (`title: "Reading \\v groups"`), so values are checked after YAML
has read them, and the body as written. Tabs and line breaks are ordinary text.

Passing::

    title: Reading groups in Year 5

Failing::

    title: "Reading \\v groups"   # holds an invisible control character (U+000B) ... [control-character]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..yamlpos import FieldPath
from .base import Check

RULE = "control-character"
# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; the
# noncharacters (U+FDD0-U+FDEF, and the last two code points of every plane); lone surrogates.
# In two patterns: code points past U+FFFF in a character class make every search about 15
# times slower, and most texts hold none, so the second is only run on text that is not ASCII.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff"
                      "\ufffe\uffff]")
_ASTRAL_NONCHARACTER = re.compile("[" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]")


def _found(text: str) -> list[re.Match[str]]:
    """Every control character and noncharacter in `text`, in order."""
    found = list(_CONTROL.finditer(text))
    if not text.isascii():
        found = sorted((*found, *_ASTRAL_NONCHARACTER.finditer(text)), key=lambda m: m.start())
    return found


def message(char: str) -> str:
    return (f"holds an invisible control character (U+{ord(char):04X}), often pasted from "
            "another program; delete it")


def found_in_values(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """(where, message) for each string in a YAML value (mappings and lists walked) holding a
    control character; the first such character of each string is named."""
    todo: list[tuple[FieldPath, Any]] = [(path, value)]
    while todo:  # a loop, not recursion: depth is bounded by the loader, but cheaply so
        here, item = todo.pop()
        if isinstance(item, str):
            if found := _found(item):
                yield here, message(found[0][0])
        elif isinstance(item, dict):
            todo.extend(((*here, str(key)), v) for key, v in reversed(item.items()))
        elif isinstance(item, list):
            todo.extend(((*here, i), v) for i, v in reversed(list(enumerate(item))))


def check(meta: Any, body: str, body_line: int, check: Check) -> None:
    """`meta`: the front-matter as YAML read it; `body`: the text after it, from `body_line`."""
    for path, text in found_in_values(meta):
        check.error(path, text, RULE)
    line, line_start, reported = body_line, 0, -1
    for match in _found(body):  # the first on each line, lines counted as we go
        at = match.start()
        newlines = body.count("\n", line_start, at)
        if newlines:
            line += newlines
            line_start = body.rfind("\n", line_start, at) + 1
        if line != reported:
            reported = line
            check.at_line(line, at - line_start + 1, message(match[0]), RULE)
