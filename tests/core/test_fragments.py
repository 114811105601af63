"""Rendering a fragment once where it cannot differ (openpractice/site/fragments.py)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from openpractice.site.fragments import FragmentCache, nav_key

IN_NAV = SimpleNamespace(url="about/")
NAV = SimpleNamespace(pages=[IN_NAV])


@pytest.mark.parametrize(("page", "expected"), [
    (SimpleNamespace(url="practice/reading/"), ("practice", True)),
    (SimpleNamespace(url="practice/page-2/"), ("practice", True)),  # same folder, same nav
    (SimpleNamespace(url="themes/send/"), ("themes", True)),
    (SimpleNamespace(url="practice/sub/x/"), ("practice/sub", True)),
    (SimpleNamespace(url="practice/reading.html"), ("practice", False)),  # use_directory_urls off
    (IN_NAV, None),  # marked as the current page in the nav: never shared
    (None, None),  # a page-less template (404.html)
])
def test_nav_key(page: Any, expected: tuple[str, bool] | None) -> None:
    assert nav_key(page, NAV) == expected


def test_fragment_cache_renders_once_per_key() -> None:
    calls: list[str] = []

    def render(text: str) -> Any:
        return lambda: calls.append(text) or text

    cache = FragmentCache()
    assert [cache("nav", "a", render("1")), cache("nav", "a", render("2")),
            cache("tabs", "a", render("3")), cache("nav", None, render("4")),
            cache("nav", None, render("5"))] == ["1", "1", "3", "4", "5"]
    assert calls == ["1", "3", "4", "5"]
    off = FragmentCache(enabled=False)
    assert [off("nav", "a", render("6")), off("nav", "a", render("7"))] == ["6", "7"]
