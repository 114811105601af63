"""Search in Chromium over the built sample site: the Explore page (Pagefind), its facets,
sorting, synonyms, shareable URLs, and the header search form.

Every expectation is computed from the catalogue (the validated sample content) with the
content model's own fields, independently of openpractice/search: nothing is hard-coded, so
the tests keep working, and keep meaning something, as the bundled content changes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from openpractice.catalogue import Catalogue
from openpractice.models import Policy, Practice, Research
from openpractice.reviews import recheck_status
from openpractice.search.records import school_context
from openpractice.site.templating import STAGES, STRENGTH_WORDS, stage_and_evidence
from openpractice.validate import validate_project

from ..support import TODAY, Build

pytestmark = [pytest.mark.browser, pytest.mark.build]

Key = tuple[str, str]  # (kind, id) of an item; ("page", path) for any other result
ITEM_KINDS = ("practice", "research", "policies")
TYPE_LABELS = {"practice": "Practice", "research": "Research", "policies": "Policy"}
APP = "[data-op-explore]"


# ---------- what the catalogue says ----------

@pytest.fixture(scope="module")
def catalogue(sample_build: Build) -> Catalogue:
    result = validate_project(sample_build.project, today=date.fromisoformat(TODAY))
    assert result.catalogue is not None and len(result.catalogue) > 0
    return result.catalogue


def facet_index(cat: Catalogue) -> dict[str, dict[str, set[Key]]]:
    """facet -> value label -> the items that have it, straight from the typed models."""
    index: dict[str, dict[str, set[Key]]] = defaultdict(lambda: defaultdict(set))

    def label(vocabulary: str, term_id: str) -> str:
        term = cat.taxonomy.terms(vocabulary)[term_id]
        return term.label

    for entry in cat:
        model, key = entry.model, (entry.kind, entry.id)
        index["type"][TYPE_LABELS[entry.kind]].add(key)
        for facet, vocabulary, ids in (("theme", "themes", model.themes),
                                       ("phase", "phases", model.phases),
                                       ("subject", "subjects", model.subjects)):
            for term_id in ids:  # and every wider term (`broader`): ks2 is also primary
                for found in (term_id, *cat.taxonomy.wider(vocabulary, term_id)):
                    index[facet][label(vocabulary, found)].add(key)
        schools = list(model.schools)
        if isinstance(model, Policy):
            schools = list(cat.schools) if model.applies_to == "trust" else list(model.applies_to)
            index["review"][model.review_status(cat.today).label].add(key)
            index["statutory"]["Statutory" if model.statutory else "Not statutory"].add(key)
        for school in schools:
            index["school"][cat.schools[school].name].add(key)
            # the school's context in bands (records.SCHOOL_CONTEXT: the thresholds are defined
            # once, there; what is checked here is which items carry them)
            for facet, band in school_context(cat.schools[school]).items():
                index[facet][band].add(key)
        if isinstance(model, Practice):
            for group in model.pupil_groups:
                for found in (group, *cat.taxonomy.wider("pupil_groups", group)):
                    index["group"][label("pupil_groups", found)].add(key)
            index["stage"][model.stage.value.capitalize()].add(key)
            cited = [r.model.evidence_strength for r in
                     (cat.get("research", ref) for ref in model.evidence)
                     if r is not None and isinstance(r.model, Research)]
            if cited:
                index["evidence"][strength_label(max(cited))].add(key)
            else:
                index["evidence"]["No research linked"].add(key)
        if isinstance(model, Research):
            index["evidence"][strength_label(model.evidence_strength)].add(key)
            index["recheck"][recheck_status(model, cat.recheck_months, cat.today).label].add(key)
            if model.eef_strand:
                index["strand"][label("eef_strands", model.eef_strand)].add(key)
    return index


def strength_label(strength: int) -> str:
    return f"{strength}/5 {STRENGTH_WORDS[strength]}"


def all_items(cat: Catalogue) -> set[Key]:
    return {(e.kind, e.id) for e in cat}


def narrowing_value(values: dict[str, set[Key]], total: int) -> str:
    """The value of a facet with the most items that still leaves some out."""
    candidates = [(len(keys), name) for name, keys in values.items() if 0 < len(keys) < total]
    assert candidates, "no value of this facet narrows the sample site"
    return max(candidates)[1]


# ---------- driving the page ----------

@pytest.fixture
def explore(page: Any, site_url: str) -> Iterator[Any]:
    """The page, with JavaScript errors collected (any error fails the test)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.site_url = site_url
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"


def goto(page: Any, params: list[tuple[str, str]] | None = None) -> None:
    query = urlencode(params or [])
    page.goto(f"{page.site_url}/explore/" + (f"?{query}" if query else ""))
    wait_for_search(page, None)


def done_marker(page: Any) -> str | None:
    marker: str | None = page.get_attribute(APP, "data-op-done")
    return marker


def wait_for_search(page: Any, previous: str | None) -> None:
    """Until a search newer than `previous` is on screen."""
    page.wait_for_function(
        """prev => { const app = document.querySelector('[data-op-explore]');
                     const done = app && app.getAttribute('data-op-done');
                     return done && done !== prev; }""", arg=previous, timeout=15_000)
    assert done_marker(page) != "error", page.text_content("#op-status")


def act(page: Any, action: Any) -> None:
    """Do something that starts a search, and wait until its results are shown."""
    before = done_marker(page)
    action()
    wait_for_search(page, before)


def key_of(path: str) -> Key:
    parts = path.strip("/").split("/")
    if len(parts) == 2 and parts[0] in ITEM_KINDS:
        return (parts[0], parts[1])
    return ("page", path)


def results(page: Any) -> list[Key]:
    """Every result in order, pressing "Show more" until there are no more."""
    while page.locator("[data-op-more]").is_visible():
        shown = page.locator(".op-result").count()
        page.click("[data-op-more]")
        page.wait_for_function("n => document.querySelectorAll('.op-result').length > n", arg=shown)
    paths = page.eval_on_selector_all(".op-result__title a",
                                      "els => els.map(a => new URL(a.href).pathname)")
    return [key_of(p) for p in paths]


def item_results(page: Any) -> list[Key]:
    return [k for k in results(page) if k[0] in ITEM_KINDS]


def checkbox(page: Any, facet: str, value: str) -> Any:
    return page.locator(f'input[type=checkbox][name="{facet}"][value="{value}"]')


def tick(page: Any, facet: str, value: str, on: bool = True) -> None:
    box = checkbox(page, facet, value)
    details = page.locator(f'[data-op-facet="{facet}"]')
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()
    act(page, lambda: box.check() if on else box.uncheck())


def url_params(page: Any) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(page.url).query)


def status(page: Any) -> str:
    return str(page.text_content("#op-status")).strip()


# ---------- tests ----------

def test_a_query_finds_the_item_it_names(explore: Any, catalogue: Catalogue) -> None:
    entry = catalogue.of_kind("practice")[0]
    goto(explore, [("q", entry.model.title)])
    found = item_results(explore)
    assert found and found[0] == (entry.kind, entry.id), found[:3]
    assert status(explore).startswith(f"{len(results(explore))} result")


def test_a_query_finds_every_item_tagged_with_it(explore: Any, catalogue: Catalogue) -> None:
    tagged = facet_index(catalogue)["theme"]
    theme = narrowing_value(tagged, len(catalogue))  # the most used theme, e.g. Disadvantage
    goto(explore, [("q", theme)])
    assert tagged[theme] <= set(item_results(explore))


def test_a_query_with_no_match_says_so(explore: Any) -> None:
    goto(explore, [("q", "xylophonequartz")])
    assert results(explore) == []
    assert status(explore).startswith("0 results for “xylophonequartz”")


def test_browsing_with_no_query_lists_everything_newest_first(explore: Any, catalogue: Catalogue) -> None:
    goto(explore)
    found = results(explore)
    items = [k for k in found if k[0] in ITEM_KINDS]
    assert set(items) == all_items(catalogue) and len(items) == len(catalogue)
    # items first (they have dates), newest first; then the site's other pages
    assert found[: len(items)] == items
    dates = [catalogue.get(*k).model.last_changed for k in items]  # type: ignore[union-attr]
    assert dates == sorted(dates, reverse=True)
    assert explore.locator("#op-sort").input_value() == "date"


def test_browsing_loads_one_chunk_of_the_word_index(explore: Any, sample_build: Build,
                                                   catalogue: Catalogue) -> None:
    """With no query, Explore searches for the word every page holds (document.py
    BROWSE_WORD), not for nothing: Pagefind 1.5 answers a search with no words by loading its
    whole word index (222 chunks, 6 MB at 5,000 items), and the champions' desk links are
    all filters and no query."""
    chunks = list((sample_build.site / "pagefind" / "index").iterdir())
    assert len(chunks) > 1  # else loading one could not be told from loading all
    loaded: set[str] = set()
    explore.on("requestfinished", lambda request: loaded.add(request.url)
               if "/pagefind/index/" in request.url else None)
    goto(explore, [("type", TYPE_LABELS["practice"])])
    assert set(results(explore)) == {("practice", e.id) for e in catalogue
                                     if e.kind == "practice"}
    assert len(loaded) == 1, sorted(loaded)


LISTINGS = re.compile(r"^/(|explore/|practice/|research/|policies/|themes/.*|schools/.*|policy-register/)$")


def test_listing_pages_are_never_results(explore: Any) -> None:
    goto(explore)
    paths = [k[1] for k in results(explore) if k[0] == "page"]
    assert paths, "the site's ordinary pages (About, ...) should be searchable"
    assert not [p for p in paths if LISTINGS.match(p)]


FACETS = ("type", "theme", "phase", "subject", "group", "school", "evidence", "stage", "strand",
          "review", "statutory")


@pytest.mark.parametrize("facet", FACETS)
def test_each_facet_narrows_to_exactly_the_catalogue_items(
    explore: Any, catalogue: Catalogue, facet: str,
) -> None:
    values = facet_index(catalogue)[facet]
    value = narrowing_value(values, len(catalogue))
    goto(explore)
    tick(explore, facet, value)
    assert url_params(explore) == [(facet, value)]
    found = results(explore)
    assert set(found) == values[value], f"{facet}={value}"
    assert len(found) == len(values[value])  # ordinary pages have no facets: filtered out


def test_primary_finds_the_key_stage_items_with_their_count(explore: Any,
                                                            catalogue: Catalogue) -> None:
    """Stated without the code's own walk of `broader`: in the fixture's taxonomy EYFS, key
    stage 1 and key stage 2 are narrower than the primary phase."""
    narrower = {t.id for t in catalogue.taxonomy.phases if "primary" in t.broader}
    assert narrower == {"eyfs", "ks1", "ks2"}
    expected = {(e.kind, e.id) for e in catalogue
                if {"primary", *narrower} & set(e.model.phases)}
    assert any("primary" not in e.model.phases for e in catalogue
               if (e.kind, e.id) in expected)  # some are found only through a key stage
    goto(explore)
    tick(explore, "phase", "Primary phase")
    assert set(results(explore)) == expected
    assert shown_counts(explore)[("phase", "Primary phase")] == len(expected)


def shown_counts(page: Any) -> dict[tuple[str, str], int]:
    """(facet, value) -> the count shown next to its checkbox."""
    shown = page.eval_on_selector_all(
        "input[type=checkbox][form='op-explore-form']",
        """boxes => boxes.map(b => [b.name, b.value,
             parseInt(document.querySelector(`label[for="${b.id}"] [data-op-count]`).textContent, 10)])""")
    return {(facet, value): count for facet, value, count in shown}


def test_facet_counts_match_the_catalogue(explore: Any, catalogue: Catalogue) -> None:
    index = facet_index(catalogue)
    goto(explore)
    expected = {(f, v): len(keys) for f, values in index.items() for v, keys in values.items()}
    assert shown_counts(explore) == expected


def test_values_in_one_facet_widen_and_facets_narrow(explore: Any, catalogue: Catalogue) -> None:
    index = facet_index(catalogue)
    group = narrowing_value(index["group"], len(catalogue))
    themes = sorted(index["theme"], key=lambda t: -len(index["theme"][t] & index["group"][group]))
    first, second = themes[0], themes[1]
    goto(explore)
    tick(explore, "group", group)
    tick(explore, "theme", first)
    assert set(results(explore)) == index["group"][group] & index["theme"][first]
    tick(explore, "theme", second)
    expected = index["group"][group] & (index["theme"][first] | index["theme"][second])
    assert set(results(explore)) == expected
    assert status(explore).startswith(f"{len(expected)} result")
    # Each count says how many results that value gives, with the query and the OTHER facets:
    # within Theme, values are alternatives, so its counts ignore the themes ticked.
    counts = shown_counts(explore)
    themed = index["theme"][first] | index["theme"][second]
    for value, keys in index["theme"].items():
        assert counts[("theme", value)] == len(index["group"][group] & keys), value
    for value, keys in index["group"].items():
        assert counts[("group", value)] == len(themed & keys), value
    # (the sample data tells this apart from counting within the current results)
    assert any(len(index["group"][group] & keys) != len(expected & keys)
               for keys in index["theme"].values())
    tick(explore, "group", group, on=False)
    assert set(results(explore)) == index["theme"][first] | index["theme"][second]


def test_the_remove_buttons_and_clear_all_undo_filters(explore: Any, catalogue: Catalogue) -> None:
    index = facet_index(catalogue)
    goto(explore, [("type", "Practice"), ("type", "Research")])
    chips = explore.locator("[data-op-chips] button")
    assert chips.count() == 2
    act(explore, lambda: explore.get_by_role("button", name="Remove filter Type: Practice").click())
    assert set(results(explore)) == index["type"]["Research"]
    assert url_params(explore) == [("type", "Research")]
    act(explore, lambda: explore.get_by_role("button", name="Clear all filters").click())
    assert url_params(explore) == []
    assert {k for k in results(explore) if k[0] in ITEM_KINDS} == all_items(catalogue)


def test_a_synonym_finds_the_items_tagged_with_the_term(explore: Any, catalogue: Catalogue) -> None:
    """SEN, SEND and "special educational needs" find every item tagged SEND (theme or pupil
    group); "behavior" finds the items tagged Behaviour."""
    index = facet_index(catalogue)
    send = index["theme"]["SEND"] | index["group"]["Pupils with SEND"]
    assert send
    for query in ("SEN", "SEND", "special educational needs"):
        goto(explore, [("q", query)])
        assert send <= set(item_results(explore)), query
    behaviour = index["theme"]["Behaviour"]
    assert behaviour
    goto(explore, [("q", "behavior")])
    assert behaviour <= set(item_results(explore))


def test_a_synonym_that_only_the_taxonomy_knows_finds_exactly_the_tagged_items(
    explore: Any, catalogue: Catalogue,
) -> None:
    """"Ever6" is a synonym of the pupil group Disadvantaged pupils and appears in no page's
    text: the results are exactly the items in that group."""
    assert not [e for e in catalogue if "ever6" in (e.model.title + e.model.summary + e.body).lower()]
    goto(explore, [("q", "Ever6")])
    assert set(item_results(explore)) == facet_index(catalogue)["group"]["Disadvantaged pupils"]


def test_the_page_offers_the_term_a_query_names(explore: Any, catalogue: Catalogue) -> None:
    index = facet_index(catalogue)
    goto(explore, [("q", "SEN")])
    offer = explore.get_by_role("button", name="Theme: SEND")
    act(explore, lambda: offer.click())
    assert url_params(explore) == [("theme", "SEND")]
    assert set(results(explore)) == index["theme"]["SEND"]


def test_sorting_by_date_and_by_evidence(explore: Any, catalogue: Catalogue) -> None:
    goto(explore, [("sort", "date-asc")])
    items = item_results(explore)
    dates = [catalogue.get(*k).model.last_changed for k in items]  # type: ignore[union-attr]
    assert len(items) == len(catalogue) and dates == sorted(dates)

    goto(explore, [("sort", "evidence")])
    found = item_results(explore)
    assert set(found) == all_items(catalogue)  # sorting never drops what was found
    strength = {k: int(v.split("/")[0]) for v, keys in facet_index(catalogue)["evidence"].items()
                if v[0].isdigit() for k in keys}  # not "No research linked": no sort key
    ranked = [k for k in found if k in strength]
    assert ranked == found[: len(ranked)], "items with an evidence strength come first"
    keys = [(strength[k], catalogue.get(*k).model.last_changed) for k in ranked]  # type: ignore[union-attr]
    assert keys == sorted(keys, reverse=True)
    shown = explore.eval_on_selector_all("[data-op-evidence]", "els => els.map(e => e.textContent)")
    assert len(shown) == len(ranked) and all(re.search(r"\b[0-5]/5\b", s) for s in shown)


def test_the_url_restores_query_filters_and_sort(explore: Any, catalogue: Catalogue) -> None:
    index = facet_index(catalogue)
    group = narrowing_value(index["group"], len(catalogue))
    goto(explore, [("q", "reading"), ("group", group), ("type", "Practice"), ("sort", "evidence")])
    assert explore.locator("#op-q").input_value() == "reading"
    assert explore.locator("#op-sort").input_value() == "evidence"
    assert checkbox(explore, "group", group).is_checked()
    assert checkbox(explore, "type", "Practice").is_checked()
    assert checkbox(explore, "type", "Research").is_checked() is False
    found = set(results(explore))
    assert found and found <= index["group"][group] & index["type"]["Practice"]
    assert "for “reading” with 2 filters, strongest evidence first" in status(explore)


def test_changing_the_search_updates_the_url(explore: Any, catalogue: Catalogue) -> None:
    index = facet_index(catalogue)
    goto(explore, [("q", "reading"), ("type", "Practice")])
    phase = narrowing_value(index["phase"], len(catalogue))
    tick(explore, "phase", phase)
    assert url_params(explore) == [("q", "reading"), ("type", "Practice"), ("phase", phase)]
    tick(explore, "type", "Practice", on=False)
    assert url_params(explore) == [("q", "reading"), ("phase", phase)]
    act(explore, lambda: explore.select_option("#op-sort", "date"))
    assert url_params(explore) == [("q", "reading"), ("phase", phase), ("sort", "date")]
    act(explore, lambda: explore.fill("#op-q", "feedback"))  # searches as you type
    assert url_params(explore) == [("q", "feedback"), ("phase", phase), ("sort", "date")]
    # the URL it wrote loads the same search
    shared = explore.url
    before = results(explore)
    explore.goto(shared)
    wait_for_search(explore, None)
    assert results(explore) == before
    assert checkbox(explore, "phase", phase).is_checked()


def test_unknown_url_values_are_ignored(explore: Any, catalogue: Catalogue) -> None:
    goto(explore, [("theme", "No such theme"), ("sort", "sideways")])
    assert url_params(explore) == []
    assert {k for k in results(explore) if k[0] in ITEM_KINDS} == all_items(catalogue)


def test_results_show_type_school_and_evidence(explore: Any, catalogue: Catalogue) -> None:
    practice = next(e for e in catalogue.of_kind("practice") if catalogue.evidence_for(e))
    goto(explore, [("q", practice.model.title)])
    first = explore.locator(".op-result").first
    assert first.locator(".op-result__title a").text_content() == practice.model.title
    badges = first.locator(".op-badge").all_text_contents()
    assert "Practice" in badges
    best = max(r.model.evidence_strength for r in catalogue.evidence_for(practice)
               if isinstance(r.model, Research))
    assert stage_and_evidence(practice.model.stage, best) in badges  # as on the listing cards
    facts = str(first.locator(".op-result__facts").text_content())
    for school in practice.model.schools:
        assert catalogue.schools[school].name in facts
    idle = next(e for e in catalogue.of_kind("practice") if not catalogue.evidence_for(e))
    goto(explore, [("q", idle.model.title)])
    first = explore.locator(".op-result").first
    assert first.locator(".op-result__title a").text_content() == idle.model.title
    assert f"{STAGES[idle.model.stage][0]} · no research linked" in \
        first.locator(".op-badge").all_text_contents()


def test_excerpts_mark_the_words_of_the_current_query(explore: Any) -> None:
    goto(explore, [("q", "reading")])
    act(explore, lambda: explore.fill("#op-q", "feedback"))
    marks = explore.eval_on_selector_all(".op-result__text mark", "els => els.map(m => m.textContent)")
    assert marks and all("feedback" in m.lower() for m in marks), marks
    # marks are the only markup an excerpt may carry
    tags = explore.eval_on_selector_all(".op-result__text *", "els => els.map(e => e.tagName)")
    assert set(tags) == {"MARK"}


def test_show_more_moves_focus_to_the_new_results(explore: Any, catalogue: Catalogue) -> None:
    goto(explore)
    assert explore.locator(".op-result").count() == 20 < len(catalogue)
    explore.click("[data-op-more]")
    explore.wait_for_function("() => document.querySelectorAll('.op-result').length > 20")
    focused = explore.evaluate("() => document.activeElement.closest('.op-result') ? "
                               "[...document.querySelectorAll('.op-result')].indexOf("
                               "document.activeElement.closest('.op-result')) : -1")
    assert focused == 20


def test_the_filters_work_from_the_keyboard(explore: Any, catalogue: Catalogue) -> None:
    goto(explore)
    target = checkbox(explore, "type", "Research")
    for _ in range(80):
        explore.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the Type: Research checkbox")
    act(explore, lambda: explore.keyboard.press("Space"))
    assert target.evaluate("el => el === document.activeElement"), "focus stayed on the checkbox"
    assert target.is_checked()
    n = len(catalogue.of_kind("research"))
    assert status(explore) == f"{n} results with 1 filter, newest first."
    assert explore.get_attribute("#op-status", "role") == "status"


def test_the_header_search_opens_explore_with_the_query(page: Any, site_url: str,
                                                        catalogue: Catalogue) -> None:
    entry = catalogue.of_kind("research")[0]
    page.goto(f"{site_url}/{entry.url}")
    box = page.locator("header form[role=search] input[name=q]")
    assert box.count() == 1, "no search form in the header"
    box.fill(entry.model.title)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/explore/\?q="))
    wait_for_search(page, None)
    assert page.locator("#op-q").input_value() == entry.model.title
    assert results(page)[0] == (entry.kind, entry.id)


def test_material_search_is_not_used(sample_build: Build) -> None:
    assert not (sample_build.site / "search" / "search_index.json").exists()
    html = sample_build.html("index.html")
    assert 'data-md-component="search"' not in html
    assert 'name="search"' not in html  # Material would fetch its own index for such a form


# ---------- the Explore page on a phone (390 px): results first, filters in a panel ----------

PHONE_390 = {"width": 390, "height": 844}
TOGGLE = "[data-op-filters-toggle]"


@pytest.fixture
def phone(open_page: Any, site_url: str) -> Iterator[Any]:
    page = open_page(PHONE_390)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.site_url = site_url
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"


def on_screen(page: Any, selector: str) -> bool:
    """The whole element is in the viewport, below the sticky header."""
    return bool(page.evaluate(
        """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                    const top = document.querySelector('.md-header').getBoundingClientRect().bottom;
                    return r.height > 0 && r.top >= top && r.bottom <= window.innerHeight; }""",
        selector))


def focused(page: Any, selector: str) -> bool:
    return bool(page.locator(selector).evaluate("el => el === document.activeElement"))


def tab_to(page: Any, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.locator(selector).evaluate_all("els => els.includes(document.activeElement)"):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_on_a_phone_the_first_result_is_on_screen_after_a_search(phone: Any) -> None:
    goto(phone)
    assert not phone.locator("[data-op-facet]").first.is_visible(), "filters come before results"
    assert phone.get_attribute(TOGGLE, "aria-expanded") == "false"
    phone.fill("#op-q", "what works for disadvantaged readers in primary")
    act(phone, lambda: phone.press("#op-q", "Enter"))
    assert on_screen(phone, ".op-result"), "the first result is not on screen after the search"
    assert on_screen(phone, "#op-status")
    assert focused(phone, "#op-results-heading")  # the on-screen keyboard closes
    # a shared search opened on a phone shows its results too
    goto(phone, [("q", "feedback")])
    assert on_screen(phone, ".op-result")


def test_on_a_phone_the_filters_open_and_close_from_the_keyboard(phone: Any, catalogue: Catalogue) -> None:
    goto(phone)
    tab_to(phone, TOGGLE)
    phone.keyboard.press("Enter")
    assert phone.get_attribute(TOGGLE, "aria-expanded") == "true"
    assert phone.locator('[data-op-facet="type"] summary').is_visible()
    # into the panel: open the Type group and tick Research, all from the keyboard
    tab_to(phone, '[data-op-facet="type"] summary')
    phone.keyboard.press("Enter")
    tab_to(phone, 'input[name="type"][value="Research"]')
    act(phone, lambda: phone.keyboard.press("Space"))
    n = len(catalogue.of_kind("research"))
    assert str(phone.text_content(TOGGLE)).strip() == "Filters (1)"
    done = phone.locator("[data-op-filters-done]").first
    assert done.is_visible() and str(done.text_content()) == f"Show {n} results"
    # Escape closes the panel and gives focus back to its button
    phone.keyboard.press("Escape")
    assert phone.get_attribute(TOGGLE, "aria-expanded") == "false" and focused(phone, TOGGLE)
    assert not phone.locator('[data-op-facet="type"] summary').is_visible()
    # open again; "Show N results" closes it and takes focus to the results, on screen
    phone.keyboard.press("Enter")
    tab_to(phone, "[data-op-filters-done]")
    phone.keyboard.press("Enter")
    assert phone.get_attribute(TOGGLE, "aria-expanded") == "false"
    assert focused(phone, "#op-results-heading") and on_screen(phone, ".op-result")
    # no trap: from the last control in the open panel, Tab goes on to the results
    phone.click(TOGGLE)
    phone.locator("[data-op-filters-done]").last.focus()
    phone.keyboard.press("Tab")
    assert phone.evaluate("!document.getElementById('op-filters').contains(document.activeElement)")


def test_the_phone_states_pass_axe(phone: Any, gates: dict[str, Any]) -> None:
    """axe (WCAG 2.2 AA) on the states test_axe.py does not load: a phone after a search, with
    the filters panel closed and open."""
    from axe_playwright_python.sync_playwright import Axe

    from .test_axe import AXE_TAGS, describe

    goto(phone, [("q", "reading"), ("type", "Practice")])
    found = []
    for state in ("after a search", "filters open"):
        if state == "filters open":
            phone.click(TOGGLE)
        # scrolling fades Material's "Back to top" button in or out: judge it once it has
        phone.wait_for_function(
            "document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)
        result = Axe().run(phone, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                           "resultTypes": ["violations"]})
        violations = result.response["violations"]
        gates["axe"].add(1, len(violations), [f"explore at 390 px, {state}: {v['id']}"
                                              for v in violations])
        found += [line for v in violations for line in describe(v)]
    assert not found, "\n".join(found)
