"""A contributed Markdown body as the site publishes it: the one pipeline for every page
under content/, decided by the core before any engine sees it.

    cmark-gfm (gfm.py)  ->  nh3 under the site's policy (html_policy.clean)  ->  finish()

`finish` works on nh3's output, whose shape is fixed (every element closed, attribute values
double-quoted with `&<>"` escaped, text with `&<>` escaped, no comments), so one linear scan
of its tags is exact. It

- gives headings their ids (as Python-Markdown's `toc` made them: `## What we did` is
  `#what-we-did`) and makes the page's contents from the headings' *cleaned* text, escaped;
- resolves every link and image address as MkDocs resolves Markdown links (addresses.py):
  `../research/feedback.md` becomes `../../research/feedback/`, a file in content/ its own
  path, and records each, so links are checked and linked files published;
- turns an image from another website into a link to it, named by its alt text (a reader's
  browser would otherwise fetch it, telling that website who reads the page).

    body = publish_body(markdown, "practice/x.md", site_files)
    body.html, body.toc, body.anchors, body.title, body.links
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, slugify

from .addresses import Link, SiteFiles, resolve
from .gfm import to_html
from .html_policy import CLEAN_ATTRIBUTE, SAFE_ID, clean, is_external

# A tag in nh3's output: attribute values never hold a double quote or an angle bracket.
_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?: [a-z-]+(?:="[^"]*")?)*)>')
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_ADDRESSED = {"a", "img"}  # start tags whose address finish() resolves
# The page's contents list at most this many headings (each still gets its id): a long list
# helps no reader, and every page carries its contents in the sidebar.
TOC_LIMIT = 300


@dataclass(frozen=True)
class PublishedBody:
    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)  # nested, as MkDocs' get_toc wants
    anchors: frozenset[str] = frozenset()
    title: str | None = None  # the plain text of a first-line <h1>
    links: tuple[Link, ...] = ()


def publish_body(markdown: str, from_src: str, site: SiteFiles) -> PublishedBody:
    return finish(clean(to_html(markdown)), from_src, site)


@dataclass(slots=True)
class _Heading:
    level: int
    attrs: str
    at: int  # where its start tag goes in the output
    text: list[str] = field(default_factory=list)


class _Finisher:
    def __init__(self, from_src: str, site: SiteFiles, used: set[str]) -> None:
        self.from_src, self.site, self.used = from_src, site, used
        self.out: list[str] = []
        self.tokens: list[dict[str, Any]] = []
        self.links: list[Link] = []
        self.heading: _Heading | None = None
        self.footnote_depth = 0  # inside a heading's footnote reference: not its name
        self.title: str | None = None
        self.repeats: dict[str, int] = {}  # heading slug -> its last number
        self.slugs: dict[str, str] = {}  # heading text -> its slug (pages repeat headings)

    def text(self, chunk: str) -> None:
        self.out.append(chunk)
        if self.heading is not None and not self.footnote_depth:
            self.heading.text.append(chunk)

    def tag(self, closing: str, name: str, attrs: str) -> None:
        if name in _HEADINGS:
            self._heading(closing, name, attrs)
        elif name == "sup" and self.heading is not None:
            self.footnote_depth += -1 if closing else 1
            self.out.append(f"<{closing}{name}{attrs}>")
        elif closing:
            self.out.append(f"</{name}>")
        elif name == "a":
            self.out.append(f"<a{self._address(attrs, 'href')}>")
        elif name == "img":
            self.out.append(self._image(attrs))
        else:
            self.out.append(f"<{name}{attrs}>")

    def _heading(self, closing: str, name: str, attrs: str) -> None:
        level = int(name[1])
        if not closing and self.heading is None:
            self.heading = _Heading(level, attrs, len(self.out))
            self.out.append("")  # its start tag, once its text is known
            return
        if closing and self.heading is not None and self.heading.level == level:
            self._name_heading(self.heading)
            self.heading = None
        self.out.append(f"</{name}>" if closing else f"<{name}{attrs}>")

    def _name_heading(self, heading: _Heading) -> None:
        text = " ".join(html.unescape("".join(heading.text)).split())
        own = dict(CLEAN_ATTRIBUTE.findall(heading.attrs)).get("id")
        if own:
            anchor = html.unescape(own)
        else:
            slug = self.slugs.get(text)
            if slug is None:
                slug = self.slugs[text] = _heading_id(text)
            anchor = self._unique(slug)
        attrs = heading.attrs if own else f' id="{html.escape(anchor)}"{heading.attrs}'
        self.out[heading.at] = f"<h{heading.level}{attrs}>"
        if len(self.tokens) < TOC_LIMIT:
            name = html.escape(text, quote=False)
            self.tokens.append({"level": heading.level, "id": anchor, "name": name, "html": name,
                                "data-toc-label": ""})
        if heading.level == 1 and heading.at == 0 and self.title is None:
            self.title = text

    def _unique(self, slug: str) -> str:
        """`slug`, or `slug_1`, `slug_2`... as Python-Markdown's `toc` numbers repeats, counting
        on from the last number given (its own `unique` starts again at 1 every time, which
        is quadratic in the number of repeats)."""
        if slug and slug not in self.used:
            self.used.add(slug)
            return slug
        number = self.repeats.get(slug, 0)
        while f"{slug}_{number + 1}" in self.used:
            number += 1
        number += 1
        self.repeats[slug] = number
        self.used.add(f"{slug}_{number}")
        return f"{slug}_{number}"

    def _address(self, attrs: str, attribute: str) -> str:
        """The tag's attributes with its address resolved (and the link recorded)."""
        def rewrite(match: re.Match[str]) -> str:
            if match[1] != attribute or match[2] is None:
                return match[0]
            link = resolve(html.unescape(match[2]), self.from_src, self.site)
            self.links.append(link)
            return f' {attribute}="{html.escape(link.url)}"'

        return CLEAN_ATTRIBUTE.sub(rewrite, attrs)

    def _image(self, attrs: str) -> str:
        values = dict(CLEAN_ATTRIBUTE.findall(attrs))
        src = values.get("src")
        if src is None or not is_external(src):
            return f"<img{self._address(attrs, 'src')}>"
        url = html.unescape(src)
        self.links.append(Link("external", url))
        alt = " ".join(html.unescape(values.get("alt") or "").split())
        return (f'<a href="{html.escape(url)}" rel="noopener noreferrer">Image on another website'
                + (f": {html.escape(alt, quote=False)}" if alt else "") + "</a>")


def _heading_id(text: str) -> str:
    """As Python-Markdown's `toc` makes it, unless that is an id the theme or the site uses
    (`__config`, `md-...`, `op-...`), which no contributed heading may take."""
    slug = slugify(text, "-")
    return slug if SAFE_ID.match(slug) else f"h-{slug}".rstrip("-")


def finish(cleaned: str, from_src: str, site: SiteFiles) -> PublishedBody:
    """`cleaned` is `html_policy.clean`'s output (see the module's notes)."""
    tags = list(_TAG.finditer(cleaned))
    used = {html.unescape(value) for tag in tags if 'id="' in tag[3]
            for name, value in CLEAN_ATTRIBUTE.findall(tag[3]) if name == "id"}
    finisher = _Finisher(from_src, site, used)
    pos = 0
    for match in tags:
        # Outside a heading only headings and the start tags of links and images change: the
        # rest is copied as it stands, with the text around it, in one piece.
        if finisher.heading is None and match[2] not in _HEADINGS and (
                match[1] or match[2] not in _ADDRESSED):
            continue
        if match.start() > pos:
            finisher.text(cleaned[pos:match.start()])
        finisher.tag(match[1], match[2], match[3])
        pos = match.end()
    finisher.text(cleaned[pos:])
    out = "".join(finisher.out)
    toc: list[Any] = nest_toc_tokens(finisher.tokens)  # type: ignore[arg-type]
    return PublishedBody(out, toc, frozenset(finisher.used),
                         finisher.title, tuple(finisher.links))
