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

# nh3's default tags cover what Markdown produces, less the obsolete ones (the Nu checker
# faults them) and the landmarks a page's own layout owns (a contributed <nav> or <header>
# would be announced as the site's); plus <section>, which cmark-gfm's footnotes use.
TAGS = (set(nh3.ALLOWED_TAGS) - {"acronym", "center", "strike", "tt", "nav", "header", "footer",
                                 "aside", "article", "map", "area", "hgroup"}) | {"section"}
# No `style` (but a table column's alignment), `role` or `aria-hidden`: contributed markup
# must not restyle the page, cover it or hide text from screen readers. `class` and `id`
# pass only the values `_keep_attribute` allows, so nothing contributed can take on the
# theme's styles or scripts.
ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items() if tag in TAGS},
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang", "title", "aria-label"},
    "img": {"src", "alt", "width", "height", "loading", "title"},
    "ol": {"start", "type"},
    "th": {"scope", "rowspan", "colspan", "headers", "style"},
    "td": {"rowspan", "colspan", "headers", "style"},
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
# The classes cmark-gfm itself writes (footnotes, a fenced block's language); nothing else.
_OWN_CLASS = re.compile(r"^(?:footnotes|footnote-ref|footnote-backref|language-[A-Za-z0-9_+#.-]{1,40})$")
# Ids a page may offer as link targets: not the theme's (`__drawer`, `md-...`) or ours (`op-`,
# and `main-content`, the skip link's target in overrides/main.html).
SAFE_ID = re.compile(r"^(?!md-|op-|main-content$)[A-Za-z0-9][A-Za-z0-9_.:-]{0,100}$")


_ALIGN = re.compile(r"^text-align: (?:left|center|right)$")  # cmark-gfm's table alignment


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "style":
        return value if _ALIGN.match(value) else None
    if name == "class":
        kept = " ".join(c for c in value.split() if _OWN_CLASS.match(c))
        return kept or None
    if name == "id":
        return value if SAFE_ID.match(value) else None
    if name == "aria-label" and not value.startswith("Back to reference"):
        return None  # only cmark-gfm's own label on a footnote's way back
    return value


_CLEANER = nh3.Cleaner(  # built once: the policy is the same for every page
    tags=TAGS,
    clean_content_tags={"script", "style", "template", "noscript"},
    attributes=ATTRIBUTES,
    attribute_filter=_keep_attribute,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def clean(fragment: str) -> str:
    """Contributed HTML as the site may publish it. nh3 (html5ever) re-serialises it: every
    element closed, attributes double-quoted with `&<>"` escaped, text with `&<>` escaped, no
    comments; `finish.py` relies on that shape."""
    return str(_CLEANER.clean(fragment))


def attribute(name: str) -> re.Pattern[str]:
    """An attribute in a tag's text, its value double-quoted, single-quoted or bare; its value
    is `attribute_value(match)` (still HTML-escaped)."""
    return re.compile(rf"""(\s{name}\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


def attribute_value(match: re.Match[str]) -> str:
    return next(v for v in match.groups()[1:] if v is not None)


_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
# An <img> start tag in `clean`'s output (attribute values never hold a double quote there).
CLEAN_IMG = re.compile(r'<img((?: [a-z-]+(?:="[^"]*")?)*)>')
CLEAN_ATTRIBUTE = re.compile(r' ([a-z-]+)(?:="([^"]*)")?')


def is_external(src: str) -> bool:
    """Whether a browser would fetch this image address from another website (or by another
    scheme): entities decoded, the spaces and controls it skips dropped, and `\\` read as
    `/`, as browsers read it in web addresses."""
    url = as_browser_reads(src).replace("\\", "/")
    return bool(_EXTERNAL.match(url))


def external_image_urls(fragment: str) -> list[str]:
    """The addresses of the images in a contributed fragment that a browser would fetch from
    elsewhere, found in the markup as the site publishes it (so `<img/src=...>` and other
    spellings a browser accepts count too)."""
    return external_images_in_clean(clean(fragment))


def external_images_in_clean(cleaned: str) -> list[str]:
    """`external_image_urls` of markup `clean` has made already."""
    found = []
    for tag in CLEAN_IMG.finditer(cleaned):
        src = dict(CLEAN_ATTRIBUTE.findall(tag[1])).get("src")
        if src is not None and is_external(src):
            found.append(html.unescape(src))
    return found


# Raw HTML deeper or more broken than any page needs: the parsers behind the checks and the
# cleaner (Python's html.parser, html5ever) slow down far more than linearly on it.
MAX_DEPTH = 400
MAX_UNCLOSED = 1000
_OPEN_OR_CLOSE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th"}  # and self-closing


def markup_trouble(fragment: str) -> str | None:
    """Why a fragment's raw HTML is too deep or too broken to check (one linear scan of its
    tag names), or None. Elements that close themselves are not counted."""
    tags = _OPEN_OR_CLOSE.findall(fragment)
    if len(tags) - fragment.count(">") > MAX_UNCLOSED:
        return (f"more than {MAX_UNCLOSED:,} HTML tags are never closed with '>'; remove the "
                "broken tags")
    depth = deepest = 0
    for closing, name in tags:
        if name.lower() in _VOID:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        return (f"HTML elements are nested more than {MAX_DEPTH} deep; no page needs that: "
                "close the elements you open, or write the page in Markdown")
    return None


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
