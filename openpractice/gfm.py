"""Contributed Markdown rendered as GitHub renders it: cmark-gfm, GitHub's own Markdown engine.

A teacher checks a page in GitHub's preview before sending it, so the site shows what that
preview showed: CommonMark with GitHub's tables, strikethrough, bare-link autolinks and
footnotes. Raw HTML passes through here; the validator then refuses what is unsafe
(rules/unsafe_html.py) and the build cleans what is left with nh3 (html_policy.py). GitHub's
tag filter and task lists are left out: the validator must see a `<script>` to report it, and
a task list's checkbox is an `<input>`, which contributed pages may not contain.

cmark-gfm is C and renders a page in well under a millisecond, about 25 times faster
than Python-Markdown, which matters at thousands of pages. What the site adds to its output:

- ids on headings, made as Python-Markdown's `toc` makes them (`## Why it works` becomes
  `id="why-it-works"`, repeats get `_1`, `_2`), and the headings as table-of-contents tokens;
- the ids a page offers as link targets (headings, footnotes, raw HTML ids), so links to
  anchors can be checked;
- each link's `href` and each image's `src` passed through `rewrite_url`, which the MkDocs
  layer points at MkDocs' own link resolver (`practice/x.md` becomes `../x/`).

    rendered = render(body, rewrite_url=lambda url: url)
    rendered.html, rendered.toc_tokens, rendered.anchor_ids, rendered.title
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import cmarkgfm
from cmarkgfm.cmark import Options
from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique

from .html_policy import attribute, attribute_value

OPTIONS = (Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
           | Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES)  # `align` is obsolete HTML
EXTENSIONS = ("table", "strikethrough", "autolink")

# cmark writes headings without attributes; one with attributes is raw HTML and keeps its own.
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
_FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref">.*?</sup>', re.DOTALL)
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(\s[^>]*)>")
_ID, _NAME = attribute("id"), attribute("name")
_LINK_TAG = re.compile(r"<(a|img)(\s[^>]*)>", re.IGNORECASE)
_URL_ATTRIBUTE = {"a": attribute("href"), "img": attribute("src")}
_FIRST_H1 = re.compile(r"\s*<h1\b[^>]*>(.*?)</h1>", re.DOTALL)


@dataclass(frozen=True)
class Rendered:
    html: str
    # nested, as Python-Markdown's `toc` makes them for MkDocs' `get_toc`
    toc_tokens: list[Any] = field(default_factory=list)
    anchor_ids: frozenset[str] = frozenset()
    title: str | None = None  # the text of a first-line <h1>, as MkDocs takes a page title


def to_html(body: str) -> str:
    """cmark-gfm's HTML for a body, before the site adds heading ids (for the body checks)."""
    return str(cmarkgfm.markdown_to_html_with_extensions(body, options=OPTIONS,
                                                         extensions=list(EXTENSIONS)))


def render(body: str, rewrite_url: Callable[[str], str] | None = None) -> Rendered:
    """A body as the site publishes it (before nh3), with its headings and link targets."""
    out = to_html(body)
    if rewrite_url is not None:
        out = rewrite_links(out, rewrite_url)
    used = set(_all_ids(out))
    tokens: list[Any] = []

    def add_id(match: re.Match[str]) -> str:
        level, inner = int(match[1]), match[2]
        name = strip_tags(_FOOTNOTE_REF.sub("", inner))
        anchor = unique(slugify(html.unescape(name), "-"), used)
        tokens.append({"level": level, "id": anchor, "name": name, "html": inner,
                       "data-toc-label": ""})
        return f'<h{level} id="{anchor}">{inner}</h{level}>'

    out = _HEADING.sub(add_id, out)
    first = _FIRST_H1.match(out)
    title = html.unescape(strip_tags(first[1])) if first else None
    return Rendered(out, nest_toc_tokens(tokens), frozenset(used), title)


def rewrite_links(fragment: str, rewrite_url: Callable[[str], str]) -> str:
    """Every `<a href>` and `<img src>` through `rewrite_url` (given and giving unescaped URLs)."""
    def tag(match: re.Match[str]) -> str:
        name = match[1].lower()
        attrs = _URL_ATTRIBUTE[name].sub(rewrite, match[2], count=1)
        return f"<{match[1]}{attrs}>"

    def rewrite(match: re.Match[str]) -> str:
        url = rewrite_url(html.unescape(attribute_value(match)))
        return f'{match[1]}"{html.escape(url, quote=True)}"'

    return _LINK_TAG.sub(tag, fragment)


def _all_ids(fragment: str) -> list[str]:
    """The ids in a fragment's tags, and the names of its `<a>` tags (old-style anchors)."""
    found = []
    for tag in _TAG.finditer(fragment):
        patterns = (_ID, _NAME) if tag[1].lower() == "a" else (_ID,)
        for pattern in patterns:
            if match := pattern.search(tag[2]):
                found.append(html.unescape(attribute_value(match)))
    return found

