"""No request leaves the site: every page type (and a search on Explore) is loaded in Chromium
and every request the page makes is recorded. Only the local server, data:, blob: and about:
are allowed: 0 third-party requests (no web fonts, analytics, CDNs or embeds). Every local
request must also succeed (no missing stylesheet, script, image or search index file)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import DESKTOP, PAGE_TYPES, PHONE, GateResult

pytestmark = [pytest.mark.browser, pytest.mark.build]

LOCAL_SCHEMES = ("data:", "blob:", "about:")


def record(page: Any, site_url: str) -> tuple[list[str], list[str]]:
    """Record every request of the page's context, and local responses that failed. Anything
    bound elsewhere is recorded, then aborted: the gate never sends traffic off this machine."""
    requests: list[str] = []
    failures: list[str] = []
    page.context.route(re.compile(rf"^(?!{re.escape(site_url)}/)[a-z]+://"),
                       lambda route: route.abort())
    page.context.on("request", lambda request: requests.append(request.url))
    page.context.on("requestfailed", lambda request: failures.append(f"{request.url} (failed)"))
    page.context.on("response", lambda response: response.status >= 400 and failures.append(
        f"{response.url} ({response.status})"))
    return requests, failures


def third_party(requests: list[str], site_url: str) -> list[str]:
    return sorted({u for u in requests
                   if not (u.startswith(site_url + "/") or u.startswith(LOCAL_SCHEMES))})


@pytest.mark.parametrize("kind", [*PAGE_TYPES, "explore-search"])
def test_no_request_leaves_the_site(
    kind: str, site_url: str, page_paths: dict[str, str], open_page: Any,
    gates: dict[str, GateResult],
) -> None:
    path = "explore/?q=reading" if kind == "explore-search" else page_paths[kind]
    requests: list[str] = []
    failures: list[str] = []
    # Widths differ only in layout; the phone width is loaded for the pages that fetch most.
    for viewport in (DESKTOP, PHONE) if kind in ("home", "explore-search") else (DESKTOP,):
        page = open_page(viewport)
        got, failed = record(page, site_url)
        response = page.goto(f"{site_url}/{path}", wait_until="load")
        assert response is not None and response.ok, f"/{path} did not load"
        page.wait_for_load_state("networkidle")
        requests += got
        failures += failed
    outside = third_party(requests, site_url)
    local_failures = sorted({f for f in failures if f.startswith(site_url)})
    gates["network"].add(len(requests), len(outside),
                         [f"{kind} /{path}: {u}" for u in outside]
                         + [f"{kind} /{path}: local request failed: {f}" for f in local_failures])
    assert requests, "no request was recorded at all: the recorder is broken"
    assert not outside, f"{len(outside)} third-party request(s) from /{path}: {outside}"
    assert not local_failures, f"local requests failed on /{path}: {local_failures}"


def test_recorder_catches_a_third_party_request(site_url: str, open_page: Any) -> None:
    """The gate is live: a web-font request is recorded as third-party (and never sent)."""
    page = open_page(DESKTOP)
    requests, _ = record(page, site_url)
    page.goto(f"{site_url}/", wait_until="load")
    page.evaluate("""() => fetch('https://fonts.googleapis.com/css?family=Roboto').catch(() => null)""")
    page.wait_for_load_state("networkidle")
    assert third_party(requests, site_url) == ["https://fonts.googleapis.com/css?family=Roboto"]
