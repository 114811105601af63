"""The "Start a page" page: a draft of each type made for this trust (its own schools and
terms), each of which validates as it is, with a link that opens GitHub's new-file page with
the draft filled in."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from openpractice.validate import validate_project

from ..support import TODAY, Build, copy_project

pytestmark = pytest.mark.build

REPO = "https://github.com/exampleshire-learning-trust/open-practice"
KINDS = ("practice", "research", "policies")


def drafts(page: str) -> list[str]:
    return [unescape(code) for code in
            re.findall(r'<pre><code class="language-yaml">(.*?)</code></pre>', page, re.S)]


def test_every_draft_validates_in_this_trust(sample_build: Build, tmp_path: Path) -> None:
    page = sample_build.html("start/index.html")
    found = drafts(page)
    assert len(found) == 3
    project = copy_project(tmp_path / "project")
    for kind, text in zip(KINDS, found, strict=True):
        assert "status: draft" in text
        (project / "content" / kind / f"start-page-draft-{kind}.md").write_text(text, encoding="utf-8")
    result = validate_project(project, today=date.fromisoformat(TODAY))
    mine = [p for p in result.problems if "start-page-draft" in p.path]
    assert [p.as_text() for p in mine if p.is_error] == []
    assert {p.rule for p in mine} <= {"empty-section"}  # the sections are there to fill in


def test_each_draft_opens_on_github_filled_in(sample_build: Build) -> None:
    page = sample_build.html("start/index.html")
    links = [unescape(href) for href in re.findall(r'<a class="md-button" href="([^"]*)"', page)]
    assert len(links) == 3
    for kind, link, text in zip(KINDS, links, drafts(page), strict=True):
        parts = urlsplit(link)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO}/new/main/content/{kind}"
        query = parse_qs(parts.query)
        assert query["value"] == [text]
        assert query["filename"][0].endswith("-title.md")


def test_the_contributing_guide_points_to_the_drafts(sample_build: Build) -> None:
    guide = sample_build.html("contributing/index.html")
    assert 'href="../start/"' in guide
    assert "castle-hill-high" not in guide  # no hand-written template naming sample ids
