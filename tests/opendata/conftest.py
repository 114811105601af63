"""One real build for the open-data tests: the bundled sample, plus a draft of each kind that
must appear nowhere, a practice write-up and a research summary whose titles try to end the
JSON-LD's <script>, and a policy whose body has the headings, lists and tables a Word
download must keep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from openpractice.catalogue import Catalogue
from openpractice.validate import validate_project

from ..support import TODAY, Build, build, copy_project

DRAFT_MARK = "DRAFTMARK-OPENDATA"
HOSTILE_TITLE = 'Closing </script><script>alert("t")</script> & <b>"quotes"</b>'

FILES = {
    "content/practice/opendata-draft.md": f"""\
---
title: A draft write-up {DRAFT_MARK}
summary: Not ready, and must not reach any feed or file {DRAFT_MARK}.
date: 2026-11-01
authors:
  - name: Sam Okafor
schools: [brookside-primary]
themes: [reading]
stage: idea
status: draft
---
{DRAFT_MARK} in the body.
""",
    "content/policies/opendata-draft-policy.md": f"""\
---
title: A draft policy {DRAFT_MARK}
summary: A policy not yet approved, which must not be downloadable {DRAFT_MARK}.
date: 2026-11-01
themes: [behaviour]
version: "0.1"
owner: Headteacher
approved_by: trust-board
approved_on: 2026-11-01
review_cycle_months: 12
statutory: false
applies_to: trust
status: draft
---
{DRAFT_MARK} in the body.
""",
    "content/practice/opendata-hostile-title.md": f"""\
---
title: '{HOSTILE_TITLE}'
summary: 'A write-up whose title and summary try to break out: </script><!-- & "quotes" & <b>bold</b>.'
date: 2026-11-20
authors:
  - name: "Zoë O'Neil-Smith </script>"
    role: Teacher & lead
  - name: Ludwig van Beethoven
schools: [brookside-primary, willow-lane-primary]
phases: [ks2]
themes: [reading, feedback]
stage: piloting
evidence: [feedback, opendata-hostile-source]
---
Body text.
""",
    "content/research/opendata-hostile-source.md": """\
---
title: 'Evidence on </script> & feedback, {braces} 100% _under_ #hash'
summary: A research summary whose source has a DOI and characters LaTeX and HTML treat specially.
date: 2026-11-10
authors:
  - name: Priya Raman
themes: [feedback]
source:
  title: 'A study of <feedback> & </script> {in} 50% of schools'
  authors: ["Ada Lovelace", "Education Endowment Foundation"]
  year: 2020
  publisher: Journal of <Things> & Stuff
  doi: 10.1234/abc_{x}%<y>
evidence_strength: 3
impact_months: -2
reviewed_by: Priya Raman
reviewed_on: 2026-11-10
---
Body.
""",
    "content/policies/opendata-tables.md": """\
---
title: Marking and feedback policy (with tables)
summary: A policy whose body has headings, nested and numbered lists, a table and a link, as a Word download must keep them.
date: 2026-10-01
themes: [feedback]
version: "2.1"
owner: Deputy headteacher
approved_by: trust-board
approved_on: 2026-10-01
next_review: 2027-10-01
statutory: false
applies_to: [brookside-primary, oakfield-academy]
---
Read this with the [feedback summary](../research/feedback.md).

## Principles

- Feedback is **about the task**, not the pupil.
  - Nested point one.
  - Nested point two.
- Pupils act on it *in the lesson*.

## Steps

3. Third step first.
4. Then the fourth.

## Who does what

| Role | Task | When |
|---|---|---|
| Class teacher | Whole-class feedback | Weekly |
| Subject lead | Sampling books | Each term |

### Notes

> Quoted guidance from the trust.

Use `code` sparingly.
""",
}


@dataclass
class OpenDataBuild:
    build: Build
    catalogue: Catalogue


@pytest.fixture(scope="session")
def opendata(tmp_path_factory: pytest.TempPathFactory) -> OpenDataBuild:
    project = copy_project(tmp_path_factory.mktemp("opendata"))
    for rel, text in FILES.items():
        (project / rel).write_text(text, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    validation = validate_project(project, today=date.fromisoformat(TODAY))
    assert validation.ok and validation.catalogue is not None, [p.as_text() for p in validation.errors]
    return OpenDataBuild(result, validation.catalogue)


@pytest.fixture(scope="session")
def site(opendata: OpenDataBuild) -> Path:
    return opendata.build.site


@pytest.fixture(scope="session")
def catalogue(opendata: OpenDataBuild) -> Catalogue:
    return opendata.catalogue
