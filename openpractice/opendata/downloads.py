"""A policy to download and adapt: `policies/<id>/<id>.docx` and `policies/<id>/<id>.md`.

The Word document is made with python-docx from the policy's *published* body (the HTML the
page shows, already cleaned by nh3), so it holds exactly what the page does: headings, lists
(nested, numbered from where the list starts), tables (header row in bold), quotes, code,
links (real hyperlinks, made absolute) and emphasis. Its first page gives the title, the
summary and the governance facts (version, owner, approving body, approval date, next
review, statutory, who it applies to); every page's footer gives the licence and the page's
address, and its header the site's name.

The bytes are the same for the same policy: the document's properties take the policy's own
dates, and every file in the zip the policy's last-changed date.

The Markdown download is the contributed body as written, without front-matter.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles import BabelFish
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from ..catalogue import Catalogue, Entry
from ..models import Policy
from ..search.records import TRUST_WIDE
from ..site.text import day
from .common import Site, licence_of, policy_files, school_name, term_label, xml_safe

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN_TYPE = "text/markdown; charset=utf-8"
MONOSPACE = "Consolas"
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)  # Word's own hyperlink blue
MAX_LIST_DEPTH = 3  # Word's built-in list styles go three deep
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "blockquote",
          "pre", "hr", "div", "details", "summary", "dl", "dt", "dd", "figure", "figcaption"}
_SPACES = re.compile(r"\s+")
VOID = {"br", "hr", "img", "input", "wbr", "col", "area", "source", "track", "embed"}


# ------------------------------------------------------------------ a tiny DOM of the body

@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def elements(self) -> Iterator[Node]:
        return (c for c in self.children if isinstance(c, Node))

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(markup: str) -> Node:
    builder = _Builder()
    builder.feed(markup)
    builder.close()
    return builder.root


# ------------------------------------------------------------------------- the Word file

@dataclass
class _Style:
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    superscript: bool = False
    subscript: bool = False
    link: str = ""


# The styles the documents use (with what they are based on, linked to or followed by).
USED_STYLES = ("Normal", "Default Paragraph Font", "Normal Table", "No List", "Title",
               "Subtitle", "Quote", "Table Grid", "Header", "Footer", "List Paragraph",
               *(f"Heading {n}" for n in range(1, 10)),
               *(f"{kind}{suffix}" for kind in ("List Bullet", "List Number", "List Continue")
                 for suffix in ("", " 2", " 3")))
# Parts of python-docx's template that a document does not need, by relationship type:
# a copy of the styles for Word 2010, a thumbnail of an empty page, custom XML.
UNUSED_PARTS = ("/stylesWithEffects", "/thumbnail", "/customXml")


@functools.cache
def _template() -> bytes:
    """python-docx's default template without what no policy uses: styles.xml cut from 350 KB
    to the styles above, and three unused parts gone. Each document starts from it, so each
    is small and quick to make (about a third of the time of the full template)."""
    document = Document()
    for rels in (document.part.rels, document.part.package.rels):
        for rel_id in [r for r, rel in rels.items() if rel.reltype.endswith(UNUSED_PARTS)]:
            del rels[rel_id]
    styles = document.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    names = {}
    for style_id, style in by_id.items():
        name = style.find(qn("w:name"))
        if name is not None:
            names[name.get(qn("w:val"))] = style_id
    keep: set[str] = set()
    todo = [names[BabelFish.ui2internal(name)] for name in USED_STYLES]
    while todo:
        style_id = todo.pop()
        if style_id in keep or style_id not in by_id:
            continue
        keep.add(style_id)
        for link in ("w:basedOn", "w:link", "w:next"):
            found = by_id[style_id].find(qn(link))
            if found is not None:
                todo.append(found.get(qn("w:val")) or "")
    for style_id, style in by_id.items():
        if style_id not in keep:
            styles.remove(style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_STYLE_IDS: dict[str, str] = {}


def _style_ids(document: DocumentObject) -> dict[str, str]:
    """The template's styles by name, read once: python-docx searches them on each use."""
    if not _STYLE_IDS:
        _STYLE_IDS.update({str(s.name): s.style_id for s in document.styles})
    return _STYLE_IDS


class _Writer:
    """Writes the body's blocks into the document."""

    def __init__(self, document: DocumentObject, base_url: str) -> None:
        self.document = document
        self.base_url = base_url
        self.style_ids = _style_ids(document)

    def paragraph(self, target: DocumentObject | _Cell, style: str | None) -> Paragraph:
        paragraph = target.add_paragraph()
        if style:
            paragraph._p.style = self.style_ids[style]
        return paragraph

    # blocks ---------------------------------------------------------------------------
    def blocks(self, node: Node, container: DocumentObject | _Cell | None = None,
               quote: bool = False) -> None:
        target = container or self.document
        loose: list[Node | str] = []  # inline content between blocks (e.g. in a <div>)
        for child in node.children:
            if isinstance(child, Node) and child.tag in BLOCKS:
                self._flush(loose, target, quote)
                loose = []
                self.block(child, target, quote)
            else:
                loose.append(child)
        self._flush(loose, target, quote)

    def _flush(self, loose: list[Node | str], target: DocumentObject | _Cell, quote: bool) -> None:
        if "".join(c if isinstance(c, str) else c.text for c in loose).strip():
            paragraph = self.paragraph(target, "Quote" if quote else None)
            self.inline(Node("#inline", children=loose), paragraph, _Style())

    def block(self, node: Node, target: DocumentObject | _Cell, quote: bool = False) -> None:
        tag = node.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = max(1, int(tag[1]) - 1)  # the policy's title is the document's Title
            paragraph = self.paragraph(target, f"Heading {level}")
            self.inline(node, paragraph, _Style())
        elif tag in ("ul", "ol"):
            self.list(node, target, 1)
        elif tag == "table":
            self.table(node, target)
        elif tag == "blockquote":
            self.blocks(node, target, quote=True)
        elif tag == "pre":
            paragraph = self.paragraph(target, "Quote" if quote else None)
            self._code_block(node.text.rstrip("\n"), paragraph)
        elif tag == "hr":
            return
        elif tag in ("p", "summary", "dt", "figcaption", "li"):
            paragraph = self.paragraph(target, "Quote" if quote else None)
            self.inline(node, paragraph, _Style(bold=tag in ("summary", "dt")))
        else:  # div, details, dl, dd, figure: their contents
            self.blocks(node, target, quote)

    def list(self, node: Node, target: DocumentObject | _Cell, depth: int) -> None:
        ordered = node.tag == "ol"
        number = _start(node)
        for item in node.elements():
            if item.tag != "li":
                continue
            level = min(depth, MAX_LIST_DEPTH)
            suffix = "" if level == 1 else f" {level}"
            style = f"List Number{suffix}" if ordered else f"List Bullet{suffix}"
            if ordered:  # Word would continue numbering across lists: write the number
                style = "List Paragraph"
            paragraph = self.paragraph(target, style)
            if ordered:
                paragraph.paragraph_format.left_indent = Pt(18 * level)
                paragraph.paragraph_format.first_line_indent = Pt(-18)
                paragraph.add_run(f"{number}.\t")
            first = True  # the item's first paragraph is the list paragraph itself
            for child in item.children:
                if isinstance(child, Node) and child.tag in ("ul", "ol"):
                    self.list(child, target, depth + 1)
                    first = False
                elif isinstance(child, Node) and child.tag in ("p", "div"):
                    if first:
                        self.inline(child, paragraph, _Style())
                    else:
                        more = self.paragraph(target, "List Continue" + suffix)
                        self.inline(child, more, _Style())
                    first = False
                elif isinstance(child, Node) and child.tag in BLOCKS:
                    self.block(child, target)
                    first = False
                elif first:
                    self.inline(Node("#inline", children=[child]), paragraph, _Style())
            _trim(paragraph)
            number += 1

    def table(self, node: Node, target: DocumentObject | _Cell) -> None:
        rows: list[tuple[list[Node], bool]] = []
        for part in node.elements():
            for row in (part.elements() if part.tag in ("thead", "tbody", "tfoot") else [part]):
                if row.tag == "tr":
                    cells = [c for c in row.elements() if c.tag in ("td", "th")]
                    rows.append((cells, part.tag == "thead" or all(c.tag == "th" for c in cells)))
        width = max((len(cells) for cells, _ in rows), default=0)
        if not width:
            return
        table = target.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, (cells, header) in enumerate(rows):
            for c, cell in enumerate(cells):
                doc_cell = table.cell(r, c)
                paragraph = doc_cell.paragraphs[0]
                has_blocks = any(ch.tag in BLOCKS for ch in cell.elements())
                if has_blocks:
                    self.blocks(cell, doc_cell)
                    if not paragraph.text and len(doc_cell.paragraphs) > 1:
                        paragraph._element.getparent().remove(paragraph._element)
                else:
                    self.inline(cell, paragraph, _Style(bold=header or cell.tag == "th"))
        if rows and rows[0][1]:
            _repeat_header(table.rows[0])
        if isinstance(target, DocumentObject):
            target.add_paragraph()  # a table followed by a table would merge in Word

    # inline ---------------------------------------------------------------------------
    def inline(self, node: Node, paragraph: Paragraph, style: _Style) -> None:
        for child in node.children:
            if isinstance(child, str):
                text = _SPACES.sub(" ", child)
                self._run(paragraph, text.lstrip() if not paragraph.text else text, style)
                continue
            tag = child.tag
            if tag in ("strong", "b"):
                self.inline(child, paragraph, _with(style, bold=True))
            elif tag in ("em", "i"):
                self.inline(child, paragraph, _with(style, italic=True))
            elif tag == "code":
                self.inline(child, paragraph, _with(style, code=True))
            elif tag in ("del", "s"):
                self.inline(child, paragraph, _with(style, strike=True))
            elif tag == "sup":
                self.inline(child, paragraph, _with(style, superscript=True))
            elif tag == "sub":
                self.inline(child, paragraph, _with(style, subscript=True))
            elif tag == "a":
                target = child.attrs.get("href", "")
                url = xml_safe(urljoin(self.base_url, target)) if target else ""
                self.inline(child, paragraph, _with(style, link=url))
            elif tag == "br":
                paragraph.add_run().add_break()
            elif tag == "img":
                self._run(paragraph, f"[Image: {child.attrs.get('alt') or 'no description'}]", style)
            elif tag == "input" and child.attrs.get("type") == "checkbox":
                self._run(paragraph, "☒ " if "checked" in child.attrs else "☐ ", style)
            elif tag in ("ul", "ol", "table", "pre", "blockquote"):
                continue  # blocks inside inline content are written by their own block
            else:
                self.inline(child, paragraph, style)

    def _run(self, paragraph: Paragraph, text: str, style: _Style) -> None:
        text = xml_safe(text)
        if not text:
            return
        if style.link and style.link.startswith(("http://", "https://", "mailto:")):
            _hyperlink(paragraph, style.link, text, style)
            return
        run = paragraph.add_run(text)
        _format(run, style)

    def _code_block(self, code: str, paragraph: Paragraph) -> None:
        for number, line in enumerate(code.split("\n")):
            if number:
                paragraph.add_run().add_break()
            run = paragraph.add_run(xml_safe(line))
            run.font.name = MONOSPACE


def _trim(paragraph: Paragraph) -> None:
    """No trailing space (the line break before a nested list, in the HTML)."""
    runs = paragraph.runs  # a hyperlink's runs are not among them: only a last plain run
    if runs and runs[-1]._r is paragraph._p[-1]:
        runs[-1].text = runs[-1].text.rstrip()


def _start(node: Node) -> int:
    try:
        return int(node.attrs.get("start", "1"))
    except ValueError:
        return 1


def _with(style: _Style, **changes: Any) -> _Style:
    return replace(style, **changes)


def _format(run: object, style: _Style) -> None:
    font = run.font  # type: ignore[attr-defined]
    if style.bold:
        font.bold = True
    if style.italic:
        font.italic = True
    if style.strike:
        font.strike = True
    if style.superscript:
        font.superscript = True
    if style.subscript:
        font.subscript = True
    if style.code:
        font.name = MONOSPACE


def _hyperlink(paragraph: Paragraph, url: str, text: str, style: _Style) -> None:
    """A real, clickable hyperlink (python-docx has no API for one)."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = paragraph.add_run(text)
    _format(run, style)
    run.font.underline = True
    run.font.color.rgb = LINK_COLOUR
    run._element.addprevious(link)
    link.append(run._element)


def _repeat_header(row: object) -> None:
    """Repeat the header row on every page the table spans."""
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _at_midnight(day_: dt.date) -> dt.datetime:
    return dt.datetime(day_.year, day_.month, day_.day, tzinfo=dt.UTC)


def policy_facts(entry: Entry, catalogue: Catalogue) -> list[tuple[str, str]]:
    """The governance facts on the first page, as the policy's page words them."""
    policy = entry.model
    assert isinstance(policy, Policy)
    applies = (TRUST_WIDE if policy.applies_to_trust
               else ", ".join(school_name(catalogue, s) for s in policy.applies_to))
    facts = [
        ("Version", policy.version),
        ("Owner", policy.owner),
        ("Approved by", term_label(catalogue, "approval_bodies", policy.approved_by)),
        ("Approved on", day(policy.approved_on)),
        ("Next review", day(policy.next_review_date)
         + (f" (every {policy.review_cycle_months} months)" if policy.review_cycle_months else "")),
        ("Statutory", "Yes" if policy.statutory else "No"),
        ("Applies to", applies),
    ]
    return facts


def policy_docx(entry: Entry, body_html: str, catalogue: Catalogue, site: Site) -> bytes:
    policy = entry.model
    assert isinstance(policy, Policy)
    address = site.address(entry.url)
    licence = licence_of(entry, catalogue, site)
    document = Document(io.BytesIO(_template()))
    properties = document.core_properties
    properties.title = xml_safe(policy.title)
    properties.subject = xml_safe(policy.summary)
    properties.author = xml_safe(site.name)
    properties.last_modified_by = xml_safe(site.name)
    properties.keywords = xml_safe(", ".join(term_label(catalogue, "themes", t) for t in policy.themes))
    properties.version = xml_safe(policy.version)
    properties.language = "en-GB"
    properties.identifier = address
    properties.revision = 1
    properties.created = _at_midnight(policy.date)
    properties.modified = _at_midnight(policy.last_changed)
    properties.comments = xml_safe(f"{licence.name} ({licence.id}). Source: {address}")

    section = document.sections[0]
    section.header.paragraphs[0].text = xml_safe(site.name)
    footer = section.footer.paragraphs[0]
    footer.text = xml_safe(f"{licence.name} ({licence.id})"
                           + (f", {licence.url}" if licence.url else "") + f". Source: {address}")

    document.add_paragraph(xml_safe(policy.title), style="Title")
    document.add_paragraph(xml_safe(policy.summary), style="Subtitle")
    facts = policy_facts(entry, catalogue)
    table = document.add_table(rows=len(facts), cols=2)
    table.style = "Table Grid"
    for row, (name, value) in zip(table.rows, facts, strict=True):
        row.cells[0].paragraphs[0].add_run(name).font.bold = True
        row.cells[1].paragraphs[0].add_run(xml_safe(value))
    document.add_paragraph(xml_safe(f"Published on {site.name} at {address}, where the latest "
                                    "version is kept."))

    _Writer(document, address).blocks(parse_html(body_html))
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue(), policy.last_changed)


_LOCAL_HEADER, _CENTRAL_HEADER = b"PK\x03\x04", b"PK\x01\x02"


def _fixed_zip(data: bytes, when: dt.date) -> bytes:
    """The same zip with every member dated `when` (python-docx dates them now): the same
    bytes on every build. The dates are written into the headers where they are, so nothing
    is compressed twice."""
    dos_date = (max(when.year, 1980) - 1980) << 9 | when.month << 5 | when.day
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members, directory = archive.infolist(), archive.start_dir
    for member in members:  # local header: the time and date at bytes 10-13
        if out[member.header_offset:member.header_offset + 4] != _LOCAL_HEADER:
            raise ValueError("not a zip written by python-docx")  # pragma: no cover
        struct.pack_into("<HH", out, member.header_offset + 10, 0, dos_date)
    at = directory
    for _ in members:  # central directory: at bytes 12-15; then 46 bytes and three lengths
        if out[at:at + 4] != _CENTRAL_HEADER:
            raise ValueError("not a zip written by python-docx")  # pragma: no cover
        struct.pack_into("<HH", out, at + 12, 0, dos_date)
        name, extra, comment = struct.unpack_from("<HHH", out, at + 28)
        at += 46 + name + extra + comment
    return bytes(out)


def policy_markdown(entry: Entry) -> bytes:
    body = entry.body.lstrip("\n")
    return (body if body.endswith("\n") or not body else body + "\n").encode("utf-8")


def download_files(catalogue: Catalogue, bodies: dict[str, str], site: Site) -> dict[str, bytes]:
    """Every policy's downloads; `bodies` holds each page's published HTML by source path."""
    files: dict[str, bytes] = {}
    for entry in catalogue.of_kind("policies"):
        docx_path, markdown_path = policy_files(entry)
        files[docx_path] = policy_docx(entry, bodies.get(entry.src_path, ""), catalogue, site)
        files[markdown_path] = policy_markdown(entry)
    return files
