"""Every item's cite.bib and cite.ris read back with bibtexparser and rispy; every policy's
Word file opens with python-docx and keeps the body's headings, lists and tables, with the
governance facts on its first page and the licence and address in its footer; its .md is the
body as written."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import bibtexparser
import docx
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware

from openpractice.catalogue import Catalogue
from openpractice.models import Policy
from openpractice.opendata.citations import split_name

pytestmark = pytest.mark.build

SITE_URL = "https://openpractice.trust.example/"


def test_every_bibtex_file_round_trips(site: Path, catalogue: Catalogue) -> None:
    for entry in catalogue:
        text = (site / entry.kind / entry.id / "cite.bib").read_text(encoding="utf-8")
        library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
        assert library.failed_blocks == [], entry.url
        (parsed,) = library.entries
        fields = {f.key: f.value for f in parsed.fields}
        model = entry.model
        assert parsed.key == f"{entry.kind}-{entry.id}"
        assert parsed.entry_type == "misc"
        assert fields["title"] == model.title
        assert fields["url"] == f"{SITE_URL}{entry.url}"
        assert fields["year"] == str((model.updated or model.date).year)
        assert fields["abstract"] == model.summary
        authors = [split_name(a.name).full_inverted() for a in model.authors] or ["Open Practice"]
        assert fields["author"] == " and ".join(authors)
        if isinstance(model, Policy):
            assert fields["version"] == model.version


def test_every_ris_file_round_trips(site: Path, catalogue: Catalogue) -> None:
    for entry in catalogue:
        text = (site / entry.kind / entry.id / "cite.ris").read_text(encoding="utf-8")
        (record,) = rispy.loads(text)
        model = entry.model
        assert record["type_of_reference"] == "ELEC"
        assert record["title"] == model.title
        assert record["authors"] == ([split_name(a.name).full_inverted() for a in model.authors]
                                     or ["Open Practice"])
        assert record["urls"] == [f"{SITE_URL}{entry.url}"]
        assert record["year"] == str((model.updated or model.date).year)
        assert record["abstract"] == model.summary
        assert record["keywords"] == [catalogue.taxonomy.terms("themes")[t].label for t in model.themes]


def styled(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name if p.style else "", p.text) for p in document.paragraphs]


def test_the_word_download_keeps_headings_lists_and_tables(site: Path, catalogue: Catalogue) -> None:
    document = docx.Document(str(site / "policies/opendata-tables/opendata-tables.docx"))
    paragraphs = styled(document)
    assert paragraphs[0] == ("Title", "Marking and feedback policy (with tables)")
    assert [text for style, text in paragraphs if style.startswith("Heading")] == [
        "Principles", "Steps", "Who does what", "Notes"]
    assert ("Heading 2", "Notes") in paragraphs
    assert ("List Bullet", "Feedback is about the task, not the pupil.") in paragraphs
    assert [t for s, t in paragraphs if s == "List Bullet 2"] == ["Nested point one.", "Nested point two."]
    assert [t for s, t in paragraphs if t.startswith(("3.", "4."))] == [
        "3.\tThird step first.", "4.\tThen the fourth."]
    assert ("Quote", "Quoted guidance from the trust.") in paragraphs
    facts, body_table = ([[c.text for c in row.cells] for row in t.rows] for t in document.tables)
    assert body_table == [["Role", "Task", "When"],
                          ["Class teacher", "Whole-class feedback", "Weekly"],
                          ["Subject lead", "Sampling books", "Each term"]]
    assert dict(facts) == {
        "Version": "2.1", "Owner": "Deputy headteacher", "Approved by": "Trust board",
        "Approved on": "1 October 2026", "Next review": "1 October 2027", "Statutory": "No",
        "Applies to": ", ".join(catalogue.schools[s].name for s in ("brookside-primary", "oakfield-academy")),
    }
    # the link to another page works from the document: absolute, a real hyperlink
    links = [r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links == [f"{SITE_URL}research/feedback/"]
    footer = document.sections[0].footer.paragraphs[0].text
    assert "(CC-BY-4.0)" in footer and f"{SITE_URL}policies/opendata-tables/" in footer


def test_every_policy_has_both_downloads_linked_from_its_page_and_the_register(
    site: Path, catalogue: Catalogue,
) -> None:
    register = (site / "policy-register/index.html").read_text(encoding="utf-8")
    for entry in catalogue.of_kind("policies"):
        model = entry.model
        assert isinstance(model, Policy)
        folder = site / "policies" / entry.id
        document = docx.Document(str(folder / f"{entry.id}.docx"))
        assert styled(document)[0] == ("Title", model.title)
        assert document.core_properties.version == model.version
        with zipfile.ZipFile(folder / f"{entry.id}.docx") as archive:  # dated, not timestamped
            assert {i.date_time[:3] for i in archive.infolist()} == {
                ((model.updated or model.date).year, (model.updated or model.date).month,
                 (model.updated or model.date).day)}
        markdown = (folder / f"{entry.id}.md").read_text(encoding="utf-8")
        assert markdown == entry.body.lstrip("\n")
        assert not markdown.startswith("---")
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert f'href="{entry.id}.docx"' in page and f'href="{entry.id}.md"' in page
        assert f'href="../policies/{entry.id}/{entry.id}.docx"' in register
        assert f'href="../policies/{entry.id}/{entry.id}.md?download"' in register


def test_the_markdown_download_is_a_file_not_a_page(site: Path) -> None:
    assert (site / "policies/opendata-tables/opendata-tables.md").is_file()
    assert not (site / "policies/opendata-tables/opendata-tables").exists()
    assert not list(site.rglob("*.download"))
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert not re.search(r"\.md<|opendata-tables/opendata-tables/", sitemap)


def test_word_files_are_the_same_bytes_on_every_build(site: Path) -> None:
    data = (site / "policies/opendata-tables/opendata-tables.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "2026-10-01T00:00:00Z" in core  # the policy's own dates, not the build's
