"""Every page links back: "Give feedback on this page" (the repository's feedback form with
the page's title and address filled in) and, on contributed pages, "Suggest a change" (the
page's file in GitHub's editor); an item gives whom to ask. Only when mkdocs.yml gives the
repository's address."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from openpractice.validate import validate_project

from ..support import TODAY, Build, build, copy_project

pytestmark = pytest.mark.build

REPO = "https://github.com/exampleshire-learning-trust/open-practice"
SITE = "https://openpractice.trust.example/"
LINKS = re.compile(r'<div class="op-feedback">(.*?)</div>', re.S)


def feedback_of(page: str) -> dict[str, str]:
    (block,) = LINKS.findall(page)
    return {unescape(text): unescape(href)
            for href, text in re.findall(r'<a href="([^"]*)">([^<]*)</a>', block)}


def test_every_item_page_links_to_its_feedback_form_and_file(sample_build: Build) -> None:
    catalogue = validate_project(sample_build.project, today=date.fromisoformat(TODAY)).catalogue
    assert catalogue is not None and len(catalogue) > 10
    for entry in catalogue:
        links = feedback_of(sample_build.html(f"{entry.url}index.html"))
        form = urlsplit(links["Give feedback on this page"])
        assert f"{form.scheme}://{form.netloc}{form.path}" == f"{REPO}/issues/new"
        query = {k: v[0] for k, v in parse_qs(form.query).items()}
        assert query == {"template": "feedback.yml", "title": f"Feedback: {entry.model.title}",
                         "page-title": entry.model.title, "page-url": SITE + entry.url}
        assert links["Suggest a change"] == f"{REPO}/edit/main/content/{entry.src_path}"


def test_generated_pages_get_feedback_but_no_file_to_edit(sample_build: Build) -> None:
    links = feedback_of(sample_build.html("policy-register/index.html"))
    assert list(links) == ["Give feedback on this page"]


def test_without_a_repository_neither_link_appears(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(re.sub(r"^repo_url: .*\n", "", config, flags=re.M),
                                        encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output[-2000:]
    for page in result.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "op-feedback" not in text and "/issues/new" not in text, page


def test_an_item_says_whom_to_ask(sample_build: Build) -> None:
    page = sample_build.html("practice/reciprocal-reading-year-5/index.html")
    assert re.search(r'<p class="op-contact">Questions about it\?\s+Contact: Research Champion', page)
