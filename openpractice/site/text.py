"""Safe text and links for generated pages: contributed strings are never markup."""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")


def md_text(value: str) -> str:
    """Escape a contributed string for Markdown inline text (HTML and Markdown syntax)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(value, quote=False))


def page_url(src: str) -> str:
    """The site-relative URL MkDocs gives a page with `use_directory_urls: true` (which the
    plugin requires): `practice/x.md` -> `practice/x/`, `practice/index.md` -> `practice/`."""
    stem = src.removesuffix(".md")
    folder, name = posixpath.split(stem)
    if name == "index":
        return f"{folder}/" if folder else ""
    return f"{stem}/"


def href(target_src: str, from_src: str) -> str:
    """The link from one page to another as MkDocs writes it into the built HTML, for links
    the build writes as HTML itself (listings: MkDocs rewrites only Markdown links)."""
    relative = posixpath.relpath("/" + page_url(target_src), "/" + page_url(from_src))
    return "./" if relative == "." else f"{relative}/"


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def day(value: dt.date) -> str:
    """A date as readers in England write it: 14 March 2025."""
    return f"{value.day} {value.strftime('%B %Y')}"


def impact_text(months: int | None) -> str:
    """EEF-style months of additional progress, in words a reader can say aloud."""
    if months is None:
        return "impact not stated"
    if months == 0:
        return "no additional months' progress"
    sign = "+" if months > 0 else "−"
    unit = "month" if abs(months) == 1 else "months"
    return f"{sign}{abs(months)} {unit}"
