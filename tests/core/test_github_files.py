"""The GitHub loop's files (.github/), checked for what keeps a template repository safe to
fork: no `pull_request_target`, every action pinned to a commit, no credentials left in a
checkout, read-only tokens unless a job says why. (zizmor and check-jsonschema check the
rest in `make lint`.)"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml")) + sorted((GITHUB / "workflows").glob("*.yaml"))
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+#\s+v\d+(?:\.\d+){0,2}\s*$")


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def _on(workflow: dict[Any, Any]) -> Any:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _read_only(permissions: Any) -> bool:
    if permissions in ("read-all", {}):
        return True
    return isinstance(permissions, dict) and all(v in ("read", "none") for v in permissions.values())


def test_the_workflows_are_there() -> None:
    assert {p.name for p in WORKFLOWS} >= {"check.yml", "publish.yml", "reviews.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_pull_request_target(path: Path) -> None:
    on = _on(_load(path))
    triggers = [on] if isinstance(on, str) else list(on)
    assert "pull_request_target" not in triggers
    assert "pull_request_target" not in re.sub(r"#.*", "", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path: Path) -> None:
    found = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = USES.match(line)
        if not match:
            continue
        found += 1
        assert PINNED.match(match["ref"]), f"{path.name}:{number}: not pinned to a commit: {line}"
        assert VERSION_COMMENT.match(match["rest"]), f"{path.name}:{number}: no '# vX.Y.Z': {line}"
    uses = [step["uses"] for step in _steps(_load(path)) if "uses" in step]
    uses += [job["uses"] for job in _load(path)["jobs"].values() if "uses" in job]
    assert found == len(uses)  # every `uses:` was seen by the line check


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_checkout_keeps_no_credentials(path: Path) -> None:
    for step in _steps(_load(path)):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert (step.get("with") or {}).get("persist-credentials") is False, step


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_top_level_permissions_are_read_only(path: Path) -> None:
    workflow = _load(path)
    assert "permissions" in workflow, f"{path.name}: say what the token may do"
    assert _read_only(workflow["permissions"]), workflow["permissions"]


def test_the_pull_request_check_has_no_write_access_and_no_secrets() -> None:
    path = GITHUB / "workflows" / "check.yml"
    workflow = _load(path)
    assert set(_on(workflow)) >= {"pull_request", "push"}
    jobs = workflow["jobs"]
    assert set(jobs) == {"check", "gates", "editor-feedback"}
    assert _read_only(jobs["check"].get("permissions", {}))
    assert _read_only(jobs["gates"].get("permissions", {}))
    assert "secrets." not in path.read_text(encoding="utf-8")
    assert workflow["concurrency"]["cancel-in-progress"]
    runs = " ".join(str(step.get("run", "")) for step in _steps(workflow))
    assert "openpractice validate --format github" in runs and "$GITHUB_STEP_SUMMARY" in runs
    assert "make build" in runs and "make test" in runs


def test_only_the_editor_feedback_writes_and_only_with_the_base_branchs_code() -> None:
    """The job that tells the web editor may write statuses and issues (nothing else), runs
    only for the editor's own branches of this repository, and checks out the base commit,
    never the pull request's code."""
    job = _load(GITHUB / "workflows" / "check.yml")["jobs"]["editor-feedback"]
    assert job["permissions"] == {"contents": "read", "statuses": "write", "issues": "write"}
    assert job["needs"] == "check"
    condition = " ".join(job["if"].split())
    assert "github.event_name == 'pull_request'" in condition
    assert "github.event.pull_request.head.repo.full_name == github.repository" in condition
    assert "startsWith(github.head_ref, 'cms/')" in condition
    (checkout,) = [s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkout["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    for step in job["steps"]:  # contributed values reach the shell only through env
        assert "${{" not in str(step.get("run", "")), step


def test_publish_deploys_only_a_checked_build() -> None:
    workflow = _load(GITHUB / "workflows" / "publish.yml")
    assert {"push", "schedule", "workflow_dispatch"} <= set(_on(workflow))
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert "make build" in " ".join(str(s.get("run", "")) for s in build["steps"])
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_the_review_issues_job_may_write_issues_only() -> None:
    workflow = _load(GITHUB / "workflows" / "reviews.yml")
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = " ".join(str(step.get("run", "")) for step in job["steps"])
    assert "openpractice reviews --format json" in runs and "scripts/review_issues.py" in runs


def test_the_feedback_form_can_be_prefilled() -> None:
    form = _load(GITHUB / "ISSUE_TEMPLATE" / "feedback.yml")
    ids = [field.get("id") for field in form["body"]]
    assert {"page-title", "page-url"} <= set(ids)
    config = _load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert config["blank_issues_enabled"] is False


def test_the_pre_commit_hook() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "openpractice-validate"
    assert (hook["entry"], hook["language"], hook["files"], hook["pass_filenames"]) == (
        "openpractice validate", "python", "^content/", True)


def test_dependabot_covers_every_ecosystem_weekly() -> None:
    config = _load(GITHUB / "dependabot.yml")
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"pip", "npm", "github-actions"}
    assert all(u["schedule"]["interval"] == "weekly" and u.get("groups") for u in updates.values())
