"""broken-link: every link and image in a published page points at something published.

A link to a page is to its `.md` file, relative to the page (`../research/feedback.md`), and
to a heading with `#` and its id (`../research/feedback.md#what-the-evidence-says`); an image
or a download is a file in content/. A draft is not published, so a link to one is broken
too. Checked here, at the link's line, with the same resolution the site plan uses
(addresses.py), so the build never meets a link the validator passed.

Passing::

    Read the [feedback summary](../research/feedback.md) first.

Failing::

    Read the [summary](../research/feedbak.md).   # ... which is not a published page ... [broken-link]
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from ..addresses import Link, SiteFiles, resolve
from ..gfm import to_html
from ..html_policy import clean, is_external
from .body import Body

RULE = "broken-link"
# cmark-gfm's own links and images (a body without raw HTML has no others).
_CMARK_LINK = re.compile(r'<(?:a href|img src)="([^"]*)"')
# Links and images in nh3's output (attribute values never hold a double quote there).
_CLEAN_LINK = re.compile(r'<(a|img)(?: [a-z-]+="[^"]*")*? (?:href|src)="([^"]*)"')

Anchors = Callable[[str], frozenset[str] | None]  # a page's ids, or None: not checked


def links_of(text: str, src: str, site: SiteFiles, cleaned: str | None = None) -> list[Link]:
    """Every link and image address in a body, resolved. A body with raw HTML is cleaned as
    the site cleans it (the links that survive are the ones that count; an image from another
    website becomes a link to it, which is never broken); one without has only cmark-gfm's own
    tags to read."""
    if "<" in text:
        found = _CLEAN_LINK.findall(cleaned if cleaned is not None else clean(to_html(text)))
        return [resolve(html.unescape(url), src, site) for tag, url in found
                if not (tag == "img" and is_external(url))]
    if "](" not in text and "]:" not in text:
        return []
    return [resolve(html.unescape(url), src, site) for url in _CMARK_LINK.findall(to_html(text))]


def check(body: Body, src: str, site: SiteFiles, anchors: Anchors) -> None:
    for link in links_of(body.text, src, site, body.cleaned if "<" in body.text else None):
        if link.kind == "broken":
            body.report((link.url,), link.problem, RULE)
        elif link.fragment and link.kind in ("page", "anchor"):
            ids = anchors(link.target)
            if ids is not None and link.fragment not in ids:
                where = "this page" if link.kind == "anchor" else f"'{link.target}'"
                body.report((f"#{link.fragment}", link.url),
                            f"'#{link.fragment}' is not a heading or anchor on {where}; "
                            f"check the heading's id (its words in lower case, joined by '-')",
                            RULE)
