from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser.conftest import CHROMIUM_ARGS, _unavailable, chromium_path
from .support import Build, build, copy_project


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The bundled sample site, built once per test session with the project's config."""
    project = copy_project(tmp_path_factory.mktemp("sample"))
    result = build(project)
    assert result.returncode == 0, f"the bundled site does not build:\n{result.output}"
    return result


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


# One Chromium for the whole session, for every test that drives it (tests/browser/, and the
# copy button's test in tests/opendata/): Playwright's sync API allows one at a time.
@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        _unavailable("no Chromium at /usr/bin/chromium (run 'make browser-deps' as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
