"""The research champions' report (openpractice/report.py, `openpractice report`) on a small
fixture project, in all three formats, with exact expected output; and what the report and
the school pages build on: reserved addresses, school context in bands, school contacts."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from openpractice.catalogue import Catalogue
from openpractice.cli import main
from openpractice.report import (
    BANDS,
    LITMUS_GROUPS,
    as_csv,
    as_json,
    as_text,
    recheck_rows,
    report,
)
from openpractice.search.records import (
    SCHOOL_CONTEXT,
    facet_groups,
    school_context,
    search_record,
)
from openpractice.site.desk import champions_desk
from openpractice.validate import validate_project

from .mini import MKDOCS, PRACTICE, RESEARCH, TAXONOMY, write_project

TODAY = date(2026, 11, 22)

FIXTURE_TAXONOMY = TAXONOMY.replace(
    "  - {id: behaviour, label: Behaviour, synonyms: [behavior]}\n",
    "  - {id: behaviour, label: Behaviour, synonyms: [behavior]}\n"
    "  - {id: inclusion, label: Inclusion}\n",
).replace(
    "  - {id: send, label: SEND, synonyms: [SEN, special educational needs]}\n",
    "  - {id: send, label: SEND, synonyms: [SEN, special educational needs], broader: [inclusion]}\n",
).replace(
    "  - {id: disadvantaged, label: Disadvantaged, synonyms: [pupil premium]}\n",
    "  - {id: disadvantaged, label: Disadvantaged, synonyms: [pupil premium]}\n"
    "  - {id: looked-after, label: Looked-after children, broader: [disadvantaged]}\n",
)
FIXTURE_SCHOOLS = """\
- id: brook
  name: Brook Primary (sample)
  phase: primary
- id: oak
  name: Oak Academy
  phase: ks3
  urn: 123456
  age_range: "11-16"
  pupils: 1040
  disadvantaged_percent: 41.5
  send_percent: 15
  eal_percent: 9.96
  contact: research@trust.example
"""


def _practice(title: str, schools: str, stage: str, evidence: str, groups: str,
              themes: str) -> str:
    return (PRACTICE.replace("title: Reciprocal reading in Year 5", f"title: {title}")
            .replace("schools: [brook]", f"schools: [{schools}]")
            .replace("stage: evaluated", f"stage: {stage}")
            .replace("evidence: [feedback]\n", f"evidence: [{evidence}]\n" if evidence else "")
            .replace("pupil_groups: [send]", f"pupil_groups: [{groups}]")
            .replace("themes: [reading, send]", f"themes: [{themes}]"))


FILES: dict[str, str | bytes] = {
    "content/_data/taxonomy.yml": FIXTURE_TAXONOMY,
    "content/_data/schools.yml": FIXTURE_SCHOOLS,
    # case.md (mini): Brook, evaluated, cites feedback (3/5), SEND, reading and SEND
    "content/practice/idea.md": _practice("Quizzing at the door", "brook, oak", "idea", "strong",
                                          "disadvantaged", "reading"),
    "content/practice/plain.md": _practice("Calm corridors at Oak", "oak", "embedded", "",
                                           "looked-after", "behaviour"),
    "content/research/strong.md": (RESEARCH.replace("title: Feedback", "title: Retrieval practice")
                                   .replace("evidence_strength: 3", "evidence_strength: 5")
                                   .replace("reviewed_on: 2025-01-10", "reviewed_on: 2024-06-01")),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path, FILES)


def catalogue_of(root: Path) -> Catalogue:
    result = validate_project(root, today=TODAY)
    assert result.ok, [p.as_text() for p in result.errors]
    assert result.catalogue is not None
    return result.catalogue


# --------------------------------------------------------------------------- the report

TEXT = """\
Research champions' report, built 2026-11-22
Evidence: the strongest research a write-up cites, on the EEF's 0-5 scale (0-1/5: insufficient \
or very limited evidence; 2-3/5: limited or moderate evidence; 4-5/5: extensive or very \
extensive evidence).

== All practice ==

Practice by school and stage
School                  Idea  Piloting  Embedded  Evaluated  All
Brook Primary (sample)     1         0         0          1    2
Oak Academy                1         0         1          0    2
Whole trust                1         0         1          1    3

Practice by school and the evidence it cites
School                  No research linked  Cites 0-1/5  Cites 2-3/5  Cites 4-5/5  All
Brook Primary (sample)                   0            0            1            1    2
Oak Academy                              1            0            0            1    2
Whole trust                              1            0            1            1    3

Evidence gap map: practice by theme and the evidence it cites
Theme      No research linked  Cites 0-1/5  Cites 2-3/5  Cites 4-5/5  All
Reading                     0            0            1            1    2
SEND                        0            0            1            0    1
Behaviour                   1            0            0            0    1
Inclusion                   0            0            1            0    1

== Practice for disadvantaged ==

Practice by school and stage
School                  Idea  Piloting  Embedded  Evaluated  All
Brook Primary (sample)     1         0         0          0    1
Oak Academy                1         0         1          0    2
Whole trust                1         0         1          0    2

Practice by school and the evidence it cites
School                  No research linked  Cites 0-1/5  Cites 2-3/5  Cites 4-5/5  All
Brook Primary (sample)                   0            0            0            1    1
Oak Academy                              1            0            0            1    2
Whole trust                              1            0            0            1    2

Evidence gap map: practice by theme and the evidence it cites
Theme      No research linked  Cites 0-1/5  Cites 2-3/5  Cites 4-5/5  All
Reading                     0            0            0            1    1
SEND                        0            0            0            0    0
Behaviour                   1            0            0            0    1
Inclusion                   0            0            0            0    0

== Practice for SEND ==

Practice by school and stage
School                  Idea  Piloting  Embedded  Evaluated  All
Brook Primary (sample)     0         0         0          1    1
Oak Academy                0         0         0          0    0
Whole trust                0         0         0          1    1

Practice by school and the evidence it cites
School                  No research linked  Cites 0-1/5  Cites 2-3/5  Cites 4-5/5  All
Brook Primary (sample)                   0            0            1            0    1
Oak Academy                              0            0            0            0    0
Whole trust                              0            0            1            0    1

Evidence gap map: practice by theme and the evidence it cites
Theme      No research linked  Cites 0-1/5  Cites 2-3/5  Cites 4-5/5  All
Reading                     0            0            1            0    1
SEND                        0            0            1            0    1
Behaviour                   0            0            0            0    0
Inclusion                   0            0            1            0    1

== Practice citing no research (1) ==
- Calm corridors at Oak (practice/plain/); Oak Academy; Embedded

== Research due for re-checking (2) ==
2026-06-01  overdue   Retrieval practice (research/strong/); checked by Ana Patel on 2024-06-01
2027-01-10  due soon  Feedback (research/feedback/); checked by Ana Patel on 2025-01-10"""

CSV = """\
section,scope,id,label,practice,idea,piloting,embedded,evaluated,none,0-1,2-3,4-5
by-school,all,brook,Brook Primary (sample),2,1,0,0,1,0,0,1,1
by-school,all,oak,Oak Academy,2,1,0,1,0,1,0,0,1
by-school,all,,Whole trust,3,1,0,1,1,1,0,1,1
gap-map,all,reading,Reading,2,1,0,0,1,0,0,1,1
gap-map,all,send,SEND,1,0,0,0,1,0,0,1,0
gap-map,all,behaviour,Behaviour,1,0,0,1,0,1,0,0,0
gap-map,all,inclusion,Inclusion,1,0,0,0,1,0,0,1,0
by-school,disadvantaged,brook,Brook Primary (sample),1,1,0,0,0,0,0,0,1
by-school,disadvantaged,oak,Oak Academy,2,1,0,1,0,1,0,0,1
by-school,disadvantaged,,Whole trust,2,1,0,1,0,1,0,0,1
gap-map,disadvantaged,reading,Reading,1,1,0,0,0,0,0,0,1
gap-map,disadvantaged,send,SEND,0,0,0,0,0,0,0,0,0
gap-map,disadvantaged,behaviour,Behaviour,1,0,0,1,0,1,0,0,0
gap-map,disadvantaged,inclusion,Inclusion,0,0,0,0,0,0,0,0,0
by-school,send,brook,Brook Primary (sample),1,0,0,0,1,0,0,1,0
by-school,send,oak,Oak Academy,0,0,0,0,0,0,0,0,0
by-school,send,,Whole trust,1,0,0,0,1,0,0,1,0
gap-map,send,reading,Reading,1,0,0,0,1,0,0,1,0
gap-map,send,send,SEND,1,0,0,0,1,0,0,1,0
gap-map,send,behaviour,Behaviour,0,0,0,0,0,0,0,0,0
gap-map,send,inclusion,Inclusion,1,0,0,0,1,0,0,1,0"""


def test_the_text_report(project: Path) -> None:
    assert as_text(report(catalogue_of(project))) == TEXT


def test_the_csv_report_is_one_table_with_a_section_column(project: Path) -> None:
    text = as_csv(report(catalogue_of(project)))
    assert text == CSV
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["section"] for r in rows} == {"by-school", "gap-map"}
    assert {r["scope"] for r in rows} == {"all", *LITMUS_GROUPS}


def explore(url: str | None) -> list[tuple[str, str]]:
    assert url is not None and url.startswith("explore/?")
    return parse_qsl(urlsplit(url).query)


def test_the_json_report(project: Path) -> None:
    data: dict[str, Any] = json.loads(as_json(report(catalogue_of(project))))
    assert list(data) == ["built", "recheck_months", "bands", "stages", "scopes", "uncited",
                          "rechecks_due", "schools"]
    assert data["built"] == "2026-11-22" and data["recheck_months"] == 24
    assert data["bands"] == [{"key": b.key, "label": b.label, "strengths": list(b.strengths)}
                             for b in BANDS]
    assert [b["label"] for b in data["bands"]] == ["No research linked", "0-1/5", "2-3/5",
                                                   "4-5/5"]
    assert data["stages"] == [{"key": "idea", "label": "Idea"},
                              {"key": "piloting", "label": "Piloting"},
                              {"key": "embedded", "label": "Embedded"},
                              {"key": "evaluated", "label": "Evaluated"}]
    assert [(s["key"], s["label"], s["pupil_group"]) for s in data["scopes"]] == [
        ("all", "All practice", None),
        ("disadvantaged", "Practice for disadvantaged", "disadvantaged"),
        ("send", "Practice for SEND", "send")]
    oak = data["scopes"][1]["by_school"][1]
    assert {k: v for k, v in oak.items() if k != "explore"} == {
        "id": "oak", "label": "Oak Academy", "practice": 2,
        "stages": {"idea": 1, "piloting": 0, "embedded": 1, "evaluated": 0},
        "evidence": {"none": 1, "0-1": 0, "2-3": 0, "4-5": 1}}
    base = [("type", "Practice"), ("group", "Disadvantaged"), ("school", "Oak Academy")]
    assert explore(oak["explore"]["practice"]) == base
    assert explore(oak["explore"]["stages"]["embedded"]) == [*base, ("stage", "Embedded")]
    assert oak["explore"]["stages"]["piloting"] is None  # 0: nothing to list
    assert explore(oak["explore"]["evidence"]["none"]) == [*base, ("evidence", "No research linked")]
    assert explore(oak["explore"]["evidence"]["4-5"]) == [
        *base, ("evidence", "4/5 extensive evidence"), ("evidence", "5/5 very extensive evidence")]
    trust = data["scopes"][0]["by_school"][-1]
    assert trust["id"] is None and trust["label"] == "Whole trust" and trust["practice"] == 3
    reading = data["scopes"][0]["gap_map"][0]
    assert reading["id"] == "reading" and reading["evidence"]["2-3"] == 1
    assert explore(reading["explore"]["evidence"]["2-3"]) == [
        ("type", "Practice"), ("theme", "Reading"), ("evidence", "2/5 limited evidence"),
        ("evidence", "3/5 moderate evidence")]
    assert data["uncited"] == [{"id": "plain", "title": "Calm corridors at Oak",
                                "url": "practice/plain/", "schools": ["oak"], "stage": "embedded"}]
    assert data["rechecks_due"] == [
        {"id": "strong", "title": "Retrieval practice", "url": "research/strong/",
         "reviewed_by": "Ana Patel", "reviewed_on": "2024-06-01", "due": "2026-06-01",
         "status": "overdue"},
        {"id": "feedback", "title": "Feedback", "url": "research/feedback/",
         "reviewed_by": "Ana Patel", "reviewed_on": "2025-01-10", "due": "2027-01-10",
         "status": "due-soon"}]
    assert data["schools"] == {"brook": "Brook Primary (sample)", "oak": "Oak Academy"}


@pytest.mark.parametrize(("fmt", "render"), [("text", as_text), ("json", as_json), ("csv", as_csv)])
def test_the_report_command(project: Path, capsys: pytest.CaptureFixture[str], fmt: str,
                            render: Any) -> None:
    code = main(["report", "--root", str(project), "--today", "2026-11-22", "--format", fmt])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out == render(report(catalogue_of(project))) + "\n"


def test_the_report_command_leaves_out_files_with_errors(
    project: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    (project / "content/practice/plain.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    assert main(["report", "--root", str(project), "--today", "2026-11-22"]) == 1
    out, err = capsys.readouterr()
    assert "== Practice citing no research (0) ==" in out
    assert err == ("openpractice: 1 file(s) with errors are left out; run 'openpractice "
                   "validate'\n")


def test_litmus_groups_missing_from_the_taxonomy_are_left_out(tmp_path: Path) -> None:
    taxonomy = FIXTURE_TAXONOMY.replace("  - {id: send, label: SEND}\n", "")
    files = {**FILES, "content/_data/taxonomy.yml": taxonomy,
             "content/practice/case.md": PRACTICE.replace("pupil_groups: [send]", "")}
    rep = report(catalogue_of(write_project(tmp_path, files)))
    assert [s.key for s in rep.scopes] == ["all", "disadvantaged"]


# --------------------------------------------------------------------------- the desk page

def test_every_count_on_the_desk_links_to_the_same_items_on_explore(project: Path) -> None:
    """Each non-zero count links to Explore with its filters; a zero is not a link (Explore
    ignores a filter value no item has, and would list everything)."""
    cat = catalogue_of(project)
    body = champions_desk(cat).body
    tables = re.findall(r"<table>.*?</table>", body, re.S)
    assert len(tables) == 3 * 3 + 2  # 3 per scope, practice citing none, re-checks due
    gap = next(t for t in tables if "<caption>Evidence gap map: all practice" in t)
    assert re.findall(r'<th scope="col">([^<]*)</th>', gap) == [
        "Theme", "No research linked", "Cites 0-1/5", "Cites 2-3/5", "Cites 4-5/5", "All"]
    rows = re.findall(r'<tr>\n<th scope="row">([^<]*)</th>\n(.*?)</tr>', gap, re.S)
    assert [r[0] for r in rows] == ["Reading", "SEND", "Behaviour", "Inclusion"]
    cells = {r[0]: re.findall(r"<td>(.*?)</td>", r[1]) for r in rows}
    assert cells["Behaviour"][1:] == ["0", "0", "0",
                                      '<a href="../explore/?type=Practice&amp;theme=Behaviour">1</a>']
    link = re.fullmatch(r'<a href="\.\./explore/\?([^"]*)">1</a>', cells["Behaviour"][0])
    assert link is not None
    assert parse_qsl(unescape(link[1])) == [("type", "Practice"), ("theme", "Behaviour"),
                                            ("evidence", "No research linked")]


# --------------------------------------------------------------------------- schools like yours

def test_context_bands_include_their_bounds() -> None:
    disadvantaged = SCHOOL_CONTEXT[0]
    assert [disadvantaged.band(v) for v in (0, 19.99, 20, 40, 40.01, 100)] == [
        "Under 20%", "Under 20%", "20-40%", "20-40%", "Over 40%", "Over 40%"]
    size = SCHOOL_CONTEXT[-1]
    assert [size.band(v) for v in (249, 250, 999, 1000)] == [
        "Under 250 pupils", "250-999 pupils", "250-999 pupils", "1,000 pupils or more"]


def test_items_carry_the_context_of_their_schools(project: Path) -> None:
    cat = catalogue_of(project)
    assert school_context(cat.schools["oak"]) == {
        "disadvantaged": "Over 40%", "send": "15-25%", "eal": "Under 10%",
        "size": "1,000 pupils or more"}
    assert school_context(cat.schools["brook"]) == {}  # no figures given
    groups = {g.key: [(o.label, o.count) for o in g.options] for g in facet_groups(cat)}
    # Oak's write-ups (idea, plain) and the trust-wide policy, which applies to Oak too
    assert groups["disadvantaged"] == [("Over 40%", 3)]
    assert groups["size"] == [("1,000 pupils or more", 3)]


def test_a_school_contact_is_checked_like_a_practice_contact(tmp_path: Path) -> None:
    schools = FIXTURE_SCHOOLS.replace("research@trust.example", "head@gmail.com")
    root = write_project(tmp_path, {**FILES, "content/_data/schools.yml": schools})
    assert [p.as_text() for p in validate_project(root, today=TODAY).errors] == [
        "content/_data/schools.yml:13:12: error: [1].contact: 'gmail.com' is not one of the "
        "trust's domains (trust.example); use a work address on those domains or a role name "
        "such as 'Research Champion, Brookside Primary' [contact]",
        # as in a page's front-matter, the text is also read for personal data
        "content/_data/schools.yml:13:12: error: looks like a personal e-mail address; use a "
        "role address on the trust's domain instead [personal-data]"]


@pytest.mark.parametrize(("path", "address"), [
    ("research-register.md", "research-register/"),
    ("research-register/index.md", "research-register/"),
    ("champions-desk.md", "champions-desk/"),
    ("champions-desk/notes.md", "champions-desk/notes/"),
])
def test_the_desk_addresses_are_reserved(tmp_path: Path, path: str, address: str) -> None:
    root = write_project(tmp_path, {f"content/{path}": "# Mine\n"})
    folder = address.split("/")[0]
    assert [p.as_text() for p in validate_project(root, today=TODAY).problems] == [
        f"content/{path}:1:1: error: this page would be published at '/{address}', but "
        f"everything under '{folder}/' is made by the build; give the file another name or "
        "folder [reserved-address]"]


def test_re_checks_follow_research_review_months(tmp_path: Path) -> None:
    mkdocs = MKDOCS.replace("      contact_domains: [trust.example]\n",
                            "      contact_domains: [trust.example]\n"
                            "      research_review_months: 6\n")
    cat = catalogue_of(write_project(tmp_path, {**FILES, "mkdocs.yml": mkdocs}))
    assert cat.recheck_months == 6
    assert [(r.entry.id, r.due.isoformat(), r.status.value) for r in recheck_rows(cat)] == [
        ("strong", "2024-12-01", "overdue"), ("feedback", "2025-07-10", "overdue")]
    record = search_record(cat.get("research", "feedback"), cat)  # type: ignore[arg-type]
    assert record.filters["recheck"] == ["Overdue"]
