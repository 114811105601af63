"""Reviews due: the recheck-overdue rule, `openpractice reviews`, and the planning of the
weekly review issues (scripts/review_issues.py), all without a network."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from openpractice.models import Research, ReviewStatus
from openpractice.reviews import due_status, recheck_due, recheck_status

from .mini import MKDOCS, POLICY, PRACTICE, RESEARCH, write_project

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-22"


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


review_issues = _script("review_issues")


def _run(root: Path, command: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "OPENPRACTICE_TODAY")}
    return subprocess.run([sys.executable, "-m", "openpractice", command, *args, "--today", TODAY],
                          cwd=root, capture_output=True, text=True, env=env, timeout=120)


def _research(reviewed_on: str, extra: str = "") -> str:
    return RESEARCH.replace("reviewed_on: 2025-01-10", f"reviewed_on: {reviewed_on}{extra}")


def _line_of(text: str, key: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(key))


def _problems(root: Path) -> list[dict[str, Any]]:
    proc = _run(root, "validate", "--format", "json")
    assert "Traceback" not in proc.stderr
    problems: list[dict[str, Any]] = json.loads(proc.stdout)
    return problems


# --- the rule ------------------------------------------------------------------------------

def test_an_overdue_recheck_is_a_warning_at_reviewed_on(tmp_path: Path) -> None:
    text = _research("2024-06-01")
    root = write_project(tmp_path, {"content/research/feedback.md": text})
    proc = _run(root, "validate", "--format", "json")
    assert proc.returncode == 0  # a warning, not an error
    assert json.loads(proc.stdout) == [{
        "path": "content/research/feedback.md", "line": _line_of(text, "reviewed_on"),
        "column": 14, "severity": "warning", "field": "reviewed_on", "rule": "recheck-overdue",
        "message": "this research summary was due for re-checking on 2026-06-01 (24 months "
                   "after reviewed_on); check it against the latest evidence, then update "
                   "reviewed_on and reviewed_by",
    }]


@pytest.mark.parametrize("reviewed_on", ["2024-12-15", "2025-01-10", "2024-11-22"])
def test_a_current_or_due_soon_recheck_is_no_problem(tmp_path: Path, reviewed_on: str) -> None:
    root = write_project(tmp_path, {"content/research/feedback.md": _research(reviewed_on)})
    assert _problems(root) == []


def test_a_draft_is_never_warned(tmp_path: Path) -> None:
    text = _research("2021-06-01").replace("themes: [reading]", "themes: [reading]\nstatus: draft")
    root = write_project(tmp_path, {  # a published page may not cite a draft: cite nothing
        "content/research/feedback.md": text,
        "content/practice/case.md": PRACTICE.replace("evidence: [feedback]\n", ""),
    })
    assert _problems(root) == []


@pytest.mark.parametrize(("months", "warned"), [(36, False), (6, True), (24, True)])
def test_research_review_months_sets_the_interval(tmp_path: Path, months: int, warned: bool) -> None:
    mkdocs = MKDOCS.replace("contact_domains: [trust.example]",
                            f"contact_domains: [trust.example]\n      research_review_months: {months}")
    root = write_project(tmp_path, {"mkdocs.yml": mkdocs,
                                    "content/research/feedback.md": _research("2024-06-01")})
    rules = [p["rule"] for p in _problems(root)]
    assert rules == (["recheck-overdue"] if warned else [])


@pytest.mark.parametrize("value", ["0", "121", "two", "true", "null", "1.5"])
def test_a_bad_research_review_months_is_a_usage_error(tmp_path: Path, value: str) -> None:
    mkdocs = MKDOCS.replace("contact_domains: [trust.example]",
                            f"contact_domains: [trust.example]\n      research_review_months: {value}")
    proc = _run(write_project(tmp_path, {"mkdocs.yml": mkdocs}), "validate")
    assert proc.returncode == 2
    assert "research_review_months must be a whole number of months from 1 to 120" in proc.stderr


def _model(reviewed_on: str) -> Research:
    return Research.model_validate({
        "title": "Feedback", "summary": "What the evidence says about feedback.",
        "date": "2025-01-10", "authors": [{"name": "A"}], "themes": ["reading"],
        "source": {"title": "T", "authors": ["EEF"], "year": 2021},
        "evidence_strength": 3, "reviewed_by": "Ana Patel", "reviewed_on": reviewed_on,
    }, context={"today": date(2026, 11, 22)})


def test_recheck_dates_and_status() -> None:
    today = date(2026, 11, 22)
    assert recheck_due(_model("2024-02-29"), 24) == date(2026, 2, 28)  # no 29 February
    assert recheck_status(_model("2024-11-21"), 24, today) is ReviewStatus.OVERDUE
    assert recheck_status(_model("2024-11-22"), 24, today) is ReviewStatus.DUE_SOON
    assert due_status(date(2027, 1, 21), today) is ReviewStatus.DUE_SOON  # the 60th day
    assert due_status(date(2027, 1, 22), today) is ReviewStatus.CURRENT


def test_a_date_at_the_end_of_the_calendar_does_not_raise() -> None:
    # the models refuse dates past 2200; the arithmetic must not raise even if one got past
    late = _model("2025-01-10").model_copy(update={"reviewed_on": date(9999, 6, 1)})
    assert recheck_due(late, 24) == date.max
    assert recheck_status(late, 120, date(2026, 11, 22)) is ReviewStatus.CURRENT


def test_a_date_at_the_end_of_the_calendar_is_no_traceback(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"content/research/feedback.md": _research("9999-06-01")})
    for command in ("validate", "reviews"):
        proc = _run(root, command)
        assert proc.returncode in (0, 1)  # a date range rule may call it an error
        assert "Traceback" not in proc.stderr


# --- openpractice reviews ------------------------------------------------------------------

OVERDUE_POLICY = POLICY.replace("approved_on: 2026-09-01", "approved_on: 2025-10-01")


def _due_project(tmp_path: Path) -> Path:
    return write_project(tmp_path, {
        "content/policies/behaviour.md": OVERDUE_POLICY,  # due 2026-10-01: overdue
        "content/policies/current.md": POLICY,  # due 2027-09-01: current
        "content/policies/draft.md": OVERDUE_POLICY.replace("statutory: true",
                                                             "statutory: true\nstatus: draft"),
        "content/research/feedback.md": _research("2024-12-15"),  # due 2026-12-15: due soon
    })


def test_reviews_json_lists_what_is_due_with_stable_keys(tmp_path: Path) -> None:
    proc = _run(_due_project(tmp_path), "reviews", "--format", "json")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert json.loads(proc.stdout) == [
        {"kind": "policies", "id": "behaviour", "path": "content/policies/behaviour.md",
         "title": "Behaviour policy", "status": "overdue", "due": "2026-10-01",
         "owner": "Director of Education", "approved_by": "Trust board", "reviewed_by": None,
         "url": "policies/behaviour/"},
        {"kind": "research", "id": "feedback", "path": "content/research/feedback.md",
         "title": "Feedback", "status": "due-soon", "due": "2026-12-15",
         "owner": "Ana Patel", "approved_by": None, "reviewed_by": "Ana Patel",
         "url": "research/feedback/"},
    ]


def test_reviews_text(tmp_path: Path) -> None:
    proc = _run(_due_project(tmp_path), "reviews")
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == [
        "2026-10-01  overdue   policy    Behaviour policy (content/policies/behaviour.md); "
        "owner: Director of Education; approved by: Trust board",
        "2026-12-15  due soon  research  Feedback (content/research/feedback.md); "
        "research champion: Ana Patel",
        "2 due: 1 overdue, 1 due soon (within 60 days)",
    ]


def test_reviews_with_nothing_due(tmp_path: Path) -> None:
    root = write_project(tmp_path, {"content/research/feedback.md": _research("2026-01-10")})
    assert json.loads(_run(root, "reviews", "--format", "json").stdout) == []
    assert _run(root, "reviews").stdout.startswith("Nothing is due")


def test_reviews_exits_1_when_files_have_errors_and_still_lists_the_rest(tmp_path: Path) -> None:
    root = _due_project(tmp_path)
    (root / "content/practice/case.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    proc = _run(root, "reviews", "--format", "json")
    assert proc.returncode == 1
    assert [d["id"] for d in json.loads(proc.stdout)] == ["behaviour", "feedback"]
    assert "1 file(s) with errors are left out" in proc.stderr


# --- scripts/review_issues.py: planning the issues -----------------------------------------

POLICY_DUE = {"kind": "policies", "id": "safeguarding", "path": "content/policies/safeguarding.md",
              "title": "Safeguarding policy", "status": "due-soon", "due": "2026-12-01",
              "owner": "Headteacher", "approved_by": "Trust board", "reviewed_by": None,
              "url": "policies/safeguarding/"}
RESEARCH_DUE = {"kind": "research", "id": "feedback", "path": "content/research/feedback.md",
                "title": "Feedback", "status": "overdue", "due": "2026-06-01",
                "owner": "Ana Patel", "approved_by": None, "reviewed_by": "Ana Patel",
                "url": "research/feedback/"}
LABELS = [{"name": "review-due"}]


def _issue(number: int, item: dict[str, Any], state: str = "OPEN", **changes: Any) -> dict[str, Any]:
    issue = {"number": number, "title": review_issues.issue_title(item),
             "body": review_issues.issue_body(item), "state": state, "labels": LABELS}
    issue.update(changes)
    return issue


def _kinds(actions: list[Any]) -> list[tuple[str, str, int | None]]:
    return [(a.kind, a.key, a.number) for a in actions]


def test_plan_creates_an_issue_per_item_due() -> None:
    actions = review_issues.plan([POLICY_DUE, RESEARCH_DUE], [])
    assert _kinds(actions) == [("create", "policies/safeguarding", None),
                               ("create", "research/feedback", None)]
    create = actions[0]
    assert create.title == "Policy review due soon: Safeguarding policy (due 2026-12-01)"
    assert create.body.startswith("<!-- openpractice-review: policies/safeguarding -->\n")
    assert "**2026-12-01**" in create.body and "Owner: Headteacher" in create.body
    assert actions[1].title == "Research re-check overdue: Feedback (due 2026-06-01)"


def test_plan_leaves_an_issue_that_is_up_to_date_alone() -> None:
    assert review_issues.plan([POLICY_DUE], [_issue(7, POLICY_DUE)]) == []


def test_plan_updates_rather_than_duplicates() -> None:
    overdue = {**POLICY_DUE, "status": "overdue"}
    actions = review_issues.plan([overdue], [_issue(7, POLICY_DUE)])
    assert _kinds(actions) == [("update", "policies/safeguarding", 7)]
    assert actions[0].title.startswith("Policy review overdue:")


def test_plan_closes_issues_no_longer_due_and_duplicates() -> None:
    issues = [_issue(7, POLICY_DUE), _issue(9, POLICY_DUE), _issue(8, RESEARCH_DUE)]
    actions = review_issues.plan([POLICY_DUE], issues)
    assert _kinds(actions) == [("close", "policies/safeguarding", 9),
                               ("close", "research/feedback", 8)]
    assert "duplicate of #7" in actions[0].comment
    assert "no longer due" in actions[1].comment


def test_plan_respects_an_issue_a_person_closed_for_the_same_due_date() -> None:
    closed = _issue(7, POLICY_DUE, state="CLOSED")
    assert review_issues.plan([POLICY_DUE], [closed]) == []
    next_cycle = {**POLICY_DUE, "due": "2027-12-01"}
    assert _kinds(review_issues.plan([next_cycle], [closed])) == [
        ("create", "policies/safeguarding", None)]


def test_plan_never_touches_issues_without_the_label_or_the_marker() -> None:
    unlabelled = _issue(3, POLICY_DUE, labels=[])
    quoted = _issue(4, POLICY_DUE, body="See <!-- openpractice-review: policies/safeguarding -->")
    assert _kinds(review_issues.plan([], [unlabelled, quoted])) == []


def test_an_items_text_cannot_forge_a_marker_a_mention_or_a_link() -> None:
    hostile = {**POLICY_DUE, "title": "<!-- openpractice-review: policies/other --> @trust [x](https://e.example)",
               "owner": "@someone"}
    body = review_issues.issue_body(hostile)
    assert body.count("<!-- openpractice-review:") == 1
    assert review_issues.marker_key({"body": body}) == "policies/safeguarding"
    assert "@trust" not in body and "@someone" not in body and "](" not in body.replace("\\](", "")


def test_the_page_link_uses_the_site_address() -> None:
    body = review_issues.issue_body(POLICY_DUE, "https://openpractice.trust.example/")
    assert "- Page: https://openpractice.trust.example/policies/safeguarding/\n" in body


def test_dry_run_prints_the_actions_and_calls_no_gh(tmp_path: Path) -> None:
    (tmp_path / "reviews.json").write_text(json.dumps([POLICY_DUE, RESEARCH_DUE]), encoding="utf-8")
    (tmp_path / "issues.json").write_text(json.dumps([_issue(5, RESEARCH_DUE)]),
                                          encoding="utf-8")
    env = {**os.environ, "PATH": str(tmp_path)}  # no gh anywhere
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "review_issues.py"), "--dry-run",
         "--reviews", str(tmp_path / "reviews.json"), "--issues", str(tmp_path / "issues.json"),
         "--root", str(tmp_path), "--site-url", ""],
        capture_output=True, text=True, env=env, timeout=60)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.splitlines() == [
        "would create a new issue [policies/safeguarding]: Policy review due soon: "
        "Safeguarding policy (due 2026-12-01)",
    ]


FAKE_GH = """\
#!{python}
import json, sys
from pathlib import Path
log = Path({log!r})
with log.open("a", encoding="utf-8") as out:
    out.write(json.dumps({{"args": sys.argv[1:], "stdin": sys.stdin.read() if "-" in sys.argv else ""}}) + "\\n")
if sys.argv[1:3] == ["issue", "list"]:
    print(Path({issues!r}).read_text(encoding="utf-8"))
"""


def test_the_script_drives_gh(tmp_path: Path) -> None:
    """Against a stand-in `gh` that records its calls: list, label, create, edit, close."""
    log, issues = tmp_path / "gh.log", tmp_path / "issues.json"
    stale = _issue(4, {**RESEARCH_DUE, "status": "due-soon"})
    gone = _issue(6, {**POLICY_DUE, "id": "old-policy"})
    issues.write_text(json.dumps([stale, gone]), encoding="utf-8")
    gh = tmp_path / "bin" / "gh"
    gh.parent.mkdir()
    gh.write_text(FAKE_GH.format(python=sys.executable, log=str(log), issues=str(issues)),
                  encoding="utf-8")
    gh.chmod(0o755)
    (tmp_path / "reviews.json").write_text(json.dumps([POLICY_DUE, RESEARCH_DUE]), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_url: https://site.example/\nx: !ENV [A]\n",
                                         encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "review_issues.py"),
         "--reviews", str(tmp_path / "reviews.json"), "--root", str(tmp_path)],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "PATH": f"{gh.parent}{os.pathsep}{os.environ.get('PATH', '')}"})
    assert proc.returncode == 0, proc.stderr
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [c["args"][:2] for c in calls] == [
        ["issue", "list"], ["label", "create"], ["issue", "create"], ["issue", "edit"],
        ["issue", "close"]]
    assert calls[0]["args"][2:] == ["--label", "review-due", "--state", "all", "--limit", "1000",
                                    "--json", "number,title,body,state,labels"]
    create, edit, close = calls[2], calls[3], calls[4]
    assert create["args"][2:] == ["--title", review_issues.issue_title(POLICY_DUE), "--label",
                                  "review-due", "--body-file", "-"]
    assert create["stdin"] == review_issues.issue_body(POLICY_DUE, "https://site.example/")
    assert "- Page: https://site.example/policies/safeguarding/" in create["stdin"]
    assert edit["args"][2] == "4" and edit["stdin"].startswith(
        "<!-- openpractice-review: research/feedback -->")
    assert close["args"][2:4] == ["6", "--comment"]
