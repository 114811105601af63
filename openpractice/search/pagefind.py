"""Run Pagefind over a built site (pagefind-bin from PyPI; it has no console script).

The build decides which pages are search results (`search_pages`): every item, and every
ordinary page except the home page and pages whose front-matter says
`search: {exclude: true}` (the generated listings and the Explore page). Those pages, and only
those, get a `data-pagefind-body` element (overrides/main.html), which is what Pagefind
indexes of each page. Pagefind is also given exactly those files through its `glob` setting
while that stays short (folders of pages folded into one pattern); on a very large site it
reads every page and relies on the element alone.

Any failure stops the build with Pagefind's own message: a site whose search is broken is not
published. So does a selected page that Pagefind skipped (no `data-pagefind-body` while other
pages have one), naming the pages, and a count of indexed pages other than the selection.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

OUTPUT_SUBDIR = "pagefind"
# Pagefind's ready-made UIs; the Explore page uses the JS API (pagefind.js + its worker and
# WebAssembly) only, so these are removed rather than published.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)
TIMEOUT_SECONDS = 900
GLOB_LIMIT = 500  # alternatives in one glob; Pagefind's parser gives up at a few thousand
MIN_VERSION = (1, 5)  # metadata is searchable from 1.5: the `keywords` field relies on it
_GLOB_SPECIAL = re.compile(r"([\\{}\[\]*?,!])")


class PagefindError(Exception):
    pass


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    words: int
    filters: int
    sorts: int
    seconds: float
    bundle_bytes: int
    bundle_files: int
    output: str

    def __str__(self) -> str:
        return (f"Pagefind indexed {self.pages} pages ({self.words} words, {self.filters} "
                f"filters, {self.sorts} sorts) in {self.seconds:.2f} s; search bundle "
                f"{self.bundle_bytes / 1024:.0f} KiB in {self.bundle_files} files")


OTHER_SEARCH_PLUGINS = ("search", "material/search")


def competing_search_plugins(plugin_names: Iterable[str]) -> list[str]:
    """Warnings for search plugins that would build a second search beside Pagefind
    (MkDocs adds `search` itself when mkdocs.yml has no `plugins` list)."""
    return [f"the '{name}' plugin builds a second search index (lunr) beside Pagefind, and "
            "Material would show its own search box as well: remove it from mkdocs.yml's "
            "plugins (the header search and the Explore page use Pagefind)"
            for name in plugin_names if name in OTHER_SEARCH_PLUGINS]


def is_search_page(meta: Mapping[str, Any], *, is_item: bool, is_homepage: bool,
                   generated: bool) -> bool:
    """Whether a built page belongs in the search index (see the module docstring)."""
    if is_item:
        return True
    if generated or is_homepage:
        return False
    search = meta.get("search")
    return not (isinstance(search, Mapping) and search.get("exclude") is True)


def search_pages(files: Iterable[Any], items: Collection[str], generated: Collection[str]) -> list[str]:
    """The output paths (`dest_uri`) of the pages to index, from MkDocs' documentation files
    (each with its `page` read, as in on_env). `items` and `generated` are source paths."""
    selected = []
    for file in files:
        page = getattr(file, "page", None)
        if page is None:
            continue
        if is_search_page(page.meta or {}, is_item=file.src_uri in items,
                          is_homepage=bool(page.is_homepage), generated=file.src_uri in generated):
            selected.append(file.dest_uri)
    return sorted(selected)


def glob_for(paths: Sequence[str], site_dir: Path | None = None) -> str:
    """A Pagefind glob matching exactly these site-relative paths."""
    return "{" + ",".join(glob_patterns(paths, site_dir)) + "}"


def glob_patterns(paths: Sequence[str], site_dir: Path | None = None) -> list[str]:
    """The alternatives of `glob_for`. Pagefind's glob stops working with a few thousand, so
    with `site_dir` the pages of a folder (`about/*/index.html`) become one pattern wherever
    that pattern matches no page outside `paths` in the built site; the rest are listed."""
    selected = set(paths)
    patterns: list[str] = []
    if site_dir is not None:
        for parent, name in sorted({(PurePosixPath(p).parent.parent, PurePosixPath(p).name)
                                    for p in paths if p.count("/") >= 2}):
            matched = {f.relative_to(site_dir).as_posix()
                       for f in site_dir.glob(f"{_escape_fs(str(parent))}/*/{_escape_fs(name)}")}
            if matched and matched <= selected:
                patterns.append(f"{_escape(str(parent))}/*/{_escape(name)}")
                selected -= matched
    return patterns + [_escape(p) for p in sorted(selected)]


def _escape(path: str) -> str:
    return _GLOB_SPECIAL.sub(r"\\\1", path)


def _escape_fs(path: str) -> str:
    """`path` as a literal for pathlib's glob (which knows only * ? and [...])."""
    return re.sub(r"([*?\[])", r"[\1]", path)


def _count(output: str, what: str) -> int | None:
    match = re.search(rf"Indexed (\d+) {what}", output)
    return int(match.group(1)) if match else None


def index_site(site_dir: Path, pages: Sequence[str] | None = None, *, language: str | None = None,
               keep_ui: bool = False) -> IndexSummary:
    """Index `site_dir` in place (writes site_dir/pagefind/).

    `pages`: site-relative HTML paths to index (None: every HTML file, Pagefind's default).
    `language`: index everything as this language (the site's), whatever a page declares.
    """
    site_dir = site_dir.resolve()
    if pages is not None and not pages:
        raise PagefindError("Pagefind: no pages to index (every page is a listing or excluded "
                            "from search); add content or remove `search: {exclude: true}`")
    config: dict[str, Any] = {"site": str(site_dir), "output_subdir": OUTPUT_SUBDIR}
    if pages is not None:
        patterns = glob_patterns(pages, site_dir)
        if len(patterns) <= GLOB_LIMIT:
            config["glob"] = "{" + ",".join(patterns) + "}"
        # else: Pagefind reads every page, and indexes those with data-pagefind-body, which
        # main.html gives exactly the selected pages; the count below proves it.
    if language:
        config["force_language"] = language
    started = time.perf_counter()
    # The settings go in a pagefind.json of their own (a glob of thousands of pages is too
    # long for one command-line argument), in a directory where no other config can be found.
    with tempfile.TemporaryDirectory(prefix="op-pagefind-") as workdir:
        (Path(workdir) / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "pagefind_bin"], cwd=workdir,
                capture_output=True, text=True, check=False, timeout=TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired:
            raise PagefindError(f"Pagefind did not finish within {TIMEOUT_SECONDS} s") from None
    seconds = time.perf_counter() - started
    output = (proc.stdout or "") + (proc.stderr or "")
    if proc.returncode != 0:
        hint = (" (is pagefind-bin installed? pip install pagefind-bin)"
                if "No module named" in output else "")
        raise PagefindError(f"Pagefind failed (exit {proc.returncode}){hint}:\n{_errors(output)}")
    version = re.search(r"Running Pagefind v(\d+)\.(\d+)", output)
    if version and (int(version[1]), int(version[2])) < MIN_VERSION:
        raise PagefindError(
            f"Pagefind {version[1]}.{version[2]} is too old: Open Practice needs "
            f"{MIN_VERSION[0]}.{MIN_VERSION[1]} or later, which searches page metadata (synonyms "
            "live there). Install the version in constraints.txt.")
    indexed = _count(output, "pages?")
    if pages is not None and indexed is not None and indexed < len(pages):
        skipped = [p for p in pages if not _marked(site_dir / p)]
        raise PagefindError(
            f"Pagefind indexed {indexed} of the {len(pages)} pages meant for search. Pages "
            "without a data-pagefind-body element are skipped once any page has one: "
            + (", ".join(skipped[:20]) + (" ..." if len(skipped) > 20 else "") if skipped
               else "(could not tell which)")
            + ". Give their template the element, or exclude them with `search: {exclude: true}`."
        )
    if pages is not None and indexed is not None and indexed > len(pages):
        raise PagefindError(
            f"Pagefind indexed {indexed} pages, not the {len(pages)} meant for search: a page "
            "excluded from search (a listing, the home page, `search: {exclude: true}`) has a "
            "data-pagefind-body element. Remove it from that page's template.")
    bundle = site_dir / OUTPUT_SUBDIR
    if not (bundle / "pagefind.js").is_file():
        raise PagefindError(f"Pagefind reported success but wrote no {bundle}/pagefind.js:\n{output}")
    if not keep_ui:
        for name in UNUSED_BUNDLE_FILES:
            (bundle / name).unlink(missing_ok=True)
    files = [f for f in bundle.rglob("*") if f.is_file()]
    return IndexSummary(
        pages=indexed if indexed is not None else -1,
        words=_count(output, "words?") or 0,
        filters=_count(output, "filters?") or 0,
        sorts=_count(output, "sorts?") or 0,
        seconds=seconds,
        bundle_bytes=sum(f.stat().st_size for f in files),
        bundle_files=len(files),
        output=output,
    )


def _errors(output: str) -> str:
    """Pagefind's error lines and the line after each (it prints every error twice), or the
    end of its output when it printed none."""
    lines = output.strip().splitlines()
    found: dict[str, None] = {}
    for i, line in enumerate(lines):
        if line.startswith("Error:"):
            found.setdefault("\n".join(lines[i:i + 2]).strip(), None)
    return "\n".join(found) if found else "\n".join(lines[-20:])


def _marked(page: Path) -> bool:
    try:
        return "data-pagefind-body" in page.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
