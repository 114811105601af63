"""The check's result in the web editor, in real Chromium: the note and "View preview".

The fixture trust is built (so the build publishes admin/) and served from 127.0.0.1; its
admin/config.yml is pointed at a fake GitHub API on another local port (`backend.api_root`,
no local backend) and its Content-Security-Policy at that address instead of api.github.com.
The fake serves what Decap's GitHub backend reads for a signed-in user (the token is in
local storage, as Decap keeps it) to open one unpublished practice write-up: the pull
request of branch cms/practice/<slug> with its file, and what `openpractice editor-feedback`
posted to the same fake for that branch (run for real, in process): the commit status named
PREVIEW_CONTEXT and the note on the entry's notes issue. The editor must show the note's
headline and problem and a "View Preview" link to the artifact's address. Every request is
logged; anything not to the two local servers is aborted and fails the test, except Decap's
GitHub status check (githubstatus.com), which the editor's policy refuses anyway.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import yaml

from openpractice.cli import main
from openpractice.cms import DECAP_DIST, PREVIEW_CONTEXT

from ..cms import fake_github
from ..cms.fake_github import State, serve
from ..support import ROOT, build, copy_project
from .conftest import _unavailable
from .local_only import Session, local_only_session

pytestmark = [pytest.mark.browser, pytest.mark.build]

SLUG = "retrieval-quizzes-in-year-8"
PATH = f"content/practice/{SLUG}.md"
HEAD = "1111111111111111111111111111111111111111"
BLOB = "2222222222222222222222222222222222222222"
ARTIFACT = "https://github.com/trust/site/actions/runs/7/artifacts/9"
RUN = "https://github.com/trust/site/actions/runs/7"
STATUS_PAGE = "https://www.githubstatus.com/"  # Decap's status(): refused, and tolerated
ENTRY = """---
title: Retrieval quizzes in year 8
summary: Low-stakes weekly quizzes helped year 8 pupils remember key science ideas.
date: 2026-11-01
authors:
  - name: Mr B. Okafor
schools: [oakfield-academy]
phases: [ks3]
themes: [retrieval-practice]
stage: piloting
---

We ran a ten-question quiz every Monday.
"""
# A real shape of the validator's report, quoting hostile content.
PROBLEMS = [{"path": PATH, "line": 12, "column": 1, "severity": "warning", "field": "body",
             "message": "the section '<img src=x onerror=alert(1)> @someone' is empty",
             "rule": "empty-section"}]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _decap_routes(state: State) -> None:
    """What Decap's GitHub backend (API.ts) asks for, beyond the notes and statuses."""
    repo = f"/repos/{state.repo}"
    pull = {"number": 5, "state": "open", "updated_at": "2026-11-22T10:00:00Z",
            "html_url": f"https://github.com/{state.repo}/pull/5", "user": {"login": "teacher"},
            "labels": [{"name": "decap-cms/pending_review"}], "base": {"ref": "main"},
            "head": {"ref": f"cms/practice/{SLUG}", "sha": HEAD,
                     "repo": {"fork": False, "full_name": state.repo}}}
    teacher = {"login": "teacher", "name": "A Teacher", "id": 1}
    content = base64.b64encode(ENTRY.encode("utf-8")).decode("ascii")

    def pulls(match: Any, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        head = query.get("head", [None])[0]
        return 200, [pull] if head in (None, f"trust:cms/practice/{SLUG}") else []

    state.routes.update({
        ("GET", "/user"): lambda *_: (200, teacher),
        ("GET", r"/users/teacher"): lambda *_: (200, teacher),
        ("GET", repo): lambda *_: (200, {"full_name": state.repo, "owner": {"login": "trust"},
                                         "default_branch": "main", "permissions": {"push": True}}),
        ("GET", rf"{repo}/pulls"): pulls,
        ("GET", rf"{repo}/compare/main\.\.\.{HEAD}"): lambda *_: (200, {"files": [
            {"filename": PATH, "status": "added", "sha": BLOB, "patch": "@@ -0,0 +1 @@"}]}),
        ("GET", rf"{repo}/git/blobs/{BLOB}"): lambda *_: (200, {"sha": BLOB, "content": content,
                                                                "encoding": "base64"}),
        ("GET", rf"{repo}/git/trees/main:.*"): lambda *_: (200, {"sha": "t", "tree": []}),
        ("GET", rf"{repo}/issues/(\d+)"): lambda m, *_: (200, state.issues[int(m[1]) - 1]),
    })


@dataclass
class Editor:
    site_url: str
    api_url: str
    state: State
    note: str


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    if not (ROOT / DECAP_DIST / "decap-cms.js").is_file():
        _unavailable("node_modules/decap-cms is not installed (run 'make browser-deps')",
                     "WEB EDITOR GATE")
    tmp = tmp_path_factory.mktemp("editor-checks")
    project = copy_project(tmp / "project")
    (project / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    built = build(project)
    assert built.returncode == 0, built.output
    admin = built.site / "admin"
    state = State(repo="trust/site")
    _decap_routes(state)
    with serve(state) as api:
        config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
        assert config["backend"]["preview_context"] == PREVIEW_CONTEXT
        config["backend"] |= {"repo": state.repo, "api_root": api}
        del config["local_backend"]  # else Decap on 127.0.0.1 looks for decap-server
        (admin / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False),
                                          encoding="utf-8")
        index = (admin / "index.html").read_text(encoding="utf-8")
        assert "https://api.github.com" in index
        (admin / "index.html").write_text(index.replace("https://api.github.com", api),
                                          encoding="utf-8")
        # The check's own poster, as check.yml runs it, against the same fake.
        problems = tmp / "problems.json"
        problems.write_text(json.dumps(PROBLEMS), encoding="utf-8")
        with pytest.MonkeyPatch.context() as env:
            env.setenv("GITHUB_TOKEN", fake_github.TOKEN)
            env.setenv("GITHUB_API_URL", api)
            assert main(["editor-feedback", "--problems", str(problems), "--build-outcome",
                         "success", "--preview-url", ARTIFACT, "--run-url", RUN, "--branch",
                         f"cms/practice/{SLUG}", "--sha", HEAD, "--repo", state.repo]) == 0
        [posted] = state.comments[1]
        note = posted["body"].split("-->\n", 1)[1]
        site = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built.site)))
        threading.Thread(target=site.serve_forever, daemon=True).start()
        try:
            yield Editor(f"http://127.0.0.1:{site.server_address[1]}", api, state, note)
        finally:
            site.shutdown()
            site.server_close()


@pytest.fixture
def session(editor: Editor, browser: Any) -> Iterator[Session]:
    # Signed in, as Decap keeps a GitHub user (LocalStorageAuthStore, 'decap-cms-user').
    user = {"backendName": "github", "token": fake_github.TOKEN, "login": "teacher",
            "name": "A Teacher"}
    script = f"window.localStorage.setItem('decap-cms-user', {json.dumps(json.dumps(user))});"
    with local_only_session(browser, (editor.site_url + "/", editor.api_url + "/"),
                            viewport={"width": 1400, "height": 900}, tolerated=(STATUS_PAGE,),
                            init_script=script) as found:
        yield found


def test_the_editor_shows_the_checks_note_and_preview(session: Session, editor: Editor) -> None:
    page = session.page
    page.goto(f"{editor.site_url}/admin/#/collections/practice/entries/{SLUG}")
    page.locator('input[id^="title-field-"]').wait_for(timeout=30000)
    assert page.locator('input[id^="title-field-"]').input_value() == "Retrieval quizzes in year 8"
    # "View Preview": the status named PREVIEW_CONTEXT, a success, links to the artifact.
    preview = page.get_by_role("link", name=re.compile("View Preview"))
    preview.wait_for(timeout=30000)
    assert preview.get_attribute("href") == ARTIFACT
    # The note, in the notes pane.
    headline = page.get_by_text("The checks passed. They noted 1 thing worth a look")
    if not headline.is_visible():
        page.get_by_title("Toggle notes").click()
    headline.wait_for(timeout=30000)
    shown = headline.inner_text()
    assert shown == editor.note.strip()
    assert (f"- {PATH} line 12: body: the section '\\<img src=x onerror=alert(1)\\> "
            "@\u200bsomeone' is empty") in shown
    assert f"Preview of the site: {ARTIFACT}" in shown
    assert page.get_by_text("Open Practice check", exact=True).count() == 1  # the author
    assert page.locator("img[src='x']").count() == 0
    # Decap read the status from the pull request's head, and the note from Decap's issue.
    paths = [p.split("?")[0] for m, p, _ in editor.state.requests if m == "GET"]
    assert f"/repos/trust/site/commits/{HEAD}/status" in paths
    assert "/repos/trust/site/issues/1/comments" in paths
