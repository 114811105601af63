"""Open Practice benchmarks: validation speed, site build cost and search payload.

    .venv/bin/python benchmarks/run.py [--only validate|build|search] [--sizes 1000,5000]

Prints one Markdown table of `| section | items | metric | value | target | result |`.
Exit status: 0 when everything ran (a missed target is reported, not fatal); 1 when the
validator reports errors, a build fails or a section crashes.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

try:
    from benchmarks import browser, corpus
except ImportError:  # run as a script: benchmarks/ is sys.path[0]
    import browser  # type: ignore[no-redef]
    import corpus  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
OUT = HERE / "out"
VENV_BIN = Path(sys.executable).parent
TODAY = date(2026, 11, 22)
SEED = 1
# Project files a build needs besides content/ (copied into each corpus when present).
PROJECT_CONFIG = ("mkdocs.yml", "overrides", "macros", "main.py", "hooks", "pagefind.yml")
ITEM_DIRS = corpus.ITEM_KINDS
BUILD_TIMEOUT = 1200


@dataclass(frozen=True)
class Row:
    section: str
    items: int | str
    metric: str
    value: str
    target: str = ""
    result: str = ""


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed: bool = False

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(
            f"| {row.section} | {row.items} | {row.metric} | {row.value} | {row.target} | {row.result} |",
            flush=True,
        )

    def check(
        self,
        section: str,
        items: int | str,
        metric: str,
        value: float,
        limit: float,
        shown: str,
        target: str,
        lower_is_better: bool = True,
    ) -> None:
        ok = value <= limit if lower_is_better else value >= limit
        self.add(Row(section, items, metric, shown, target, "PASS" if ok else "FAIL"))

    def note(self, text: str) -> None:
        self.notes.append(text)
        log(text.splitlines()[0] + " (details under Notes)")


def log(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def fmt_bytes(n: float) -> str:
    return f"{n / 1024:,.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MB"


def best_of(runs: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """Fastest wall time of `runs` calls, and the first call's result."""
    times: list[float] = []
    first: Any = None
    for i in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
        if i == 0:
            first = result
    return min(times), first


# --- corpus ---------------------------------------------------------------------------


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            if f.exists() and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(PROJECT)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def corpus_stamp(n: int) -> str:
    """What the corpus depends on: the generator, the vocabulary and the ordinary pages."""
    content = PROJECT / "content"
    pages = [p for p in content.iterdir() if p.name not in ITEM_DIRS] if content.is_dir() else []
    inputs = [HERE / "corpus.py", HERE / "prose.py", *sorted(pages)]
    return f"n={n} seed={SEED} {_digest(inputs)}"


def config_stamp() -> str:
    return _digest([PROJECT / name for name in PROJECT_CONFIG])


def copy_config(root: Path) -> None:
    for name in PROJECT_CONFIG:
        src, dest = PROJECT / name, root / name
        if dest.is_dir():
            shutil.rmtree(dest)
        elif dest.exists():
            dest.unlink()
        if src.is_dir():
            shutil.copytree(src, dest)
        elif src.is_file():
            shutil.copy2(src, dest)


_prepared: dict[int, Path] = {}


def project_for(n: int) -> Path:
    """benchmarks/out/corpus-N, regenerated only when the generator or vocabulary changed.

    Prepared once per run, so every section measures the same files.
    """
    if n in _prepared:
        return _prepared[n]
    root = OUT / f"corpus-{n}"
    stamp_file, stamp = root / ".corpus-stamp", corpus_stamp(n)
    if not (stamp_file.is_file() and stamp_file.read_text() == stamp):
        log(f"generating {n} items in {root}")
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        corpus.generate_corpus(root, n, SEED)
        stamp_file.write_text(stamp)
    copy_config(root)
    _prepared[n] = root
    return root


def item_files(root: Path) -> list[Path]:
    return sorted(p for kind in ITEM_DIRS for p in (root / "content" / kind).glob("*.md"))


# --- validate ---------------------------------------------------------------------------


def _parse_only(files: list[Path]) -> None:
    import frontmatter

    for f in files:
        frontmatter.load(f)


def _validate(root: Path) -> Any:
    from openpractice.validate import validate_project

    return validate_project(root, today=TODAY)


def _severity(problem: Any) -> str:
    return str(getattr(problem.severity, "value", problem.severity))


def bench_validate(report: Report, sizes: list[int]) -> None:
    for n in sizes:
        root = project_for(n)
        files = item_files(root)
        log(f"validate: {n} items")
        parse_s, _ = best_of(3, lambda files=files: _parse_only(files))
        validate_s, result = best_of(3, lambda root=root: _validate(root))
        problems = list(result.problems)
        errors = [p for p in problems if _severity(p) == "error"]
        warnings = len(problems) - len(errors)
        report.add(Row("validate", n, "parse-only (frontmatter.load), best of 3", f"{parse_s:.2f} s"))
        report.add(Row("validate", n, "validate_project, best of 3", f"{validate_s:.2f} s"))
        report.add(Row("validate", n, "items/second", f"{len(files) / validate_s:,.0f}"))
        report.add(
            Row(
                "validate",
                n,
                "problems",
                f"{len(errors)} errors, {warnings} warnings",
                "0 errors",
                "PASS" if not errors else "FAIL",
            )
        )
        ratio = validate_s / parse_s
        report.check("validate", n, "ratio to parse-only", ratio, 2.0, f"{ratio:.2f}×", "≤ 2×")
        if errors:
            shown = "\n".join(f"  {getattr(p, 'as_text', lambda p=p: str(p))()}" for p in errors[:30])
            report.note(f"validate: {len(errors)} errors in the generated corpus:\n{shown}")
            report.failed = True


# --- build ------------------------------------------------------------------------------

PLAIN_CONFIG = """\
site_name: Open Practice (plain mkdocs-material baseline)
docs_dir: content
exclude_docs: |
  _data/
theme:
  name: material
  font: false
plugins:
  - search
nav:
{nav}
"""


@dataclass(frozen=True)
class Build:
    ok: bool
    seconds: float
    pages: int = 0
    html_bytes: int = 0

    @property
    def bytes_per_page(self) -> float:
        return self.html_bytes / self.pages if self.pages else 0.0


def write_plain_config(root: Path) -> Path:
    content = root / "content"
    tops = sorted(p.name for p in content.glob("*.md") if p.name != "index.md")
    pages = (["index.md"] if (content / "index.md").exists() else []) + tops[:4]
    nav = "\n".join(f"  - {p}" for p in pages)
    path = root / "mkdocs-plain.yml"
    path.write_text(PLAIN_CONFIG.format(nav=nav), encoding="utf-8")
    return path


def html_stats(site: Path) -> tuple[int, int]:
    files = list(site.rglob("*.html"))
    files = [f for f in files if f.name != browser.BENCH_PAGE]
    return len(files), sum(f.stat().st_size for f in files)


def mkdocs_build(config: Path, site: Path, label: str, report: Report) -> Build:
    if site.exists():
        shutil.rmtree(site)
    stamp = site.with_suffix(".stamp")
    stamp.unlink(missing_ok=True)
    cmd = [str(VENV_BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log(f"build: {label}: {' '.join(cmd)}")
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=config.parent, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-25:])
        report.note(f"build: {label} FAILED (exit {proc.returncode}) after {seconds:.1f} s:\n{tail}")
        return Build(False, seconds)
    stamp.write_text(corpus_stamp_of(config.parent) + config_stamp())
    pages, size = html_stats(site)
    return Build(True, seconds, pages, size)


def corpus_stamp_of(root: Path) -> str:
    stamp = root / ".corpus-stamp"
    return stamp.read_text() if stamp.is_file() else ""


def build_project(root: Path, report: Report) -> Build:
    if not (root / "mkdocs.yml").is_file():
        report.note("build: no mkdocs.yml in the project yet; project build skipped")
        return Build(False, 0.0)
    return mkdocs_build(root / "mkdocs.yml", root / "site-project", "project config", report)


def build_plain(root: Path, report: Report) -> Build:
    return mkdocs_build(write_plain_config(root), root / "site-plain", "plain material", report)


def _report_build(report: Report, n: int, project: Build, plain: Build) -> None:
    report.add(
        Row("build", n, "plain material build", f"{plain.seconds:.1f} s", "", "" if plain.ok else "FAIL")
    )
    if not project.ok:
        report.add(Row("build", n, "project build", "failed (see notes)", "", "FAIL"))
        report.failed = True
    else:
        report.add(Row("build", n, "project build", f"{project.seconds:.1f} s"))
    if project.ok and plain.ok:
        ratio = project.seconds / plain.seconds
        report.check("build", n, "project / plain time", ratio, 1.15, f"{ratio:.2f}", "≤ 1.15")
    for label, b in (("project", project), ("plain", plain)):
        if b.ok:
            kb = b.bytes_per_page / 1024
            shown = f"{kb:.1f} KB ({b.pages} pages)"
            if label == "project":
                report.check("build", n, f"HTML per page, {label}", kb, 40, shown, "≤ 40 KB")
            else:
                report.add(Row("build", n, f"HTML per page, {label}", shown))


def _report_scaling(report: Report, builds: dict[int, tuple[Build, Build]]) -> None:
    sizes = sorted(builds)
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    for idx, label in ((0, "project"), (1, "plain")):
        a, b = builds[small][idx], builds[large][idx]
        if not (a.ok and b.ok):
            continue
        ratio = (b.seconds / large) / (a.seconds / small)
        metric = f"time per item {large} vs {small}, {label}"
        if label == "project":
            report.check("build", f"{small}→{large}", metric, ratio, 1.2, f"{ratio:.2f}", "≤ 1.2")
        else:
            report.add(Row("build", f"{small}→{large}", metric, f"{ratio:.2f}"))


def bench_build(report: Report, sizes: list[int]) -> None:
    builds: dict[int, tuple[Build, Build]] = {}
    for n in sizes:
        root = project_for(n)
        project = build_project(root, report)
        plain = build_plain(root, report)
        if not plain.ok:
            report.failed = True
        builds[n] = (project, plain)
        _report_build(report, n, project, plain)
    _report_scaling(report, builds)


# --- search -----------------------------------------------------------------------------


def _fresh_site(root: Path, name: str) -> bool:
    site, stamp = root / name, root / f"{name}.stamp"
    expected = corpus_stamp_of(root) + config_stamp()
    return (site / "index.html").is_file() and stamp.is_file() and stamp.read_text() == expected


def site_for_search(root: Path, report: Report) -> tuple[Path | None, str]:
    """The project site (built if missing or stale), else the plain site as a stand-in."""
    if _fresh_site(root, "site-project") or build_project(root, report).ok:
        return root / "site-project", "project"
    report.note("search: project site unavailable; indexing the plain build instead")
    if _fresh_site(root, "site-plain") or build_plain(root, report).ok:
        return root / "site-plain", "plain (project build failed)"
    return None, ""


def dir_bytes(path: Path) -> tuple[int, int]:
    files = [f for f in path.rglob("*") if f.is_file()]
    return len(files), sum(f.stat().st_size for f in files)


def run_pagefind(site: Path, report: Report, n: int, label: str) -> bool:
    shutil.rmtree(site / "pagefind", ignore_errors=True)  # Pagefind keeps stale files
    (site / browser.BENCH_PAGE).unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "pagefind_bin", "--site", str(site)]
    log(f"search: {' '.join(cmd)}")
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=site.parent, capture_output=True, text=True, check=False, timeout=BUILD_TIMEOUT
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        report.note(f"search: pagefind failed:\n{proc.stderr[-3000:]}")
        report.failed = True
        return False
    count, size = dir_bytes(site / "pagefind")
    report.add(Row("search", n, f"Pagefind index time ({label} site)", f"{seconds:.1f} s"))
    report.add(Row("search", n, "Pagefind index size", f"{fmt_bytes(size)} in {count} files"))
    return True


def lunr_index(root: Path, report: Report, n: int) -> None:
    if not (_fresh_site(root, "site-plain") or build_plain(root, report).ok):
        report.add(Row("search", n, "lunr search_index.json", "plain build failed", "", "FAIL"))
        report.failed = True
        return
    raw = (root / "site-plain" / "search" / "search_index.json").read_bytes()
    packed = len(gzip.compress(raw, compresslevel=6))
    docs = len(json.loads(raw).get("docs", []))
    report.add(
        Row(
            "search",
            n,
            "lunr search_index.json (plain material), raw",
            f"{fmt_bytes(len(raw))} ({docs} docs)",
        )
    )
    report.add(Row("search", n, "lunr search_index.json, gzip -6", fmt_bytes(packed)))


def browser_queries(site: Path, report: Report, n: int) -> None:
    if not Path(browser.CHROMIUM).exists():
        report.note(f"search: {browser.CHROMIUM} not found (apt-get install chromium); skipped")
        report.failed = True
        return
    results = browser.measure_queries(site, ["metacognition", "the", "pupils"])
    for q in results:
        kind = "typical" if q.query == "metacognition" else "worst case"
        where = f'"{q.query}" ({kind}, {q.results} results)'
        shown = f"{fmt_bytes(q.bytes_total)} in {q.requests} requests"
        if kind == "typical":
            report.check(
                "search", n, f"{where}: bytes, cold cache", q.bytes_total / 1024, 200, shown, "≤ 200 KB"
            )
        else:
            report.add(Row("search", n, f"{where}: bytes, cold cache", shown))
        report.add(
            Row("search", n, f'"{q.query}": of which index chunks + fragments', fmt_bytes(q.bytes_query))
        )
        report.check(
            "search",
            n,
            f'"{q.query}": first result, cold (load+init+search+data)',
            q.cold_first_ms,
            300,
            f"{q.cold_first_ms:.0f} ms",
            "< 300 ms",
        )
        report.add(
            Row(
                "search",
                n,
                f'"{q.query}": first result, Pagefind loaded',
                f"{q.first_ms:.0f} ms (10 results {q.ten_ms:.0f} ms, next query {q.warm_first_ms:.0f} ms)",
            )
        )


def bench_search(report: Report, sizes: list[int]) -> None:
    n = max(sizes)
    root = project_for(n)
    lunr_index(root, report, n)
    site, label = site_for_search(root, report)
    if site is None:
        report.add(Row("search", n, "Pagefind", "no site could be built", "", "FAIL"))
        report.failed = True
        return
    if run_pagefind(site, report, n, label):
        browser_queries(site, report, n)


# --- main -------------------------------------------------------------------------------

SECTIONS: dict[str, Callable[[Report, list[int]], None]] = {
    "validate": bench_validate,
    "build": bench_build,
    "search": bench_search,
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Open Practice benchmarks (Markdown report).")
    parser.add_argument(
        "--only",
        choices=sorted(SECTIONS),
        action="append",
        help="run just this section (repeatable); default: all",
    )
    parser.add_argument(
        "--sizes",
        default="1000,5000",
        help="comma-separated corpus sizes (default 1000,5000); search uses the largest",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    report = Report()
    OUT.mkdir(parents=True, exist_ok=True)
    print("| section | items | metric | value | target | result |")
    print("|---|---|---|---|---|---|", flush=True)
    for name in args.only or list(SECTIONS):
        try:
            SECTIONS[name](report, sizes)
        except Exception:  # a crash in one section must not hide the others
            report.note(f"{name}: CRASHED\n{traceback.format_exc()}")
            report.add(Row(name, "-", "section", "crashed (see notes)", "", "FAIL"))
            report.failed = True
    if report.notes:
        print("\n### Notes\n")
        for note in report.notes:
            print("```text\n" + note + "\n```")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
