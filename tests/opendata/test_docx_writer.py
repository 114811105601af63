"""The Word download, written as WordprocessingML: a rich body read back with python-docx
gives the paragraphs, styles, tables, runs and links the python-docx writer it replaced gave
(the expectations below are that writer's output), the zip is valid and dated by the
policy, and every text is escaped."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import docx
import pytest
from docx.document import Document as DocumentObject

from openpractice.catalogue import Catalogue, Entry
from openpractice.opendata.common import Site, licence_of
from openpractice.opendata.downloads import policy_docx, policy_facts, without_comments
from openpractice.validate import validate_project

from ..core.mini import write_project

SITE = Site(name="Test Trust", url="https://example.org/op/")
ADDRESS = "https://example.org/op/policies/behaviour/"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

RICH_BODY = """\
<h1>Top &amp; <em>one</em></h1><h2>Two <a href="https://ex.org/?a=1&amp;b=2">link "q"</a></h2>
<h3>Three</h3><h6>Six</h6>
<p>  Leading   spaces <strong>bold <em>both <code>code</code></em></strong> <del>gone</del> x<sup>2</sup> H<sub>2</sub>O</p>
<p>Line one<br>
line two</p>
<p><a href="mailto:a@b.org">mail</a>, <a href="#frag">frag</a>, <a href="../a/">again</a> <a href="../a/">twice</a> <a>none</a></p>
<ol start="3"><li>Third</li><li><ul><li>only nested</li></ul></li><li>text<br></li><li><p>para</p><pre><code>x\ty</code></pre><p>after</p></li>
<li>a<ol><li>b<ol><li>c<ol><li>deep</li></ol></li></ol></li></ol></li></ol>
<ul><li><input type="checkbox" checked> done</li><li><input type="checkbox"> todo</li><li>ends in <a href="https://x.org/y">a link</a></li><li><p>loose</p><p>second</p></li></ul>
<blockquote><p>Quoted <strong>b</strong></p><ul><li>list in quote</li></ul><pre>pre in quote</pre>loose in quote</blockquote>
<div>loose <b>div</b> text<p>then p</p></div><div><img src="a.png"></div>
<dl><dt>Term</dt><dd>Def</dd></dl><figure><img alt="Fig" src="f.png"><figcaption>Cap</figcaption></figure>
<table><thead><tr><th>A</th><th>B</th><th>C</th></tr></thead><tbody><tr><td>1</td><td><strong>2</strong></td></tr>
<tr><td><p>p1</p><p>p2</p></td><td><ul><li>cell list</li></ul></td><td><table><tr><td>n1</td><td>n2</td></tr></table></td></tr></tbody></table>
<table></table><table><tr><td>x</td></tr></table>
<p>Specials &lt;tag&gt; &amp; "quotes" bell\x07 \U0001F600</p>
<pre><code>first
  second</code></pre>
"""

# What the python-docx writer made of RICH_BODY, read back with python-docx.
EXPECTED_PARAGRAPHS = [
    ("Title", "Behaviour policy"),
    ("Subtitle", "How we promote good behaviour across the trust."),
    ("Normal", f"Published on Test Trust at {ADDRESS}, where the latest version is kept."),
    ("Heading 1", "Top & one"),
    ("Heading 1", 'Two link "q"'),
    ("Heading 2", "Three"),
    ("Heading 5", "Six"),
    ("Normal", "Leading spaces bold both code gone x2 H2O"),
    ("Normal", "Line one\n line two"),
    ("Normal", "mail, frag, again twice none"),
    ("List Paragraph", "3.\tThird"),
    ("List Paragraph", "4."),
    ("List Bullet 2", "only nested"),
    ("List Paragraph", "5.\ttext"),
    ("List Paragraph", "6.\tpara"),
    ("Normal", "x\ty"),
    ("List Continue", "after"),
    ("List Paragraph", "7.\ta"),
    ("List Paragraph", "1.\tb"),
    ("List Paragraph", "1.\tc"),
    ("List Paragraph", "1.\tdeep"),
    ("List Bullet", "☒  done"),
    ("List Bullet", "☐  todo"),
    ("List Bullet", "ends in a link"),
    ("List Bullet", "loose"),
    ("List Continue", "second"),
    ("Quote", "Quoted b"),
    ("List Bullet", "list in quote"),
    ("Quote", "pre in quote"),
    ("Quote", "loose in quote"),
    ("Normal", "loose div text"),
    ("Normal", "then p"),
    ("Normal", "Term"),
    ("Normal", "Def"),
    ("Normal", "Cap"),
    ("Normal", ""),  # after each table
    ("Normal", ""),
    ("Normal", 'Specials <tag> & "quotes" bell 😀'),
    ("Normal", "first\n  second"),
]
EXPECTED_LINKS = ["https://ex.org/?a=1&b=2", "mailto:a@b.org", f"{ADDRESS}#frag",
                  "https://example.org/op/policies/a/", "https://x.org/y"]


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    result = validate_project(write_project(tmp_path_factory.mktemp("mini"), {}),
                              today=date(2026, 11, 22))
    assert result.ok and result.catalogue is not None
    return result.catalogue


@pytest.fixture(scope="module")
def policy(mini: Catalogue) -> Entry:
    entry = mini.get("policies", "behaviour")
    assert entry is not None
    return entry


def opened(data: bytes) -> DocumentObject:
    return docx.Document(io.BytesIO(data))


def styled(document: DocumentObject) -> list[tuple[str, str]]:
    return [(p.style.name if p.style else "", p.text) for p in document.paragraphs]


def test_a_rich_body_reads_back_as_the_python_docx_writer_wrote_it(mini: Catalogue, policy: Entry) -> None:
    document = opened(policy_docx(policy, RICH_BODY, mini, SITE))
    assert styled(document) == EXPECTED_PARAGRAPHS
    facts, body, last = ([[c.text for c in row.cells] for row in t.rows] for t in document.tables)
    assert facts == [[name, value] for name, value in policy_facts(policy, mini)]
    assert body == [["A", "B", "C"], ["1", "2", ""], ["p1\np2", "cell list", ""]]
    assert last == [["x"]]
    nested = document.tables[1].cell(2, 2).tables
    assert [[c.text for c in row.cells] for row in nested[0].rows] == [["n1", "n2"]]
    links = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links == EXPECTED_LINKS  # one relationship per address, absolute
    assert {link.address for p in document.paragraphs for link in p.hyperlinks} == set(links)


def test_runs_keep_their_emphasis_code_and_links(mini: Catalogue, policy: Entry) -> None:
    paragraphs = opened(policy_docx(policy, RICH_BODY, mini, SITE)).paragraphs
    emphasis = next(p for p in paragraphs if p.text.startswith("Leading"))
    runs = {r.text: r for r in emphasis.runs}
    assert runs["Leading spaces "].bold is None
    assert runs["bold "].bold and not runs["bold "].italic
    assert runs["both "].bold and runs["both "].italic
    assert runs["code"].font.name == "Consolas" and runs["code"].bold and runs["code"].italic
    assert runs["gone"].font.strike
    assert [(r.font.superscript, r.font.subscript) for r in emphasis.runs if r.text == "2"] == [
        (True, False), (False, True)]
    heading = next(p for p in paragraphs if p.text.startswith("Two"))
    (link,) = heading.hyperlinks
    assert link.text == 'link "q"' and link.address == "https://ex.org/?a=1&b=2"
    (run,) = link.runs
    assert run.font.underline is True and run.font.color.rgb is not None
    assert str(run.font.color.rgb) == "0563C1"
    code = next(p for p in paragraphs if p.text.startswith("first"))
    assert {r.font.name for r in code.runs if r.text.strip()} == {"Consolas"}
    numbered = next(p for p in paragraphs if p.text == "3.\tThird")
    indent, first_line = numbered.paragraph_format.left_indent, numbered.paragraph_format.first_line_indent
    assert indent is not None and indent.pt == 18
    assert first_line is not None and first_line.pt == -18
    deep = next(p for p in paragraphs if p.text == "1.\tdeep").paragraph_format.left_indent
    assert deep is not None and deep.pt == 54  # three levels deep at most


def test_tables_are_grids_whose_header_row_is_bold_and_repeated(mini: Catalogue, policy: Entry) -> None:
    facts, body, _ = opened(policy_docx(policy, RICH_BODY, mini, SITE)).tables
    assert facts.style is not None and facts.style.name == "Table Grid"
    assert body.style is not None and body.style.name == "Table Grid"
    assert body.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert body.rows[1]._tr.find(f"{W}trPr") is None
    assert facts.rows[0]._tr.find(f"{W}trPr") is None
    assert all(r.bold for cell in body.rows[0].cells for r in cell.paragraphs[0].runs)
    assert [r.bold for r in body.cell(1, 0).paragraphs[0].runs] == [None]
    assert all(row.cells[0].paragraphs[0].runs[0].bold for row in facts.rows)
    assert [round(c.width.pt) for c in body.rows[0].cells if c.width is not None] == [144, 144, 144]


def test_the_header_footer_and_properties_are_the_policy_s(mini: Catalogue, policy: Entry) -> None:
    site = Site(name='Trust & <Co> "X"\x07', url="https://example.org/op/")
    document = opened(policy_docx(policy, "", mini, site))
    header = document.sections[0].header.paragraphs[0]
    assert header.text == 'Trust & <Co> "X"'
    assert header.style is not None and header.style.name == "Header"
    licence = licence_of(policy, mini, site)
    assert licence.id == "CC-BY-4.0"
    assert document.sections[0].footer.paragraphs[0].text == (
        f"{licence.name} (CC-BY-4.0), https://creativecommons.org/licenses/by/4.0/. Source: {ADDRESS}")
    properties = document.core_properties
    model = policy.model
    assert (properties.title, properties.subject, properties.version) == (
        model.title, model.summary, getattr(model, "version", None))
    assert properties.author == properties.last_modified_by == 'Trust & <Co> "X"'
    assert properties.identifier == ADDRESS and properties.language == "en-GB"
    assert properties.revision == 1
    assert properties.created is not None and properties.created.date() == model.date
    assert properties.modified is not None and properties.modified.date() == model.last_changed
    assert properties.comments == f"{licence.name} (CC-BY-4.0). Source: {ADDRESS}"
    assert styled(document) == [("Title", model.title), ("Subtitle", model.summary),
                                ("Normal", f'Published on Trust & <Co> "X" at {ADDRESS}, '
                                           "where the latest version is kept.")]


def test_the_zip_is_valid_dated_by_the_policy_and_the_same_every_time(
    mini: Catalogue, policy: Entry,
) -> None:
    from xml.etree import ElementTree

    data = policy_docx(policy, RICH_BODY, mini, SITE)
    assert data == policy_docx(policy, RICH_BODY, mini, SITE)
    changed = policy.model.last_changed
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert {i.date_time for i in archive.infolist()} == {
            (changed.year, changed.month, changed.day, 0, 0, 0)}
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"
        types = archive.read("[Content_Types].xml").decode()
        for name in names:
            ElementTree.fromstring(archive.read(name))  # every part is well-formed XML
            if not name.endswith(".rels") and name != "[Content_Types].xml":
                assert f'PartName="/{name}"' in types
        document = archive.read("word/document.xml").decode()
    assert "\x07" not in document
    assert re.search(r"<w:t[^>]*>Specials &lt;tag&gt; &amp; \"quotes\" bell \U0001F600</w:t>", document)


@pytest.mark.parametrize(("markdown", "published"), [
    ("Intro.\n<!-- ask the head before May -->\n\nMore.\n", "Intro.\n\n\nMore.\n"),
    ("A <!-- note --> line.\n", "A  line.\n"),
    ("Before\n<!--\nseveral\nlines\n-->\nafter\n", "Before\n\nafter\n"),
    ("```html\n<!-- an example of a comment -->\n```\n<!-- gone -->\n",
     "```html\n<!-- an example of a comment -->\n```\n\n"),
    ("An unclosed <!-- comment stays.\n", "An unclosed <!-- comment stays.\n"),
    ("<!--" * 50_000, "<!--" * 50_000),  # one pass, however many
])
def test_the_markdown_download_leaves_out_comments(markdown: str, published: str) -> None:
    assert without_comments(markdown) == published
