"""The champions' desk in a real browser: each count in an evidence gap map links to Explore
with that row's and column's filters set, and Explore then lists exactly that many items."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from .test_search import APP, item_results, wait_for_search

pytestmark = [pytest.mark.browser, pytest.mark.build]


def gap_map_links(page: Any, site_url: str) -> list[tuple[str, int]]:
    page.goto(f"{site_url}/champions-desk/", wait_until="load")
    found = page.eval_on_selector_all(
        "table a[href*='explore/']",
        "els => els.map(a => [a.href, a.textContent.trim()])")
    return [(href, int(text)) for href, text in found if text.strip().isdigit()]


def test_each_gap_map_count_opens_explore_with_its_filters_and_items(
    page: Any, site_url: str,
) -> None:
    links = gap_map_links(page, site_url)
    assert len(links) >= 5, "the sample desk has too few gap-map links for this test"
    checked = 0
    for href, count in links[::max(1, len(links) // 12)]:  # a dozen cells, spread over the maps
        params = parse_qsl(urlsplit(href).query)
        assert params and all(value for _, value in params), href
        page.goto(href, wait_until="load")
        wait_for_search(page, None)
        for facet in {facet for facet, _ in params}:  # the filters are set, as ticked boxes
            boxes = [page.locator(f'input[type=checkbox][name="{facet}"][value="{value}"]')
                     for name, value in params if name == facet]
            # a band may name a value no item has (3/5 when only 2/5 items exist): Explore
            # lists only the values items have, so at least one box of each facet is there
            assert any(box.count() == 1 for box in boxes), (href, facet)
            assert all(box.is_checked() for box in boxes if box.count() == 1), (href, facet)
        assert len(item_results(page)) == count, href
        assert page.get_attribute(APP, "data-op-done") != "error"
        checked += 1
    assert checked >= 5
