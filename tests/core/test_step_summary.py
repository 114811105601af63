"""The PR check's validation step, run locally: annotations (errors first), the job summary's
table of every problem, and the sentence for what GitHub will not annotate."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from openpractice.problems import Problem, Severity, error, warning
from openpractice.step_summary import errors_first, escape_cell, summary_markdown

from .mini import PRACTICE, RESEARCH, write_project

TODAY = "2026-11-22"
BAD_THEME = PRACTICE.replace("themes: [reading, send]", "themes: [reading, sen]")
OLD_RESEARCH = RESEARCH.replace("reviewed_on: 2025-01-10", "reviewed_on: 2024-01-10")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")}
    env.update(extra)
    return env


def _validate(root: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "openpractice", "validate", *args,
                           "--today", TODAY], cwd=root, capture_output=True, text=True,
                          env=env, timeout=120)


def _project(tmp_path: Path, errors: int) -> Path:
    """`errors` practice files with one unknown theme each, and one overdue re-check."""
    files: dict[str, str | bytes] = {
        f"content/practice/case-{i:02d}.md": BAD_THEME for i in range(errors)
    }
    files["content/research/feedback.md"] = OLD_RESEARCH
    return write_project(tmp_path / "project", files)


def _table_rows(summary: str) -> list[str]:
    return [line for line in summary.splitlines()
            if line.startswith("| ") and not line.startswith(("| File ", "| ---"))]


def test_the_check_step_annotates_errors_first_and_summarises_everything(tmp_path: Path) -> None:
    root = _project(tmp_path, errors=12)
    summary = tmp_path / "step_summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    proc = _validate(root, env=_env(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary)))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    # Every problem is a workflow command, errors first (GitHub keeps the first 10 of each).
    lines = proc.stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ")) for line in lines), lines
    kinds = [line.split(" ", 1)[0] for line in lines]
    assert kinds == ["::error"] * 12 + ["::warning"] * 1
    assert lines[0] == ("::error file=content/practice/case-00.md,line=11,col=19::themes[1]: "
                        "'sen' is not a known theme; did you mean 'send'? [unknown-term]")
    assert lines[-1].startswith("::warning file=content/research/feedback.md,line=")
    assert lines[-1].endswith("[recheck-overdue]")
    # The summary is appended, never overwritten, and lists all 13.
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## Open Practice validation: 12 errors, 1 warning\n")
    assert "2 more errors are not shown as annotations; see the table." in text
    assert "more warning" not in text
    rows = _table_rows(text)
    assert len(rows) == 13
    assert rows[0] == ("| content/practice/case-00.md | 11 | error | unknown-term | "
                       "themes\\[1\\]: 'sen' is not a known theme; did you mean 'send'? |")
    assert rows[-1].startswith("| content/research/feedback.md | ")
    assert "| warning | recheck-overdue | reviewed\\_on: this research summary was due" in rows[-1]


def test_summary_option_appends_to_a_file_in_any_format(tmp_path: Path) -> None:
    root = _project(tmp_path, errors=1)
    summary = tmp_path / "report.md"
    proc = _validate(root, "--format", "text", "--summary", str(summary), env=_env())
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[-1] == "1 error(s), 1 warning(s)"  # text output unchanged
    assert summary.read_text(encoding="utf-8").startswith(
        "## Open Practice validation: 1 error, 1 warning\n")
    _validate(root, "--format", "json", "--summary", str(summary), env=_env())
    assert summary.read_text(encoding="utf-8").count("## Open Practice validation") == 2


def test_no_summary_is_written_outside_the_github_format(tmp_path: Path) -> None:
    root = _project(tmp_path, errors=1)
    summary = tmp_path / "step_summary.md"
    proc = _validate(root, "--format", "text", env=_env(GITHUB_STEP_SUMMARY=str(summary)))
    assert proc.returncode == 1
    assert not summary.exists()


def test_a_clean_project_says_so_in_the_summary(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {})
    summary = tmp_path / "step_summary.md"
    proc = _validate(root, "--format", "github", env=_env(GITHUB_STEP_SUMMARY=str(summary)))
    assert (proc.returncode, proc.stdout) == (0, "")
    assert summary.read_text(encoding="utf-8").startswith(
        "## Open Practice validation: no problems\n")


def test_an_unwritable_summary_file_is_a_usage_error(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {})
    proc = _validate(root, "--summary", str(tmp_path / "missing" / "summary.md"), env=_env())
    assert proc.returncode == 2
    assert "cannot write the summary" in proc.stderr
    assert "Traceback" not in proc.stderr


def _problems(errors: int, warnings: int) -> list[Problem]:
    return ([error(f"content/practice/p{i}.md", i + 1, 1, "", "bad", "unknown-term")
             for i in range(errors)]
            + [warning("content/policies/x.md", i + 1, 1, "", "old", "review-overdue")
               for i in range(warnings)])


def test_the_cap_sentences() -> None:
    assert "not shown as annotation" not in summary_markdown(_problems(10, 10))
    text = summary_markdown(_problems(11, 13))
    assert "1 more error is not shown as an annotation; see the table." in text
    assert "3 more warnings are not shown as annotations; see the table." in text
    assert "## Open Practice validation: 11 errors, 13 warnings" in text
    assert len(_table_rows(text)) == 24
    assert "more error" not in summary_markdown(_problems(12, 0), cap=12)


def test_cells_cannot_break_the_table_or_inject_markup() -> None:
    hostile = Problem("content/a|b.md", 3, 1, Severity.ERROR, "title",
                      "`x` | <script>alert(1)</script>\nforged | row [link](http://e.example) "
                      "&lt; *em* \x1b \u2028 $x$", "unsafe-html")
    (row,) = _table_rows(summary_markdown([hostile]))
    assert "\n" not in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 6  # five cells, every other pipe escaped
    assert not re.search(r"(?<!\\)[<`]|(?<!\\)\]\(", row)  # no tag, code span or link
    assert "\\<script\\>" in row and "\\`x\\`" in row and "\\n" in row
    assert "\\&lt;" in row and "\\*em\\*" in row and "\\u001b" in row and "\\u2028" in row
    assert "\\$x\\$" in row
    assert escape_cell("a\\b") == "a\\\\b"


def test_a_summary_over_githubs_size_limit_is_cut_and_says_so() -> None:
    problems = _problems(300, 0)
    text = summary_markdown(problems, size_limit=10_000)
    assert len(text.encode("utf-8")) <= 10_000
    listed = len(_table_rows(text))
    assert 0 < listed < 300
    assert f"{300 - listed} more problems are not listed" in text


def test_errors_first_keeps_the_order_within_each_severity() -> None:
    problems = [warning("a.md", 1, 1, "", "w1", "r"), error("b.md", 1, 1, "", "e1", "r"),
                warning("c.md", 1, 1, "", "w2", "r"), error("d.md", 1, 1, "", "e2", "r")]
    assert [p.message for p in errors_first(problems)] == ["e1", "e2", "w1", "w2"]
