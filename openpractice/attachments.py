"""personal-data for attachments: the text of the files published beside the pages, checked
by the same detector as pages (`personal_data.find_in_text` / `find_in_rows`).

What is read, and where a finding is reported (path:line:column, then the message):

- `.csv`, `.tsv`: the rows (`,` or `;` for CSV, whichever splits the first rows into more
  consistent columns; a tab for TSV). The line is the line of the file where the field
  starts (a quoted field may span lines), the column is the field's number, and the message
  starts "in cell C4: ", the cell as a spreadsheet program shows it.
- `.txt`: the text, at the line and column the detector gives, as for a page.
- `.xlsx` (openpyxl): every worksheet, hidden ones included, with the cached values of
  formulas; at 1:1, the message starting "in sheet 'Pupils', cell C4: ".
- `.docx` (python-docx opens it; the body's XML is walked here): the paragraphs, with their
  hyperlinks, content controls, tracked insertions and deletions and text boxes ("in
  paragraph 3: ", counting every paragraph of the body, empty ones too, as Word's ¶ marks
  show them), and the tables, nested ones too ("in table 1, row 2, column 3: ", columns as
  Word shows them, a merged cell in its first one); at 1:1.
- `.odt`, `.ods`, `.odp`: the tables in content.xml, as rows (a spreadsheet's "in sheet
  'Pupils', cell C4: ", a text's or a presentation's "in table 'Table1', cell C4: "); at 1:1.
- Then, for every zip-based office file (.docx, .xlsx, .pptx, .odt, .ods, .odp), every XML
  part of the zip, whatever it is for (`office_text.parts`): headers, footers, footnotes,
  endnotes, comments and notes, the file's properties, slides and speaker notes, charts,
  shapes and text boxes, a sheet's headers, footers and formulas, and parts no one listed.
  Each paragraph, or text outside one, is a line ("in a header (word/header1.xml), line 2:
  "), and the attribute values (link addresses, alt text, names) are read too ("in a footer
  (word/footer1.xml), in a link, name or alt text: "); at 1:1. A file is read whole rather
  than by a list of the places text is expected, so that a place nobody thought of is read
  all the same. Text a reader above has checked, in the part it read, is not checked again.
- `.pdf` (pypdf): each page's extracted text, form XObjects included ("in page 2, line 5: ");
  at 1:1.

Text files are read as UTF-8 (with or without a BOM), as UTF-16 with a BOM (Excel's "Unicode
text"), or else as Windows-1252 (what Excel saves a CSV as on Windows).

A file that cannot be checked is not published: one that cannot be read (damaged, encrypted,
of another type than its name says, not text) is an `unreadable` error, one over a limit a
`file-too-large` error, each saying what to do. The limits keep a damaged or hostile file
from crashing or stalling the build; the work is linear in the size of the file:

- an attachment read here is at most `MAX_BYTES`;
- a zip-based office file unpacks to at most `MAX_UNPACKED_BYTES`, judged from the sizes its
  zip directory declares before anything is unpacked (Python's zipfile never unpacks a member
  past its declared size); its XML is parsed without a tree, refused if it declares entities
  (so none is ever expanded), and holds at most `MAX_XML_ELEMENTS` elements (a part of empty
  elements zips small but costs a call each); a workbook, or an OpenDocument file's
  tables, have at most `MAX_CELLS` cells, counting the empty ones before the last cell of
  each row and one for each empty row; the layout-grid columns one Word table cell takes are
  capped at what Word allows;
- a PDF has at most `MAX_PDF_PAGES` pages, whose content streams and uses of form XObjects
  unpack to at most `MAX_UNPACKED_BYTES` and hold at most `MAX_PDF_OPERATIONS` operations;
  pypdf's own limits, lowered, bound each stream; at most `_PDF_FORMS_PER_PAGE` forms or
  images a page (past it pypdf would skip forms, unchecked); text pypdf leaves out (a
  damaged form XObject or stream) makes the file unreadable; and reading stops after
  `MAX_PDF_SECONDS`, the last resort for forms nested in forms.

Not read, and so not checked: images, audio and video (an attachment of any other type that
is not read here is an `unreadable` error, never published unchecked); in a zip-based office
file, the members that are not XML (pictures, media, embedded objects such as a chart's
workbook, legacy .vml drawings, whose text is in the XML parts too); in a PDF, annotations,
form fields, embedded files, bookmarks and metadata; in any of them, the text in pictures.

The libraries are imported when a file of their type is read, not when the CLI starts.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import datetime as dt
import functools
import io
import itertools
import logging
import os
import re
import stat
import time
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import office_text, personal_data
from .problems import Problem, error

RULE = "personal-data"
READABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".docx", ".pptx", ".odt", ".ods", ".odp", ".pdf")
# The attachment types that hold no text this module could read; any other type not in
# READABLE_SUFFIXES is refused, so that a type newly allowed is never published unchecked.
NOT_TEXT_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".mp3", ".mp4")

MAX_BYTES = 5_000_000
MAX_UNPACKED_BYTES = 50_000_000
MAX_CELLS = 200_000
MAX_XML_ELEMENTS = 5_000_000  # in a zip-based office file; a 5 MB file of text holds ~2 million
MAX_PDF_PAGES = 500
MAX_PDF_OPERATIONS = 2_000_000
MAX_PDF_SECONDS = 60  # the last resort; the limits above keep an ordinary PDF far below it
_PDF_FORMS_PER_PAGE = 5_000  # pypdf's own limit, past which it skips forms without failing
# pypdf's own per-stream limits, lowered from its defaults (75 MB) to fit the budget above.
_PDF_STREAM_BYTES = 20_000_000
_PDF_LIMITS = {name: _PDF_STREAM_BYTES for name in (
    "zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
    "brotli_maximum_output_length", "array_based_stream_maximum_output_length",
    "jbig2_maximum_output_length")}
_OVER_LIMIT = "over the limit for attachments that are checked for personal data; split it into smaller files"

# What each kind is called in messages, and how to save a copy that can be read.
_KINDS = {
    ".csv": ("a CSV file", "save it again as 'CSV UTF-8 (Comma delimited)'"),
    ".tsv": ("a TSV file", "save it again as UTF-8 text"),
    ".txt": ("a text file", "save it again as UTF-8 text"),
    ".xlsx": ("an Excel workbook (.xlsx)", "open it in Excel and save it again as .xlsx"),
    ".docx": ("a Word document (.docx)", "open it in Word and save it again as .docx"),
    ".pptx": ("a PowerPoint presentation (.pptx)", "open it in PowerPoint and save it again as .pptx"),
    ".odt": ("an OpenDocument text (.odt)", "open it in LibreOffice Writer and save it again as .odt"),
    ".ods": ("an OpenDocument spreadsheet (.ods)", "open it in LibreOffice Calc and save it again as .ods"),
    ".odp": ("an OpenDocument presentation (.odp)",
             "open it in LibreOffice Impress and save it again as .odp"),
    ".pdf": ("a PDF", "save or export it as PDF again"),
}
_DAMAGED = "it is damaged, or another kind of file renamed"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an encrypted Office file, or an old .xls/.doc
_WORD_MAX_COLUMNS = 64  # Word allows 63; caps the layout-grid positions one cell may take


class _Unreadable(Exception):
    """The file cannot be read as its kind: why, and what to do if not the kind's advice."""

    def __init__(self, reason: str, advice: str | None = None) -> None:
        super().__init__(reason)
        self.reason, self.advice = reason, advice


class _TooLarge(Exception):
    """The file is over a limit; the message says which."""


@dataclass(frozen=True)
class _Located:
    line: int
    column: int
    where: str  # "" for a plain text file, whose line and column say it all
    message: str


def check_attachment(path: Path, rel: str) -> list[Problem]:
    """The `personal-data` problems in the attachment at `path` (reported as `rel`), or why
    it cannot be checked. Pictures and recordings, and links, give none (the scan reports
    links); a type that is not read is refused."""
    suffix = path.suffix.lower()
    if suffix in NOT_TEXT_SUFFIXES:
        return []
    if suffix not in READABLE_SUFFIXES:
        return [error(rel, 1, 1, "", f"files of this type ({suffix or 'no extension'}) cannot be "
                      "checked for personal data, so they are not published: save it as PDF",
                      "unreadable")]
    kind, advice = _KINDS[suffix]
    try:
        data = _read(path)
        if data is None:
            return []
        found = _READERS[suffix](data)
    except _TooLarge as exc:
        return [error(rel, 1, 1, "", str(exc), "file-too-large")]
    except _Unreadable as exc:
        return [error(rel, 1, 1, "", f"the file cannot be read as {kind}: {exc.reason}; "
                      f"{exc.advice or advice}, so that it can be checked for personal data",
                      "unreadable")]
    except OSError as exc:
        return [error(rel, 1, 1, "", f"the file cannot be read ({exc.strerror})", "unreadable")]
    return [error(rel, f.line, f.column, "", f"in {f.where}: {f.message}" if f.where else f.message,
                  RULE) for f in found]


def _read(path: Path) -> bytes | None:
    """The file's bytes; None for anything but a regular file (never follows a link, never
    waits on a pipe)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        if path.is_symlink():
            return None
        raise
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = file.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            size = max(os.fstat(fd).st_size, len(data))
            raise _TooLarge(
                f"the file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit for attachments "
                "that are checked for personal data; split it into smaller files, or make it "
                "smaller (e.g. compress its pictures)")
    return data


# --- text: .txt, .csv, .tsv -----------------------------------------------------------------


def _decode(data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, or Windows-1252; newlines made `\\n`."""
    text: str | None = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is None or "\x00" in text:  # no text file holds a NUL: binary data
        raise _Unreadable("it is not text in UTF-8 or Windows-1252 (the encodings Excel saves)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_txt(data: bytes) -> list[_Located]:
    return [_Located(f.line, f.column, "", f.message)
            for f in personal_data.find_in_text(_decode(data))]


def _read_csv(data: bytes) -> list[_Located]:
    text = _decode(data)
    return _table_findings(text, _csv_delimiter(text))


def _read_tsv(data: bytes) -> list[_Located]:
    return _table_findings(_decode(data), "\t")


def _csv_delimiter(text: str) -> str:
    """',' unless ';' splits the first rows into more consistent columns (Excel in much of
    Europe writes ';', as ',' is the decimal mark)."""
    def score(delimiter: str) -> tuple[int, int]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            widths = [len(row) for row in itertools.islice(reader, 20) if row]
        except csv.Error:
            return (0, 0)
        if not widths or widths[0] < 2:
            return (0, 0)
        return (sum(w == widths[0] for w in widths), widths[0])

    return ";" if score(";") > score(",") else ","


def _table_findings(text: str, delimiter: str) -> list[_Located]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    starts: list[int] = []  # the line each row starts on
    try:
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            rows.append(row)
            starts.append(start)
    except csv.Error as exc:
        raise _Unreadable(f"{exc} (in the row starting on line {start}); check that every "
                          "quoted field has its closing quote mark") from None
    # A field starts below its row's first line when a field before it spans lines.
    field_lines: dict[int, list[int]] = {}  # row -> the line each field starts on

    def line_of(row: int, column: int) -> int:
        if not rows:
            return 1
        r = min(max(row, 1), len(rows))
        if r not in field_lines:
            lines = field_lines[r] = [starts[r - 1]]
            for value in rows[r - 1]:
                lines.append(lines[-1] + value.count("\n"))
        lines = field_lines[r]
        return lines[min(max(column, 1), len(lines)) - 1]

    return [_Located(line_of(c.row, c.column), c.column, f"cell {_cell_name(c.row, c.column)}",
                     c.message) for c in personal_data.find_in_rows(rows)]


def _cell_name(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    if 1 <= column <= 18_278:  # 'ZZZ', the last name openpyxl gives
        return f"{get_column_letter(column)}{row}"
    return f"row {row}, field {column}"


# --- zip-based: .xlsx, .docx, .pptx, .odt, .ods, .odp ---------------------------------------------


def _open_zip(data: bytes, program: str, suffix: str) -> None:
    """Refuse what is not a zip, and a zip that would unpack to too much, before a library
    opens it."""
    if data.startswith(_OLE_MAGIC):
        raise _Unreadable(f"it is password-protected, or an older {program} file renamed",
                          f"open it in {program}, remove any password, and save it as {suffix}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _Unreadable(_DAMAGED) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise _TooLarge(
            f"the file unpacks to {unpacked:,} bytes, over the {MAX_UNPACKED_BYTES:,}-byte limit "
            "for attachments that are checked for personal data; split it into smaller files")


@contextmanager
def _quiet() -> Iterator[None]:
    """Libraries warn about oddities of the files they read; the problems reported here say
    all that matters, so their warnings are not shown."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _read_xlsx(data: bytes) -> list[_Located]:
    import openpyxl

    _open_zip(data, "Excel", ".xlsx")
    sheets: list[tuple[str, list[list[str]]]] = []
    with _quiet():
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # a damaged file fails in any of the many parsers inside
            raise _Unreadable(_DAMAGED) from None
        try:
            cells = 0
            for sheet in workbook.worksheets:
                # The <dimension> a file declares may be wrong (or huge): read the cells present.
                sheet.reset_dimensions()
                rows: list[list[str]] = []
                for values in sheet.iter_rows(values_only=True):
                    cells += max(len(values), 1)
                    if cells > MAX_CELLS:
                        raise _TooLarge(
                            f"the workbook has more than {MAX_CELLS:,} cells, over the limit for "
                            "attachments that are checked for personal data; split it into "
                            "smaller workbooks, or delete unused rows and columns")
                    rows.append([_cell_text(value) for value in values])
                sheets.append((sheet.title, rows))
        except _TooLarge:
            raise
        except Exception:
            raise _Unreadable(_DAMAGED) from None
        finally:
            workbook.close()
    found = [_Located(1, 1, f"sheet '{title}', cell {_cell_name(c.row, c.column)}", c.message)
             for title, rows in sheets for c in personal_data.find_in_rows(rows)]
    seen = _seen(cell for _, rows in sheets for row in rows for cell in row)
    return found + _zip_findings(data, seen, ("xl/worksheets/", "xl/sharedStrings.xml"))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))  # a number typed into a cell: 7700900123, not 7700900123.0
    return str(value)


def _read_docx(data: bytes) -> list[_Located]:
    import docx

    _open_zip(data, "Word", ".docx")
    text = _DocxText()
    try:
        text.blocks(docx.Document(io.BytesIO(data)).element.body, "")
    except Exception:  # a damaged file fails in any of the many parsers inside
        raise _Unreadable(_DAMAGED) from None
    found = _paragraph_findings(text.paragraphs)
    for label, rows in text.tables:
        found += [_Located(1, 1, f"{label}, row {c.row}, column {c.column}", c.message)
                  for c in personal_data.find_in_rows(rows)]
    seen = _seen(itertools.chain(text.paragraphs, (c for _, rows in text.tables for r in rows for c in r)))
    return found + _zip_findings(data, seen, ("word/document.xml",))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
# Block-level wrappers whose content is in the flow as if they were not there: content
# controls and custom XML. (Within a paragraph, every element is looked into, bar _SKIP.)
_WRAPPERS = {f"{_W}sdt": f"{_W}sdtContent", f"{_W}customXml": None}
_TEXT = {f"{_W}t", f"{_W}delText"}  # deleted text is still in the published file
_MARKS = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
# Properties (tab stops are w:tab too), field codes, and the copy of a text box that is
# there for programs older than Word 2010.
_SKIP = {f"{_W}pPr", f"{_W}rPr", f"{_W}sdtPr", f"{_W}instrText", f"{_MC}Fallback"}


class _DocxText:
    """The text of a .docx body, walked in the XML in document order: paragraphs (with their
    hyperlinks, tracked changes and text boxes) and tables, one entry per layout-grid column.
    (python-docx's `Paragraph.text` leaves out tracked insertions, and its `_Row.cells`
    repeats a cell once per column it spans, which a damaged `gridSpan` makes endless.)"""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.tables: list[tuple[str, list[list[str]]]] = []  # in document order
        self._numbers: dict[str, int] = {}  # tables numbered so far, by the label's prefix

    def blocks(self, element: Any, prefix: str) -> None:
        for child in _flow(element):
            if child.tag == _P:
                self.paragraphs.append(_paragraph_text(child))
            elif child.tag == _TBL:
                self.table(child, prefix)

    def table(self, tbl: Any, prefix: str) -> None:
        number = self._numbers[prefix] = self._numbers.get(prefix, 0) + 1
        label = f"{prefix}table {number}"
        rows: list[list[str]] = []
        self.tables.append((label, rows))  # before the tables nested in it
        for r, tr in enumerate((c for c in _flow(tbl) if c.tag == _TR), start=1):
            cells = [""] * _grid(tr, f"{_W}trPr", f"{_W}gridBefore", 0)
            for tc in (c for c in _flow(tr) if c.tag == _TC):
                inner = f"{label}, row {r}, column {len(cells) + 1}, "
                texts = []
                for child in _flow(tc):
                    if child.tag == _P:
                        texts.append(_paragraph_text(child))
                    elif child.tag == _TBL:
                        self.table(child, inner)
                cells.append("\n".join(t for t in texts if t))  # Word's cells end in a ¶
                # A merged cell's text is in its first column; the columns it spans stay empty.
                cells += [""] * (_grid(tc, f"{_W}tcPr", f"{_W}gridSpan", 1) - 1)
            rows.append(cells)


def _flow(element: Any) -> Iterator[Any]:
    """The children of `element`, looking through content controls and custom XML."""
    for child in element.iterchildren():
        if child.tag in _WRAPPERS:
            content = _WRAPPERS[child.tag]
            for inner in child.iterchildren(content) if content else (child,):
                yield from _flow(inner)
        else:
            yield child


def _grid(element: Any, properties: str, name: str, default: int) -> int:
    """A gridBefore or gridSpan count, within what Word allows."""
    found = element.find(f"{properties}/{name}")
    try:
        value = int(found.get(f"{_W}val")) if found is not None else default
    except (TypeError, ValueError):
        value = default
    return min(max(value, default), _WORD_MAX_COLUMNS)


def _paragraph_text(p: Any) -> str:
    """The paragraph's text: runs, tabs and breaks; a paragraph within it (a text box) starts
    a new line."""
    out: list[str] = []
    stack = [p.iterchildren()]
    while stack:
        for element in stack[-1]:
            tag = element.tag
            if not isinstance(tag, str) or tag in _SKIP:  # XML comments too
                continue
            if tag in _TEXT:
                out.append(element.text or "")
            elif tag in _MARKS:
                out.append(_MARKS[tag])
            else:
                if tag == _P:
                    out.append("\n")
                stack.append(element.iterchildren())
                break
        else:
            stack.pop()
    return "".join(out)


def _paragraph_findings(paragraphs: list[str]) -> list[_Located]:
    """One detector run over all the paragraphs, a line each (a paragraph with line breaks
    takes several), mapped back to paragraph numbers."""
    first_lines: list[int] = []  # the line each paragraph starts on
    line = 1
    texts = []
    for text in paragraphs:
        text = text.replace("\r", "\n")
        first_lines.append(line)
        line += text.count("\n") + 1
        texts.append(text)
    return [_Located(1, 1, f"paragraph {max(bisect.bisect_right(first_lines, f.line), 1)}",
                     f.message)
            for f in personal_data.find_in_text("\n".join(texts))]


def _read_pptx(data: bytes) -> list[_Located]:
    _open_zip(data, "PowerPoint", ".pptx")
    with _archive(data, "ppt/presentation.xml") as archive:
        return _part_findings(archive)


# The program that saves each OpenDocument type, its mimetype member, and what its tables are.
_ODF = {
    ".odt": ("LibreOffice Writer", "application/vnd.oasis.opendocument.text", "table"),
    ".ods": ("LibreOffice Calc", "application/vnd.oasis.opendocument.spreadsheet", "sheet"),
    ".odp": ("LibreOffice Impress", "application/vnd.oasis.opendocument.presentation", "table"),
}
_TOO_MANY_ELEMENTS = ("the file's XML holds more than {:,} elements, over the limit for attachments "
                      "that are checked for personal data; split it into smaller files")
_ODF_TEXT = "content.xml"  # the body, and its tables; headers and footers are in styles.xml


def _read_odf(suffix: str, data: bytes) -> list[_Located]:
    program, mimetype, table = _ODF[suffix]
    _open_zip(data, program, suffix)
    with _archive(data, _ODF_TEXT) as archive:
        if _member(archive, "mimetype", mimetype.encode()).strip() != mimetype.encode():
            raise _Unreadable(_DAMAGED)  # another OpenDocument type renamed
        # An encrypted file's manifest says how each part is encrypted.
        if b"encryption-data" in _member(archive, "META-INF/manifest.xml", b""):
            raise _Unreadable("it is password-protected",
                              f"open it in {program}, remove the password, and save it again as {suffix}")
        tables = _odf_tables(archive)
        found = [_Located(1, 1, f"{table} '{name}', cell {_cell_name(c.row, c.column)}", c.message)
                 for name, rows in tables for c in personal_data.find_in_rows(rows)]
        seen = _seen(cell for _, rows in tables for row in rows for cell in row)
        return found + _part_findings(archive, seen, (_ODF_TEXT,))


def _odf_tables(archive: zipfile.ZipFile) -> list[tuple[str, list[list[str]]]]:
    try:
        tables = office_text.tables(archive, _ODF_TEXT, MAX_CELLS, MAX_XML_ELEMENTS)
    except office_text.TooManyElements:
        raise _TooLarge(_TOO_MANY_ELEMENTS.format(MAX_XML_ELEMENTS)) from None
    except office_text.TooManyCells:
        raise _TooLarge(f"the file's tables have more than {MAX_CELLS:,} cells, over the limit "
                        "for attachments that are checked for personal data; split it into "
                        "smaller files, or delete unused rows and columns") from None
    except office_text.BadPart:
        raise _Unreadable(_DAMAGED) from None
    return tables


def _member(archive: zipfile.ZipFile, name: str, default: bytes) -> bytes:
    """A member's bytes (its size bounded by `_open_zip`), or `default` if there is none."""
    try:
        return archive.read(name) if name in archive.namelist() else default
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError):
        raise _Unreadable(_DAMAGED) from None


@contextmanager
def _archive(data: bytes, required: str) -> Iterator[zipfile.ZipFile]:
    """The zip (which `_open_zip` has checked), if it holds the part its type requires."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise _Unreadable(_DAMAGED) from None
    with archive:
        if required not in archive.namelist():  # damaged, or another kind of file renamed
            raise _Unreadable(_DAMAGED)
        yield archive


def _zip_findings(data: bytes, seen: frozenset[str], read: tuple[str, ...]) -> list[_Located]:
    """`_part_findings` for a .docx or .xlsx, which its library has opened."""
    with _archive(data, "[Content_Types].xml") as archive:
        return _part_findings(archive, seen, read)


def _seen(texts: Iterable[str]) -> frozenset[str]:
    """The lines of the texts a located reader checked, as `_part_findings` compares them."""
    return frozenset(line for text in texts for line in _lines(text))


def _lines(text: str) -> list[str]:
    """Lines with their whitespace made single spaces: a tab or a run's edge is no difference."""
    return [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]


def _part_findings(archive: zipfile.ZipFile, seen: frozenset[str] = frozenset(),
                   read: tuple[str, ...] = ()) -> list[_Located]:
    """The findings in the text of every XML part, located by part and line. In the parts
    whose names start with one of `read`, a line `seen` (checked by a located reader, in the
    same part) is left out, so as not to report it twice; a line the located reader missed,
    or read otherwise, is checked here."""
    try:
        parts = office_text.parts(archive, MAX_XML_ELEMENTS)
    except office_text.TooManyElements:
        raise _TooLarge(_TOO_MANY_ELEMENTS.format(MAX_XML_ELEMENTS)) from None
    except office_text.BadPart:
        raise _Unreadable(_DAMAGED) from None
    found: list[_Located] = []
    for part in parts:
        where = _part_label(part.name)
        lines = _lines("\n".join(part.lines))
        if part.name.startswith(read):
            lines = ["" if line in seen else line for line in lines]
        found += [_Located(1, 1, f"{where}, line {f.line}", f.message)
                  for f in _find_in_text("\n".join(lines))]
        # Each value a paragraph of its own: ids and names side by side are not prose.
        if not part.name.endswith(".rels"):  # a list of links has nothing else
            where += ", in a link, name or alt text"
        found += [_Located(1, 1, where, f.message) for f in _find_in_text("\n\n".join(part.values))]
    return found


def _find_in_text(text: str) -> list[personal_data.Finding]:
    """The detector's findings; most parts of an office file hold no text at all."""
    return personal_data.find_in_text(text) if text.strip() else []


# What a part holds, by its name, for the message: the names a teacher can look up.
_PART_KINDS = [(re.compile(pattern), kind) for pattern, kind in (
    (r"word/header\d*\.xml", "a header"),
    (r"word/footer\d*\.xml", "a footer"),
    (r"word/footnotes\.xml", "the footnotes"),
    (r"word/endnotes\.xml", "the endnotes"),
    (r"word/document\.xml", "the body, as stored (e.g. a field code)"),
    (r"(word|xl|ppt)/(comments|threadedComments|persons|people).*", "the comments"),
    (r"docProps/.*|meta\.xml", "the file's properties"),
    (r"xl/worksheets/.*", "a sheet, outside its cells"),
    (r"xl/sharedStrings\.xml", "the workbook's texts"),
    (r"(word|xl|ppt)/charts/.*", "a chart"),
    (r"(xl|ppt)/drawings/.*", "a drawing or text box"),
    (r"ppt/slides/.*", "a slide"),
    (r"ppt/notesSlides/.*", "the speaker notes"),
    (r"ppt/(slideMasters|slideLayouts|notesMasters|handoutMasters)/.*", "a slide master or layout"),
    (r"content\.xml", "the document's text"),
    (r"styles\.xml", "the headers and footers"),
    (r".*\.rels", "the links"),
)]


def _part_label(name: str) -> str:
    """'a header (word/header1.xml)': what the part holds, and its name in the zip."""
    kind = next((kind for pattern, kind in _PART_KINDS if pattern.fullmatch(name)), None)
    return f"{kind} ({name})" if kind else name


# --- .pdf ---------------------------------------------------------------------------------


class _PdfStop(BaseException):
    """Raised by the visitor to end pypdf's extraction at once: a BaseException, as pypdf
    catches every Exception around a form XObject (and would read on)."""


# pypdf's log records that mean it left text out: a form XObject it could not read, the form
# XObjects it skipped past its limit per page, a stream it could only partly unpack.
_PDF_SKIPPED = ("Impossible to decode XFormObject", "Exceeded %(limit)d form XObject")
_PDF_UNPACK_ERRORS = ("pypdf.filters", "Error ")  # zlib's "Error -3 while decompressing..."


class _PdfLog(logging.Handler):
    """Keeps pypdf's records that say it left text out; shows none."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.skipped = False

    def emit(self, record: logging.LogRecord) -> None:
        message = str(record.msg)
        if message.startswith(_PDF_SKIPPED) or (record.name, message[:6]) == _PDF_UNPACK_ERRORS:
            self.skipped = True


@contextmanager
def _pdf_log() -> Iterator[_PdfLog]:
    handler, log = _PdfLog(), logging.getLogger("pypdf")
    level, propagate = log.level, log.propagate
    log.addHandler(handler)
    log.setLevel(logging.WARNING)
    log.propagate = False
    try:
        yield handler
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
        log.propagate = propagate


def _read_pdf(data: bytes) -> list[_Located]:
    import pypdf
    from pypdf.errors import LimitReachedError

    deadline = time.monotonic() + MAX_PDF_SECONDS
    operations = forms = unpacked = 0
    xobjects: Any = {}  # the page's named XObjects

    def visit(operator: Any, operands: Any, *_: Any) -> None:
        """Called before each operation, in form XObjects too: keeps to the budget."""
        nonlocal operations, forms, unpacked
        operations += 1
        if operations > MAX_PDF_OPERATIONS:
            raise _PdfStop(f"the PDF's pages hold more than {MAX_PDF_OPERATIONS:,} drawing "
                           f"operations, {_OVER_LIMIT}")
        if operator == b"Do":  # a form XObject (or an image): read anew each time
            forms += 1
            if forms > _PDF_FORMS_PER_PAGE:
                raise _PdfStop(f"page {len(pages) + 1} of the PDF draws more than "
                               f"{_PDF_FORMS_PER_PAGE:,} forms or images, {_OVER_LIMIT}")
            unpacked += _form_size(xobjects, operands[0] if operands else None)
            if unpacked > MAX_UNPACKED_BYTES:
                raise _PdfStop(_unpacks_to_too_much())
        if (operator == b"Do" or operations % 1024 == 0) and time.monotonic() > deadline:
            raise _PdfStop(f"reading the PDF takes more than {MAX_PDF_SECONDS} seconds, "
                           f"{_OVER_LIMIT}")

    pages: list[str] = []
    with _quiet(), _pdf_log() as log, pypdf.apply_configuration(None, **_PDF_LIMITS):
        try:
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not _decrypts(reader):
                raise _Unreadable("it is encrypted (password-protected, or restricted against "
                                  "copying)", "save a copy without protection")
            count = len(reader.pages)
            if count > MAX_PDF_PAGES:
                raise _TooLarge(f"the PDF has {count:,} pages, over the {MAX_PDF_PAGES:,}-page "
                                "limit for attachments that are checked for personal data; "
                                "split it into smaller files")
            for page in reader.pages:
                contents = page.get_contents()
                unpacked += len(contents.get_data()) if contents is not None else 0
                if unpacked > MAX_UNPACKED_BYTES:
                    raise _TooLarge(_unpacks_to_too_much())
                forms, xobjects = 0, _page_xobjects(page)
                pages.append(page.extract_text(visitor_operand_before=visit))
                if log.skipped:
                    raise _Unreadable(f"part of page {len(pages)} is damaged")
        except _PdfStop as exc:
            raise _TooLarge(str(exc)) from None
        except (_TooLarge, _Unreadable):
            raise
        except LimitReachedError as exc:
            raise _TooLarge(f"the PDF is over a limit of the library that reads it ({exc}); "
                            "split it into smaller files") from None
        except Exception:  # a damaged file fails in any of the many parsers inside
            raise _Unreadable(_DAMAGED) from None
    return [_Located(1, 1, f"page {n}, line {f.line}", f.message)
            for n, text in enumerate(pages, start=1) for f in personal_data.find_in_text(text)]


def _unpacks_to_too_much() -> str:
    return f"the PDF's pages unpack to more than {MAX_UNPACKED_BYTES:,} bytes, {_OVER_LIMIT}"


def _page_xobjects(page: Any) -> Any:
    try:
        return page["/Resources"].get_object()["/XObject"].get_object()
    except Exception:  # none, or damaged: pypdf finds none either
        return {}


def _form_size(xobjects: Any, name: Any) -> int:
    """The unpacked size of the page's form XObject `name`, which pypdf parses at each use
    (0 for an image, which text extraction does not unpack, or a form nested in another,
    which MAX_PDF_SECONDS bounds)."""
    try:
        xobject = xobjects[name].get_object()
        return len(xobject.get_data()) if xobject.get("/Subtype") == "/Form" else 0
    except Exception:
        return 0


def _decrypts(reader: Any) -> bool:
    """Whether the PDF opens without a password (encrypted only to restrict editing)."""
    from pypdf import PasswordType

    try:
        return bool(reader.decrypt("") != PasswordType.NOT_DECRYPTED)
    except Exception:  # e.g. AES, which needs the optional 'cryptography' package
        return False


_READERS: dict[str, Callable[[bytes], list[_Located]]] = {
    ".txt": _read_txt,
    ".csv": _read_csv,
    ".tsv": _read_tsv,
    ".xlsx": _read_xlsx,
    ".docx": _read_docx,
    ".pptx": _read_pptx,
    ".odt": functools.partial(_read_odf, ".odt"),
    ".ods": functools.partial(_read_odf, ".ods"),
    ".odp": functools.partial(_read_odf, ".odp"),
    ".pdf": _read_pdf,
}
