"""The text of zip-based office files, for the personal-data check of attachments: OOXML
(.docx, .xlsx, .pptx) and OpenDocument (.odt, .ods, .odp).

`parts` reads every XML part of the zip, whatever it is for, so that text in a part nobody
listed (a header, a comment, speaker notes, the file's properties, a chart) is read all the
same: a file is checked whole, not by a list of the places text is expected. `tables` reads
an OpenDocument part's tables as rows, so that the detector can use their header cells (their
text is in `parts` too: the caller leaves out what it has checked, so that a table the rows
miss, however malformed, is still read).

Parts are parsed with the standard library's expat, streaming (no tree is built, nothing
recurses), and a part whose document type declaration has an internal subset is refused:
entities are declared only there (expat never loads an external DTD), so none can be expanded
(OOXML and OpenDocument parts never have one; old OpenOffice manifests name an external DTD). Work and
memory are linear in the unpacked size, which the caller bounds before anything is unpacked.
"""

from __future__ import annotations

import functools
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any, NoReturn
from xml.parsers import expat

# Elements whose text reads as one line, by local name: paragraphs (Word's w:p, DrawingML's
# a:p in slides, shapes and charts, OpenDocument's text:p and text:h) and Excel's texts made of
# runs (a shared string, an inline string); and Excel's comment, <text>, by its whole name, as
# OpenDocument's body is <office:text>. Any other text stands on its own line.
_PARAGRAPHS = frozenset({"p", "h", "si", "is"})
_COMMENT_TEXT = "text"
# Marks within a paragraph: line breaks, tabs, OpenDocument's run of spaces.
_MARKS = {"br": "\n", "cr": "\n", "line-break": "\n", "tab": "\t", "s": " "}
_CELLS = frozenset({"table-cell", "covered-table-cell"})  # OpenDocument's table cells
_NOTE = "annotation"  # an OpenDocument comment, which sits inside the cell it is on: not its text
# An OpenDocument cell's value when it has no text (its text is the value as shown).
_VALUES = ("string-value", "date-value", "time-value", "boolean-value", "value")
_CHUNK = 1 << 16
# Excel's page headers and footers hold codes: &L, &C and &R start a section (a line here),
# && is an ampersand, and the rest (&P, &B, &"Arial,Bold", &12, &K00FF00...) format or
# insert page numbers and dates: taken out, or 'DOB' in '&CDOB 04/05/2016' would not be a word.
_EXCEL_HEADERS = frozenset({"oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader",
                            "firstFooter"})
_EXCEL_CODES = re.compile(r'&(?:([LCR])|(&)|"[^"]*"|\d+|K[0-9A-Fa-f]{6}|K\d\d[+-]\d{3}|.)', re.DOTALL)


class BadPart(Exception):
    """A part that cannot be read: damaged, encrypted, or declaring entities."""


class TooManyCells(Exception):
    """The tables hold more cells than the limit given."""


class TooManyElements(Exception):
    """The parts hold more elements than the limit given: the bytes are bounded, but a
    part of empty elements costs a call per element (a second or so per million)."""


class _Budget:
    """Elements left to read, for all the parts of a file."""

    def __init__(self, elements: int) -> None:
        self.left = elements

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise TooManyElements


@dataclass
class Part:
    """One XML part's text, in document order."""

    name: str  # its name in the zip, e.g. word/header1.xml
    lines: list[str] = field(default_factory=list)  # a paragraph, or a text outside one, each
    values: list[str] = field(default_factory=list)  # attribute values: links, alt text, names


def is_text_part(name: str) -> bool:
    """Whether a member of the zip is XML, and so may hold text (OpenDocument's metadata is
    RDF). The rest are pictures, media, thumbnails, embedded objects, caches and the mimetype,
    whose text (if any) is not read."""
    return name.lower().endswith((".xml", ".rels", ".rdf"))


def parts(archive: zipfile.ZipFile, max_elements: int) -> list[Part]:
    """The text of every XML part, in the zip's order (a name twice in it is read twice).
    Raises TooManyElements past `max_elements` in all."""
    found = []
    budget = _Budget(max_elements)
    for info in archive.infolist():
        # An empty part (LibreOffice writes some) holds no text, and is no XML for expat.
        if info.file_size and not info.is_dir() and is_text_part(info.filename):
            text = _Text(info.filename, budget)
            _parse(archive, info, text)
            found.append(text.part)
    return found


def tables(archive: zipfile.ZipFile, name: str, max_cells: int,
           max_elements: int) -> list[tuple[str, list[list[str]]]]:
    """The OpenDocument tables in the part `name` (a spreadsheet's sheets, a text's tables),
    each as its name and its rows of cell texts. A repeated cell or row counts as often as it
    is repeated; empty cells after the last cell of a row, and empty rows after the last row,
    are not kept (LibreOffice writes the empty rest of a sheet as one cell repeated 16,384
    times in a row repeated a million times). Raises TooManyCells past `max_cells`, counting
    as for a workbook: the cells kept, and one for each row; TooManyElements past
    `max_elements`."""
    reader = _Tables(max_cells, _Budget(max_elements))
    _parse(archive, archive.getinfo(name), reader)
    return reader.tables


def _doctype(_name: str, _system: str | None, _public: str | None, internal_subset: int) -> None:
    """Refuses a document type declaration with an internal subset, the only place entities
    can be declared (expat never loads an external one; OpenOffice's manifests name one)."""
    if internal_subset:
        _refuse()


def _refuse(*_: Any) -> NoReturn:
    raise BadPart("a document type declaration with entities")


def _parse(archive: zipfile.ZipFile, info: zipfile.ZipInfo, handler: _Text | _Tables) -> None:
    # Names are matched by their local part, so namespaces are not resolved: an old
    # OpenOffice manifest uses a prefix that only its (unread) DTD declares.
    parser = expat.ParserCreate()
    parser.buffer_text = True  # a text arrives whole, not a call per line of it
    parser.ordered_attributes = True
    # Entities are declared only in a DTD's internal subset: refusing one makes every
    # expansion impossible.
    parser.StartDoctypeDeclHandler = _doctype
    parser.EntityDeclHandler = _refuse
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.data
    try:
        with archive.open(info) as member:  # never unpacks past the size the zip declares
            while chunk := member.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (expat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError, RuntimeError,
            NotImplementedError, ValueError, OSError):  # damaged, encrypted, odd compression
        raise BadPart(info.filename) from None


@functools.lru_cache(maxsize=4096)  # a file uses a few hundred names, each many times
def _local(name: str) -> str:
    """An element's or attribute's name without its namespace prefix."""
    return name.rpartition(":")[2]


def _attribute(attributes: list[str], local: str) -> str | None:
    for i in range(0, len(attributes) - 1, 2):
        if _local(attributes[i]) == local:
            return attributes[i + 1]
    return None


def _count(attributes: list[str], local: str) -> int:
    """A repeat count; 1 when absent or not a number."""
    try:
        return max(int(_attribute(attributes, local) or 1), 1)
    except ValueError:
        return 1


class _Text:
    """Collects a part's text: within a paragraph everything, its breaks as line breaks;
    outside one, each text on a line of its own (whitespace between elements dropped)."""

    def __init__(self, name: str, budget: _Budget) -> None:
        self.part = Part(name)
        self._budget = budget
        self._chunks: list[str] = []  # the text not yet made a line
        self._paragraphs = 0  # paragraphs open (a text box's paragraphs sit inside one)

    def start(self, name: str, attributes: list[str]) -> None:
        self._budget.spend()
        local = _local(name)
        if attributes:
            self.part.values += [value for name, value in zip(attributes[::2], attributes[1::2], strict=True)
                                 if value.strip() and not name.startswith("xmlns")]
        if local in _PARAGRAPHS or name == _COMMENT_TEXT:
            if self._paragraphs:
                self._chunks.append("\n")  # a paragraph in a paragraph starts a new line
            elif self._chunks:
                self._flush()
            self._paragraphs += 1
        elif self._paragraphs:
            if local in _MARKS:
                self._chunks.append(_MARKS[local])
        elif self._chunks:
            self._flush()

    def end(self, name: str) -> None:
        local = _local(name)
        if local in _PARAGRAPHS or name == _COMMENT_TEXT:
            self._paragraphs -= 1
            if not self._paragraphs:
                self.part.lines.append("".join(self._chunks))
                self._chunks.clear()
        elif not self._paragraphs and self._chunks:
            if local in _EXCEL_HEADERS:
                self._chunks[:] = [_EXCEL_CODES.sub(_decode_code, "".join(self._chunks))]
            self._flush()

    def data(self, text: str) -> None:
        self._chunks.append(text)

    def _flush(self) -> None:
        text = "".join(self._chunks).strip()
        self._chunks.clear()
        if text:
            self.part.lines.append(text)


def _decode_code(match: re.Match[str]) -> str:
    section, ampersand = match.groups()
    return "\n" if section else ampersand or ""


class _Tables:
    """Collects the rows of OpenDocument tables (see `tables`). Everything inside a cell is
    its text, bar comments: paragraphs on lines of their own, a nested table's text too."""

    def __init__(self, max_cells: int, budget: _Budget) -> None:
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._budget = budget
        self._max_cells, self._cells = max_cells, 0
        self._open: list[list[list[str]]] = []  # the rows of the tables open, innermost last
        self._rows: list[list[str]] | None = None  # the innermost open table's
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._row_repeat = self._cell_repeat = 1
        self._blank_rows = self._blank_cells = 0  # kept only if something follows them
        self._depth = self._note = self._cell_paragraphs = 0  # within the open cell
        self._value = ""

    def start(self, name: str, attributes: list[str]) -> None:
        self._budget.spend()
        local = _local(name)
        if self._cell is not None:
            self._in_cell(local)
        elif local == "table":
            self._rows, self._blank_rows = [], 0
            self._open.append(self._rows)
            self.tables.append((_attribute(attributes, "name") or str(len(self.tables) + 1),
                                self._rows))
        elif local == "table-row" and self._rows is not None:
            self._row, self._blank_cells = [], 0
            self._row_repeat = _count(attributes, "number-rows-repeated")
        elif local in _CELLS and self._row is not None:
            self._cell, self._depth, self._note, self._cell_paragraphs = [], 1, 0, 0
            self._cell_repeat = _count(attributes, "number-columns-repeated")
            self._value = next((v for v in (_attribute(attributes, n) for n in _VALUES) if v), "")

    def _in_cell(self, local: str) -> None:
        assert self._cell is not None
        self._depth += 1
        if self._note or local == _NOTE:
            self._note += 1
        elif local in ("p", "h"):
            if self._cell_paragraphs:
                self._cell.append("\n")
            self._cell_paragraphs += 1
        else:
            self._cell.append(_MARKS.get(local, ""))

    def end(self, name: str) -> None:
        if self._cell is not None:
            self._depth -= 1
            self._note = max(self._note - 1, 0)
            if not self._depth:
                self._end_cell()
            return
        local = _local(name)
        if local == "table-row" and self._row is not None:
            self._end_row(self._row)
        elif local == "table" and self._open:
            self._open.pop()
            self._rows = self._open[-1] if self._open else None

    def data(self, text: str) -> None:
        if self._cell is not None and not self._note:
            self._cell.append(text)

    def _end_cell(self) -> None:
        assert self._cell is not None and self._row is not None
        text = "".join(self._cell).strip() or self._value
        self._cell = None
        if not text:
            self._blank_cells += self._cell_repeat
            return
        self._use(self._blank_cells + self._cell_repeat)
        self._row += [""] * self._blank_cells + [text] * self._cell_repeat
        self._blank_cells = 0

    def _end_row(self, row: list[str]) -> None:
        assert self._rows is not None
        self._row = None
        if not row:
            self._blank_rows += self._row_repeat
            return
        self._use(self._blank_rows + len(row) * self._row_repeat)
        self._rows += [[] for _ in range(self._blank_rows)] + [row] * self._row_repeat
        self._blank_rows = 0

    def _use(self, cells: int) -> None:
        """Counts cells before they are made, so that a repeat count cannot exhaust memory."""
        self._cells += cells
        if self._cells > self._max_cells:
            raise TooManyCells
