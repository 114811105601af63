"""Real Chromium (Debian's, never a downloaded build) serving the built sample site.

Without a browser the tests skip with a loud reason, except under CI=true, where a missing
browser is a failure: a skipped gate must never pass for a green one.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import pytest

from ..support import ROOT, TODAY, Build

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _unavailable(reason: str, gate: str = "BROWSER GATES") -> NoReturn:
    message = f"{gate} NOT RUN: {reason}"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI=true: the browser gates must run)", pytrace=False)
    pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(sample_build: Build) -> Iterator[str]:
    """The sample site served from 127.0.0.1 on a free port."""
    handler = functools.partial(_QuietHandler, directory=str(sample_build.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


# --- Quality gates: page types, viewports, external tools, and the counts every run prints ---

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

# One page of every kind the site publishes. The gates run on one URL of each; `page_paths`
# finds that URL in the catalogue and the built site, so content changes never break them.
PAGE_TYPES = (
    "home", "practice-index", "research-index", "policies-index",
    "practice-item", "research-item", "policy-item",
    "themes-index", "theme", "schools-index", "school", "policy-register",
    "research-register", "champions-desk", "explore", "content-page", "accessibility-statement", "404",
)

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass
class GateResult:
    """What one gate checked and found. `not_run` holds the reason a gate could not run."""

    name: str
    unit: str  # what was checked: "pages", "files" ...
    finding: str  # what counts against it: "violations", "errors" ...
    checked: int = 0
    found: int = 0
    not_run: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def add(self, checked: int, found: int, details: Iterable[str] = ()) -> None:
        self.checked += checked
        self.found += found
        self.details.extend(details)

    def line(self) -> str:
        if self.not_run and not self.checked:
            return f"{self.name}: NOT RUN ({self.not_run[0]})"
        text = f"{self.name}: {self.checked} {self.unit} checked, {self.found} {self.finding}"
        if self.not_run:
            text += f" (PARTLY NOT RUN: {self.not_run[0]})"
        return text


GATES: dict[str, GateResult] = {
    "axe": GateResult("axe (WCAG 2.2 AA)", "page views", "violations"),
    "vnu": GateResult("Nu HTML Checker", "HTML files", "errors"),
    "links": GateResult("internal links and anchors", "links", "broken"),
    "network": GateResult("network isolation", "requests", "third-party requests"),
    "keyboard": GateResult("keyboard", "Tab stops and steps", "failures"),
    # tests/browser/test_relevance.py: a fixture trust, not the sample site
    "relevance": GateResult("search relevance (fixture trust, best answer in the top 3)",
                            "queries", "missed"),
}


@pytest.fixture(scope="session")
def gates() -> dict[str, GateResult]:
    """The per-gate tallies the session summary prints."""
    return GATES


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """A gate that skipped, or could not set up (CI=true), says so in the summary: it must never
    look like a clean pass."""
    not_run = report.skipped or (report.when == "setup" and report.failed)
    if not not_run or "tests/browser/test_" not in report.nodeid.replace("\\", "/"):
        return
    module = report.nodeid.split("::")[0].rsplit("/", 1)[-1]
    key = {"test_axe.py": "axe", "test_html_valid.py": "vnu", "test_links.py": "links",
           "test_network.py": "network", "test_keyboard.py": "keyboard",
           "test_relevance.py": "relevance"}.get(module)
    if key is None:
        return
    if isinstance(report.longrepr, tuple):
        reason = report.longrepr[2]
    else:
        lines = [line for line in report.longreprtext.splitlines() if "NOT RUN" in line]
        reason = lines[0] if lines else report.longreprtext.strip().splitlines()[-1]
    reason = reason.removeprefix("Skipped: ").removeprefix("Failed: ").removeprefix("E   ").strip()
    if reason not in GATES[key].not_run:
        GATES[key].not_run.append(reason)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    ran = [g for g in GATES.values() if g.checked or g.not_run]
    if not ran:
        return
    terminalreporter.section("quality gates (built sample site)")
    for gate in ran:
        loud = gate.found or gate.not_run
        terminalreporter.write_line(gate.line(), red=bool(loud), green=not loud, bold=bool(loud))
        if gate is GATES["relevance"] and gate.checked:
            met = gate.checked - gate.found
            terminalreporter.write_line(f"    met {met}/{gate.checked} ({met / gate.checked:.0%})")
        for detail in gate.details[:20]:
            terminalreporter.write_line(f"    {detail}")
        if len(gate.details) > 20:
            terminalreporter.write_line(f"    ... and {len(gate.details) - 20} more")


@pytest.fixture(scope="session")
def page_paths(sample_build: Build) -> dict[str, str]:
    """Page type -> its site-relative URL in the built sample site (one of each type)."""
    from openpractice.validate import validate_project

    catalogue = validate_project(sample_build.project, today=date.fromisoformat(TODAY)).catalogue
    assert catalogue is not None, "the sample project has no catalogue"

    def first(kind: str) -> str:
        entries = catalogue.of_kind(kind)
        assert entries, f"the sample site has no published {kind}: the gates need one of each"
        return entries[0].url

    themes = catalogue.by_theme()
    theme = next((t for t, groups in themes.items() if any(groups.values())), next(iter(themes)))
    schools = catalogue.by_school()
    school = next((s for s, groups in schools.items() if any(groups.values())), next(iter(schools)))
    paths = {
        "home": "", "practice-index": "practice/", "research-index": "research/",
        "policies-index": "policies/", "practice-item": first("practice"),
        "research-item": first("research"), "policy-item": first("policies"),
        "themes-index": "themes/", "theme": f"themes/{theme}/", "schools-index": "schools/",
        "school": f"schools/{school}/", "policy-register": "policy-register/",
        "research-register": "research-register/", "champions-desk": "champions-desk/",
        "explore": "explore/", "content-page": "about/",
        "accessibility-statement": "accessibility/", "404": "404.html",
    }
    assert set(paths) == set(PAGE_TYPES)
    for kind, path in paths.items():
        file = sample_build.site / (path if path.endswith(".html") else path + "index.html")
        assert file.is_file(), f"page type {kind!r}: {path!r} is not in the built site"
    return paths


@pytest.fixture
def open_page(browser: object) -> Iterator[Callable[[dict[str, int]], object]]:
    """Factory: a fresh page (own context) at the given viewport; all closed afterwards."""
    contexts: list[object] = []

    def make(viewport: dict[str, int]) -> object:
        context = browser.new_context(viewport=viewport)  # type: ignore[attr-defined]
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()  # type: ignore[attr-defined]


@pytest.fixture
def visit(site_url: str, page_paths: dict[str, str],
          open_page: Callable[[dict[str, int]], Any]) -> Callable[[str, str], tuple[Any, str]]:
    """Factory: (page type, "desktop" or "phone") -> (a fresh page loaded there, its path)."""

    def go(kind: str, width: str) -> tuple[Any, str]:
        page = open_page(VIEWPORTS[width])
        path = page_paths[kind]
        response = page.goto(f"{site_url}/{path}", wait_until="load")
        assert response is not None and response.ok, f"/{path} did not load"
        return page, path

    return go


def java_path() -> str | None:
    return shutil.which("java")


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    """The Nu HTML Checker's command line (Debian's Java + vnu.jar from npm), or a loud skip."""
    java = java_path()
    if java is None:
        _unavailable("no Java for the Nu HTML Checker (run 'make browser-deps' as root)",
                     gate="HTML GATE")
    if not VNU_JAR.is_file():
        _unavailable(f"no {VNU_JAR.relative_to(ROOT)} (run 'make browser-deps': npm ci)",
                     gate="HTML GATE")
    return [str(java), "-jar", str(VNU_JAR)]
