"""The check's result, back in the web editor: a commit status and a note on the entry.

Every save in the editor (Decap CMS, cms.py) is a pull request from a branch
`cms/<collection>/<slug>`, and check.yml checks it. Its `editor-feedback` job runs
`openpractice editor-feedback` with the validator's JSON report, the build's outcome and two
addresses, and posts through GitHub's REST API:

- a commit status on the pull request's head named `cms.PREVIEW_CONTEXT`. Decap reads it
  (`backend.preview_context`) and, when it is a success, shows "View preview" linking to its
  address: the built site's artifact. A success means no errors and a site that built; else
  the address is the check's run.
- a note in the entry's notes pane: a comment on the issue Decap keeps for the entry's notes
  (labelled `decap-cms-notes`, its body naming `` `collection/slug` ``), found or made as
  Decap's GitHub backend does (API.ts, findEntryIssue and createEntryIssue), starting with
  Decap's marker (notesFormat.js). The marker carries `"openpractice": "check"`, so each run
  edits its own earlier note instead of adding another.

The note quotes the report, and the report quotes contributed content, so every contributed
value is escaped for GitHub's Markdown: nothing in it can become a link, an image, HTML, a
mention or an issue reference. Decap shows a note as plain text (`white-space: pre-wrap`)
and GitHub renders it as Markdown, so the note is plain text that reads well in both: bare
addresses, no Markdown links.

Only branches of the repository itself are handled. With open authoring Decap pushes
`cms/<owner>/<repo>/<collection>/<slug>` to the contributor's fork, whose pull requests get
a read-only token; check.yml does not run the job for them. A branch that is not Decap's
gets the status alone (its "details" link is the artifact), no note.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from .cms import PREVIEW_CONTEXT, TYPE_LABELS
from .problems import visible

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
SHOWN = 20  # problems listed in a note; the rest are counted
MESSAGE_LIMIT = 400  # characters of one quoted message: a value can be very long
NOTES_LABEL = "decap-cms-notes"  # API.ts NOTES_LABEL
MARKER = {"resolved": False, "author": "Open Practice check", "authorId": "openpractice-check",
          "openpractice": "check"}
# The collections are cms.py's; a slug is what Decap's `encoding: ascii` leaves.
_BRANCH = re.compile(rf"cms/(?P<collection>{'|'.join(TYPE_LABELS)})/(?P<slug>[A-Za-z0-9._~-]+)")
# notesFormat.js NOTE_PATTERN, to recognise a note's marker and read its JSON.
_NOTE = re.compile(r"^<!-- DecapCMS Note (\{[\s\S]*?\}) -->\n?([\s\S]*)$")
_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


class FeedbackError(Exception):
    """A usage error: a report that cannot be read, an argument that cannot be right."""


class GitHubError(Exception):
    """GitHub could not be reached, or refused a request: one line, for the log."""


@dataclass(frozen=True)
class Reported:
    """One problem of the validator's JSON report, as far as the note needs it."""

    path: str
    line: int
    error: bool
    field: str
    message: str


@dataclass(frozen=True)
class Check:
    """What the check found, and where its results are."""

    problems: tuple[Reported, ...]
    built: bool
    preview_url: str
    run_url: str

    @property
    def errors(self) -> int:
        return sum(p.error for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def passed(self) -> bool:
        return self.built and not self.errors


@dataclass(frozen=True)
class Entry:
    """The editor's entry a branch holds."""

    collection: str
    slug: str

    @property
    def key(self) -> str:
        return f"{self.collection}/{self.slug}"

    @property
    def path(self) -> str:
        return f"content/{self.collection}/{self.slug}.md"  # cms.py: folder, slug, extension


def entry_of_branch(branch: str) -> Entry | None:
    """The entry of a branch Decap made (`cms/<collection>/<slug>`, APIUtils
    branchFromContentKey), or None for any other branch."""
    match = _BRANCH.fullmatch(branch)
    return Entry(match["collection"], match["slug"]) if match else None


def read_problems(text: str) -> tuple[Reported, ...]:
    """The validator's JSON report (`openpractice validate --format json`)."""
    try:
        items = json.loads(text)
        return tuple(Reported(str(i["path"]), int(i["line"]), i["severity"] == "error",
                              str(i.get("field") or ""), str(i["message"])) for i in items)
    except (ValueError, TypeError, KeyError) as exc:
        raise FeedbackError(f"the problems file is not the validator's JSON report ({exc})") \
            from None


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


# --- The status -----------------------------------------------------------------------------

def status_payload(check: Check, *, with_note: bool) -> dict[str, str]:
    """The commit status (POST /repos/{repo}/statuses/{sha}); Decap's "View preview" is its
    target_url when the state is a success."""
    see = "see the note in the editor" if with_note else "see the check"
    if check.errors:
        description = f"{_plural(check.errors, 'error')}, {_plural(check.warnings, 'warning')}: {see}"
    elif not check.built:
        description = "The site could not be built: see the check"
    elif check.warnings:
        description = f"Passed with {_plural(check.warnings, 'warning')}: {see}"
    else:
        description = "Passed: the preview is ready to download"
    return {"state": "success" if check.passed else "failure",
            "target_url": check.preview_url if check.built else check.run_url,
            "description": description[:140],  # GitHub's limit
            "context": PREVIEW_CONTEXT}


# --- The note -------------------------------------------------------------------------------

# Characters that start Markdown's links, images, HTML, entities, code, emphasis, tables
# and maths. A backslash makes each literal (CommonMark: any ASCII punctuation).
_SPECIAL = re.compile(r"([\\`*\[\]<>&~|$])")
# `_` emphasises only at a word's edge; inside a word (`pupil_groups`) it is left readable.
_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# Bare addresses GitHub turns into links (the autolink extension): breaking `://` and `www.`
# with a backslash keeps the text and drops the link.
_SCHEME = re.compile(r":(?=//)")
_WWW = re.compile(r"(?i)(?<=www)\.")
# A mention (`@someone`, also an e-mail address) and an issue reference (`#12`) are made by
# GitHub from the rendered text, where a backslash is gone: a zero-width space after the
# sign breaks them, and neither pane shows it.
_SIGN = re.compile(r"([@#])")
# A line's start could open a block (a heading, a quote, a list) inside the note's own list.
# (A backslash there is already an escape.)
_BLOCK_START = re.compile(r"^(\d{1,9})([.)])|^([!-/:-@\[\]-`{-~])")


def markdown_text(value: str, limit: int = MESSAGE_LIMIT) -> str:
    """A contributed value as inert Markdown text on one line: control characters shown as
    escapes (problems.visible), white space collapsed, at most `limit` characters."""
    text = " ".join(visible(value).split())
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "…"
    text = _SPECIAL.sub(r"\\\1", text)
    text = _EDGE_UNDERSCORE.sub(r"\\_", text)
    text = _WWW.sub(r"\\.", _SCHEME.sub(r"\\:", text))
    text = _SIGN.sub("\\1\u200b", text)
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text, count=1)


def _problem_line(problem: Reported) -> str:
    field = f"{problem.field}: " if problem.field else ""
    return f"- {markdown_text(problem.path, 200)} line {problem.line}: " \
           f"{markdown_text(field + problem.message)}"


def _headline(check: Check) -> str:
    if check.errors:
        return (f"The checks found {_plural(check.errors, 'problem')} to fix before this can be "
                "published.")
    if not check.built:
        return ("The checks could not build the site, so this cannot be published yet. Nothing "
                "in the report points at your page: the check's log says what went wrong.")
    if check.warnings:
        verb = "does" if check.warnings == 1 else "do"
        return (f"The checks passed. They noted {_plural(check.warnings, 'thing')} worth a look, "
                f"which {verb} not stop publishing.")
    return "The checks passed."


def _listed(check: Check, entry: Entry | None) -> tuple[list[Reported], int]:
    """The problems the note lists, errors first and the entry's own first, and the count of
    warnings about other pages, which are left out (the check still shows them)."""
    own = entry.path if entry else None
    shown = [p for p in check.problems if p.error or p.path == own]
    shown.sort(key=lambda p: (not p.error, p.path != own))
    return shown, len(check.problems) - len(shown)


def _problem_lines(check: Check, entry: Entry | None) -> list[str]:
    shown, others = _listed(check, entry)
    lines: list[str] = []
    for error, title in ((True, "To fix:"), (False, "Worth a look:")):
        group = [p for p in shown[:SHOWN] if p.error is error]
        if group:
            lines += ["", title, *(_problem_line(p) for p in group)]
    if len(shown) > SHOWN:
        lines.append(f"And {len(shown) - SHOWN} more: see the check.")
    if others:
        lines += ["", f"The check also noted {_plural(others, 'warning')} about other pages."]
    return lines


def note_text(check: Check, entry: Entry | None, checked_at: datetime) -> str:
    """The note, in plain words for the person who saved (Markdown for GitHub)."""
    lines = [_headline(check), *_problem_lines(check, entry), ""]
    if check.built:
        lines += [f"Preview of the site: {check.preview_url}",
                  "It downloads as a zip file (sign in to GitHub first): unzip it and open "
                  "index.html inside with your web browser.", ""]
    lines += [f"The check: {check.run_url}",
              f"Checked at {checked_at:%H:%M} UTC on {checked_at.day} {checked_at:%B %Y}; "
              "this note is updated after each save."]
    return "\n".join(lines)


def _marker(payload: dict[str, Any]) -> str:
    # As notesFormat.js `encode`: every hyphen before another is escaped, so no `--` can
    # close the HTML comment early.
    return re.sub(r"-(?=-)", r"\\u002d", json.dumps(payload, separators=(",", ":")))


def note_body(text: str) -> str:
    """The comment's body: Decap's marker (notesFormat.js formatNoteBody), then the note."""
    return f"<!-- DecapCMS Note {_marker(MARKER)} -->\n{text}"


def is_own_note(body: str) -> bool:
    """A comment this check wrote: Decap's marker with `"openpractice": "check"`."""
    match = _NOTE.match(body)
    try:
        payload = json.loads(match[1]) if match else None
    except ValueError:
        return False
    return isinstance(payload, dict) and payload.get("openpractice") == "check"


# --- Posting --------------------------------------------------------------------------------

@dataclass(frozen=True)
class GitHub:
    """GitHub's REST API for one repository, with urllib (no client library)."""

    api: str
    token: str
    repo: str

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return self._request(method, self.api + path, body)[0]

    def pages(self, path: str) -> Iterator[Any]:
        """Every item of a listing, following its `Link: rel="next"` pages."""
        url: str | None = self.api + path
        while url:
            items, link = self._request("GET", url, None)
            yield from items
            url = _next_page(link)
            if url and not url.startswith(self.api + "/"):  # the token goes to GitHub only
                raise GitHubError(f"GitHub's next page is elsewhere: {visible(url)}")

    def _request(self, method: str, url: str, body: dict[str, Any] | None) -> tuple[Any, str]:
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Accept": "application/vnd.github+json", "Authorization": f"Bearer {self.token}",
            "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "openpractice-editor-feedback",
            **({"Content-Type": "application/json"} if data else {})})
        where = f"{method} {urlsplit(url).path}"
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text, link = response.read(), response.headers.get("Link", "")
        except urllib.error.HTTPError as exc:
            raise GitHubError(f"{where}: GitHub answered {exc.code} {exc.reason}"
                              f"{_said(exc)}") from None
        except (OSError, ValueError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            raise GitHubError(f"{where}: GitHub could not be reached ({reason})") from None
        try:
            return (json.loads(text) if text else None), link
        except ValueError:
            raise GitHubError(f"{where}: GitHub's answer is not JSON") from None


def _said(error: urllib.error.HTTPError) -> str:
    """GitHub's own explanation of a refusal (`message` in its JSON), kept short."""
    try:
        message = json.loads(error.read() or b"{}").get("message")
    except (ValueError, AttributeError, OSError):
        return ""
    return f": {visible(str(message))[:200]}" if message else ""


def _next_page(link: str) -> str | None:
    match = re.search(r'<([^>]+)>;\s*rel="next"', link)
    return match[1] if match else None


def notes_issue(github: GitHub, entry: Entry) -> int:
    """The number of the entry's notes issue, made as Decap makes it when there is none. Found
    with Decap's own search (findEntryIssue); of its results, the first whose body names this
    entry exactly (the search also matches `practice/a-b` for `practice/a`)."""
    query = f'repo:{github.repo} label:{NOTES_LABEL} "{entry.key}" in:body'
    found = github.call("GET", "/search/issues?" + urlencode({"q": query}))
    for issue in (found or {}).get("items", []):
        if f"`{entry.key}`" in (issue.get("body") or ""):
            return int(issue["number"])
    made = github.call("POST", f"/repos/{github.repo}/issues", {
        "title": f"Notes: {entry.key}",
        "body": f"This issue tracks notes for entry: `{entry.key}`\n\n---\n*This issue was "
                "created automatically by Decap CMS for note management.*",
        "labels": [NOTES_LABEL, f"collection:{entry.collection}"]})
    # GitHub drops the labels of a new issue silently when the token may not set them, and
    # Decap finds a notes issue by its label only.
    if NOTES_LABEL not in {label["name"] for label in made["labels"]}:
        raise GitHubError(f"issue #{made['number']} was made without the label {NOTES_LABEL}, "
                          "so the editor cannot find it: create that label in the repository")
    return int(made["number"])


def post_note(github: GitHub, entry: Entry, body: str) -> str:
    """Edit this check's earlier note on the entry, or add it: 'edited' or 'added'."""
    issue = notes_issue(github, entry)
    path = f"/repos/{github.repo}/issues/{issue}/comments?per_page=100"
    for comment in github.pages(path):
        if is_own_note(comment.get("body") or ""):
            github.call("PATCH", f"/repos/{github.repo}/issues/comments/{comment['id']}",
                        {"body": body})
            return "edited"
    github.call("POST", f"/repos/{github.repo}/issues/{issue}/comments", {"body": body})
    return "added"


# --- The command ----------------------------------------------------------------------------

def _address(value: str, what: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.netloc or re.search(r"[\s<>]", value):
        raise FeedbackError(f"{what} is not a web address: {visible(value)!r}")
    return value


def _check(args: argparse.Namespace) -> Check:
    if not _REPO.fullmatch(args.repo):
        raise FeedbackError(f"--repo is not owner/name: {visible(args.repo)!r}")
    if not _SHA.fullmatch(args.sha):
        raise FeedbackError(f"--sha is not a commit's full hash: {visible(args.sha)!r}")
    try:
        problems = read_problems(args.problems.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise FeedbackError(f"cannot read the problems file: {exc}") from None
    built = args.build_outcome == "success"
    return Check(problems, built, _address(args.preview_url, "--preview-url") if built else "",
                 _address(args.run_url, "--run-url"))


def run(args: argparse.Namespace) -> int:
    """`openpractice editor-feedback`: exit 0 posted (or printed, --dry-run), 1 when GitHub
    refused or could not be reached, 2 on a usage error."""
    try:
        check = _check(args)
    except FeedbackError as exc:
        print(f"openpractice: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    entry = entry_of_branch(args.branch)
    status = status_payload(check, with_note=entry is not None)
    body = note_body(note_text(check, entry, datetime.now(UTC))) if entry else None
    if args.dry_run:
        print(json.dumps(status, indent=2))
        print(body if body else "(no note: the branch is not one the web editor made)")
        return EXIT_OK
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        print("openpractice: error: GITHUB_TOKEN is not set", file=sys.stderr)
        return EXIT_USAGE
    github = GitHub(os.environ.get("GITHUB_API_URL") or "https://api.github.com", token,
                    args.repo)
    return _post(github, args.sha, status, entry, body)


def _post(github: GitHub, sha: str, status: dict[str, str], entry: Entry | None,
          body: str | None) -> int:
    try:
        github.call("POST", f"/repos/{github.repo}/statuses/{sha}", status)
        print(f"Posted the status '{status['context']}': {status['state']}", file=sys.stderr)
        if entry and body:
            done = post_note(github, entry, body)
            print(f"The note on {entry.key}: {done}", file=sys.stderr)
    except GitHubError as exc:
        print(f"openpractice: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except (KeyError, TypeError, ValueError, AttributeError):
        print("openpractice: error: GitHub's answer was not what its API documents",
              file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """The subcommand's arguments (cli.py)."""
    feedback = sub.add_parser(
        "editor-feedback", help="after the check of a pull request: post its result for the web "
        "editor, as a commit status (the editor's \"View preview\") and a note on the entry")
    feedback.add_argument("--problems", type=Path, required=True, metavar="FILE",
                          help="the validator's report (openpractice validate --format json)")
    feedback.add_argument("--build-outcome", required=True,
                          choices=["success", "failure", "cancelled", "skipped"],
                          help="the outcome of the build step")
    feedback.add_argument("--preview-url", default="", metavar="URL",
                          help="the built site's artifact (needed when the build succeeded)")
    feedback.add_argument("--run-url", required=True, metavar="URL", help="the check's run")
    feedback.add_argument("--branch", required=True, help="the pull request's head branch")
    feedback.add_argument("--sha", required=True, help="the pull request's head commit")
    feedback.add_argument("--repo", required=True, metavar="OWNER/NAME")
    feedback.add_argument("--dry-run", action="store_true",
                          help="print the status and the note instead of posting them")
