"""Read content files into `SourceFile`s: front-matter data with positions, and the body.

Reading never raises for bad content: every problem becomes a `Problem` on the file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontmatter.default_handlers import YAMLHandler

from .problems import Problem, error
from .yamlpos import Document, Positions, YamlProblem, load_document

# The folder decides the type.
KINDS = ("practice", "research", "policies")
MAX_FILE_BYTES = 1_000_000

# python-frontmatter's own definition of a `---` boundary line.
_BOUNDARY = YAMLHandler.FM_BOUNDARY

# What content/ may hold besides Markdown pages: MkDocs copies every other file to the site as
# it is, so a type a browser would run (.html, .svg, .js, .xml...) would be published as code.
MEDIA_SUFFIXES = (
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf", ".csv", ".tsv", ".txt", ".docx",
    ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".mp3", ".mp4",
)
SYMLINK_MESSAGE = (
    "is a symbolic link; content must be real files committed to the repository (the build "
    "would publish whatever a link points at): replace the link with a copy of its target"
)


@dataclass
class SourceFile:
    path: Path
    rel: str  # relative to the project root, with forward slashes
    docs_rel: str  # relative to docs_dir: MkDocs' src_uri
    kind: str | None  # "practice", "research", "policies", or None for an ordinary page
    meta: dict[str, Any] | None = None
    positions: Positions = field(default_factory=Positions)
    body: str = ""
    body_line: int = 1
    text: str | None = field(default=None, repr=False)  # the decoded file, for line scans
    problems: list[Problem] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.path.stem

    def fail(self, line: int, column: int, message: str, rule: str, field: str = "") -> None:
        self.problems.append(error(self.rel, line, column, field, message, rule))


def kind_of(docs_rel: str) -> str | None:
    folder, slash, _ = docs_rel.partition("/")
    return folder if slash and folder in KINDS else None


def _relative(path: Path, base: Path) -> str:
    # str slicing, not Path.relative_to: this runs for every file of every build.
    text, prefix = str(path), str(base).rstrip("/") + "/"
    return text[len(prefix):] if text.startswith(prefix) else path.relative_to(base).as_posix()


def decode(data: bytes) -> tuple[str | None, tuple[int, int, str] | None]:
    """Text with BOM removed and newlines made `\\n`, or where decoding failed."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, _where(data, exc.start)
    if "\x00" in text:  # valid UTF-8, but no text file holds a NUL: a binary or damaged file
        return None, _where(data, data.index(b"\x00"))
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _where(data: bytes, at: int) -> tuple[int, int, str]:
    before = data[:at]
    line = before.count(b"\n") + 1
    column = at - (before.rfind(b"\n") + 1) + 1
    return line, column, f"byte 0x{data[at]:02x}"


def split_front_matter(text: str) -> tuple[str, int, str, int] | str:
    """(front-matter, lines before it, body, body's first line) or a reason it failed."""
    opening = _BOUNDARY.match(text)
    if not opening:
        return "missing"
    closing = _BOUNDARY.search(text, opening.end())
    if not closing:
        return "unclosed"
    fm = text[opening.end() : closing.start()]
    body_start = closing.end()
    if text.startswith("\n", body_start):
        body_start += 1
    lines_before_fm = text.count("\n", 0, opening.end())
    return fm, lines_before_fm, text[body_start:], text.count("\n", 0, body_start) + 1


def load_file(path: Path, root: Path, docs_dir: Path) -> SourceFile:
    docs_rel = _relative(path, docs_dir)
    source = SourceFile(path=path, rel=_relative(path, root), docs_rel=docs_rel,
                        kind=kind_of(docs_rel))
    if path.is_symlink():  # never read: it may point at a secret, or at /dev/zero
        source.fail(1, 1, f"the file {SYMLINK_MESSAGE}", "symlink")
        return source
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device: reading could block forever
            source.fail(1, 1, "the file is not a regular file; pages must be text files",
                        "unreadable")
            return source
        data = b"" if info.st_size > MAX_FILE_BYTES else path.read_bytes()  # never read a huge one
    except OSError as exc:
        source.fail(1, 1, f"the file cannot be read ({exc.strerror})", "unreadable")
        return source
    if max(info.st_size, len(data)) > MAX_FILE_BYTES:
        source.fail(
            1, 1,
            f"the file is {max(info.st_size, len(data)):,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; "
            "split it into several pages or link to large documents instead",
            "file-too-large",
        )
        return source
    text, bad = decode(data)
    if text is None:
        assert bad is not None
        line, column, what = bad
        source.fail(
            line, column,
            f"the file is not UTF-8 text ({what} cannot be read); save it as UTF-8 "
            "('Save as' → 'UTF-8' in most editors)",
            "not-utf8",
        )
        return source
    source.text = text
    read_front_matter(source, text)
    return source


def read_front_matter(source: SourceFile, text: str) -> None:
    split = split_front_matter(text)
    if split == "missing":
        source.body = text
        if source.kind:
            source.fail(
                1, 1,
                "the file has no front-matter; start it with a line '---', the fields, "
                "and another line '---' (see the contributing guide)",
                "no-front-matter",
            )
        return
    if split == "unclosed":
        source.fail(
            1, 1,
            "the front-matter starts with '---' on line 1 but is never closed; "
            "add a line '---' after the last field",
            "unclosed-front-matter",
        )
        return
    assert not isinstance(split, str)
    fm, lines_before, source.body, source.body_line = split
    try:
        doc = load_document(fm, line_offset=lines_before)
    except YamlProblem as exc:
        for problem in (exc, *exc.related):  # related: the other lines indented with tabs
            source.fail(problem.mark.line, problem.mark.column, problem.message, problem.rule,
                        problem.field)
        return
    take_document(source, doc)


def take_document(source: SourceFile, doc: Document) -> None:
    source.positions = doc.positions
    for problem in doc.problems:
        source.fail(problem.mark.line, problem.mark.column, problem.message, problem.rule,
                    problem.field)
    if doc.value is None:
        doc.value = {}
    if not isinstance(doc.value, dict):
        start = doc.positions.start
        source.fail(
            start.line, start.column,
            "the front-matter must be a set of 'key: value' lines, not a "
            f"{type(doc.value).__name__}",
            "not-a-mapping",
        )
        return
    source.meta = doc.value


@dataclass
class ContentScan:
    pages: list[Path] = field(default_factory=list)  # the .md files to read, sorted
    problems: list[Problem] = field(default_factory=list)  # see `stray_files`
    # The published files of a MEDIA_SUFFIXES type (regular files, not links), sorted.
    attachments: list[Path] = field(default_factory=list)


def scan_content(root: Path, docs_dir: Path) -> ContentScan:
    """One walk of content/: the pages `load_file` reads (every `.md` file outside folders
    and files starting with '_' or '.'), the attachments published beside them, and the
    `stray_files` problems."""
    scan = ContentScan()
    _scan_folder(docs_dir, "", root, scan)
    scan.pages.sort()
    scan.attachments.sort()
    return scan


def stray_files(root: Path, docs_dir: Path) -> list[Problem]:
    """What content/ holds that `load_file` never reads but MkDocs would publish.

    - symbolic links, to files or folders (MkDocs follows them and copies what they point at);
      a linked `.md` page is `load_file`'s to report;
    - files of a type other than `.md` pages and `MEDIA_SUFFIXES`, outside the folders and
      files starting with '_' or '.', which are not published.
    """
    return scan_content(root, docs_dir).problems


# Folders inside folders in content/; a deeper tree is a trap for anything that walks it.
MAX_FOLDER_DEPTH = 32


def _scan_folder(folder: Path, docs_rel: str, root: Path, scan: ContentScan, depth: int = 0) -> None:
    # os.scandir: a DirEntry knows whether it is a link or a folder without another system
    # call per file, which matters with thousands of items.
    with os.scandir(folder) as entries:
        for entry in entries:
            rel = f"{docs_rel}{entry.name}"
            unpublished = is_unpublished(rel)
            page = entry.name.endswith(".md") and not unpublished
            if entry.is_symlink():
                if page and not entry.is_dir():
                    scan.pages.append(Path(entry.path))  # load_file reports it, unread
                    continue
                what = "folder" if entry.is_dir() else "file"
                scan.problems.append(error(_relative(Path(entry.path), root), 1, 1, "",
                                           f"the {what} {SYMLINK_MESSAGE}", "symlink"))
            elif entry.is_dir():
                if depth >= MAX_FOLDER_DEPTH:
                    scan.problems.append(error(
                        _relative(Path(entry.path), root), 1, 1, "",
                        f"the folder is more than {MAX_FOLDER_DEPTH} folders deep inside "
                        "content/; move what it holds nearer the top", "folder-too-deep"))
                    continue
                _scan_folder(Path(entry.path), rel + "/", root, scan, depth + 1)  # links are not entered
            elif page:
                scan.pages.append(Path(entry.path))
            elif not unpublished and entry.name.lower().endswith(MEDIA_SUFFIXES):
                if entry.is_file(follow_symlinks=False):
                    scan.attachments.append(Path(entry.path))
            elif not unpublished:
                suffix = Path(entry.name).suffix or entry.name
                scan.problems.append(error(
                    _relative(Path(entry.path), root), 1, 1, "",
                    f"'{suffix}' files are not published from content/: pages must end in "
                    ".md, so that they are checked, and other files must be images or "
                    f"documents, which a browser does not run ({', '.join(MEDIA_SUFFIXES)})",
                    "file-type"))


def is_unpublished(docs_rel: str) -> bool:
    """Files and folders starting with '_' or '.' are not content (like `_data/`)."""
    return any(part.startswith(("_", ".")) for part in docs_rel.split("/"))
