"""Feeds, Atom (RFC 4287) and JSON Feed 1.1, newest first, at most `MAX_ITEMS`:

    feed.xml, feed.json                          the whole site (linked from the home page)
    <type>/feed.xml|json                         practice, research, policies
    themes/<id>/feed.xml|json                    what the theme's page lists
    schools/<id>/feed.xml|json                   what the school's page lists (a policy that
                                                 applies to it or to the whole trust included)

Each entry: title, address, summary, authors (a policy's: the trust, the feed's author),
schools (Atom: contributors; JSON Feed: the `_open_practice` extension), themes (Atom:
categories with the theme's id, label and page; JSON Feed: tags and the extension), the
licence (Atom: rights and a `license` link), first published and, where given, updated.

Deterministic: nothing depends on the clock. A feed's `updated` is its newest item's date;
an empty feed takes the newest date of the whole site (1970-01-01 if the site is empty).
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from ..catalogue import KIND_ORDER, Catalogue, Entry
from ..site.pages import KIND_DESCRIPTIONS, KIND_TITLES
from .common import (
    EPOCH,
    Site,
    iso_instant,
    licence_of,
    newest_first,
    xml_safe,
)
from .feedlinks import ATOM, ATOM_TYPE, JSON_FEED

MAX_ITEMS = 50
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EXTENSION = "_open_practice"  # JSON Feed extensions start with an underscore
LANGUAGE = "en"


@dataclass(frozen=True)
class Feed:
    folder: str  # "" (the site), "practice/", "themes/<id>/", "schools/<id>/"
    title: str
    description: str
    entries: list[Entry]  # newest first, at most MAX_ITEMS

    @property
    def page(self) -> str:
        """The listing page the feed follows (its site address)."""
        return self.folder


def all_feeds(catalogue: Catalogue, site: Site) -> list[Feed]:
    def newest(entries: list[Entry]) -> list[Entry]:
        return newest_first(entries)[:MAX_ITEMS]

    feeds = [Feed("", site.name, site.description or f"Everything new on {site.name}.",
                  newest(catalogue.entries))]
    feeds += [Feed(f"{kind}/", f"{KIND_TITLES[kind]} - {site.name}", KIND_DESCRIPTIONS[kind],
                   newest(catalogue.of_kind(kind))) for kind in KIND_ORDER]
    for theme_id, groups in catalogue.by_theme().items():
        term = catalogue.terms("themes")[theme_id]
        feeds.append(Feed(f"themes/{theme_id}/", f"{term.label} - {site.name}",
                          term.description or f"Practice, research and policies on {term.label}.",
                          newest(_flatten(groups))))
    for school_id, groups in catalogue.by_school().items():
        name = catalogue.school_name(school_id)
        feeds.append(Feed(f"schools/{school_id}/", f"{name} - {site.name}",
                          f"Practice, research and policies from {name}.",
                          newest(_flatten(groups))))
    return feeds


def feed_titles(catalogue: Catalogue, site: Site) -> dict[str, str]:
    """folder -> the feed's title (for the listing pages' head links)."""
    return {feed.folder: feed.title for feed in all_feeds(catalogue, site)}


def _flatten(groups: dict[str, list[Entry]]) -> list[Entry]:
    return [entry for kind in KIND_ORDER for entry in groups[kind]]


def feed_files(catalogue: Catalogue, site: Site) -> dict[str, bytes]:
    fallback = newest_first(catalogue.entries)
    site_updated = fallback[0].model.last_changed if fallback else EPOCH
    files: dict[str, bytes] = {}
    # With site_url every link is absolute, so an item's entry is the same in each of the
    # feeds it is in (the site's, its type's, each theme's and school's): made once.
    entries: dict[str, ET.Element] | None = {} if site.url else None
    items: dict[str, dict[str, Any]] | None = {} if site.url else None
    for feed in all_feeds(catalogue, site):
        files[feed.folder + ATOM] = atom_feed(feed, catalogue, site, site_updated, entries)
        files[feed.folder + JSON_FEED] = json_feed(feed, catalogue, site, items)
    return files


# ------------------------------------------------------------------------------------- Atom

def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag,
                            {key: xml_safe(value) for key, value in attrs.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def atom_feed(feed: Feed, catalogue: Catalogue, site: Site, site_updated: dt.date = EPOCH,
              made: dict[str, ET.Element] | None = None) -> bytes:
    """`made`: entries made for other feeds, by item (given only when links are absolute)."""
    self_path = feed.folder + ATOM
    # Unqualified names under a default namespace declared by hand: ElementTree would
    # otherwise prefix every element ("ns0:entry").
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": LANGUAGE})
    _sub(root, "id", site.identifier(self_path))
    _sub(root, "title", feed.title, type="text")
    _sub(root, "subtitle", feed.description, type="text")
    updated = feed.entries[0].model.last_changed if feed.entries else site_updated
    _sub(root, "updated", iso_instant(updated))
    _sub(root, "link", rel="self", type=ATOM_TYPE, href=site.link(self_path, self_path))
    _sub(root, "link", rel="alternate", type="text/html", href=site.link(feed.page, self_path))
    author = _sub(root, "author")
    _sub(author, "name", site.name)
    if site.url:
        _sub(author, "uri", site.url)
    for entry in feed.entries:
        if made is None:
            root.append(_atom_entry(entry, catalogue, site, self_path))
        else:
            if entry.src_path not in made:
                made[entry.src_path] = _atom_entry(entry, catalogue, site, self_path)
            root.append(made[entry.src_path])  # the same depth in every feed: indented alike
    ET.indent(root)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written + b"\n"


def _atom_entry(entry: Entry, catalogue: Catalogue, site: Site, self_path: str) -> ET.Element:
    model = entry.model
    element = ET.Element("entry")
    _sub(element, "id", site.identifier(entry.url))
    _sub(element, "title", model.title, type="text")
    _sub(element, "link", rel="alternate", type="text/html", href=site.link(entry.url, self_path))
    _sub(element, "published", iso_instant(model.date))
    _sub(element, "updated", iso_instant(model.last_changed))
    for person in model.authors:
        author = _sub(element, "author")
        _sub(author, "name", person.name)
    for school_id in model.schools:
        contributor = _sub(element, "contributor")
        _sub(contributor, "name", catalogue.school_name(school_id))
        _sub(contributor, "uri", site.link(f"schools/{school_id}/", self_path))
    for theme in model.themes:
        _sub(element, "category", term=theme, label=catalogue.term_label("themes", theme),
             scheme=site.link("themes/", self_path))
    _sub(element, "summary", model.summary, type="text")
    licence = licence_of(entry, catalogue, site)
    _sub(element, "rights", f"{licence.name} ({licence.id})", type="text")
    if licence.url:
        _sub(element, "link", rel="license", type="text/html", href=licence.url)
    return element


# -------------------------------------------------------------------------------- JSON Feed

def json_feed(feed: Feed, catalogue: Catalogue, site: Site,
              made: dict[str, dict[str, Any]] | None = None) -> bytes:
    """`made`: items made for other feeds, by item (given only when links are absolute)."""
    self_path = feed.folder + JSON_FEED

    def item(entry: Entry) -> dict[str, Any]:
        if made is None:
            return _json_item(entry, catalogue, site, self_path)
        if entry.src_path not in made:
            made[entry.src_path] = _json_item(entry, catalogue, site, self_path)
        return made[entry.src_path]

    data: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": site.link(feed.page, self_path),
        "feed_url": site.link(self_path, self_path),
        "description": feed.description,
        "language": LANGUAGE,
        "authors": [_person(site.name, site.url)],
        "items": [item(entry) for entry in feed.entries],
    }
    # one line: json writes that in C, and an indented file of thousands of items cost half a
    # second in its pure-Python encoder (readers pretty-print it for themselves)
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _person(name: str, url: str = "") -> dict[str, str]:
    return {"name": name, "url": url} if url else {"name": name}


def _json_item(entry: Entry, catalogue: Catalogue, site: Site, self_path: str) -> dict[str, Any]:
    model = entry.model
    licence = licence_of(entry, catalogue, site)
    item: dict[str, Any] = {
        "id": site.identifier(entry.url),
        "url": site.link(entry.url, self_path),
        "title": model.title,
        "summary": model.summary,
        "content_text": model.summary,
        "date_published": iso_instant(model.date),
    }
    if model.updated:
        item["date_modified"] = iso_instant(model.updated)
    if model.authors:
        item["authors"] = [_person(a.name) for a in model.authors]
    item["tags"] = [catalogue.term_label("themes", t) for t in model.themes]
    item[EXTENSION] = {
        "type": entry.kind,
        "schools": [{"id": s, "name": catalogue.school_name(s),
                     "url": site.link(f"schools/{s}/", self_path)} for s in model.schools],
        "themes": [{"id": t, "label": catalogue.term_label("themes", t),
                    "url": site.link(f"themes/{t}/", self_path)} for t in model.themes],
        "license": {"id": licence.id, "name": licence.name, "url": licence.url},
    }
    return item
