"""Project settings, read from the `openpractice` plugin block of mkdocs.yml.

The validator must work without MkDocs (and later without Material), so mkdocs.yml is read
here as plain YAML; MkDocs-specific tags such as `!ENV` or `!!python/name:` are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .yamlpos import YamlProblem, check_depth

DEFAULT_LICENSE = "CC-BY-4.0"
DEFAULT_RESEARCH_REVIEW_MONTHS = 24


class ConfigError(Exception):
    """mkdocs.yml is missing something or cannot be read: a usage error (exit 2)."""


@dataclass(frozen=True)
class ProjectConfig:
    root: Path
    docs_dir: Path  # content/: the contributed source (the plugin's `content_dir`)
    default_license: str = DEFAULT_LICENSE
    contact_domains: tuple[str, ...] = ()
    # The folder the engine builds from (MkDocs' docs_dir): the plan of the site (plan.py).
    plan_dir: Path | None = None
    site_name: str = "Open Practice"
    site_description: str = ""
    site_url: str = ""  # the published address, ending in '/' (mkdocs.yml's site_url)
    repo_url: str = ""  # the repository's address (mkdocs.yml's repo_url), if set
    listing_page_size: int = 50
    # A research summary is due for re-checking this many months after reviewed_on.
    research_review_months: int = DEFAULT_RESEARCH_REVIEW_MONTHS
    # The web editor's OAuth relay (cms.py, docs/ADOPTING.md); '' for Netlify's.
    editor_auth_url: str = ""

    @property
    def data_dir(self) -> Path:
        return self.docs_dir / "_data"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (`!ENV`, `!!python/name:...`)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def plugin_options(mkdocs_config: dict[str, Any], name: str) -> dict[str, Any] | None:
    for entry in mkdocs_config.get("plugins") or []:
        if entry == name:
            return {}
        if isinstance(entry, dict) and name in entry:
            return dict(entry[name] or {})
    return None


def load_config(root: Path) -> ProjectConfig:
    path = root / "mkdocs.yml"
    if not path.exists():
        return ProjectConfig(root=root, docs_dir=root / "content", plan_dir=root / "site-plan")
    try:
        text = path.read_text(encoding="utf-8")
        check_depth(text)  # before the parser recurses (a maintainer's file, read all the same)
        raw = yaml.load(text, Loader=_TolerantLoader) or {}
    except YamlProblem as exc:
        raise ConfigError(f"mkdocs.yml cannot be read: line {exc.mark.line}: {exc.message}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"mkdocs.yml cannot be read: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError("mkdocs.yml must be a mapping of settings")
    return config_from_mapping(root, raw)


def config_from_mapping(root: Path, raw: dict[str, Any]) -> ProjectConfig:
    return project_config(
        root=root,
        plan_dir=root / str(raw.get("docs_dir") or "docs"),
        options=plugin_options(raw, "openpractice") or {},
        site={key: raw.get(key) for key in ("site_name", "site_description", "site_url",
                                            "repo_url")},
    )


def project_config(
    root: Path, plan_dir: Path, options: dict[str, Any], site: dict[str, Any]
) -> ProjectConfig:
    """The one place settings are interpreted, for the CLI and the MkDocs build alike."""
    domains = options.get("contact_domains") or []
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise ConfigError("mkdocs.yml: openpractice.contact_domains must be a list of domains")
    months = options.get("research_review_months", DEFAULT_RESEARCH_REVIEW_MONTHS)
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 120:
        raise ConfigError("mkdocs.yml: openpractice.research_review_months must be a whole "
                          "number of months from 1 to 120")
    content = options.get("content_dir") or "content"
    if not isinstance(content, str):
        raise ConfigError("mkdocs.yml: openpractice.content_dir must be a folder name")
    page_size = options.get("listing_page_size", 50)
    if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
        raise ConfigError("mkdocs.yml: openpractice.listing_page_size must be 1 or more (cards "
                          f"on each page of a type's index), not {page_size}")
    auth_url = options.get("editor_auth_url") or ""
    if not isinstance(auth_url, str) or (auth_url and not auth_url.startswith("https://")):
        raise ConfigError("mkdocs.yml: openpractice.editor_auth_url must be the https:// address "
                          "of the web editor's sign-in relay (docs/ADOPTING.md)")
    content_path, plan_path = (root / content).resolve(), plan_dir.resolve()
    if (content_path.is_relative_to(plan_path) or plan_path.is_relative_to(content_path)
            or root.resolve().is_relative_to(plan_path)):
        raise ConfigError("mkdocs.yml: docs_dir is the folder the site is built from, which the "
                          f"build writes (site-plan); the contributed pages stay in '{content}' "
                          "(the openpractice plugin's content_dir)")
    return ProjectConfig(
        root=root.resolve(),
        docs_dir=(root / content).resolve(),
        plan_dir=plan_dir.resolve(),
        site_name=str(site.get("site_name") or "Open Practice"),
        site_description=str(site.get("site_description") or ""),
        site_url=_with_slash(str(site.get("site_url") or "")),
        repo_url=str(site.get("repo_url") or "").rstrip("/"),
        listing_page_size=page_size,
        default_license=str(options.get("default_license") or DEFAULT_LICENSE),
        contact_domains=tuple(d.lower() for d in domains),
        research_review_months=months,
        editor_auth_url=auth_url,
    )


def _with_slash(url: str) -> str:
    return url if not url or url.endswith("/") else url + "/"
