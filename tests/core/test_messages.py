"""Messages a teacher can act on: the exact text, line and column of each.

Tabs named as tabs (and the file's other problems still found), an item saved in the wrong
folder, unknown schools with the valid ones listed, lists and people given in the wrong
shape, keys missing inside an entry placed at the entry, and template sections left empty.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from openpractice.newpage import SECTIONS
from openpractice.validate import validate_project

from .mini import POLICY, PRACTICE, RESEARCH, write_project

TODAY = date(2026, 11, 22)
P = "content/practice/case.md"
R = "content/research/feedback.md"
S = "content/_data/schools.yml"


def problems_for(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    root = write_project(tmp_path, files)
    return [p.as_text() for p in validate_project(root, today=TODAY).problems]


AUTHOR = "  - name: Sam Okafor\n    role: Year 5 teacher"

# --- tabs ---------------------------------------------------------------------------------


def test_a_tab_is_named_and_the_other_problems_are_still_found(tmp_path: Path) -> None:
    page = (PRACTICE.replace("    role: Year 5 teacher", "\trole: Year 5 teacher")
            .replace("title: Reciprocal reading in Year 5", "title: Read"))
    assert problems_for(tmp_path, {P: page}) == [
        f"{P}:2:8: error: title: is too short (4 characters); write at least 5 [too-short]",
        # the tab stands for four spaces here: two would put 'role' outside its author
        f"{P}:7:1: error: line 7 uses a tab to indent; YAML needs spaces: replace the tab "
        "with four spaces [yaml-syntax]",
    ]


def test_each_line_indented_with_tabs_is_named(tmp_path: Path) -> None:
    page = (PRACTICE.replace(AUTHOR, "\t- name: Sam Okafor\n\t  role: Year 5 teacher")
            .replace("stage: evaluated", "stage: finished"))
    assert problems_for(tmp_path, {P: page}) == [
        f"{P}:6:1: error: line 6 uses a tab to indent; YAML needs spaces: replace the tab "
        "with two spaces [yaml-syntax]",
        f"{P}:7:1: error: line 7 uses a tab to indent; YAML needs spaces: indent it with four "
        "spaces instead [yaml-syntax]",
        f"{P}:13:8: error: stage: 'finished' is not allowed; use one of: 'idea', 'piloting', "
        "'embedded' or 'evaluated' [not-allowed]",
    ]


def test_a_tab_and_another_syntax_error_are_both_reported(tmp_path: Path) -> None:
    page = (PRACTICE.replace("    role: Year 5 teacher", "\trole: Year 5 teacher")
            .replace("themes: [reading, send]", "themes: [reading, send"))
    assert problems_for(tmp_path, {P: page}) == [
        f"{P}:7:1: error: line 7 uses a tab to indent; YAML needs spaces: replace the tab "
        "with four spaces [yaml-syntax]",
        f"{P}:12:13: error: the front-matter is not valid YAML: did not find expected ',' or "
        "']'; check the indentation and put quotes around text that contains ': ' or starts "
        "with a special character [yaml-syntax]",
    ]


def test_a_tab_in_the_schools_file(tmp_path: Path) -> None:
    schools = "- id: brook\n\tname: Brook Primary\n  phase: primary\n"
    assert problems_for(tmp_path, {S: schools}) == [
        f"{S}:2:1: error: line 2 uses a tab to indent; YAML needs spaces: replace the tab with "
        "two spaces [yaml-syntax]",
    ]


def test_tabs_yaml_accepts_are_no_problem(tmp_path: Path) -> None:
    page = PRACTICE.replace("stage: evaluated", "stage:\tevaluated")  # a tab after the colon
    assert problems_for(tmp_path, {P: page}) == []


# --- wrong folder -------------------------------------------------------------------------


def test_an_item_outside_its_folder(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {
        "content/reading.md": PRACTICE,
        "content/practice/feedback-summary.md": RESEARCH,
        "content/about/behaviour.md": POLICY,
    }) == [
        "content/about/behaviour.md:8:14: error: approved_by: this page has 'approved_by:', so "
        "it is a policy, but it is saved in content/about/; move it to "
        "content/policies/behaviour.md (the folder decides the type) [wrong-folder]",
        "content/practice/feedback-summary.md:14:20: error: evidence_strength: this page has "
        "'evidence_strength:', so it is a research summary, but it is saved in "
        "content/practice/; move it to content/research/feedback-summary.md (the folder "
        "decides the type) [wrong-folder]",
        "content/reading.md:13:8: error: stage: this page has 'stage:', so it is a practice "
        "write-up, but it is saved in content/; move it to content/practice/reading.md (the "
        "folder decides the type) [wrong-folder]",
    ]


def test_a_page_in_its_own_folder_is_not_flagged(tmp_path: Path) -> None:
    page = "---\ntitle: About the stages\n---\nA write-up's stage is idea, piloting...\n"
    assert problems_for(tmp_path, {"content/stages.md": page}) == []


# --- unknown schools ----------------------------------------------------------------------


def _schools(count: int) -> str:
    return "".join(f"- {{id: school-{i}, name: School {i}, phase: primary}}\n"
                   for i in range(1, count + 1)) or "[]\n"


@pytest.mark.parametrize(("count", "expected"), [
    (3, f"{P}:8:11: error: schools[0]: 'brook' is not a school in _data/schools.yml (known "
        "schools: school-1, school-2, school-3) [unknown-school]"),
    (10, f"{P}:8:11: error: schools[0]: 'brook' is not a school in _data/schools.yml (known "
         "schools: school-1, school-2, school-3, school-4, school-5, school-6, school-7, "
         "school-8, school-9, school-10) [unknown-school]"),
    (11, f"{P}:8:11: error: schools[0]: 'brook' is not a school in _data/schools.yml "
         "[unknown-school]"),
    (0, f"{P}:8:11: error: schools[0]: 'brook' is not a school in _data/schools.yml, which "
        "lists no schools yet: add your schools there first [unknown-school]"),
])
def test_unknown_school_lists_the_schools_when_few(tmp_path: Path, count: int,
                                                   expected: str) -> None:
    assert problems_for(tmp_path, {S: _schools(count)}) == [expected]


def test_unknown_school_with_a_guess(tmp_path: Path) -> None:
    page = PRACTICE.replace("schools: [brook]", "schools: [brok]")
    assert problems_for(tmp_path, {P: page}) == [
        f"{P}:8:11: error: schools[0]: 'brok' is not a school in _data/schools.yml; did you "
        "mean 'brook'? (known schools: brook) [unknown-school]",
    ]


# --- lists and people in the wrong shape --------------------------------------------------

SHAPES = [
    ("authors-as-text", P, "authors:\n" + AUTHOR, "authors: Sam Okafor",
     [f"{P}:5:10: error: authors: must be a list of people, each with a name and, if you "
      "like, a role, not 'Sam Okafor'; write e.g. authors: [{name: Sam Okafor, role: Year 5 "
      "teacher}] [wrong-type]"]),
    ("author-as-text", P, AUTHOR, "  - Sam Okafor",
     [f"{P}:6:5: error: authors[0]: must be a name and, if you like, a role, not just "
      "'Sam Okafor'; write e.g. - {name: Sam Okafor, role: Year 5 teacher} [wrong-type]"]),
    ("author-as-odd-text", P, AUTHOR, "  - 'Sam: teacher'",
     [f"{P}:6:5: error: authors[0]: must be a name and, if you like, a role, not just "
      "'Sam: teacher'; write e.g. - {name: Alex Morgan, role: Year 5 teacher} [wrong-type]"]),
    ("themes-as-text", P, "themes: [reading, send]", "themes: reading, sen",
     [f"{P}:11:9: error: themes: 'sen' is not a known theme; did you mean 'send'? "
      "[unknown-term]",
      f"{P}:11:9: error: themes: must be a list, not 'reading, sen'; write e.g. themes: "
      "[reading, sen] (a list in square brackets, entries separated by commas) [wrong-type]"]),
    ("schools-as-text", P, "schools: [brook]", "schools: brook",
     [f"{P}:8:10: error: schools: must be a list, not 'brook'; write e.g. schools: [brook] "
      "(a list in square brackets, entries separated by commas) [wrong-type]"]),
    ("themes-as-a-mapping", P, "themes: [reading, send]", "themes: {reading: yes}",
     [f"{P}:11:9: error: themes: must be a list, not a set of 'key: value' lines; write e.g. "
      "themes: [reading] (a list in square brackets, entries separated by commas) "
      "[wrong-type]"]),
    ("source-as-text", R, 'source:\n  title: "Teaching and Learning Toolkit: Feedback"\n'
     "  authors: [Education Endowment Foundation]\n  year: 2021\n"
     "  url: https://educationendowmentfoundation.org.uk/\n  doi: 10.1234/abcd",
     "source: EEF Toolkit, 2021",
     [f"{R}:8:9: error: source: must be the source's details as 'key: value' lines, not "
      "'EEF Toolkit, 2021'; write e.g. source: {title: \"Feedback\", authors: [\"Education "
      "Endowment Foundation\"], year: 2021} [wrong-type]"]),
    ("source-authors-as-text", R, "  authors: [Education Endowment Foundation]",
     "  authors: Education Endowment Foundation",
     [f"{R}:10:12: error: source.authors: must be a list, not 'Education Endowment "
      "Foundation'; write e.g. authors: [\"Education Endowment Foundation\"] (a list in "
      "square brackets, entries separated by commas) [wrong-type]"]),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), [c[1:] for c in SHAPES],
                         ids=[c[0] for c in SHAPES])
def test_the_right_shape_is_shown(tmp_path: Path, file: str, old: str, new: str,
                                  expected: list[str]) -> None:
    text = {P: PRACTICE, R: RESEARCH}[file]
    assert old in text
    assert problems_for(tmp_path, {file: text.replace(old, new)}) == expected


def test_reviewers_as_text_in_the_schools_file(tmp_path: Path) -> None:
    schools = "- id: brook\n  name: Brook Primary\n  phase: primary\n  reviewers: a-patel\n"
    assert problems_for(tmp_path, {S: schools})[:1] == [
        f"{S}:4:14: error: [0].reviewers: must be a list, not 'a-patel'; write e.g. reviewers: "
        "[a-patel] (a list in square brackets, entries separated by commas) [wrong-type]",
    ]


# --- keys missing inside an entry ---------------------------------------------------------


def test_a_key_missing_inside_a_mapping_is_reported_at_it(tmp_path: Path) -> None:
    page = RESEARCH.replace('  title: "Teaching and Learning Toolkit: Feedback"\n', "")
    assert problems_for(tmp_path, {R: page}) == [
        f"{R}:8:1: error: source.title: is required; add a line 'title: ...' under 'source:' "
        "[required]",
    ]


def test_a_key_missing_inside_a_list_entry_is_reported_at_it(tmp_path: Path) -> None:
    page = PRACTICE.replace(AUTHOR, AUTHOR + "\n  - role: English lead")
    assert problems_for(tmp_path, {P: page}) == [
        f"{P}:8:5: error: authors[1].name: is required; add a line 'name: ...' to this entry "
        "[required]",
    ]


def test_a_key_missing_from_a_school_is_reported_at_the_school(tmp_path: Path) -> None:
    schools = "- id: brook\n  name: Brook Primary\n  phase: primary\n- id: castle\n  phase: ks3\n"
    # (the file cannot be read as schools, so the practice page's school is unknown, too)
    assert problems_for(tmp_path, {S: schools})[:1] == [
        f"{S}:4:3: error: [1].name: is required; add a line 'name: ...' to this entry "
        "[required]",
    ]


def test_a_missing_top_level_key_is_still_at_the_top(tmp_path: Path) -> None:
    page = PRACTICE.replace("stage: evaluated\n", "")
    assert problems_for(tmp_path, {P: page}) == [
        f"{P}:1:1: error: stage: is required; add a line 'stage: ...' to the front-matter "
        "[required]",
    ]


# --- template sections left empty ---------------------------------------------------------

BODY_LINE = PRACTICE.split("\n").index("---", 1) + 2  # the body's first line
WHAT = SECTIONS["practice"][1]  # "What we did"


@pytest.mark.parametrize(("body", "expected"), [
    (f"## {WHAT.heading}\n\n_{WHAT.prompt}_\n\n## Next steps\n\nMore.\n",
     [f"{P}:{BODY_LINE}:1: warning: 'What we did' holds only the template's prompt; replace "
      "it with your own words, or delete the section if it does not apply [empty-section]"]),
    (f"Intro.\n\n## {WHAT.heading}\n\n\n## Next steps\n",
     [f"{P}:{BODY_LINE + 2}:1: warning: 'What we did' is empty; write this section, or delete "
      "its heading if it does not apply [empty-section]",
      f"{P}:{BODY_LINE + 5}:1: warning: 'Next steps' is empty; write this section, or delete "
      "its heading if it does not apply [empty-section]"]),
    (f"## {WHAT.heading}\n\n{WHAT.prompt}\n", [  # the prompt without its italics
        f"{P}:{BODY_LINE}:1: warning: 'What we did' holds only the template's prompt; replace "
        "it with your own words, or delete the section if it does not apply [empty-section]"]),
    (f"## {WHAT.heading}\n\n_{WHAT.prompt}_\n\nFour times a week, for two terms.\n", []),
    (f"## {WHAT.heading}\n\n### In Year 5\n\nRole cards.\n", []),  # a sub-section is content
    ("## Our own heading\n\n## Another\n", []),  # not the template's
    (f"```\n## {WHAT.heading}\n```\n", []),  # in a code block: not a heading
])
def test_empty_template_sections(tmp_path: Path, body: str, expected: list[str]) -> None:
    head = PRACTICE[: PRACTICE.index("---", 4) + 4]
    assert problems_for(tmp_path, {P: head + body}) == expected


def test_each_type_has_its_own_template_sections(tmp_path: Path) -> None:
    caveats = SECTIONS["research"][2]
    body = f"## {caveats.heading}\n\n## {WHAT.heading}\n"
    head = RESEARCH[: RESEARCH.index("---", 4) + 4]
    line = RESEARCH.split("\n").index("---", 1) + 2
    assert problems_for(tmp_path, {R: head + body}) == [
        f"{R}:{line}:1: warning: 'Caveats' is empty; write this section, or delete its heading "
        "if it does not apply [empty-section]",
    ]
