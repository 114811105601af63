"""Project settings, read from the `openpractice` plugin block of mkdocs.yml.

The validator must work without MkDocs (and later without Material), so mkdocs.yml is read
here as plain YAML; MkDocs-specific tags such as `!ENV` or `!!python/name:` are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_LICENSE = "CC-BY-4.0"


class ConfigError(Exception):
    """mkdocs.yml is missing something or cannot be read: a usage error (exit 2)."""


@dataclass(frozen=True)
class ProjectConfig:
    root: Path
    docs_dir: Path
    default_license: str = DEFAULT_LICENSE
    contact_domains: tuple[str, ...] = ()
    # Maintainers' pages where macros may run (paths relative to docs_dir).
    trusted_pages: tuple[str, ...] = field(default_factory=tuple)

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
        return ProjectConfig(root=root, docs_dir=root / "content")
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"mkdocs.yml cannot be read: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError("mkdocs.yml must be a mapping of settings")
    return config_from_mapping(root, raw)


def config_from_mapping(root: Path, raw: dict[str, Any]) -> ProjectConfig:
    return project_config(
        root=root,
        docs_dir=root / str(raw.get("docs_dir") or "docs"),
        options=plugin_options(raw, "openpractice") or {},
        macros_options=plugin_options(raw, "macros") or {},
    )


def project_config(
    root: Path, docs_dir: Path, options: dict[str, Any], macros_options: dict[str, Any]
) -> ProjectConfig:
    """The one place settings are interpreted, for the CLI and the MkDocs build alike."""
    domains = options.get("contact_domains") or []
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise ConfigError("mkdocs.yml: openpractice.contact_domains must be a list of domains")
    return ProjectConfig(
        root=root.resolve(),
        docs_dir=docs_dir.resolve(),
        default_license=str(options.get("default_license") or DEFAULT_LICENSE),
        contact_domains=tuple(d.lower() for d in domains),
        trusted_pages=tuple(
            p.lstrip("/") for p in str(macros_options.get("force_render_paths") or "").split()
        ),
    )
