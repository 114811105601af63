"""The validation report as Markdown for a GitHub Actions job summary ($GITHUB_STEP_SUMMARY).

GitHub shows at most 10 error and 10 warning annotations per step and silently drops the
rest, so the annotations alone can hide problems. The summary lists every problem in one
table and says how many were not shown as annotations. The annotations are printed errors
first (`errors_first`), so the ones GitHub keeps are the ones that fail the check.
"""

from __future__ import annotations

import re
from pathlib import Path

from .problems import Problem

ANNOTATION_CAP = 10  # per severity and step, GitHub's limit
# GitHub refuses a step summary over 1 MiB (and then shows none of it); stay well under.
SIZE_LIMIT = 1_000_000

# Characters Markdown (GitHub's flavour) would read as syntax inside a table cell: escaped
# with a backslash, so contributed text in a message shows as written and cannot end the
# cell, open a link, an image, HTML or an entity, or start code, emphasis or maths.
_MARKDOWN = re.compile(r"([\\`|*_\[\]<>&~$!#])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_cell(text: str) -> str:
    """Text for one Markdown table cell, shown exactly as written, on one line."""
    text = _MARKDOWN.sub(r"\\\1", text)
    return _CONTROL.sub(lambda m: _NAMED.get(m[0], f"\\u{ord(m[0]):04x}"), text)


def errors_first(problems: list[Problem]) -> list[Problem]:
    """Errors, then warnings, each in their given order."""
    return sorted(problems, key=lambda p: not p.is_error)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _not_shown(n: int, word: str) -> str:
    if n == 1:
        return f"1 more {word} is not shown as an annotation; see the table."
    return f"{n} more {word}s are not shown as annotations; see the table."


def _row(p: Problem) -> str:
    message = f"{p.field}: {p.message}" if p.field else p.message
    cells = [escape_cell(p.path), str(p.line), p.severity.value, escape_cell(p.rule),
             escape_cell(message)]
    return "| " + " | ".join(cells) + " |"


def summary_markdown(problems: list[Problem], cap: int = ANNOTATION_CAP,
                     size_limit: int = SIZE_LIMIT) -> str:
    """A heading with the counts, a sentence for each kind of problem GitHub will not show
    as an annotation (more than `cap`), and a table of every problem (file, line, severity,
    rule, message). Rows past `size_limit` bytes are left out, and the summary says so."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "## Open Practice validation: no problems\n\nEvery file follows the content model.\n"
    files = len({p.path for p in problems})
    head = [
        f"## Open Practice validation: {_count(errors, 'error')}, {_count(warnings, 'warning')}",
        "",
        f"{_count(errors, 'error')} and {_count(warnings, 'warning')} in {_count(files, 'file')}."
        + (" Errors fail the check; warnings do not." if errors and warnings else ""),
    ]
    hidden = [_not_shown(errors - cap, "error")] if errors > cap else []
    hidden += [_not_shown(warnings - cap, "warning")] if warnings > cap else []
    if hidden:
        head += ["", " ".join(hidden)]
    head += ["", "| File | Line | Severity | Rule | Message |", "| --- | ---: | --- | --- | --- |"]
    out = "\n".join(head) + "\n"
    size = len(out.encode("utf-8"))
    for listed, problem in enumerate(problems):
        row = _row(problem) + "\n"
        size += len(row.encode("utf-8"))
        if size > size_limit - 500:  # room for the closing sentence
            left = len(problems) - listed
            out += (f"\n{_count(left, 'more problem')} {'is' if left == 1 else 'are'} not listed: "
                    "a job summary holds at most 1 MiB. Run `openpractice validate` for the "
                    "full report.\n")
            break
        out += row
    return out


def append_summary(path: str | Path, text: str) -> str | None:
    """Append to the summary file as $GITHUB_STEP_SUMMARY expects; the reason on failure."""
    try:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(text if text.endswith("\n") else text + "\n")
    except OSError as exc:
        return f"cannot write the summary to {path}: {exc.strerror or exc}"
    return None
