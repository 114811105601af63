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
import re
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import browser  # benchmarks/ is sys.path[0] when run as a script
import corpus
import limits

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
OUT = HERE / "out"
VENV_BIN = Path(sys.executable).parent
TODAY = date(2026, 11, 22)
SEED = 1
# Project files a build needs besides content/ (copied into each corpus when present).
PROJECT_CONFIG = ("mkdocs.yml", "overrides", "site-plan")
ITEM_DIRS = corpus.ITEM_KINDS
BUILD_TIMEOUT = 1200
# Seconds to wait after deleting old builds before timing new ones. ext4 without a journal
# (this machine's disk) skips inodes freed in the last 30 s when it creates a file, scanning
# past every one of them: a build that writes thousands of files just after thousands were
# deleted pays for that on every file (measured at 1,000 items: 2.7 s of kernel time for the
# project build's 2,000 files against 0.9 s in a settled folder). A site built in CI or for a
# deploy starts in a fresh folder.
SETTLE_SECONDS = 35


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
    build_runs: int = 1  # builds per configuration in the build section; the fastest counts
    settle: float = SETTLE_SECONDS  # see SETTLE_SECONDS

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
    content = corpus.PROJECT_CONTENT
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
_deleted_at = 0.0  # when the bench last deleted a folder of files (SETTLE_SECONDS)


def remove_tree(path: Path) -> None:
    global _deleted_at
    shutil.rmtree(path)
    _deleted_at = time.monotonic()


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
            remove_tree(root)
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
        parse_s, _ = best_of(3, partial(_parse_only, files))
        validate_s, result = best_of(3, partial(_validate, root))
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
        ratio = round(validate_s / parse_s, 2)  # judged as shown
        report.check("validate", n, "ratio to parse-only", ratio, 2.0, f"{ratio:.2f}×", "≤ 2×")
        if errors:
            shown = "\n".join(f"  {p.as_text() if hasattr(p, 'as_text') else p}" for p in errors[:30])
            report.note(f"validate: {len(errors)} errors in the generated corpus:\n{shown}")
            report.failed = True


# --- build ------------------------------------------------------------------------------

PLAIN_CONFIG = """\
site_name: Open Practice (plain mkdocs-material baseline)
docs_dir: content
exclude_docs: |
  _data/
{excluded}
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
    output: str = ""  # the fastest run's log (MkDocs' INFO lines included)

    @property
    def bytes_per_page(self) -> float:
        return self.html_bytes / self.pages if self.pages else 0.0


_builds: dict[Path, Build] = {}  # site dir -> its latest build in this run


def needs_project_theme(page: Path) -> bool:
    """An ordinary page that asks for one of the project's templates (or cannot be read)."""
    import frontmatter

    try:
        return "template" in frontmatter.load(page).metadata
    except Exception:  # a page plain Material cannot read is left out too
        return True


def write_plain_config(root: Path) -> Path:
    """Same content; the project's own pages that need its templates are excluded."""
    content = root / "content"
    ordinary = sorted(
        p
        for p in content.rglob("*.md")
        if p.relative_to(content).parts[0] not in ITEM_DIRS
        and not p.relative_to(content).parts[0].startswith(("_", "."))
    )
    excluded = [p.relative_to(content).as_posix() for p in ordinary if needs_project_theme(p)]
    tops = [p.name for p in ordinary if p.parent == content and p.name not in (*excluded, "index.md")]
    pages = ["index.md"] if (content / "index.md").exists() and "index.md" not in excluded else []
    pages += tops[: 5 - len(pages)]
    if not pages:  # every top-level page needs the project's theme: list a few items instead
        pages = [p.relative_to(content).as_posix() for p in sorted((content / "practice").glob("*.md"))[:3]]
    nav = "\n".join(f"  - {p}" for p in pages)
    text = PLAIN_CONFIG.format(nav=nav, excluded="\n".join(f"  /{p}" for p in excluded))
    path = root / "mkdocs-plain.yml"
    path.write_text(text, encoding="utf-8")
    return path


def html_stats(site: Path) -> tuple[int, int]:
    files = list(site.rglob("*.html"))
    files = [f for f in files if f.name != browser.BENCH_PAGE]
    return len(files), sum(f.stat().st_size for f in files)


def _run_mkdocs(config: Path, site: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    if site.exists():
        shutil.rmtree(site)
    # Not -q: the project build's log says how long Pagefind ran beside it.
    cmd = [str(VENV_BIN / "mkdocs"), "build", "-f", str(config), "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log(f"build: {' '.join(cmd)}")
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=config.parent, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False
    )
    return time.perf_counter() - start, proc


def _clip(line: str, limit: int = 400) -> str:
    return line if len(line) <= limit else f"{line[:limit]}... ({len(line):,} characters)"


def _run_dir(site: Path, i: int) -> Path:
    return site.with_name(f"{site.name}.run{i}")


def settle(sites: list[Path], seconds: float) -> None:
    """Delete earlier builds of these sites (and their timed runs), then wait until `seconds`
    have passed since the bench last deleted anything (a corpus too), so the builds timed
    next write into a settled file system (SETTLE_SECONDS)."""
    for path in [p for site in sites for p in (site, *site.parent.glob(f"{site.name}.run*"))]:
        if path.exists():
            remove_tree(path)
    wait = seconds - (time.monotonic() - _deleted_at)
    if _deleted_at and wait > 0:
        log(f"build: waiting {wait:.0f} s for the file system to settle after deleting files")
        time.sleep(wait)


@dataclass
class BuildJob:
    config: Path
    site: Path
    label: str
    times: list[float] = field(default_factory=list)
    logs: list[str] = field(default_factory=list)
    failed: Build | None = None


def mkdocs_builds(jobs: list[BuildJob], report: Report, runs: int = 1) -> list[Build]:
    """Build each job `runs` times, the jobs taking turns, so a burst of load on this shared
    machine slows every configuration alike; each run writes into a new folder, and each
    job's fastest is kept as its `site`. A job stops at its first failure. Nothing is deleted
    between timed runs (SETTLE_SECONDS): `settle` clears up."""
    for job in jobs:
        _pagefind_runs.pop(job.site, None)
        job.site.with_suffix(".stamp").unlink(missing_ok=True)
    for i in range(1, runs + 1):
        for job in (j for j in jobs if j.failed is None):
            seconds, proc = _run_mkdocs(job.config, _run_dir(job.site, i))
            job.logs.append(proc.stdout + proc.stderr)
            if proc.returncode == 0:
                job.times.append(seconds)
                continue
            tail = "\n".join(_clip(line) for line in (proc.stderr or proc.stdout).strip().splitlines()[-25:])
            report.note(f"build: {job.label} FAILED (exit {proc.returncode}) after {seconds:.1f} s:\n{tail}")
            if _run_dir(job.site, i).exists():  # what it wrote before failing, for the notes
                _keep_run(job.site, i)
            job.failed = Build(False, seconds)
    for job in jobs:
        _builds[job.site] = job.failed or _fastest(job)
    return [_builds[job.site] for job in jobs]


def _fastest(job: BuildJob) -> Build:
    best = job.times.index(min(job.times))
    _keep_run(job.site, best + 1)
    job.site.with_suffix(".stamp").write_text(corpus_stamp_of(job.config.parent) + config_stamp())
    pages, size = html_stats(job.site)
    return Build(True, job.times[best], pages, size, job.logs[best])


def _keep_run(site: Path, i: int) -> None:
    """Run i becomes `site` (a rename: no files written), after the timing is done."""
    if site.exists():
        remove_tree(site)
    _run_dir(site, i).rename(site)


def corpus_stamp_of(root: Path) -> str:
    stamp = root / ".corpus-stamp"
    return stamp.read_text() if stamp.is_file() else ""


def project_job(root: Path) -> BuildJob:
    return BuildJob(root / "mkdocs.yml", root / "site-project", "project config")


def plain_job(root: Path) -> BuildJob:
    return BuildJob(write_plain_config(root), root / "site-plain", "plain material")


def build_project(root: Path, report: Report, runs: int = 1) -> Build:
    if not (root / "mkdocs.yml").is_file():
        report.note("build: no mkdocs.yml in the project yet; project build skipped")
        return Build(False, 0.0)
    return mkdocs_builds([project_job(root)], report, runs)[0]


def build_plain(root: Path, report: Report, runs: int = 1) -> Build:
    return mkdocs_builds([plain_job(root)], report, runs)[0]


def _report_build(report: Report, n: int, project: Build, plain: Build) -> None:
    best = f", best of {report.build_runs}" if report.build_runs > 1 else ""
    report.add(
        Row(
            "build",
            n,
            f"plain material build{best}",
            f"{plain.seconds:.1f} s",
            "",
            "" if plain.ok else "FAIL",
        )
    )
    if not project.ok:
        report.add(Row("build", n, "project build", "failed (see notes)", "", "FAIL"))
        report.failed = True
    else:
        report.add(Row("build", n, f"project build{best}", f"{project.seconds:.1f} s"))
    if project.ok and plain.ok:
        ratio = round(project.seconds / plain.seconds, 2)
        report.add(Row("build", n, "project / plain material (lunr search) time", f"{ratio:.2f}"))
        indexed = pagefind_index(report_site(plain))
        if indexed.ok:
            both = plain.seconds + indexed.seconds
            report.add(Row("build", n, "plain material, then `pagefind --site` on it",
                           f"{both:.1f} s ({plain.seconds:.1f} + {indexed.seconds:.1f})"))
            ratio = round(project.seconds / both, 2)
            report.check("build", n, "project / (plain material + Pagefind) time", ratio, 1.0,
                         f"{ratio:.2f}", "≤ 1.0")
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
        metric = f"time per item {large} vs {small}, {label}"
        if not (a.ok and b.ok):
            target, result = ("≤ 1.2", "FAIL") if label == "project" else ("", "")
            report.add(Row("build", f"{small}→{large}", metric, "n/a: a build failed", target, result))
            continue
        ratio = round((b.seconds / large) / (a.seconds / small), 2)
        if label == "project":
            report.check("build", f"{small}→{large}", metric, ratio, 1.2, f"{ratio:.2f}", "≤ 1.2")
        else:
            report.add(Row("build", f"{small}→{large}", metric, f"{ratio:.2f}"))


def bench_build(report: Report, sizes: list[int]) -> None:
    builds: dict[int, tuple[Build, Build]] = {}
    state = (f"a new folder, {report.settle:.0f} s after earlier builds were deleted" if report.settle
             else "a new folder, just after earlier builds were deleted (--settle 0)")
    report.add(Row("build", "-", "each build writes into", state))
    for n in sizes:
        root = project_for(n)
        settle([root / "site-project", root / "site-plain"], report.settle)
        project, plain = mkdocs_builds([project_job(root), plain_job(root)], report, report.build_runs)
        if not plain.ok:
            report.failed = True
        builds[n] = (project, plain)
        _report_build(report, n, project, plain)
        _report_pagefind_share(report, n, root / "site-project", project, plain)
        for leftover in root.glob("site-*.run*"):  # the slower runs
            remove_tree(leftover)
    _report_scaling(report, builds)


def report_site(build: Build) -> Path:
    """The folder a kept build lives in."""
    return next(site for site, kept in _builds.items() if kept is build)


def _report_pagefind_share(report: Report, n: int, site: Path, project: Build, plain: Build) -> None:
    """The project build runs Pagefind beside itself (search/service.py): its log says how
    long indexing took, and how much of it was left after the last page was rendered."""
    found = re.search(r"Pagefind indexed (\d+) pages .*? in ([\d.]+) s, ([\d.]+) s of it after",
                      project.output)
    if not (project.ok and plain.ok and found):
        return
    report.add(Row("build", n, "of which Pagefind, indexing beside the rendering",
                   f"{float(found[2]):.1f} s ({found[1]} pages)"))
    report.add(Row("build", n, "  left after the last page was rendered", f"{float(found[3]):.2f} s"))


# --- search -----------------------------------------------------------------------------


def _fresh_site(root: Path, name: str) -> bool:
    site, stamp = root / name, root / f"{name}.stamp"
    expected = corpus_stamp_of(root) + config_stamp()
    return (site / "index.html").is_file() and stamp.is_file() and stamp.read_text() == expected


def _site_ok(root: Path, name: str, build: Callable[[Path, Report], Build], report: Report) -> bool:
    """Whether root/name holds a good build: built earlier in this run, fresh on disk, or now."""
    earlier = _builds.get(root / name)
    if earlier is not None:
        return earlier.ok
    return _fresh_site(root, name) or build(root, report).ok


def site_for_search(root: Path, report: Report) -> tuple[Path | None, str]:
    """The project site (built if missing or stale); else its pages if the build wrote them
    all before failing (e.g. in its own Pagefind step); else the plain site as a stand-in."""
    site = root / "site-project"
    if _site_ok(root, "site-project", build_project, report):
        return site, "project"
    pages, _ = html_stats(site) if site.is_dir() else (0, 0)
    if pages >= len(item_files(root)) * 0.9:
        report.note(f"search: the project build failed after writing {pages} pages; indexing them")
        return site, "project pages, build failed"
    report.note("search: project site unavailable; indexing the plain build instead")
    if _site_ok(root, "site-plain", build_plain, report):
        return root / "site-plain", "plain (project build failed)"
    return None, ""


def dir_bytes(path: Path) -> tuple[int, int]:
    files = [f for f in path.rglob("*") if f.is_file()]
    return len(files), sum(f.stat().st_size for f in files)


@dataclass(frozen=True)
class PagefindRun:
    ok: bool
    seconds: float
    output: Path
    own_index: bool  # the project's build had already indexed the site itself
    files: int = 0
    size: int = 0
    error: str = ""


BENCH_MARK = ".made-by-bench"
_pagefind_runs: dict[Path, PagefindRun] = {}  # per site dir, so each index is built once a run


def pagefind_index(site: Path) -> PagefindRun:
    """Time `python -m pagefind_bin --site SITE` (default settings, every page).

    When the project's build already wrote its own index (site/pagefind), that index is kept
    as it ships and this run writes beside the site instead.
    """
    if site in _pagefind_runs:
        return _pagefind_runs[site]
    shipped = site / "pagefind"
    own = (shipped / "pagefind-entry.json").is_file() and not (shipped / BENCH_MARK).exists()
    output = site.parent / f"{site.name}-pagefind" if own else site / "pagefind"
    shutil.rmtree(output, ignore_errors=True)  # Pagefind keeps stale files
    (site / browser.BENCH_PAGE).unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "pagefind_bin", "--site", str(site), "--output-path", str(output)]
    log(f"pagefind: {' '.join(cmd)}")
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=site.parent, capture_output=True, text=True, check=False, timeout=BUILD_TIMEOUT
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        error = (proc.stderr or proc.stdout)[-3000:]
        run = PagefindRun(False, seconds, output, own, error=error)
    else:
        run = PagefindRun(True, seconds, output, own, *dir_bytes(output))
        (output / BENCH_MARK).touch()  # so a later run never takes it for the project's own
    _pagefind_runs[site] = run
    return run


def run_pagefind(site: Path, report: Report, n: int, label: str) -> bool:
    """Index time and size; True when site/pagefind holds an index to query."""
    run = pagefind_index(site)
    if not run.ok:
        report.note(f"search: pagefind failed:\n{run.error}")
        report.failed = True
        return run.own_index
    what = f"`pagefind --site` on the {label} site, default settings"
    report.add(Row("search", n, f"Pagefind index time ({what})", f"{run.seconds:.1f} s"))
    report.add(Row("search", n, "  its index size", f"{fmt_bytes(run.size)} in {run.files} files"))
    if run.own_index:
        files, size = dir_bytes(site / "pagefind")
        shipped = f"{fmt_bytes(size)} in {files} files"
        report.add(Row("search", n, "the project's own Pagefind index (measured below)", shipped))
    return True


def lunr_index(root: Path, report: Report, n: int) -> None:
    if not _site_ok(root, "site-plain", build_plain, report):
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


def explore_page(site: Path, report: Report, n: int) -> None:
    """The same typical query, and a champions' desk link (filters, no query), on the site's
    own Explore page: what a visitor downloads there, with the facets' counts."""
    for params, what in (("q=metacognition", '"metacognition"'),
                         ("type=Practice&theme=Reading", "filters only (a desk link)")):
        found = browser.measure_explore(site, params)
        report.add(Row("search", n, f"Explore page, {what}: bytes from /pagefind/",
                       f"{fmt_bytes(found.pagefind_bytes)} (of which facet counts "
                       f"{fmt_bytes(found.filter_bytes)})"))
        report.add(Row("search", n, f"Explore page, {what}: first result on screen, from "
                       "navigation", f"{found.first_result_ms:.0f} ms"))


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
        if (site / "explore" / "index.html").is_file():
            explore_page(site, report, n)


# --- main -------------------------------------------------------------------------------




def bench_limits(report: Report, sizes: list[int]) -> None:
    """Pages at the 1,000,000-byte limit, each the hardest input for some check: validating
    the project with one of them, and building it when the page is valid."""
    from openpractice.validate import validate_project

    root = OUT / "limits"
    if root.exists():
        remove_tree(root)
    root.mkdir(parents=True)
    copy_config(root)
    shutil.copytree(corpus.PROJECT_CONTENT, root / "content")
    data = validate_project(root, today=TODAY).catalogue
    assert data is not None
    school, theme = next(iter(data.schools)), data.taxonomy.themes[0].id
    for name, (text, _) in limits.limit_pages(school, theme).items():
        page = root / "content" / "practice" / f"limit-{name}.md"
        page.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        result = validate_project(root, today=TODAY)
        seconds = time.perf_counter() - start
        rel = page.relative_to(root).as_posix()
        found = [p for p in result.problems if p.path == rel]
        errors = sum(p.is_error for p in found)
        shown = f"{seconds:.2f} s ({errors} errors, {len(found) - errors} warnings)"
        report.check("limits", "1 MB page", f"validate the project with: {name}", seconds, 2.0,
                     shown, "< 2 s")
        if not errors:
            built, proc = _run_mkdocs(root / "mkdocs.yml", root / "site")
            ok = proc.returncode == 0
            report.check("limits", "1 MB page", f"build the project with: {name}",
                         built if ok else 1e9, 5.0, f"{built:.1f} s" if ok else "failed", "< 5 s")
            if not ok:
                report.note(f"limits: build with {name} failed:\n{proc.stderr[-2000:]}")
        page.unlink()


SECTIONS: dict[str, Callable[[Report, list[int]], None]] = {
    "validate": bench_validate,
    "build": bench_build,
    "search": bench_search,
    "limits": bench_limits,
}


def machine_row(report: Report) -> None:
    """Timings are only comparable on an otherwise idle machine: say how busy it was."""
    cpus, load = os.cpu_count() or 1, os.getloadavg()[0]
    report.add(Row("machine", "-", "CPUs, load average (1 min) at start", f"{cpus}, {load:.1f}"))
    if load > cpus * 0.75:
        report.note(f"machine: load average {load:.1f} on {cpus} CPUs; timings will be inflated")


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
    parser.add_argument(
        "--build-runs",
        type=int,
        default=1,
        help="build each configuration this many times and keep the fastest (default 1)",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=SETTLE_SECONDS,
        help=f"seconds to wait after deleting old builds, before timing new ones (default "
        f"{SETTLE_SECONDS}; 0 times builds just after deletions, as a quick rebuild would run)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    report = Report(build_runs=max(1, args.build_runs), settle=max(0.0, args.settle))
    OUT.mkdir(parents=True, exist_ok=True)
    print("| section | items | metric | value | target | result |")
    print("|---|---|---|---|---|---|", flush=True)
    machine_row(report)
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
