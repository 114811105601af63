"""Malformed files, body rules and cross-file checks: each gets a clear problem, never a crash."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest

from openpractice.validate import validate_project

from .mini import PRACTICE, RESEARCH, write_project

TODAY = date(2026, 11, 22)
P = "content/practice/case.md"


def problems_for(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    root = write_project(tmp_path, files)
    return [p.as_text() for p in validate_project(root, today=TODAY).problems]


FM_END = "contact: Research Champion, Brook Primary\n---\n"

MALFORMED = [
    ("no-front-matter", "Just some text.\n",
     [f"{P}:1:1: error: the file has no front-matter; start it with a line '---', the fields, "
      "and another line '---' (see the contributing guide) [no-front-matter]"]),
    ("empty-file", "",
     [f"{P}:1:1: error: the file has no front-matter; start it with a line '---', the fields, "
      "and another line '---' (see the contributing guide) [no-front-matter]"]),
    ("unclosed", PRACTICE.replace(FM_END, "contact: x\n"),
     [f"{P}:1:1: error: the front-matter starts with '---' on line 1 but is never closed; "
      "add a line '---' after the last field [unclosed-front-matter]"]),
    ("not-a-mapping", "---\n- a\n- b\n---\nBody\n",
     [f"{P}:1:1: error: the front-matter must be a set of 'key: value' lines, not a list "
      "[not-a-mapping]"]),
    ("scalar", "---\njust words\n---\nBody\n",
     [f"{P}:1:1: error: the front-matter must be a set of 'key: value' lines, not a str "
      "[not-a-mapping]"]),
    ("yaml-syntax", PRACTICE.replace("stage: evaluated", "stage: [evaluated"),
     [f"{P}:14:9: error: the front-matter is not valid YAML: did not find expected ',' or ']'; "
      "check the indentation and put quotes around text that contains ': ' or starts with a "
      "special character [yaml-syntax]"]),
    ("duplicate-key", PRACTICE.replace("stage: evaluated", "stage: evaluated\nstage: idea"),
     [f"{P}:14:1: error: stage: duplicate key 'stage' (first given on line 13); keep one of them "
      "[duplicate-key]"]),
    ("yaml-tag", PRACTICE.replace("stage: evaluated", "stage: !ENV HOME"),
     [f"{P}:13:8: error: stage: the YAML tag '!ENV' is not allowed; content is plain data, so "
      "remove the tag [yaml-tag]"]),
    ("python-tag", PRACTICE.replace("stage: evaluated", "stage: !!python/object/apply:os.getcwd []"),
     [f"{P}:13:8: error: stage: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.getcwd' "
      "is not allowed; content is plain data, so remove the tag [yaml-tag]"]),
    ("alias-bomb", "---\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9) if p else 'x, x, x, x, x, x, x, x, x'}]\n"
        for n, p in zip("abcdefgh", ["", *"abcdefg"], strict=True)) + "---\n",
     [f"{P}:6:1: error: e: the front-matter expands to more than 10000 values (YAML aliases); "
      "write the values out plainly instead of using '&' anchors and '*' aliases "
      "[yaml-alias-limit]"]),
    ("not-utf8", PRACTICE.replace("Sam Okafor", "Zoë Okafor").encode("latin-1"),
     [f"{P}:6:13: error: the file is not UTF-8 text (byte 0xeb cannot be read); save it as UTF-8 "
      "('Save as' → 'UTF-8' in most editors) [not-utf8]"]),
    ("too-large", PRACTICE + "word " * 250_000,
     [f"{P}:1:1: error: the file is {len(PRACTICE) + 1_250_000:,} bytes, over the 1,000,000-byte limit; split it into "
      "several pages or link to large documents instead [file-too-large]"]),
    ("bom-and-crlf-are-fine", ("\ufeff" + PRACTICE).replace("\n", "\r\n"), []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in MALFORMED],
                         ids=[c[0] for c in MALFORMED])
def test_malformed_file(tmp_path: Path, text: str | bytes, expected: list[str]) -> None:
    assert problems_for(tmp_path, {P: text}) == expected


BODY = [
    ("plain-prose", "Twelve pupils in Year 4 took part.", []),
    ("https-link", "Read [the guidance](https://example.org/guide).", []),
    ("code-is-text", "```html\n<script>alert(1)</script>\n```", []),
    ("script", "Hello\n\n<script>alert(1)</script>",
     [f"{P}:19:1: error: <script> is not allowed in contributed pages; remove it (embed media as "
      "a link, not as code) [unsafe-html]"]),
    # raw HTML too deep or broken to check in linear time: refused before any parser sees it
    ("html-too-deep", "<div>" * 401 + "x",
     [f"{P}:17:1: error: HTML elements are nested more than 400 deep; no page needs that: close "
      "the elements you open, or write the page in Markdown [html-too-complex]"]),
    ("html-never-closed", "<div>\n" + "<img " * 1002,
     [f"{P}:17:1: error: more than 1,000 HTML tags are never closed with '>'; remove the broken "
      "tags [html-too-complex]"]),
    ("event-handler", 'A picture: <img onerror="alert(1)">',
     [f"{P}:17:17: error: the event-handler attribute 'onerror' on <img> is not allowed; "
      "remove it [unsafe-html]"]),
    ("javascript-link", "[Click](javascript:alert(1))",
     [f"{P}:17:9: error: a 'javascript:' link on <a href> is not allowed; link to an https:// "
      "page or a file in the site instead [unsafe-html]"]),
    ("data-link", "[Click](data:text/html;base64,PHNjcmlwdD4=)",
     [f"{P}:17:9: error: a 'data:' link on <a href> is not allowed; link to an https:// page or "
      "a file in the site instead [unsafe-html]"]),
    # no attr_list extension: the braces are text, not attributes
    ("attr-list-handler", "[Click](https://example.org){onclick=\"alert(1)\"}", []),
    ("iframe", '<iframe src="https://example.org"></iframe>',
     [f"{P}:17:1: error: <iframe> is not allowed in contributed pages; remove it (embed media as "
      "a link, not as code) [unsafe-html]"]),
    ("upn", "Pupil A123456789012 moved school.",
     [f"{P}:17:7: error: looks like a Unique Pupil Number (UPN); never publish pupil identifiers: "
      "remove it [personal-data]"]),
    ("date-of-birth", "She was born on 4 May 2016.",
     [f"{P}:17:9: error: looks like a date of birth; never publish pupils' dates of birth: remove "
      "it [personal-data]"]),
    ("name-and-birth-date", "Jamie Smith (04/05/2016) joined Year 4.",
     [f"{P}:17:1: error: looks like a name next to a date of birth; never publish pupils' "
      "personal data: remove the date or the name [personal-data]"]),
    ("meeting-date-is-fine", "The Trust Board met on 4 May 2025.", []),
    ("personal-email", "Write to jo.bloggs@gmail.com for details.",
     [f"{P}:17:10: error: looks like a personal e-mail address; use a role address on the "
      "trust's domain instead [personal-data]"]),
    ("work-email-is-fine", "Write to research@trust.example for details.", []),
    ("mobile", "Call 07700 900123 after school.",
     [f"{P}:17:6: error: looks like a mobile phone number; never publish personal phone numbers: "
      "give a role or the school's office number instead [personal-data]"]),
    ("office-number-is-fine", "Call the office on 01632 960123.", []),
    ("control-character", "Reading\x0bgroups.\nA page break\x0c here and \x1b there.",
     [f"{P}:17:8: error: holds an invisible control character (U+000B), often pasted from "
      "another program; delete it [control-character]",
      f"{P}:18:13: error: holds an invisible control character (U+000C), often pasted from "
      "another program; delete it [control-character]"]),
    ("noncharacter", "A stray \ufffe in the text.",
     [f"{P}:17:9: error: holds an invisible control character (U+FFFE), often pasted from "
      "another program; delete it [control-character]"]),
    ("astral-noncharacter", "Emoji 🙂 are text, but \U0001fffe is not.",
     [f"{P}:17:23: error: holds an invisible control character (U+1FFFE), often pasted from "
      "another program; delete it [control-character]"]),
    ("tabs-are-text", "Reading\tgroups.", []),
]


def test_a_control_character_in_a_value_is_found_after_yaml_reads_it(tmp_path: Path) -> None:
    text = PRACTICE.replace("title: ", 'title: "Reading \\v groups" #', 1)
    assert problems_for(tmp_path, {P: text}) == [
        f"{P}:2:8: error: title: holds an invisible control character (U+000B), often pasted "
        "from another program; delete it [control-character]"]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in BODY], ids=[c[0] for c in BODY])
def test_body_rule(tmp_path: Path, body: str, expected: list[str]) -> None:
    text = PRACTICE.replace("Twelve pupils took part; reading ages rose.\n", body + "\n")
    assert problems_for(tmp_path, {P: text}) == expected


def test_draft_evidence_is_an_error(tmp_path: Path) -> None:
    draft = RESEARCH.replace("reviewed_on: 2025-01-10", "reviewed_on: 2025-01-10\nstatus: draft")
    assert problems_for(tmp_path, {"content/research/feedback.md": draft}) == [
        f"{P}:14:12: error: evidence[0]: research summary 'feedback' is a draft, so it is not "
        "published; publish it first or remove it from evidence [draft-evidence]"
    ]


def test_file_names_must_be_kebab_case(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {"content/practice/Bad_Name.md": PRACTICE}) == [
        "content/practice/Bad_Name.md:1:1: error: the file name 'Bad_Name.md' must be kebab-case "
        "(lower-case letters, digits and hyphens), e.g. 'reciprocal-reading.md' [bad-id]"
    ]


@pytest.mark.parametrize("name", ["index.md", "page-2.md", "page-10.md"])
def test_listing_pages_are_reserved(tmp_path: Path, name: str) -> None:
    assert problems_for(tmp_path, {f"content/practice/{name}": PRACTICE}) == [
        f"content/practice/{name}:1:1: error: '{name}' is reserved for the generated list of "
        "practice; give the file a name of its own [bad-id]"
    ]


@pytest.mark.parametrize(("path", "address", "reason"), [
    ("themes/reading.md", "themes/reading/", "everything under 'themes/' is made by the build"),
    ("themes/about-themes.md", "themes/about-themes/", "everything under 'themes/' is made by the build"),
    ("schools/index.md", "schools/", "everything under 'schools/' is made by the build"),
    ("policy-register.md", "policy-register/", "everything under 'policy-register/' is made by the build"),
    ("policy-register/index.md", "policy-register/", "everything under 'policy-register/' is made by the build"),
    ("explore.md", "explore/", "everything under 'explore/' is made by the build"),
    ("explore/index.md", "explore/", "everything under 'explore/' is made by the build"),
    ("index.md", "", "the home page is made by the build"),
    ("assets/stylesheets/main.md", "assets/stylesheets/main/", "everything under 'assets/' is made by the build"),
    ("pagefind/x.md", "pagefind/x/", "everything under 'pagefind/' is made by the build"),
    # one folder on a Mac's or Windows' disk
    ("Explore.md", "Explore/", "everything under 'explore/' is made by the build"),
    ("SCHOOLS/index.md", "SCHOOLS/", "everything under 'schools/' is made by the build"),
])
def test_generated_page_addresses_are_reserved(tmp_path: Path, path: str, address: str,
                                               reason: str) -> None:
    """Addresses are compared, not file names: any spelling of a generated page's address."""
    assert problems_for(tmp_path, {f"content/{path}": "# Mine\n"}) == [
        f"content/{path}:1:1: error: this page would be published at '/{address}', but {reason}; "
        "give the file another name or folder [reserved-address]"
    ]


def test_two_pages_cannot_share_an_address(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {"content/about.md": "# A\n", "content/about/index.md": "# B\n"}) == [
        "content/about.md:1:1: error: this page would be published at '/about/', the address "
        "of content/about/index.md; rename one of them [reserved-address]"
    ]


def test_addresses_that_differ_only_in_case_clash(tmp_path: Path) -> None:
    pages = {"content/about.md": "# About\n", "content/About/index.md": "# About us\n"}
    assert problems_for(tmp_path, pages) == [
        "content/about.md:1:1: error: this page would be published at '/about/', the address "
        "of content/About/index.md; rename one of them [reserved-address]"]


def test_a_draft_page_takes_no_address(tmp_path: Path) -> None:
    draft = "---\nstatus: draft\n---\n# Draft\n"
    assert problems_for(tmp_path, {"content/about.md": "# A\n", "content/about/index.md": draft}) == []


def test_page_is_an_ordinary_id(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {"content/practice/page-turners.md": PRACTICE}) == []


def test_ids_are_unique_within_a_type(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {"content/practice/sub/case.md": PRACTICE}) == [
        "content/practice/sub/case.md:1:1: error: the id 'case' is already used by "
        "content/practice/case.md; rename one of the files [duplicate-id]"
    ]


def test_ordinary_pages_cannot_switch_macros_on(tmp_path: Path) -> None:
    page = "---\ntitle: Hello\nrender_macros: true\n---\n{{ 7*191 }}\n"
    assert problems_for(tmp_path, {"content/hello.md": page}) == [
        "content/hello.md:3:16: error: render_macros: nothing in content/ runs as a template or "
        "macro: pages that need one belong to the maintainers' templates (overrides/); remove "
        "this line [macros-not-allowed]"
    ]


DATA = [
    ("unknown-school-phase", "content/_data/schools.yml",
     "- id: brook\n  name: Brook Primary\n  phase: primry\n",
     ["content/_data/schools.yml:3:10: error: [0].phase: 'primry' is not a known phase; did you "
      "mean 'primary'? [unknown-term]"]),
    ("bad-urn", "content/_data/schools.yml",
     "- id: brook\n  name: Brook Primary\n  phase: primary\n  urn: 12345\n",
     ["content/_data/schools.yml:4:8: error: [0].urn: '12345' is not a URN; a URN is six digits "
      "[bad-format]"]),
    ("school-website", "content/_data/schools.yml",
     "- id: brook\n  name: Brook Primary\n  phase: primary\n  website: javascript:alert(1)\n",
     ["content/_data/schools.yml:4:12: error: [0].website: 'javascript:alert(1)' is not a web "
      "address; it must start with https:// or http:// [bad-url]"]),
    ("duplicate-school", "content/_data/schools.yml",
     "- {id: brook, name: Brook, phase: primary}\n- {id: brook, name: Brook 2, phase: primary}\n",
     ["content/_data/schools.yml:2:8: error: [1].id: school id 'brook' is used more than once "
      "[duplicate-id]"]),
    ("personal-data-in-schools", "content/_data/schools.yml",
     "- id: brook\n  name: Brook Primary\n  phase: primary\n"
     "  research_champion: Amy Jones, mobile 07700 900123, amy.jones@gmail.com\n",
     ["content/_data/schools.yml:4:40: error: looks like a mobile phone number; never publish "
      "personal phone numbers: give a role or the school's office number instead [personal-data]",
      "content/_data/schools.yml:4:54: error: looks like a personal e-mail address; use a role "
      "address on the trust's domain instead [personal-data]"]),
    ("missing-vocabulary", "content/_data/taxonomy.yml", "phases: []\n",
     ["content/_data/taxonomy.yml:1:1: error: approval_bodies: is required; add a line "
      "'approval_bodies: ...' to the front-matter [required]"]),
]


@pytest.mark.parametrize(("file", "text", "expected"), [c[1:] for c in DATA],
                         ids=[c[0] for c in DATA])
def test_data_file(tmp_path: Path, file: str, text: str, expected: list[str]) -> None:
    problems = problems_for(tmp_path, {file: text})
    assert problems[: len(expected)] == expected


def test_a_data_file_value_with_a_control_character(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, {"content/_data/schools.yml": (
        '- id: brook\n  name: "Brook \\e Primary"\n  phase: primary\n')})
    assert problems == [
        "content/_data/schools.yml:2:9: error: [0].name: holds an invisible control character "
        "(U+001B), often pasted from another program; delete it [control-character]"]


def test_the_taxonomy_is_checked_for_personal_data(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, {"content/_data/taxonomy.yml": (
        "themes:\n  - id: reading\n    label: Reading\n"
        "    description: Ask Jamie Smith (DOB 04/05/2016) about it\n")})
    assert ("content/_data/taxonomy.yml:4:35: error: looks like a date of birth; never publish "
            "pupils' dates of birth: remove it [personal-data]") in problems


@pytest.mark.parametrize(("path", "reason"), [
    ("practice.csv", "'practice.csv' is a file the build makes (feeds, citations, downloads)"),
    ("research.csv", "'research.csv' is a file the build makes (feeds, citations, downloads)"),
    ("policies/behaviour/behaviour.docx", "'policies/behaviour/behaviour.docx' is a file the build makes (feeds, citations, downloads)"),
    ("themes/reading/chart.png", "everything under 'themes/' is made by the build"),
    ("admin/config.txt", "everything under 'admin/' is made by the build"),
])
def test_an_attachment_cannot_take_a_file_the_build_makes(tmp_path: Path, path: str, reason: str) -> None:
    content = b"x"
    if path.endswith(".docx"):  # a real one, which the personal-data check can read
        out = io.BytesIO()
        docx.Document().save(out)
        content = out.getvalue()
    assert problems_for(tmp_path, {f"content/{path}": content}) == [
        f"content/{path}:1:1: error: this file would be published at '/{path}', but {reason}; "
        "give it another name or folder [reserved-address]"
    ]
