"""The validator CLI: formats, exit codes, paths, and never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .mini import PRACTICE, write_project

BAD = PRACTICE.replace("themes: [reading, send]", "themes: [reading, sen]")
LINE = ("content/practice/case.md:11:19: error: themes[1]: 'sen' is not a known theme; "
        "did you mean 'send'? [unknown-term]")


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "openpractice", "validate", *args, "--today",
                           "2026-11-22"], cwd=root, capture_output=True, text=True, env=full_env,
                          timeout=60)


def test_valid_project_exits_0(tmp_path: Path) -> None:
    proc = run(write_project(tmp_path, {}))
    assert (proc.returncode, proc.stdout) == (0, "")
    assert "No problems found in 3 file(s)." in proc.stderr


def test_text_format(tmp_path: Path) -> None:
    proc = run(write_project(tmp_path, {"content/practice/case.md": BAD}))
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [LINE, "1 error(s), 0 warning(s)"]


def test_json_format(tmp_path: Path) -> None:
    proc = run(write_project(tmp_path, {"content/practice/case.md": BAD}), "--format", "json")
    assert proc.returncode == 1
    assert json.loads(proc.stdout) == [{
        "path": "content/practice/case.md", "line": 11, "column": 19, "severity": "error",
        "field": "themes[1]", "rule": "unknown-term",
        "message": "'sen' is not a known theme; did you mean 'send'?",
    }]


def test_json_format_with_no_problems_is_an_empty_list(tmp_path: Path) -> None:
    proc = run(write_project(tmp_path, {}), "--format", "json")
    assert (proc.returncode, json.loads(proc.stdout)) == (0, [])


GITHUB = ("::error file=content/practice/case.md,line=11,col=19::themes[1]: 'sen' is not a known "
          "theme; did you mean 'send'? [unknown-term]")


def test_github_format(tmp_path: Path) -> None:
    proc = run(write_project(tmp_path, {"content/practice/case.md": BAD}), "--format", "github")
    assert (proc.returncode, proc.stdout.strip()) == (1, GITHUB)


def test_github_format_is_automatic_under_github_actions(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"content/practice/case.md": BAD})
    proc = run(root, env={"GITHUB_ACTIONS": "true"})
    assert proc.stdout.strip() == GITHUB


def test_paths_limit_the_report(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"content/practice/case.md": BAD})
    assert run(root, "content/research").returncode == 0
    assert run(root, "content/practice/case.md").stdout.splitlines()[0] == LINE


def test_a_project_folder_given_as_path_is_validated_from_anywhere(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"content/practice/case.md": BAD})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert run(elsewhere, str(root)).stdout.splitlines()[0] == LINE
    assert run(elsewhere, str(root / "content/practice/case.md")).stdout.splitlines()[0] == LINE


def test_problems_are_sorted_by_path_and_line(tmp_path: Path) -> None:
    two = BAD.replace("stage: evaluated", "stage: done")
    root = write_project(tmp_path, {"content/practice/case.md": two,
                                    "content/practice/a-first.md": two})
    lines = run(root).stdout.splitlines()[:-1]
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert keys == sorted(keys) and len(keys) == 4


@pytest.mark.parametrize("args", [["no/such/file.md"], ["--format", "xml"], ["--root", "nowhere"]])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    proc = run(write_project(tmp_path, {}), *args)
    assert proc.returncode == 2
    assert "openpractice: error:" in proc.stderr and "Traceback" not in proc.stderr


def test_unreadable_mkdocs_yml_is_a_config_error(tmp_path: Path) -> None:
    proc = run(write_project(tmp_path, {"mkdocs.yml": "plugins: [\n"}))
    assert proc.returncode == 2
    assert proc.stderr.startswith("openpractice: error: mkdocs.yml cannot be read")


def test_schema_command_writes_json_schema(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "openpractice", "schema", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    practice = json.loads((tmp_path / "practice.schema.json").read_text())
    assert "id" not in practice["properties"]
    assert set(practice["required"]) == {"title", "summary", "date", "authors", "schools",
                                         "themes", "stage"}
    assert practice["additionalProperties"] is False
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["policies.schema.json", "practice.schema.json", "research.schema.json",
                     "schools.schema.json", "taxonomy.schema.json"]
