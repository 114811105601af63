"""A tiny project on disk for core tests: known vocabulary, one school, valid items."""

from __future__ import annotations

from pathlib import Path

TAXONOMY = """\
phases:
  - {id: primary, label: Primary}
  - {id: ks3, label: Key stage 3}
subjects:
  - {id: english, label: English}
themes:
  - {id: reading, label: Reading, synonyms: [literacy]}
  - {id: send, label: SEND, synonyms: [SEN, special educational needs]}
  - {id: behaviour, label: Behaviour, synonyms: [behavior]}
pupil_groups:
  - {id: send, label: SEND}
  - {id: disadvantaged, label: Disadvantaged, synonyms: [pupil premium]}
eef_strands:
  - {id: feedback, label: Feedback}
approval_bodies:
  - {id: trust-board, label: Trust board}
licenses:
  - {id: CC-BY-4.0, label: Creative Commons Attribution 4.0}
"""

SCHOOLS = """\
- id: brook
  name: Brook Primary (sample)
  phase: primary
"""

MKDOCS = """\
site_name: Test
docs_dir: site-plan
plugins:
  - openpractice:
      contact_domains: [trust.example]
"""

PRACTICE = """\
---
title: Reciprocal reading in Year 5
summary: Structured reading groups that help disadvantaged readers.
date: 2025-03-14
authors:
  - name: Sam Okafor
    role: Year 5 teacher
schools: [brook]
phases: [primary]
subjects: [english]
themes: [reading, send]
pupil_groups: [send]
stage: evaluated
evidence: [feedback]
contact: Research Champion, Brook Primary
---
Twelve pupils took part; reading ages rose.
"""

RESEARCH = """\
---
title: Feedback
summary: What the evidence says about feedback to pupils.
date: 2025-01-10
authors:
  - name: Ana Patel
themes: [reading]
source:
  title: "Teaching and Learning Toolkit: Feedback"
  authors: [Education Endowment Foundation]
  year: 2021
  url: https://educationendowmentfoundation.org.uk/
  doi: 10.1234/abcd
evidence_strength: 3
impact_months: 6
eef_strand: feedback
reviewed_by: Ana Patel
reviewed_on: 2025-01-10
---
Feedback helps.
"""

POLICY = """\
---
title: Behaviour policy
summary: How we promote good behaviour across the trust.
date: 2025-09-01
themes: [behaviour]
version: "3.1"
owner: Director of Education
approved_by: trust-board
approved_on: 2026-09-01
review_cycle_months: 12
statutory: true
applies_to: trust
---
The policy.
"""

VALID = {
    "content/practice/case.md": PRACTICE,
    "content/research/feedback.md": RESEARCH,
    "content/policies/behaviour.md": POLICY,
}


def write_project(root: Path, files: dict[str, str | bytes]) -> Path:
    base: dict[str, str | bytes] = {
        "mkdocs.yml": MKDOCS,
        "content/_data/taxonomy.yml": TAXONOMY,
        "content/_data/schools.yml": SCHOOLS,
        **VALID,
    }
    base.update(files)
    for rel, text in base.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root
