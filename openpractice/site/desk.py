"""The research champions' pages: the research register (every research summary and its
next re-check, sortable like the policy register) and the champions' desk (the report of
openpractice/report.py as accessible tables, each count a link to the same write-ups on
Explore). Like every generated page, their HTML is written here with each data string
escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape
from urllib.parse import urlencode

from ..addresses import href
from ..catalogue import Catalogue
from ..models import DUE_SOON_DAYS, Practice
from ..report import (
    BAND_HEADINGS,
    BANDS,
    STAGE_HEADINGS,
    STAGE_KEYS,
    Cell,
    CountRow,
    RecheckRow,
    Report,
    Scope,
    lower_first,
    recheck_rows,
    report,
)
from ..search.records import stage_label
from .pages import (
    DESK,
    EXPLORE,
    RESEARCH_REGISTER,
    GeneratedPage,
    _a,
    _html,
    _nothing,
    _p,
    _styled,
    _table_row,
)
from .text import day, plural

# How the status column sorts (register.js reads `data-sort`): most urgent first.
STATUS_ORDER = {"overdue": 0, "due-soon": 1, "current": 2}


def desk_pages(catalogue: Catalogue) -> list[GeneratedPage]:
    return [research_register(catalogue), champions_desk(catalogue)]


def _status(row: RecheckRow) -> str:
    return (f'<span class="op-review op-review--{row.status.value}" '
            f'data-sort="{STATUS_ORDER[row.status.value]}">{row.status.label}</span>')


def _time(value: date) -> str:
    return f'<time datetime="{value.isoformat()}">{day(value)}</time>'


def _table(caption: str, headings: Sequence[str], rows: list[str]) -> str:
    """A table with its caption, column headings (scope="col") and rows."""
    return _html(f"<table>\n<caption>{escape(caption, quote=False)}</caption>\n<thead>\n"
                 f"{_table_row('th', headings, scope='col')}\n</thead>\n<tbody>\n"
                 + "\n".join(rows) + "\n</tbody>\n</table>")


def _recheck_cells(row: RecheckRow, src: str) -> list[str]:
    research = row.research
    return [f'<a href="{escape(href(row.entry.src_path, src))}">'
            f"{escape(research.title, quote=False)}</a>",
            _time(research.reviewed_on), escape(research.reviewed_by, quote=False),
            _time(row.due), _status(row)]


RECHECK_HEADINGS = ("Summary", "Checked on", "Checked by", "Next check", "Status")


def research_register(catalogue: Catalogue) -> GeneratedPage:
    """Every research summary with when it was checked, by whom, and when it is next due
    for re-checking (`research_review_months` after it was checked), soonest first."""
    src = RESEARCH_REGISTER
    headings = (*RECHECK_HEADINGS[:3], '<span data-sorted="ascending">Next check</span>',
                RECHECK_HEADINGS[4])
    register = recheck_rows(catalogue)
    rows = [_table_row("td", _recheck_cells(row, src), header_first=True) for row in register]
    counts = {s: sum(1 for r in register if r.status.value == s) for s in STATUS_ORDER}
    intro = (_p(f"Every published research summary, the one due for re-checking soonest "
                f"first. A Research Champion checks each summary against the latest evidence "
                f"again {catalogue.recheck_months} months after the last check. Status is "
                f"worked out on the day the site was built ({day(catalogue.today)}): "
                f"<strong>due soon</strong> means within {DUE_SOON_DAYS} days. Select a "
                f"column heading to sort by it. The {_a('champions’ desk', DESK, src)} "
                "shows this beside the evidence behind our practice.")
             + _styled(f"{plural(len(register), 'research summary', 'research summaries')}: "
                       f"{counts['overdue']} overdue, {counts['due-soon']} due soon, "
                       f"{counts['current']} current.", "op-count"))
    table = (_table("Research summaries and their next re-check, soonest first", headings, rows)
             if rows else _nothing("No research summaries published yet."))
    return GeneratedPage(src, "Research register", intro + table, template="op-register.html",
                         description="Every research summary with when it was checked and "
                                     "when it is next due for re-checking.",
                         hide=("navigation", "toc"))  # the table needs the width


# --------------------------------------------------------------------------- the desk

def _count(cell: Cell, src: str) -> str:
    """A count, linked to the same write-ups on Explore (a zero lists nothing: no link)."""
    if not cell.count:
        return "0"
    return _a(str(cell.count), EXPLORE, src, urlencode(cell.query))


def _count_table(caption: str, first: str, rows: list[CountRow], headings: Sequence[str],
                 cells: Callable[[CountRow], list[Cell]], src: str) -> str:
    body = [_table_row("td", [escape(r.label, quote=False),
                              *(_count(c, src) for c in cells(r)), _count(r.total, src)],
                       header_first=True) for r in rows]
    return _table(caption, [first, *headings, "All"], body)


def _stages(row: CountRow) -> list[Cell]:
    return [row.stages[s] for s in STAGE_KEYS]


def _bands(row: CountRow) -> list[Cell]:
    return [row.bands[b.key] for b in BANDS]


def _scope_tables(scope: Scope, src: str, level: int) -> str:
    what = "practice" if scope.group is None else lower_first(scope.label)
    h = f"h{level}"
    return (
        f"<{h}>By school</{h}>\n"
        + _count_table(f"{scope.label} by school and stage", "School", scope.by_school,
                       STAGE_HEADINGS, _stages, src)
        + _count_table(f"{scope.label} by school and the evidence it cites", "School",
                       scope.by_school, BAND_HEADINGS, _bands, src)
        + f"<{h}>Evidence gap map</{h}>\n"
        + _p(f"Each theme against the evidence that {escape(what, quote=False)} on it cites. "
             "A zero is a gap: nothing on that theme at that strength of evidence.")
        + _count_table(f"Evidence gap map: {scope.label.lower()} by theme and the evidence "
                       "it cites", "Theme", scope.gap_map, BAND_HEADINGS, _bands, src))


def champions_desk(catalogue: Catalogue) -> GeneratedPage:
    src = DESK
    rep: Report = report(catalogue)
    every, *litmus = rep.scopes
    bands = "; ".join(escape(b.words, quote=False) for b in BANDS[1:])
    intro = (
        _p("Every school in the trust has a Research Champion, who keeps up with research, "
           "checks the research summaries on this site and helps colleagues build on "
           "evidence. This desk gathers what they need in one place: how strong the evidence "
           "behind our practice is, school by school and theme by theme, which write-ups cite "
           "no research yet, and which summaries are due for a fresh check. "
           f"It is worked out on the day the site was built ({day(rep.built)}); "
           "<code>openpractice report</code> prints the same tables as text, JSON or CSV.")
        + _p("A write-up's evidence is the strongest research summary it cites, on the 0-5 "
             f"padlock scale of the EEF Teaching and Learning Toolkit ({bands}): a rating of "
             "the research, not of the practice, so read it beside the stage. Each count "
             f"links to the same write-ups on {_a('Explore', EXPLORE, src)}. A write-up "
             "naming several schools counts once in the whole-trust row.")
    )
    parts = [intro, "<h2>All practice</h2>\n", _scope_tables(every, src, 3)]
    if litmus:
        names = " and ".join(escape(lower_first(s.group.label if s.group else s.key),
                                    quote=False) for s in litmus)
        parts.append(f"<h2>Litmus test: {names}</h2>\n")
        parts.append(_p("The trust judges its impact above all by what it does for these "
                        "pupils: if practice aimed at them is well founded and growing, the "
                        "dial is moving. Here are the same tables for the write-ups aimed at "
                        "them."))
        for scope in litmus:
            parts.append(f"<h3>{escape(scope.label, quote=False)}</h3>\n")
            parts.append(_scope_tables(scope, src, 4))
    parts.append(_uncited(rep, catalogue, src))
    parts.append(_due(rep, src))
    return GeneratedPage(src, "Research champions’ desk", "".join(parts),
                         description="How strong the evidence behind our practice is, by "
                                     "school and theme, and which research is due for "
                                     "re-checking.",
                         hide=("navigation",))


def _uncited(rep: Report, catalogue: Catalogue, src: str) -> str:
    out = f"<h2>Practice citing no research ({len(rep.uncited)})</h2>\n"
    if not rep.uncited:
        return out + _p("Every write-up cites at least one research summary.")
    rows = []
    for entry in rep.uncited:
        model = entry.model
        assert isinstance(model, Practice)
        schools = ", ".join(catalogue.schools[s].name if s in catalogue.schools else s
                            for s in model.schools)
        rows.append(_table_row("td", [
            f'<a href="{escape(href(entry.src_path, src))}">'
            f"{escape(model.title, quote=False)}</a>",
            escape(schools, quote=False), escape(stage_label(model.stage), quote=False)],
            header_first=True))
    return (out + _p("A Research Champion can help find research that these build on, or "
                     "that questions them.")
            + _table("Practice write-ups citing no research", ("Write-up", "Schools", "Stage"),
                     rows))


def _due(rep: Report, src: str) -> str:
    out = f"<h2>Research due for re-checking ({len(rep.rechecks_due)})</h2>\n"
    register = _a("research register", RESEARCH_REGISTER, src)
    if not rep.rechecks_due:
        return out + _p(f"None: no research summary is due within {DUE_SOON_DAYS} days. "
                        f"The {register} lists every summary and its next check.")
    rows = [_table_row("td", _recheck_cells(row, src), header_first=True)
            for row in rep.rechecks_due]
    return (out + _p(f"Due within {DUE_SOON_DAYS} days or overdue, soonest first; the "
                     f"{register} lists every summary.")
            + _table("Research summaries due for re-checking", RECHECK_HEADINGS, rows))
