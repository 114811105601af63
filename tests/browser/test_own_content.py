"""The trust's own content/, whatever it holds: it validates, builds strictly, and its pages
pass the HTML and link gates. Every other test builds fixture sites (tests/fixture/), so an
adopted project with zero items passes `make test` too; this is the one place where the
project's own pages are checked, and it asserts nothing about how many there are.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from openpractice.validate import validate_project

from ..support import ROOT, TODAY, Build, build
from .conftest import GateResult
from .test_html_valid import run_vnu, where
from .test_links import check_site

pytestmark = [pytest.mark.browser, pytest.mark.build]
PARTS = ("mkdocs.yml", "overrides", "content", "site-plan")


@pytest.fixture(scope="module")
def own_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = tmp_path_factory.mktemp("own")
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / part)
    return build(project)


def test_the_projects_own_content_validates() -> None:
    result = validate_project(ROOT, today=date.fromisoformat(TODAY))
    assert [p.as_text() for p in result.errors] == []


def test_the_projects_own_content_builds(own_build: Build) -> None:
    assert own_build.returncode == 0, own_build.output[-3000:]
    for page in ("index.html", "explore/index.html", "practice/index.html", "research/index.html",
                 "policies/index.html", "policy-register/index.html", "404.html"):
        assert (own_build.site / page).is_file(), page


def test_the_projects_own_pages_pass_the_html_and_link_gates(
    own_build: Build, vnu_command: list[str], gates: dict[str, GateResult],
) -> None:
    assert own_build.returncode == 0
    site: Path = own_build.site
    errors = [m for m in run_vnu(vnu_command, site) if m.get("type") in ("error", "non-document-error")]
    pages, checked, broken = check_site(site, own_build.project / "mkdocs.yml")
    gates["vnu"].add(pages, len(errors), [f"own content: {m.get('message')} ({where(m, site)})"
                                          for m in errors])
    gates["links"].add(checked, len(broken), [f"own content: {b}" for b in broken])
    assert not errors and not broken, (errors[:5], broken[:5])
