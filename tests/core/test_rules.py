"""Each rule: a passing and a failing case, with the exact message a contributor sees."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from openpractice.validate import validate_project

from .mini import POLICY, PRACTICE, RESEARCH, write_project

TODAY = date(2026, 11, 22)


def problems_for(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    root = write_project(tmp_path, files)
    return [p.as_text() for p in validate_project(root, today=TODAY).problems]


def test_the_mini_project_is_valid(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {}) == []


P = "content/practice/case.md"
R = "content/research/feedback.md"
Y = "content/policies/behaviour.md"

# (case id, file, old text, new text, expected problems)
CASES = [
    ("unknown-term", P, "themes: [reading, send]", "themes: [reading, sen]",
     [f"{P}:11:19: error: themes[1]: 'sen' is not a known theme; did you mean 'send'? [unknown-term]"]),
    ("unknown-term-synonym", P, "themes: [reading, send]", "themes: [literacy]",
     [f"{P}:11:10: error: themes[0]: 'literacy' is not a known theme; did you mean 'reading'? [unknown-term]"]),
    ("unknown-term-nothing-close", P, "phases: [primary]", "phases: [zzz]",
     [f"{P}:9:10: error: phases[0]: 'zzz' is not a known phase; use a term from _data/taxonomy.yml [unknown-term]"]),
    ("unknown-key", P, "subjects: [english]", "subject: [english]",
     [f"{P}:10:1: error: subject: 'subject' is not a known field; did you mean 'subjects'? [unknown-key]"]),
    ("id-is-not-a-field", P, "stage: evaluated", "stage: evaluated\nid: other",
     [f"{P}:14:5: error: id: 'id' is not a field: the id is the file name ('case'); remove this line [unknown-key]"]),
    ("required", P, "stage: evaluated\n", "",
     [f"{P}:1:1: error: stage: is required; add a line 'stage: ...' to the front-matter [required]"]),
    ("too-short", P, "title: Reciprocal reading in Year 5", "title: Read",
     [f"{P}:2:8: error: title: is too short (4 characters); write at least 5 [too-short]"]),
    ("too-long", P, "title: Reciprocal reading in Year 5", "title: " + "x" * 121,
     [f"{P}:2:8: error: title: is too long (121 characters); keep it to 120 at most [too-long]"]),
    ("too-few", P, "themes: [reading, send]", "themes: []",
     [f"{P}:11:9: error: themes: needs at least 1 entry (has 0) [too-few]"]),
    ("bad-date", P, "date: 2025-03-14", "date: 14/03/2025",
     [f"{P}:4:7: error: date: '14/03/2025' is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14 [bad-date]"]),
    ("impossible-date", P, "date: 2025-03-14", "date: 2025-13-45",
     [f"{P}:4:7: error: date: '2025-13-45' is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14 [bad-date]"]),
    ("date-order", P, "date: 2025-03-14", "date: 2025-03-14\nupdated: 2025-01-01",
     [f"{P}:5:10: error: updated: 2025-01-01 is before date 2025-03-14; 'updated' must be on or after the first-published date [date-order]"]),
    ("not-allowed", P, "stage: evaluated", "stage: finished",
     [f"{P}:13:8: error: stage: 'finished' is not allowed; use one of: 'idea', 'piloting', 'embedded' or 'evaluated' [not-allowed]"]),
    ("wrong-type-number-title", P, "title: Reciprocal reading in Year 5", "title: 2025",
     [f"{P}:2:8: error: title: is a number, not text; put it in quotes, e.g. \"2025\" [wrong-type]"]),
    ("unknown-school", P, "schools: [brook]", "schools: [brok]",
     [f"{P}:8:11: error: schools[0]: 'brok' is not a school in _data/schools.yml; did you mean 'brook'? (known schools: brook) [unknown-school]"]),
    ("unknown-research", P, "evidence: [feedback]", "evidence: [feedbak]",
     [f"{P}:14:12: error: evidence[0]: there is no research summary 'feedbak' (content/research/feedbak.md); did you mean 'feedback'? [unknown-research]"]),
    ("contact-domain", P, "contact: Research Champion, Brook Primary", "contact: head@school.example",
     [f"{P}:15:10: error: contact: 'school.example' is not one of the trust's domains (trust.example); use a work address on those domains or a role name such as 'Research Champion, Brookside Primary' [contact]"]),
    ("strength-range", R, "evidence_strength: 3", "evidence_strength: 7",
     [f"{R}:14:20: error: evidence_strength: must be at most 5 (got 7) [out-of-range]"]),
    ("impact-range", R, "impact_months: 6", "impact_months: -13",
     [f"{R}:15:16: error: impact_months: must be at least -12 (got -13) [out-of-range]"]),
    ("strength-not-text", R, "evidence_strength: 3", "evidence_strength: \"3\"",
     [f"{R}:14:20: error: evidence_strength: must be a whole number, not '3' [wrong-type]"]),
    ("bad-url", R, "url: https://educationendowmentfoundation.org.uk/", "url: ftp://example.org/x",
     [f"{R}:12:8: error: source.url: 'ftp://example.org/x' is not a web address; it must start with https:// or http:// [bad-url]"]),
    ("bad-doi", R, "doi: 10.1234/abcd", "doi: https://doi.org/10.1234/abcd",
     [f"{R}:13:8: error: source.doi: 'https://doi.org/10.1234/abcd' is not a DOI; write it like 10.1234/abcd (without https://doi.org/) [bad-format]"]),
    ("source-year-future", R, "year: 2021", "year: 2031",
     [f"{R}:11:9: error: source.year: must be between 1900 and 2026 (got 2031) [out-of-range]"]),
    ("reviewed-before-source", R, "reviewed_on: 2025-01-10", "reviewed_on: 2020-01-10",
     [f"{R}:18:14: error: reviewed_on: 2020-01-10 is before the source was published (2021); check both dates [date-order]"]),
    ("eef-strand", R, "eef_strand: feedback", "eef_strand: feedbak",
     [f"{R}:16:13: error: eef_strand: 'feedbak' is not a known EEF Toolkit strand; did you mean 'feedback'? [unknown-term]"]),
    ("version-number", Y, 'version: "3.1"', "version: 3.1",
     [f"{Y}:6:10: error: version: is a number, not text; put it in quotes, e.g. \"3.1\" [wrong-type]"]),
    ("statutory-text", Y, "statutory: true", "statutory: maybe",
     [f"{Y}:11:12: error: statutory: must be true or false, not 'maybe' [wrong-type]"]),
    ("approval-body", Y, "approved_by: trust-board", "approved_by: board",
     [f"{Y}:8:14: error: approved_by: 'board' is not a known approval body; did you mean 'trust-board'? [unknown-term]"]),
    ("review-needed", Y, "review_cycle_months: 12\n", "",
     [f"{Y}:1:1: error: review_cycle_months: is required unless next_review is given; add e.g. 'review_cycle_months: 12' [required]"]),
    ("review-cycle-range", Y, "review_cycle_months: 12", "review_cycle_months: 61",
     [f"{Y}:10:22: error: review_cycle_months: must be at most 60 (got 61) [out-of-range]"]),
    ("next-review-order", Y, "review_cycle_months: 12", "next_review: 2026-01-01",
     [f"{Y}:10:14: error: next_review: 2026-01-01 must be after approved_on 2026-09-01 [date-order]"]),
    ("applies-to-school", Y, "applies_to: trust", "applies_to: [brook, nowhere]",
     [f"{Y}:12:21: error: applies_to[1]: 'nowhere' is not a school in _data/schools.yml (known schools: brook) [unknown-school]"]),
    ("applies-to-word", Y, "applies_to: trust", "applies_to: everyone",
     [f"{Y}:12:13: error: applies_to: 'everyone' is not allowed; write 'trust' or a list of school ids [not-allowed]"]),
    ("overdue-is-a-warning", Y, "approved_on: 2026-09-01", "approved_on: 2025-09-01",
     [f"{Y}:9:14: warning: approved_on: this policy was due for review on 2026-09-01; review it and update approved_on and version [review-overdue]"]),
    ("external-image-is-a-warning", P, "reading ages rose.", "reading ages rose.\n\n![Reading ages](https://charts.example.org/ages.png)",
     [f"{P}:19:17: warning: this image is on another website (charts.example.org), which would see everyone who reads the page, so the site shows it as a link; to show the image, add the file to content/ next to this page and write ![what it shows](file-name.png) [external-image]"]),
    # images and links are checked at their line: a file that is not there is a broken link
    ("image-not-in-the-site", P, "reading ages rose.", "reading ages rose.\n\n![Reading ages](ages.png) <img src=\"/x.png\" alt=\"\">",
     [f"{P}:19:17: error: 'ages.png' points at 'practice/ages.png', which is not a page or file in content/ [broken-link]",
      f"{P}:19:37: error: '/x.png' starts with '/', which breaks when the site is published in a folder; link relative to this page, e.g. '../research/feedback.md' [broken-link]"]),
    ("link-to-a-draft-or-typo", P, "reading ages rose.", "reading ages rose. See [the summary](../research/feedbak.md).",
     [f"{P}:17:63: error: '../research/feedbak.md' points at 'research/feedbak.md', which is not a published page (check the file name and folder; drafts are not published) [broken-link]"]),
    ("link-to-a-missing-heading", P, "reading ages rose.", "reading ages rose. See [why](../research/feedback.md#why).",
     [f"{P}:17:78: error: '#why' is not a heading or anchor on 'research/feedback.md'; check the heading's id (its words in lower case, joined by '-') [broken-link]"]),
    ("licence", P, "stage: evaluated", "stage: evaluated\nlicense: MIT",
     [f"{P}:14:10: error: license: 'MIT' is not a known licence; use a term from _data/taxonomy.yml [unknown-term]"]),
]
BASE = {P: PRACTICE, R: RESEARCH, Y: POLICY}


@pytest.mark.parametrize(("file", "old", "new", "expected"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(tmp_path: Path, file: str, old: str, new: str, expected: list[str]) -> None:
    assert old in BASE[file], "the case must change the valid file"
    assert problems_for(tmp_path, {file: BASE[file].replace(old, new, 1)}) == expected
