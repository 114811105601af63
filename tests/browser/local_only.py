"""A browser context in which every request is logged and anything not to the local servers
is aborted, and the test fails if the page asked for anything else (the editor's tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Session:
    page: Any
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@contextmanager
def local_only_session(browser: Any, local: tuple[str, ...], *, viewport: dict[str, int],
                       tolerated: tuple[str, ...] = (),
                       init_script: str = "") -> Iterator[Session]:
    """`local`: the address prefixes that may be reached; `tolerated`: prefixes that are
    refused (aborted, and blocked by the page's CSP) without failing the test."""
    # the session's Chromium (tests/conftest.py): Playwright allows one at a time
    context = browser.new_context(viewport=viewport)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    found = Session(page)

    def route(handled: Any) -> None:
        url = handled.request.url
        if url.startswith((*local, "data:", "blob:")):
            handled.continue_()
        else:
            found.refused.append(url)
            handled.abort()

    context.route("**/*", route)
    page.on("request", lambda request: found.requests.append(request.url))
    page.on("console", lambda message: found.console_errors.append(message.text)
            if message.type == "error" else None)
    try:
        yield found
    finally:
        context.close()
    # Every request went to a local server; none was even attempted elsewhere.
    elsewhere = [url for url in found.requests + found.refused
                 if not url.startswith((*local, "data:", "blob:", *tolerated))]
    assert not elsewhere, f"requests to other hosts: {elsewhere}"
    hosts = [urlsplit(prefix).netloc for prefix in tolerated]
    csp = [text for text in found.console_errors if "Content Security Policy" in text
           and not any(host in text for host in hosts)]
    assert not csp, f"the editor needs something its CSP refuses: {csp}"
