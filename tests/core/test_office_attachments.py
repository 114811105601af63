"""Zip-based office attachments (.docx, .xlsx, .pptx, .odt, .ods, .odp) are read whole: every
XML part, whatever it is for, so that pupil data in a header, a footnote, a comment, the
file's properties, speaker notes or a part nobody listed is found and the file not published.

The files are made here: with python-docx and openpyxl, or by hand as the smallest zips their
programs open (no library for .pptx or OpenDocument is a dependency). The real detector runs."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from openpyxl.comments import Comment

from openpractice import attachments, personal_data
from openpractice.attachments import NOT_TEXT_SUFFIXES, READABLE_SUFFIXES, check_attachment
from openpractice.loader import MEDIA_SUFFIXES
from openpractice.personal_data import CellFinding

from ..hostile.test_hostile import PRACTICE_FM
from ..support import build, copy_project

UPN = "A123456789012"
PUPIL = f"Amy's UPN is {UPN}"
CLEAN = "Reading groups meet on Tuesdays"
UPN_FOUND = "looks like a Unique Pupil Number"
DOB_FOUND = "looks like a date of birth"
MOBILE_FOUND = "looks like a mobile phone number"
EMAIL_FOUND = "looks like a personal e-mail address"
EMAIL = "amy.jones@gmail.com"


def check(tmp_path: Path, name: str, data: bytes) -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    return [p.as_text() for p in check_attachment(path, f"content/{name}")]


def assert_found(problems: list[str], expected: list[str]) -> None:
    """Each problem starts as expected (the advice after it is the detector's own)."""
    assert [p[: len(e)] for p, e in zip(problems, expected, strict=False)] == expected
    assert len(problems) == len(expected), problems


def zipped(members: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def with_members(data: bytes, members: dict[str, str | bytes]) -> bytes:
    """The zip with members added or replaced."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        kept = {i.filename: source.read(i) for i in source.infolist() if i.filename not in members}
    return zipped({**kept, **members})


# --- Word -------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def saved(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_header(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph("Reading policy")
    document.sections[0].header.paragraphs[0].text = text
    return saved(document)


def docx_footer(text: str) -> bytes:
    document = docx.Document()
    document.sections[0].footer.paragraphs[0].text = text
    return saved(document)


def docx_footnote(text: str) -> bytes:
    """A footnotes part, which python-docx has no API for (and does not read): the part is
    read all the same, as every part is."""
    footnotes = (
        f'<w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        '</w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">See </w:t></w:r><w:r><w:t>{text}'
        '</w:t></w:r></w:p></w:footnote></w:footnotes>')
    return with_members(saved(docx.Document()), {"word/footnotes.xml": footnotes})


def docx_comment(text: str) -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph("Reading groups")
    document.add_comment(paragraph.runs, text=text, author="Sam Okafor", initials="SO")
    return saved(document)


def docx_properties(text: str) -> bytes:
    document = docx.Document()
    document.core_properties.title = text
    document.core_properties.author = EMAIL if text == PUPIL else "Sam Okafor"
    return saved(document)


def docx_link(text: str) -> bytes:
    """A hyperlink's address is in the relationships, not in the text Word shows."""
    document = docx.Document()
    document.add_paragraph("E-mail her")
    target = f"mailto:{EMAIL}" if text == PUPIL else "https://trust.example/contact"
    document.part.relate_to(target, RT.HYPERLINK, is_external=True)
    return saved(document)


def docx_field_code(text: str) -> bytes:
    """A field's code is in the body, but not in the text Word shows."""
    document = docx.Document()
    paragraph = document.add_paragraph("Contact: ")
    paragraph._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> HYPERLINK "{text}" </w:instrText></w:r>'))
    return saved(document)


# --- Excel ------------------------------------------------------------------------------------


def workbook(change: Callable[[Any], None]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Scores"
    sheet.append(["Group", "Score"])
    sheet.append(["Year 5", 12])
    change(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_comment(text: str) -> bytes:
    def add(sheet: Any) -> None:
        sheet["B2"].comment = Comment(text, "Sam Okafor")
    return workbook(add)


def xlsx_header(text: str) -> bytes:
    def add(sheet: Any) -> None:
        sheet.oddHeader.center.text = text
        sheet.oddFooter.right.text = "Page &P"  # a code that inserts the page number
    return workbook(add)


# --- PowerPoint, by hand ------------------------------------------------------------------------

PML = ('xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')
PACKAGE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def shape_text(*paragraphs: str) -> str:
    text = "".join(f"<a:p><a:r><a:t>{p}</a:t></a:r></a:p>" for p in paragraphs)
    return f"<p:cSld><p:spTree><p:sp><p:txBody><a:bodyPr/>{text}</p:txBody></p:sp></p:spTree></p:cSld>"


def pptx(slide: str = CLEAN, notes: str = CLEAN) -> bytes:
    return zipped({
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{PACKAGE_RELS}/officeDocument" Target="ppt/presentation.xml"/>'
        '</Relationships>',
        "ppt/presentation.xml": f'<p:presentation {PML}><p:sldIdLst><p:sldId id="256" r:id="rId2" '
        f'xmlns:r="{PACKAGE_RELS}"/></p:sldIdLst></p:presentation>',
        "ppt/slides/slide1.xml": f"<p:sld {PML}>{shape_text('Reading groups', slide)}</p:sld>",
        "ppt/notesSlides/notesSlide1.xml": f"<p:notes {PML}>{shape_text(notes)}</p:notes>",
        "ppt/media/image1.png": b"\x89PNG not read",
    })


# --- OpenDocument, by hand -----------------------------------------------------------------------

ODF_NS = " ".join(f'xmlns:{prefix}="urn:oasis:names:tc:opendocument:xmlns:{name}"' for prefix, name in (
    ("office", "office:1.0"), ("text", "text:1.0"), ("table", "table:1.0"), ("draw", "drawing:1.0"),
    ("style", "style:1.0"), ("meta", "meta:1.0"), ("presentation", "presentation:1.0"),
    ("svg", "svg-compatible:1.0"))) + ' xmlns:dc="http://purl.org/dc/elements/1.1/" ' \
    'xmlns:xlink="http://www.w3.org/1999/xlink"'
ODF_TYPES = {"odt": "text", "ods": "spreadsheet", "odp": "presentation"}


def odf(kind: str, body: str, header: str = CLEAN, title: str = CLEAN,
        manifest: str = "") -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{ODF_TYPES[kind]}"
    return zipped({
        "mimetype": mimetype,
        "META-INF/manifest.xml": manifest or (
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
            '</manifest:manifest>'),
        "content.xml": f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS}>'
        f'<office:body><office:{ODF_TYPES[kind]}>{body}</office:{ODF_TYPES[kind]}></office:body>'
        '</office:document-content>',
        "styles.xml": f'<office:document-styles {ODF_NS}><office:master-styles><style:master-page '
        f'style:name="Standard"><style:header><text:p>{header}</text:p></style:header>'
        '</style:master-page></office:master-styles></office:document-styles>',
        "meta.xml": f'<office:document-meta {ODF_NS}><office:meta><dc:title>{title}</dc:title>'
        '</office:meta></office:document-meta>',
        "Configurations2/accelerator/current.xml": "",  # LibreOffice writes it empty
        "Thumbnails/thumbnail.png": b"\x89PNG not read",
    })


def row(*cells: str) -> str:
    return "<table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
        for c in cells) + "</table:table-row>"


def odt_paragraph(text: str) -> bytes:
    return odf("odt", f"<text:h>Reading</text:h><text:p>Groups: <text:span>{text}</text:span></text:p>")


def odt_header(text: str) -> bytes:
    return odf("odt", "<text:p>Reading</text:p>", header=text)


def odt_properties(text: str) -> bytes:
    return odf("odt", "<text:p>Reading</text:p>", title=text)


def odt_link(text: str) -> bytes:
    target = f"mailto:{EMAIL}" if text == PUPIL else "https://trust.example/contact"
    return odf("odt", f'<text:p><text:a xlink:href="{target}">E-mail her</text:a></text:p>')


# LibreOffice writes the empty rest of a sheet as a cell repeated across every column, in a row
# repeated down every row: neither is made into cells.
EMPTY_REST = ('<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
              'table:number-columns-repeated="16384"/></table:table-row>')


def ods_dob_column(header: str) -> bytes:
    return odf("ods", f'<table:table table:name="Pupils">{row("Name", header)}'
               f'{row("Amy Jones", "04/05/2016")}{EMPTY_REST}</table:table>')


def ods_cell_comment(text: str) -> bytes:
    return odf("ods", '<table:table table:name="Scores">' + row("Group", "Score") +
               '<table:table-row><table:table-cell><office:annotation><dc:creator>Sam</dc:creator>'
               f'<text:p>{text}</text:p></office:annotation><text:p>Year 5</text:p>'
               '</table:table-cell></table:table-row></table:table>')


def odp_slide(text: str) -> bytes:
    return odf("odp", '<draw:page draw:name="Slide 1"><draw:frame><draw:text-box>'
               f'<text:p>Reading groups</text:p><text:p>{text}</text:p></draw:text-box></draw:frame>'
               '</draw:page>')


def odp_notes(text: str) -> bytes:
    return odf("odp", '<draw:page draw:name="Slide 1"><draw:frame><draw:text-box><text:p>Reading'
               '</text:p></draw:text-box></draw:frame><presentation:notes><draw:frame><draw:text-box>'
               f'<text:p>{text}</text:p></draw:text-box></draw:frame></presentation:notes></draw:page>')


# (id, file name, make(text), the text with pupil data, the clean text, where and what is found)
CASES = [
    ("docx-header", "letter.docx", docx_header, "UPN A123456789012, DOB 03/05/2015, 07700 900123", CLEAN,
     [f"a header (word/header1.xml), line 1: {UPN_FOUND}",
      f"a header (word/header1.xml), line 1: {DOB_FOUND}",
      f"a header (word/header1.xml), line 1: {MOBILE_FOUND}"]),
    ("docx-footer", "letter.docx", docx_footer, PUPIL, CLEAN,
     [f"a footer (word/footer1.xml), line 1: {UPN_FOUND}"]),
    ("docx-footnote", "letter.docx", docx_footnote, PUPIL, CLEAN,
     [f"the footnotes (word/footnotes.xml), line 3: {UPN_FOUND}"]),
    ("docx-comment", "letter.docx", docx_comment, PUPIL, CLEAN,
     [f"the comments (word/comments.xml), line 1: {UPN_FOUND}"]),
    ("docx-core-properties", "letter.docx", docx_properties, PUPIL, CLEAN,
     [f"the file's properties (docProps/core.xml), line 1: {UPN_FOUND}",
      f"the file's properties (docProps/core.xml), line 2: {EMAIL_FOUND}"]),
    ("docx-hyperlink-address", "letter.docx", docx_link, PUPIL, CLEAN,
     [f"the links (word/_rels/document.xml.rels): {EMAIL_FOUND}"]),
    ("docx-field-code", "letter.docx", docx_field_code, f"mailto:{EMAIL}", "https://trust.example/",
     [f"the body, as stored (e.g. a field code) (word/document.xml), line 1: {EMAIL_FOUND}"]),
    ("xlsx-cell-comment", "scores.xlsx", xlsx_comment, PUPIL, CLEAN,
     [f"the comments (xl/comments/comment1.xml), line 2: {UPN_FOUND}"]),
    ("xlsx-header", "scores.xlsx", xlsx_header, "UPN A123456789012, DOB 03/05/2015", CLEAN,
     [f"a sheet, outside its cells (xl/worksheets/sheet1.xml), line 5: {UPN_FOUND}",
      f"a sheet, outside its cells (xl/worksheets/sheet1.xml), line 5: {DOB_FOUND}"]),
    ("pptx-slide", "slides.pptx", lambda text: pptx(slide=text), PUPIL, CLEAN,
     [f"a slide (ppt/slides/slide1.xml), line 2: {UPN_FOUND}"]),
    ("pptx-notes", "slides.pptx", lambda text: pptx(notes=text), PUPIL, CLEAN,
     [f"the speaker notes (ppt/notesSlides/notesSlide1.xml), line 1: {UPN_FOUND}"]),
    ("odt-paragraph", "notes.odt", odt_paragraph, PUPIL, CLEAN,
     [f"the document's text (content.xml), line 2: {UPN_FOUND}"]),
    ("odt-header", "notes.odt", odt_header, PUPIL, CLEAN,
     [f"the headers and footers (styles.xml), line 1: {UPN_FOUND}"]),
    ("odt-properties", "notes.odt", odt_properties, PUPIL, CLEAN,
     [f"the file's properties (meta.xml), line 1: {UPN_FOUND}"]),
    ("odt-link-address", "notes.odt", odt_link, PUPIL, CLEAN,
     [f"the document's text (content.xml), in a link, name or alt text: {EMAIL_FOUND}"]),
    ("ods-dob-column", "pupils.ods", ods_dob_column, "DOB", "Date joined",
     [f"sheet 'Pupils', cell B2: {DOB_FOUND}"]),
    ("ods-cell-comment", "scores.ods", ods_cell_comment, PUPIL, CLEAN,
     [f"the document's text (content.xml), line 4: {UPN_FOUND}"]),
    ("odp-slide", "slides.odp", odp_slide, PUPIL, CLEAN,
     [f"the document's text (content.xml), line 2: {UPN_FOUND}"]),
    ("odp-notes", "slides.odp", odp_notes, PUPIL, CLEAN,
     [f"the document's text (content.xml), line 2: {UPN_FOUND}"]),
]


@pytest.mark.parametrize(("name", "make", "text", "expected"),
                         [(c[1], c[2], c[3], c[5]) for c in CASES], ids=[c[0] for c in CASES])
def test_pupil_data_anywhere_in_an_office_file_is_found(
    tmp_path: Path, name: str, make: Callable[[str], bytes], text: str, expected: list[str]
) -> None:
    """Where and what, exactly (the advice after it is the detector's own), and nothing else:
    text the located readers checked is not reported again from the part it is in."""
    problems = check(tmp_path, name, make(text))
    assert_found(problems, [f"content/{name}:1:1: error: in {e}" for e in expected])
    assert all(p.endswith("[personal-data]") for p in problems)


@pytest.mark.parametrize(("name", "make", "text"), [(c[1], c[2], c[4]) for c in CASES],
                         ids=[c[0] for c in CASES])
def test_the_same_file_without_pupil_data_is_clean(
    tmp_path: Path, name: str, make: Callable[[str], bytes], text: str
) -> None:
    assert check(tmp_path, name, make(text)) == []


def test_text_the_located_readers_checked_is_reported_once(tmp_path: Path) -> None:
    """A body's paragraphs and tables, and a workbook's cells, are read by their located
    readers; the pass over every part leaves out the lines they checked."""
    document = docx.Document()
    document.add_paragraph(PUPIL)
    document.add_table(rows=1, cols=1).cell(0, 0).text = f"UPN {UPN}"
    assert_found(check(tmp_path, "letter.docx", saved(document)), [
        f"content/letter.docx:1:1: error: in paragraph 1: {UPN_FOUND}",
        f"content/letter.docx:1:1: error: in table 1, row 1, column 1: {UPN_FOUND}"])

    def add(sheet: Any) -> None:
        sheet.append(["Amy", UPN])
    assert_found(check(tmp_path, "pupils.xlsx", workbook(add)), [
        f"content/pupils.xlsx:1:1: error: in sheet 'Scores', cell B3: {UPN_FOUND}"])


# --- OpenDocument tables, as rows -----------------------------------------------------------------


def test_ods_rows_repeats_and_covered_cells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tables: list[list[list[str]]] = []

    def find_in_rows(rows: Sequence[Sequence[str]]) -> list[CellFinding]:
        tables.append([list(r) for r in rows])
        return []

    monkeypatch.setattr(personal_data, "find_in_rows", find_in_rows)
    body = (
        '<table:table table:name="A">' + row("Name", "DOB") +
        '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="2"/>'
        '<table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell>'
        '<table:covered-table-cell/><table:table-cell><text:p>two</text:p><text:p>lines '
        '<text:s text:c="3"/>spaced<text:tab/>tab</text:p></table:table-cell>'
        '<table:table-cell office:value-type="date" office:date-value="2016-05-04"/>'
        '<table:table-cell table:number-columns-repeated="16000"/></table:table-row>'
        f'{EMPTY_REST}</table:table><table:table table:name="B">{row("y")}</table:table>')
    assert check(tmp_path, "pupils.ods", odf("ods", body)) == []
    assert tables == [
        [["Name", "DOB"], [], [], ["", "", "x", "x", "", "two\nlines  spaced\ttab", "2016-05-04"]],
        [["y"]],
    ]


def test_cells_the_rows_miss_are_read_as_text(tmp_path: Path) -> None:
    """Cells outside any row or table, and rows after a table nested where none belongs: the
    rows leave them out, the pass over every part reads them."""
    body = (f'<table:table-cell><text:p>{PUPIL}</text:p></table:table-cell>'
            f'<table:table table:name="A"><table:table/>{row("Name", "UPN", UPN)}</table:table>')
    assert_found(check(tmp_path, "pupils.ods", odf("ods", body)), [
        f"content/pupils.ods:1:1: error: in sheet 'A', cell C1: {UPN_FOUND}",
        f"content/pupils.ods:1:1: error: in the document's text (content.xml), line 1: {UPN_FOUND}"])


def test_ods_cell_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_CELLS", 5)
    body = ('<table:table table:name="A"><table:table-row table:number-rows-repeated="1000000000">'
            '<table:table-cell table:number-columns-repeated="1000000000"><text:p>x</text:p>'
            '</table:table-cell></table:table-row></table:table>')
    assert check(tmp_path, "pupils.ods", odf("ods", body)) == [
        "content/pupils.ods:1:1: error: the file's tables have more than 5 cells, over the limit "
        "for attachments that are checked for personal data; split it into smaller files, or "
        "delete unused rows and columns [file-too-large]"]


def test_odt_tables_are_read_as_rows(tmp_path: Path) -> None:
    body = f'<text:p>Class list</text:p><table:table table:name="Table1">{row("Name", "Date of birth")}' \
           f'{row("Amy Jones", "04/05/2016")}</table:table>'
    assert_found(check(tmp_path, "notes.odt", odf("odt", body)), [
        f"content/notes.odt:1:1: error: in table 'Table1', cell B2: {DOB_FOUND}"])


# --- files that cannot be checked ------------------------------------------------------------------

BOMB = ('<?xml version="1.0"?><!DOCTYPE w:hdr [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + f']><w:hdr xmlns:w="{W}"><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:hdr>')
EXTERNAL = (f'<?xml version="1.0"?><!DOCTYPE w:hdr [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            f'<w:hdr xmlns:w="{W}"><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:hdr>')


def damaged(kind: str) -> str:
    advice = {"docx": "a Word document (.docx)", "pptx": "a PowerPoint presentation (.pptx)",
              "odt": "an OpenDocument text (.odt)"}[kind]
    program = {"docx": "open it in Word", "pptx": "open it in PowerPoint",
               "odt": "open it in LibreOffice Writer"}[kind]
    return (f"the file cannot be read as {advice}: it is damaged, or another kind of file "
            f"renamed; {program} and save it again as .{kind}, so that it can be checked for "
            "personal data [unreadable]")


def crc_damaged(data: bytes, name: str) -> bytes:
    """The member's stored bytes changed: its checksum no longer matches."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    at = info.header_offset + 30 + len(info.filename) + len(info.extra) + 2
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]


def declare_huge(data: bytes) -> bytes:
    at = data.index(b"PK\x01\x02")
    return data[:at + 24] + (3_000_000_000).to_bytes(4, "little") + data[at + 28:]


UNCHECKABLE = [
    ("docx-entity-bomb-in-header", "letter.docx", lambda: with_members(docx_header(CLEAN), {"word/header1.xml": BOMB}),
     damaged("docx")),
    ("docx-external-entity", "letter.docx", lambda: with_members(docx_header(CLEAN), {"word/header1.xml": EXTERNAL}),
     damaged("docx")),
    ("odt-entity-bomb", "notes.odt", lambda: with_members(odt_paragraph(CLEAN), {"styles.xml": BOMB}),
     damaged("odt")),
    ("pptx-not-a-zip", "slides.pptx", lambda: b"SECRET", damaged("pptx")),
    ("pptx-truncated", "slides.pptx", lambda: pptx()[:200], damaged("pptx")),
    ("pptx-is-really-a-docx", "slides.pptx", lambda: docx_header(CLEAN), damaged("pptx")),
    ("pptx-slide-not-xml", "slides.pptx", lambda: with_members(pptx(), {"ppt/slides/slide1.xml": "<p:sld"}),
     damaged("pptx")),
    ("pptx-member-damaged", "slides.pptx", lambda: crc_damaged(pptx(), "ppt/notesSlides/notesSlide1.xml"),
     damaged("pptx")),
    ("pptx-encrypted", "slides.pptx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
     "the file cannot be read as a PowerPoint presentation (.pptx): it is password-protected, or an "
     "older PowerPoint file renamed; open it in PowerPoint, remove any password, and save it as "
     ".pptx, so that it can be checked for personal data [unreadable]"),
    ("pptx-zip-bomb", "slides.pptx", lambda: declare_huge(pptx()), "the file unpacks to"),
    ("odt-is-really-an-ods", "notes.odt", lambda: ods_dob_column("DOB"), damaged("odt")),
    ("odt-without-content", "notes.odt", lambda: zipped({"mimetype": "application/vnd.oasis.opendocument.text"}),
     damaged("odt")),
    ("odt-encrypted", "notes.odt", lambda: odf("odt", "", manifest=(
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
        '</manifest:file-entry></manifest:manifest>')),
     "the file cannot be read as an OpenDocument text (.odt): it is password-protected; open it in "
     "LibreOffice Writer, remove the password, and save it again as .odt, so that it can be checked "
     "for personal data [unreadable]"),
]


@pytest.mark.parametrize(("name", "make", "expected"), [c[1:] for c in UNCHECKABLE],
                         ids=[c[0] for c in UNCHECKABLE])
def test_office_file_that_cannot_be_checked(
    tmp_path: Path, name: str, make: Callable[[], bytes], expected: str
) -> None:
    started = time.monotonic()
    problems = check(tmp_path, name, make())
    assert time.monotonic() - started < 5  # an entity bomb is refused, never expanded
    assert len(problems) == 1
    assert problems[0].startswith(f"content/{name}:1:1: error: {expected}")


@pytest.mark.parametrize(("name", "make"), [("slides.pptx", pptx), ("pupils.ods", lambda: ods_dob_column("DOB"))])
def test_element_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
                       make: Callable[[], bytes]) -> None:
    """A part of millions of empty elements is small once zipped, but slow to read."""
    monkeypatch.setattr(attachments, "MAX_XML_ELEMENTS", 10)
    assert check(tmp_path, name, make()) == [
        f"content/{name}:1:1: error: the file's XML holds more than 10 elements, over the limit for "
        "attachments that are checked for personal data; split it into smaller files [file-too-large]"]


def test_an_old_manifest_naming_an_external_dtd_is_read(tmp_path: Path) -> None:
    """OpenOffice 2 wrote a DOCTYPE naming a DTD that declares the manifest's prefix: no
    entity is declared in the file, so it is read (the DTD is never loaded)."""
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE manifest:manifest PUBLIC '
                '"-//OpenOffice.org//DTD Manifest 1.0//EN" "Manifest.dtd">\n<manifest:manifest>'
                '<manifest:file-entry manifest:media-type="" manifest:full-path="/"/></manifest:manifest>')
    assert check(tmp_path, "notes.odt", odf("odt", "<text:p>Reading</text:p>", manifest=manifest)) == []
    assert_found(check(tmp_path, "notes.odt", odt_paragraph(PUPIL)), [
        f"content/notes.odt:1:1: error: in the document's text (content.xml), line 2: {UPN_FOUND}"])


def test_every_attachment_type_is_read_or_holds_no_text(tmp_path: Path) -> None:
    """Fail closed: an attachment type the loader allows is either read here, or a picture or
    a recording; a type this module does not know is refused, never published unread."""
    assert set(MEDIA_SUFFIXES) == set(READABLE_SUFFIXES) | set(NOT_TEXT_SUFFIXES)
    assert not set(READABLE_SUFFIXES) & set(NOT_TEXT_SUFFIXES)
    (tmp_path / "notes.rtf").write_bytes(b"{\\rtf1 SECRET}")
    assert [p.as_text() for p in check_attachment(tmp_path / "notes.rtf", "content/notes.rtf")] == [
        "content/notes.rtf:1:1: error: files of this type (.rtf) cannot be checked for personal "
        "data, so they are not published: save it as PDF [unreadable]"]


# --- a real build ----------------------------------------------------------------------------------

# A valid practice write-up (the hostile suite's), linking the file.
PAGE = PRACTICE_FM + "We tried this in two classes for a term.\n\nThe [class list](class-list.odt) we used.\n"


@pytest.mark.build
def test_a_linked_odt_with_pupil_data_is_not_published(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    practice = project / "content" / "practice"
    (practice / "reading-groups-class-list.md").write_text(PAGE, encoding="utf-8")
    (practice / "class-list.odt").write_bytes(odt_header(PUPIL))
    result = build(project)
    assert result.returncode == 1, result.output
    assert ("content/practice/class-list.odt:1:1: error: in the headers and footers (styles.xml), "
            f"line 1: {UPN_FOUND}") in result.output
    assert "1 content error(s)" in result.output  # the page itself is valid: only the file fails
    assert "Traceback" not in result.output
    assert not list(result.site.rglob("*.odt"))  # stopped before anything was written
