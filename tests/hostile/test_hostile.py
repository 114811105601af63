"""The hostile content suite (issue 4): contributed content is data, never code.

Each case in cases/ (or made by a generator below, for the big and binary ones) is dropped
into a private copy of the project at its destination. Its expected outcome is declared here:

- a validation error: the validator reports exactly these (line, rule) pairs for the file,
  every message in the form `path:line:col: error: ... [rule]`, never a traceback; and a real
  build of one case per category fails with the same messages;
- inert: no validation error, and the built site carries nothing from it that can run:
  no script, style, frame, form, event handler or script URL beyond the theme's own (compared
  with the unmodified sample site), template syntax shown literally, titles escaped.

Validator checks run all error cases in one project, in one CLI run. Inert cases share one
real build (with a secret in the build's environment that must appear nowhere). A few more
builds prove that each category fails the build the way the validator says, that symbolic
links and files a browser would run are refused, and that a link out of content/ is a clear
MkDocs error. Case files are data: edit them with care, the line numbers below depend on them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from openpractice.loader import stray_files
from openpractice.plan import make_plan
from openpractice.rules import ALL_RULES
from openpractice.validate import validate_project

from ..core.mini import write_project
from ..support import TODAY, Build, build, build_env, copy_project
from .scan import active_parts, all_bytes, files_containing, html_pages, read

CASES = Path(__file__).parent / "cases"
SECRET = "op-hostile-secret-7c1e93b2d4"  # OP_TEST_SECRET in every hostile build's environment
MESSAGE = re.compile(r"^(?P<path>content/.+?):(?P<line>\d+):(?P<col>\d+): (?:error|warning): .+ \[[a-z0-9-]+\]$")
SUMMARY = re.compile(r"^\d+ error\(s\), \d+ warning\(s\)$")
TIMEOUT = 120  # a safety net only: no case should come anywhere near it

# ---- generated cases: too big or too binary to keep as files --------------------------------

PRACTICE_FM = """\
---
title: "Hostile case: generated"
summary: A contributed page that tries to get code onto the published site.
date: 2025-03-14
authors:
  - name: Sam Okafor
    role: Year 5 teacher
schools: [the-orchard-school]
phases: [ks2]
subjects: [english]
themes: [careers]
stage: idea
---

"""


def _too_large() -> bytes:  # 5 MB: read and refused without being parsed
    return (PRACTICE_FM + "All work and no play. " * 240_000).encode()


def _latin1() -> bytes:  # 'ë' in latin-1 is byte 0xeb on body line 17, column 19
    return (PRACTICE_FM + "Intro.\n\nThe lead, Zoë Okafor, ran it.\n").encode("latin-1")


def _nul_byte() -> bytes:  # valid UTF-8, but no text file holds a NUL
    return (PRACTICE_FM + "Intro.\n\nA NUL\x00 in the body.\n").encode()


def _control_character() -> bytes:  # a BEL inside the title: YAML refuses it
    return PRACTICE_FM.replace('title: "Hostile', 'title: "\x07Hostile').encode()


def _deep(depth: int) -> Callable[[], bytes]:
    """A value nested `depth` lists deep on line 13 (1,000 once gave a traceback, 50,000 a
    crash in libyaml): refused before the parser recurses."""
    def make() -> bytes:
        return PRACTICE_FM.replace("stage: idea\n", f"stage: idea\nx: {'[' * depth}{']' * depth}\n").encode()
    return make


def _escaped_controls() -> bytes:  # written as YAML escapes: the file itself is clean
    return PRACTICE_FM.replace('title: "Hostile', 'title: "\\e[2J\\vHostile').encode()


def _png_named_md() -> bytes:  # a binary file saved as .md
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


GENERATED: dict[str, Callable[[], bytes]] = {
    "generated:too-large": _too_large,
    "generated:latin-1": _latin1,
    "generated:nul-byte": _nul_byte,
    "generated:control-character": _control_character,
    "generated:png-named-md": _png_named_md,
    "generated:yaml-1000-deep": _deep(1_000),
    "generated:yaml-50000-deep": _deep(50_000),
    "generated:escaped-control-characters": _escaped_controls,
}


@dataclass(frozen=True)
class Case:
    source: str  # a file under cases/, or a GENERATED name
    dest: str  # where it goes, under content/
    errors: tuple[tuple[int, str], ...] = ()  # (line, rule) of each error; () means inert

    @property
    def id(self) -> str:
        return self.source.removesuffix(".md")

    def content(self) -> bytes:
        if self.source in GENERATED:
            return GENERATED[self.source]()
        return (CASES / self.source).read_bytes()


def practice(source: str, *errors: tuple[int, str]) -> Case:
    """Most cases are practice write-ups: practice/hostile-<category>-<name>.md."""
    category, name = source.removesuffix(".md").split("/")
    return Case(source, f"practice/hostile-{category}-{name}.md", tuple(errors))


U = "unsafe-html"

ERROR_CASES: list[Case] = [
    # XSS in bodies: the payload sits on line 19 of each practice case unless noted.
    practice("xss/script.md", (19, U)),
    practice("xss/script-mixed-case.md", (19, U)),
    practice("xss/img-onerror.md", (19, U), (19, "broken-link")),
    practice("xss/slash-separated-attributes.md", (20, U), (20, "broken-link")),
    practice("xss/attributes-without-spaces.md", (19, U)),
    practice("xss/a-onmouseover.md", (19, U)),
    practice("xss/markdown-javascript-link.md", (19, U)),
    practice("xss/markdown-javascript-mixed-case.md", (19, U)),
    # A CommonMark autolink: cmark-gfm makes <javascript:...> a link.
    practice("xss/autolink-javascript.md", (19, U)),
    practice("xss/markdown-entity-encoded-scheme.md", (19, U)),
    practice("xss/markdown-hex-entity-scheme.md", (19, U)),
    practice("xss/html-newline-entity-in-scheme.md", (19, U)),
    practice("xss/html-leading-space-scheme.md", (19, U)),
    practice("xss/markdown-data-link.md", (19, U)),
    practice("xss/markdown-vbscript-link.md", (19, U)),
    practice("xss/image-data-uri.md", (19, U)),
    practice("xss/image-javascript-src.md", (19, U)),
    practice("xss/reference-link-defined-far-away.md", (61, U)),  # used on line 19
    practice("xss/reference-link-entity-encoded.md", (41, U)),
    practice("xss/two-javascript-links.md", (19, U), (23, U)),
    practice("xss/footnote-link.md", (21, U)),
    practice("xss/svg-script.md", (19, U), (19, U)),  # <svg> and <script>
    practice("xss/svg-onload.md", (19, U), (19, U)),  # <svg> and onload
    practice("xss/iframe.md", (19, U)),
    practice("xss/object.md", (19, U)),
    practice("xss/embed.md", (19, U)),
    practice("xss/style.md", (19, U)),
    practice("xss/meta-refresh.md", (19, U)),
    practice("xss/base-href.md", (19, U)),
    practice("xss/form.md", (19, U), (19, U)),  # <form> and <input>
    practice("xss/button-formaction.md", (19, U), (19, U)),  # <button> and its javascript:
    practice("xss/admonition-title.md", (19, U), (19, "broken-link")),
    practice("xss/details-title.md", (19, U), (19, "broken-link")),
    practice("xss/table-cell.md", (21, U), (21, "broken-link")),
    practice("xss/definition-list.md", (20, U), (20, "broken-link")),
    practice("xss/srcset.md", (19, U)),
    practice("xss/math-xlink.md", (19, U), (19, U)),
    practice("xss/noscript-mutation.md", (19, U), (19, "broken-link")),
    # No `abbr` extension: the definition line is ordinary text, and its HTML is HTML.
    practice("xss/abbreviation-definition.md", (21, U), (21, "broken-link")),
    Case("xss/event-handler-in-research.md", "research/hostile-event-handler.md", ((26, U),)),
    Case("xss/iframe-in-policy.md", "policies/hostile-iframe.md", ((19, U),)),
    Case("xss/script-in-ordinary-page.md", "hostile-script-page.md", ((9, U),)),
    # Template injection that the validator refuses.
    practice("ssti/render-macros-in-item.md", (13, "unknown-key")),
    Case("ssti/render-macros-in-page.md", "evil-macros.md", ((3, "macros-not-allowed"),)),
    practice("ssti/env-tag.md", (2, "yaml-tag")),
    Case("ssti/env-tag-in-page.md", "evil-env.md", ((2, "yaml-tag"),)),
    practice("ssti/python-tag.md", (3, "yaml-tag")),
    # A published practice citing a draft research summary.
    Case("drafts/cited-research.md", "research/hostile-cited-draft.md"),
    practice("drafts/published-practice-citing-draft.md", (13, "draft-evidence")),
    # Malformed files.
    practice("malformed/alias-bomb.md", (6, "yaml-alias-limit")),  # key 'e' crosses the limit
    practice("malformed/empty.md", (1, "no-front-matter")),
    practice("malformed/front-matter-list.md", (1, "not-a-mapping")),
    practice("malformed/front-matter-scalar.md", (1, "not-a-mapping")),
    practice("malformed/unclosed-front-matter.md", (1, "unclosed-front-matter")),
    practice("malformed/duplicate-keys.md", (13, "duplicate-key"), (14, "duplicate-key")),
    practice("malformed/unknown-key-with-brackets.md", (13, "unknown-key")),
    practice("malformed/newlines-in-values.md", *[(8, "bad-format"), (8, "unknown-school")] * 2),
    Case("generated:too-large", "practice/hostile-too-large.md", ((1, "file-too-large"),)),
    Case("generated:latin-1", "practice/hostile-latin-1.md", ((17, "not-utf8"),)),
    Case("generated:nul-byte", "practice/hostile-nul-byte.md", ((17, "not-utf8"),)),
    Case("generated:control-character", "practice/hostile-control-character.md",
         ((2, "yaml-syntax"),)),
    Case("generated:png-named-md", "practice/hostile-png.md", ((1, "not-utf8"),)),
    Case("generated:yaml-1000-deep", "practice/hostile-deep.md", ((13, "yaml-too-deep"),)),
    Case("generated:yaml-50000-deep", "practice/hostile-deeper.md", ((13, "yaml-too-deep"),)),
    Case("generated:escaped-control-characters", "practice/hostile-escaped-controls.md",
         ((2, "control-character"),)),
    # Path tricks in references and file names.
    practice("paths/evidence-dotdot.md", (13, "bad-format"), (13, "unknown-research")),
    practice("paths/schools-absolute.md", (8, "bad-format"), (8, "unknown-school")),
    Case("paths/applies-to-traversal.md", "policies/hostile-applies-to.md",
         ((12, "bad-format"), (12, "unknown-school"))),
    Case("paths/valid-practice.md", "practice/Bad Name.md", ((1, "bad-id"),)),
    Case("paths/valid-practice.md", "practice/Hostile.Dotted.Name.md", ((1, "bad-id"),)),
    # an absolute path is refused at its line (file: and // links are other websites' links)
    Case("paths/links-to-system-files.md", "hostile-system-links.md", ((9, "broken-link"),)),
    # no contributed page takes the address of a page the build makes, however it is named
    # (and a practice write-up's front-matter outside practice/ is in the wrong folder)
    Case("paths/explore-spoof.md", "explore/index.md",
         ((1, "reserved-address"), (12, "wrong-folder"))),
    Case("paths/explore-spoof.md", "policy-register/index.md",
         ((1, "reserved-address"), (12, "wrong-folder"))),
    # the home page is generated: a page in content/ there is refused, and never a template
    Case("ssti/home-page.md", "index.md", ((1, "reserved-address"),)),
    # a class list beside a page: attachments are checked like pages, by their header cells
    Case("attachments/pupils.csv", "practice/pupils.csv",
         ((2, "personal-data"), (2, "personal-data"), (3, "personal-data"), (3, "personal-data"))),
    Case("attachments/page-linking-pupils.md", "practice/hostile-attachment-link.md"),
    # pupil data split or hidden by markup: read as the page shows it, each at its line
    practice("personal-data/hidden-by-markup.md", (19, "personal-data"), (21, "personal-data"),
             (23, "personal-data"), (25, "personal-data"), (29, "personal-data")),
]

INERT_CASES: list[Case] = [
    # CommonMark allows no tab in a link destination: the "link" stays text.
    practice("xss/inert-tab-in-link-destination.md"),
    practice("xss/inert-style-attribute.md"),
    practice("xss/inert-html-comment.md"),
    practice("xss/inert-code.md"),
    practice("xss/inert-broken-tags.md"),
    practice("xss/inert-toc-headings.md"),
    # A heading whose attribute values hold '<!--' and '-->': Markdown's strip_tags once made
    # the page's contents from it, with its onerror live; the contents come from cleaned text.
    practice("xss/inert-toc-comment-in-attributes.md"),
    # Images from another website: a warning, published as links (no third-party request).
    practice("xss/inert-tracking-pixel.md"),
    practice("xss/inert-dom-clobbering.md"),
    # No `md_in_html` extension: the link inside <div markdown="1"> stays text.
    practice("xss/md-in-html.md"),
    # No `attr_list` extension: `{onclick=...}` and `{: ...}` are shown as text.
    practice("xss/attr-list-onclick-on-link.md"),
    practice("xss/attr-list-href-override.md"),
    practice("xss/attr-list-on-paragraph.md"),
    practice("xss/attr-list-on-heading.md"),
    practice("frontmatter/practice.md"),
    Case("frontmatter/research.md", "research/hostile-frontmatter.md"),
    Case("frontmatter/policy.md", "policies/hostile-frontmatter.md"),
    Case("frontmatter/ordinary-page.md", "hostile-frontmatter-page.md"),
    Case("frontmatter/heading-title.md", "hostile-heading-title.md"),
    practice("ssti/practice.md"),
    Case("ssti/research.md", "research/hostile-ssti.md"),
    Case("ssti/policy.md", "policies/hostile-ssti.md"),
    Case("ssti/ordinary-page.md", "evil.md"),
    practice("drafts/practice.md"),  # cites the draft research below, and 'feedback'
    Case("drafts/research.md", "research/hostile-draft-research.md"),
    Case("drafts/policy.md", "policies/hostile-draft-policy.md"),
    # Classes and ids of the theme's own components are dropped: no overlay, no fake banner.
    practice("xss/inert-consent-overlay.md"),
    # Images from other websites in every spelling a browser accepts: published as links.
    practice("xss/inert-third-party-images.md"),
    # A draft ordinary page, and the file only it links to: published nowhere.
    Case("drafts/ordinary-page.md", "hostile-draft-page.md"),
    Case("attachments/annex-q7.txt", "annex-q7.txt"),
    Case("attachments/orphan-q7.txt", "practice/orphan-q7.txt"),  # linked from no page
    Case("paths/dot-file.md", "practice/..md"),  # not content: neither checked nor published
    Case("paths/underscore-file.md", "practice/_wip.md"),  # likewise
]

# Text that must appear nowhere in the built site (all files, Pagefind's decompressed).
NOWHERE = {
    "the build's secret": SECRET,
    "4649*1117 rendered": "5192933",
    "a draft practice": "DRAFTMARK-PRACTICE-Q7",
    "a draft research summary": "DRAFTMARK-RESEARCH-Q7",
    "a draft policy": "DRAFTMARK-POLICY-Q7",
    "a '.' file": "DOTMARK-Q7",
    "a '_' file": "UNDERMARK-Q7",
    "/etc/passwd": "root:x:0:0",
    "a draft ordinary page": "DRAFTMARK-PAGE-Q7",
    "a file linked only from a draft": "ANNEXMARK-Q7",
    "a file linked from no page": "ORPHANMARK-Q7",
}


def place(project: Path, cases: list[Case]) -> None:
    for case in cases:
        target = project / "content" / case.dest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(case.content())


def add_hostile_data(project: Path) -> None:
    """A school and a theme whose names and descriptions carry markup (data files are
    contributed by pull request too)."""
    data = project / "content/_data"
    with (data / "schools.yml").open("a", encoding="utf-8") as schools:
        schools.write("\n" + (CASES / "data/school.yml").read_text(encoding="utf-8"))
    taxonomy = (data / "taxonomy.yml").read_text(encoding="utf-8")
    theme = (CASES / "data/theme.yml").read_text(encoding="utf-8")
    taxonomy = re.sub(r"^themes:\n", lambda m: m.group(0) + theme, taxonomy, count=1, flags=re.M)
    (data / "taxonomy.yml").write_text(taxonomy, encoding="utf-8")


def hostile_env() -> dict[str, str]:
    return {**build_env(), "OP_TEST_SECRET": SECRET}


def validate_cli(project: Path, fmt: str = "text") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "openpractice", "validate", "--format", fmt, "--today", TODAY],
        cwd=project, capture_output=True, text=True, env=hostile_env(), timeout=TIMEOUT,
    )


def hostile_build(project: Path) -> Build:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("OP_TEST_SECRET", SECRET)  # build() copies os.environ
        return build(project, timeout=TIMEOUT)


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line]


# ---- (a) the validator: exact rule and line for every error case ---------------------------


@dataclass
class Validation:
    project: Path
    text: subprocess.CompletedProcess[str]
    problems: list[dict[str, str | int]]


@pytest.fixture(scope="module")
def validation(tmp_path_factory: pytest.TempPathFactory) -> Validation:
    project = copy_project(tmp_path_factory.mktemp("hostile-errors"))
    place(project, ERROR_CASES)
    text = validate_cli(project)
    as_json = validate_cli(project, "json")
    assert as_json.returncode == 1, as_json.stderr
    return Validation(project, text, json.loads(as_json.stdout))


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda c: f"{c.id}->{c.dest}")
def test_validator_reports_the_exact_rule_and_line(validation: Validation, case: Case) -> None:
    found = sorted((int(p["line"]), str(p["rule"])) for p in validation.problems
                   if p["path"] == f"content/{case.dest}" and p["severity"] == "error")
    assert found == sorted(case.errors)


def test_validator_never_crashes_and_every_message_has_the_form(validation: Validation) -> None:
    result = validation.text
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert SUMMARY.match(lines[-1])
    for line in lines[:-1]:  # values with line breaks included: one problem, one line
        assert MESSAGE.match(line), line


def test_every_error_case_is_in_the_table(validation: Validation) -> None:
    """Nothing in the project errs except the cases, each as declared."""
    declared = {f"content/{c.dest}" for c in ERROR_CASES if c.errors}
    assert {p["path"] for p in validation.problems if p["severity"] == "error"} == declared


def test_newlines_in_values_cannot_forge_github_annotations(tmp_path: Path) -> None:
    """Values with newlines must not become workflow commands of their own in CI logs."""
    project = copy_project(tmp_path / "project")
    place(project, [c for c in ERROR_CASES if c.source == "malformed/newlines-in-values.md"])
    result = validate_cli(project, "github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    assert "forged" in result.stdout  # reported, escaped onto its own line


def test_newlines_in_values_cannot_forge_text_messages(validation: Validation) -> None:
    assert not [line for line in validation.text.stdout.splitlines()
                if line.startswith("content/fake.md")]


def test_python_tag_runs_nothing(validation: Validation) -> None:
    """`!!python/object/apply:os.system ["touch HOSTILE-PWNED"]` is refused, never built."""
    assert not (validation.project / "HOSTILE-PWNED").exists()
    assert not (Path.cwd() / "HOSTILE-PWNED").exists()


def test_alias_bomb_is_refused_before_it_expands(validation: Validation) -> None:
    (bomb,) = [p for p in validation.problems if str(p["path"]).endswith("alias-bomb.md")]
    assert "more than 10000 values" in str(bomb["message"])


def test_inert_cases_pass_the_validator(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    add_hostile_data(project)
    place(project, INERT_CASES)
    result = validate_cli(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert error_lines(result.stdout) == []


# ---- links and file types: `loader.stray_files` finds them, the build refuses them ------------
# (the CLI reports linked .md pages; the rest once validate_project calls stray_files too)


def make_links(project: Path, outside: Path) -> None:
    """A page, a folder and a document in content/ that are symbolic links out of the project."""
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.md").write_text(
        "---\ntitle: Outside the project\n---\n\nLINKMARK-Q7 outside the project.\n", encoding="utf-8")
    (outside / "notes.txt").write_text("LINKMARK-Q7 in a text file\n", encoding="utf-8")
    content = project / "content"
    (content / "leak.md").symlink_to(outside / "secret.md")
    (content / "practice/hostile-link.md").symlink_to(outside / "secret.md")
    (content / "leaked-folder").symlink_to(outside, target_is_directory=True)
    (content / "practice/evidence.pdf").symlink_to(outside / "notes.txt")


def make_active_files(project: Path) -> None:
    """Files MkDocs would copy to the site as they are, that a browser would run."""
    content = project / "content"
    (content / "hostile.html").write_text("<script>alert(1)</script>\n", encoding="utf-8")
    (content / "practice/diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>\n', encoding="utf-8")
    (content / "hostile.js").write_text("alert(1)\n", encoding="utf-8")
    (content / "hostile.markdown").write_text("---\ntitle: Not checked\n---\n<script>x</script>\n",
                                              encoding="utf-8")
    # MkDocs treats NOTES.MD as a page too; the validator reads only '.md', so it is refused.
    (content / "practice/NOTES.MD").write_text("---\ntitle: Unchecked\n---\n<script>x</script>\n",
                                               encoding="utf-8")
    (content / "_private").mkdir()
    (content / "_private/page.html").write_text("<script>alert(1)</script>\n", encoding="utf-8")


BUILD_ONLY = [
    ("content/hostile.html", "file-type"),
    ("content/hostile.js", "file-type"),
    ("content/hostile.markdown", "file-type"),
    ("content/leak.md", "symlink"),
    ("content/leaked-folder", "symlink"),
    ("content/practice/NOTES.MD", "file-type"),
    ("content/practice/diagram.svg", "file-type"),
    ("content/practice/evidence.pdf", "symlink"),
    ("content/practice/hostile-link.md", "symlink"),
]


def test_links_and_active_files_are_refused(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    make_links(project, tmp_path / "outside")
    make_active_files(project)
    problems = list(dict.fromkeys(  # the same problem twice, once validate_project reports it too
        validate_project(project, today=date.fromisoformat(TODAY)).problems
        + stray_files(project.resolve(), (project / "content").resolve())))
    found = sorted((p.path, p.rule) for p in problems if p.is_error)
    assert found == BUILD_ONLY  # '_private/' is not published, so not refused
    for problem in problems:
        if problem.is_error:
            assert MESSAGE.match(problem.as_text())
            assert "LINKMARK" not in problem.as_text()


def test_every_rule_a_problem_carries_is_registered(validation: Validation) -> None:
    """One registry lists every rule (openpractice/rules/__init__.py); the README names them."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    used = {str(p["rule"]) for p in validation.problems}
    assert len(used) > 15
    assert used <= set(ALL_RULES)
    assert [rule for rule in ALL_RULES if f"`{rule}`" not in readme] == []


def test_ordinary_page_front_matter_keeps_only_safe_keys(tmp_path: Path) -> None:
    """The plan writes an ordinary page's front-matter itself, from the keys it knows."""
    page = ("---\ntitle: '</title><script>alert(1)</script>'\ndescription: '\"><b>'\nhide: [toc, x]\n"
            "template: ../../etc/passwd\nicon: ../x\nstatus: 'x\" onclick=\"y'\n"
            "search: {exclude: true}\n---\nText.\n")
    project = write_project(tmp_path, {"content/notes.md": page})
    result = validate_project(project, today=date.fromisoformat(TODAY))
    assert result.ok and result.catalogue is not None
    plan = make_plan(result.sources, result.catalogue, result.attachments, result.config)
    assert plan.pages["notes.md"].meta == {
        "title": "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
        "description": "&quot;&gt;&lt;b&gt;",
        "hide": ["toc"],
        "search": {"exclude": True},
    }


# ---- (b) the build: inert cases, built for real ----------------------------------------------


@pytest.fixture(scope="module")
def inert_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("hostile-inert"))
    add_hostile_data(project)
    place(project, INERT_CASES)
    result = hostile_build(project)
    assert result.returncode == 0, result.output
    assert "Traceback" not in result.output
    assert SECRET not in result.output
    return result


@pytest.fixture(scope="module")
def theme_parts(sample_build: Build) -> set[tuple[str, ...]]:
    """What can run in the unmodified sample site: the theme's own scripts and styles."""
    parts: set[tuple[str, ...]] = set()
    for _, markup in html_pages(sample_build.site):
        parts |= active_parts(markup)
    return parts


def url_of(dest: str) -> str:
    return dest.removesuffix(".md") + "/index.html"


@pytest.mark.build
def test_no_page_of_the_site_carries_contributed_code(
    inert_build: Build, theme_parts: set[tuple[str, ...]]
) -> None:
    """Every page, listings and theme/school pages included: nothing that runs beyond the
    theme's own scripts and styles."""
    pages = dict(html_pages(inert_build.site))
    assert len(pages) > 50
    added = {rel: sorted(active_parts(markup) - theme_parts) for rel, markup in pages.items()}
    assert {rel: parts for rel, parts in added.items() if parts} == {}


@pytest.mark.build
@pytest.mark.parametrize("case", [c for c in INERT_CASES if c.source.startswith(("xss/", "ssti/", "frontmatter/"))],
                         ids=lambda c: c.id)
def test_inert_case_is_published_inert(inert_build: Build, case: Case) -> None:
    markup = inert_build.html(url_of(case.dest))
    page = read(markup)
    assert not [v for e in page.elements for k, v in e.attrs.items()
                if k in ("href", "src") and v.strip().lower().startswith(("javascript:", "data:", "file:"))]
    assert not [v for e in page.elements for k, v in e.attrs.items()
                if k == "src" and v.strip().lower().startswith(("http:", "https:", "//"))]
    assert not re.search(r"(?<![\w.])1337(?![\w])", markup), "template syntax was executed"


PAGE_TEXT = {
    # case: text the page must show, literally (so: as text, not markup)
    "xss/inert-code": ["<script>alert(1)</script>", "<script>alert(2)</script>",
                       '<iframe src="https://evil.example/"></iframe>'],
    "xss/inert-broken-tags": ["<img src=x onerror=alert(1)//", '<img/src="x"/onerror=alert(3)>'],
    "xss/inert-toc-comment-in-attributes": ['Results <img src=x alt="'],
    "xss/inert-toc-headings": ["Alpha <img src=x onerror=alert(1)//",
                               "<img src=x onerror=alert(2)> beta"],
    "xss/inert-tracking-pixel": ["Image on another website: Chart"],
    "xss/inert-tab-in-link-destination": ["[Click me](java\tscript:alert(1))"],
    "ssti/practice": ["{{ 7*191 }}", "{{ config }}", "{{ environment }}",
                      "{% for k, v in config.items() %}", "{{ 4649*1117 }}"],
    "ssti/research": ["{{ 7*191 }}", "{{ config }}", "{% for k, v in config.items() %}"],
    "ssti/policy": ["{{ 7*191 }}", "{{ environment }}"],
    "ssti/ordinary-page": ["{{ 7*191 }}", "{{ config }}", "{{ environment }}",
                           "{% for k, v in config.items() %}"],
}


@pytest.mark.build
@pytest.mark.parametrize("case_id", sorted(PAGE_TEXT))
def test_page_shows_hostile_text_literally(inert_build: Build, case_id: str) -> None:
    (case,) = [c for c in INERT_CASES if c.id == case_id]
    text = read(inert_build.html(url_of(case.dest))).text
    for expected in PAGE_TEXT[case_id]:
        assert expected in text


FRONT_MATTER = [
    # (case, title, description): each must come out as exactly this text
    ("frontmatter/practice", '<script>alert("fm-title")</script> Careers fair',
     'Careers lessons "><img src=x onerror=alert("fm-summary")> for Year 5 and Year 6 pupils.'),
    ("frontmatter/research", 'Evidence review </title><script>alert("fm-rtitle")</script>',
     'A summary that closes the meta tag "><script>alert("fm-rsummary")</script> early.'),
    ("frontmatter/policy", 'Policy <img src=x onerror=alert("fm-ptitle")>',
     'A policy summary with <iframe src="https://evil.example/"></iframe> inside it.'),
    ("frontmatter/ordinary-page", '</title><script>alert("op-title")</script>',
     '"><script>alert("op-description")</script>'),
    ("frontmatter/heading-title", 'Notes </title><script>alert("h1-title")</script>', None),
    ("ssti/practice", "Careers week {{ 7*191 }}", "Summary {{ 7*191 }} with template syntax inside it."),
    ("ssti/ordinary-page", "Evil page {{ 7*191 }}", None),
]


@pytest.mark.build
@pytest.mark.parametrize(("case_id", "title", "description"), FRONT_MATTER, ids=[f[0] for f in FRONT_MATTER])
def test_front_matter_appears_escaped(inert_build: Build, case_id: str, title: str,
                                      description: str | None) -> None:
    """<title>, the h1 and the meta description show the contributed text as text."""
    (case,) = [c for c in INERT_CASES if c.id == case_id]
    page = read(inert_build.html(url_of(case.dest)))
    assert page.title == f"{title} - Open Practice"
    assert any(title in h1 for h1 in _texts(inert_build.html(url_of(case.dest)), "h1"))
    if description is not None:
        assert page.meta("description") == description


def _texts(markup: str, tag: str) -> list[str]:
    """The text of each <tag> element (tags inside it dropped, entities decoded)."""
    return [read(m.group(0)).text for m in re.finditer(rf"<{tag}\b[^>]*>.*?</{tag}>", markup, re.S)]


@pytest.mark.build
@pytest.mark.parametrize("listing", ["practice/index.html", "research/index.html", "policies/index.html",
                                     "themes/careers/index.html", "schools/the-orchard-school/index.html",
                                     "policy-register/index.html"])
def test_listings_show_hostile_titles_as_text(inert_build: Build, listing: str) -> None:
    text = read(inert_build.html(listing)).text
    titles = {
        "practice": ['<script>alert("fm-title")</script> Careers fair', "Careers week {{ 7*191 }}"],
        "research": ['Evidence review </title><script>alert("fm-rtitle")</script>'],
        "policies": ['Policy <img src=x onerror=alert("fm-ptitle")>'],
        "themes": ['<script>alert("fm-title")</script> Careers fair',
                   'Evidence review </title><script>alert("fm-rtitle")</script>'],
        "schools": ['<script>alert("fm-title")</script> Careers fair'],
        "policy-register": ['Policy <img src=x onerror=alert("fm-ptitle")>'],
    }[listing.split("/")[0]]
    for title in titles:
        assert title in text


@pytest.mark.build
def test_hostile_school_and_theme_appear_as_text(inert_build: Build) -> None:
    school = read(inert_build.html("schools/hostile-academy/index.html"))
    assert school.title == '<script>alert("school-name")</script> Academy - Open Practice'
    assert '</dd><script>alert("school-champion")</script>' in school.text
    theme = read(inert_build.html("themes/hostile-theme/index.html"))
    assert '<img src=x onerror=alert("theme-label")> Hostile' in theme.title
    assert '</p><script>alert("theme-description")</script>' in theme.text


@pytest.mark.build
def test_dom_clobbering_ids_are_dropped(inert_build: Build) -> None:
    markup = inert_build.html(url_of(practice("xss/inert-dom-clobbering.md").dest))
    assert [e.tag for e in read(markup).elements if e.attrs.get("id") == "__config"] == ["script"]


@pytest.mark.build
def test_contributed_markup_takes_none_of_the_themes_classes(inert_build: Build) -> None:
    """No full-page overlay, banner or notice from a contributed page: only the classes
    cmark-gfm itself writes survive in the article's body."""
    markup = inert_build.html(url_of(practice("xss/inert-consent-overlay.md").dest))
    body = markup.split('<dl class="op-facts">', 1)[1].split("</dl>", 1)[1]
    body = body.split('<aside class="op-reuse"', 1)[0]
    classes = {c for e in read(body).elements for c in e.attrs.get("class", "").split()}
    assert not {c for c in classes if c.startswith(("md-", "op-notice"))}
    assert "__consent" not in body and 'role="dialog"' not in body
    assert "SPOOFMARK-Q7 banner" in body  # the text stays, as text


@pytest.mark.build
def test_images_from_other_websites_are_links_in_every_spelling(inert_build: Build) -> None:
    markup = inert_build.html(url_of(practice("xss/inert-third-party-images.md").dest))
    assert not [e for e in read(markup).elements if e.tag == "img" and "tracker" in e.attrs.get("src", "")]
    assert markup.count(">Image on another website") == 7


@pytest.mark.build
def test_data_values_never_become_markup_or_front_matter(inert_build: Build) -> None:
    """A school name or theme label with a line '---' once ended a generated page's
    front-matter early, and the rest became a live link on a trusted page."""
    for rel in ("schools/hostile-dashes/index.html", "themes/hostile-dashes-theme/index.html",
                "schools/index.html", "themes/index.html"):
        page = read(inert_build.html(rel))
        assert not [e for e in page.elements if e.attrs.get("href", "").lower().startswith("javascript")], rel


@pytest.mark.build
@pytest.mark.parametrize("what", sorted(NOWHERE))
def test_appears_nowhere_in_the_site(inert_build: Build, what: str) -> None:
    """Secrets, rendered template output, drafts and files outside content/: not in any file,
    HTML, sitemap or search index (Pagefind's gzip files decompressed)."""
    assert files_containing(inert_build.site, NOWHERE[what]) == []


@pytest.mark.build
def test_drafts_and_hidden_files_have_no_page(inert_build: Build) -> None:
    for case in INERT_CASES:
        if case.source.startswith("drafts/") or case.dest == "practice/_wip.md":
            assert not (inert_build.site / url_of(case.dest)).exists(), case.dest
    assert not [p for p in inert_build.site.rglob("*") if p.name.startswith(("_", ".."))]
    # the draft practice cites 'feedback': no backlink from a draft on a published page
    assert "DRAFTMARK" not in inert_build.html("research/feedback/index.html")


@pytest.mark.build
def test_search_index_was_checked(inert_build: Build) -> None:
    """Guard for the 'appears nowhere' checks: Pagefind's files were read, decompressed."""
    fragments = [data for rel, data in all_bytes(inert_build.site) if rel.startswith("pagefind/fragment/")]
    assert fragments and any(b"Careers week" in data for data in fragments)


# ---- (b) the build: each category fails the way the validator says ---------------------------

FAILING = {  # category: destinations of the error cases built together
    "xss": ["practice/hostile-xss-script.md", "practice/hostile-xss-markdown-entity-encoded-scheme.md",
            "hostile-script-page.md"],
    "ssti": ["evil-macros.md", "practice/hostile-ssti-env-tag.md", "practice/hostile-ssti-python-tag.md"],
    "drafts": ["research/hostile-cited-draft.md",
               "practice/hostile-drafts-published-practice-citing-draft.md"],
    "malformed": ["practice/hostile-malformed-alias-bomb.md", "practice/hostile-latin-1.md",
                  "practice/hostile-too-large.md"],
    "paths": ["practice/hostile-paths-evidence-dotdot.md", "practice/Bad Name.md"],
}


@pytest.mark.build
@pytest.mark.parametrize("category", sorted(FAILING))
def test_the_build_fails_as_the_validator_says(validation: Validation, tmp_path: Path,
                                               category: str) -> None:
    project = copy_project(tmp_path / "project")
    cases = [c for c in ERROR_CASES if c.dest in FAILING[category]]
    assert len(cases) == len(FAILING[category])
    place(project, cases)
    expected = [line for line in error_lines(validation.text.stdout)
                if line.startswith(tuple(f"content/{c.dest}:" for c in cases))]
    assert len(expected) == sum(len(c.errors) for c in cases)

    result = hostile_build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.output
    for line in expected:
        assert line in result.output
    assert SECRET not in result.output
    assert "DRAFTMARK" not in result.output
    assert not (result.site / "index.html").exists()  # stopped before anything was written


@pytest.mark.build
def test_the_build_refuses_links_and_active_files(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    make_links(project, tmp_path / "outside")
    make_active_files(project)
    result = hostile_build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.output
    reported = sorted((m["path"], line.rsplit("[", 1)[1].rstrip("]"))
                      for line in error_lines(result.output)
                      if (m := MESSAGE.match(line.split("-  ", 1)[-1])))
    assert reported == BUILD_ONLY
    assert not (result.site / "index.html").exists()
    assert "LINKMARK" not in result.output


@pytest.mark.build
def test_a_link_out_of_the_docs_is_a_clear_build_error(tmp_path: Path) -> None:
    """A relative link to ../../../etc/passwd: the validator refuses it at its line, and so the
    build; nothing outside content/ is copied."""
    project = copy_project(tmp_path / "project")
    place(project, [Case("paths/relative-link-out-of-docs.md", "hostile-relative-escape.md")])
    checked = validate_cli(project)
    assert checked.returncode == 1 and "points outside content/ [broken-link]" in checked.stdout
    result = hostile_build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.output
    assert "hostile-relative-escape.md" in result.output
    assert "../../../../../../etc/passwd" in result.output
    if result.site.exists():
        assert files_containing(result.site, "root:x:0:0") == []
        assert not list(result.site.rglob("passwd")) and not list(result.site.rglob("hostname"))
