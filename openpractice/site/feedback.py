"""The ways back from every page: "Give feedback on this page" (the repository's feedback form,
its page fields filled in) and "Suggest a change" (the page's file in GitHub's editor), as
plain links, when mkdocs.yml gives the repository's address; and whom to ask about an item:
its own contact, or its school's, as an e-mail with the subject filled in.

    feedback_links(config, "Reading passports", "practice/x.md", editable=True)
    contact_of(entry, catalogue) -> Contact | None
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from ..addresses import page_url
from ..catalogue import Catalogue, Entry
from ..config import ProjectConfig
from ..models import Practice

FEEDBACK_FORM = "feedback.yml"  # .github/ISSUE_TEMPLATE/: its fields `page-title`, `page-url`
BRANCH = "main"


def page_address(config: ProjectConfig, src: str) -> str:
    """The page's published address: absolute with site_url, else site-relative."""
    return config.site_url + page_url(src) if config.site_url else "/" + page_url(src)


def feedback_links(config: ProjectConfig, title: str, src: str, *,
                   editable: bool) -> dict[str, str] | None:
    """`title` is plain text; the links are for a template to print (escaped there)."""
    if not config.repo_url.startswith(("https://", "http://")):
        return None
    query = urlencode({"template": FEEDBACK_FORM, "title": f"Feedback: {title}",
                       "page-title": title, "page-url": page_address(config, src)})
    links = {"feedback_url": f"{config.repo_url}/issues/new?{query}", "edit_url": ""}
    if editable:
        content = config.docs_dir.relative_to(config.root).as_posix()
        links["edit_url"] = f"{config.repo_url}/edit/{BRANCH}/{quote(f'{content}/{src}')}"
    return links


@dataclass(frozen=True)
class Contact:
    text: str  # what the page shows: an address or a role
    mailto: str  # "" for a role


def contact_of(entry: Entry, catalogue: Catalogue, config: ProjectConfig) -> Contact | None:
    """A practice write-up's own contact, else the first of its schools' contacts."""
    own = entry.model.contact if isinstance(entry.model, Practice) else None
    schools = (catalogue.schools.get(s) for s in entry.model.schools)
    given = own or next((s.contact for s in schools if s is not None and s.contact), None)
    if not given:
        return None
    if "@" not in given:
        return Contact(given, "")
    query = urlencode({"subject": entry.model.title,
                       "body": f"About {page_address(config, entry.src_path)}\n\n"},
                      quote_via=quote)
    return Contact(given, f"mailto:{given}?{query}")
