"""The research champions' report: how well the evidence behind the trust's practice is
covered, per school and per theme, which write-ups cite no research, and which research
summaries are due for re-checking. One function per table; the champions' desk page
(site/desk.py) and `openpractice report [--format text|json|csv]` print the same numbers.

What is counted
---------------
- Practice write-ups only (published; drafts are never in the catalogue). A write-up's
  evidence is the strongest research summary it cites, as the Explore page's `evidence` facet
  has it, in one of four BANDS: `none` (cites no research), `0-1`, `2-3` and `4-5` on the
  EEF's 0-5 padlock scale. Pairs of padlock levels keep the tables narrow enough for a phone
  and still split "weak", "middling" and "secure" evidence.
- By school (`by_school`): one row per school (schools.yml order) counting the write-ups that
  name it, then the whole trust, counting each write-up once however many schools it names
  (so the trust row is not the sum of the school rows). Columns: the stages, the bands, all.
- Evidence gap map (`gap_map`): every theme (taxonomy order) against the bands. A write-up
  counts under each of its themes and every wider theme (`broader`), as on the theme pages,
  so the rows do not add up to the number of write-ups either.
- Litmus groups (LITMUS_GROUPS): the trust judges its impact above all by what it does for
  disadvantaged pupils and pupils with SEND. Each group in the taxonomy gets the same two
  tables for the write-ups aimed at it (`pupil_groups`, wider terms included); a group the
  taxonomy lacks is left out.
- Write-ups citing no research (`uncited`), and research summaries due for re-checking
  (`rechecks_due`: due soon or overdue, `research_review_months` after `reviewed_on`,
  reviews.py).

Every count is also an Explore search: `Cell.query` holds the Explore page's URL parameters
(facet keys with label values, search/records.py) that list the same write-ups. A zero has
no link, because the Explore page ignores a filter value no item has.

JSON (`--format json`), a stable structure::

    {"built": "2026-11-22", "recheck_months": 24,
     "bands": [{"key": "none", "label": "No research linked", "strengths": []},
               {"key": "0-1", "label": "0-1/5", "strengths": [0, 1]}, ...],
     "stages": [{"key": "idea", "label": "Idea"}, ...],
     "scopes": [{"key": "all", "label": "All practice", "pupil_group": null,
                 "by_school": [ROW, ...], "gap_map": [ROW, ...]},
                {"key": "disadvantaged", "label": "Practice for disadvantaged pupils",
                 "pupil_group": "disadvantaged", ...}, ...],
     "uncited": [{"id", "title", "url", "schools": [ids], "stage"}, ...],
     "rechecks_due": [{"id", "title", "url", "reviewed_by", "reviewed_on", "due",
                       "status"}, ...],
     "schools": {school id: name, ...}}

    ROW = {"id": school or theme id (null: the whole trust), "label", "practice": n,
           "stages": {"idea": n, ...}, "evidence": {"none": n, "0-1": n, ...},
           "explore": {"practice": URL or null, "stages": {...}, "evidence": {...}}}

URLs are relative to the site's address (`explore/?type=Practice&theme=Reading`), null for 0.

CSV (`--format csv`): the by-school tables and the gap maps of every scope, one row per table
row, with the same columns throughout: section (`by-school` or `gap-map`), scope (`all` or a
pupil group id), id (school or theme id; empty for the whole trust), label, practice, one
column per stage, one per band. A text cell that a spreadsheet would read as a formula gets a
leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from .addresses import page_url
from .catalogue import Catalogue, Entry
from .models import DUE_SOON_DAYS, Practice, Research, ReviewStatus, Stage, Term
from .problems import visible
from .reviews import due_status, recheck_due
from .search.records import TYPE_LABELS, stage_label, strength_label
from .site.pages import EXPLORE
from .site.templating import NO_RESEARCH, STRENGTH_WORDS

# The pupil groups (taxonomy ids) whose practice the trust reads as the test of its impact.
LITMUS_GROUPS = ("disadvantaged", "send")
TRUST = "Whole trust"


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    strengths: tuple[int, ...]  # () = cites no research

    @property
    def values(self) -> list[str]:
        """The Explore page's `evidence` values this band stands for."""
        return [strength_label(s) for s in self.strengths] if self.strengths else [NO_RESEARCH]

    @property
    def heading(self) -> str:
        """A column heading: "No research linked", "Cites 0-1/5"."""
        return f"Cites {self.label}" if self.strengths else self.label

    @property
    def words(self) -> str:
        """"0-1/5: insufficient or very limited evidence"."""
        if not self.strengths:
            return self.label
        kinds = [STRENGTH_WORDS[s].removesuffix(" evidence") for s in self.strengths]
        return f"{self.label}: {' or '.join(kinds)} evidence"


BANDS = (
    Band("none", NO_RESEARCH, ()),
    Band("0-1", "0-1/5", (0, 1)),
    Band("2-3", "2-3/5", (2, 3)),
    Band("4-5", "4-5/5", (4, 5)),
)
STAGE_KEYS = tuple(s.value for s in Stage)

Query = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Cell:
    count: int
    query: Query  # the Explore URL parameters that list the same write-ups

    @property
    def explore(self) -> str | None:
        """The Explore address, relative to the site's (None for 0: nothing to list)."""
        return f"{page_url(EXPLORE)}?{urlencode(self.query)}" if self.count else None


@dataclass(frozen=True)
class CountRow:
    key: str | None  # school or theme id; None for the whole trust
    label: str
    total: Cell
    stages: dict[str, Cell]  # Stage value -> cell
    bands: dict[str, Cell]  # Band key -> cell


@dataclass(frozen=True)
class Scope:
    key: str  # "all", or the pupil group's id
    label: str
    group: Term | None
    by_school: list[CountRow]
    gap_map: list[CountRow]


@dataclass(frozen=True)
class RecheckRow:
    entry: Entry
    research: Research
    due: date
    status: ReviewStatus


@dataclass(frozen=True)
class Report:
    built: date
    recheck_months: int
    scopes: list[Scope]
    uncited: list[Entry]
    rechecks_due: list[RecheckRow]
    catalogue: Catalogue = field(repr=False)


# --------------------------------------------------------------------------- the tables

def band_of(strength: int | None) -> Band:
    for band in BANDS:
        if (strength is None and not band.strengths) or strength in band.strengths:
            return band
    raise ValueError(f"no band for evidence strength {strength}")


def practice_for(catalogue: Catalogue, group: str | None = None) -> list[Entry]:
    """The published write-ups, or those aimed at a pupil group (or a narrower one)."""
    found = []
    for entry in catalogue.of_kind("practice"):
        model = entry.model
        assert isinstance(model, Practice)
        if group is None or group in catalogue.with_wider("pupil_groups", model.pupil_groups):
            found.append(entry)
    return found


def _count_row(catalogue: Catalogue, key: str | None, label: str, entries: Sequence[Entry],
               base: Query) -> CountRow:
    stages = dict.fromkeys(STAGE_KEYS, 0)
    bands = dict.fromkeys((b.key for b in BANDS), 0)
    for entry in entries:
        assert isinstance(entry.model, Practice)
        stages[entry.model.stage.value] += 1
        bands[band_of(catalogue.strongest_evidence(entry)).key] += 1
    return CountRow(
        key, label, Cell(len(entries), base),
        {s: Cell(n, (*base, ("stage", stage_label(Stage(s))))) for s, n in stages.items()},
        {b.key: Cell(bands[b.key], (*base, *(("evidence", v) for v in b.values)))
         for b in BANDS},
    )


def _base(catalogue: Catalogue, group: str | None) -> Query:
    query: Query = (("type", TYPE_LABELS["practice"]),)
    if group is not None:
        term = catalogue.term("pupil_groups", group)
        query += (("group", term.label if term else group),)
    return query


def by_school(catalogue: Catalogue, group: str | None = None) -> list[CountRow]:
    """Practice per school by stage and by the evidence it cites, then the whole trust."""
    entries = practice_for(catalogue, group)
    base = _base(catalogue, group)
    rows = []
    for school in catalogue.schools.values():
        named = [e for e in entries if school.id in e.model.schools]
        rows.append(_count_row(catalogue, school.id, school.name, named,
                               (*base, ("school", school.name))))
    rows.append(_count_row(catalogue, None, TRUST, entries, base))
    return rows


def gap_map(catalogue: Catalogue, group: str | None = None) -> list[CountRow]:
    """Every theme against the evidence bands (a write-up under each of its themes and
    every wider one)."""
    entries = set(id(e) for e in practice_for(catalogue, group))
    base = _base(catalogue, group)
    by_theme = catalogue.by_theme()
    rows = []
    for term in catalogue.taxonomy.themes:
        on_theme = [e for e in by_theme[term.id]["practice"] if id(e) in entries]
        rows.append(_count_row(catalogue, term.id, term.label, on_theme,
                               (*base, ("theme", term.label))))
    return rows


def litmus_groups(catalogue: Catalogue) -> list[Term]:
    """LITMUS_GROUPS as the taxonomy has them (a group it lacks is left out)."""
    terms = catalogue.terms("pupil_groups")
    return [terms[g] for g in LITMUS_GROUPS if g in terms]


def lower_first(text: str) -> str:
    """'Disadvantaged pupils' -> 'disadvantaged pupils'; 'SEND' stays 'SEND'."""
    if not text or (len(text) > 1 and text[1].isupper()):
        return text
    return text[0].lower() + text[1:]


def scopes(catalogue: Catalogue) -> list[Scope]:
    """All practice, then the practice aimed at each litmus group."""
    found = [Scope("all", "All practice", None, by_school(catalogue), gap_map(catalogue))]
    for term in litmus_groups(catalogue):
        label = lower_first(term.label)
        found.append(Scope(term.id, f"Practice for {label}", term,
                           by_school(catalogue, term.id), gap_map(catalogue, term.id)))
    return found


def uncited(catalogue: Catalogue) -> list[Entry]:
    """Write-ups citing no (published) research summary, by title."""
    return sorted((e for e in catalogue.of_kind("practice")
                   if catalogue.strongest_evidence(e) is None),
                  key=lambda e: (e.model.title.casefold(), e.id))


def recheck_rows(catalogue: Catalogue) -> list[RecheckRow]:
    """Every research summary with its next re-check and status, soonest first (the
    research register)."""
    rows = []
    for entry in catalogue.of_kind("research"):
        research = entry.model
        assert isinstance(research, Research)
        due = recheck_due(research, catalogue.recheck_months)
        rows.append(RecheckRow(entry, research, due, due_status(due, catalogue.today)))
    return sorted(rows, key=lambda r: (r.due, r.entry.id))


def rechecks_due(catalogue: Catalogue) -> list[RecheckRow]:
    """Research summaries due for re-checking soon (within 60 days) or overdue."""
    return [r for r in recheck_rows(catalogue) if r.status is not ReviewStatus.CURRENT]


def report(catalogue: Catalogue) -> Report:
    return Report(catalogue.today, catalogue.recheck_months, scopes(catalogue),
                  uncited(catalogue), rechecks_due(catalogue), catalogue)


# --------------------------------------------------------------------------- JSON

def _row_dict(row: CountRow) -> dict[str, Any]:
    return {
        "id": row.key,
        "label": row.label,
        "practice": row.total.count,
        "stages": {k: c.count for k, c in row.stages.items()},
        "evidence": {k: c.count for k, c in row.bands.items()},
        "explore": {
            "practice": row.total.explore,
            "stages": {k: c.explore for k, c in row.stages.items()},
            "evidence": {k: c.explore for k, c in row.bands.items()},
        },
    }


def as_dict(rep: Report) -> dict[str, Any]:
    catalogue = rep.catalogue
    return {
        "built": rep.built.isoformat(),
        "recheck_months": rep.recheck_months,
        "bands": [{"key": b.key, "label": b.label, "strengths": list(b.strengths)}
                  for b in BANDS],
        "stages": [{"key": s.value, "label": stage_label(s)} for s in Stage],
        "scopes": [{"key": s.key, "label": s.label,
                    "pupil_group": s.group.id if s.group else None,
                    "by_school": [_row_dict(r) for r in s.by_school],
                    "gap_map": [_row_dict(r) for r in s.gap_map]} for s in rep.scopes],
        "uncited": [{"id": e.id, "title": e.model.title, "url": e.url,
                     "schools": list(e.model.schools),
                     "stage": e.model.stage.value if isinstance(e.model, Practice) else None}
                    for e in rep.uncited],
        "rechecks_due": [{"id": r.entry.id, "title": r.research.title, "url": r.entry.url,
                          "reviewed_by": r.research.reviewed_by,
                          "reviewed_on": r.research.reviewed_on.isoformat(),
                          "due": r.due.isoformat(), "status": r.status.value}
                         for r in rep.rechecks_due],
        "schools": {s.id: s.name for s in catalogue.schools.values()},
    }


def as_json(rep: Report) -> str:
    return json.dumps(as_dict(rep), indent=2, ensure_ascii=False)


# --------------------------------------------------------------------------- CSV

CSV_COLUMNS = ("section", "scope", "id", "label", "practice", *STAGE_KEYS,
               *(b.key for b in BANDS))


def _cell(value: str) -> str:
    """Text a spreadsheet would read as a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def as_csv(rep: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for scope in rep.scopes:
        for section, rows in (("by-school", scope.by_school), ("gap-map", scope.gap_map)):
            for row in rows:
                writer.writerow([section, scope.key, _cell(row.key or ""), _cell(row.label),
                                 row.total.count,
                                 *(row.stages[s].count for s in STAGE_KEYS),
                                 *(row.bands[b.key].count for b in BANDS)])
    return out.getvalue().rstrip("\n")


# --------------------------------------------------------------------------- text

def text_table(headings: Sequence[str], rows: Iterable[Sequence[str | int]]) -> list[str]:
    """Columns padded to their widest cell: text left, numbers right."""
    table = [[visible(str(c)) for c in headings]]
    numeric = [False] * len(headings)
    for row in rows:
        table.append([visible(str(c)) for c in row])
        for i, c in enumerate(row):
            numeric[i] = numeric[i] or isinstance(c, int)
    widths = [max(len(r[i]) for r in table) for i in range(len(headings))]
    return ["  ".join(c.rjust(w) if numeric[i] else c.ljust(w)
                      for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip()
            for r in table]


def _count_table(first: str, rows: list[CountRow], columns: Callable[[CountRow], list[int]],
                 headings: list[str]) -> list[str]:
    return text_table([first, *headings, "All"],
                      ([r.label, *columns(r), r.total.count] for r in rows))


def stage_columns(row: CountRow) -> list[int]:
    return [row.stages[s].count for s in STAGE_KEYS]


def band_columns(row: CountRow) -> list[int]:
    return [row.bands[b.key].count for b in BANDS]


STAGE_HEADINGS = [stage_label(s) for s in Stage]
BAND_HEADINGS = [b.heading for b in BANDS]


def as_text(rep: Report) -> str:
    catalogue = rep.catalogue
    lines = [f"Research champions' report, built {rep.built.isoformat()}",
             "Evidence: the strongest research a write-up cites, on the EEF's 0-5 scale ("
             + "; ".join(b.words for b in BANDS[1:]) + ")."]
    for scope in rep.scopes:
        lines += ["", f"== {scope.label} ==", "", "Practice by school and stage"]
        lines += _count_table("School", scope.by_school, stage_columns, STAGE_HEADINGS)
        lines += ["", "Practice by school and the evidence it cites"]
        lines += _count_table("School", scope.by_school, band_columns, BAND_HEADINGS)
        lines += ["", "Evidence gap map: practice by theme and the evidence it cites"]
        lines += _count_table("Theme", scope.gap_map, band_columns, BAND_HEADINGS)
    lines += ["", f"== Practice citing no research ({len(rep.uncited)}) =="]
    for entry in rep.uncited:
        model = entry.model
        assert isinstance(model, Practice)
        schools = ", ".join(catalogue.schools[s].name if s in catalogue.schools else s
                            for s in model.schools)
        lines.append(visible(f"- {model.title} ({entry.url}); {schools}; "
                             f"{stage_label(model.stage)}"))
    if not rep.uncited:
        lines.append("Every write-up cites at least one research summary.")
    lines += ["", f"== Research due for re-checking ({len(rep.rechecks_due)}) =="]
    for row in rep.rechecks_due:
        lines.append(visible(
            f"{row.due.isoformat()}  {row.status.label.lower():<8}  {row.research.title} "
            f"({row.entry.url}); checked by {row.research.reviewed_by} on "
            f"{row.research.reviewed_on.isoformat()}"))
    if not rep.rechecks_due:
        lines.append(f"None: no research summary is due for re-checking within {DUE_SOON_DAYS} days "
                     f"(re-checks every {rep.recheck_months} months).")
    return "\n".join(lines)


FORMATS: dict[str, Callable[[Report], str]] = {"text": as_text, "json": as_json, "csv": as_csv}
