"""Every internal link and #fragment in every HTML file of the built sample site resolves.

Pure Python over the files (no browser). A link is internal when it has no scheme and host, or
when it points at the site's own address (site_url in mkdocs.yml, as canonical links do).
Directory URLs resolve to their index.html; a fragment must name an id (or <a name>) in the
target page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from ..support import ROOT, Build
from .conftest import GateResult

pytestmark = pytest.mark.build

LINK_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src",),
    "script": ("src",), "iframe": ("src",), "source": ("src",), "video": ("src", "poster"),
    "audio": ("src",), "form": ("action",), "use": ("href", "xlink:href"),
}


@dataclass
class Parsed:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = Parsed()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.parsed.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.parsed.ids.add(values["name"])
        for attr in LINK_ATTRS.get(tag, ()):
            if attr in values:
                if tag == "link" and values.get("rel", "") in ("preconnect", "dns-prefetch"):
                    continue
                self.parsed.links.append((tag, values[attr].strip()))
        if tag in ("img", "source") and "srcset" in values:
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    self.parsed.links.append((tag, candidate.split()[0]))

    handle_startendtag = handle_starttag


@cache
def parse(path: Path) -> Parsed:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.parsed


def page_url(site: Path, file: Path) -> str:
    """The URL path the server gives `file` (directory URLs: a/b/index.html -> /a/b/)."""
    rel = file.relative_to(site).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def target_file(site: Path, url_path: str) -> Path | None:
    rel = unquote(url_path).lstrip("/")
    if ".." in PurePosixPath(rel).parts:
        return None
    candidate = site / rel
    if url_path.endswith("/") or rel == "" or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name (Material's emoji set-up): ignore them."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_address(config_file: Path = ROOT / "mkdocs.yml") -> tuple[str, str]:
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    parts = urlsplit(str(config.get("site_url") or ""))
    return parts.netloc, parts.path or "/"


def check_site(site: Path, config_file: Path = ROOT / "mkdocs.yml") -> tuple[int, int, list[str]]:
    """(pages, internal links checked, broken links described)."""
    host, base = site_address(config_file)
    pages = sorted(site.rglob("*.html"))
    checked = 0
    broken: list[str] = []
    for file in pages:
        here = page_url(site, file)
        for tag, raw in parse(file).links:
            parts = urlsplit(raw)
            if parts.scheme in ("mailto", "tel", "data", "javascript", "blob"):
                continue
            if parts.scheme or parts.netloc:
                if parts.netloc != host or parts.scheme not in ("http", "https", ""):
                    continue  # an external link: not this gate's business
                if not parts.path.startswith(base):
                    broken.append(f"{here}: <{tag}> {raw} (on the site's host, outside {base})")
                    continue
                resolved = "/" + parts.path[len(base):]
            else:
                resolved = urlsplit(urljoin(here, raw)).path
            checked += 1
            target = target_file(site, resolved)
            if target is None:
                broken.append(f"{here}: <{tag}> {raw} -> {resolved} (no such file)")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                broken.append(f"{here}: <{tag}> {raw} (no id {fragment!r} in {page_url(site, target)})")
    return len(pages), checked, broken


def test_every_internal_link_and_anchor_resolves(
    sample_build: Build, gates: dict[str, GateResult]
) -> None:
    pages, checked, broken = check_site(sample_build.site, sample_build.project / "mkdocs.yml")
    gates["links"].add(checked, len(broken), broken)
    assert pages > 20 and checked > pages, f"too few pages ({pages}) or links ({checked}) found"
    assert not broken, f"{len(broken)} broken internal link(s) in {pages} pages:\n" + "\n".join(broken)


def test_link_checker_can_fail(tmp_path: Path) -> None:
    """The checker is live: each kind of breakage it must catch is caught, good links pass."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2><a name="old"></a>', "utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="a/#old">ok</a><a href="#top">ok</a>'
        '<b id="top"></b><a href="https://elsewhere.example/x">external</a>'
        '<a href="b/">missing page</a><a href="a/#nowhere">missing anchor</a>'
        '<a href="#gone">missing local anchor</a><img src="missing.png" alt="">',
        "utf-8")
    pages, checked, broken = check_site(tmp_path)
    assert (pages, checked) == (2, 8)
    assert len(broken) == 4, broken
