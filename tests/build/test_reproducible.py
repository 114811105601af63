"""Two builds of the same content for the same day are the same bytes, wherever they run.

The one exception is not ours: Pagefind writes its filter and metadata indexes (and the
entry file that names them) in an order that changes from run to run (Pagefind issue #638:
its fragments have been stable since 1.3, the rest "will still change"). For those, the
pages a search finds, with their filters and metadata, are compared instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support import build, copy_project, pagefind_fragments

pytestmark = pytest.mark.build

# Pagefind's own unstable files: its filter and metadata indexes and the entry naming them.
UNSTABLE = ("pagefind/filter/", "pagefind/pagefind-entry.json", "pagefind/pagefind.en_")


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def test_two_builds_of_the_same_content_are_the_same(tmp_path: Path) -> None:
    first, second = (build(copy_project(tmp_path / name)) for name in ("one", "two"))
    assert first.returncode == 0 and second.returncode == 0, first.output + second.output
    ones, twos = _files(first.site), _files(second.site)
    stable = sorted(p for p in ones.keys() | twos.keys() if not p.startswith(UNSTABLE))
    assert [p for p in stable if ones.get(p) != twos.get(p)] == []
    assert "<lastmod>2026-11-22</lastmod>" in ones["sitemap.xml"].decode()  # the build's day
    assert pagefind_fragments(first.site) == pagefind_fragments(second.site)
