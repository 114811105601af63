"""The research champions' pages in a real build: the research register, the champions' desk
(every gap-map count links to Explore with the right filters), a school's context and its
URN link, and practice pages that say what they cite.

The bundled project is copied and given a school, two themes (one narrower) and a few items
of its own, added to whatever content/ holds; every other expectation is computed from the
catalogue, so the tests keep working as the sample content changes.
"""

from __future__ import annotations

from datetime import date
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from openpractice.catalogue import Catalogue
from openpractice.report import BANDS, STAGE_KEYS, CountRow, recheck_rows, report
from openpractice.site.pages import GIAS_URL
from openpractice.validate import validate_project

from ..support import Build, build, copy_project
from .test_site_pages import Node, fact, hrefs, page, parse, resolve

pytestmark = pytest.mark.build

TODAY = date(2026, 11, 22)
SCHOOL = "desk-test-school"
SCHOOL_NAME = "Desk Test School & <Sons>"
THEME, NARROW = "desk-test-theme", "desk-test-narrow"

RESEARCH = """\
---
title: {title}
summary: A research summary added by the champions' desk build test.
date: 2024-01-10
authors:
  - name: Ana Patel
themes: [{theme}]
source:
  title: Desk test source
  authors: [Education Endowment Foundation]
  year: 2021
evidence_strength: {strength}
reviewed_by: Ana Patel, Research Champion
reviewed_on: {reviewed}
---
What the evidence says.
"""

PRACTICE = """\
---
title: {title}
summary: A practice write-up added by the champions' desk build test.
date: 2025-03-14
authors:
  - name: Sam Okafor
schools: [{school}]
themes: [{theme}]
pupil_groups: [{group}]
stage: {stage}
{evidence}---
What we did.
"""


def _edit_yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _add_data(project: Path) -> None:
    data = project / "content" / "_data"

    def taxonomy(tax: dict[str, Any]) -> None:
        tax["themes"] += [{"id": THEME, "label": "Desk test theme"},
                          {"id": NARROW, "label": "Desk test narrow", "broader": [THEME]}]
        groups = {g["id"] for g in tax["pupil_groups"]}
        tax["pupil_groups"] += [{"id": g, "label": label} for g, label in
                                (("disadvantaged", "Disadvantaged pupils"),
                                 ("send", "Pupils with SEND")) if g not in groups]

    _edit_yaml(data / "taxonomy.yml", taxonomy)
    phase = yaml.safe_load((data / "taxonomy.yml").read_text(encoding="utf-8"))["phases"][0]["id"]

    def schools(rows: list[dict[str, Any]]) -> None:
        rows.append({"id": SCHOOL, "name": SCHOOL_NAME, "phase": phase, "urn": "123456",
                     "age_range": "11-16", "pupils": 1234, "disadvantaged_percent": 42.5,
                     "send_percent": 14, "eal_percent": 31,
                     "contact": "research@trust.example"})

    _edit_yaml(data / "schools.yml", schools)


def _add_items(project: Path) -> None:
    content = project / "content"
    files = {
        "research/desk-test-overdue.md": RESEARCH.format(
            title="Desk test overdue research", theme=THEME, strength=2, reviewed="2024-06-30"),
        "research/desk-test-soon.md": RESEARCH.format(
            title="Desk test research due soon", theme=THEME, strength=5, reviewed="2025-01-02"),
        "practice/desk-test-idea.md": PRACTICE.format(
            title="Desk test idea citing strong research", school=SCHOOL, theme=NARROW,
            group="disadvantaged", stage="idea", evidence="evidence: [desk-test-soon]\n"),
        "practice/desk-test-uncited.md": PRACTICE.format(
            title="Desk test practice citing nothing", school=SCHOOL, theme=THEME,
            group="send", stage="embedded", evidence=""),
    }
    for rel, text in files.items():
        (content / rel).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("desk"))
    _add_data(project)
    _add_items(project)
    result = build(project)
    assert result.returncode == 0, f"the desk test project does not build:\n{result.output}"
    return result


@pytest.fixture(scope="module")
def catalogue(desk: Build) -> Catalogue:
    result = validate_project(desk.project, today=TODAY)
    assert not result.errors and result.catalogue is not None
    return result.catalogue


def query(page_url: str, link: Node) -> tuple[str, list[tuple[str, str]]]:
    """A link's target page (site-relative) and its query parameters."""
    parts = urlsplit(link.attrs["href"])
    return resolve(page_url, parts.path), parse_qsl(unescape(parts.query))


def explore_values(desk: Build) -> dict[str, set[str]]:
    """facet key -> the values the Explore page offers (the only ones its URL may set)."""
    values: dict[str, set[str]] = {}
    for box in page(desk, "explore/").find_all("input", "op-facet__input"):
        values.setdefault(box.attrs["name"], set()).add(box.attrs["value"])
    return values


def rows_of(table: Node) -> list[tuple[str, list[Node]]]:
    """(row header text, its data cells) for each body row."""
    return [(tr.one("th").text, tr.find_all("td")) for tr in table.one("tbody").find_all("tr")]


# --------------------------------------------------------------------------- the register

def test_the_research_register_lists_every_summary_soonest_check_first(
    desk: Build, catalogue: Catalogue,
) -> None:
    url = "research-register/"
    root = page(desk, url)
    table = root.one("div", "op-register").one("table")
    assert table.one("caption").text.startswith("Research summaries")
    heads = table.one("thead").find_all("th")
    assert [th.text for th in heads] == ["Summary", "Checked on", "Checked by", "Next check",
                                         "Status"]
    assert {th.attrs.get("scope") for th in heads} == {"col"}
    assert table.one("span", data_sorted="ascending").text == "Next check"
    expected = recheck_rows(catalogue)
    rows = rows_of(table)
    assert [hrefs(tr, url) for tr in table.one("tbody").find_all("tr")] == [
        [r.entry.url] for r in expected]
    for (title, cells), row in zip(rows, expected, strict=True):
        assert title == row.research.title
        assert cells[0].one("time").attrs["datetime"] == row.research.reviewed_on.isoformat()
        assert cells[1].text == row.research.reviewed_by
        assert cells[2].one("time").attrs["datetime"] == row.due.isoformat()
        assert cells[3].text == row.status.label
        assert f"op-review--{row.status.value}" in cells[3].one("span").attrs["class"]
    statuses = {r.entry.id: r.status.value for r in expected}
    assert statuses["desk-test-overdue"] == "overdue"  # checked 2024-06-30: due 2026-06-30
    assert statuses["desk-test-soon"] == "due-soon"  # due 2027-01-02, within 60 days
    assert any(s.attrs.get("src", "").endswith("assets/javascripts/register.js")
               for s in root.find_all("script"))


def test_a_research_page_says_when_it_is_next_checked(desk: Build) -> None:
    root = page(desk, "research/desk-test-overdue/")
    recheck = fact(root, "Re-check")
    assert recheck.text.startswith("Next check due 30 June 2026 Overdue")
    assert recheck.one("time").attrs["datetime"] == "2026-06-30"
    assert "op-review--overdue" in recheck.one("span", "op-review").attrs["class"]


# --------------------------------------------------------------------------- the desk

def test_the_desk_is_in_the_navigation_beside_the_research_register(desk: Build) -> None:
    nav = [resolve("", a.attrs["href"]) for a in page(desk, "").find_all("a", "md-nav__link")
           if "href" in a.attrs]
    assert "research-register/" in nav and "champions-desk/" in nav


def _scope_tables(root: Node) -> dict[str, Node]:
    return {t.one("caption").text: t for t in root.find_all("table")}


def test_every_gap_map_cell_links_to_explore_with_its_filters(
    desk: Build, catalogue: Catalogue,
) -> None:
    url = "champions-desk/"
    tables = _scope_tables(page(desk, url))
    known = explore_values(desk)
    checked = 0
    for scope in report(catalogue).scopes:
        table = tables[f"Evidence gap map: {scope.label.lower()} by theme and the evidence "
                       "it cites"]
        heads = table.one("thead").find_all("th")
        assert [th.text for th in heads] == ["Theme", "No research linked", "Cites 0-1/5",
                                             "Cites 2-3/5", "Cites 4-5/5", "All"]
        assert {th.attrs.get("scope") for th in heads} == {"col"}
        rows = rows_of(table)
        assert [r[0] for r in rows] == [t.label for t in catalogue.taxonomy.themes]
        for (_, cells), row in zip(rows, scope.gap_map, strict=True):
            expected = [*(row.bands[b.key] for b in BANDS), row.total]
            for cell, want in zip(cells, expected, strict=True):
                checked += 1
                assert cell.text == str(want.count)
                links = cell.find_all("a")
                if not want.count:
                    assert links == [], "a zero lists nothing: no link"
                    continue
                (link,) = links
                target, params = query(url, link)
                assert (target, params) == ("explore/", list(want.query))
                # the Explore page keeps only values it offers: each filter must be one
                for key, value in params:
                    if key != "evidence":
                        assert value in known[key], (key, value)
                evidence = {v for k, v in params if k == "evidence"}
                assert not evidence or evidence & known["evidence"], params
    assert checked == len(report(catalogue).scopes) * len(catalogue.taxonomy.themes) * 5


def test_the_gap_map_counts_narrower_themes_and_the_strongest_research(
    desk: Build, catalogue: Catalogue,
) -> None:
    tables = _scope_tables(page(desk, "champions-desk/"))
    rows = dict(rows_of(tables["Evidence gap map: all practice by theme and the evidence it "
                               "cites"]))
    none, low, mid, high, total = (c.text for c in rows["Desk test theme"])
    # the idea (on the narrower theme, citing 5/5) and the write-up citing nothing
    assert (none, low, mid, high, total) == ("1", "0", "0", "1", "2")
    _, params = query("champions-desk/", rows["Desk test theme"][3].one("a"))
    assert params == [("type", "Practice"), ("theme", "Desk test theme"),
                      ("evidence", "4/5 extensive evidence"),
                      ("evidence", "5/5 very extensive evidence")]


def _by_school(catalogue: Catalogue, caption: str, desk: Build) -> tuple[Node, list[CountRow]]:
    scope = next(s for s in report(catalogue).scopes if caption.startswith(s.label + " by"))
    return _scope_tables(page(desk, "champions-desk/"))[caption], scope.by_school


@pytest.mark.parametrize("scope", ["All practice", "Practice for disadvantaged pupils",
                                   "Practice for pupils with SEND"])
def test_the_per_school_tables_match_the_report(
    desk: Build, catalogue: Catalogue, scope: str,
) -> None:
    for caption, keys in ((f"{scope} by school and stage", STAGE_KEYS),
                          (f"{scope} by school and the evidence it cites",
                           tuple(b.key for b in BANDS))):
        table, expected = _by_school(catalogue, caption, desk)
        rows = rows_of(table)
        assert [r[0] for r in rows] == [s.name for s in catalogue.schools.values()] + [
            "Whole trust"]
        for (_, cells), row in zip(rows, expected, strict=True):
            wanted = row.stages if keys == STAGE_KEYS else row.bands
            assert [c.text for c in cells] == [str(wanted[k].count) for k in keys] + [
                str(row.total.count)]
    school = dict(rows_of(_by_school(catalogue, f"{scope} by school and stage", desk)[0]))
    idea, _, embedded, _, total = (c.text for c in school[SCHOOL_NAME])
    assert (idea, embedded, total) == {
        "All practice": ("1", "1", "2"),
        "Practice for disadvantaged pupils": ("1", "0", "1"),
        "Practice for pupils with SEND": ("0", "1", "1")}[scope]


def test_the_desk_lists_uncited_practice_and_research_due(
    desk: Build, catalogue: Catalogue,
) -> None:
    url = "champions-desk/"
    tables = _scope_tables(page(desk, url))
    rep = report(catalogue)
    uncited = tables["Practice write-ups citing no research"]
    assert [hrefs(tr, url) for tr in uncited.one("tbody").find_all("tr")] == [
        [e.url] for e in rep.uncited]
    assert "practice/desk-test-uncited/" in [e.url for e in rep.uncited]
    due = tables["Research summaries due for re-checking"]
    assert [hrefs(tr, url) for tr in due.one("tbody").find_all("tr")] == [
        [r.entry.url] for r in rep.rechecks_due]
    assert {"research/desk-test-overdue/", "research/desk-test-soon/"} <= {
        r.entry.url for r in rep.rechecks_due}


# --------------------------------------------------------------------------- schools like yours

def test_the_school_page_shows_its_context_and_its_public_record(
    desk: Build, catalogue: Catalogue,
) -> None:
    url = f"schools/{SCHOOL}/"
    root = page(desk, url)
    assert root.one("h1").text == SCHOOL_NAME
    assert {label: fact(root, label).text for label in (
        "Age range", "Pupils on roll", "Disadvantaged pupils", "Pupils with SEND",
        "Pupils with EAL", "Contact")} == {
        "Age range": "11-16", "Pupils on roll": "1,234", "Disadvantaged pupils": "42.5%",
        "Pupils with SEND": "14%", "Pupils with EAL": "31%", "Contact": "research@trust.example"}
    assert fact(root, "Contact").one("a").attrs["href"] == "mailto:research@trust.example"
    urn = fact(root, "URN").one("a")
    assert (urn.attrs["href"], urn.text) == (GIAS_URL + "123456", "123456")
    assert GIAS_URL == ("https://get-information-schools.service.gov.uk/Establishments/"
                        "Establishment/Details/")
    assert root.find_all("p", "op-notice") == []  # real figures: no "illustrative" note
    like = root.one("p", "op-like")
    assert [query(url, a) for a in like.find_all("a")] == [
        ("explore/", [("disadvantaged", "Over 40%")]), ("explore/", [("send", "Under 15%")]),
        ("explore/", [("eal", "Over 30%")]), ("explore/", [("size", "1,000 pupils or more")])]
    known = explore_values(desk)
    assert all(v in known[k] for a in like.find_all("a") for k, v in query(url, a)[1])


def test_illustrative_schools_say_so(desk: Build, catalogue: Catalogue) -> None:
    for school in catalogue.schools.values():
        notes = page(desk, f"schools/{school.id}/").find_all("p", "op-notice")
        assert [n.text.startswith("Illustrative figures.") for n in notes] == (
            [True] if school.illustrative else [])


# --------------------------------------------------------------------------- practice

def test_practice_shows_its_stage_next_to_what_it_cites(desk: Build) -> None:
    idea = page(desk, "practice/desk-test-idea/")
    assert fact(idea, "Stage").text.startswith("Idea")
    assert fact(idea, "Evidence").text.startswith("Cites very extensive evidence (5/5)")
    uncited = page(desk, "practice/desk-test-uncited/")
    assert fact(uncited, "Evidence").text == "No research linked yet"
    note = uncited.one("section", aria_labelledby="op-cited").one("p", "op-no-research")
    assert note.text.startswith("No research linked yet.")
    cards = parse(desk.html("schools/desk-test-school/index.html")).find_all("li")
    metas = {c.one("a", "op-card__title").text: c.one("span", "op-card__meta").text
             for c in cards if c.find_all("a", "op-card__title")}
    assert "Idea · cites very extensive evidence (5/5)" in metas[
        "Desk test idea citing strong research"]
    assert "Embedded · no research linked" in metas["Desk test practice citing nothing"]
