"""Schools' reviewers and context fields, and the CODEOWNERS file made from them
(scripts/codeowners.py)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .mini import POLICY, PRACTICE, RESEARCH, write_project

ROOT = Path(__file__).resolve().parents[2]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


codeowners = _script("codeowners")

SCHOOLS = """\
- id: brook
  name: Brook Primary (sample)
  phase: primary
  age_range: "4-11"
  pupils: 420
  disadvantaged_percent: 23.5
  send_percent: 14
  eal_percent: 0
  contact: research@trust.example
  reviewers: [a-patel, Octo-Cat]
- id: willow
  name: Willow Lane (sample)
  phase: primary
  reviewers: [d-hughes, a-patel]
- id: castle
  name: Castle Hill (sample)
  phase: ks3
"""


def _validate(root: Path) -> list[dict[str, object]]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    proc = subprocess.run([sys.executable, "-m", "openpractice", "validate", "--format", "json",
                           "--today", "2026-11-22"], cwd=root, capture_output=True, text=True,
                          env=env, timeout=120)
    assert "Traceback" not in proc.stderr
    problems: list[dict[str, object]] = json.loads(proc.stdout)
    return problems


def test_school_context_and_reviewers_are_valid(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"content/_data/schools.yml": SCHOOLS})
    assert _validate(root) == []


@pytest.mark.parametrize(("line", "field", "rule"), [
    ("reviewers: ['@a-patel']", "[0].reviewers[0]", "bad-format"),
    ("reviewers: [a_patel]", "[0].reviewers[0]", "bad-format"),
    ("reviewers: [-apatel]", "[0].reviewers[0]", "bad-format"),
    (f"reviewers: [{'a' * 40}]", "[0].reviewers[0]", "bad-format"),
    ("age_range: 11-4", "[0].age_range", "bad-format"),
    ("age_range: four to eleven", "[0].age_range", "bad-format"),
    ("pupils: -1", "[0].pupils", "out-of-range"),
    ("pupils: 420.5", "[0].pupils", "wrong-type"),
    ("send_percent: 101", "[0].send_percent", "out-of-range"),
    ("send_percent: 12%", "[0].send_percent", "wrong-type"),
    ("eal_percent: true", "[0].eal_percent", "wrong-type"),
    ("disadvantaged_percent: -3", "[0].disadvantaged_percent", "out-of-range"),
])
def test_bad_school_fields(tmp_path: Path, line: str, field: str, rule: str) -> None:
    schools = "- id: brook\n  name: Brook Primary (sample)\n  phase: primary\n  " + line + "\n"
    problems = _validate(write_project(tmp_path, {"content/_data/schools.yml": schools}))
    # (an invalid school list leaves no schools: the practice's school is then unknown too)
    assert [(p["path"], p["line"], p["field"], p["rule"]) for p in problems
            if p["path"] == "content/_data/schools.yml"] == [
        ("content/_data/schools.yml", 4, field, rule)]


def test_owner_lines_are_per_page_with_each_reviewer_once() -> None:
    reviewers = {"brook": ["a-patel", "Octo-Cat"], "willow": ["d-hughes", "a-patel"], "castle": []}
    lines = codeowners.owner_lines(reviewers, [
        ("content/practice/z.md", ["willow", "brook"]),
        ("content/practice/a.md", ["brook"]),
        ("content/practice/c.md", ["castle", "unknown"]),
        ("content/practice/folder with space/b.md", ["brook"]),
    ])
    assert lines == [
        "/content/practice/a.md @a-patel @Octo-Cat",
        "/content/practice/folder\\ with\\ space/b.md @a-patel @Octo-Cat",
        "/content/practice/z.md @d-hughes @a-patel @Octo-Cat",
    ]


def test_escape_path_matches_exactly_one_file() -> None:
    assert codeowners.escape_path("content/a*[b]?#!.md") == "content/a\\*\\[b\\]\\?\\#\\!.md"


def test_generated_from_a_project(tmp_path: Path) -> None:
    root = write_project(tmp_path, {
        "content/_data/schools.yml": SCHOOLS,
        "content/practice/both.md": PRACTICE.replace("schools: [brook]", "schools: [willow, brook]"),
        "content/practice/draft.md": PRACTICE.replace("stage: evaluated", "stage: idea\nstatus: draft")
        .replace("schools: [brook]", "schools: [willow]"),
        "content/research/feedback.md": RESEARCH.replace("themes: [reading]",
                                                         "themes: [reading]\nschools: [castle]"),
        "content/policies/behaviour.md": POLICY,  # applies_to: trust
        "content/policies/willow-only.md": POLICY.replace("applies_to: trust", "applies_to: [willow]"),
        "content/about.md": "---\ntitle: About\nschools: [brook]\n---\nAn ordinary page.\n",
    })
    text = codeowners.generate(root)
    assert text.startswith(codeowners.HEADER)
    assert "#     python scripts/codeowners.py > .github/CODEOWNERS\n" in text
    assert text[len(codeowners.HEADER):].splitlines() == [
        "",
        "/content/policies/willow-only.md @d-hughes @a-patel",
        "/content/practice/both.md @d-hughes @a-patel @Octo-Cat",
        "/content/practice/case.md @a-patel @Octo-Cat",
        "/content/practice/draft.md @d-hughes @a-patel",
    ]
    with_default = codeowners.generate(root, ["@trust/maintainers"])
    assert "\n\n* @trust/maintainers\n/content/policies/willow-only.md" in with_default


def test_without_reviewers_the_file_says_how_to_add_them(tmp_path: Path) -> None:
    text = codeowners.generate(write_project(tmp_path, {}))
    assert text.endswith("\n# No school lists reviewers yet: add `reviewers: [github-name]` to a school.\n")


def test_the_script_prints_and_checks(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {"content/_data/schools.yml": SCHOOLS})
    script = [sys.executable, str(ROOT / "scripts" / "codeowners.py"), "--root", str(root)]
    proc = subprocess.run(script, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "/content/practice/case.md @a-patel @Octo-Cat"
    target = tmp_path / "CODEOWNERS"
    target.write_text(proc.stdout, encoding="utf-8")
    assert subprocess.run([*script, "--check", str(target)], timeout=60).returncode == 0
    target.write_text("# stale\n", encoding="utf-8")
    stale = subprocess.run([*script, "--check", str(target)], capture_output=True, text=True,
                           timeout=60)
    assert stale.returncode == 1 and "out of date" in stale.stderr
    bad = subprocess.run([*script, "--default", "trust"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "not a GitHub user or team" in bad.stderr


def test_a_broken_schools_file_is_refused(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"content/_data/schools.yml": SCHOOLS.replace("a-patel, Octo", "a_patel, Octo")})
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "codeowners.py"), "--root", str(root)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "content/_data/schools.yml:10:" in proc.stderr and "[bad-format]" in proc.stderr
