"""A second process builds half the pages outside the navigation (mkdocs_plugin/share.py):
the site, its search index and the build's warnings must be what one process makes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..support import Build, build, copy_project, pagefind_fragments

pytestmark = pytest.mark.build

SHARED = re.compile(r"openpractice: ([0-9]+) pages built by a second process")


def _item(title: str, body: str) -> str:
    return f"""\
---
title: {title}
summary: A write-up added by this test, to link between pages the two processes build.
date: 2025-03-14
authors: [{{name: Sam Okafor}}]
schools: [brookside-primary]
themes: [send]
stage: idea
---
{body}
"""


def _serial(project: Path) -> Build:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - openpractice:\n" in text
    config.write_text(text.replace("  - openpractice:\n",
                                   "  - openpractice:\n      parallel: false\n"), encoding="utf-8")
    return build(project)


def _files(site: Path) -> list[Path]:
    """Everything but Pagefind's bundle (whose file names and filter files vary from one
    build to the next even in one process)."""
    return sorted(p.relative_to(site) for p in site.rglob("*")
                  if p.is_file() and p.relative_to(site).parts[0] != "pagefind")


def test_the_site_is_the_one_a_single_process_builds(sample_build: Build, tmp_path: Path) -> None:
    shared = SHARED.search(sample_build.output)
    assert shared is not None, "the sample build did not use a second process"
    assert int(shared.group(1)) > 10
    serial = _serial(copy_project(tmp_path / "project"))
    assert serial.returncode == 0, serial.output[-3000:]
    assert SHARED.search(serial.output) is None
    files = _files(sample_build.site)
    assert len(files) > 100
    assert files == _files(serial.site)
    differ = [p for p in files if (sample_build.site / p).read_bytes() != (serial.site / p).read_bytes()]
    assert differ == []
    # the same pages, with the same text, filters and metadata, in the search index
    assert pagefind_fragments(sample_build.site) == pagefind_fragments(serial.site)


def test_anchors_and_warnings_cross_between_the_processes(tmp_path: Path) -> None:
    """Three neighbouring pages: the middle one is built by the other process, so each link
    between neighbours crosses, both ways. MkDocs checks anchors after the last page, in the
    parent; a warning raised while the worker reads a page must fail `--strict` too."""
    project = copy_project(tmp_path / "project")
    practice = project / "content/practice"
    pages = {
        "zz-link-a": _item("Anchor test A", "## Alpha\n\nSee [B](zz-link-b.md#bravo)."),
        "zz-link-b": _item("Anchor test B", "## Bravo\n\nSee [C](zz-link-c.md#charlie)."),
        "zz-link-c": _item("Anchor test C", "## Charlie\n\nSee [A](zz-link-a.md#alpha)."),
    }
    for name, text in pages.items():
        (practice / f"{name}.md").write_text(text, encoding="utf-8")
    good = build(project, "--verbose")
    assert good.returncode == 0, good.output[-3000:]
    (worker_pages,) = re.findall(r"openpractice: a second process builds (.*)", good.output)
    in_worker = {x: f"practice/zz-link-{x}.md" in worker_pages.split() for x in "abc"}
    assert in_worker["a"] == in_worker["c"] != in_worker["b"]
    assert 'href="../zz-link-b/#bravo"' in good.html("practice/zz-link-a/index.html")

    for name, text in pages.items():  # now every link is wrong, in both processes
        broken = text.replace(".md#", ".md#no-") + "\nAnd [a page that is not there](missing.md).\n"
        (practice / f"{name}.md").write_text(broken, encoding="utf-8")
    bad = build(project)
    assert bad.returncode != 0
    assert "Traceback" not in bad.output
    # links are the validator's to check now, before any page is built, whichever process
    # would have built it
    for source, target in [("a", "bravo"), ("b", "charlie"), ("c", "alpha")]:
        anchor = f"content/practice/zz-link-{source}.md:12:21: error: '#no-{target}'"
        not_found = (f"content/practice/zz-link-{source}.md:14:32: error: 'missing.md' points at "
                     "'practice/missing.md', which is not a published page")
        assert bad.output.count(anchor) == 1, bad.output[-3000:]
        assert bad.output.count(not_found) == 1, bad.output[-3000:]
    assert "6 content error(s)" in bad.output
