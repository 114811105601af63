"""What HTML contributed pages may contain: one policy, used twice.

The validator reports what nh3 would have to remove (so authors learn what is wrong, at the
right line); the build then cleans every contributed page with nh3 under the same policy, so
that even a construct the checks missed is published inert.

Images from other websites are the one thing the build changes rather than removes: a
reader's browser would fetch them from that site, which would then see who reads the page,
and the site promises no third-party requests. Each becomes a link to the image (the
validator warns, rule `external-image`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

# nh3's default tags cover what Markdown produces; attributes add ids, classes and ARIA.
TAGS = set(nh3.ALLOWED_TAGS)
ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "class", "title", "lang", "dir", "aria-label", "aria-hidden", "role"},
    "a": {"href", "hreflang", "title"},
    "img": {"src", "alt", "width", "height", "loading", "title"},
    "ol": {"start", "type"},
    "th": {"scope", "rowspan", "colspan", "align", "headers"},
    "td": {"rowspan", "colspan", "align", "headers"},
    "details": {"open"},
    "time": {"datetime"},
    "abbr": {"title"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Always an error in contributed content (the content contract's list, and their relatives).
FORBIDDEN_TAGS = {
    "script", "style", "iframe", "object", "embed", "frame", "frameset", "applet", "base",
    "meta", "link", "form", "input", "button", "textarea", "select", "svg", "math", "noscript",
    "template", "portal",
}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "poster", "data", "background",
    "cite", "srcset", "longdesc", "usemap", "manifest", "ping",
}
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    # Material reads its settings from the first element with id '__config' (and its toggles
    # from other '__' ids): a contributed element with such an id would be read instead.
    return None if name == "id" and value.startswith("__") else value


_CLEANER = nh3.Cleaner(  # built once: the policy is the same for every page
    tags=TAGS,
    clean_content_tags={"script", "style", "template", "noscript"},
    attributes=ATTRIBUTES,
    attribute_filter=_keep_attribute,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitise(fragment: str) -> str:
    return _CLEANER.clean(external_images_as_links(fragment))


def attribute(name: str) -> re.Pattern[str]:
    """An attribute in a tag's text, its value double-quoted, single-quoted or bare; its value
    is `attribute_value(match)` (still HTML-escaped)."""
    return re.compile(rf"""(\s{name}\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


def attribute_value(match: re.Match[str]) -> str:
    return next(v for v in match.groups()[1:] if v is not None)


_IMG = re.compile(r"<img(\s[^>]*)?>", re.IGNORECASE)
_SRC, _ALT = attribute("src"), attribute("alt")
_EXTERNAL = re.compile(r"^(?:https?:)?//", re.IGNORECASE)  # https://x, //x (nh3 drops other schemes)


def external_image_urls(fragment: str) -> list[str]:
    """The addresses of the images in a fragment that a browser would fetch from elsewhere."""
    return [url for tag in _IMG.finditer(fragment) if (url := _external_src(tag[1] or ""))]


def external_images_as_links(fragment: str) -> str:
    """Each image from another website as a link to it, named by its alt text."""
    def as_link(tag: re.Match[str]) -> str:
        url = _external_src(tag[1] or "")
        if url is None:
            return tag[0]
        alt = _ALT.search(tag[1] or "")
        name = html.unescape(attribute_value(alt)).strip() if alt else ""
        return (f'<a href="{html.escape(url)}">Image on another website'
                + (f": {html.escape(name)}" if name else "") + "</a>")

    return _IMG.sub(as_link, fragment)


def _external_src(attrs: str) -> str | None:
    src = _SRC.search(attrs)
    url = as_browser_reads(attribute_value(src)) if src else ""
    return url if _EXTERNAL.match(url) else None


@dataclass(frozen=True)
class Finding:
    message: str
    needles: tuple[str, ...]  # text to look for in the source, to find the line


def as_browser_reads(url: str) -> str:
    """A URL with entities decoded and the spaces and invisible characters a browser skips gone."""
    return _INVISIBLE.sub("", html.unescape(url))


def bad_scheme(url: str) -> str | None:
    """The dangerous scheme of a URL as a browser would read it (entities, spaces, case)."""
    match = _BAD_SCHEME.match(as_browser_reads(url))
    return match.group(1).lower() if match else None


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.findings.append(Finding(
                f"<{tag}> is not allowed in contributed pages; remove it "
                "(embed media as a link, not as code)", (f"<{tag}",)))
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(Finding(
                    f"the event-handler attribute '{name}' on <{tag}> is not allowed; "
                    "remove it", (name,)))
            elif name in URL_ATTRIBUTES and value and (scheme := bad_scheme(value)):
                self.findings.append(Finding(
                    f"a '{scheme}:' link on <{tag} {name}> is not allowed; link to an "
                    "https:// page or a file in the site instead", (f"{scheme}:", scheme)))

    handle_startendtag = handle_starttag


def find_unsafe(fragment: str) -> list[Finding]:
    finder = _Finder()
    finder.feed(fragment)
    finder.close()
    return finder.findings
