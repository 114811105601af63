"""A problem found in the content: where it is, how bad, what is wrong and how to fix it.

Shaped like yamllint's problems: (path, line, column, severity, message, rule), plus the
field it concerns, so every reporter (text, JSON, GitHub) prints the same facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# Characters that act on a terminal or a log viewer instead of showing: C0 controls (ESC starts
# the escape sequences that recolour, retitle or rewrite a terminal), DEL, C1 controls, the
# line and paragraph separators, and the bidirectional marks, embeddings, overrides and
# isolates, which reorder the text around them ("Trojan Source").
CONTROL_CODES = (
    *range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
    *range(0x202A, 0x202F), *range(0x2066, 0x206A),
)
_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in CONTROL_CODES) + "]")
_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_VISIBLE = {c: _NAMED.get(c) or (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}")
            for c in CONTROL_CODES}


def visible(text: str) -> str:
    """`text` with each control character written as an escape ('\\n', '\\x1b', '\\u202e'):
    a contributed value can neither forge another line of a report nor act on the terminal
    or the log page that shows it."""
    return text.translate(_VISIBLE) if _CONTROL.search(text) else text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    severity: Severity
    field: str
    message: str
    rule: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule, self.field)

    def as_text(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        field = f"{self.field}: " if self.field else ""
        line = f"{where}: {self.severity.value}: {field}{self.message} [{self.rule}]"
        # One problem, one line: a contributed value with a line break must not forge another,
        # nor one with an escape sequence recolour or rewrite the terminal.
        return visible(line)

    def as_dict(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "field": self.field,
            "message": self.message,
            "rule": self.rule,
        }


def error(path: str, line: int, column: int, field: str, message: str, rule: str) -> Problem:
    return Problem(path, line, column, Severity.ERROR, field, message, rule)


def warning(path: str, line: int, column: int, field: str, message: str, rule: str) -> Problem:
    return Problem(path, line, column, Severity.WARNING, field, message, rule)


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=Problem.sort_key)


def format_field(path: tuple[str | int, ...]) -> str:
    """('source', 'authors', 0) -> 'source.authors[0]'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
