"""Keyboard use in Chromium over the built sample site (WCAG 2.1.1, 2.1.4, 2.4.1, 2.4.3, 2.4.7,
2.4.11): a skip link is the first thing Tab reaches and takes you past the header and
navigation to the content; every focused link and control shows a visible indicator that is not
hidden under the sticky header; search works with the keyboard alone; the navigation menu
opens from the keyboard at phone width; no single-key shortcut fires by surprise."""

from __future__ import annotations

import re
from typing import Any

import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the `browser` fixture turns a missing Playwright into a loud skip
    PlaywrightTimeout = TimeoutError  # type: ignore[misc,assignment]

from .conftest import DESKTOP, PAGE_TYPES, PHONE, VIEWPORTS, GateResult

pytestmark = [pytest.mark.browser, pytest.mark.build]

CONTENT = "[data-md-component=content]"  # Material's content column (main holds the sidebars too)
MAX_TAB_STOPS = 150

# Facts about the focused element, computed in the page.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const content = document.querySelector('[data-md-component=content]');
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
    href: el.getAttribute('href'), cls: el.className && String(el.className),
    inContent: !!(content && content.contains(el)),
    inChrome: !!el.closest('header, .md-header, .md-tabs, .md-sidebar'),
    width: r.width, height: r.height,
  };
}"""

# Snapshot of every focusable element's look before anything has focus.
REMEMBER_UNFOCUSED = """() => {
  window.__opLook = new Map();
  const look = (el) => { const s = getComputedStyle(el);
    return {outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !/rgba\\(.*, 0\\)$|transparent/.test(s.outlineColor)
              ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : 'none',
            shadow: s.boxShadow, background: s.backgroundColor}; };
  window.__opLookOf = look;
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]'))
    window.__opLook.set(el, look(el));
}"""

# How the focused element's look differs from its unfocused look, and whether it is obscured.
FOCUS_INDICATOR = """() => {
  const el = document.activeElement;
  const before = window.__opLook.get(el);
  const now = window.__opLookOf(el);
  const changed = [];
  if (!before) changed.push('(not seen before focus)');
  else {
    if (now.outline !== 'none' && now.outline !== before.outline) changed.push('outline ' + now.outline);
    if (now.shadow !== before.shadow && now.shadow !== 'none') changed.push('box-shadow ' + now.shadow);
  }
  const r = el.getBoundingClientRect();
  const points = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + 2, r.top + 2],
                  [r.right - 2, r.top + 2], [r.left + 2, r.bottom - 2], [r.right - 2, r.bottom - 2]];
  const seen = points.some(([x, y]) => { const hit = document.elementFromPoint(x, y);
    return hit && (hit === el || el.contains(hit) || hit.contains(el) || (el.htmlFor && hit.closest('label') === el)); });
  return {changed, seen, size: r.width * r.height};
}"""


def tab(page: Any) -> dict[str, Any] | None:
    page.keyboard.press("Tab")
    focused: dict[str, Any] | None = page.evaluate(FOCUSED)
    return focused


def describe(focused: dict[str, Any] | None) -> str:
    if not focused:
        return "nothing (the page body)"
    return f"<{focused['tag']} class={focused['cls']!r} href={focused['href']!r}> {focused['text']!r}"


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_skip_link_is_first_and_reaches_the_content(
    kind: str, width: str, visit: Any, gates: dict[str, GateResult],
) -> None:
    page, path = visit(kind, width)
    first = tab(page)
    problems: list[str] = []
    if not (first and first["tag"] == "a" and re.search(r"\bskip\b", first["text"], re.I)
            and (first["href"] or "").startswith("#")):
        problems.append(f"the first Tab stop is {describe(first)}, not a skip link")
    else:
        if first["width"] < 1 or first["height"] < 1:
            problems.append("the skip link is invisible when focused")
        target = page.evaluate(
            """(id) => { const t = document.getElementById(id);
                 const c = document.querySelector('[data-md-component=content]');
                 const h1 = c && c.querySelector('h1');
                 if (!t) return 'missing';
                 if (!c || !(c.contains(t) || t.contains(c))) return 'outside the content column';
                 if (h1 && !(t === h1 || t.contains(h1) ||
                     (t.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING)))
                   return 'past the page title (h1)';
                 return 'ok'; }""",
            first["href"][1:])
        if target != "ok":
            problems.append(f"the skip link's target {first['href']} is {target}")
        page.keyboard.press("Enter")
        after: dict[str, Any] | None = page.evaluate(FOCUSED)
        if not (after and after["inContent"]):
            after = tab(page)  # focus stays put but the next Tab must start from the target
            if not after or after["inChrome"]:
                problems.append(f"after the skip link, Tab goes to {describe(after)}, not the content")
    gates["keyboard"].add(1, len(problems), [f"/{path} at {width}: {p}" for p in problems])
    assert not problems, f"/{path} ({kind}, {width}): " + "; ".join(problems)


FOCUS_PAGES = [("home", "desktop"), ("practice-item", "desktop"), ("explore", "desktop"),
               ("policy-register", "desktop"), ("research-register", "desktop"),
               ("champions-desk", "desktop"), ("home", "phone"), ("research-item", "phone"),
               ("champions-desk", "phone")]


@pytest.mark.parametrize(("kind", "width"), FOCUS_PAGES)
def test_focus_is_visible_and_not_obscured(
    kind: str, width: str, visit: Any, gates: dict[str, GateResult],
) -> None:
    page, path = visit(kind, width)
    page.wait_for_load_state("networkidle")
    page.evaluate(REMEMBER_UNFOCUSED)
    problems: list[str] = []
    stops = 0
    first: str | None = None
    kinds: set[str] = set()
    for _ in range(MAX_TAB_STOPS):
        focused = tab(page)
        if focused is None:
            break
        key = describe(focused)
        if key == first:
            break  # wrapped round
        first = first or key
        stops += 1
        kinds.add("link" if focused["tag"] == "a" else "control")
        look = page.evaluate(FOCUS_INDICATOR)
        if not look["changed"]:
            problems.append(f"no visible focus indicator (outline or box-shadow) on {key}")
        if look["size"] > 0 and not look["seen"]:
            problems.append(f"focused but hidden (off-screen or under the header) {key}")
    gates["keyboard"].add(stops, len(problems), [f"/{path} at {width}: {p}" for p in problems])
    assert stops >= 5 and "link" in kinds, f"only {stops} Tab stops found on /{path}"
    assert not problems, f"/{path} ({kind}, {width}), {stops} Tab stops:\n" + "\n".join(problems)


def tab_until(page: Any, locator: Any, limit: int = MAX_TAB_STOPS) -> int | None:
    """Press Tab until `locator` has focus; the number of presses, or None."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if locator.evaluate_all("els => els.includes(document.activeElement)"):
            return presses
    return None


SEARCHBOX = re.compile(r"search", re.I)
RESULT = ".md-content a[href*='reading-comprehension-strategies'], .md-content a[href*='reciprocal-reading']"


def assert_results_reachable(page: Any, query: str) -> None:
    page.wait_for_url(re.compile(rf"/explore/\?(.*&)?q={query}(&|$)"), timeout=10_000)
    page.locator(RESULT).first.wait_for(state="visible", timeout=10_000)
    result = page.locator(RESULT)
    assert tab_until(page, result) is not None, "the search results cannot be reached with Tab"


def test_header_search_works_without_a_mouse(
    site_url: str, open_page: Any, gates: dict[str, GateResult]
) -> None:
    """Tab to the site-wide search box in the page header (labelled Search, outside the content
    column), type, Enter: results on Explore."""
    page = open_page(DESKTOP)
    page.goto(f"{site_url}/", wait_until="load")
    box = page.get_by_role("searchbox", name=SEARCHBOX).or_(
        page.get_by_role("textbox", name=SEARCHBOX)).and_(page.locator(f":not({CONTENT} *)"))
    presses = tab_until(page, box)
    gates["keyboard"].add(1, int(presses is None),
                          [] if presses else ["no search box labelled 'Search' in the header "
                                              "reachable with Tab"])
    assert presses is not None, "no search box labelled 'Search' in the header is reachable with Tab"
    page.keyboard.type("reading")
    page.keyboard.press("Enter")
    assert_results_reachable(page, "reading")


def test_explore_search_works_without_a_mouse_on_a_phone(
    site_url: str, open_page: Any, gates: dict[str, GateResult]
) -> None:
    page = open_page(PHONE)
    page.goto(f"{site_url}/explore/", wait_until="load")
    box = page.locator(CONTENT).get_by_role("searchbox", name=SEARCHBOX).or_(
        page.locator(CONTENT).get_by_role("textbox", name=SEARCHBOX))
    presses = tab_until(page, box)
    gates["keyboard"].add(1, int(presses is None),
                          [] if presses else ["Explore: no labelled search box reachable with Tab"])
    assert presses is not None, "Explore has no search box labelled 'Search' reachable with Tab"
    page.keyboard.type("reading")
    page.keyboard.press("Enter")
    assert_results_reachable(page, "reading")


def test_navigation_menu_opens_from_the_keyboard_on_a_phone(
    site_url: str, page_paths: dict[str, str], open_page: Any, gates: dict[str, GateResult]
) -> None:
    """At phone width the site navigation lives in Material's drawer: its menu button must be
    reachable with Tab and open the drawer with Enter, and the drawer's links then take focus."""
    page = open_page(PHONE)
    page.goto(f"{site_url}/{page_paths['practice-item']}", wait_until="load")
    button = page.locator(".md-header [for='__drawer']")
    presses = tab_until(page, button, limit=10)
    problems = [] if presses else ["the menu button is not reachable with Tab"]
    if presses:
        page.keyboard.press("Enter")
        try:
            page.wait_for_function("document.getElementById('__drawer').checked", timeout=3000)
        except PlaywrightTimeout:
            problems.append("Enter on the menu button does not open the navigation drawer")
        else:
            drawer_link = page.locator(".md-sidebar--primary a[href]")
            if tab_until(page, drawer_link, limit=10) is None:
                problems.append("the open drawer's links cannot be reached with Tab")
    gates["keyboard"].add(1, len(problems), [f"phone menu: {p}" for p in problems])
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("key", ["n", ".", "p", ","])
def test_no_single_key_shortcut_navigates(
    key: str, site_url: str, page_paths: dict[str, str], open_page: Any,
    gates: dict[str, GateResult],
) -> None:
    """WCAG 2.1.4: Material binds n . p , to next/previous page; a speech-input user saying a
    word, or a stray key press, must not take them to another page."""
    page = open_page(DESKTOP)
    url = f"{site_url}/{page_paths['content-page']}"
    page.goto(url, wait_until="load")
    page.keyboard.press(key)
    try:
        page.wait_for_url(lambda now: now != url, timeout=1500)
        moved = True
    except PlaywrightTimeout:
        moved = False
    gates["keyboard"].add(1, int(moved), [f"pressing {key!r} went to {page.url}"] if moved else [])
    assert not moved, f"pressing {key!r} alone navigated to {page.url}"


# Each register's date column (its rows carry <time datetime>), sorted ascending at first.
REGISTER_DATES = [("policy-register", "Next review"), ("research-register", "Next check")]
_COLUMN_KEYS = """(rows, index) => rows.map((row) => {
    const time = row.cells[index].querySelector("time[datetime]");
    return time ? time.getAttribute("datetime") : row.cells[index].textContent.trim();
})"""


@pytest.mark.parametrize(("kind", "column"), REGISTER_DATES)
def test_a_register_sorts_by_a_column_from_the_keyboard(kind: str, column: str,
                                                         visit: Any) -> None:
    page, _ = visit(kind, "desktop")
    header = page.locator(".op-register thead th", has_text=column).first
    index = header.evaluate("th => th.cellIndex")
    keys = page.eval_on_selector_all(".op-register tbody tr", _COLUMN_KEYS, index)
    assert len(keys) > 1 and header.get_attribute("aria-sort") == "ascending"
    assert keys == sorted(keys)
    button = header.get_by_role("button", name=column)
    for direction in ("descending", "ascending"):
        button.focus()
        page.keyboard.press("Enter")
        assert header.get_attribute("aria-sort") == direction
        shown = page.eval_on_selector_all(".op-register tbody tr", _COLUMN_KEYS, index)
        assert shown == sorted(keys, reverse=direction == "descending")
        assert page.get_by_text(f"Sorted by {column}, {direction}.").count() == 1
