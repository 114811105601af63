"""A policy to download and adapt: `policies/<id>/<id>.docx` and `policies/<id>/<id>.md`.

The Word document is made from the policy's *published* body (the HTML the page shows,
already cleaned by nh3), so it holds exactly what the page does: headings, lists (nested,
numbered from where the list starts), tables (header row in bold, repeated on each page),
quotes, code, links (real hyperlinks, made absolute) and emphasis. Its first page gives the
title, the summary and the governance facts (version, owner, approving body, approval date,
next review, statutory, who it applies to); every page's footer gives the licence and the
page's address, and its header the site's name.

The body is written as WordprocessingML text straight into the zip: python-docx's object
model costs tens of milliseconds a policy. Every other part of the file (styles, settings,
fonts, theme, numbering, the header and footer, the content types) comes from one template
made once with python-docx (`_template`), with only the policy's own values put in: its
properties, the header's and footer's text, the body and the body's hyperlinks. The parts
every policy shares are compressed once.

The bytes are the same for the same policy: the document's properties take the policy's own
dates, and every file in the zip the policy's last-changed date.

The Markdown download is the contributed body as written, without front-matter.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from docx import Document
from docx.oxml.ns import qn
from docx.styles import BabelFish

from ..catalogue import Catalogue, Entry
from ..models import Policy
from ..search.records import TRUST_WIDE
from ..site.text import day
from .common import Site, licence_of, policy_files, xml_safe

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN_TYPE = "text/markdown; charset=utf-8"
MONOSPACE = "Consolas"
LINK_COLOUR = "0563C1"  # Word's own hyperlink blue
MAX_LIST_DEPTH = 3  # Word's built-in list styles go three deep
LIST_INDENT = 360  # twips (18 pt): an ordered list's indent per level, and its hanging number
EMU_PER_TWIP = 635
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "blockquote",
          "pre", "hr", "div", "details", "summary", "dl", "dt", "dd", "figure", "figcaption"}
_SPACES = re.compile(r"\s+")
VOID = {"br", "hr", "img", "input", "wbr", "col", "area", "source", "track", "embed"}
PLACEHOLDER = "OPEN-PRACTICE-{}-TEXT"  # the header's and footer's text in the template
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
PROPERTY_LIMIT = 255  # characters in a document property (python-docx's and Word's limit)


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

@dataclass(frozen=True, slots=True)
class _Style:
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    superscript: bool = False
    subscript: bool = False
    link: str = ""


PLAIN, BOLD = _Style(), _Style(bold=True)


@functools.cache
def _run_properties(bold: bool, italic: bool, code: bool, strike: bool, superscript: bool,
                    subscript: bool, link: bool) -> str:
    """A run's `<w:rPr>`, its children in the schema's order."""
    parts = []
    if code:
        parts.append(f'<w:rFonts w:ascii="{MONOSPACE}" w:hAnsi="{MONOSPACE}"/>')
    if bold:
        parts.append("<w:b/>")
    if italic:
        parts.append("<w:i/>")
    if strike:
        parts.append("<w:strike/>")
    if link:
        parts.append(f'<w:color w:val="{LINK_COLOUR}"/><w:u w:val="single"/>')
    if subscript or superscript:
        parts.append(f'<w:vertAlign w:val="{"subscript" if subscript else "superscript"}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _rpr(style: _Style, link: bool = False) -> str:
    return _run_properties(style.bold, style.italic, style.code, style.strike,
                           style.superscript, style.subscript, link)


MONOSPACE_RPR = _rpr(_Style(code=True))
_BREAKS = re.compile(r"([\t\r\n])")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def _text(text: str) -> str:
    """A run's text as run content: a tab as `<w:tab/>`, a new line (\\n or \\r) as
    `<w:br/>`, as python-docx writes them."""
    if "\t" not in text and "\n" not in text and "\r" not in text:
        return f'<w:t xml:space="preserve">{_escape(text)}</w:t>' if text else ""
    parts = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            parts.append("<w:br/>")
        elif piece:
            parts.append(f'<w:t xml:space="preserve">{_escape(piece)}</w:t>')
    return "".join(parts)


def _run(text: str, rpr: str = "") -> str:
    return f"<w:r>{rpr}{_text(text)}</w:r>"


class _Paragraph:
    """A `<w:p>` being written: its runs stay open to the end (a list item's trailing space
    is trimmed when the item ends)."""

    __slots__ = ("has_text", "level", "runs", "style_id")

    def __init__(self, style_id: str = "", level: int = 0) -> None:
        self.style_id = style_id  # "": Normal
        self.level = level  # an ordered list's: indented, its number hanging
        self.runs: list[tuple[str, str] | str] = []  # (rPr, text) of a plain run; a link's XML
        self.has_text = False

    def add(self, text: str, rpr: str = "") -> None:
        if text:
            self.runs.append((rpr, text))
            self.has_text = True

    def add_xml(self, xml: str) -> None:
        self.runs.append(xml)
        self.has_text = True

    def trim(self) -> None:
        """No trailing space (the line break before a nested list, in the HTML): only in a
        last plain run, not in a link."""
        if self.runs and isinstance(last := self.runs[-1], tuple):
            text = last[1].rstrip()
            if text:
                self.runs[-1] = (last[0], text)
            else:
                del self.runs[-1]

    def xml(self) -> str:
        properties = ""
        if self.style_id or self.level:
            style = f'<w:pStyle w:val="{self.style_id}"/>' if self.style_id else ""
            indent = (f'<w:ind w:left="{LIST_INDENT * self.level}" w:hanging="{LIST_INDENT}"/>'
                      if self.level else "")
            properties = f"<w:pPr>{style}{indent}</w:pPr>"
        runs = "".join(run if isinstance(run, str) else _run(run[1], run[0]) for run in self.runs)
        return f"<w:p>{properties}{runs}</w:p>"


class _Container:
    """The document's body or a table cell: its paragraphs and (written) tables in order."""

    __slots__ = ("items", "width")

    def __init__(self, width: int) -> None:
        self.items: list[_Paragraph | str] = []
        self.width = width  # EMU: a table in it shares this between its columns

    def paragraphs(self) -> int:
        return sum(isinstance(item, _Paragraph) for item in self.items)

    def xml(self) -> str:
        return "".join(item if isinstance(item, str) else item.xml() for item in self.items)


def _table(rows: list[list[str]], columns: int, width: int, repeat_header: bool,
           style_id: str) -> str:
    """A `<w:tbl>` of cells' contents, its columns sharing `width` (EMU) as python-docx
    shares them; a row with fewer cells has empty ones."""
    column = round((width // columns) / EMU_PER_TWIP)
    cell = f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{column}"/></w:tcPr>'
    out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id}"/><w:tblW w:type="auto" w:w="0"/>'
           '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
           'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>',
           f'<w:gridCol w:w="{column}"/>' * columns, "</w:tblGrid>"]
    for number, cells in enumerate(rows):
        out.append("<w:tr>")
        if number == 0 and repeat_header:  # repeated on every page the table spans
            out.append('<w:trPr><w:tblHeader w:val="true"/></w:trPr>')
        out.extend(f"{cell}{content}</w:tc>" for content in cells)
        out.append(f"{cell}<w:p/></w:tc>" * (columns - len(cells)))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


class _Writer:
    """Writes the body's blocks as WordprocessingML; `links` are the hyperlinks' addresses
    by relationship id, for the document's relationships."""

    def __init__(self, base_url: str, style_ids: dict[str, str], free_ids: Iterator[str]) -> None:
        self.base_url = base_url
        self.style_ids = style_ids
        self.free_ids = free_ids
        self.links: dict[str, str] = {}  # address -> relationship id (one per address)

    def paragraph(self, target: _Container, style: str | None, level: int = 0) -> _Paragraph:
        paragraph = _Paragraph(self.style_ids[style] if style else "", level)
        target.items.append(paragraph)
        return paragraph

    def relate(self, url: str) -> str:
        rel_id = self.links.get(url)
        if rel_id is None:
            rel_id = self.links[url] = next(self.free_ids)
        return rel_id

    # blocks ---------------------------------------------------------------------------
    def blocks(self, node: Node, target: _Container, quote: bool = False) -> None:
        loose: list[Node | str] = []  # inline content between blocks (e.g. in a <div>)
        for child in node.children:
            if isinstance(child, Node) and child.tag in BLOCKS:
                self._flush(loose, target, quote)
                loose = []
                self.block(child, target, quote)
            else:
                loose.append(child)
        self._flush(loose, target, quote)

    def _flush(self, loose: list[Node | str], target: _Container, quote: bool) -> None:
        if "".join(c if isinstance(c, str) else c.text for c in loose).strip():
            paragraph = self.paragraph(target, "Quote" if quote else None)
            self.inline(Node("#inline", children=loose), paragraph, PLAIN)

    def block(self, node: Node, target: _Container, quote: bool = False) -> None:
        tag = node.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = max(1, int(tag[1]) - 1)  # the policy's title is the document's Title
            self.inline(node, self.paragraph(target, f"Heading {level}"), PLAIN)
        elif tag in ("ul", "ol"):
            self.list(node, target, 1)
        elif tag == "table":
            self.table(node, target)
        elif tag == "blockquote":
            self.blocks(node, target, quote=True)
        elif tag == "pre":
            paragraph = self.paragraph(target, "Quote" if quote else None)
            for number, line in enumerate(node.text.rstrip("\n").split("\n")):
                if number:
                    paragraph.add("\n")
                paragraph.add(xml_safe(line), MONOSPACE_RPR)
        elif tag == "hr":
            return
        elif tag in ("p", "summary", "dt", "figcaption", "li"):
            paragraph = self.paragraph(target, "Quote" if quote else None)
            self.inline(node, paragraph, BOLD if tag in ("summary", "dt") else PLAIN)
        else:  # div, details, dl, dd, figure: their contents
            self.blocks(node, target, quote)

    def list(self, node: Node, target: _Container, depth: int) -> None:
        ordered = node.tag == "ol"
        number = _start(node)
        for item in node.elements():
            if item.tag != "li":
                continue
            level = min(depth, MAX_LIST_DEPTH)
            suffix = "" if level == 1 else f" {level}"
            if ordered:  # Word would continue numbering across lists: write the number
                paragraph = self.paragraph(target, "List Paragraph", level)
                paragraph.add(f"{number}.\t")
            else:
                paragraph = self.paragraph(target, f"List Bullet{suffix}")
            first = True  # the item's first paragraph is the list paragraph itself
            for child in item.children:
                if isinstance(child, Node) and child.tag in ("ul", "ol"):
                    self.list(child, target, depth + 1)
                    first = False
                elif isinstance(child, Node) and child.tag in ("p", "div"):
                    if first:
                        self.inline(child, paragraph, PLAIN)
                    else:
                        self.inline(child, self.paragraph(target, "List Continue" + suffix), PLAIN)
                    first = False
                elif isinstance(child, Node) and child.tag in BLOCKS:
                    self.block(child, target)
                    first = False
                elif first:
                    self.inline(Node("#inline", children=[child]), paragraph, PLAIN)
            paragraph.trim()
            number += 1

    def table(self, node: Node, target: _Container) -> None:
        rows: list[tuple[list[Node], bool]] = []
        for part in node.elements():
            for row in (part.elements() if part.tag in ("thead", "tbody", "tfoot") else [part]):
                if row.tag == "tr":
                    cells = [c for c in row.elements() if c.tag in ("td", "th")]
                    rows.append((cells, part.tag == "thead" or all(c.tag == "th" for c in cells)))
        columns = max((len(cells) for cells, _ in rows), default=0)
        if not columns:
            return
        cell_width = round((target.width // columns) / EMU_PER_TWIP) * EMU_PER_TWIP
        written: list[list[str]] = []
        for cells, header in rows:
            contents = []
            for cell in cells:
                box = _Container(cell_width)
                paragraph = self.paragraph(box, None)
                if any(child.tag in BLOCKS for child in cell.elements()):
                    self.blocks(cell, box)
                    if box.paragraphs() > 1:  # the cell's own empty paragraph is not needed
                        box.items.remove(paragraph)
                else:
                    self.inline(cell, paragraph, BOLD if header or cell.tag == "th" else PLAIN)
                contents.append(box.xml())
            written.append(contents)
        target.items.append(_table(written, columns, target.width, rows[0][1],
                                   self.style_ids["Table Grid"]))
        # a table followed by a table would merge in Word; a cell must end in a paragraph
        self.paragraph(target, None)

    # inline ---------------------------------------------------------------------------
    def inline(self, node: Node, paragraph: _Paragraph, style: _Style) -> None:
        for child in node.children:
            if isinstance(child, str):
                text = _SPACES.sub(" ", child)
                self._run(paragraph, text if paragraph.has_text else text.lstrip(), style)
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
                paragraph.add("\n")
            elif tag == "img":
                self._run(paragraph, f"[Image: {child.attrs.get('alt') or 'no description'}]", style)
            elif tag == "input" and child.attrs.get("type") == "checkbox":
                self._run(paragraph, "☒ " if "checked" in child.attrs else "☐ ", style)
            elif tag in ("ul", "ol", "table", "pre", "blockquote"):
                continue  # blocks inside inline content are written by their own block
            else:
                self.inline(child, paragraph, style)

    def _run(self, paragraph: _Paragraph, text: str, style: _Style) -> None:
        text = xml_safe(text)
        if not text:
            return
        if style.link.startswith(("http://", "https://", "mailto:")):  # a real, clickable link
            paragraph.add_xml(f'<w:hyperlink r:id="{self.relate(style.link)}">'
                              f"{_run(text, _rpr(style, link=True))}</w:hyperlink>")
        else:
            paragraph.add(text, _rpr(style))


def _start(node: Node) -> int:
    try:
        return int(node.attrs.get("start", "1"))
    except ValueError:
        return 1


def _with(style: _Style, **changes: Any) -> _Style:
    return replace(style, **changes)


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
    """python-docx's default template without what no policy uses (styles.xml cut from
    350 KB to the styles above, three unused parts gone), with a header and a footer whose
    text is a placeholder. Every document is this package with the policy's values put in."""
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
    section = document.sections[0]
    section.header.paragraphs[0].text = PLACEHOLDER.format("HEADER")
    section.footer.paragraphs[0].text = PLACEHOLDER.format("FOOTER")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class _Member:
    """A file in the zip, compressed: its name, CRC-32, size, and deflated bytes."""

    name: bytes
    crc: int
    size: int
    data: bytes

    @classmethod
    def of(cls, name: str, content: bytes) -> _Member:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)  # raw deflate, as zip holds it
        return cls(name.encode("utf-8"), zlib.crc32(content), len(content),
                   compressor.compress(content) + compressor.flush())


@dataclass(frozen=True)
class _Package:
    """The template, read once: the parts every document shares (compressed), and the
    per-policy parts as the text around what each policy puts in."""

    order: tuple[str, ...]  # the parts, in the zip's order
    shared: dict[str, _Member]
    document: tuple[str, str]  # document.xml before and after the body
    relationships: tuple[str, str]  # its relationships before and after the hyperlinks
    header: tuple[str, str, str]  # the header part's name, and its text before and after
    footer: tuple[str, str, str]
    style_ids: dict[str, str]  # by style name
    used_ids: frozenset[str]  # the document's relationship ids
    width: int  # EMU between the page's margins


CORE = "docProps/core.xml"
DOCUMENT = "word/document.xml"
RELATIONSHIPS = "word/_rels/document.xml.rels"


def _around(text: str, marker: str) -> tuple[str, str]:
    before, found, after = text.partition(marker)
    if not found:
        raise ValueError(f"the template has no {marker!r}")  # pragma: no cover
    return before, after


@functools.cache
def _package() -> _Package:
    data = _template()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    texts = {name: content.decode("utf-8") for name, content in parts.items()
             if name.endswith((".xml", ".rels"))}
    marks = {}
    for which in ("HEADER", "FOOTER"):
        run = f"<w:r><w:t>{PLACEHOLDER.format(which)}</w:t></w:r>"
        (name,) = (n for n, text in texts.items() if run in text)
        marks[which] = (name, *_around(texts[name], run))
    body_start = texts[DOCUMENT].index("<w:body>") + len("<w:body>")
    if not texts[DOCUMENT].startswith("<w:sectPr", body_start):
        raise ValueError("the template's body is not empty")  # pragma: no cover
    before_end, after_end = _around(texts[RELATIONSHIPS], "</Relationships>")
    document = Document(io.BytesIO(data))
    per_policy = {CORE, DOCUMENT, RELATIONSHIPS, marks["HEADER"][0], marks["FOOTER"][0]}
    return _Package(
        order=tuple(parts),
        shared={name: _Member.of(name, content) for name, content in parts.items()
                if name not in per_policy},
        document=(texts[DOCUMENT][:body_start], texts[DOCUMENT][body_start:]),
        relationships=(before_end, "</Relationships>" + after_end),
        header=marks["HEADER"], footer=marks["FOOTER"],
        style_ids={str(s.name): s.style_id for s in document.styles},
        used_ids=frozenset(document.part.rels),
        width=int(document._block_width),  # python-docx's own measure
    )


def _free_ids(used: frozenset[str]) -> Iterator[str]:
    """Relationship ids not yet used, lowest first (as python-docx picks them)."""
    return (rel_id for rel_id in (f"rId{n}" for n in itertools.count(1)) if rel_id not in used)


CORE_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{author}</dc:creator>"
    "<cp:keywords>{keywords}</cp:keywords><dc:description>{comments}</dc:description>"
    "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{modified}</dcterms:modified>'
    "<cp:category/><cp:version>{version}</cp:version><dc:language>en-GB</dc:language>"
    "<dc:identifier>{identifier}</dc:identifier></cp:coreProperties>")


def _property(text: str) -> str:
    return _escape(xml_safe(text)[:PROPERTY_LIMIT])


def _instant(day_: dt.date) -> str:
    return f"{day_.isoformat()}T00:00:00Z"  # midnight UTC



def policy_facts(entry: Entry, catalogue: Catalogue) -> list[tuple[str, str]]:
    """The governance facts on the first page, as the policy's page words them."""
    policy = entry.model
    assert isinstance(policy, Policy)
    applies = (TRUST_WIDE if policy.applies_to_trust
               else ", ".join(catalogue.school_name(s) for s in policy.applies_to))
    facts = [
        ("Version", policy.version),
        ("Owner", policy.owner),
        ("Approved by", catalogue.term_label("approval_bodies", policy.approved_by)),
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
    package = _package()
    address = site.address(entry.url)
    licence = licence_of(entry, catalogue, site)
    core = CORE_XML.format(
        title=_property(policy.title), subject=_property(policy.summary),
        author=_property(site.name),
        keywords=_property(", ".join(catalogue.term_label("themes", t) for t in policy.themes)),
        comments=_property(f"{licence.name} ({licence.id}). Source: {address}"),
        created=_instant(policy.date), modified=_instant(policy.last_changed),
        version=_property(policy.version), identifier=_escape(address[:PROPERTY_LIMIT]))
    header_name, before_header, after_header = package.header
    footer_name, before_footer, after_footer = package.footer
    header = before_header + _run(xml_safe(site.name)) + after_header
    footer = before_footer + _run(xml_safe(
        f"{licence.name} ({licence.id})" + (f", {licence.url}" if licence.url else "")
        + f". Source: {address}")) + after_footer

    writer = _Writer(address, package.style_ids, _free_ids(package.used_ids))
    body = _Container(package.width)
    writer.paragraph(body, "Title").add(xml_safe(policy.title))
    writer.paragraph(body, "Subtitle").add(xml_safe(policy.summary))
    rows = []
    for name, value in policy_facts(entry, catalogue):
        label, text = _Paragraph(), _Paragraph()
        label.add(name, _rpr(BOLD))
        text.add(xml_safe(value))
        rows.append([label.xml(), text.xml()])
    body.items.append(_table(rows, 2, package.width, False, package.style_ids["Table Grid"]))
    writer.paragraph(body, None).add(xml_safe(
        f"Published on {site.name} at {address}, where the latest version is kept."))
    writer.blocks(parse_html(body_html), body)

    before_body, after_body = package.document
    before_links, after_links = package.relationships
    links = "".join(f'<Relationship Id="{rel_id}" Type="{HYPERLINK}" Target="{_attribute(url)}" '
                    'TargetMode="External"/>' for url, rel_id in writer.links.items())
    per_policy = {CORE: core, DOCUMENT: before_body + body.xml() + after_body,
                  RELATIONSHIPS: before_links + links + after_links,
                  header_name: header, footer_name: footer}
    return _zip([package.shared.get(name) or _Member.of(name, per_policy[name].encode("utf-8"))
                 for name in package.order], policy.last_changed)


_LOCAL_HEADER = struct.Struct("<4s5H3I2H")
_CENTRAL_HEADER = struct.Struct("<4s6H3I5H2I")
_END_OF_DIRECTORY = struct.Struct("<4s4H2IH")


def _zip(members: list[_Member], when: dt.date) -> bytes:
    """A zip of deflated members, every one dated `when` at midnight: the same bytes on
    every build."""
    dos_date = (max(when.year, 1980) - 1980) << 9 | when.month << 5 | when.day
    out, directory = bytearray(), bytearray()
    for member in members:
        directory += _CENTRAL_HEADER.pack(
            b"PK\x01\x02", 20, 20, 0, zipfile.ZIP_DEFLATED, 0, dos_date, member.crc,
            len(member.data), member.size, len(member.name), 0, 0, 0, 0, 0, len(out))
        directory += member.name
        out += _LOCAL_HEADER.pack(b"PK\x03\x04", 20, 0, zipfile.ZIP_DEFLATED, 0, dos_date,
                                  member.crc, len(member.data), member.size, len(member.name), 0)
        out += member.name
        out += member.data
    end = _END_OF_DIRECTORY.pack(b"PK\x05\x06", 0, 0, len(members), len(members),
                                 len(directory), len(out), 0)
    return bytes(out + directory + end)


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def without_comments(markdown: str) -> str:
    """The text without its HTML comments (`<!-- ... -->`: notes to the editors, which the
    page never shows), outside fenced code. One pass: an unclosed comment is kept as it is."""
    out: list[str] = []
    fence = ""
    chunk: list[str] = []
    for line in markdown.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence or opened:
            if not fence:
                out.append(_drop_comments("".join(chunk)))
                chunk, fence = [], opened[1] if opened else ""
            elif line.strip().startswith(fence[0] * len(fence)):
                fence = ""
            out.append(line)
        else:
            chunk.append(line)
    out.append(_drop_comments("".join(chunk)))
    return "".join(out)


def _drop_comments(text: str) -> str:
    parts, at = [], 0
    while (start := text.find("<!--", at)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        parts.append(text[at:start])
        at = end + 3
    parts.append(text[at:])
    return "".join(parts)


def policy_markdown(entry: Entry) -> bytes:
    body = without_comments(entry.body).lstrip("\n")
    return (body if body.endswith("\n") or not body else body + "\n").encode("utf-8")


def download_files(catalogue: Catalogue, bodies: dict[str, str], site: Site) -> dict[str, bytes]:
    """Every policy's downloads; `bodies` holds each page's published HTML by source path."""
    files: dict[str, bytes] = {}
    for entry in catalogue.of_kind("policies"):
        docx_path, markdown_path = policy_files(entry)
        files[docx_path] = policy_docx(entry, bodies.get(entry.src_path, ""), catalogue, site)
        files[markdown_path] = policy_markdown(entry)
    return files
