"""The worst case, in a real browser: every hostile page, its checks skipped, built by an
engine that runs no plugin.

Each hostile body (the error cases the validator refuses as well as the inert ones) becomes
an ordinary page, and the hostile school and theme are added. The site's plan is made from
them *without looking at the validator's errors*, written, and built by MkDocs with the
`openpractice` plugin removed from mkdocs.yml. So nothing but the plan's own cleaning stands
between the payloads and the reader. Every page is then loaded in Chromium, which must raise
no dialog (every payload calls alert, confirm or prompt), send no request off the local
server, and hold no event-handler attribute or script link in its DOM.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from openpractice.plan import make_plan, write_plan
from openpractice.validate import validate_project

from ..build.test_fail_closed import without_plugin
from ..hostile.test_hostile import CASES, INERT_CASES, add_hostile_data
from ..support import TODAY, Build, build, copy_project
from .conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.build]

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
# What a page may still hold that the checks would have refused, once the plan has cleaned it.
DOM_CHECK = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]+/g, '').toLowerCase();
      if (attr.name.startsWith('on')) found.push(`${el.tagName} ${attr.name}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr.name)
          && /^(javascript|vbscript|data):/.test(value)) found.push(`${el.tagName} ${attr.name}=${value}`);
    }
  }
  return found;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def hostile_pages(project: Path) -> list[str]:
    """Every hostile Markdown case, its body as an ordinary page (planned even with errors);
    and the hostile front-matter cases (titles, authors, sources) whole, at their places, so
    their values reach the heads (JSON-LD, OpenGraph, feed links) and the listings' cards."""
    pages = []
    for case in INERT_CASES:
        if case.source.startswith("frontmatter/"):
            target = project / "content" / case.dest
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(case.content())
            pages.append(case.dest)
    for case in sorted(CASES.glob("*/*.md")):
        text = case.read_text(encoding="utf-8", errors="replace")
        name = f"unchecked/{case.parent.name}-{case.stem}.md"
        target = project / "content" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(FRONT_MATTER.sub("", text), encoding="utf-8")
        pages.append(name)
    return pages


@pytest.fixture(scope="module")
def unchecked_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("unchecked"))
    add_hostile_data(project)
    pages = hostile_pages(project)
    result = validate_project(project, today=date.fromisoformat(TODAY))
    assert result.errors, "the hostile pages must break the checks, or this proves nothing"
    assert result.catalogue is not None
    plan = make_plan(result.sources, result.catalogue, result.attachments, result.config)
    assert set(pages) <= set(plan.pages)
    write_plan(plan, project / "site-plan")
    without_plugin(project)
    built = build(project)
    assert built.returncode == 0, built.output[-3000:]
    return built


@pytest.fixture(scope="module")
def unchecked_url(unchecked_build: Build) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(unchecked_build.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def page_urls(site: Path) -> list[str]:
    """The hostile pages, and every page that shows the hostile school or theme."""
    wanted = [p for p in sorted(site.rglob("index.html"))
              if "unchecked" in p.parts or "hostile" in str(p)
              or p.parent.name in ("schools", "themes") or p.parent == site
              or p.parent.name in ("practice", "research", "policies")]
    return [p.relative_to(site).parent.as_posix() + "/" for p in wanted]


def test_no_hostile_page_runs_code_or_calls_out(
    unchecked_build: Build, unchecked_url: str, browser: Any,
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    dialogs: list[str] = []
    requests: list[str] = []
    context.route(re.compile(rf"^(?!{re.escape(unchecked_url)}/)[a-z]+://"), lambda r: r.abort())
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"),
                                      dialog.dismiss()))
    urls = page_urls(unchecked_build.site)
    assert len(urls) > 60
    in_dom: list[str] = []
    for url in urls:
        response = page.goto(f"{unchecked_url}/{url.removeprefix('./')}", wait_until="load")
        assert response is not None and response.ok, url
        page.mouse.move(200, 300)  # onmouseover payloads
        page.wait_for_timeout(20)
        in_dom += [f"/{url}: {found}" for found in page.evaluate(DOM_CHECK)]
    context.close()
    outside = sorted({u for u in requests if not u.startswith((unchecked_url + "/", "data:",
                                                               "blob:", "about:"))})
    assert dialogs == []
    assert outside == []
    assert in_dom == []


def test_the_dialog_listener_is_live(unchecked_url: str, browser: Any) -> None:
    """The listener catches a dialog, so an empty list above means none was raised."""
    context = browser.new_context()
    page = context.new_page()
    seen: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(dialog.message), dialog.dismiss()))
    page.goto(f"{unchecked_url}/", wait_until="load")
    page.evaluate("() => alert('live')")
    context.close()
    assert seen == ["live"]
