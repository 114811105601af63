"""`openpractice editor-feedback`: the check's result as a commit status and a note for the web
editor (openpractice/editor_feedback.py), and the poster against a fake GitHub API."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from openpractice.cli import main
from openpractice.cms import PREVIEW_CONTEXT
from openpractice.editor_feedback import (
    Check,
    Entry,
    Reported,
    entry_of_branch,
    markdown_text,
    note_body,
    note_text,
    status_payload,
)
from openpractice.gfm import to_html

from ..support import ROOT
from . import fake_github
from .fake_github import State, serve

# Decap's own pattern for a note's marker: NOTE_PATTERN in
# node_modules/decap-cms-lib-util/dist/esm/notesFormat.js (decap-cms 3.16.3), parseNoteBody.
NOTE_PATTERN = r"^<!-- DecapCMS Note (\{[\s\S]*?\}) -->\n?([\s\S]*)$"
NOTES_FORMAT = ROOT / "node_modules" / "decap-cms-lib-util" / "dist" / "esm" / "notesFormat.js"

PREVIEW = "https://github.com/trust/site/actions/runs/7/artifacts/9"
RUN = "https://github.com/trust/site/actions/runs/7"
AT = datetime(2026, 11, 22, 14, 3, tzinfo=UTC)
ENTRY = Entry("practice", "retrieval-quizzes")
OWN = "content/practice/retrieval-quizzes.md"
SHA = "0123456789abcdef0123456789abcdef01234567"


def error(message: str, line: int = 2, path: str = OWN, field: str = "") -> Reported:
    return Reported(path, line, True, field, message)


def warning(message: str, line: int = 9, path: str = OWN, field: str = "") -> Reported:
    return Reported(path, line, False, field, message)


def check(*problems: Reported, built: bool = True) -> Check:
    return Check(tuple(problems), built, PREVIEW if built else "", RUN)


CHECKED = "Checked at 14:03 UTC on 22 November 2026; this note is updated after each save."
DOWNLOAD = ("It downloads as a zip file (sign in to GitHub first): unzip it and open "
            "index.html inside with your web browser.")

CASES = {
    "passed": (
        check(),
        {"state": "success", "target_url": PREVIEW,
         "description": "Passed: the preview is ready to download"},
        f"The checks passed.\n\nPreview of the site: {PREVIEW}\n{DOWNLOAD}\n\n"
        f"The check: {RUN}\n{CHECKED}"),
    "passed with warnings": (
        check(warning("section 'What we did' is empty", field="body")),
        {"state": "success", "target_url": PREVIEW,
         "description": "Passed with 1 warning: see the note in the editor"},
        "The checks passed. They noted 1 thing worth a look, which does not stop publishing.\n\n"
        "Worth a look:\n"
        f"- {OWN} line 9: body: section 'What we did' is empty\n\n"
        f"Preview of the site: {PREVIEW}\n{DOWNLOAD}\n\nThe check: {RUN}\n{CHECKED}"),
    "errors and warnings": (
        check(warning("consider a summary"),
              error("'xtitle' is not a known field; did you mean 'title'?", 4, field="xtitle"),
              warning("this policy was due for review on 2026-06-01", 13,
                      "content/policies/charging.md"),
              error("is too short (1 character); write at least 5", field="title"),
              built=False),
        {"state": "failure", "target_url": RUN,
         "description": "2 errors, 2 warnings: see the note in the editor"},
        "The checks found 2 problems to fix before this can be published.\n\n"
        "To fix:\n"
        f"- {OWN} line 4: xtitle: 'xtitle' is not a known field; did you mean 'title'?\n"
        f"- {OWN} line 2: title: is too short (1 character); write at least 5\n\n"
        "Worth a look:\n"
        f"- {OWN} line 9: consider a summary\n\n"
        "The check also noted 1 warning about other pages.\n\n"
        f"The check: {RUN}\n{CHECKED}"),
    "build failed": (
        check(built=False),
        {"state": "failure", "target_url": RUN,
         "description": "The site could not be built: see the check"},
        "The checks could not build the site, so this cannot be published yet. Nothing in the "
        "report points at your page: the check's log says what went wrong.\n\n"
        f"The check: {RUN}\n{CHECKED}"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_status_and_note(name: str) -> None:
    result, status, note = CASES[name]
    assert status_payload(result, with_note=True) == status | {"context": PREVIEW_CONTEXT}
    assert note_text(result, ENTRY, AT) == note


def test_more_than_twenty_problems() -> None:
    result = check(*(error(f"problem {n}", n) for n in range(1, 26)),
                   *(warning(f"warning {n}", n) for n in range(1, 4)), built=False)
    assert status_payload(result, with_note=True)["description"] == \
        "25 errors, 3 warnings: see the note in the editor"
    note = note_text(result, ENTRY, AT)
    assert note.startswith("The checks found 25 problems to fix before this can be published."
                           "\n\nTo fix:\n" + "".join(f"- {OWN} line {n}: problem {n}\n"
                                                     for n in range(1, 21)))
    assert "And 8 more: see the check.\n" in note
    assert "Worth a look" not in note and "problem 21" not in note


def test_a_branch_that_is_not_the_editors_gets_the_status_alone() -> None:
    assert entry_of_branch("cms/practice/retrieval-quizzes") == ENTRY
    assert entry_of_branch("cms/policies/mobile-phones.v2") == Entry("policies", "mobile-phones.v2")
    for branch in ("main", "feature/x", "cms/practice", "cms/blog/x", "cms/practice/a/b",
                   "cms/owner/repo/practice/x", "cms/practice/x y", "xcms/practice/x"):
        assert entry_of_branch(branch) is None, branch
    assert status_payload(check(error("e")), with_note=False)["description"] == \
        "1 error, 0 warnings: see the check"


HOSTILE = {
    "link": "[click](javascript:alert(1)) and ](javascript:alert(1))",
    "image": "![x](https://evil.example/p.png) <img src=x onerror=alert(1)>",
    "html": "<script>alert(1)</script><a href='https://evil.example'>x</a> &lt;b&gt; &#64;team",
    "mention": "@someone and @org/team and a@b.example, see #12 and trust/site#3",
    "comment end": "--> <!-- hidden --> -- --->",
    "autolink": "https://evil.example www.evil.example <https://evil.example> ftp://x.example",
    "reference": "[x]: https://evil.example\n[x]\n\n# Heading\n> quote",
    "block start": "# not a heading",
    "code and emphasis": "`code` **bold** _em_ ~~gone~~ $x$ | a | b |",
    "control": "line\u202eone\x1b[31m\r\nnext",
}


def _rendered(body: str) -> str:
    """The note as GitHub renders it (cmark-gfm with GitHub's extensions), the marker gone."""
    return to_html(body).replace(to_html(note_body("")).strip(), "")


@pytest.mark.parametrize("name", list(HOSTILE))
@pytest.mark.parametrize("where", ["message", "path"])
def test_hostile_values_stay_text(name: str, where: str) -> None:
    value = HOSTILE[name]
    problem = error(value) if where == "message" else error("bad", path=value)
    body = note_body(note_text(check(problem, built=False), ENTRY, AT))
    html = _rendered(body)
    assert re.findall(r"<(\w+)", html) == ["p", "p", "ul", "li", "p", "a"], html
    assert re.findall(r'href="([^"]*)"', html) == [RUN]
    # no mention, team or issue reference GitHub would make from the text
    assert not re.search(r"[@#][A-Za-z0-9]", html), html
    assert "\n" not in _problem_line_of(body)
    # Decap reads the body back: the marker first, the whole note after it
    match = re.match(NOTE_PATTERN, body)
    assert match is not None
    assert json.loads(match[1])["openpractice"] == "check"
    assert match[2].strip() == note_text(check(problem, built=False), ENTRY, AT)


def _problem_line_of(body: str) -> str:
    return next(line for line in body.splitlines() if line.startswith("- "))


def test_escaping_keeps_ordinary_text_readable() -> None:
    assert markdown_text("pupil_groups: 'ks3' is not known; write 5 to 120 characters.") == \
        "pupil_groups: 'ks3' is not known; write 5 to 120 characters."
    assert markdown_text("content/practice/a-b.md") == "content/practice/a-b.md"
    assert markdown_text("x" * 500, 10) == "xxxxxxxxx…"
    assert markdown_text("a\n\nb\tc") == "a\\\\n\\\\nb\\\\tc"  # visible escapes, then Markdown's


def test_the_marker_is_decaps() -> None:
    body = note_body("The checks passed.")
    match = re.match(NOTE_PATTERN, body)
    assert match is not None and match[2] == "The checks passed."
    assert json.loads(match[1]) == {"resolved": False, "author": "Open Practice check",
                                    "authorId": "openpractice-check", "openpractice": "check"}
    assert "--" not in match[1]
    if NOTES_FORMAT.is_file():  # the pattern copied above is still Decap's
        assert "const NOTE_PATTERN = /" + NOTE_PATTERN + "/;" in \
            NOTES_FORMAT.read_text(encoding="utf-8")


@pytest.mark.skipif(not NOTES_FORMAT.is_file() or shutil.which("node") is None,
                    reason="node_modules/decap-cms-lib-util or node is not installed")
def test_decaps_own_parser_reads_the_note(tmp_path: Path) -> None:
    """parseNoteBody itself, in node: the note's content and no recorded resolution."""
    module = tmp_path / "notesFormat.mjs"
    shutil.copyfile(NOTES_FORMAT, module)
    note = note_text(check(error("--> <!-- @x [y](z)")), ENTRY, AT)
    script = (f"import {{ parseNoteBody }} from {json.dumps(module.as_uri())};\n"
              "let body = ''; process.stdin.on('data', d => body += d);\n"
              "process.stdin.on('end', () => console.log(JSON.stringify(parseNoteBody(body))));")
    node = shutil.which("node")
    assert node is not None
    done = subprocess.run([node, "--input-type=module", "-e", script], input=note_body(note),
                          capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == {"content": note, "resolved": False,
                                       "author": "Open Practice check",
                                       "authorId": "openpractice-check"}


# --- The poster, against a fake GitHub API ---------------------------------------------------

def _problems(tmp_path: Path, *problems: dict[str, Any]) -> Path:
    path = tmp_path / "problems.json"
    path.write_text(json.dumps(list(problems)), encoding="utf-8")
    return path


def _run(tmp_path: Path, base: str, monkeypatch: pytest.MonkeyPatch, branch: str,
         *problems: dict[str, Any], outcome: str = "success") -> int:
    monkeypatch.setenv("GITHUB_TOKEN", fake_github.TOKEN)
    monkeypatch.setenv("GITHUB_API_URL", base)
    return main(["editor-feedback", "--problems", str(_problems(tmp_path, *problems)),
                 "--build-outcome", outcome, "--preview-url", PREVIEW, "--run-url", RUN,
                 "--branch", branch, "--sha", SHA, "--repo", "trust/site"])


TITLE_ERROR = {"path": OWN, "line": 2, "column": 8, "severity": "error", "field": "title",
               "message": "is too short (1 character); write at least 5", "rule": "too-short"}


def test_first_run_makes_the_issue_as_decap_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    state = State()
    with serve(state) as base:
        assert _run(tmp_path, base, monkeypatch, "cms/practice/retrieval-quizzes", TITLE_ERROR,
                    outcome="failure") == 0
    assert [(m, p.split("?")[0]) for m, p, _ in state.requests] == [
        ("POST", f"/repos/trust/site/statuses/{SHA}"),
        ("GET", "/search/issues"),
        ("POST", "/repos/trust/site/issues"),
        ("GET", "/repos/trust/site/issues/1/comments"),
        ("POST", "/repos/trust/site/issues/1/comments"),
    ]
    assert state.requests[1][1] == ("/search/issues?q=repo%3Atrust%2Fsite+label%3Adecap-cms-notes"
                                    "+%22practice%2Fretrieval-quizzes%22+in%3Abody")
    assert state.statuses[SHA] == [{
        "state": "failure", "target_url": RUN, "context": "Open Practice preview",
        "description": "1 error, 0 warnings: see the note in the editor"}]
    # API.ts createEntryIssue, with no entry title
    assert state.requests[2][2] == {
        "title": "Notes: practice/retrieval-quizzes",
        "body": "This issue tracks notes for entry: `practice/retrieval-quizzes`\n\n---\n"
                "*This issue was created automatically by Decap CMS for note management.*",
        "labels": ["decap-cms-notes", "collection:practice"]}
    [posted] = state.comments[1]
    match = re.match(NOTE_PATTERN, posted["body"])
    assert match is not None
    assert match[2].startswith("The checks found 1 problem to fix before this can be published.\n"
                               f"\nTo fix:\n- {OWN} line 2: title: is too short (1 character); "
                               "write at least 5\n")
    assert capsys.readouterr().err == ("Posted the status 'Open Practice preview': failure\n"
                                       "The note on practice/retrieval-quizzes: added\n")


def test_second_run_edits_its_own_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    state = State()
    with serve(state) as base:
        assert _run(tmp_path, base, monkeypatch, "cms/practice/retrieval-quizzes", TITLE_ERROR,
                    outcome="failure") == 0
        # people's notes after it (one of them quoting the marker), over two pages
        thread = state.comments[1]
        thread += [fake_github.comment(state, "<!-- DecapCMS Note {\"resolved\":false} -->\nOK",
                                       "teacher"),
                   fake_github.comment(state, "A note typed on GitHub", "head")]
        thread.insert(0, fake_github.comment(state, "A note before the check's", "teacher"))
        own = thread[1]["id"]
        state.requests.clear()
        assert _run(tmp_path, base, monkeypatch, "cms/practice/retrieval-quizzes") == 0
    assert [(m, p.split("?")[0]) for m, p, _ in state.requests] == [
        ("POST", f"/repos/trust/site/statuses/{SHA}"),
        ("GET", "/search/issues"),
        ("GET", "/repos/trust/site/issues/1/comments"),
        ("PATCH", f"/repos/trust/site/issues/comments/{own}"),
    ]
    assert len(state.issues) == 1 and len(state.comments[1]) == 4
    edited = next(c for c in state.comments[1] if c["id"] == own)
    assert re.match(NOTE_PATTERN, edited["body"])[2].startswith(  # type: ignore[index]
        "The checks passed.\n\nPreview of the site: " + PREVIEW)
    assert state.statuses[SHA][0] == {"state": "success", "target_url": PREVIEW,
                                      "context": "Open Practice preview",
                                      "description": "Passed: the preview is ready to download"}
    assert capsys.readouterr().err.endswith("The note on practice/retrieval-quizzes: edited\n")


def test_own_note_on_a_later_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = State()
    with serve(state) as base:
        assert _run(tmp_path, base, monkeypatch, "cms/practice/retrieval-quizzes") == 0
        thread = state.comments[1]
        own = thread[0]
        thread[:] = [fake_github.comment(state, f"note {n}", "teacher") for n in range(3)] + [own]
        state.requests.clear()
        assert _run(tmp_path, base, monkeypatch, "cms/practice/retrieval-quizzes") == 0
    pages = [p for m, p, _ in state.requests if "/comments" in p and m == "GET"]
    assert len(pages) == 2 and pages[1].endswith("page=2")
    assert ("PATCH", f"/repos/trust/site/issues/comments/{own['id']}") in \
        [(m, p) for m, p, _ in state.requests]
    assert len(state.comments[1]) == 4


def test_other_branches_get_the_status_alone(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    state = State()
    with serve(state) as base:
        assert _run(tmp_path, base, monkeypatch, "fix-typo") == 0
    assert [(m, p) for m, p, _ in state.requests] == [
        ("POST", f"/repos/trust/site/statuses/{SHA}")]
    assert state.statuses[SHA][0]["description"] == "Passed: the preview is ready to download"
    assert not state.issues


def test_an_api_failure_is_one_line_and_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    state = State(fail_with=500)
    with serve(state) as base:
        assert _run(tmp_path, base, monkeypatch, "cms/practice/retrieval-quizzes") == 1
    err = capsys.readouterr().err
    assert err == (f"openpractice: error: POST /repos/trust/site/statuses/{SHA}: GitHub answered "
                   "500 Internal Server Error: Server Error\\nTraceback: no\n")


def test_an_unreachable_api_is_one_line_and_exit_1(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    with serve(State()) as base:
        pass  # the port is closed again
    assert _run(tmp_path, base, monkeypatch, "cms/practice/retrieval-quizzes") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"openpractice: error: POST /repos/trust/site/statuses/{SHA}: GitHub "
                          "could not be reached (")
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(("option", "value", "said"), [
    ("--sha", "main", "--sha is not a commit's full hash"),
    ("--repo", "trust", "--repo is not owner/name"),
    ("--run-url", "javascript:alert(1)", "--run-url is not a web address"),
    ("--preview-url", "", "--preview-url is not a web address"),
])
def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str,
                             value: str, said: str) -> None:
    args = {"--problems": str(_problems(tmp_path)), "--build-outcome": "success",
            "--preview-url": PREVIEW, "--run-url": RUN, "--branch": "cms/practice/x",
            "--sha": SHA, "--repo": "trust/site"} | {option: value}
    assert main(["editor-feedback", *(x for pair in args.items() for x in pair), "--dry-run"]) == 2
    assert capsys.readouterr().err.startswith(f"openpractice: error: {said}")


def test_a_report_that_is_not_the_validators(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "problems.json"
    bad.write_text('{"not": "a list"}', encoding="utf-8")
    assert main(["editor-feedback", "--problems", str(bad), "--build-outcome", "failure",
                 "--run-url", RUN, "--branch", "x", "--sha", SHA, "--repo", "t/s"]) == 2
    assert "not the validator's JSON report" in capsys.readouterr().err


def test_dry_run_prints_the_status_and_the_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    assert main(["editor-feedback", "--problems", str(_problems(tmp_path, TITLE_ERROR)),
                 "--build-outcome", "failure", "--run-url", RUN, "--branch",
                 "cms/practice/retrieval-quizzes", "--sha", SHA, "--repo", "trust/site",
                 "--dry-run"]) == 0
    out = capsys.readouterr().out
    status, note = out.split("}\n", 1)
    assert json.loads(status + "}")["state"] == "failure"
    assert re.match(NOTE_PATTERN, note)
