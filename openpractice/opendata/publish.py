"""The open data of the site, for its plan (plan.py): the files the build makes, by their
site path; what each page adds to its head; and the values an item page's "Cite this page"
block and credit line print. All of it from the catalogue, which never holds a draft.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..catalogue import Catalogue, Entry
from ..config import ProjectConfig
from .catalogue_json import catalogue_files
from .citations import apa, as_html, citation_files, credit_line, harvard, plain
from .common import Site, cite_files, policy_files
from .downloads import download_files
from .feedlinks import feed_folder, head_links
from .feeds import feed_files, feed_titles
from .structured import item_head


def open_data_files(catalogue: Catalogue, config: ProjectConfig) -> dict[str, bytes]:
    """Every file the build makes from the catalogue, by site path, but the policies'
    downloads (`policy_downloads`, the costliest, made beside the rest)."""
    site = Site.of(config)
    files: dict[str, bytes] = {}
    files.update(feed_files(catalogue, site))
    files.update(catalogue_files(catalogue, site))
    files.update(citation_files(catalogue, site))
    return files


def policy_downloads(catalogue: Catalogue, config: ProjectConfig,
                     bodies: Mapping[str, str]) -> dict[str, bytes]:
    """Each policy as a Word file and as Markdown, by site path. `bodies`: each policy
    page's published body HTML by source path (the Word file is made from it)."""
    return download_files(catalogue, dict(bodies), Site.of(config))


def head_elements(catalogue: Catalogue, config: ProjectConfig,
                  generated: Iterable[str]) -> dict[str, str]:
    """source path -> the HTML its page adds to the head: an item's structured data, a
    listing's feed links (`generated`: the source paths of the generated pages)."""
    site = Site.of(config)
    heads = {entry.src_path: item_head(entry, catalogue, site) for entry in catalogue}
    titles = feed_titles(catalogue, site)
    for src in generated:
        folder = feed_folder(src)
        if folder is not None and folder in titles:
            heads[src] = head_links(folder, titles[folder], src, site.url)
    return heads


@dataclass(frozen=True)
class CiteBlock:
    """What an item page's "Cite this page" block and credit line print (op-cite.html)."""

    apa_html: Markup
    apa_text: str
    harvard_html: Markup
    harvard_text: str
    credit: str
    bibtex: str  # links relative to the item's page
    ris: str
    docx: str = ""  # a policy's downloads
    markdown: str = ""


def cite_block(entry: Entry, catalogue: Catalogue, site: Site) -> CiteBlock:
    reference = apa(entry, site)
    harvard_ref = harvard(entry, site, catalogue.today)
    bib, ris = (path.removeprefix(entry.url) for path in cite_files(entry))
    docx = markdown = ""
    if entry.kind == "policies":
        docx, markdown = (path.removeprefix(entry.url) for path in policy_files(entry))
    return CiteBlock(Markup(as_html(reference)), plain(reference),
                     Markup(as_html(harvard_ref)), plain(harvard_ref),
                     credit_line(entry, catalogue, site), bib, ris, docx, markdown)


def article_values(catalogue: Catalogue, config: ProjectConfig) -> Callable[[Entry], dict[str, Any]]:
    """The extra values each item's page template receives (site/article.py)."""
    site = Site.of(config)

    def values(entry: Entry) -> dict[str, Any]:
        return {"op_cite": cite_block(entry, catalogue, site)}

    return values
