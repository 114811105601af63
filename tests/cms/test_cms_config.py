"""`openpractice cms-config` and the editor files the build publishes under admin/."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import pytest
import yaml

from openpractice.cli import main
from openpractice.cms import (
    DECAP_DIST,
    PREVIEW_CONTEXT,
    cms_config,
    csp,
    editor_files,
    github_repo,
    index_html,
)
from openpractice.data import load_data
from openpractice.models import MODELS

from ..support import ROOT, copy_project

GOLDEN = Path(__file__).parent / "golden" / "config.yml"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("cms") / "project")


def _generated(project: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["cms-config", "--root", str(project)]) == 0
    return capsys.readouterr().out


def test_config_matches_the_golden_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _generated(project, capsys)
    if os.environ.get("OPENPRACTICE_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "the editor's configuration changed; if that is meant, run "
        "OPENPRACTICE_UPDATE_GOLDEN=1 pytest tests/cms and review the diff")


def test_config_follows_the_schema(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = yaml.safe_load(_generated(project, capsys))
    assert config["backend"] == {"name": "github", "repo": "exampleshire-learning-trust/open-practice",
                                 "branch": "main", "squash_merges": True,
                                 "preview_context": PREVIEW_CONTEXT}
    assert config["publish_mode"] == "editorial_workflow"
    # Decap's getDeployPreview does nothing with show_preview_links: false; with site_url, a
    # published entry would link to the home page.
    assert "show_preview_links" not in config and "site_url" not in config
    data = load_data(project / "content" / "_data", project)
    assert data.taxonomy is not None
    collections = {c["name"]: c for c in config["collections"]}
    assert list(collections) == ["practice", "research", "policies"]
    for kind, model in MODELS.items():
        collection = collections[kind]
        assert collection["folder"] == f"content/{kind}"
        assert collection["editor"] == {"notes": True}  # the check's note (editor_feedback.py)
        assert (collection["create"], collection["extension"], collection["format"],
                collection["slug"]) == (True, "md", "frontmatter", "{{slug}}")
        fields = {f["name"]: f for f in collection["fields"]}
        # every field of the schema, and the body; never the id (the file name)
        assert set(fields) == {n for n in model.model_fields if n != "id"} | {"body"}
        for name, info in model.model_fields.items():
            if name not in ("id", "authors", "schools", "themes", "status", "applies_to"):
                assert fields[name]["required"] == info.is_required(), (kind, name)
        assert fields["status"]["default"] == "draft"
        assert fields["themes"] | {"multiple": True, "min": 1, "required": True} == fields["themes"]
        assert [o["value"] for o in fields["themes"]["options"]] == \
            [t.id for t in data.taxonomy.themes]
        assert fields["date"]["format"] == "YYYY-MM-DD" and fields["date"]["time_format"] is False
        assert fields["title"]["pattern"][0] == r"^[\s\S]{5,120}$"
        assert [f["name"] for f in fields["authors"]["fields"]] == ["name", "role"]
        assert [f["required"] for f in fields["authors"]["fields"]] == [True, False]
    evidence = {f["name"]: f for f in collections["practice"]["fields"]}["evidence"]
    assert (evidence["widget"], evidence["collection"], evidence["value_field"]) == \
        ("relation", "research", "{{slug}}")
    research = {f["name"]: f for f in collections["research"]["fields"]}
    assert (research["evidence_strength"]["min"], research["evidence_strength"]["max"],
            research["evidence_strength"]["value_type"]) == (0, 5, "int")
    policy = {f["name"]: f for f in collections["policies"]["fields"]}
    assert policy["statutory"]["widget"] == "boolean"
    assert policy["applies_to"]["options"][0]["value"] == "trust"
    assert policy["review_cycle_months"] | {"min": 1, "max": 60} == policy["review_cycle_months"]


def test_github_repo() -> None:
    assert github_repo("https://github.com/a-trust/site") == "a-trust/site"
    assert github_repo("https://github.com/a-trust/site.git/") == "a-trust/site"
    assert github_repo("https://gitlab.com/a/b") == ""


def test_auth_relay_reaches_backend_and_csp(project: Path) -> None:
    data = load_data(project / "content" / "_data", project)
    assert data.taxonomy is not None
    config = cms_config(data.taxonomy, data.schools, repo_url="https://github.com/t/s",
                        auth_url="https://auth.trust.example/oauth/auth")
    assert config["backend"]["base_url"] == "https://auth.trust.example"
    assert config["backend"]["auth_endpoint"] == "oauth/auth"
    policy = csp(config)
    assert "connect-src 'self' blob: https://api.github.com https://auth.trust.example " in policy
    assert "frame-src 'none'" in policy and "default-src 'self'" in policy
    page = index_html(config, "A <Trust>")
    assert '<meta name="robots" content="noindex">' in page
    assert "A &lt;Trust&gt;" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "no inline script (CSP)"
    assert "http" not in re.sub(r'(content="[^"]*"|http-equiv)', "", page), "nothing from elsewhere"


def test_no_editor_without_node_modules(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = load_data(project / "content" / "_data", project)
    assert data.taxonomy is not None
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.openpractice"):
        files = editor_files(data.taxonomy, data.schools, root=project, repo_url="",
                             site_url="", site_name="S", default_license="CC-BY-4.0")
    assert files == {}
    assert "no web editor" in caplog.text


@pytest.mark.skipif(not (ROOT / DECAP_DIST / "decap-cms.js").is_file(),
                    reason="node_modules/decap-cms is not installed (make browser-deps)")
def test_editor_files_with_decap(project: Path) -> None:
    data = load_data(project / "content" / "_data", project)
    assert data.taxonomy is not None
    files = editor_files(data.taxonomy, data.schools, root=ROOT, repo_url="https://github.com/t/s",
                         site_url="", site_name="S", default_license="CC-BY-4.0")
    assert {"admin/config.yml", "admin/index.html", "admin/decap-cms.js",
            "admin/openpractice-cms.js"} <= set(files)
    assert not any(name.endswith((".md", ".map")) for name in files)
    assert files["admin/decap-cms.js"] == (ROOT / DECAP_DIST / "decap-cms.js").read_bytes()


def test_auth_relay_from_mkdocs_yml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_project(tmp_path / "project")
    mkdocs = project / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8")
    assert "      content_dir: content\n" in text
    mkdocs.write_text(text.replace("      content_dir: content\n", "      content_dir: content\n"
                                   "      editor_auth_url: https://auth.trust.example/auth\n"),
                      encoding="utf-8")
    config = yaml.safe_load(_generated(project, capsys))
    assert config["backend"]["base_url"] == "https://auth.trust.example"
    assert config["backend"]["auth_endpoint"] == "auth"
    mkdocs.write_text(text.replace("      content_dir: content\n", "      content_dir: content\n"
                                   "      editor_auth_url: http://auth.trust.example/\n"),
                      encoding="utf-8")
    assert main(["cms-config", "--root", str(project)]) == 2
    assert "editor_auth_url" in capsys.readouterr().err


def test_out_writes_a_file(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "admin" / "config.yml"
    assert main(["cms-config", "--root", str(project), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")


def test_each_fields_help_is_its_description_and_limits_from_the_schema(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The help is made from models.py (descriptions and limits), so it cannot drift from
    what the validator accepts."""
    config = yaml.safe_load(_generated(project, capsys))
    for collection in config["collections"]:
        model = MODELS[collection["name"]]
        for spec in collection["fields"]:
            info = model.model_fields.get(spec["name"])
            if info is None:  # the body
                continue
            assert info.description, (collection["name"], spec["name"])
            assert spec["hint"].startswith(info.description), spec
            if spec.get("pattern") and spec["name"] in ("title", "summary"):
                low, high = re.findall(r"\d+", spec["pattern"][0])
                assert f"{low} to {high} characters." in spec["hint"]
            if "min" in spec and "max" in spec and spec.get("widget") == "number":
                assert f"From {spec['min']} to {spec['max']}." in spec["hint"]
