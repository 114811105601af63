"""A contributed body as the site publishes it (published.py): cleaned by nh3, headings named
from their cleaned text, links resolved and recorded, images from other websites as links."""

from __future__ import annotations

import re

import pytest

from openpractice.addresses import SiteFiles
from openpractice.published import publish_body

SITE = SiteFiles(pages={"practice/x.md", "research/feedback.md", "index.md", "about/index.md"},
                 files={"practice/pic.png", "files/plan.pdf"})


def publish(body: str, src: str = "practice/x.md"):  # type: ignore[no-untyped-def]
    return publish_body(body, src, SITE)


@pytest.mark.parametrize(("body", "ids"), [
    ("## Why it works", ["why-it-works"]),
    ("## What we did\n\n## What we did\n\n## What we did", ["what-we-did", "what-we-did_1", "what-we-did_2"]),
    ("## Pupils & families: *what* changed?", ["pupils-families-what-changed"]),
    ("## Café à l'école", ["cafe-a-lecole"]),
    ("## Notes[^1]\n\n[^1]: A note.", ["notes"]),
    ("<h2 id=\"own\">Raw</h2>\n\n## Own", ["own", "own_1"]),  # a raw heading keeps its own id
])
def test_headings_get_ids_as_python_markdown_made_them(body: str, ids: list[str]) -> None:
    published = publish(body)
    assert [token["id"] for token in _flat(published.toc)] == ids
    for anchor in ids:
        assert f'id="{anchor}"' in published.html
        assert anchor in published.anchors


def test_table_of_contents_nests_and_keeps_heading_text_escaped() -> None:
    published = publish("# Title\n\n## One & two\n\n### Deeper\n\n## Three")
    (top,) = published.toc
    assert (top["level"], top["id"], top["name"]) == (1, "title", "Title")
    assert [(c["name"], [g["id"] for g in c["children"]]) for c in top["children"]] == [
        ("One &amp; two", ["deeper"]), ("Three", [])]


@pytest.mark.parametrize("heading", [
    # Markdown's strip_tags once ran from '<!--' to '-->' across quoted attribute values,
    # leaving a live onerror in the contents: the contents are made from the cleaned text
    '## Head <img src=x alt="<!--" title="-->" onerror=alert(1)>',
    "## <script>alert(1)</script>Head",
    "## Head &lt;img src=x onerror=alert(1)&gt;",
    '## Head <a href="javascript:alert(1)">x</a>',
])
def test_the_contents_hold_only_escaped_text(heading: str) -> None:
    published = publish(heading)
    (token,) = published.toc
    assert "<" not in token["name"]
    assert not re.search(r"<[^>]*\sonerror=", published.html)
    assert "javascript:" not in published.html and "<script" not in published.html


@pytest.mark.parametrize(("body", "title"), [
    ("# Our *reading* plan\n\nText", "Our reading plan"),
    ("# Fish &amp; chips", "Fish & chips"),
    ("Intro\n\n# Later heading", None),  # MkDocs takes only a heading on the first line
    ("## Not level one", None),
])
def test_title_is_a_first_line_h1(body: str, title: str | None) -> None:
    assert publish(body).title == title


def test_link_targets_include_footnotes_and_safe_raw_ids() -> None:
    body = ('Text[^1] <span id="here">x</span> <span id="__config">y</span> <span id="md-x">z</span>'
            ' <span id="main-content">w</span> id="not-in-a-tag"\n\n[^1]: Note.')
    assert publish(body).anchors == {"fn-1", "fnref-1", "here"}


@pytest.mark.parametrize(("fragment", "kept"), [
    ('<div class="md-consent__overlay">x</div>', "<div>x</div>"),
    ('<p class="op-notice md-typeset">x</p>', "<p>x</p>"),
    ('<span role="dialog" aria-hidden="true" style="position:fixed">x</span>', "<p><span>x</span></p>"),
    ('<a href="#a" aria-label="Sign in">x</a>', '<p><a href="#a" rel="noopener noreferrer">x</a></p>'),
    ("<nav><header>x</header></nav>", "x"),
    ("<center>x</center>", "x"),
])
def test_contributed_markup_cannot_reach_the_themes_styles(fragment: str, kept: str) -> None:
    assert publish(fragment).html.strip() == kept


def test_code_language_and_table_alignment_survive() -> None:
    html = publish("```python\nx = 1\n```\n\n| a |\n|:-:|\n| 1 |").html
    assert '<code class="language-python">' in html
    assert '<th style="text-align: center">a</th>' in html


@pytest.mark.parametrize(("body", "link"), [
    ('<img src="https://img.example/a.png" alt="A chart">',
     '<a href="https://img.example/a.png" rel="noopener noreferrer">Image on another website: A chart</a>'),
    ("![A chart](https://img.example/a.png)",
     '<a href="https://img.example/a.png" rel="noopener noreferrer">Image on another website: A chart</a>'),
    # spellings a browser accepts, found by parsing rather than by pattern
    ('<div><img/src="https://img.example/a.png"></div>',
     '<a href="https://img.example/a.png" rel="noopener noreferrer">Image on another website</a>'),
    ('<div><img alt=""src="//img.example/a.png"></div>',
     '<a href="//img.example/a.png" rel="noopener noreferrer">Image on another website</a>'),
    ('<div><img src="\\\\img.example\\a.png"></div>',
     '<a href="\\\\img.example\\a.png" rel="noopener noreferrer">Image on another website</a>'),
    ('<div><img src="https:\\\\img.example/a.png"></div>',
     '<a href="https:\\\\img.example/a.png" rel="noopener noreferrer">Image on another website</a>'),
    ('<div><img src=" &#104;ttps://img.example/a.png"></div>',
     '<a href=" https://img.example/a.png" rel="noopener noreferrer">Image on another website</a>'),
])
def test_images_from_other_websites_become_links(body: str, link: str) -> None:
    html = publish(body).html
    assert link in html and "<img" not in html


@pytest.mark.parametrize(("body", "href", "kind", "target"), [
    ("[a](../research/feedback.md#why)", "../../research/feedback/#why", "page", "research/feedback.md"),
    ("[a](x.md)", "./", "page", "practice/x.md"),
    ("[a](../index.md)", "../../", "page", "index.md"),
    ("[a](pic.png)", "../pic.png", "file", "practice/pic.png"),
    ("[a](../files/plan.pdf)", "../../files/plan.pdf", "file", "files/plan.pdf"),
    ("[a](#here)", "#here", "anchor", "practice/x.md"),
    ("[a](https://eef.org.uk/a?b=1&c=2)", "https://eef.org.uk/a?b=1&amp;c=2", "external", ""),
    ("[a](mailto:office@trust.example)", "mailto:office@trust.example", "external", ""),
    ("[a](missing.md)", "missing.md", "broken", "practice/missing.md"),
    ("[a](../about/)", "../about/", "broken", "about"),
    ("[a](/research/feedback.md)", "/research/feedback.md", "broken", ""),
    ("[a](../../../etc/passwd)", "../../../etc/passwd", "broken", ""),
])
def test_links_are_resolved_as_mkdocs_resolves_them(body: str, href: str, kind: str, target: str) -> None:
    published = publish(body)
    (link,) = published.links
    assert (link.kind, link.target) == (kind, target)
    assert f'href="{href}"' in published.html


@pytest.mark.parametrize(("url", "problem"), [
    ("missing.md", "'missing.md' points at 'practice/missing.md', which is not a published page (check the file name and folder; drafts are not published)"),
    ("../about/", "'../about/' points at 'about', which is not a page or file in content/; link to the page's file, '../about/index.md'"),
    ("/research/feedback.md", "'/research/feedback.md' starts with '/', which breaks when the site is published in a folder; link relative to this page, e.g. '../research/feedback.md'"),
    ("../../x.md", "'../../x.md' points outside content/"),
])
def test_broken_links_say_what_is_wrong(url: str, problem: str) -> None:
    (link,) = publish(f"[a]({url})").links
    assert link.problem == problem


def _flat(tokens: list[dict[str, object]]) -> list[dict[str, object]]:
    flat = []
    for token in tokens:
        flat.append(token)
        flat += _flat(token["children"])  # type: ignore[arg-type]
    return flat


@pytest.mark.parametrize(("heading", "anchor"), [
    ("## __config", "h-__config"), ("## md-header", "h-md-header"), ("## op-explore", "h-op-explore"),
    ("## Main content", "h-main-content"), ("## 2024 results", "2024-results"), ("## !!!", "h"),
])
def test_a_heading_cannot_take_an_id_the_theme_uses(heading: str, anchor: str) -> None:
    assert [t["id"] for t in publish(heading).toc] == [anchor]
