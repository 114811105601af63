"""Which pages the second process builds (mkdocs_plugin/share.py)."""

from __future__ import annotations

import pytest

from openpractice.mkdocs_plugin.share import choose_share


@pytest.mark.parametrize(("count", "fraction", "expected"), [
    (0, 0.5, []),
    (1, 0.5, []),
    (4, 0.5, [1, 3]),
    (5, 0.6, [1, 3, 4]),
    (3, 1.0, [0, 1, 2]),
    (3, 0.0, []),
])
def test_the_share_is_spread_through_the_build_order(count: int, fraction: float,
                                                      expected: list[int]) -> None:
    pages = [f"p{n}.md" for n in range(count)]
    assert choose_share(pages, fraction) == [f"p{n}.md" for n in expected]


def test_the_share_is_its_fraction_of_a_large_site() -> None:
    pages = [f"p{n}.md" for n in range(5000)]
    share = choose_share(pages, 0.5)
    assert len(share) == 2500
    assert choose_share(pages, 0.5) == share  # the same every build
