"""What the built pages show people: a "Cite this page" block and a credit line on every item
page, the Subscribe line and feed links on every listing, and, printed, where a page came from.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from openpractice.catalogue import Catalogue
from openpractice.opendata.citations import apa, harvard, plain
from openpractice.opendata.common import Site

pytestmark = pytest.mark.build

SITE = Site(name="Open Practice", url="https://openpractice.trust.example/")
FEED_TYPES = ('type="application/atom+xml"', 'type="application/feed+json"')


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_every_item_page_has_a_cite_block_and_a_credit_line(site: Path, catalogue: Catalogue) -> None:
    for entry in catalogue:
        html = (site / entry.url / "index.html").read_text(encoding="utf-8")
        block = between(html, '<section class="op-cite"', "</section>")
        assert '<h2 id="op-cite">Cite this page</h2>' in block
        texts = re.findall(r'<p class="op-cite__text" data-op-copy="([^"]+)">(.*?)</p>', block, re.S)
        assert [label for label, _ in texts] == ["Copy the APA reference", "Copy the Harvard reference"]
        assert text_of(texts[0][1]) == " ".join(plain(apa(entry, SITE)).split())
        assert text_of(texts[1][1]) == " ".join(plain(harvard(entry, SITE, catalogue.today)).split())
        assert 'href="cite.bib"' in block and 'href="cite.ris"' in block
        credit = between(html, '<p class="op-credit" data-op-copy="Copy the credit line">', "</p>")
        assert text_of(credit).startswith(f"“{entry.model.title}”")
        assert "Open Practice, " in text_of(credit)
        assert f"https://openpractice.trust.example/{entry.url}, {entry.model.license}." in text_of(credit)


def test_copy_buttons_come_from_a_script_so_the_text_stands_alone_without_one(
    site: Path, catalogue: Catalogue,
) -> None:
    entry = next(iter(catalogue))
    html = (site / entry.url / "index.html").read_text(encoding="utf-8")
    assert "<button" not in between(html, '<section class="op-cite"', "</section>")
    assert re.search(r'<script src="[./]*assets/javascripts/copy\.js"></script>', html)
    script = (site / "assets/javascripts/copy.js").read_text(encoding="utf-8")
    assert 'createElement("button")' in script and 'button.type = "button"' in script


def listings(catalogue: Catalogue) -> dict[str, str]:
    """listing page -> its feeds' folder"""
    pages = {"index.html": "", "practice/index.html": "practice/",
             "research/index.html": "research/", "policies/index.html": "policies/"}
    pages |= {f"themes/{t.id}/index.html": f"themes/{t.id}/" for t in catalogue.taxonomy.themes}
    pages |= {f"schools/{s}/index.html": f"schools/{s}/" for s in catalogue.schools}
    return pages


def test_every_listing_links_its_feeds_in_the_head_and_offers_to_subscribe(
    site: Path, catalogue: Catalogue,
) -> None:
    for page, folder in listings(catalogue).items():
        html = (site / page).read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        alternates = re.findall(r'<link rel="alternate " ([^>]+)>', head)
        assert [a for a in alternates if a.startswith(FEED_TYPES)] == [
            a for a in alternates if "feed." in a]
        hrefs = [a.split('href="', 1)[1].split('"', 1)[0] for a in alternates if a.startswith(FEED_TYPES)]
        assert hrefs == [f"https://openpractice.trust.example/{folder}feed.xml",
                         f"https://openpractice.trust.example/{folder}feed.json"], page
        subscribe = between(html, '<p class="op-subscribe">', "</p>")
        assert re.match(r'<a class="op-subscribe__link" href="([./]*)feed\.xml" type="application/atom\+xml">Subscribe ', subscribe), page
        assert "feed reader" in subscribe


def test_pages_that_are_not_listings_offer_no_feed(site: Path) -> None:
    for page in ("themes/index.html", "schools/index.html", "policy-register/index.html",
                 "explore/index.html", "about/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "application/atom+xml" not in html and "op-subscribe" not in html, page


def test_every_printed_page_says_where_it_came_from(site: Path, catalogue: Catalogue) -> None:
    for page in ("index.html", "about/index.html", "policy-register/index.html",
                 *(f"{e.url}index.html" for e in catalogue)):
        html = (site / page).read_text(encoding="utf-8")
        address = "https://openpractice.trust.example/" + page.removesuffix("index.html")
        assert f'data-op-print="Open Practice · {address}"' in html, page
    css = (site / "assets/stylesheets/openpractice.css").read_text(encoding="utf-8")
    assert re.search(r"@media print \{[^@]*content: attr\(data-op-print\)", css)
