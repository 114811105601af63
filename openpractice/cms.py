"""The web editor for staff who never use git: Decap CMS, configured from the schema.

`cms_config` turns the pydantic models (models.py), `taxonomy.yml` and `schools.yml` into
Decap's `config.yml`: one folder collection per content type, a select for every vocabulary
(labels from the taxonomy, synonyms in the field's hint), the research a write-up draws on
as a relation to the research collection, and the schema's bounds, patterns and required
fields as Decap's own `min`/`max`/`pattern`/`required`. Whatever the form lets through, the
validator still checks every saved file (every save is a pull request, and `check.yml`
checks every pull request). The check's result comes back into the editor through two of
Decap's own features (editor_feedback.py posts both): a note in the entry's notes pane, and
a commit status named `PREVIEW_CONTEXT`, whose address Decap shows as "View preview".

`editor_files` is what the build publishes under `admin/`: the configuration, an
`index.html` with a strict Content-Security-Policy, the project's own small script
(`openpractice-cms.js`: preview styles and a tidy-up before saving), and Decap's bundle,
copied from `node_modules/decap-cms/dist/` (pinned in package.json). Without node_modules,
no editor is published, and the build says so at INFO level. Nothing is fetched from a CDN.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin
from urllib.parse import urlsplit

import yaml
from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic.fields import FieldInfo

from .models import MODELS, Author, ItemBase, School, Source, Stage, Status, Taxonomy

log = logging.getLogger("mkdocs.plugins.openpractice")

ADMIN = "admin"
DECAP_DIST = Path("node_modules") / "decap-cms" / "dist"
# decap-server on its default port (it reads PORT), where `make edit` runs it.
LOCAL_BACKEND_URL = "http://127.0.0.1:8081/api/v1"
# One media folder, linked relatively from each page (`../media/photo.jpg`): an attachment
# is published only when a published page links to it, as any other attachment.
MEDIA_FOLDER = "content/media"
# The commit status the check posts on a save's pull request (editor_feedback.py), and that
# the editor reads for its "View preview" link (Decap's `backend.preview_context`): one name
# for both, or the link never shows.
PREVIEW_CONTEXT = "Open Practice preview"

TYPE_LABELS = {"practice": ("Practice write-ups", "Practice write-up"),
               "research": ("Research summaries", "Research summary"),
               "policies": ("Policies", "Policy")}
VOCABULARY_FIELDS = {"phases": "phases", "subjects": "subjects", "themes": "themes",
                     "pupil_groups": "pupil_groups", "eef_strand": "eef_strands",
                     "approved_by": "approval_bodies", "license": "licenses"}
FIELD_LABELS = {
    "title": "Title", "summary": "Summary", "date": "First published", "updated": "Updated",
    "authors": "Authors", "schools": "Schools", "phases": "Phases", "subjects": "Subjects",
    "themes": "Themes", "status": "Status", "license": "Licence", "pupil_groups": "Pupil groups",
    "stage": "Stage", "evidence": "Research it draws on", "contact": "Contact",
    "source": "Source", "evidence_strength": "Evidence strength (0-5)",
    "impact_months": "Impact (months of progress)", "eef_strand": "EEF Toolkit strand",
    "reviewed_by": "Checked by", "reviewed_on": "Checked on", "version": "Version",
    "owner": "Owner", "approved_by": "Approved by", "approved_on": "Approved on",
    "review_cycle_months": "Review cycle (months)", "next_review": "Next review",
    "statutory": "Statutory", "applies_to": "Applies to", "name": "Name", "role": "Role",
    "authors_source": "Authors", "year": "Year", "publisher": "Publisher", "url": "Web address",
    "doi": "DOI",
}
TRUST = "trust"  # applies_to: trust (openpractice-cms.js turns the one-item list into it)


def _metadata(info: FieldInfo) -> list[Any]:
    """The field's constraints, also those inside an optional type (`Annotated[int, ...] |
    None`)."""
    found = list(info.metadata)
    if get_origin(info.annotation) not in (Union, UnionType):
        return found
    for arg in get_args(info.annotation):
        if get_origin(arg) is Annotated:
            for meta in arg.__metadata__:
                found += list(meta.metadata) if isinstance(meta, FieldInfo) else [meta]
    return found


def _limits(info: FieldInfo) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for meta in _metadata(info):
        for attr, key in (("min_length", "min_length"), ("max_length", "max_length"),
                          ("ge", "ge"), ("le", "le"), ("pattern", "pattern")):
            value = getattr(meta, attr, None)
            if value is not None:
                found[key] = value
        if isinstance(meta, MinLen):
            found["min_length"] = meta.min_length
        elif isinstance(meta, MaxLen):
            found["max_length"] = meta.max_length
        elif isinstance(meta, Ge):
            found["ge"] = meta.ge
        elif isinstance(meta, Le):
            found["le"] = meta.le
    return found


def _string_limits(info: FieldInfo) -> dict[str, Any]:
    limits = _limits(info)
    low, high = limits.get("min_length"), limits.get("max_length")
    if low is not None and high is not None:
        return {"pattern": [f"^[\\s\\S]{{{low},{high}}}$",
                            f"Must be {low} to {high} characters long"]}
    return {}


def _term_options(terms: Iterable[Any]) -> list[dict[str, str]]:
    return [{"label": term.label, "value": term.id} for term in terms]


def _synonyms_hint(terms: Iterable[Any]) -> str:
    known = [f"{term.label}: {', '.join(term.synonyms[:3])}" for term in terms if term.synonyms]
    return ("Also known as — " + "; ".join(known) + ".") if known else ""


def _hint(info: FieldInfo, extra: str = "") -> dict[str, str]:
    """The help under a field: its description in models.py, then its limits, as the schema
    states them (so the help can never promise what the validator refuses)."""
    text = " ".join(part for part in (info.description or "", _limits_text(info), extra) if part)
    return {"hint": text} if text else {}


def _limits_text(info: FieldInfo) -> str:
    limits = _limits(info)
    low, high = limits.get("min_length"), limits.get("max_length")
    if low is not None and high is not None:
        return f"{low} to {high} characters."
    if "ge" in limits and "le" in limits:
        return f"From {limits['ge']} to {limits['le']}."
    if low and get_origin(info.annotation) is list:
        return "At least one." if low == 1 else f"At least {low}."
    return ""


def _label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def _date(name: str, required: bool) -> dict[str, Any]:
    return {"widget": "datetime", "date_format": "YYYY-MM-DD", "time_format": False,
            "format": "YYYY-MM-DD", "picker_utc": True, "required": required}


def _list_required(info: FieldInfo) -> tuple[bool, dict[str, Any]]:
    low = _limits(info).get("min_length")
    return (bool(low), {"min": low} if low else {})


def _field(name: str, info: FieldInfo, model: type[Any], taxonomy: Taxonomy,
           schools: list[School], default_license: str) -> dict[str, Any] | None:
    required = info.is_required()
    spec: dict[str, Any] = {"label": _label(name), "name": name}
    if name in VOCABULARY_FIELDS:
        terms = getattr(taxonomy, VOCABULARY_FIELDS[name])
        multiple = name in ("phases", "subjects", "themes", "pupil_groups")
        spec |= {"widget": "select", "options": _term_options(terms)}
        if multiple:
            list_required, minimum = _list_required(info)
            spec |= {"multiple": True, "required": list_required, **minimum}
        else:
            spec["required"] = required
        if name == "license":
            spec |= {"default": default_license}
        spec |= _hint(info, _synonyms_hint(terms))
        return spec
    if name == "schools":
        list_required, minimum = _list_required(info)
        spec |= {"widget": "select", "multiple": True, "required": list_required, **minimum,
                 "options": [{"label": s.name, "value": s.id} for s in schools]}
    elif name == "applies_to":
        spec |= {"widget": "select", "multiple": True, "required": True, "min": 1,
                 "options": [{"label": "The whole trust", "value": TRUST},
                             *({"label": s.name, "value": s.id} for s in schools)]}
    elif name == "authors":
        list_required, minimum = _list_required(info)
        spec |= {"widget": "list", "required": list_required, **minimum,
                 "summary": "{{fields.name}}",
                 "fields": [_object_field(n, i, Author) for n, i in Author.model_fields.items()]}
    elif name == "source":
        spec |= {"widget": "object", "required": True, "collapsed": False,
                 "fields": [_object_field(n, i, Source) for n, i in Source.model_fields.items()]}
    elif name == "evidence":
        spec |= {"widget": "relation", "collection": "research", "value_field": "{{slug}}",
                 "search_fields": ["title"], "display_fields": ["title"], "multiple": True,
                 "required": False}
    elif name == "status":
        spec |= {"widget": "select", "default": Status.DRAFT.value, "required": True,
                 "options": [{"label": s.value.capitalize(), "value": s.value} for s in Status]}
    elif name == "stage":
        spec |= {"widget": "select", "required": True,
                 "options": [{"label": s.value.capitalize(), "value": s.value} for s in Stage]}
    elif name in ("date", "updated", "approved_on", "next_review", "reviewed_on"):
        spec |= _date(name, required)
    elif name == "statutory":
        spec |= {"widget": "boolean", "default": False, "required": True}
    elif (bounds := _limits(info)) and ("ge" in bounds or "le" in bounds):
        spec |= {"widget": "number", "value_type": "int", "required": required}
        if "ge" in bounds:
            spec["min"] = bounds["ge"]
        if "le" in bounds:
            spec["max"] = bounds["le"]
    elif name == "summary":
        spec |= {"widget": "text", "required": required, **_string_limits(info)}
    else:
        spec |= {"widget": "string", "required": required, **_string_limits(info)}
    spec |= _hint(info)
    return spec


def _object_field(name: str, info: FieldInfo, model: type[Any]) -> dict[str, Any]:
    required = info.is_required()
    label = FIELD_LABELS["authors_source"] if (model is Source and name == "authors") \
        else _label(name)
    spec: dict[str, Any] = {"label": label, "name": name}
    if model is Source and name == "authors":
        spec |= {"widget": "list", "required": True, "min": 1,
                 "field": {"label": "Author", "name": "author", "widget": "string"}}
        return spec | _hint(info)
    if model is Source and name == "year":
        return spec | {"widget": "number", "value_type": "int", "min": _limits(info)["ge"],
                       "required": True, **_hint(info)}
    spec |= {"widget": "string", "required": required}
    if model is Source and name == "doi":
        spec["pattern"] = [_limits(info)["pattern"], "A DOI starts with 10. and a slash, "
                                                     "e.g. 10.1234/abcd"]
    if model is Source and name == "url":
        spec["pattern"] = [r"^https?://\S+$", "Start with https:// or http://"]
    return spec | _hint(info)


def _collection(kind: str, model: type[ItemBase], taxonomy: Taxonomy, schools: list[School],
                default_license: str) -> dict[str, Any]:
    plural, singular = TYPE_LABELS[kind]
    fields = [spec for name, info in model.model_fields.items() if name != "id"
              if (spec := _field(name, info, model, taxonomy, schools, default_license))]
    fields.append({"label": "Body", "name": "body", "widget": "markdown",
                   "hint": "The text of the page. Never a pupil's name with a date of birth, "
                           "a UPN or a personal address or phone number."})
    return {
        "name": kind, "label": plural, "label_singular": singular,
        "folder": f"content/{kind}", "create": True, "extension": "md",
        "format": "frontmatter", "slug": "{{slug}}", "identifier_field": "title",
        "summary": "{{title}}", "sortable_fields": ["title", "date"],
        "view_filters": [{"label": "Drafts", "field": "status", "pattern": "draft"}],
        # The notes pane (editorial workflow only): the check's result is a note there.
        "editor": {"notes": True},
        "media_folder": f"../{MEDIA_FOLDER.rsplit('/', 1)[-1]}",
        "public_folder": f"../{MEDIA_FOLDER.rsplit('/', 1)[-1]}",
        "fields": fields,
    }


def github_repo(repo_url: str) -> str:
    """`owner/name` of a GitHub repository address, or '' for anything else."""
    parts = urlsplit(repo_url)
    path = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.netloc.lower() in ("github.com", "www.github.com") and len(path) == 2:
        return "/".join(path)
    return ""


def cms_config(taxonomy: Taxonomy, schools: Iterable[School], *, repo_url: str,
               site_url: str = "", default_license: str = "CC-BY-4.0",
               auth_url: str = "", local_backend_url: str = LOCAL_BACKEND_URL) -> dict[str, Any]:
    """Decap's configuration, as a mapping (`config_yaml` writes it)."""
    schools = list(schools)
    backend: dict[str, Any] = {"name": "github", "repo": github_repo(repo_url) or "OWNER/REPO",
                               "branch": "main", "squash_merges": True,
                               "preview_context": PREVIEW_CONTEXT}
    if auth_url:  # the trust's own OAuth relay (docs/ADOPTING.md); else Netlify's
        parts = urlsplit(auth_url)
        backend |= {"base_url": f"{parts.scheme}://{parts.netloc}",
                    "auth_endpoint": parts.path.lstrip("/") or "auth"}
    config: dict[str, Any] = {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "local_backend": {"url": local_backend_url},
        "media_folder": MEDIA_FOLDER,
        "public_folder": "/media",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "locale": "en",
        "search": True,
        "collections": [_collection(kind, model, taxonomy, schools, default_license)
                        for kind, model in MODELS.items()],
    }
    # `display_url` only: Decap's `site_url` would give a published entry a "View live" link
    # to the home page (no `preview_path`: the artifact's address cannot take one), and
    # `show_preview_links: false` would hide the check's "View preview" link too.
    if site_url:
        config["display_url"] = site_url
    return config


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value,
                                   style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)


def config_yaml(config: dict[str, Any]) -> str:
    header = ("# Decap CMS configuration, generated by `openpractice cms-config` from the schema,\n"
              "# taxonomy.yml and schools.yml. Do not edit: change those and generate it again.\n")
    return header + yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                              width=100, default_flow_style=False)


def csp(config: dict[str, Any]) -> str:
    connect = ["'self'", "blob:", "https://api.github.com"]
    backend = config["backend"]
    if backend.get("base_url"):
        connect.append(backend["base_url"])
    local = config.get("local_backend")
    if isinstance(local, dict) and local.get("url"):
        parts = urlsplit(local["url"])
        connect.append(f"{parts.scheme}://{parts.netloc}")
    # Decap compiles its configuration schema with ajv (new Function): 'unsafe-eval'. Its
    # widgets style themselves with emotion (<style> elements): 'unsafe-inline' for styles.
    return ("default-src 'self'; script-src 'self' 'unsafe-eval'; "
            f"connect-src {' '.join(connect)}; img-src 'self' data: blob:; "
            "style-src 'self' 'unsafe-inline'; font-src 'self' data:; frame-src 'none'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'")


def index_html(config: dict[str, Any], site_name: str) -> str:
    from html import escape
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{escape(csp(config))}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        f"<title>Editor · {escape(site_name)}</title>\n"
        "<link rel=\"config\" type=\"text/yaml\" href=\"config.yml\">\n"
        "</head>\n<body>\n"
        "<noscript>The editor needs JavaScript. You can also edit the files on GitHub.</noscript>\n"
        "<script src=\"decap-cms.js\"></script>\n"
        "<script src=\"openpractice-cms.js\"></script>\n"
        "</body>\n</html>\n"
    )


# The project's own script: the site's styles in the preview, and a tidy-up before saving
# (Decap writes '' for an emptied optional field, which the schema would refuse, and
# `applies_to: [trust]` is written as the schema's `trust`).
OWN_SCRIPT = """\
/* Open Practice: made by openpractice/cms.py. */
(function () {
  "use strict";
  var CMS = window.CMS;
  if (!CMS) { return; }
  CMS.registerPreviewStyle("../assets/stylesheets/openpractice.css");
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      data.forEach(function (value, key) {
        var empty = value === "" || value === null || value === undefined ||
          (value && typeof value.size === "number" && value.size === 0 && key !== "body");
        if (empty) { data = data.delete(key); }
      });
      var applies = data.get("applies_to");
      if (applies && typeof applies.includes === "function" && typeof applies !== "string" &&
          applies.includes("trust")) {
        data = data.set("applies_to", "trust");
      }
      return data;
    }
  });
}());
"""


def editor_files(taxonomy: Taxonomy, schools: Iterable[School], *, root: Path, repo_url: str,
                 site_url: str, site_name: str, default_license: str,
                 auth_url: str = "") -> dict[str, bytes]:
    """The files of `admin/` by site path, or none when Decap is not installed."""
    dist = root / DECAP_DIST
    bundle = dist / "decap-cms.js"
    if not bundle.is_file():
        log.info("openpractice: no web editor at admin/ (node_modules/decap-cms is not "
                 "installed; run 'make browser-deps')")
        return {}
    config = cms_config(taxonomy, schools, repo_url=repo_url, site_url=site_url,
                        default_license=default_license, auth_url=auth_url)
    files = {f"{ADMIN}/config.yml": config_yaml(config).encode("utf-8"),
             f"{ADMIN}/index.html": index_html(config, site_name).encode("utf-8"),
             f"{ADMIN}/openpractice-cms.js": OWN_SCRIPT.encode("utf-8"),
             f"{ADMIN}/decap-cms.js": bundle.read_bytes()}
    # The bundle loads its chunks (and two WebAssembly files) from its own folder.
    for path in sorted(dist.iterdir()):
        if re.fullmatch(r"\d+\.decap-cms\.js|[0-9a-f]+\.wasm", path.name):
            files[f"{ADMIN}/{path.name}"] = path.read_bytes()
    return files


def write_cms_config(root: Path, out: Path | None) -> int:
    """`openpractice cms-config`: exit 0 written, 1 when the data files have errors, 2 on a
    usage error."""
    import sys

    from .config import ConfigError, load_config
    from .data import load_data

    try:
        config = load_config(root)
    except ConfigError as exc:
        print(f"openpractice: error: {exc}", file=sys.stderr)
        return 2
    data = load_data(config.data_dir, config.root)
    errors = [p for p in data.problems if p.is_error]
    if data.taxonomy is None or errors:
        for problem in errors:
            print(problem.as_text(), file=sys.stderr)
        print("openpractice: error: fix taxonomy.yml and schools.yml first", file=sys.stderr)
        return 1
    text = config_yaml(cms_config(data.taxonomy, data.schools, repo_url=config.repo_url,
                                  site_url=config.site_url, auth_url=config.editor_auth_url,
                                  default_license=config.default_license))
    if out is None:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(out, file=sys.stderr)
    return 0
