"""Output hygiene: a contributed value can neither act on the terminal or log page showing a
report (escape sequences, bidirectional overrides) nor forge another line of it, in every
format; and output cut short by its reader ends quietly."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from openpractice.problems import CONTROL_CODES, Problem, error, visible
from openpractice.reporters import REPORTERS, as_json, github, text

from .mini import PRACTICE, write_project

# (case id, contributed text, as every report shows it)
CHARACTERS = [
    ("escape-sequence", "\x1b[2J\x1b]0;pwned\x07", "\\x1b[2J\\x1b]0;pwned\\x07"),
    ("nul-and-backspace", "a\x00b\x08c", "a\\x00b\\x08c"),
    ("tab", "a\tb", "a\\tb"),
    ("line-breaks", "a\nb\rc", "a\\nb\\rc"),
    ("delete", "a\x7fb", "a\\x7fb"),
    ("c1-csi", "a\x9b31mb", "a\\x9b31mb"),
    ("c1-next-line", "a\x85b", "a\\x85b"),
    ("line-separator", "a\u2028b\u2029c", "a\\u2028b\\u2029c"),
    ("right-to-left-override", "evil\u202egnp.md", "evil\\u202egnp.md"),
    ("embeddings-and-pop", "\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),
    ("isolates", "\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),
    ("marks", "\u200e\u200f\u061c", "\\u200e\\u200f\\u061c"),
    ("ordinary-text-is-untouched", "Zoë's café — 5 €, ½ «ok» 漢字 🙂", "Zoë's café — 5 €, ½ «ok» 漢字 🙂"),
]
IDS = [c[0] for c in CHARACTERS]
CASES = [c[1:] for c in CHARACTERS]
_RAW = re.compile("[" + "".join(re.escape(chr(c)) for c in CONTROL_CODES) + "]")


def _problem(value: str) -> Problem:
    return error(f"content/practice/{value}.md", 3, 7, f"themes[{value}]",
                 f"'{value}' is not a known theme", "unknown-term")


@pytest.mark.parametrize(("raw", "shown"), CASES, ids=IDS)
def test_visible(raw: str, shown: str) -> None:
    assert visible(raw) == shown


@pytest.mark.parametrize(("raw", "shown"), CASES, ids=IDS)
def test_text_report(raw: str, shown: str) -> None:
    assert text([_problem(raw)]) == (
        f"content/practice/{shown}.md:3:7: error: themes[{shown}]: '{shown}' is not a known "
        "theme [unknown-term]\n1 error(s), 0 warning(s)")


@pytest.mark.parametrize(("raw", "shown"), CASES, ids=IDS)
def test_json_report_escapes_and_keeps_the_value(raw: str, shown: str) -> None:
    out = as_json([_problem(raw)])
    assert not _RAW.search(out.replace("\n", ""))  # the indentation's own line breaks aside
    assert json.loads(out) == [_problem(raw).as_dict()]  # the escapes read back as the value


@pytest.mark.parametrize(("raw", "shown"), CASES, ids=IDS)
def test_github_report(raw: str, shown: str) -> None:
    # Workflow commands keep their own %-escaping of '%', CR and LF (and ':' and ',' in
    # properties); every other control character is shown as in the text report.
    path = (f"content/practice/{shown}.md".replace("\\r", "%0D").replace("\\n", "%0A")
            .replace(":", "%3A").replace(",", "%2C"))
    message = (f"themes[{shown}]: '{shown}' is not a known theme [unknown-term]"
               .replace("\\r", "%0D").replace("\\n", "%0A"))
    assert github([_problem(raw)]) == f"::error file={path},line=3,col=7::{message}"


def test_github_report_percent_escaping_is_kept() -> None:
    problem = error("content/a,b:c%d.md", 1, 1, "", "100% a\r\nb", "r")
    assert github([problem]) == "::error file=content/a%2Cb%3Ac%25d.md,line=1,col=1::100%25 a%0D%0Ab [r]"


# A contributed value in every place a report shows one: the file name, a list item (field and
# message), and the body (a script tag on the body's line).
HOSTILE = "x\x1b[31my\u202ez\x9b"
CLEAN = "x\\x1b[31my\\u202ez\\x9b"


@pytest.fixture
def hostile_project(tmp_path: Path) -> Path:
    # YAML's own escapes in a double-quoted value: \e is ESC
    page = PRACTICE.replace("themes: [reading, send]", 'themes: [reading, "x\\e[31my\\u202ez\\x9b"]')
    return write_project(tmp_path, {f"content/practice/case{HOSTILE}.md": page})


def _run(root: Path, fmt: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run([sys.executable, "-m", "openpractice", "validate", "--format", fmt,
                           "--today", "2026-11-22"], cwd=root, capture_output=True, env=env,
                          timeout=120)


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_no_format_prints_a_control_character(hostile_project: Path, fmt: str) -> None:
    proc = _run(hostile_project, fmt)
    out = proc.stdout.decode()
    assert proc.returncode == 1 and proc.stderr == b""
    assert not _RAW.search(out.replace("\n", ""))
    if fmt == "json":
        problems = json.loads(out)
        assert {p["rule"] for p in problems} == {"bad-id", "control-character", "unknown-term"}
        assert any(HOSTILE in p["path"] for p in problems)  # the data itself is intact
    else:
        assert CLEAN in out
        assert out.count("unknown-term") == 1


def test_text_format_has_exact_lines(hostile_project: Path) -> None:
    lines = _run(hostile_project, "text").stdout.decode().splitlines()
    path = f"content/practice/case{CLEAN}.md"
    assert lines == [
        f"{path}:1:1: error: the file name 'case{CLEAN}.md' must be kebab-case (lower-case "
        "letters, digits and hyphens), e.g. 'reciprocal-reading.md' [bad-id]",
        f"{path}:11:19: error: themes[1]: holds an invisible control character (U+001B), often "
        "pasted from another program; delete it [control-character]",
        f"{path}:11:19: error: themes[1]: '{CLEAN}' is not a known theme; use a term from "
        "_data/taxonomy.yml [unknown-term]",
        "3 error(s), 0 warning(s)",
    ]


# --- a closed pipe -------------------------------------------------------------------------------

@pytest.fixture
def noisy_project(tmp_path: Path) -> Path:  # about 150 KB of report: more than a pipe holds
    body = "<script>x</script>\n\n" * 1_000
    return write_project(tmp_path, {"content/practice/case.md": PRACTICE.replace(
        "Twelve pupils took part; reading ages rose.\n", body)})


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_a_reader_that_stops_early_ends_the_command_quietly(noisy_project: Path,
                                                            fmt: str) -> None:
    # As `openpractice validate | head -1`: the reader takes one line and goes away.
    proc = subprocess.Popen([sys.executable, "-m", "openpractice", "validate", "--format", fmt,
                             "--today", "2026-11-22"], cwd=noisy_project,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 141  # 128 + SIGPIPE, as a shell reports `head` cutting in
    assert first and stderr == b""


def test_a_reader_gone_before_the_first_line(noisy_project: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "openpractice", "validate", "--today",
                             "2026-11-22"], cwd=noisy_project, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # before anything is written: even a small report would fail
    stderr = proc.stderr.read()
    proc.stderr.close()
    assert (proc.wait(timeout=120), stderr) == (141, b"")
