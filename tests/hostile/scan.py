"""Reading a built site the way an attacker hopes a browser will: what in it can run code.

`active_parts(html)` lists everything in a page that can run or load code: scripts, styles,
stylesheets, frames, forms, meta refreshes, event-handler attributes and script URLs. A
hostile page is inert when its active parts are all ones the unmodified sample site already
has (the theme's own scripts and styles): nothing contributed added any.
"""

from __future__ import annotations

import gzip
import html
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

Part = tuple[str, ...]

FRAMES = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "portal"}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "poster", "data", "background",
    "srcset", "longdesc", "ping", "manifest", "cite",
}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
_SCRIPT_URL = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
# Inline theme scripts differ by page depth only in their relative paths ("..", "../..").
_RELATIVE = re.compile(r'"(?:\.\./)*\.\.?(?=[/"])')
GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[_Element] = []
        self.texts: list[str] = []
        self._raw: _Element | None = None  # inside <script> or <style>
        self._title: list[str] | None = None
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self.elements.append(element)
        if tag in ("script", "style"):
            self._raw = element
        if tag == "title":
            self._title = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._raw = None
        if tag == "title" and self._title is not None:
            self.title, self._title = "".join(self._title), None

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw.text.append(data)
        else:
            self.texts.append(data)
            if self._title is not None:
                self._title.append(data)


@dataclass
class Page:
    elements: list[_Element]
    text: str  # all text outside scripts and styles, entities decoded
    title: str

    def attribute_values(self, tag: str, attribute: str) -> list[str]:
        return [e.attrs[attribute] for e in self.elements if e.tag == tag and attribute in e.attrs]

    def meta(self, name: str) -> str | None:
        found = [e.attrs.get("content", "") for e in self.elements
                 if e.tag == "meta" and e.attrs.get("name") == name]
        return found[0] if found else None


def read(markup: str) -> Page:
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    return Page(reader.elements, "".join(reader.texts), reader.title)


def _script_url(value: str) -> bool:
    return bool(_SCRIPT_URL.match(_INVISIBLE.sub("", html.unescape(value))))


def active_parts(markup: str) -> set[Part]:
    """Everything in the page that can run or load code, as comparable signatures."""
    parts: set[Part] = set()
    for element in read(markup).elements:
        tag, attrs = element.tag, element.attrs
        text = _RELATIVE.sub('"~', "".join(element.text)).strip()
        if tag == "script":
            kind = attrs.get("type", "")
            if kind in ("application/json", "application/ld+json"):
                try:  # data, not code, unless something broke out of it
                    json.loads(text)
                    parts.add(("json-script", attrs.get("id", "")))
                except ValueError:
                    parts.add(("broken-json-script", attrs.get("id", ""), text[:200]))
            elif "src" in attrs:
                parts.add(("script", kind, posixpath.basename(attrs["src"])))
            else:
                parts.add(("script", kind, text))
        elif tag == "style":
            parts.add(("style", text))
        elif tag == "link":
            rel = attrs.get("rel", "").lower()
            loads = rel in ("stylesheet", "icon", "preload", "modulepreload", "manifest", "import")
            parts.add(("link", rel, posixpath.basename(attrs.get("href", "")) if loads else ""))
        elif tag in FRAMES:
            parts.add((tag, *sorted(f"{k}={v}" for k, v in attrs.items())))
        elif tag == "form":
            parts.add(("form", attrs.get("id", ""), attrs.get("action", "")))
        elif tag == "meta" and "http-equiv" in attrs:
            parts.add(("meta-http-equiv", attrs["http-equiv"].lower(), attrs.get("content", "")))
        for name, value in attrs.items():
            if name.startswith("on"):
                parts.add(("event-handler", tag, name, value))
            elif name in URL_ATTRIBUTES and _script_url(value):
                parts.add(("script-url", tag, name, value))
            elif name == "style":
                parts.add(("style-attribute", tag, value))
    return parts


def html_pages(site: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix(), path.read_text(encoding="utf-8", errors="replace")


def all_bytes(site: Path) -> Iterator[tuple[str, bytes]]:
    """Every file of the site, gzip-compressed ones (Pagefind's index, sitemap.xml.gz)
    decompressed."""
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data.startswith(GZIP_MAGIC):
                data = gzip.decompress(data)
            yield path.relative_to(site).as_posix(), data


def files_containing(site: Path, needle: str) -> list[str]:
    wanted = needle.encode("utf-8")
    return [rel for rel, data in all_bytes(site) if wanted in data]
