"""The "Start a page" page (`start/`): for each type, the draft `openpractice new` would write
for this trust, from the schema and the trust's own schools and vocabularies (so it never
names a school or research summary that does not exist), with a "Start ... on GitHub" link
that opens GitHub's new-file page with the draft filled in (when mkdocs.yml gives repo_url).
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode

from ..catalogue import KIND_ORDER, Catalogue
from ..config import ProjectConfig
from ..newpage import NOUNS, template_text
from .pages import KIND_TITLES, START, GeneratedPage

BRANCH = "main"


def start_link(config: ProjectConfig, kind: str, text: str) -> str:
    """GitHub's page for a new file in the type's folder, the draft filled in."""
    content = config.docs_dir.relative_to(config.root).as_posix()
    name = f"your-{NOUNS[kind].replace(' ', '-')}-title.md"
    return (f"{config.repo_url}/new/{BRANCH}/{quote(f'{content}/{kind}')}?"
            + urlencode({"filename": name, "value": text}, quote_via=quote))


def start_page(catalogue: Catalogue, config: ProjectConfig) -> GeneratedPage:
    parts = ["<p>Each draft below is made from this site's own schools and vocabularies, and "
             "passes every check as it is: fill in the title, the summary and the sections, "
             "and change <code>status: draft</code> to <code>published</code> when it is "
             "ready. On your own computer, <code>openpractice new practice \"Your title\"</code> "
             "writes the same draft.</p>"]
    for kind in KIND_ORDER:
        noun = NOUNS[kind]
        parts.append(f"<h2>{KIND_TITLES[kind]}</h2>")
        text = template_text(kind, catalogue, config.default_license)
        if text is None:
            parts.append(f"<p>A {noun} names its school: add the trust's schools to "
                         "<code>content/_data/schools.yml</code> first.</p>")
            continue
        if config.repo_url.startswith(("https://", "http://")):
            parts.append(f'<p><a class="md-button" href="{escape(start_link(config, kind, text))}">'
                         f"Start a {noun} on GitHub</a></p>")
        parts.append(f'<pre><code class="language-yaml">{escape(text, quote=False)}</code></pre>')
    return GeneratedPage(START, "Start a page", "\n".join(parts),
                         description="Drafts of each type of page, ready to fill in.")
