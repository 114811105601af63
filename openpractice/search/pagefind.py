"""Run Pagefind over a built site (pagefind-bin from PyPI; it has no console script)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class PagefindError(Exception):
    pass


def index_site(site_dir: Path) -> str:
    """Index `site_dir` in place (writes site_dir/pagefind/); returns Pagefind's summary."""
    proc = subprocess.run(
        [sys.executable, "-m", "pagefind_bin", "--site", str(site_dir)],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise PagefindError(f"Pagefind failed ({proc.returncode}):\n{proc.stderr or proc.stdout}")
    return proc.stdout
