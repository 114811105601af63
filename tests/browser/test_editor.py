"""The web editor (Decap CMS at /admin/) in real Chromium, against the local backend.

A copy of the fixture trust is built with the project's node_modules (so the build publishes
admin/), served from 127.0.0.1, and decap-server (pinned in package.json) serves its files
on another local port. Through the form, a practice write-up and a policy are created and
saved; each file lands in content/ of the copy, validates with 0 errors, and builds.
Every request is logged: anything not to the two local servers is aborted and fails the
test. Decap validates its configuration against its own schema (ajv) when it starts, so
the editor opening its collections is that check too.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from openpractice.cms import DECAP_DIST, LOCAL_BACKEND_URL

from ..cms.test_cms_config import GOLDEN
from ..support import ROOT, build, build_env, copy_project
from .conftest import GateResult, _unavailable
from .local_only import Session, local_only_session

pytestmark = [pytest.mark.browser, pytest.mark.build]

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# What the project's own markup (admin/index.html) answers for; Decap's app owns the rest.
OWN_MARKUP_RULES = {"html-has-lang", "html-lang-valid", "document-title", "meta-viewport",
                    "meta-refresh"}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Editor:
    project: Path
    site_url: str
    backend_url: str


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    if not (ROOT / DECAP_DIST / "decap-cms.js").is_file() or not DECAP_SERVER.is_file():
        _unavailable("node_modules/decap-cms or decap-server is not installed "
                     "(run 'make browser-deps')", "WEB EDITOR GATE")
    node = shutil.which("node")
    if node is None:
        _unavailable("no node to run decap-server", "WEB EDITOR GATE")
    project = copy_project(tmp_path_factory.mktemp("editor") / "project")
    (project / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    built = build(project)
    assert built.returncode == 0, built.output
    site = built.site
    assert (site / "admin" / "index.html").is_file(), "the build published no admin/"
    port = _free_port()
    backend = f"http://127.0.0.1:{port}"
    # The published configuration points the local backend at decap-server's default
    # address (`make edit`); this test runs it on a free port instead.
    default = LOCAL_BACKEND_URL.removesuffix("/api/v1")
    # The golden configuration (tests/cms) is the one published, so Decap's own schema check
    # when the editor starts (below) is a check of the golden file.
    assert (site / "admin" / "config.yml").read_text(encoding="utf-8") == \
        GOLDEN.read_text(encoding="utf-8")
    for name in ("config.yml", "index.html"):
        path = site / "admin" / name
        text = path.read_text(encoding="utf-8")
        assert default in text
        path.write_text(text.replace(default, backend), encoding="utf-8")
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1",
           "GIT_REPO_DIRECTORY": str(project), "LOG_LEVEL": "warn"}
    server = subprocess.Popen([node, str(DECAP_SERVER)], cwd=project, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    http_server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=http_server.serve_forever, daemon=True)
    thread.start()
    try:
        for _ in range(100):  # decap-server takes a moment to listen
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        else:
            pytest.fail("decap-server did not start")
        yield Editor(project, f"http://127.0.0.1:{http_server.server_address[1]}", backend)
    finally:
        http_server.shutdown()
        http_server.server_close()
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def session(editor: Editor, browser: Any) -> Iterator[Session]:
    with local_only_session(browser, (editor.site_url + "/", editor.backend_url + "/"),
                            viewport={"width": 1280, "height": 900}) as found:
        yield found


def _open(session: Session, editor: Editor, hash_path: str) -> Any:
    page = session.page
    page.goto(editor.site_url + "/admin/")
    login = page.get_by_role("button", name="Login")
    login.or_(page.get_by_text("Collections")).first.wait_for()
    if login.is_visible():  # once per browser session: the local backend asks no password
        login.click()
    page.goto(f"{editor.site_url}/admin/#{hash_path}")
    return page


def _select(page: Any, name: str, text: str, option: str | None = None) -> None:
    box = page.locator(f'input[id^="{name}-field-"]')
    box.click()
    box.press_sequentially(text)
    if option:  # options that load from the backend (relation)
        page.get_by_text(option, exact=True).last.wait_for()
    page.wait_for_timeout(300)
    box.press("Enter")
    box.press("Escape")


def _publish(page: Any) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()
    page.get_by_text("Changes saved", exact=False).or_(
        page.get_by_text("Entry published", exact=False)).first.wait_for(timeout=15000)


def _validate(project: Path, rel: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "openpractice.cli", "validate", rel,
                           "--format", "json"], cwd=project, env=build_env(),
                          capture_output=True, text=True, timeout=120)


def _body(page: Any, text: str) -> None:
    body = page.locator('[data-slate-editor="true"]')
    body.click()
    body.press_sequentially(text)


def test_editor_opens_with_no_request_elsewhere(session: Session, editor: Editor) -> None:
    page = _open(session, editor, "/collections/practice")
    page.get_by_text("Practice write-ups").first.wait_for()
    assert page.get_by_text("Error loading the CMS configuration").count() == 0
    for kind in ("research", "policies"):
        page.goto(f"{editor.site_url}/admin/#/collections/{kind}")
        singular = "Research summary" if kind == "research" else "Policy"
        page.get_by_text(f"＋ {singular}").first.wait_for()
    robots = page.locator('meta[name="robots"]').get_attribute("content")
    assert robots == "noindex"
    # The editor is no page of the site: in no sitemap, search index or feed.
    site = editor.project / "site"
    for published in ("sitemap.xml", "feed.xml", "feed.json", "catalogue.json"):
        if (site / published).is_file():
            assert "admin/" not in (site / published).read_text(encoding="utf-8"), published


# What the page's Content-Security-Policy must refuse, and the directive that refuses it.
ELSEWHERE = [
    ("fetch('https://example.org/api')", "connect-src"),
    ("new Image().src = 'https://example.org/pixel.png'", "img-src"),
    ("document.head.append(Object.assign(document.createElement('script'), "
     "{src: 'https://example.org/x.js'}))", "script-src-elem"),
    ("document.body.append(Object.assign(document.createElement('iframe'), "
     "{src: 'https://example.org/'}))", "frame-src"),
]


@pytest.mark.parametrize(("attempt", "directive"), ELSEWHERE, ids=[d for _, d in ELSEWHERE])
def test_the_editors_policy_refuses_other_hosts(browser: Any, editor: Editor, attempt: str,
                                                directive: str) -> None:
    """The browser itself refuses them, whatever the test's own network guard would do."""
    with local_only_session(browser, (editor.site_url + "/", editor.backend_url + "/"),
                            viewport={"width": 1280, "height": 900},
                            tolerated=("https://example.org/",)) as session:
        page = _open(session, editor, "/collections/practice")
        page.get_by_text("Practice write-ups").first.wait_for()
        assert _refused_by(page, attempt) == directive


def _refused_by(page: Any, attempt: str) -> str:
    """The directive of the page's policy that refuses `attempt` (a line of script)."""
    refused: str = page.evaluate("""(attempt) => new Promise((resolve) => {
        document.addEventListener("securitypolicyviolation",
                                  (e) => resolve(e.effectiveDirective), {once: true});
        try { (0, eval)(attempt); } catch (e) { resolve("threw: " + e); }
        setTimeout(() => resolve("not refused"), 3000);
    })""", attempt)
    return refused


def test_practice_write_up_through_the_form(session: Session, editor: Editor) -> None:
    page = _open(session, editor, "/collections/practice/new")
    page.locator('input[id^="title-field-"]').fill("Retrieval quizzes in year 8 science")
    page.locator('textarea[id^="summary-field-"]').fill(
        "Low-stakes weekly quizzes helped year 8 pupils remember key science ideas.")
    page.locator('input[id^="date-field-"]').fill("2026-11-01")
    page.get_by_role("button", name=re.compile("Add authors", re.I)).click()
    page.locator('input[id^="name-field-"]').fill("Mr B. Okafor")
    _select(page, "schools", "Oakfield")
    _select(page, "themes", "Retrieval")
    _select(page, "phases", "Key stage 3")
    _select(page, "stage", "Piloting")
    _select(page, "status", "Published")
    _select(page, "evidence", "Feedback", "Feedback that moves learning forward")
    _body(page, "We ran a ten-question quiz every Monday.")
    _publish(page)
    saved = editor.project / "content" / "practice" / "retrieval-quizzes-in-year-8-science.md"
    text = saved.read_text(encoding="utf-8")
    for line in ("title: Retrieval quizzes in year 8 science", "date: 2026-11-01",
                 "- oakfield-academy", "- retrieval-practice", "- ks3", "stage: piloting",
                 "- feedback", "status: published", "We ran a ten-question quiz"):
        assert line in text, text
    result = _validate(editor.project, "content/practice/retrieval-quizzes-in-year-8-science.md")
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stdout + result.stderr
    rebuilt = build(editor.project, "-d", str(editor.project / "site-after"))
    assert rebuilt.returncode == 0, rebuilt.output
    page_html = (editor.project / "site-after" / "practice" /
                 "retrieval-quizzes-in-year-8-science" / "index.html").read_text(encoding="utf-8")
    assert "Retrieval quizzes in year 8 science" in page_html


def test_policy_through_the_form(session: Session, editor: Editor) -> None:
    page = _open(session, editor, "/collections/policies/new")
    page.locator('input[id^="title-field-"]').fill("Mobile phones in school")
    page.locator('textarea[id^="summary-field-"]').fill(
        "How pupils' mobile phones are kept during the school day, and why.")
    page.locator('input[id^="date-field-"]').fill("2026-10-01")
    _select(page, "themes", "Behaviour")
    _select(page, "status", "Published")
    page.locator('input[id^="version-field-"]').fill("1.0")
    page.locator('input[id^="owner-field-"]').fill("Headteacher")
    _select(page, "approved_by", "Trust board")
    page.locator('input[id^="approved_on-field-"]').fill("2026-09-15")
    page.locator('input[id^="review_cycle_months-field-"]').fill("12")
    _select(page, "applies_to", "The whole trust")
    _body(page, "Phones are handed in at the start of the day.")
    _publish(page)
    saved = editor.project / "content" / "policies" / "mobile-phones-in-school.md"
    text = saved.read_text(encoding="utf-8")
    for line in ("version: '1.0'", "approved_by: trust-board", "approved_on: 2026-09-15",
                 "review_cycle_months: 12", "statutory: false", "applies_to: trust"):
        assert line in text.replace('"1.0"', "'1.0'"), text
    result = _validate(editor.project, "content/policies/mobile-phones-in-school.md")
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stdout + result.stderr
    rebuilt = build(editor.project, "-d", str(editor.project / "site-after-policy"))
    assert rebuilt.returncode == 0, rebuilt.output


def test_axe_on_the_editor(session: Session, editor: Editor, gates: dict[str, GateResult]) -> None:
    from axe_playwright_python.sync_playwright import Axe

    found: list[str] = []
    for hash_path in ("/collections/practice", "/collections/practice/new"):
        page = _open(session, editor, hash_path)
        page.wait_for_selector('input[id^="title-field-"]' if hash_path.endswith("new")
                               else "text=Practice write-ups")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                           "resultTypes": ["violations"]})
        violations = results.response["violations"]
        found += [f"{hash_path}: {v['id']} ({v['impact']}) on {len(v['nodes'])} element(s)"
                  for v in violations]
        own = [v["id"] for v in violations if v["id"] in OWN_MARKUP_RULES]
        assert not own, f"the project's own markup of admin/index.html: {own}"
    # Decap's own interface is not ours to fix; the count is reported (README, Web editor).
    print(f"\naxe on the web editor (Decap CMS {DECAP_VERSION}): {len(found)} violation(s)")
    print("\n".join(found))


DECAP_VERSION = "3.16.3"
