#!/usr/bin/env python3
"""Keep one GitHub issue per policy review and research re-check that is due soon or overdue.

Run weekly by .github/workflows/reviews.yml:

    openpractice reviews --format json > reviews.json
    python scripts/review_issues.py --reviews reviews.json            # uses the gh CLI
    python scripts/review_issues.py --reviews reviews.json --dry-run  # prints what it would do

Each issue carries the label `review-due` and starts with a marker naming its page, e.g.
`<!-- openpractice-review: policies/safeguarding -->`, so the next run finds it again:
a missing issue is created, an open one is updated (only when its text changed, so nobody
is notified for nothing) and closed, with a comment, once the page is no longer due. An
issue a person closed while its page was still due, for the same due date, is left closed:
a person decided. Only issues with both the label and the marker are ever touched.

`plan` decides all of this from the due list and the existing issues without any network,
so it can be tested; `main` only fetches, prints and carries out.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

LABEL = "review-due"
LABEL_COLOR = "d93f0b"
LABEL_DESCRIPTION = "A policy review or research re-check is due (kept by the weekly check)"
MARKER = "<!-- openpractice-review: {key} -->"
DUE_MARKER = "<!-- openpractice-due: {due} -->"
_MARKER = re.compile(r"\A<!-- openpractice-review: ([a-z]+/[a-z0-9]+(?:-[a-z0-9]+)*) -->")
_PLAIN_URL = re.compile(r"^(?:https?://[A-Za-z0-9.-]+(?::\d+)?/(?:[A-Za-z0-9._~/-]+/)?)?"
                        r"[a-z]+/[a-z0-9]+(?:-[a-z0-9]+)*/$")
_DUE = re.compile(r"^<!-- openpractice-due: (\d{4}-\d{2}-\d{2}) -->$", re.MULTILINE)

CLOSE_COMMENT = (
    "This is no longer due soon or overdue: the page's review date has moved on (it was "
    "reviewed), or the page was removed, made a draft or renamed. Closed by the weekly "
    "review check; it opens a new issue when the page is next due."
)
DUPLICATE_COMMENT = "Closed as a duplicate of #{number}, which the weekly review check keeps."


@dataclass(frozen=True)
class Action:
    kind: Literal["create", "update", "close"]
    key: str  # e.g. "policies/safeguarding"
    number: int | None = None  # the issue, for update and close
    title: str = ""
    body: str = ""
    comment: str = ""

    def describe(self) -> str:
        where = f"#{self.number}" if self.number is not None else "a new issue"
        return f"{self.kind} {where} [{self.key}]: {self.title}"


def _md(text: object) -> str:
    """Plain text for Markdown: shown as written, cannot forge a marker, link or mention."""
    out = re.sub(r"([\\`*_\[\]<>&~|#!$])", r"\\\1", str(text))
    return re.sub(r"\s+", " ", out.replace("@", "@\u200b")).strip()


def _title_text(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()[:200]


def key_of(item: dict[str, Any]) -> str:
    return f"{item['kind']}/{item['id']}"


def issue_title(item: dict[str, Any]) -> str:
    what = "Policy review" if item["kind"] == "policies" else "Research re-check"
    when = "overdue" if item["status"] == "overdue" else "due soon"
    return f"{what} {when}: {_title_text(item['title'])} (due {item['due']})"


def issue_body(item: dict[str, Any], site_url: str = "") -> str:
    key = key_of(item)
    page = f"{site_url.rstrip('/')}/{item['url']}" if site_url else item["url"]
    page = page if _PLAIN_URL.match(page) else _md(page)
    overdue = item["status"] == "overdue"
    if item["kind"] == "policies":
        lead = (f"The policy **{_md(item['title'])}** "
                + ("was due for review on" if overdue else "is due for review on")
                + f" **{item['due']}**.")
        people = [f"- Owner: {_md(item['owner'])}",
                  f"- Approved by: {_md(item.get('approved_by') or 'not given')}"]
        todo = ("When it has been reviewed and approved again, update `approved_on` and "
                "`version` in the file (and `next_review`, if it sets one).")
    else:
        lead = (f"The research summary **{_md(item['title'])}** "
                + ("was due for re-checking on" if overdue else "is due for re-checking on")
                + f" **{item['due']}**.")
        people = [f"- Research champion: {_md(item.get('reviewed_by') or item['owner'])}"]
        todo = ("When the research champion has checked it against the latest evidence, "
                "update `reviewed_on` and `reviewed_by` in the file.")
    return "\n".join([
        MARKER.format(key=key),
        DUE_MARKER.format(due=item["due"]),
        "",
        lead,
        "",
        f"- Page: {page}",
        f"- File: `{item['path']}`" if "`" not in item["path"] else f"- File: {_md(item['path'])}",
        *people,
        "",
        todo + " This issue then closes itself at the next weekly check.",
        "",
        "<sub>Kept up to date by the weekly review check (.github/workflows/reviews.yml, "
        "scripts/review_issues.py); edits to this text are overwritten.</sub>",
    ]) + "\n"


def marker_key(issue: dict[str, Any]) -> str | None:
    found = _MARKER.match(str(issue.get("body") or "").lstrip("\ufeff"))
    return found[1] if found else None


def _due_of(issue: dict[str, Any]) -> str | None:
    found = _DUE.search(str(issue.get("body") or ""))
    return found[1] if found else None


def _is_open(issue: dict[str, Any]) -> bool:
    return str(issue.get("state", "")).upper() == "OPEN"


def _labelled(issue: dict[str, Any]) -> bool:
    labels = issue.get("labels")
    if labels is None:  # listed with --label already
        return True
    return any((lab.get("name") if isinstance(lab, dict) else lab) == LABEL for lab in labels)


def plan(due: list[dict[str, Any]], issues: list[dict[str, Any]], site_url: str = "") -> list[Action]:
    """The actions that make the issues match the due list (`openpractice reviews --format
    json`). `issues` are the existing issues with the label, open and closed, as `gh issue
    list --json number,title,body,state,labels` gives them."""
    ours: dict[str, list[dict[str, Any]]] = {}
    for issue in sorted(issues, key=lambda i: int(i["number"])):
        key = marker_key(issue)
        if key is not None and _labelled(issue):
            ours.setdefault(key, []).append(issue)
    actions: list[Action] = []
    wanted = {key_of(item): item for item in due}
    for key, item in sorted(wanted.items()):
        title, body = issue_title(item), issue_body(item, site_url)
        open_ = [i for i in ours.get(key, []) if _is_open(i)]
        if open_:
            keep, *extra = open_
            current = str(keep.get("body") or "").replace("\r\n", "\n").strip()
            if keep.get("title") != title or current != body.strip():
                actions.append(Action("update", key, int(keep["number"]), title, body))
            actions += [Action("close", key, int(i["number"]), str(i.get("title", "")),
                               comment=DUPLICATE_COMMENT.format(number=keep["number"]))
                        for i in extra]
            continue
        closed_by_person = any(_due_of(i) == item["due"] for i in ours.get(key, []))
        if not closed_by_person:
            actions.append(Action("create", key, None, title, body))
    for key, found in sorted(ours.items()):
        if key in wanted:
            continue
        actions += [Action("close", key, int(i["number"]), str(i.get("title", "")),
                           comment=CLOSE_COMMENT) for i in found if _is_open(i)]
    return actions


# --- what touches the network: the gh CLI ------------------------------------------------

def _gh(*args: str, stdin: str | None = None) -> str:
    proc = subprocess.run(["gh", *args], input=stdin, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"review_issues: gh {' '.join(args[:2])} failed: {proc.stderr.strip()}")
    return proc.stdout


def existing_issues() -> list[dict[str, Any]]:
    out = _gh("issue", "list", "--label", LABEL, "--state", "all", "--limit", "1000",
              "--json", "number,title,body,state,labels")
    issues: list[dict[str, Any]] = json.loads(out or "[]")
    return issues


def apply(action: Action) -> None:
    if action.kind == "create":
        _gh("issue", "create", "--title", action.title, "--label", LABEL, "--body-file", "-",
            stdin=action.body)
    elif action.kind == "update":
        _gh("issue", "edit", str(action.number), "--title", action.title, "--body-file", "-",
            stdin=action.body)
    else:
        _gh("issue", "close", str(action.number), "--comment", action.comment)


def site_url_of(root: Path) -> str:
    """site_url from mkdocs.yml (read as plain YAML, its tags ignored), or ''."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return ""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return ""
    url = str(raw.get("site_url") or "") if isinstance(raw, dict) else ""
    return url if re.match(r"^https?://[^\s]+$", url) else ""


def _read_json(path: str) -> Any:
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    return json.loads(text)


def _reviews_now(root: Path) -> list[dict[str, Any]]:
    proc = subprocess.run([sys.executable, "-m", "openpractice", "reviews", "--format", "json",
                           "--root", str(root)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"review_issues: openpractice reviews failed:\n{proc.stderr}")
    due: list[dict[str, Any]] = json.loads(proc.stdout)
    return due


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reviews", metavar="FILE",
                        help="the output of 'openpractice reviews --format json' ('-': stdin; "
                        "default: run it now)")
    parser.add_argument("--issues", metavar="FILE",
                        help="the existing issues as JSON instead of asking gh (for dry runs)")
    parser.add_argument("--root", type=Path, default=Path("."), help="the project (default: .)")
    parser.add_argument("--site-url", default=None,
                        help="the site's address for page links (default: mkdocs.yml site_url)")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the actions without changing any issue")
    args = parser.parse_args(argv)
    due = _read_json(args.reviews) if args.reviews else _reviews_now(args.root)
    issues = _read_json(args.issues) if args.issues else existing_issues()
    site_url = args.site_url if args.site_url is not None else site_url_of(args.root)
    actions = plan(due, issues, site_url)
    if not actions:
        print("review_issues: the issues already match what is due; nothing to do")
    if not args.dry_run and any(a.kind == "create" for a in actions):
        _gh("label", "create", LABEL, "--color", LABEL_COLOR, "--description",
            LABEL_DESCRIPTION, "--force")
    for action in actions:
        print(("would " if args.dry_run else "") + action.describe())
        if not args.dry_run:
            apply(action)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
