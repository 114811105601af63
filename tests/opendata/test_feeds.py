"""Every feed of the built site: Atom read by feedparser without a single complaint, JSON
Feed valid against JSON Feed 1.1, each holding exactly the items its listing page lists,
newest first, at most 50, and never a draft. Expectations are worked out here from the
catalogue, not taken from the code under test."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest

from openpractice.catalogue import Catalogue, Entry
from openpractice.models import Policy
from openpractice.site.templating import LICENSE_URLS

from .conftest import DRAFT_MARK

pytestmark = pytest.mark.build

SITE_URL = "https://openpractice.trust.example/"
RFC3339 = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"

# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), as a JSON Schema.
_AUTHOR = {"type": "object", "minProperties": 1,
           "properties": {"name": {"type": "string"}, "url": {"type": "string"},
                          "avatar": {"type": "string"}},
           "patternProperties": {"^_": {}}, "additionalProperties": False}
_DATE = {"type": "string", "pattern": RFC3339}
JSON_FEED_1_1 = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": {"type": "string"},
        "feed_url": {"type": "string"},
        "description": {"type": "string"},
        "user_comment": {"type": "string"},
        "next_url": {"type": "string"},
        "icon": {"type": "string"},
        "favicon": {"type": "string"},
        "authors": {"type": "array", "items": _AUTHOR},
        "language": {"type": "string"},
        "expired": {"type": "boolean"},
        "hubs": {"type": "array", "items": {
            "type": "object", "required": ["type", "url"],
            "properties": {"type": {"type": "string"}, "url": {"type": "string"}}}},
        "items": {"type": "array", "items": {
            "type": "object",
            "required": ["id"],
            "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
            "properties": {
                "id": {"type": "string"},
                "url": {"type": "string"},
                "external_url": {"type": "string"},
                "title": {"type": "string"},
                "content_html": {"type": "string"},
                "content_text": {"type": "string"},
                "summary": {"type": "string"},
                "image": {"type": "string"},
                "banner_image": {"type": "string"},
                "date_published": _DATE,
                "date_modified": _DATE,
                "authors": {"type": "array", "items": _AUTHOR},
                "tags": {"type": "array", "items": {"type": "string"}},
                "language": {"type": "string"},
                "attachments": {"type": "array", "items": {
                    "type": "object", "required": ["url", "mime_type"],
                    "properties": {"url": {"type": "string"}, "mime_type": {"type": "string"},
                                   "title": {"type": "string"},
                                   "size_in_bytes": {"type": "number"},
                                   "duration_in_seconds": {"type": "number"}}}},
            },
            "patternProperties": {"^_": {}},
            "additionalProperties": False,
        }},
    },
    "patternProperties": {"^_": {}},
    "additionalProperties": False,
}


def newest(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.model.updated or e.model.date, e.id), reverse=True)[:50]


def expected_feeds(catalogue: Catalogue) -> dict[str, list[Entry]]:
    """feed folder -> the items it must hold, in order."""
    items = list(catalogue)
    feeds = {"": newest(items)}
    for kind in ("practice", "research", "policies"):
        feeds[f"{kind}/"] = newest([e for e in items if e.kind == kind])
    broader = {t.id: list(t.broader) for t in catalogue.taxonomy.themes}

    def with_wider(themes: list[str]) -> set[str]:  # a theme page lists its narrower themes' items
        found, todo = set(themes), list(themes)
        while todo:
            for wider in broader.get(todo.pop(), []):
                if wider not in found:
                    found.add(wider)
                    todo.append(wider)
        return found

    for theme in catalogue.taxonomy.themes:
        feeds[f"themes/{theme.id}/"] = newest([e for e in items if theme.id in with_wider(e.model.themes)])
    for school in catalogue.schools:
        def names(entry: Entry, school: str = school) -> bool:
            model = entry.model
            if isinstance(model, Policy):
                return model.applies_to == "trust" or school in model.applies_to
            return school in model.schools
        feeds[f"schools/{school}/"] = newest([e for e in items if names(e)])
    return feeds


def address(entry: Entry) -> str:
    return f"{SITE_URL}{entry.kind}/{entry.id}/"


def test_every_feed_exists_and_nothing_else_is_called_a_feed(site: Path, catalogue: Catalogue) -> None:
    expected = {f"{folder}{name}" for folder in expected_feeds(catalogue)
                for name in ("feed.xml", "feed.json")}
    found = {p.relative_to(site).as_posix() for p in site.rglob("feed.*")}
    assert found == expected
    assert len(expected) == 2 * (1 + 3 + len(catalogue.taxonomy.themes) + len(catalogue.schools))


def test_atom_feeds_parse_cleanly_with_exactly_the_expected_items(site: Path, catalogue: Catalogue) -> None:
    for folder, entries in expected_feeds(catalogue).items():
        parsed = feedparser.parse((site / folder / "feed.xml").read_bytes())
        assert parsed.bozo == 0, (folder, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.feed.link == SITE_URL + folder
        assert [e.link for e in parsed.entries] == [address(e) for e in entries], folder
        if entries:
            newest_date = entries[0].model.updated or entries[0].model.date
            assert parsed.feed.updated == f"{newest_date.isoformat()}T00:00:00Z"


def test_atom_entries_carry_summary_authors_schools_themes_licence_and_dates(
    site: Path, catalogue: Catalogue,
) -> None:
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    by_link = {e.link: e for e in parsed.entries}
    assert len(by_link) == min(50, len(catalogue))
    for entry in catalogue:
        if address(entry) not in by_link:
            continue
        got, model = by_link[address(entry)], entry.model
        assert got.title == model.title
        assert got.summary == model.summary
        assert got.published == f"{model.date.isoformat()}T00:00:00Z"
        assert got.updated == f"{(model.updated or model.date).isoformat()}T00:00:00Z"
        if model.authors:
            assert [a.name for a in got.authors] == [a.name for a in model.authors]
        else:  # a policy: the feed's own author (the trust) stands for it
            assert "authors" not in got
            assert parsed.feed.author == "Open Practice"
        assert [c.name for c in got.get("contributors", [])] == [
            catalogue.schools[s].name for s in model.schools]
        assert [(t.term, t.scheme) for t in got.tags] == [(t, f"{SITE_URL}themes/") for t in model.themes]
        assert [t.label for t in got.tags] == [catalogue.term("themes", t).label for t in model.themes]
        licence = model.license or "CC-BY-4.0"
        assert got.rights.endswith(f"({licence})")
        assert [link.href for link in got.links if link.rel == "license"] == (
            [LICENSE_URLS[licence]] if licence in LICENSE_URLS else [])


def test_json_feeds_are_valid_json_feed_1_1_with_the_same_items(site: Path, catalogue: Catalogue) -> None:
    validator = jsonschema.Draft202012Validator(JSON_FEED_1_1)
    for folder, entries in expected_feeds(catalogue).items():
        data: dict[str, Any] = json.loads((site / folder / "feed.json").read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], (folder, errors)
        assert data["feed_url"] == f"{SITE_URL}{folder}feed.json"
        assert data["home_page_url"] == SITE_URL + folder
        assert [item["url"] for item in data["items"]] == [address(e) for e in entries]
        for item, entry in zip(data["items"], entries, strict=True):
            model = entry.model
            assert item["summary"] == model.summary
            assert item["date_published"] == f"{model.date.isoformat()}T00:00:00Z"
            assert ("date_modified" in item) == (model.updated is not None)
            assert item.get("authors", []) == [{"name": a.name} for a in model.authors]
            assert item["tags"] == [catalogue.term("themes", t).label for t in model.themes]
            extension = item["_open_practice"]
            assert extension["type"] == entry.kind
            assert [s["id"] for s in extension["schools"]] == list(model.schools)
            assert extension["license"]["id"] == (model.license or "CC-BY-4.0")


def _readable_bytes(path: Path) -> list[bytes]:
    """The file's bytes, or for a Word file (a zip of deflated XML) each part's bytes."""
    if path.suffix != ".docx":
        return [path.read_bytes()]
    with zipfile.ZipFile(path) as docx:
        return [docx.read(name) for name in docx.namelist()]


def test_a_draft_is_in_no_feed_catalogue_or_download(site: Path) -> None:
    checked = 0
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".xml", ".json", ".csv", ".bib", ".ris", ".md", ".docx"):
            for part in _readable_bytes(path):
                assert DRAFT_MARK.encode() not in part, path
            checked += path.suffix == ".docx"
    assert checked  # the Word downloads were read, part by part
    assert not list(site.rglob("opendata-draft*"))


def test_feeds_keep_at_most_fifty_items(tmp_path: Path) -> None:
    from datetime import date, timedelta

    from openpractice.opendata.common import Site
    from openpractice.opendata.feeds import MAX_ITEMS, feed_files
    from openpractice.validate import validate_project

    from ..core.mini import PRACTICE, write_project

    files: dict[str, str | bytes] = {}
    for n in range(MAX_ITEMS + 5):
        text = PRACTICE.replace("date: 2025-03-14", f"date: {date(2025, 6, 1) + timedelta(days=n)}")
        files[f"content/practice/case-{n}.md"] = text
    result = validate_project(write_project(tmp_path, files), today=date(2026, 11, 22))
    assert result.catalogue is not None
    outputs = feed_files(result.catalogue, Site(url=SITE_URL))
    parsed = feedparser.parse(outputs["practice/feed.xml"])
    assert parsed.bozo == 0
    assert [e.link for e in parsed.entries] == [
        f"{SITE_URL}practice/case-{n}/" for n in range(MAX_ITEMS + 4, 4, -1)]
    assert len(json.loads(outputs["feed.json"])["items"]) == MAX_ITEMS
