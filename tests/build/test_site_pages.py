"""The built site's pages, read as HTML: item pages carry their metadata, listings link to
exactly the right items, backlinks and evidence badges are right, and contributed text is
escaped wherever it lands.

Every expectation is computed from the catalogue (`validate_project`), never hard-coded, so
the tests keep working while content is added.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from openpractice.catalogue import Catalogue, Entry
from openpractice.models import Policy, Practice, Research
from openpractice.site.templating import STAGES, evidence_label
from openpractice.validate import validate_project

from ..support import Build, build, pagefind_fragments

pytestmark = pytest.mark.build

TODAY = date(2026, 11, 22)
MAX_ITEM_PAGE_BYTES = 40_000


# --------------------------------------------------------------------------- a tiny DOM

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None,
                 **attrs: str) -> list[Node]:
        return [n for n in self.iter()
                if (tag is None or n.tag == tag)
                and (cls is None or cls in n.attrs.get("class", "").split())
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def one(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert len(found) == 1, f"expected one <{tag} class={cls} {attrs}>, found {len(found)}"
        return found[0]

    @property
    def raw_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.raw_text for c in self.children)

    @property
    def text(self) -> str:
        return " ".join(self.raw_text.split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def page(site: Build, url: str) -> Node:
    """The parsed page at a site-relative directory URL such as 'practice/x/'."""
    return parse(site.html(url + "index.html"))


def resolve(page_url: str, href: str) -> str:
    """A link on the page at `page_url` as a site-relative directory URL ('' = home)."""
    href = href.split("#")[0]
    if re.match(r"^[a-z]+:", href):
        return href
    path = posixpath.normpath(posixpath.join(page_url, href))
    return "" if path == "." else path.strip("/") + "/"


def hrefs(node: Node, page_url: str) -> list[str]:
    return [resolve(page_url, a.attrs["href"]) for a in node.find_all("a") if "href" in a.attrs]


def item_urls(node: Node, page_url: str) -> list[str]:
    """Links to item pages (practice/x/, research/x/, policies/x/) inside `node`, in order."""
    return [u for u in hrefs(node, page_url)
            if re.fullmatch(r"(practice|research|policies)/[a-z0-9-]+/", u)]


def fact(root: Node, label: str) -> Node:
    """The <dd> of the fact labelled `label` in a page's facts list."""
    for group in root.find_all("div"):
        dts = [c for c in group.children if isinstance(c, Node) and c.tag == "dt"]
        if dts and dts[0].text == label:
            return group.one("dd")
    raise AssertionError(f"no fact labelled {label!r}")


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def catalogue(sample_build: Build) -> Catalogue:
    result = validate_project(sample_build.project, today=TODAY)
    assert not result.errors and result.catalogue is not None
    return result.catalogue


def _label(catalogue: Catalogue, vocabulary: str, term_id: str) -> str:
    term = catalogue.term(vocabulary, term_id)
    assert term is not None
    return term.label


def _day(value: date) -> str:
    return f"{value.day} {value.strftime('%B %Y')}"


def _schools_of(catalogue: Catalogue, entry: Entry) -> set[str]:
    model = entry.model
    if isinstance(model, Policy):
        return set(catalogue.schools) if model.applies_to == "trust" else set(model.applies_to)
    return set(model.schools)


# --------------------------------------------------------------------------- item pages

def test_every_published_item_has_its_page_with_title_summary_and_byline(
    sample_build: Build, catalogue: Catalogue,
) -> None:
    assert len(catalogue) > 0
    for entry in catalogue:
        model = entry.model
        root = page(sample_build, entry.url)
        body = root.one("article", "md-content__inner")
        assert body.one("h1").text == " ".join(model.title.split()), entry.url
        assert body.one("p", "op-lede").text == " ".join(model.summary.split())
        byline = body.one("p", "op-byline")
        for author in model.authors:
            assert author.name in byline.text
            if author.role:
                assert author.role in byline.text
        times = {t.attrs["datetime"] for t in byline.find_all("time")}
        assert model.date.isoformat() in times
        if model.updated:
            assert model.updated.isoformat() in times
        # the themes link to their theme pages, in the item's order
        chips = body.one("ul", "op-chips")
        assert hrefs(chips, entry.url) == [f"themes/{t}/" for t in model.themes]
        assert [a.text for a in chips.find_all("a")] == [
            _label(catalogue, "themes", t) for t in model.themes]
        # the licence and a credit line
        reuse = body.one("aside", "op-reuse")
        assert model.license and model.license in reuse.text


def test_practice_pages_show_schools_phases_stage_and_contact(
    sample_build: Build, catalogue: Catalogue,
) -> None:
    for entry in catalogue.of_kind("practice"):
        model = entry.model
        assert isinstance(model, Practice)
        root = page(sample_build, entry.url)
        schools = fact(root, "Schools" if len(model.schools) > 1 else "School")
        assert hrefs(schools, entry.url) == [f"schools/{s}/" for s in model.schools]
        assert [a.text for a in schools.find_all("a")] == [
            catalogue.schools[s].name for s in model.schools]
        if model.phases:
            assert fact(root, "Phase").text == ", ".join(
                _label(catalogue, "phases", p) for p in model.phases)
        if model.subjects:
            assert fact(root, "Subject").text == ", ".join(
                _label(catalogue, "subjects", s) for s in model.subjects)
        if model.pupil_groups:
            assert fact(root, "Pupil groups").text == ", ".join(
                _label(catalogue, "pupil_groups", g) for g in model.pupil_groups)
        assert fact(root, "Stage").text.startswith(STAGES[model.stage][0])
        if model.contact:
            assert model.contact in root.one("aside", "op-reuse").text


def test_practice_pages_list_the_research_they_draw_on_with_badges(
    sample_build: Build, catalogue: Catalogue,
) -> None:
    citing = [e for e in catalogue.of_kind("practice")
              if isinstance(e.model, Practice) and e.model.evidence]
    assert citing, "the sample should have practice that cites research"
    for entry in catalogue.of_kind("practice"):
        assert isinstance(entry.model, Practice)
        root = page(sample_build, entry.url)
        (section,) = root.find_all("section", aria_labelledby="op-cited")
        assert section.one("h2").text == "Research this draws on"
        if not entry.model.evidence:  # a note says so, never an empty section
            assert section.find_all("li") == []
            assert section.one("p", "op-no-research").text.startswith("No research linked yet.")
            continue
        items = section.find_all("li")
        assert [item_urls(li, entry.url) for li in items] == [
            [f"research/{r}/"] for r in entry.model.evidence]
        for li, ref in zip(items, entry.model.evidence, strict=True):
            research = catalogue.get("research", ref)
            assert research is not None and isinstance(research.model, Research)
            _assert_badge(li.one("span", "op-evidence"), research.model)


def _assert_badge(badge: Node, research: Research) -> None:
    """Screen readers get one full sentence; the visual parts are hidden from them, and
    strength and impact are in words, not only padlocks or colour."""
    assert badge.one("span", "op-sr").text == evidence_label(research)
    assert f"{research.evidence_strength} out of 5" in evidence_label(research)
    locks = badge.one("span", "op-evidence__locks")
    assert locks.attrs.get("aria-hidden") == "true"
    assert len(locks.find_all("span", "op-lock")) == 5
    assert len(locks.find_all("span", "op-lock--on")) == research.evidence_strength
    words = badge.one("span", "op-evidence__words")
    assert words.attrs.get("aria-hidden") == "true"
    assert words.text.startswith(f"{research.evidence_strength}/5 ")
    impact = badge.one("span", "op-evidence__impact").text
    if research.impact_months is None:
        assert impact == "impact not stated"
    elif research.impact_months:
        assert impact == f"{'+' if research.impact_months > 0 else '−'}" \
                         f"{abs(research.impact_months)} month" \
                         f"{'' if abs(research.impact_months) == 1 else 's'}"


def test_research_pages_show_badge_source_review_and_backlinks(
    sample_build: Build, catalogue: Catalogue,
) -> None:
    expected_backlinks: dict[str, list[str]] = {}
    for practice in catalogue.of_kind("practice"):
        assert isinstance(practice.model, Practice)
        for ref in practice.model.evidence:
            expected_backlinks.setdefault(ref, []).append(practice.url)
    assert expected_backlinks, "the sample should have research that practice cites"

    for entry in catalogue.of_kind("research"):
        model = entry.model
        assert isinstance(model, Research)
        root = page(sample_build, entry.url)
        _assert_badge(root.one("div", "op-evidence-panel").one("span", "op-evidence"), model)

        source = fact(root, "Summary of")
        assert source.one("cite").text == " ".join(model.source.title.split())
        assert str(model.source.year) in source.text
        for author in model.source.authors:
            assert author in source.text
        if model.source.publisher:
            assert model.source.publisher in source.text
        links = [a.attrs["href"] for a in source.find_all("a")]
        expected = []
        if model.source.doi:
            expected.append("https://doi.org/" + quote(model.source.doi, safe="/:;()._-"))
        if model.source.url:
            expected.append(model.source.url)
        assert links == expected

        reviewed = fact(root, "Checked by")
        assert model.reviewed_by in reviewed.text
        assert reviewed.one("time").attrs["datetime"] == model.reviewed_on.isoformat()

        section = root.one("section", aria_labelledby="op-backlinks")
        assert sorted(item_urls(section, entry.url)) == sorted(
            expected_backlinks.get(entry.id, []))


def test_policy_pages_show_governance_and_review_status(
    sample_build: Build, catalogue: Catalogue,
) -> None:
    seen_statuses = set()
    for entry in catalogue.of_kind("policies"):
        model = entry.model
        assert isinstance(model, Policy)
        root = page(sample_build, entry.url)
        assert fact(root, "Version").text == model.version
        assert fact(root, "Owner").text == model.owner
        approved = fact(root, "Approved by")
        assert approved.text.startswith(_label(catalogue, "approval_bodies", model.approved_by))
        assert approved.one("time").attrs["datetime"] == model.approved_on.isoformat()
        assert fact(root, "Next review").one("time").attrs["datetime"] == \
            model.next_review_date.isoformat()
        assert fact(root, "Statutory").text.startswith("Yes" if model.statutory else "No")

        status = model.review_status(TODAY)
        seen_statuses.add(status)
        badge = fact(root, "Review status").one("span", "op-review")
        assert f"op-review--{status.value}" in badge.attrs["class"]
        assert badge.text == status.label  # words, not colour alone

        applies = fact(root, "Applies to")
        if model.applies_to == "trust":
            assert applies.text == "All schools in the trust"
        else:
            assert hrefs(applies, entry.url) == [f"schools/{s}/" for s in model.applies_to]
    assert len(seen_statuses) >= 2, "the sample should show more than one review status"


def test_item_pages_stay_small(sample_build: Build, catalogue: Catalogue) -> None:
    sizes = {e.url: len((sample_build.site / e.url / "index.html").read_bytes())
             for e in catalogue}
    too_big = {url: size for url, size in sizes.items() if size > MAX_ITEM_PAGE_BYTES}
    assert not too_big


# --------------------------------------------------------------------------- listings

def test_type_indexes_list_exactly_their_items_newest_first(
    sample_build: Build, catalogue: Catalogue,
) -> None:
    for kind in ("practice", "research", "policies"):
        url = f"{kind}/"
        root = page(sample_build, url)
        expected = sorted(catalogue.of_kind(kind),
                          key=lambda e: (e.model.last_changed, e.id), reverse=True)
        listed = [u for cards in root.find_all("div", "op-cards") for u in item_urls(cards, url)]
        assert listed == [e.url for e in expected]
        for entry in expected:  # each card shows the summary as text
            assert " ".join(entry.model.summary.split()) in root.text


def test_theme_pages_link_to_exactly_the_items_with_that_theme(
    sample_build: Build, catalogue: Catalogue,
) -> None:
    index = page(sample_build, "themes/")
    assert sorted(u for u in hrefs(index.one("div", "op-cards"), "themes/")) == sorted(
        f"themes/{t.id}/" for t in catalogue.taxonomy.themes)
    non_empty = 0
    for term in catalogue.taxonomy.themes:
        url = f"themes/{term.id}/"
        root = page(sample_build, url)
        assert root.one("h1").text == term.label
        # an item on a narrower theme (`broader` in taxonomy.yml) is listed here too
        expected = {e.url for e in catalogue
                    if term.id in catalogue.with_wider("themes", e.model.themes)}
        listed = item_urls(root.one("article"), url)
        assert len(listed) == len(set(listed)), f"{url} lists an item twice"
        assert set(listed) == expected, url
        non_empty += bool(expected)
    assert non_empty > 0


def test_school_pages_link_to_exactly_the_items_for_that_school(
    sample_build: Build, catalogue: Catalogue,
) -> None:
    index = page(sample_build, "schools/")
    assert sorted(hrefs(index.one("div", "op-cards"), "schools/")) == sorted(
        f"schools/{s}/" for s in catalogue.schools)
    for school_id, school in catalogue.schools.items():
        url = f"schools/{school_id}/"
        root = page(sample_build, url)
        assert root.one("h1").text == school.name
        expected = {e.url for e in catalogue if school_id in _schools_of(catalogue, e)}
        listed = item_urls(root.one("article"), url)
        assert len(listed) == len(set(listed)), f"{url} lists an item twice"
        assert set(listed) == expected, url


def test_policy_register_lists_every_policy_soonest_review_first(
    sample_build: Build, catalogue: Catalogue,
) -> None:
    url = "policy-register/"
    root = page(sample_build, url)
    register = root.one("div", "op-register")
    table = register.one("table")
    headers = [th.text for th in table.find_all("th")]
    assert headers == ["Policy", "Version", "Approved by", "Approved on", "Next review",
                       "Statutory", "Status"]
    policies = [e for e in catalogue.of_kind("policies") if isinstance(e.model, Policy)]
    expected = sorted(policies, key=lambda e: (e.model.next_review_date, e.id))  # type: ignore[attr-defined]
    rows = table.one("tbody").find_all("tr")
    assert [item_urls(row, url) for row in rows] == [[e.url] for e in expected]
    for row, entry in zip(rows, expected, strict=True):
        model = entry.model
        assert isinstance(model, Policy)
        cells = row.find_all("td")
        assert cells[1].text == model.version
        assert cells[4].one("time").attrs["datetime"] == model.next_review_date.isoformat()
        assert cells[5].text == ("Yes" if model.statutory else "No")
        status = model.review_status(TODAY)
        assert cells[6].text == status.label
        assert f"op-review--{status.value}" in cells[6].one("span").attrs["class"]
    # the initial sort is marked for register.js, which the page loads
    assert table.one("span", data_sorted="ascending").text == "Next review"
    assert any(s.attrs.get("src", "").endswith("assets/javascripts/register.js")
               for s in root.find_all("script"))


def test_listings_and_home_are_not_search_results_but_content_pages_are(
    sample_build: Build, catalogue: Catalogue,
) -> None:
    listings = ["", "practice/", "research/", "policies/", "themes/", "schools/",
                "policy-register/"]
    listings += [f"themes/{t.id}/" for t in catalogue.taxonomy.themes]
    listings += [f"schools/{s}/" for s in catalogue.schools]
    fragments = pagefind_fragments(sample_build.site)
    assert not {"/" + url for url in listings} & set(fragments)
    for url in ["about/", "contributing/", *(e.url for e in catalogue)]:
        title = page(sample_build, url).one("h1").text
        assert fragments["/" + url]["meta"]["title"] == title, url
        assert fragments["/" + url]["content"].startswith(title), url


def test_the_home_page_shows_counts_and_the_newest_items(
    sample_build: Build, catalogue: Catalogue,
) -> None:
    root = page(sample_build, "")
    tiles = root.one("ul", "op-tiles")
    counts = {resolve("", a.attrs["href"]): a.one("strong").text for a in tiles.find_all("a")}
    assert counts == {
        "practice/": str(len(catalogue.of_kind("practice"))),
        "research/": str(len(catalogue.of_kind("research"))),
        "policies/": str(len(catalogue.of_kind("policies"))),
        "themes/": str(len(catalogue.taxonomy.themes)),
        "schools/": str(len(catalogue.schools)),
    }
    newest = item_urls(root.one("div", "op-cards"), "")
    assert newest == [e.url for e in catalogue.newest(6)]


def test_item_pages_have_breadcrumbs_to_their_listing(
    sample_build: Build, catalogue: Catalogue,
) -> None:
    for entry in catalogue:
        crumbs = page(sample_build, entry.url).one("nav", "op-path")
        assert hrefs(crumbs, entry.url) == ["", f"{entry.kind}/"]


# --------------------------------------------------------------------------- escaping

HOSTILE_TITLE = 'Reading <img src=x onerror=alert(1)> & "q" {{ 7*7 }}'
HOSTILE_SUMMARY = ('A summary that tries "><svg onload=alert(2)> and <script>alert(3)</script> '
                   "to break out of its attribute.")
HOSTILE_AUTHOR = "<b onmouseover=alert(4)>Sam</b>"
HOSTILE_ROLE = "</span><script>alert(5)</script>"
HOSTILE_CONTACT = "Head of <i onclick=alert(6)>English</i>"
HOSTILE_SCHOOL = "Brookside <script>alert(7)</script> Primary"
HOSTILE_THEME = 'Reading <em onfocus="alert(8)">now</em>'
HOSTILE_SOURCE = "<iframe src=javascript:alert(9)></iframe>"
HOSTILE_DOI = '10.1234/"><img/src=z/onerror=alert(10)>'
HOSTILE_URL = 'https://example.org/"><script>alert(11)</script>'
HOSTILE_REVIEWER = "<u onclick=alert(12)>Dr X</u>"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _yaml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _set(text: str, key: str, value: str) -> str:
    """Replace the first `key: ...` line of a front-matter block with a quoted value."""
    new, count = re.subn(rf"(?m)^{key}: .*$", lambda _: f"{key}: {_yaml(value)}", text, count=1)
    assert count == 1, key
    return new


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Catalogue]:
    from ..support import copy_project

    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    content = project / "content"
    result = validate_project(project, today=TODAY)
    assert result.catalogue is not None
    practice = next(e for e in result.catalogue.of_kind("practice")
                    if isinstance(e.model, Practice) and e.model.evidence and e.model.contact
                    and any(a.role for a in e.model.authors))
    assert isinstance(practice.model, Practice)
    research_id = practice.model.evidence[0]
    research = result.catalogue.get("research", research_id)
    assert research is not None and isinstance(research.model, Research)
    school_id = practice.model.schools[0]
    theme_id = practice.model.themes[0]
    school = result.catalogue.schools[school_id]
    theme = result.catalogue.taxonomy.terms("themes")[theme_id]
    author = practice.model.authors[0]
    role_author = next(a for a in practice.model.authors if a.role)

    item = content / practice.src_path
    text = item.read_text(encoding="utf-8")
    text = _set(text, "title", HOSTILE_TITLE)
    text = _set(text, "summary", HOSTILE_SUMMARY)
    text = _set(text, "contact", HOSTILE_CONTACT)
    text = re.sub(r"(?m)^updated: .*\n", "", text)  # the newest item, so it is on the home page
    text = re.sub(r"(?m)^(date: .*)$", lambda m: f"{m.group(1)}\nupdated: {TODAY.isoformat()}",
                  text, count=1)
    text = text.replace(f"name: {author.name}", f"name: {_yaml(HOSTILE_AUTHOR)}", 1)
    assert role_author.role
    text = text.replace(f"role: {role_author.role}", f"role: {_yaml(HOSTILE_ROLE)}", 1)
    item.write_text(text, encoding="utf-8")

    summary = content / research.src_path
    text = summary.read_text(encoding="utf-8")
    text = _set(text, "  title", HOSTILE_SOURCE)
    text = re.sub(r"(?m)^  (url|doi): .*\n", "", text)
    text = re.sub(r"(?m)^(  year: .*)$", lambda m: f"{m.group(1)}\n  doi: {_yaml(HOSTILE_DOI)}"
                  f"\n  url: {_yaml(HOSTILE_URL)}", text, count=1)
    text = _set(text, "reviewed_by", HOSTILE_REVIEWER)
    summary.write_text(text, encoding="utf-8")

    _replace(content / "_data/schools.yml", f"name: {school.name}", f"name: {_yaml(HOSTILE_SCHOOL)}")
    _replace(content / "_data/taxonomy.yml", f"label: {theme.label}\n",
             f"label: {_yaml(HOSTILE_THEME)}\n")

    checked = validate_project(project, today=TODAY)
    assert not checked.errors, [p.as_text() for p in checked.errors]
    assert checked.catalogue is not None
    built = build(project)
    assert built.returncode == 0, built.output
    return built, checked.catalogue


def test_hostile_text_reaches_the_html_as_text_never_as_markup(
    hostile_build: tuple[Build, Catalogue],
) -> None:
    site, _ = hostile_build
    for path in site.site.rglob("*.html"):
        root = parse(path.read_text(encoding="utf-8"))
        for node in root.iter():
            handlers = [a for a in node.attrs if a.startswith("on")]
            assert not handlers, f"{path}: <{node.tag} {handlers}>"
            if node.tag == "script" and node.attrs.get("type") in ("application/json",
                                                                  "application/ld+json"):
                assert "<" not in node.raw_text, f"{path}: JSON data must escape '<'"
            elif node.tag in {"script", "iframe", "img", "svg", "em", "u", "b", "i"}:
                found = node.raw_text + " ".join(node.attrs.values())
                assert "alert(" not in found, f"{path}: <{node.tag}> {found[:80]}"


def test_hostile_text_is_shown_exactly_as_written(
    hostile_build: tuple[Build, Catalogue],
) -> None:
    site, catalogue = hostile_build
    practice = next(e for e in catalogue if e.model.title == HOSTILE_TITLE)
    assert isinstance(practice.model, Practice)
    root = page(site, practice.url)
    assert root.one("h1").text == HOSTILE_TITLE  # {{ 7*7 }} is never run
    assert root.one("title").text.startswith(HOSTILE_TITLE)
    assert root.one("meta", name="description").attrs["content"] == HOSTILE_SUMMARY
    assert root.one("p", "op-lede").text == HOSTILE_SUMMARY
    byline = root.one("p", "op-byline").text
    assert HOSTILE_AUTHOR in byline and HOSTILE_ROLE in byline
    assert HOSTILE_CONTACT in root.one("aside", "op-reuse").text
    schools = fact(root, "Schools" if len(practice.model.schools) > 1 else "School")
    assert HOSTILE_SCHOOL in [a.text for a in schools.find_all("a")]
    assert HOSTILE_THEME in [a.text for a in root.one("ul", "op-chips").find_all("a")]

    research = catalogue.get("research", practice.model.evidence[0])
    assert research is not None
    rroot = page(site, research.url)
    source = fact(rroot, "Summary of")
    assert source.one("cite").text == HOSTILE_SOURCE
    links = source.find_all("a")
    assert [a.attrs["href"] for a in links] == [
        "https://doi.org/" + quote(HOSTILE_DOI, safe="/:;()._-"), HOSTILE_URL]
    assert all(set(a.attrs) == {"href"} for a in links)
    assert HOSTILE_REVIEWER in fact(rroot, "Checked by").text

    # listings (generated Markdown), the home page (a macro's output) and generated titles
    home = page(site, "")
    assert home.find_all("a", "op-card__title")[0].text == HOSTILE_TITLE
    listed = page(site, "practice/")
    assert HOSTILE_TITLE in [a.text for a in listed.find_all("a", "op-card__title")]
    assert HOSTILE_SUMMARY in [s.text for s in listed.find_all("span", "op-card__summary")]
    school_id = next(s for s, v in catalogue.schools.items() if v.name == HOSTILE_SCHOOL)
    assert page(site, f"schools/{school_id}/").one("h1").text == HOSTILE_SCHOOL
    assert page(site, f"schools/{school_id}/").one("title").text.startswith(HOSTILE_SCHOOL)
    assert HOSTILE_SCHOOL in [a.text for a in page(site, "schools/").find_all("a")]
    theme_id = practice.model.themes[0]
    assert page(site, f"themes/{theme_id}/").one("h1").text == HOSTILE_THEME


# --------------------------------------------------------------------------- paging

PAGE_SIZE = 5


@pytest.fixture(scope="module")
def paged_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The sample site with `listing_page_size: 5`, so its 12 practice write-ups take 3 pages."""
    from ..support import copy_project

    project = copy_project(tmp_path_factory.mktemp("paged"))
    _replace(project / "mkdocs.yml", "  - openpractice:\n",
             f"  - openpractice:\n      listing_page_size: {PAGE_SIZE}\n")
    result = build(project)
    assert result.returncode == 0, result.output
    return result


def test_a_paged_index_lists_every_item_once_newest_first(
    paged_build: Build, catalogue: Catalogue,
) -> None:
    expected = [e.url for e in sorted(catalogue.of_kind("practice"),
                                      key=lambda e: (e.model.last_changed, e.id), reverse=True)]
    pages = -(-len(expected) // PAGE_SIZE)
    assert pages >= 3, "the sample needs more practice for this test"
    urls = ["practice/"] + [f"practice/page-{n}/" for n in range(2, pages + 1)]
    listed = []
    for number, url in enumerate(urls, 1):
        root = page(paged_build, url)
        listed += [u for cards in root.find_all("div", "op-cards") for u in item_urls(cards, url)]
        pagers = root.find_all("nav", "op-pager")
        assert [p.attrs["aria-label"] for p in pagers] == ["Pages of practice",
                                                            "More pages of practice"]
        for pager in pagers:  # every page of the index is one step away; none is broken
            links = set(hrefs(pager, url))
            assert links == set(urls) - {url}
            assert all((paged_build.site / link / "index.html").is_file() for link in links)
            current = [s.text for s in pager.find_all("span") if s.attrs.get("aria-current")]
            assert current == [f"Page {number}"]
    assert listed == expected
    assert not (paged_build.site / f"practice/page-{pages + 1}").exists()
    research = -(-len(catalogue.of_kind("research")) // PAGE_SIZE)  # every type is paged
    assert research > 1 and (paged_build.site / f"research/page-{research}/index.html").is_file()
    assert not (paged_build.site / f"research/page-{research + 1}").exists()


def test_a_page_size_below_one_is_refused(tmp_path: Path) -> None:
    from ..support import copy_project

    project = copy_project(tmp_path / "project")
    _replace(project / "mkdocs.yml", "  - openpractice:\n",
             "  - openpractice:\n      listing_page_size: 0\n")
    result = build(project)
    assert result.returncode != 0
    assert "listing_page_size must be 1 or more" in result.output
    assert "Traceback" not in result.output


def test_file_style_urls_are_refused(tmp_path: Path) -> None:
    from ..support import copy_project

    project = copy_project(tmp_path / "project")
    _replace(project / "mkdocs.yml", "use_directory_urls: true", "use_directory_urls: false")
    result = build(project)
    assert result.returncode != 0
    assert "openpractice: set use_directory_urls: true in mkdocs.yml" in result.output
    assert "Traceback" not in result.output


def test_the_cached_menu_is_the_menu_material_draws(sample_build: Build, tmp_path: Path) -> None:
    """The menu is rendered once per folder of pages outside the nav (mkdocs_plugin/navmenu.py):
    without that cache every page must come out the same, byte for byte."""
    from ..support import copy_project

    project = copy_project(tmp_path / "project")
    _replace(project / "mkdocs.yml", "  - openpractice:\n", "  - openpractice:\n      nav_cache: false\n")
    uncached = build(project)
    assert uncached.returncode == 0, uncached.output[-3000:]
    pages = sorted(p.relative_to(sample_build.site) for p in sample_build.site.rglob("*.html"))
    assert len(pages) > 50
    differ = [str(p) for p in pages
              if (sample_build.site / p).read_bytes() != (uncached.site / p).read_bytes()]
    assert differ == []
