"""The pages the build generates from the catalogue: type indexes, one page per theme and per
school, and the policy register. Each is data: a title and description (plain text, escaped
where the plan writes them) and a body of HTML written here, every contributed or data-file
string in it escaped. Built once per build in O(items); none is committed as a file.

Listings stay small whatever the number of items, and cards and pagers link as MkDocs links
(`addresses.href`). Generated pages carry `search: {exclude: true}` (Material's own
convention): listings are not search results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import urlencode

from ..addresses import href
from ..catalogue import KIND_ORDER, Catalogue, Entry
from ..models import Policy, Practice, Research, School
from ..opendata.common import policy_downloads_html
from ..opendata.feedlinks import subscribe_html
from ..search.records import SCHOOL_CONTEXT, TYPE_LABELS, school_context
from .templating import stage_and_evidence
from .text import day, impact_text, plural

KIND_TITLES = {"practice": "Practice", "research": "Research", "policies": "Policies"}
# What one item of each kind is called in running text: (singular, plural).
KIND_NOUNS = {
    "practice": ("practice write-up", "practice write-ups"),
    "research": ("research summary", "research summaries"),
    "policies": ("policy", "policies"),
}
KIND_INTROS = {
    "practice": "Write-ups of what teachers in our schools have tried, how it went and what "
    "they would change. Each one links to the research it draws on.",
    "research": "Summaries of research evidence, each checked by a school's Research Champion, "
    "with the strength of the evidence on the 0-5 padlock scale of the EEF Teaching and "
    "Learning Toolkit. The research register shows when each is next due for re-checking.",
    "policies": "Our policies, with who approved them and when they are next reviewed. "
    "The policy register shows them all in one sortable table.",
}
KIND_DESCRIPTIONS = {
    "practice": "What teachers in our schools have tried, how it went and what they would change.",
    "research": "Research evidence summarised and checked by our Research Champions.",
    "policies": "Our policies, who approved them and when they are next reviewed.",
}
REGISTER = "policy-register.md"
START = "start.md"  # site/start.py: drafts of each type of page
RESEARCH_REGISTER = "research-register.md"
DESK = "champions-desk.md"  # the research champions' desk (site/desk.py)
EXPLORE = "explore.md"
# A school's public record, by its URN (the DfE's Get Information about Schools).
GIAS_URL = "https://get-information-schools.service.gov.uk/Establishments/Establishment/Details/"
# Listings stay small whatever the number of items (a 5,000-item trust would otherwise get
# 1 MB index pages): a type's index is split into pages of LISTING_PAGE_SIZE cards, and a
# theme or school page shows the newest SECTION_LIMIT of each type, with a link to all of
# them on Explore. Every item stays reachable without JavaScript through its type's index.
LISTING_PAGE_SIZE = 50
SECTION_LIMIT = 12
PAGE_ID = r"page-[0-9]+"  # ids of a type's index pages after the first: reserved for them


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str
    title: str  # plain text; escaped when written out
    body: str  # HTML
    template: str = ""
    description: str = ""  # plain text; escaped when written out
    hide: tuple[str, ...] = ()
    # Values the page's template prints (`page.meta.op`): plain text, which the template
    # escapes with `| e`, or HTML made here, in keys ending `_html` (printed with `| safe`).
    values: dict[str, Any] = field(default_factory=dict)


def _html(block: str) -> str:
    return f"{block}\n"


def _p(text_html: str) -> str:
    return f"<p>{text_html}</p>\n"


def _nothing(text: str) -> str:
    return f"<p><em>{escape(text, quote=False)}</em></p>\n"


def generated_pages(catalogue: Catalogue,
                    page_size: int = LISTING_PAGE_SIZE) -> list[GeneratedPage]:
    pages = [page for kind in KIND_ORDER for page in kind_index(catalogue, kind, page_size)]
    pages.append(themes_index(catalogue))
    pages += [theme_page(catalogue, theme_id, groups)
              for theme_id, groups in catalogue.by_theme().items()]
    pages.append(schools_index(catalogue))
    pages += [school_page(catalogue, school_id, groups)
              for school_id, groups in catalogue.by_school().items()]
    pages.append(policy_register(catalogue))
    return pages  # the research register and the champions' desk: site/desk.py


def _facts(entry: Entry, catalogue: Catalogue) -> list[str]:
    """The short facts under a listed item's title, most useful first (plain text)."""
    model = entry.model
    facts: list[str] = []
    if isinstance(model, Practice):
        facts.append(", ".join(catalogue.school_name(s) for s in model.schools))
        facts.append(stage_and_evidence(model.stage, catalogue.strongest_evidence(entry)))
    elif isinstance(model, Research):
        facts.append(f"Evidence {model.evidence_strength}/5")
        if model.impact_months is not None:
            facts.append(impact_text(model.impact_months))
    elif isinstance(model, Policy):
        facts.append(f"Version {model.version}")
        facts.append("All schools" if model.applies_to_trust else
                     ", ".join(catalogue.school_name(s) for s in model.applies_to))
    if model.phases:
        facts.append(", ".join(catalogue.term_label("phases", p) for p in model.phases))
    facts.append(day(model.last_changed))
    return facts


def card(target_src: str, from_src: str, title: str, meta_html: str,
         summary: str | None = None) -> str:
    """One card of a listing (HTML): the linked title, short facts and a summary."""
    summary_html = (f'\n  <span class="op-card__summary">{escape(summary, quote=False)}</span>'
                    if summary else "")
    return (f'<li><a class="op-card__title" href="{escape(href(target_src, from_src))}">'
            f'{escape(title, quote=False)}</a>\n'
            f'  <span class="op-card__meta">{meta_html}</span>{summary_html}</li>')


def item_line(entry: Entry, catalogue: Catalogue, from_src: str, *, show_kind: bool = False) -> str:
    """An item's card: its title, short facts, and summary."""
    model = entry.model
    meta = " · ".join(escape(f, quote=False) for f in _facts(entry, catalogue) if f)
    if show_kind:
        meta = (f'<span class="op-kind op-kind--{entry.kind}">{TYPE_LABELS[entry.kind]}</span> '
                + meta)
    if isinstance(model, Policy):
        status = model.review_status(catalogue.today)
        meta += (f' · <span class="op-review op-review--{status.value}">'
                 f"Review {status.label.lower()}</span>")
    return card(entry.src_path, from_src, model.title, meta, model.summary)


def _styled(html: str, css: str) -> str:
    """A paragraph with a class, as an HTML block (its text escaped, its links `_a`)."""
    return _html(f'<p class="{css}">{html}</p>')


def _a(text: str, target_src: str, from_src: str, query: str = "") -> str:
    """A link written as MkDocs would write it (see `cards`)."""
    url = href(target_src, from_src) + (f"?{query}" if query else "")
    return f'<a href="{escape(url)}">{escape(text, quote=False)}</a>'


def card_list(lines: list[str], *, grid: bool = False) -> str:
    """Cards in the one block that styles them (`grid`: several cards a row on wide screens,
    for short cards such as themes and schools)."""
    css = "op-cards op-cards--grid" if grid else "op-cards"
    return f'<div class="{css}">\n<ul>\n' + "\n".join(lines) + "\n</ul>\n</div>"


def cards(lines: list[str], *, grid: bool = False) -> str:
    """`card_list` as an HTML block of a generated page."""
    return _html(card_list(lines, grid=grid))


def _newest_first(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.model.last_changed, e.id), reverse=True)


def _explore_hint(from_src: str) -> str:
    return (f"To narrow it down by phase, subject, theme or school, use "
            f"{_a('Explore', EXPLORE, from_src)}.")


def _intro(kind: str, src: str) -> str:
    text = escape(KIND_INTROS[kind], quote=False)
    if kind == "policies":
        text = text.replace("The policy register", f"The {_a('policy register', REGISTER, src)}")
    if kind == "research":
        text = text.replace("The research register",
                            f"The {_a('research register', RESEARCH_REGISTER, src)}")
    return _p(text)


def index_src(kind: str, number: int) -> str:
    """The source path of page `number` (from 1) of a type's index."""
    return f"{kind}/index.md" if number == 1 else f"{kind}/page-{number}.md"


def kind_index(catalogue: Catalogue, kind: str,
               size: int = LISTING_PAGE_SIZE) -> list[GeneratedPage]:
    """A type's index: every item, newest first, `size` to a page."""
    entries = _newest_first(catalogue.of_kind(kind))
    chunks = [entries[i:i + size] for i in range(0, len(entries), size)] or [[]]
    one, many = KIND_NOUNS[kind]
    pages = []
    for number, chunk in enumerate(chunks, 1):
        src = index_src(kind, number)
        first = (number - 1) * size + 1
        where = (f" Page {number} of {len(chunks)}: {first} to {first + len(chunk) - 1}."
                 if len(chunks) > 1 else "")
        body = ((_intro(kind, src) if number == 1 else "")
                + _styled(f"{plural(len(entries), one, many)}, most recently updated first."
                          f"{where} {_explore_hint(src)}", "op-count")
                + subscribe_html(f"{kind}/", src, f"Subscribe to new {many}")
                + _pager(kind, number, len(chunks), src, "Pages of")
                + (cards([item_line(e, catalogue, src) for e in chunk]) if chunk
                   else _nothing("Nothing published yet."))
                + _pager(kind, number, len(chunks), src, "More pages of"))
        title = KIND_TITLES[kind] + (f" (page {number} of {len(chunks)})" if number > 1 else "")
        pages.append(GeneratedPage(src, title, body, description=KIND_DESCRIPTIONS[kind]))
    return pages


def _pager(kind: str, current: int, count: int, src: str, label: str) -> str:
    """Links to the other pages of a type's index: previous, next, the first and last, and
    the two either side of this one ("..." between). `label` starts the landmark's name,
    which must differ between the pager above the list and the one below."""
    if count < 2:
        return ""
    shown = sorted({1, count, *range(max(1, current - 2), min(count, current + 2) + 1)})
    def to(number: int, text: str) -> str:
        return f'<a href="{href(index_src(kind, number), src)}">{text}</a>'

    items = []
    if current > 1:
        items.append(to(current - 1, "Previous page"))
    last = 0
    for number in shown:
        if number > last + 1:
            items.append('<span aria-hidden="true">…</span>')
        items.append(f'<span aria-current="page">Page {number}</span>' if number == current
                     else to(number, f"Page {number}"))
        last = number
    if current < count:
        items.append(to(current + 1, "Next page"))
    return _html(f'<nav aria-label="{label} {KIND_TITLES[kind].lower()}" class="op-pager">\n<ul>\n'
                 + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>\n</nav>")


def _count_line(groups: dict[str, list[Entry]]) -> str:
    parts = [plural(len(groups[kind]), *KIND_NOUNS[kind]) for kind in KIND_ORDER if groups[kind]]
    return " · ".join(parts) or "Nothing published yet"


def _grouped(groups: dict[str, list[Entry]], catalogue: Catalogue, src: str, empty: str,
             facet: tuple[str, str]) -> str:
    """A theme's or school's items by type, the newest SECTION_LIMIT of each; `facet` is the
    Explore filter (key, value) that lists all of them."""
    if not any(groups.values()):
        return _nothing(empty)
    parts = []
    for kind in KIND_ORDER:
        entries = _newest_first(groups[kind])
        if not entries:  # an empty section is noise: the count line already says "0"
            continue
        part = (f"<h2>{KIND_TITLES[kind]} ({len(entries)})</h2>\n"
                + cards([item_line(e, catalogue, src) for e in entries[:SECTION_LIMIT]]))
        if len(entries) > SECTION_LIMIT:
            query = urlencode([("type", TYPE_LABELS[kind]), facet])
            see_all = f"See all {plural(len(entries), *KIND_NOUNS[kind])}"
            part += _styled(f"The newest {SECTION_LIMIT} are shown. "
                            f"{_a(see_all, EXPLORE, src, query)} on Explore, or browse every "
                            f"{KIND_NOUNS[kind][0]} in "
                            f"{_a(KIND_TITLES[kind], index_src(kind, 1), src)}.", "op-more")
        parts.append(part)
    return "\n".join(parts)


def themes_index(catalogue: Catalogue) -> GeneratedPage:
    src = "themes/index.md"
    by_theme = catalogue.by_theme()
    lines = []
    for term in catalogue.taxonomy.themes:
        lines.append(card(f"themes/{term.id}.md", src, term.label,
                          escape(_count_line(by_theme[term.id]), quote=False), term.description))
    intro = _p("Every write-up, research summary and policy is tagged with one or more themes "
               "from the trust's shared vocabulary. Pick a theme to see everything on it.")
    return GeneratedPage(src, "Themes", intro + cards(lines, grid=True),
                         description="Everything on this site, by theme.")


def theme_page(catalogue: Catalogue, theme_id: str, groups: dict[str, list[Entry]]) -> GeneratedPage:
    term = catalogue.terms("themes")[theme_id]
    src = f"themes/{theme_id}.md"
    intro = _p(escape(term.description, quote=False)) if term.description else ""
    if term.synonyms:
        intro += _styled(f"Also known as: {escape(', '.join(term.synonyms), quote=False)}.",
                         "op-aka")
    intro += _styled(escape(_count_line(groups), quote=False), "op-count")
    intro += subscribe_html(f"themes/{theme_id}/", src, f"Subscribe to {term.label}")
    return GeneratedPage(
        src, term.label, intro + _grouped(groups, catalogue, src, "Nothing on this theme yet.",
                                        ("theme", term.label)),
        description=term.description or f"Practice, research and policies on {term.label}.")


def _school_facts(catalogue: Catalogue, school: School) -> list[str]:
    facts = [catalogue.term_label("phases", school.phase)]
    if school.age_range:
        facts.append(f"ages {school.age_range}")
    if school.pupils is not None:
        facts.append(plural(school.pupils, "pupil", "pupils"))
    if school.local_authority:
        facts.append(school.local_authority)
    return facts


def percent(value: float) -> str:
    """34.0 -> '34%', 12.25 -> '12.3%'."""
    return f"{round(value, 1):g}%"


# School context: (field, what the school page calls it), in the order it shows them.
CONTEXT_FACTS = (
    ("age_range", "Age range"), ("pupils", "Pupils on roll"),
    ("disadvantaged_percent", "Disadvantaged pupils"), ("send_percent", "Pupils with SEND"),
    ("eal_percent", "Pupils with EAL"),
)


def _context_rows(school: School) -> list[tuple[str, str]]:
    rows = []
    for field_name, label in CONTEXT_FACTS:
        value = getattr(school, field_name)
        if value is None:
            continue
        if field_name == "pupils":
            rows.append((label, f"{value:,}"))
        elif field_name == "age_range":
            rows.append((label, str(value)))
        else:
            rows.append((label, percent(value)))
    return rows


def _schools_like(school: School, src: str) -> str:
    """Links to Explore filtered by each of the school's context bands."""
    bands = school_context(school)
    if not bands:
        return ""
    links = []
    for context in SCHOOL_CONTEXT:
        band = bands.get(context.key)
        if band is None:
            continue
        words = band[0].lower() + band[1:]
        if context.key != "size":  # its bands already say "pupils"
            words += " " + context.legend.removeprefix("School: ")
        links.append(_a(words, EXPLORE, src, urlencode([(context.key, band)])))
    listed = ", ".join(links[:-1]) + " or " + links[-1] if len(links) > 1 else links[0]
    return _styled(f"Schools like this one, on Explore: everything from schools with "
                   f"{listed}.", "op-like")


def schools_index(catalogue: Catalogue) -> GeneratedPage:
    src = "schools/index.md"
    by_school = catalogue.by_school()
    lines = []
    for school in catalogue.schools.values():
        facts = " · ".join(_school_facts(catalogue, school))
        lines.append(card(f"schools/{school.id}.md", src, school.name,
                          escape(facts, quote=False), _count_line(by_school[school.id])))
    intro = _p("The schools of the trust and what each has shared. A school's page also lists "
               "every trust-wide policy that applies to it.")
    return GeneratedPage(src, "Schools", intro + cards(lines, grid=True),
                         description="The schools of the trust and what each has shared.")


def school_page(catalogue: Catalogue, school_id: str, groups: dict[str, list[Entry]]) -> GeneratedPage:
    school = catalogue.schools[school_id]
    src = f"schools/{school_id}.md"
    profile = [("Phase", catalogue.term_label("phases", school.phase))]
    if school.local_authority:
        profile.append(("Local authority", school.local_authority))
    if school.research_champion:
        profile.append(("Research Champion", school.research_champion))
    profile += _context_rows(school)
    rows = "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in profile)
    if school.contact:
        contact = escape(school.contact)
        rows += ("<div><dt>Contact</dt><dd>"
                 + (f'<a href="mailto:{contact}">{contact}</a>' if "@" in school.contact
                    else contact) + "</dd></div>")
    if school.urn:
        urn = escape(school.urn)
        rows += (f'<div><dt>URN</dt><dd><a href="{escape(GIAS_URL + school.urn)}">{urn}</a> '
                 "(Get Information about Schools)</dd></div>")
    if school.website:
        url = escape(school.website)
        rows += f'<div><dt>Website</dt><dd><a href="{url}">{url}</a></dd></div>'
    note = ""
    if school.illustrative:
        note = _html('<p class="op-notice" role="note"><strong>Illustrative figures.</strong> '
                     "This is a sample school: its figures are made up to show how the site "
                     "works and describe no real school.</p>")
    like = _schools_like(school, src) if any(groups.values()) else ""
    body = (note + _html(f'<dl class="op-facts">{rows}</dl>') + like
            + _styled(escape(_count_line(groups), quote=False), "op-count")
            + subscribe_html(f"schools/{school_id}/", src, f"Subscribe to {school.name}")
            + _grouped(groups, catalogue, src, "Nothing shared by this school yet.",
                       ("school", school.name)))
    return GeneratedPage(src, school.name, body,
                         description=f"Practice, research and policies from {school.name}.")


def policy_register(catalogue: Catalogue) -> GeneratedPage:
    bodies = catalogue.terms("approval_bodies")
    headings = ("Policy", "Version", "Approved by", "Approved on",
                '<span data-sorted="ascending">Next review</span>', "Statutory", "Status")
    rows = []
    order = {"overdue": 0, "due-soon": 1, "current": 2}
    register = catalogue.policy_register()
    for row in register:
        policy = row.policy
        body = bodies.get(policy.approved_by)
        cells = (
            f'<a href="{escape(href(row.entry.src_path, REGISTER))}">'
            f"{escape(policy.title, quote=False)}</a> {policy_downloads_html(row.entry, REGISTER)}",
            escape(policy.version, quote=False),
            escape(body.label if body else policy.approved_by, quote=False),
            f'<time datetime="{policy.approved_on.isoformat()}">{day(policy.approved_on)}</time>',
            f'<time datetime="{row.next_review.isoformat()}">{day(row.next_review)}</time>',
            "Yes" if policy.statutory else "No",
            f'<span class="op-review op-review--{row.status.value}" '
            f'data-sort="{order[row.status.value]}">{row.status.label}</span>',
        )
        rows.append(_table_row("td", cells))
    counts = {s: sum(1 for r in register if r.status.value == s) for s in order}
    intro = (_p(f"Every published policy, soonest review first. Review status is worked out on "
                f"the day the site was built ({day(catalogue.today)}): <strong>due soon</strong> "
                f"means within 60 days. Select a column heading to sort by it.")
             + _styled(f"{plural(sum(counts.values()), 'policy', 'policies')}: "
                       f"{counts['overdue']} overdue, {counts['due-soon']} due soon, "
                       f"{counts['current']} current.", "op-count"))
    table = _html(f"<table>\n<thead>\n{_table_row('th', headings)}\n</thead>\n<tbody>\n"
                  + "\n".join(rows) + "\n</tbody>\n</table>") if rows else _nothing("No policies published yet.")
    return GeneratedPage(REGISTER, "Policy register", intro + table, template="op-register.html",
                         description="Every policy with its version, approval and next review.",
                         hide=("navigation", "toc"))  # the table needs the width


def _table_row(cell: str, cells: Iterable[str], *, scope: str = "",
               header_first: bool = False) -> str:
    """A table row of `cell` elements (`scope` on each, for header rows); `header_first`:
    the first cell is the row's header (<th scope="row">)."""
    attr = f' scope="{scope}"' if scope else ""
    parts = []
    for i, c in enumerate(cells):
        tag, tag_attr = ("th", ' scope="row"') if header_first and i == 0 else (cell, attr)
        parts.append(f"<{tag}{tag_attr}>{c}</{tag}>\n")
    return "<tr>\n" + "".join(parts) + "</tr>"


def generated_srcs(catalogue: Catalogue, page_size: int = LISTING_PAGE_SIZE) -> set[str]:
    """The source paths of every page the build generates (`generated_pages`, the home and
    Explore pages), without making them: for checking links and addresses."""
    srcs = {"index.md", EXPLORE, REGISTER, RESEARCH_REGISTER, DESK, START, "themes/index.md",
            "schools/index.md"}
    for kind in KIND_ORDER:
        count = max(1, -(-len(catalogue.of_kind(kind)) // page_size))
        srcs |= {index_src(kind, number) for number in range(1, count + 1)}
    srcs |= {f"themes/{t.id}.md" for t in catalogue.taxonomy.themes}
    srcs |= {f"schools/{s}.md" for s in catalogue.schools}
    return srcs
