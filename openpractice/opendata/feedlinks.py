"""Where each listing's feeds are published, and how its page points at them: `<link
rel="alternate">`s in the head (for browsers and feed readers that discover feeds) and a
visible Subscribe line in the body (for people who have never used a feed reader).

    feed_folder("practice/page-2.md")  -> "practice/"   (every page of a type's index)
    feed_folder("themes/reading.md")   -> "themes/reading/"
    feed_folder("index.md")            -> ""             (the home page: the site's feed)
    feed_folder("themes/index.md")     -> None           (not a listing with a feed)

Imports nothing of the site's pages, which import it.
"""

from __future__ import annotations

import re
from html import escape

from ..addresses import file_href

ATOM = "feed.xml"
JSON_FEED = "feed.json"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"

_KIND_PAGE = re.compile(r"^(practice|research|policies)/(?:index|page-[0-9]+)\.md$")
_GROUP_PAGE = re.compile(r"^(themes|schools)/([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")

# The one sentence under every Subscribe link.
EXPLANATION = ("copy the link into a feed reader (an app such as Thunderbird, Feedly or "
               "NetNewsWire) and it will show you each new or updated item, with no account "
               "or e-mail address needed.")


def feed_folder(src: str) -> str | None:
    """The folder of the feeds a generated listing page offers, or None."""
    if src == "index.md":
        return ""
    if found := _KIND_PAGE.match(src):
        return f"{found[1]}/"
    if (found := _GROUP_PAGE.match(src)) and found[2] != "index":
        return f"{found[1]}/{found[2]}/"
    return None


def head_links(folder: str, title: str, from_src: str, site_url: str = "") -> str:
    """The head's `<link rel="alternate">` for the Atom feed and the JSON Feed: absolute
    addresses when the site's address is known, else relative to the page."""
    links = []
    # `rel` is a list of words, so "alternate " (with its space) is the feed-discovery
    # `alternate` to browsers, feed readers and the Nu checker; but it is not the exact value
    # Material's script selects (`link[rel=alternate]`, for translations of a page), which
    # would fetch a sitemap.xml next to every feed address on every page.
    for name, media, label in ((ATOM, ATOM_TYPE, "Atom"), (JSON_FEED, JSON_FEED_TYPE, "JSON Feed")):
        target = f"{folder}{name}"
        url = site_url + target if site_url else file_href(target, from_src)
        links.append(f'<link rel="alternate " type="{media}" title="{escape(f"{title} ({label})")}" '
                     f'href="{escape(url)}">')
    return "\n".join(links)


def subscribe_html(folder: str, from_src: str, link_text: str) -> str:
    """The visible Subscribe line of a listing (an HTML block; `link_text` is plain text)."""
    atom = escape(file_href(f"{folder}{ATOM}", from_src))
    json_feed = escape(file_href(f"{folder}{JSON_FEED}", from_src))
    return (f'<p class="op-subscribe"><a class="op-subscribe__link" href="{atom}" '
            f'type="{ATOM_TYPE}">{escape(link_text, quote=False)}</a> '
            f'(or the <a href="{json_feed}" type="{JSON_FEED_TYPE}">JSON Feed</a>): '
            f"{EXPLANATION}</p>\n")
