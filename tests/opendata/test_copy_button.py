"""The Copy buttons in Chromium: reached with Tab, pressed with Enter, the reference on the
clipboard; without JavaScript, no button and the same text to select by hand."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from openpractice.catalogue import Catalogue
from openpractice.opendata.citations import apa, plain
from openpractice.opendata.common import Site

pytestmark = [pytest.mark.build, pytest.mark.browser]

SITE = Site(name="Open Practice", url="https://openpractice.trust.example/")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def chromium(browser: Any) -> Any:
    """The session's Chromium (tests/conftest.py)."""
    return browser


def test_the_copy_button_works_from_the_keyboard(
    chromium: Any, served: str, catalogue: Catalogue,
) -> None:
    entry = catalogue.get("practice", "opendata-hostile-title")
    assert entry is not None
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{served}/{entry.url}")
    buttons = page.locator("button.op-copy")
    assert buttons.count() == 3  # the credit line, APA, Harvard
    names = [buttons.nth(i).evaluate("b => b.textContent") for i in range(3)]
    assert names == ["Copy the credit line", "Copy the APA reference", "Copy the Harvard reference"]
    for _ in range(300):  # Tab to the APA reference's button, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Copy the APA reference":
            break
    else:
        pytest.fail("Tab never reached the APA reference's Copy button")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('[role=status]').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == " ".join(plain(apa(entry, SITE)).split())
    assert page.locator("[role=status]").text_content() == "The APA reference is copied to the clipboard."
    # the Harvard reference's "Accessed" date is the reader's day, not the build's
    today = date.today()
    assert page.locator("time[data-op-accessed]").get_attribute("datetime") == today.isoformat()
    context.close()


def test_without_javascript_the_text_is_there_and_no_button(
    chromium: Any, served: str, catalogue: Catalogue,
) -> None:
    entry = catalogue.get("policies", "opendata-tables")
    assert entry is not None
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served}/{entry.url}")
    assert page.locator("button.op-copy").count() == 0
    assert page.locator(".op-cite__text").first.inner_text() == plain(apa(entry, SITE))
    context.close()
