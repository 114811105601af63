"""What every open-data output shares: the site's name and address, an item's licence,
labels and dates. Labels come from the site's one vocabulary (the taxonomy, the schools,
`site/templating.py`, `search/records.py`), never redefined here.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from ..addresses import file_href
from ..catalogue import Catalogue, Entry
from ..config import DEFAULT_LICENSE, ProjectConfig
from ..site.templating import LICENSE_URLS

EPOCH = dt.date(1970, 1, 1)  # the `updated` of a feed when the whole site is empty
# Characters XML 1.0 cannot hold (YAML's double-quoted strings can write them: "\a").
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Site:
    """The settings the outputs need (mkdocs.yml's site_name, site_url...)."""

    name: str = "Open Practice"
    url: str = ""  # ends in '/'; empty: addresses stay relative (see `link`)
    description: str = ""
    default_license: str = DEFAULT_LICENSE
    repo_url: str = ""

    @classmethod
    def of(cls, config: ProjectConfig) -> Site:
        return cls(name=config.site_name, url=config.site_url,
                   description=config.site_description,
                   default_license=config.default_license, repo_url=config.repo_url)

    def address(self, path: str) -> str:
        """The published address of a site path (`practice/x/`): absolute from site_url."""
        return self.url + path

    def link(self, path: str, from_file: str) -> str:
        """A link from the file at `from_file` (a site path) to `path`: absolute when the
        site's address is known, else relative to that file's folder."""
        if self.url:
            return self.url + path
        folder = posixpath.dirname(from_file)
        relative = posixpath.relpath("/" + path, "/" + folder) if folder else path or "./"
        return relative + ("/" if path.endswith("/") and not relative.endswith("/") else "")

    def identifier(self, path: str) -> str:
        """A permanent identifier (an Atom id): the address, or a URN without site_url."""
        return self.url + path if self.url else f"urn:open-practice:{path or 'home'}"


@dataclass(frozen=True)
class Licence:
    id: str  # SPDX
    name: str  # the taxonomy's label
    url: str | None  # the licence's deed, when known


def licence_of(entry: Entry, catalogue: Catalogue, site: Site) -> Licence:
    spdx = entry.model.license or site.default_license
    term = catalogue.term("licenses", spdx)
    return Licence(spdx, term.label if term else spdx, LICENSE_URLS.get(spdx))


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    """The listings' order (site/pages.py): last changed first, then by id."""
    return sorted(entries, key=lambda e: (e.model.last_changed, e.id), reverse=True)


def iso_instant(day: dt.date) -> str:
    """A date as an RFC 3339 instant (feeds want one): midnight UTC."""
    return f"{day.isoformat()}T00:00:00Z"


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def cite_files(entry: Entry) -> tuple[str, str]:
    """Where an item's citation files are published: (BibTeX, RIS)."""
    return f"{entry.url}cite.bib", f"{entry.url}cite.ris"


def policy_files(entry: Entry) -> tuple[str, str]:
    """Where a policy's downloads are published: (Word, Markdown)."""
    return f"{entry.url}{entry.id}.docx", f"{entry.url}{entry.id}.md"


def policy_downloads_html(entry: Entry, from_src: str) -> str:
    """A policy's two downloads as links for a listing (the policy register): each link's
    name says which policy, for screen readers listing the page's links."""
    title = escape(entry.model.title, quote=False)
    # "?download" on the Markdown file: an engine reading the plan without the plugin
    # (Zensical) takes a link ending in ".md" for a link to a page of the plan, and fails
    # a strict build when there is none; a web server ignores the query.
    links = [f'<a href="{escape(file_href(path, from_src) + query)}" download>{label}'
             f'<span class="op-sr"> version of {title}</span></a>'
             for path, label, query in zip(policy_files(entry), ("Word", "Markdown"),
                                           ("", "?download"), strict=True)]
    return f'<span class="op-register__files">Download: {links[0]} · {links[1]}</span>'
