"""The build runs the same validation as the CLI and fails on any error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ..support import TODAY, build, build_env

pytestmark = pytest.mark.build

BROKEN = """\
---
title: A broken write-up
summary: This write-up names a theme that does not exist in the taxonomy.
date: 2025-03-14
authors: [{name: Sam Okafor}]
schools: [brookside-primary]
themes: [sen]
stage: idea
---
Body.
"""


def test_an_invalid_item_fails_the_build_with_file_and_line(project_copy: Path) -> None:
    (project_copy / "content/practice/broken.md").write_text(BROKEN, encoding="utf-8")
    cli = subprocess.run(
        [sys.executable, "-m", "openpractice", "validate", "--today", TODAY],
        cwd=project_copy, capture_output=True, text=True, env=build_env(), timeout=120,
    )
    assert cli.returncode == 1
    (message,) = [line for line in cli.stdout.splitlines() if "broken.md" in line]
    assert message == ("content/practice/broken.md:7:10: error: themes[0]: 'sen' is not a known "
                       "theme; did you mean 'send'? [unknown-term]")

    result = build(project_copy)
    assert result.returncode == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (result.site / "practice/broken/index.html").exists()
