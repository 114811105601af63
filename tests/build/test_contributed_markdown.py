"""Contributed pages are rendered by cmark-gfm, as GitHub's preview shows them, and MkDocs
still resolves and checks their links: real builds, read as HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..support import build

pytestmark = pytest.mark.build

FRONT = """\
---
title: Marking with a visualiser in Year 4
summary: Live marking under a visualiser, so pupils see feedback being given and use it at once.
date: 2025-09-01
authors: [{name: Sam Okafor}]
schools: [brookside-primary]
themes: [feedback]
stage: piloting
---
"""

BODY = """\
## What we did

We marked one book live under the visualiser[^1] and ~~wrote comments~~ talked instead.
The approach follows the [feedback summary](../research/feedback.md), and its
[key points](../research/feedback.md#what-the-evidence-says); see also www.example.org.

| Week | Books marked live |
|------|------------------:|
| 1    | 3                 |

## What we did

A second heading with the same words gets its own id.

![Books marked live, by week](chart.png) ![Books marked live](https://charts.example.org/b.png)

[^1]: A camera that shows a book on the board.
"""


# The smallest valid PNG: one transparent pixel.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082")


def _write(project: Path, body: str) -> None:
    (project / "content/practice/visualiser-marking.md").write_text(FRONT + body, encoding="utf-8")
    (project / "content/practice/chart.png").write_bytes(PNG)


def test_a_contributed_page_is_rendered_as_github_shows_it(project_copy: Path) -> None:
    research = (project_copy / "content/research/feedback.md").read_text(encoding="utf-8")
    assert "\n## What the evidence says\n" in research  # the anchor the body links to
    _write(project_copy, BODY)
    result = build(project_copy)
    assert result.returncode == 0, result.output
    page = result.html("practice/visualiser-marking/index.html")
    article = page[page.index('<article'):page.index('</article>')]
    # heading ids as before, repeats numbered; the table of contents links to them
    assert '<h2 id="what-we-did">What we did</h2>' in article
    assert '<h2 id="what-we-did_1">What we did</h2>' in article
    toc = page[page.index('md-nav--secondary'):]
    assert re.findall(r'href="#(what-we-did[_1]*)"', toc)[:2] == ["what-we-did", "what-we-did_1"]
    # links to other pages resolved by MkDocs, anchors kept; bare links become links (nh3
    # adds rel to every link)
    links = dict((text, href) for href, text in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', article))
    assert links["feedback summary"] == "../../research/feedback/"
    assert links["key points"] == "../../research/feedback/#what-the-evidence-says"
    assert links["www.example.org"] == "http://www.example.org"
    # GitHub's extras: strikethrough, tables, footnotes
    assert "<del>wrote comments</del>" in article
    assert "<th>Week</th>" in article and '<td style="text-align: right">3</td>' in article
    assert 'href="#fn-1"' in article and '<li id="fn-1">' in article
    # an image in the site is shown; one from another website is a link, never fetched
    assert '<img src="../chart.png" alt="Books marked live, by week">' in article
    assert links["Image on another website: Books marked live"] == "https://charts.example.org/b.png"
    assert "charts.example.org" not in re.sub(r'<a href="[^"]*"', "", page)
    assert (result.site / "practice/chart.png").read_bytes() == PNG


@pytest.mark.parametrize(("link", "message"), [
    ("[gone](../research/no-such-summary.md)",
     "content/practice/visualiser-marking.md:10:12: error: '../research/no-such-summary.md' points "
     "at 'research/no-such-summary.md', which is not a published page (check the file name and "
     "folder; drafts are not published) [broken-link]"),
    ("[gone](../research/feedback.md#no-such-section)",
     "content/practice/visualiser-marking.md:10:35: error: '#no-such-section' is not a heading or "
     "anchor on 'research/feedback.md'; check the heading's id (its words in lower case, joined "
     "by '-') [broken-link]"),
])
def test_a_broken_link_fails_the_build(project_copy: Path, link: str, message: str) -> None:
    _write(project_copy, f"See {link}.\n")
    result = build(project_copy)
    assert result.returncode == 1
    assert message in result.output
    assert "Traceback" not in result.output
