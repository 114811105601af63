"""Safety does not depend on the plugin running.

The engine builds from the site's plan (docs_dir: site-plan), never from content/. An engine
that ignores the `openpractice` plugin, as Material's successor ignores every plugin it does
not reimplement, or a mkdocs.yml without it, finds an empty plan, or a plan written by
`openpractice plan`, which holds only vetted pages: never a draft, never unchecked HTML.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ..support import Build, build, build_env, copy_project

pytestmark = pytest.mark.build

DRAFT = """\
---
title: A draft write-up
summary: Not ready yet, and must appear nowhere on the site at all.
date: 2025-03-14
authors:
  - name: Sam Okafor
schools: [brookside-primary]
themes: [reading]
stage: idea
status: draft
---
DRAFTMARK-FAIL-CLOSED
"""
DRAFT_PAGE = "---\ntitle: Draft notes\nstatus: draft\n---\nDRAFTPAGE-FAIL-CLOSED\n"
SCRIPT_PAGE = "# Notes\n\n<script>alert('SCRIPTMARK-FAIL-CLOSED')</script>\n"


def without_plugin(project: Path) -> None:
    """mkdocs.yml as an engine that ignores the plugin reads it."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config, removed = re.subn(r"  - openpractice:\n(?:      .*\n)+", "", config)
    assert removed == 1
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")


def add_unvetted(project: Path, *, script: bool = True) -> None:
    (project / "content/practice/a-draft-write-up.md").write_text(DRAFT, encoding="utf-8")
    (project / "content/draft-notes.md").write_text(DRAFT_PAGE, encoding="utf-8")
    if script:
        (project / "content/notes.md").write_text(SCRIPT_PAGE, encoding="utf-8")


def plan(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "openpractice", "plan"], cwd=project,
                          capture_output=True, text=True, env=build_env(), timeout=300)


def assert_nothing_unvetted(result: Build) -> None:
    text = result.all_text() if result.site.exists() else ""
    for mark in ("DRAFTMARK-FAIL-CLOSED", "DRAFTPAGE-FAIL-CLOSED", "SCRIPTMARK-FAIL-CLOSED"):
        assert mark not in text, mark
    assert "a-draft-write-up" not in text and "draft-notes" not in text


def test_without_the_plugin_the_engine_finds_nothing_to_publish(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    without_plugin(project)
    add_unvetted(project)
    result = build(project)
    assert "Traceback" not in result.output
    assert_nothing_unvetted(result)
    # a fresh clone's plan is empty: not one contributed page reaches the site
    assert not (result.site / "practice").exists() and not (result.site / "about").exists()


def test_a_plan_for_another_engine_refuses_unchecked_html(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    add_unvetted(project)
    refused = plan(project)  # reads the plugin's settings; the engine then ignores the plugin
    without_plugin(project)
    assert refused.returncode == 1, refused.stderr
    assert "content/notes.md:3:1: error: <script> is not allowed" in refused.stderr
    assert sorted(p.name for p in (project / "site-plan").iterdir()) == [".keep"]
    assert_nothing_unvetted(build(project))


def test_a_plan_for_another_engine_publishes_only_vetted_pages(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    add_unvetted(project, script=False)
    written = plan(project)
    assert written.returncode == 0, written.stderr
    without_plugin(project)
    result = build(project)
    assert result.returncode == 0, result.output
    assert_nothing_unvetted(result)
    page = result.html("practice/reciprocal-reading-year-5/index.html")
    assert '<div class="op-article op-article--practice">' in page  # the core's article, as is
    assert "<title>Reciprocal reading in Year 5 - Open Practice</title>" in page


def test_a_build_leaves_no_plan_behind(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    add_unvetted(project, script=False)
    result = build(project)
    assert result.returncode == 0, result.output
    assert_nothing_unvetted(result)
    assert sorted(p.name for p in (project / "site-plan").iterdir()) == [".keep"]


def test_the_plan_never_replaces_content(tmp_path: Path) -> None:
    """docs_dir pointing at content/ (or a folder holding it) would let the engine read
    unvetted files, and the plan's writer clear them: refused before anything is written."""
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("docs_dir: site-plan", "docs_dir: content"),
                                        encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    assert "docs_dir is the folder the site is built from" in result.output
    assert (project / "content/practice/reciprocal-reading-year-5.md").exists()


def zensical(project: Path) -> Build:
    proc = subprocess.run([str(Path(sys.executable).parent / "zensical"), "build", "--clean"],
                          cwd=project, capture_output=True, text=True, env=build_env(), timeout=300)
    return Build(project, project / "site", proc.returncode, proc.stdout + proc.stderr)


def test_zensical_ignores_the_plugin_and_publishes_only_the_plan(tmp_path: Path) -> None:
    """Material's successor, as it is: it reads mkdocs.yml, skips the openpractice plugin
    without a word, and renders the templates with MiniJinja (no Python calls)."""
    project = copy_project(tmp_path / "project")
    add_unvetted(project)
    empty = zensical(project)
    assert empty.returncode == 0, empty.output[-3000:]
    assert_nothing_unvetted(empty)
    assert not (empty.site / "practice").exists()

    (project / "content/notes.md").unlink()
    assert plan(project).returncode == 0
    result = zensical(project)
    assert result.returncode == 0, result.output[-3000:]
    assert_nothing_unvetted(result)
    page = result.html("practice/reciprocal-reading-year-5/index.html")
    assert '<div class="op-article op-article--practice">' in page
    assert "<title>Reciprocal reading in Year 5 - Open Practice</title>" in page
    assert 'class="op-facet' in result.html("explore/index.html")  # the plan's values, printed
