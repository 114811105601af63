"""An item's page as the site publishes it: header, facts, the contributed body, related
items and the reuse box, one partial per component (openpractice/templates/).

The core renders these, not the engine: Jinja here runs with autoescape on, so every
contributed or data-file string is escaped wherever a partial prints it, and the engine's
templates only place the finished article (they call no Python, so any engine that reads
MkDocs' configuration renders the same page).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from ..addresses import page_url
from ..catalogue import Catalogue, Entry
from .templating import template_globals

Article = Callable[[Entry, str], str]  # (item, its published body HTML) -> the article


@pass_context
def _url(context: Context, target: str) -> str:
    """A site-relative address (`schools/x/`) relative to the page being rendered, as MkDocs'
    `url` filter writes it."""
    depth = page_url(context["page_src"]).count("/")
    return "../" * depth + target if target else ("../" * depth or "./")


def article_renderer(catalogue: Catalogue, site_name: str,
                     values: Callable[[Entry], dict[str, Any]] | None = None) -> Article:
    """`values`: more values for an item's templates (the open data's cite block)."""
    env = Environment(loader=PackageLoader("openpractice", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False)  # one build: no need to stat each partial per page
    env.filters["url"] = _url
    env.globals.update(template_globals(catalogue))
    templates = {kind: env.get_template(f"{kind}.html")
                 for kind in ("practice", "research", "policies")}

    def render(entry: Entry, body_html: str) -> str:
        return templates[entry.kind].render(
            item=entry, m=entry.model, body=Markup(body_html), site_name=site_name,
            page_src=entry.src_path, **(values(entry) if values else {}))

    return render
