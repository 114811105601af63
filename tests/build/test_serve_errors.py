"""`mkdocs serve` (what `make serve` runs) shows content errors in the browser: every page of
the preview lists them, instead of the server stopping or the page waiting for a build that
never comes; fixing the file brings the site back."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ..support import build_env, copy_project

pytestmark = pytest.mark.build

BROKEN = ("themes: [reading]", "themes: [reeding]")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, until: str, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
            if until in text:
                return text
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {until!r}; last seen:\n{text[:2000]}")


def test_the_preview_shows_content_errors_and_recovers(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "content/practice/reciprocal-reading-year-5.md"
    text = page.read_text(encoding="utf-8")
    assert "themes: [reading" in text
    page.write_text(text.replace("themes: [reading", "themes: [reeding", 1), encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
         "-f", str(project / "mkdocs.yml")],
        cwd=project, env=build_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        shown = fetch(f"http://127.0.0.1:{port}/", "The site could not be built")
        assert "content/practice/reciprocal-reading-year-5.md:" in shown
        assert "&#x27;reeding&#x27; is not a known theme" in shown or "'reeding' is not a known theme" in shown
        fetch(f"http://127.0.0.1:{port}/about/", "The site could not be built")  # every page
        page.write_text(text, encoding="utf-8")  # fixed: the preview rebuilds and comes back
        fetch(f"http://127.0.0.1:{port}/", "Find your way in")
    finally:
        server.terminate()
        try:
            _, errors = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            _, errors = server.communicate()
    assert "Traceback" not in errors
