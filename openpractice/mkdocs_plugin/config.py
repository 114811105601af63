"""Typed options of the `openpractice` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class OpenPracticeConfig(Config):
    enabled = c.Type(bool, default=True)
    # The contributed pages and data (MkDocs' docs_dir is the plan the build writes from it).
    content_dir = c.Type(str, default="content")
    # Domains a practice `contact` e-mail address may use.
    contact_domains = c.ListOfItems(c.Type(str), default=[])
    default_license = c.Type(str, default="CC-BY-4.0")
    # Months after reviewed_on when a research summary is due for re-checking.
    research_review_months = c.Type(int, default=24)
    # Index the built site with Pagefind after the build.
    pagefind = c.Type(bool, default=True)
    # Cards on each page of a type's index (practice/, research/, policies/).
    listing_page_size = c.Type(int, default=50)
    # Render the menu once per folder of pages outside the navigation (navmenu.py); off only
    # to check that the site is the same without it.
    nav_cache = c.Type(bool, default=True)
    # The web editor's sign-in relay (https://...); empty: Netlify's (docs/ADOPTING.md).
    editor_auth_url = c.Type(str, default="")
