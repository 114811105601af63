"""Helpers shared by the build and browser tests: copy the project, build it for real."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The sample trust the tests build: never the project's own content/, which a trust replaces.
FIXTURE_CONTENT = ROOT / "tests" / "fixture" / "content"
TODAY = "2026-11-22"  # review status is computed against this date in every test build
PROJECT_PARTS = ("mkdocs.yml", "overrides", "site-plan")


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", OPENPRACTICE_TODAY=TODAY, PYTHONWARNINGS="ignore")
    return env


def copy_project(dest: Path) -> Path:
    """A private copy of the project's configuration and templates with the fixture trust's
    content (tests/fixture/), safe to add hostile or broken files to."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURE_CONTENT, dest / "content", ignore=shutil.ignore_patterns("__pycache__"))
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / part)
    return dest


@dataclass
class Build:
    project: Path
    site: Path
    returncode: int
    output: str

    def html(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")

    def all_text(self) -> str:
        """Every file in site/, for 'appears nowhere' assertions; Pagefind's compressed
        index files are read decompressed."""
        chunks = []
        for path in self.site.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                if data.startswith(GZIP_MAGIC):
                    data = gzip.decompress(data)
                chunks.append(data.decode("utf-8", errors="replace"))
        return "\n".join(chunks)


GZIP_MAGIC = b"\x1f\x8b"
PAGEFIND_SIGNATURE = b"pagefind_dcd"


def pagefind_fragments(site: Path) -> dict[str, dict[str, Any]]:
    """What Pagefind stored for each indexed page (its fragment files), by URL."""
    fragments = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(PAGEFIND_SIGNATURE), path
        fragment = json.loads(data[len(PAGEFIND_SIGNATURE):])
        fragments[fragment["url"]] = fragment
    return fragments


def build(project: Path, *extra: str, timeout: int = 600) -> Build:
    site = project / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site), *extra],
        capture_output=True, text=True, env=build_env(), cwd=project, timeout=timeout,
    )
    return Build(project, site, proc.returncode, proc.stdout + proc.stderr)
