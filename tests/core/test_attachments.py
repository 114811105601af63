"""Attachments beside the pages: their text is read and checked for personal data, with the
location in the message; a file that cannot be read or is too big is a problem, never a crash.

Most tests replace the detector with a fake that flags the word SECRET, so that they check
the reading and the locations; the last ones run the real detector end to end."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from openpractice import attachments, personal_data
from openpractice.attachments import READABLE_SUFFIXES, check_attachment
from openpractice.loader import scan_content
from openpractice.personal_data import CellFinding, Finding
from openpractice.validate import validate_project

from .mini import write_project

SECRET = re.compile(r"SECRET")


class FakeDetector:
    """Flags every SECRET, in text and in cells, and keeps what it was given."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.tables: list[list[list[str]]] = []

    def find_in_text(self, text: str) -> list[Finding]:
        self.texts.append(text)
        return [Finding(n, m.start() + 1, "looks like a secret")
                for n, line in enumerate(text.split("\n"), start=1) for m in SECRET.finditer(line)]

    def find_in_rows(self, rows: Sequence[Sequence[str]]) -> list[CellFinding]:
        self.tables.append([list(row) for row in rows])
        return [CellFinding(r, c, "looks like a secret cell")
                for r, row in enumerate(rows, start=1) for c, value in enumerate(row, start=1)
                if "SECRET" in value]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeDetector:
    detector = FakeDetector()
    monkeypatch.setattr(personal_data, "find_in_text", detector.find_in_text)
    monkeypatch.setattr(personal_data, "find_in_rows", detector.find_in_rows)
    return detector


def check(tmp_path: Path, name: str, data: bytes) -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    return [p.as_text() for p in check_attachment(path, f"content/{name}")]


# --- CSV, TSV, text ---------------------------------------------------------------------------

TEXT_FILES = [
    ("csv-comma", "pupils.csv", b"Name,UPN,DOB\nAmy,SECRET,x\n",
     ["content/pupils.csv:2:2: error: in cell B2: looks like a secret cell [personal-data]"]),
    ("csv-semicolon", "pupils.csv", b"Name;Score;UPN\nAmy;3,5;SECRET\nBen;4,5;y\n",
     ["content/pupils.csv:2:3: error: in cell C2: looks like a secret cell [personal-data]"]),
    ("csv-quoted-field-spans-lines", "pupils.csv",
     b'Name,Note,UPN\nAmy,"line one\nline two",SECRET\nBen,"a\r\nb\r\nSECRET",z\nCal,x,SECRET\n',
     ["content/pupils.csv:3:3: error: in cell C2: looks like a secret cell [personal-data]",
      "content/pupils.csv:4:2: error: in cell B3: looks like a secret cell [personal-data]",
      "content/pupils.csv:7:3: error: in cell C4: looks like a secret cell [personal-data]"]),
    ("csv-cp1252-from-excel", "pupils.csv", "Name,Note\r\nZoë Brontë,SECRET\r\n".encode("cp1252"),
     ["content/pupils.csv:2:2: error: in cell B2: looks like a secret cell [personal-data]"]),
    ("csv-utf8-bom-crlf", "pupils.csv", "\ufeffName,UPN\r\nAmy,SECRET\r\n".encode(),
     ["content/pupils.csv:2:2: error: in cell B2: looks like a secret cell [personal-data]"]),
    ("csv-blank-lines-count", "pupils.csv", b"Name,UPN\n\n\nAmy,SECRET\n",
     ["content/pupils.csv:4:2: error: in cell B4: looks like a secret cell [personal-data]"]),
    ("csv-clean", "pupils.csv", b"Name,Score\nGroup A,12\n", []),
    ("tsv", "pupils.tsv", b"Name\tNote, with comma\tUPN\nAmy\tx\tSECRET\n",
     ["content/pupils.tsv:2:3: error: in cell C2: looks like a secret cell [personal-data]"]),
    ("tsv-utf16-excel-unicode-text", "pupils.tsv", "Name\tUPN\r\nAmy\tSECRET\r\n".encode("utf-16"),
     ["content/pupils.tsv:2:2: error: in cell B2: looks like a secret cell [personal-data]"]),
    ("txt", "notes.txt", b"Notes\n\n  the SECRET is out\r\nSECRET\n",
     ["content/notes.txt:3:7: error: looks like a secret [personal-data]",
      "content/notes.txt:4:1: error: looks like a secret [personal-data]"]),
    ("txt-cp1252", "notes.txt", "Café notes: SECRET\n".encode("cp1252"),
     ["content/notes.txt:1:13: error: looks like a secret [personal-data]"]),
    ("suffix-case", "PUPILS.CSV", b"Name,UPN\nAmy,SECRET\n",
     ["content/PUPILS.CSV:2:2: error: in cell B2: looks like a secret cell [personal-data]"]),
    ("binary-named-csv", "pupils.csv", b"PK\x03\x04\x00\x00binary",
     ["content/pupils.csv:1:1: error: the file cannot be read as a CSV file: it is not text in "
      "UTF-8 or Windows-1252 (the encodings Excel saves); save it again as 'CSV UTF-8 (Comma "
      "delimited)', so that it can be checked for personal data [unreadable]"]),
    ("not-cp1252-either", "notes.txt", b"caf\xe9 \x81\x8d",
     ["content/notes.txt:1:1: error: the file cannot be read as a text file: it is not text in "
      "UTF-8 or Windows-1252 (the encodings Excel saves); save it again as UTF-8 text, so that "
      "it can be checked for personal data [unreadable]"]),
    ("csv-unclosed-quote", "pupils.csv", b'Name,Note\nAmy,"never closed\n' + b"x" * 140_000,
     ["content/pupils.csv:1:1: error: the file cannot be read as a CSV file: field larger than "
      "field limit (131072) (in the row starting on line 2); check that every quoted field has "
      "its closing quote mark; save it again as 'CSV UTF-8 (Comma delimited)', so that it can "
      "be checked for personal data [unreadable]"]),
]


@pytest.mark.parametrize(("name", "data", "expected"), [c[1:] for c in TEXT_FILES],
                         ids=[c[0] for c in TEXT_FILES])
def test_text_attachment(tmp_path: Path, fake: FakeDetector, name: str, data: bytes,
                         expected: list[str]) -> None:
    assert check(tmp_path, name, data) == expected


def test_csv_rows_reach_the_detector_as_written(tmp_path: Path, fake: FakeDetector) -> None:
    check(tmp_path, "pupils.csv", 'Name;DOB\r\nZoë;"04/05/2016"\r\n"two\nlines";x\r\n'.encode("cp1252"))
    assert fake.tables == [[["Name", "DOB"], ["Zoë", "04/05/2016"], ["two\nlines", "x"]]]


# --- .xlsx ----------------------------------------------------------------------------------


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    pupils = workbook.active
    assert pupils is not None
    pupils.title = "Pupils"
    pupils.append(["Name", "Phone", "DOB"])
    pupils.append(["Amy", 7700900123, dt.datetime(2016, 5, 4)])
    pupils.append([])
    pupils.append(["Ben", None, "SECRET"])
    pupils["E2"] = dt.date(2016, 1, 2)
    pupils["F2"] = 2.5
    notes = workbook.create_sheet("Old notes")
    notes.sheet_state = "hidden"  # published all the same
    notes["B2"] = "the SECRET one"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_cells_with_sheet_and_cell_in_the_message(tmp_path: Path, fake: FakeDetector) -> None:
    assert check(tmp_path, "pupils.xlsx", make_xlsx()) == [
        "content/pupils.xlsx:1:1: error: in sheet 'Pupils', cell C4: looks like a secret cell [personal-data]",
        "content/pupils.xlsx:1:1: error: in sheet 'Old notes', cell B2: looks like a secret cell [personal-data]",
    ]
    assert fake.tables == [
        [["Name", "Phone", "DOB"], ["Amy", "7700900123", "2016-05-04", "", "2016-01-02", "2.5"], [],
         ["Ben", "", "SECRET"]],
        [[], ["", "the SECRET one"]],
    ]


def test_xlsx_cell_limit(tmp_path: Path, fake: FakeDetector, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_CELLS", 12)
    assert check(tmp_path, "pupils.xlsx", make_xlsx()) == [
        "content/pupils.xlsx:1:1: error: the workbook has more than 12 cells, over the limit for "
        "attachments that are checked for personal data; split it into smaller workbooks, or "
        "delete unused rows and columns [file-too-large]"]


def test_xlsx_huge_declared_dimension_and_row_number_stop_at_the_cell_limit(
    tmp_path: Path, fake: FakeDetector
) -> None:
    """A sheet claiming XFD1048576 and a row numbered in the billions is read in linear time."""
    data = rewrite_zip(make_xlsx(), "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b'<dimension ref="A1:F4"/>', b'<dimension ref="A1:XFD1048576"/>').replace(
        b'<row r="4"', b'<row r="2000000000"').replace(b'r="A4"', b'r="A2000000000"').replace(
        b'r="C4"', b'r="C2000000000"'))
    assert check(tmp_path, "pupils.xlsx", data) == [
        "content/pupils.xlsx:1:1: error: the workbook has more than 200,000 cells, over the limit "
        "for attachments that are checked for personal data; split it into smaller workbooks, or "
        "delete unused rows and columns [file-too-large]"]


def rewrite_zip(data: bytes, name: str, change: object) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == name:
                assert callable(change)
                new = change(content)
                assert new != content, "the fixture no longer matches what openpyxl writes"
                content = new
            dest.writestr(info.filename, content)
    return out.getvalue()


def declare_huge(data: bytes) -> bytes:
    """The same zip, its central directory declaring a 3 GB member: a zip bomb's signature."""
    at = data.index(b"PK\x01\x02")
    return data[:at + 24] + (3_000_000_000).to_bytes(4, "little") + data[at + 28:]


ZIP_PROBLEMS = [
    ("xlsx-not-a-zip", "book.xlsx", b"Name,UPN\nAmy,SECRET\n",
     "the file cannot be read as an Excel workbook (.xlsx): it is damaged, or another kind of "
     "file renamed; open it in Excel and save it again as .xlsx, so that it can be checked for "
     "personal data [unreadable]"),
    ("xlsx-zip-without-workbook", "book.xlsx", "zip:[Content_Types].xml",
     "the file cannot be read as an Excel workbook (.xlsx): it is damaged, or another kind of "
     "file renamed; open it in Excel and save it again as .xlsx, so that it can be checked for "
     "personal data [unreadable]"),
    ("xlsx-encrypted", "book.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
     "the file cannot be read as an Excel workbook (.xlsx): it is password-protected, or an "
     "older Excel file renamed; open it in Excel, remove any password, and save it as .xlsx, so "
     "that it can be checked for personal data [unreadable]"),
    ("xlsx-truncated", "book.xlsx", "xlsx:half",
     "the file cannot be read as an Excel workbook (.xlsx): it is damaged, or another kind of "
     "file renamed; open it in Excel and save it again as .xlsx, so that it can be checked for "
     "personal data [unreadable]"),
    ("xlsx-zip-bomb", "book.xlsx", "xlsx:huge",
     "the file unpacks to {unpacked:,} bytes, over the 50,000,000-byte limit for attachments "
     "that are checked for personal data; split it into smaller files [file-too-large]"),
    ("docx-is-really-an-xlsx", "letter.docx", "xlsx:whole",
     "the file cannot be read as a Word document (.docx): it is damaged, or another kind of file "
     "renamed; open it in Word and save it again as .docx, so that it can be checked for "
     "personal data [unreadable]"),
    ("docx-encrypted", "letter.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
     "the file cannot be read as a Word document (.docx): it is password-protected, or an older "
     "Word file renamed; open it in Word, remove any password, and save it as .docx, so that it "
     "can be checked for personal data [unreadable]"),
    ("docx-zip-bomb", "letter.docx", "docx:huge",
     "the file unpacks to {unpacked:,} bytes, over the 50,000,000-byte limit for attachments "
     "that are checked for personal data; split it into smaller files [file-too-large]"),
]


def zip_fixture(spec: str | bytes) -> bytes:
    if isinstance(spec, bytes):
        return spec
    kind, _, what = spec.partition(":")
    if kind == "zip":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr(what, "<Types/>")
        return out.getvalue()
    data = make_xlsx() if kind == "xlsx" else make_docx()
    return {"half": data[: len(data) // 2], "huge": declare_huge(data), "whole": data}[what]


@pytest.mark.parametrize(("name", "spec", "expected"), [c[1:] for c in ZIP_PROBLEMS],
                         ids=[c[0] for c in ZIP_PROBLEMS])
def test_zip_based_file_that_cannot_be_checked(
    tmp_path: Path, fake: FakeDetector, name: str, spec: str | bytes, expected: str
) -> None:
    data = zip_fixture(spec)
    if "{unpacked:,}" in expected:  # 3 GB declared, plus the other members' sizes
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expected = expected.format(unpacked=sum(i.file_size for i in archive.infolist()))
    assert check(tmp_path, name, data) == [f"content/{name}:1:1: error: {expected}"]
    assert fake.tables == fake.texts == []


# --- .docx ----------------------------------------------------------------------------------


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Reading groups")
    document.add_paragraph("")
    document.add_paragraph("Contact SECRET for details")
    broken = document.add_paragraph("First line")
    broken.add_run().add_break()
    broken.add_run("then SECRET")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Merged heading"
    table.cell(0, 2).text = "DOB"
    table.cell(1, 0).text = "Amy"
    table.cell(1, 2).text = "SECRET"
    nested = table.cell(2, 1).add_table(rows=1, cols=2)
    nested.cell(0, 1).text = "nested SECRET"
    tracked = document.add_paragraph("Added: ")
    tracked._p.append(parse_xml(  # text typed with track changes on, not yet accepted
        f'<w:ins {nsdecls("w")} w:id="1" w:author="A"><w:r><w:t>SECRET</w:t></w:r></w:ins>'))
    document.add_table(rows=1, cols=1).cell(0, 0).text = "second table SECRET"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_and_tables(tmp_path: Path, fake: FakeDetector) -> None:
    assert check(tmp_path, "letter.docx", make_docx()) == [
        "content/letter.docx:1:1: error: in paragraph 3: looks like a secret [personal-data]",
        "content/letter.docx:1:1: error: in paragraph 4: looks like a secret [personal-data]",
        "content/letter.docx:1:1: error: in paragraph 5: looks like a secret [personal-data]",
        "content/letter.docx:1:1: error: in table 1, row 2, column 3: looks like a secret cell [personal-data]",
        "content/letter.docx:1:1: error: in table 1, row 3, column 2, table 1, row 1, column 2: looks like a secret cell [personal-data]",
        "content/letter.docx:1:1: error: in table 2, row 1, column 1: looks like a secret cell [personal-data]",
    ]
    assert fake.texts[0] == (  # then each XML part's: the body's lines already read left out
        "Reading groups\n\nContact SECRET for details\nFirst line\nthen SECRET\nAdded: SECRET")
    assert fake.tables == [
        [["Merged heading", "", "DOB"], ["Amy", "", "SECRET"], ["", "", ""]],
        [["", "nested SECRET"]],
        [["second table SECRET"]],
    ]


def test_docx_absurd_grid_span_is_capped(tmp_path: Path, fake: FakeDetector) -> None:
    data = rewrite_zip(make_docx(), "word/document.xml", lambda xml: xml.replace(
        b'<w:gridSpan w:val="2"/>', b'<w:gridSpan w:val="2000000000"/>'))
    assert len(check(tmp_path, "letter.docx", data)) == 6
    assert fake.tables[0][0] == ["Merged heading"] + [""] * 63 + ["DOB"]


# --- .pdf -----------------------------------------------------------------------------------


def make_pdf(pages: list[list[str]], *, compress: bool = False, form: bytes | None = None,
             form_uses: int = 0) -> bytes:
    """A minimal PDF by hand: Helvetica text, a line per string, and a correct xref table;
    `form` is the content of a form XObject each page draws `form_uses` times."""
    def literal(text: str) -> str:
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"

    def stream(content: bytes, extra: str = "") -> bytes:
        if compress:
            content, extra = zlib.compress(content), extra + " /Filter /FlateDecode"
        return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(content), extra.encode(), content)

    count = len(pages)
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        stream(form or b"", " /Type /XObject /Subtype /Form /BBox [0 0 612 792] "
               "/Resources << /Font << /F1 3 0 R >> >>"),
    ]
    for i, lines in enumerate(pages):
        text = ("BT /F1 12 Tf 14 TL 72 720 Td " + " T* ".join(f"{literal(t)} Tj" for t in lines)
                + " ET" + " /X1 Do" * form_uses)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                       f"<< /Font << /F1 3 0 R >> /XObject << /X1 4 0 R >> >> "
                       f"/Contents {6 + 2 * i} 0 R >>".encode())
        objects.append(stream(text.encode()))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PAGES = [["Reading groups (Year 5)", "Twelve pupils"], ["Contact", "SECRET and SECRET", "end"]]


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_pages_and_lines(tmp_path: Path, fake: FakeDetector) -> None:
    assert check(tmp_path, "report.pdf", make_pdf(PAGES)) == [
        "content/report.pdf:1:1: error: in page 2, line 2: looks like a secret [personal-data]",
        "content/report.pdf:1:1: error: in page 2, line 2: looks like a secret [personal-data]",
    ]
    assert fake.texts == ["Reading groups (Year 5)\nTwelve pupils", "Contact\nSECRET and SECRET\nend"]


def test_pdf_form_xobjects_are_read(tmp_path: Path, fake: FakeDetector) -> None:
    data = make_pdf([["Cover"]], compress=True, form=FORM.replace(b"form", b"form SECRET"), form_uses=1)
    assert check(tmp_path, "report.pdf", data) == [
        "content/report.pdf:1:1: error: in page 1, line 2: looks like a secret [personal-data]"]


def test_pdf_restricted_but_without_a_password_is_read(tmp_path: Path, fake: FakeDetector) -> None:
    assert check(tmp_path, "report.pdf", encrypted(make_pdf(PAGES), "")) == [
        "content/report.pdf:1:1: error: in page 2, line 2: looks like a secret [personal-data]",
        "content/report.pdf:1:1: error: in page 2, line 2: looks like a secret [personal-data]",
    ]


PDF_DAMAGED = ("the file cannot be read as a PDF: it is damaged, or another kind of file renamed; "
               "save or export it as PDF again, so that it can be checked for personal data [unreadable]")
OVER = ("over the limit for attachments that are checked for personal data; split it into "
        "smaller files [file-too-large]")
FORM = b"BT /F1 12 Tf 72 600 Td (In the form) Tj ET"


def broken_form() -> bytes:
    """The form XObject's compressed stream damaged: pypdf reads on without its text."""
    data = bytearray(make_pdf(PAGES, compress=True, form=FORM, form_uses=1))
    at = data.index(b"stream\n", data.index(b"/Subtype /Form")) + len(b"stream\n")
    data[at : at + 4] = b"XXXX"
    return bytes(data)


PDF_PROBLEMS = [
    ("password", lambda: encrypted(make_pdf(PAGES), "secret"), {},
     "the file cannot be read as a PDF: it is encrypted (password-protected, or restricted against "
     "copying); save a copy without protection, so that it can be checked for personal data "
     "[unreadable]"),
    ("truncated", lambda: make_pdf(PAGES)[:400], {}, PDF_DAMAGED),
    ("not-a-pdf", lambda: b"%PDF-1.4\nnothing else here", {}, PDF_DAMAGED),
    ("damaged-form-xobject", broken_form, {},
     "the file cannot be read as a PDF: part of page 1 is damaged; save or export it as PDF "
     "again, so that it can be checked for personal data [unreadable]"),
    ("too-many-pages", lambda: make_pdf(PAGES), {"MAX_PDF_PAGES": 1},
     "the PDF has 2 pages, over the 1-page limit for attachments that are checked for personal "
     "data; split it into smaller files [file-too-large]"),
    ("too-many-operations", lambda: make_pdf(PAGES), {"MAX_PDF_OPERATIONS": 10},
     f"the PDF's pages hold more than 10 drawing operations, {OVER}"),
    ("unpacks-to-too-much", lambda: make_pdf(PAGES), {"MAX_UNPACKED_BYTES": 100},
     f"the PDF's pages unpack to more than 100 bytes, {OVER}"),
    ("forms-unpack-to-too-much", lambda: make_pdf([["Cover"]], form=FORM, form_uses=50),
     {"MAX_UNPACKED_BYTES": 1000},  # the page's own content is 400 bytes; each use of the form counts
     f"the PDF's pages unpack to more than 1,000 bytes, {OVER}"),
    ("too-many-forms", lambda: make_pdf(PAGES, form=FORM, form_uses=3), {"_PDF_FORMS_PER_PAGE": 2},
     f"page 1 of the PDF draws more than 2 forms or images, {OVER}"),
    ("too-slow", lambda: make_pdf(PAGES, form=FORM, form_uses=1), {"MAX_PDF_SECONDS": -1},
     f"reading the PDF takes more than -1 seconds, {OVER}"),
    ("stream-over-pypdf-limit", lambda: make_pdf(PAGES, compress=True),
     {"_PDF_LIMITS": {"zlib_maximum_output_length": 10}},
     "the PDF is over a limit of the library that reads it (Limit reached while decompressing. "
     "N bytes remaining.); split it into smaller files [file-too-large]"),
]


@pytest.mark.parametrize(("make", "limits", "expected"), [c[1:] for c in PDF_PROBLEMS],
                         ids=[c[0] for c in PDF_PROBLEMS])
def test_pdf_that_cannot_be_checked(
    tmp_path: Path, fake: FakeDetector, monkeypatch: pytest.MonkeyPatch,
    make: object, limits: dict[str, int], expected: str,
) -> None:
    for name, value in limits.items():
        monkeypatch.setattr(attachments, name, value)
    assert callable(make)
    problems = check(tmp_path, "report.pdf", make())
    # pypdf's message counts compressed bytes, which depend on the zlib build
    assert [re.sub(r"\d+ bytes remaining", "N bytes remaining", p) for p in problems] == [
        f"content/report.pdf:1:1: error: {expected}"]
    assert fake.texts == []


def test_pdf_library_warnings_are_not_shown(
    tmp_path: Path, fake: FakeDetector, caplog: pytest.LogCaptureFixture
) -> None:
    check(tmp_path, "report.pdf", make_pdf(PAGES)[:-6])  # no %%EOF: pypdf logs a warning
    assert caplog.records == []


# --- any attachment ---------------------------------------------------------------------------


def test_file_over_the_size_limit_is_not_read(tmp_path: Path, fake: FakeDetector) -> None:
    assert check(tmp_path, "big.csv", b"a,b\n" * 1_250_001) == [
        "content/big.csv:1:1: error: the file is 5,000,004 bytes, over the 5,000,000-byte limit for "
        "attachments that are checked for personal data; split it into smaller files, or make it "
        "smaller (e.g. compress its pictures) [file-too-large]"]
    assert fake.tables == []


def test_other_types_links_and_pipes_are_not_read(tmp_path: Path, fake: FakeDetector) -> None:
    (tmp_path / "photo.png").write_bytes(b"SECRET")
    (tmp_path / "real.csv").write_bytes(b"a,SECRET\n")
    (tmp_path / "link.csv").symlink_to(tmp_path / "real.csv")
    (tmp_path / "link.pptx").symlink_to(tmp_path / "real.csv")
    os.mkfifo(tmp_path / "pipe.csv")  # would block a plain open() for ever
    for name in ("photo.png", "link.csv", "link.pptx", "pipe.csv"):
        assert check_attachment(tmp_path / name, name) == []
    assert READABLE_SUFFIXES == (".csv", ".tsv", ".txt", ".xlsx", ".docx", ".pptx", ".odt", ".ods",
                                 ".odp", ".pdf")


# --- wiring: the scan and validation ------------------------------------------------------------


def test_scan_collects_published_attachments(tmp_path: Path) -> None:
    root = write_project(tmp_path, {
        "content/practice/pupils.csv": "a,b\n",
        "content/practice/photo.png": b"\x89PNG",
        "content/_drafts/old.csv": "a,b\n",
        "content/.hidden/x.pdf": b"%PDF",
        "content/practice/_notes.txt": "x",
        "content/script.js": "alert(1)",
    })
    (root / "content/practice/link.csv").symlink_to(root / "content/practice/pupils.csv")
    scan = scan_content(root, root / "content")
    assert scan.attachments == [root / "content/practice/photo.png", root / "content/practice/pupils.csv"]


def test_validation_checks_attachments(tmp_path: Path, fake: FakeDetector) -> None:
    root = write_project(tmp_path, {
        "content/practice/pupils.csv": "Name,UPN\nAmy,SECRET\n",
        "content/practice/broken.xlsx": b"not a workbook",
        "content/_drafts/old.csv": "Name,UPN\nAmy,SECRET\n",
    })
    problems = [p.as_text() for p in validate_project(root, today=dt.date(2026, 11, 22)).problems
                if p.rule in ("personal-data", "unreadable")]
    assert problems == [
        "content/practice/broken.xlsx:1:1: error: the file cannot be read as an Excel workbook "
        "(.xlsx): it is damaged, or another kind of file renamed; open it in Excel and save it "
        "again as .xlsx, so that it can be checked for personal data [unreadable]",
        "content/practice/pupils.csv:2:2: error: in cell B2: looks like a secret cell [personal-data]",
    ]


# --- end to end, with the real detector ---------------------------------------------------------

UPN = "A123456789012"


def workbook_with_pupils() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Pupils"
    sheet.append(["Name", "UPN", "DOB"])
    sheet.append(["Amy Jones", UPN, dt.date(2016, 5, 4)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def letter_with_pupils() -> bytes:
    document = docx.Document()
    document.add_paragraph("Class list")
    document.add_paragraph(f"Amy's UPN is {UPN}.")
    table = document.add_table(rows=2, cols=2)
    for (row, column), text in zip([(0, 0), (0, 1), (1, 0), (1, 1)],
                                   ["Name", "Date of birth", "Amy Jones", "04/05/2016"], strict=True):
        table.cell(row, column).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


UPN_FOUND = "looks like a Unique Pupil Number"
DOB_FOUND = "looks like a date of birth"
P = "content/practice"
END_TO_END = [
    ("csv", "pupils.csv", f"Name,UPN,DOB\nAmy Jones,{UPN},04/05/2016\n".encode(),
     [f"{P}/pupils.csv:2:2: error: in cell B2: {UPN_FOUND}", f"{P}/pupils.csv:2:3: error: in cell C2: {DOB_FOUND}"]),
    ("csv-cp1252-semicolons", "pupils.csv", "Nom;Forename;DOB\r\nBrontë;Zoë;04/05/2016\r\n".encode("cp1252"),
     [f"{P}/pupils.csv:2:3: error: in cell C2: {DOB_FOUND}"]),
    ("tsv", "pupils.tsv", f"Name\tUPN\nAmy Jones\t{UPN}\n".encode(),
     [f"{P}/pupils.tsv:2:2: error: in cell B2: {UPN_FOUND}"]),
    ("txt", "notes.txt", f"Notes\nAmy's UPN is {UPN}\n".encode(),
     [f"{P}/notes.txt:2:14: error: {UPN_FOUND}"]),
    ("xlsx", "pupils.xlsx", workbook_with_pupils(),
     [f"{P}/pupils.xlsx:1:1: error: in sheet 'Pupils', cell B2: {UPN_FOUND}",
      f"{P}/pupils.xlsx:1:1: error: in sheet 'Pupils', cell C2: {DOB_FOUND}"]),
    ("docx", "letter.docx", letter_with_pupils(),
     [f"{P}/letter.docx:1:1: error: in paragraph 2: {UPN_FOUND}",
      f"{P}/letter.docx:1:1: error: in table 1, row 2, column 2: {DOB_FOUND}"]),
    ("pdf", "report.pdf", make_pdf([["Notes"], ["Year 5", f"UPN {UPN}"]]),
     [f"{P}/report.pdf:1:1: error: in page 2, line 2: {UPN_FOUND}"]),
]


@pytest.mark.parametrize(("name", "data", "expected"), [c[1:] for c in END_TO_END],
                         ids=[c[0] for c in END_TO_END])
def test_real_detector_finds_pupil_data_in_attachments(
    tmp_path: Path, name: str, data: bytes, expected: list[str]
) -> None:
    """Where and what, exactly; the advice after it is the detector's own."""
    root = write_project(tmp_path, {f"content/practice/{name}": data})
    problems = [p.as_text() for p in validate_project(root, today=dt.date(2026, 11, 22)).problems
                if p.rule == "personal-data"]
    assert [p[: len(e)] for p, e in zip(problems, expected, strict=False)] == expected
    assert len(problems) == len(expected), problems
