"""The Nu HTML Checker (vnu.jar, pinned in package.json) over every HTML file of the built
sample site: 0 errors. Needs Java and `npm ci` (both set up by scripts/install-browser-deps.sh);
without them the gate skips loudly, and under CI=true it fails."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from openpractice.mkdocs_plugin.htmlfixes import TOGGLE_FORM_ID, fix_material_markup

from ..support import Build
from .conftest import GateResult

pytestmark = pytest.mark.build


def run_vnu(command: list[str], site: Path) -> list[dict[str, object]]:
    proc = subprocess.run(
        [*command, "--errors-only", "--format", "json", "--skip-non-html", str(site)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    # vnu exits 1 when it reports errors; the JSON (on stderr) is what counts.
    try:
        report = json.loads(proc.stderr or proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"the Nu HTML Checker did not run (exit {proc.returncode}):\n"
                    f"{proc.stdout}\n{proc.stderr}", pytrace=False)
    messages: list[dict[str, object]] = report["messages"]
    return messages


def where(message: dict[str, object], site: Path) -> str:
    path = unquote(urlsplit(str(message.get("url", ""))).path)
    if Path(path).is_relative_to(site):
        path = Path(path).relative_to(site).as_posix()
    return f"{path}:{message.get('lastLine', '?')}"


def test_nu_html_checker_finds_no_errors(
    sample_build: Build, vnu_command: list[str], gates: dict[str, GateResult]
) -> None:
    site = sample_build.site
    files = sorted(site.rglob("*.html"))
    assert len(files) > 20, "the sample site has too few pages for this gate to mean anything"
    messages = run_vnu(vnu_command, site)
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    by_message: dict[str, list[str]] = {}
    for m in errors:
        by_message.setdefault(str(m.get("message")), []).append(where(m, site))
    grouped = sorted(by_message.items(), key=lambda kv: -len(kv[1]))
    lines = [f"{len(places)} x {text} (e.g. {places[0]})" for text, places in grouped]
    gates["vnu"].add(len(files), len(errors), lines)
    affected = len({m.get("url") for m in errors})
    assert not errors, (
        f"vnu: {len(errors)} error(s) in {affected} of {len(files)} files:\n" + "\n".join(lines)
    )


def test_nu_html_checker_can_fail(tmp_path: Path, vnu_command: list[str]) -> None:
    """The gate is live: a page with known errors is reported, so '0 errors' means something."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head><body>'
        '<input type="checkbox" id="a" autocomplete="off"><label for="nowhere">x</label>'
        "</body></html>", encoding="utf-8")
    assert len(run_vnu(vnu_command, tmp_path)) >= 2


MATERIAL_TOGGLES = (
    '<body dir="ltr">\n'
    '    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
    'autocomplete="off">\n'
    '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" '
    'autocomplete="off">\n'
    '<label class="md-nav__link" for="__nav_4" id="__nav_4_label" tabindex="">\n'
    '<label class="md-nav__link" for="__nav_5" id="__nav_5_label" tabindex="0">\n'
)


def test_htmlfixes_make_materials_markup_valid() -> None:
    """The post-page fix (openpractice/mkdocs_plugin/htmlfixes.py) on Material 9.8.1's markup."""
    fixed = fix_material_markup(MATERIAL_TOGGLES)
    assert 'autocomplete="off">' not in fixed.replace(f'<form id="{TOGGLE_FORM_ID}"', "")
    assert fixed.count(f'form="{TOGGLE_FORM_ID}"') == 2
    assert fixed.count(f'<form id="{TOGGLE_FORM_ID}" autocomplete="off" hidden></form>') == 1
    assert fixed.index("<form") < fixed.index('id="__drawer"')
    assert 'tabindex=""' not in fixed and 'tabindex="0"' in fixed
    assert fix_material_markup(fixed) == fixed  # idempotent
    assert fix_material_markup("<p>nothing to fix</p>") == "<p>nothing to fix</p>"
