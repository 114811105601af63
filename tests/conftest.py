from __future__ import annotations

from pathlib import Path

import pytest

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
