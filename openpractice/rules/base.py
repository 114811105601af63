"""What a rule sees: one file's positions and the shared data, and a place to put problems."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config import ProjectConfig
from ..models import School, Taxonomy
from ..problems import Problem, Severity
from ..problems import format_field as _format
from ..yamlpos import FieldPath, Positions


@dataclass
class Check:
    rel: str
    positions: Positions
    config: ProjectConfig
    taxonomy: Taxonomy | None
    schools: dict[str, School]
    problems: list[Problem] = field(default_factory=list)

    def error(self, path: FieldPath, message: str, rule: str) -> None:
        self.add(path, message, rule, Severity.ERROR)

    def warning(self, path: FieldPath, message: str, rule: str) -> None:
        self.add(path, message, rule, Severity.WARNING)

    def add(self, path: FieldPath, message: str, rule: str, severity: Severity) -> None:
        mark = self.positions.locate(path)
        self.problems.append(
            Problem(self.rel, mark.line, mark.column, severity, _format(path), message, rule)
        )

    def at_line(self, line: int, column: int, message: str, rule: str,
                severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(self.rel, line, column, severity, "", message, rule))
