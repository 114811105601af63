"""A problem found in the content: where it is, how bad, what is wrong and how to fix it.

Shaped like yamllint's problems: (path, line, column, severity, message, rule), plus the
field it concerns, so every reporter (text, JSON, GitHub) prints the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
        # One problem, one line: a contributed value with a line break must not forge another.
        return line.replace("\r", "\\r").replace("\n", "\\n")

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
