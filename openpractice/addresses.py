"""Where every page and file of the site is published, and what a link in a page points at.

One set of rules for the validator and the site plan alike (MkDocs' `use_directory_urls`
style, which the plugin requires): `practice/x.md` is published at `practice/x/`,
`about/index.md` at `about/`, a file at its own path.

    page_url("practice/x.md")                 -> "practice/x/"
    href("schools/a.md", "practice/x.md")     -> "../../schools/a/"
    reserved_reason("explore/index.md", ...)  -> why a contributed page may not take that address
    resolve(url, "practice/x.md", site)       -> what a contributor's link points at

Addresses are compared, never source names: `explore.md` and `explore/index.md` are both
`explore/`, so either would take the Explore page's place.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from urllib.parse import unquote

# Addresses the build makes itself, whatever content/ holds. Folders: every address inside
# them is the build's (theme and school pages, the search index, the theme's assets, feeds).
GENERATED_FOLDERS = ("themes/", "schools/", "explore/", "policy-register/",
                     "research-register/", "champions-desk/", "start/", "pagefind/", "assets/",
                     "search/", "admin/")
# Single addresses at the top of the site.
GENERATED_FILES = ("", "404.html", "sitemap.xml", "sitemap.xml.gz", "feed.xml", "feed.json",
                   "catalogue.json", "catalogue.schema.json", "robots.txt")
KINDS = ("practice", "research", "policies")
_INDEX_PAGE = re.compile(r"^(practice|research|policies)/(page-[0-9]+/)?$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def page_url(src: str) -> str:
    """The site-relative address of a page: `practice/x.md` -> `practice/x/`, `practice/index.md`
    -> `practice/`, `index.md` -> `` (the home page)."""
    stem = src.removesuffix(".md")
    folder, name = posixpath.split(stem)
    if name == "index":
        return f"{folder}/" if folder else ""
    return f"{stem}/"


def href(target_src: str, from_src: str) -> str:
    """The relative link from one page to another, as MkDocs writes it."""
    relative = posixpath.relpath("/" + page_url(target_src), "/" + page_url(from_src))
    return "./" if relative == "." else f"{relative}/"


def file_href(target: str, from_src: str) -> str:
    """The relative link from a page to a published file (an attachment)."""
    return posixpath.relpath("/" + target, "/" + page_url(from_src))


def reserved_reason(address: str) -> str | None:
    """Why a contributed page or file may not be published at `address`, or None. Compared
    without case: on a Mac's or Windows' disk, `Explore/` is the folder `explore/`, and a
    preview built there would show the contributed page in place of the generated one."""
    folded = address.lower()
    if folded in GENERATED_FILES:
        what = "the home page" if address == "" else f"'{folded}'"
        return f"{what} is made by the build"
    if folded.startswith(GENERATED_FOLDERS):
        return f"everything under '{folded.split('/')[0]}/' is made by the build"
    if _INDEX_PAGE.match(folded):
        return f"'{folded}' is the generated list of {folded.split('/')[0]}"
    return None


# Files the build makes beside the pages (the open data, opendata/): an attachment there
# would be silently replaced.
_BUILD_FILES = re.compile(
    r"^(?:(?:practice|research|policies)\.csv"
    r"|(?:practice|research|policies)/feed\.(?:xml|json)"
    r"|(?:practice|research|policies)/[^/]+/cite\.(?:bib|ris)"
    r"|policies/([^/]+)/\1\.(?:docx|md))$")


def reserved_file_reason(path: str) -> str | None:
    """Why an attachment may not be published at `path` (its path in content/), or None."""
    reason = reserved_reason(path)
    if reason is None and _BUILD_FILES.match(path.lower()):
        reason = f"'{path}' is a file the build makes (feeds, citations, downloads)"
    return reason


def taken_addresses(srcs: Iterable[str]) -> dict[str, list[str]]:
    """address -> the pages published there (more than one is a clash; addresses that
    differ only in case clash too, as reserved_reason explains)."""
    taken: dict[str, list[str]] = {}
    for src in srcs:
        taken.setdefault(page_url(src).lower(), []).append(src)
    return taken


@dataclass(frozen=True)
class Link:
    """What a link in a contributed page points at.

    kind: "external" (another website, a mailto...), "anchor" (this page), "page", "file"
    (an attachment in content/) or "broken" (`problem` says why).
    """

    kind: str
    url: str  # the address to publish (relative, for pages and files)
    target: str = ""  # the page's source path or the file's path in content/
    fragment: str = ""
    problem: str = ""


@dataclass(frozen=True)
class SiteFiles:
    """What a link may point at: the pages that will exist (by source path, generated pages
    included) and the files in content/."""

    pages: Collection[str]
    files: Collection[str]


def resolve(url: str, from_src: str, site: SiteFiles) -> Link:
    """A contributor's link or image address, resolved as MkDocs resolves Markdown links:
    relative to the page's source file, to a `.md` page or a file in content/."""
    cleaned = url.strip()
    if _SCHEME.match(cleaned) or cleaned.startswith(("//", "\\")) or not cleaned:
        return Link("external", url)
    path, _, fragment = cleaned.partition("#")
    path = path.split("?", 1)[0]
    if not path:
        return Link("anchor", url, from_src, fragment)
    if path.startswith("/"):
        return Link("broken", url, problem=f"'{url}' starts with '/', which breaks when the site "
                    "is published in a folder; link relative to this page, e.g. "
                    "'../research/feedback.md'")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(from_src), unquote(path)))
    if target.startswith("../") or target == "..":
        return Link("broken", url, problem=f"'{url}' points outside content/")
    suffix = f"#{fragment}" if fragment else ""
    if target.endswith(".md"):
        if target not in site.pages:
            return Link("broken", url, target, fragment,
                        f"'{url}' points at '{target}', which is not a published page "
                        "(check the file name and folder; drafts are not published)")
        return Link("page", href(target, from_src) + suffix, target, fragment)
    if target in site.files:
        return Link("file", file_href(target, from_src) + suffix, target, fragment)
    index = f"{target}/index.md" if target != "." else "index.md"
    hint = (f"; link to the page's file, '{posixpath.relpath(index, posixpath.dirname(from_src) or '.')}'"
            if index in site.pages else "")
    return Link("broken", url, target, fragment,
                f"'{url}' points at '{target}', which is not a page or file in content/{hint}")
