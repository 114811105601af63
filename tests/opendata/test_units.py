"""The pure functions of the open data, with the exact strings they write."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from openpractice.catalogue import Catalogue, Entry
from openpractice.opendata.catalogue_json import csv_cell
from openpractice.opendata.citations import (
    Name,
    apa,
    apa_authors,
    as_html,
    bibtex,
    credit_line,
    harvard,
    harvard_authors,
    latex,
    plain,
    ris,
    split_name,
    verbatim,
)
from openpractice.opendata.common import Site
from openpractice.opendata.feedlinks import feed_folder, head_links, subscribe_html
from openpractice.opendata.structured import script_json
from openpractice.validate import validate_project

from ..core.mini import write_project

SITE = Site(name="Test Trust", url="https://example.org/op/")
TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    result = validate_project(write_project(tmp_path_factory.mktemp("mini"), {}), today=TODAY)
    assert result.ok and result.catalogue is not None
    return result.catalogue


def item(catalogue: Catalogue, kind: str, item_id: str) -> Entry:
    entry = catalogue.get(kind, item_id)
    assert entry is not None
    return entry


@pytest.mark.parametrize(("name", "family", "given", "inverted"), [
    ("Sam Okafor", "Okafor", "Sam", "Okafor, S."),
    ("Mary-Jane Ann Smith", "Smith", "Mary-Jane Ann", "Smith, M.-J. A."),
    ("Ludwig van Beethoven", "van Beethoven", "Ludwig", "van Beethoven, L."),
    ("Okafor, Sam", "Okafor", "Sam", "Okafor, S."),
    ("Dr Priya Shah", "Shah", "Priya", "Shah, P."),
    ("Dr Shah", "Shah", "", "Shah"),
    ("EEF", "EEF", "", "EEF"),
    ("  Ana   Patel ", "Patel", "Ana", "Patel, A."),
])
def test_names_are_written_family_name_first(name: str, family: str, given: str, inverted: str) -> None:
    assert split_name(name) == Name(family, given)
    assert split_name(name).inverted() == inverted


@pytest.mark.parametrize(("names", "apa_text", "harvard_text"), [
    (["Sam Okafor"], "Okafor, S.", "Okafor, S."),
    (["Sam Okafor", "Ana Patel"], "Okafor, S., & Patel, A.", "Okafor, S. and Patel, A."),
    (["A Bee", "C Dee", "E Eff"], "Bee, A., Dee, C., & Eff, E.", "Bee, A., Dee, C. and Eff, E."),
    (["A Bee", "C Dee", "E Eff", "G Aitch"], "Bee, A., Dee, C., Eff, E., & Aitch, G.", "Bee, A. et al."),
])
def test_author_lists(names: list[str], apa_text: str, harvard_text: str) -> None:
    parsed = [split_name(n) for n in names]
    assert apa_authors(parsed) == apa_text
    assert harvard_authors(parsed) == harvard_text


def test_apa_lists_nineteen_then_the_last_after_twenty() -> None:
    names = [split_name(f"Given{n} Family{n}") for n in range(1, 23)]
    written = apa_authors(names)
    assert written.startswith("Family1, G., Family2, G.,")
    assert written.endswith("Family19, G., . . . Family22, G.")
    assert "Family20" not in written


def test_references_for_each_type(mini: Catalogue) -> None:
    practice = item(mini, "practice", "case")
    research = item(mini, "research", "feedback")
    policy = item(mini, "policies", "behaviour")
    assert plain(apa(practice, SITE)) == (
        "Okafor, S. (2025, March 14). Reciprocal reading in Year 5. Test Trust. "
        "https://example.org/op/practice/case/")
    assert as_html(apa(practice, SITE)) == (
        "Okafor, S. (2025, March 14). <cite>Reciprocal reading in Year 5</cite>. Test Trust. "
        "https://example.org/op/practice/case/")
    assert plain(harvard(research, SITE, TODAY)) == (
        "Patel, A. (2025) Feedback. Test Trust. Available at: "
        "https://example.org/op/research/feedback/ (Accessed: 22 November 2026).")
    assert as_html(harvard(research, SITE, TODAY)).endswith(
        '(Accessed: <time datetime="2026-11-22" data-op-accessed>22 November 2026</time>).')
    # a policy is the trust's: its name is the author, not repeated as the site
    assert plain(apa(policy, SITE)) == (
        "Test Trust. (2025, September 1). Behaviour policy (Version 3.1). "
        "https://example.org/op/policies/behaviour/")
    assert plain(harvard(policy, SITE, TODAY)) == (
        "Test Trust (2025) Behaviour policy (Version 3.1). Available at: "
        "https://example.org/op/policies/behaviour/ (Accessed: 22 November 2026).")


def test_the_credit_line_names_the_trust_the_address_and_the_date(mini: Catalogue) -> None:
    assert credit_line(item(mini, "practice", "case"), mini, SITE) == (
        "“Reciprocal reading in Year 5” by Sam Okafor, Brook Primary (sample), Test Trust, "
        "14 March 2025, https://example.org/op/practice/case/, CC-BY-4.0.")
    assert credit_line(item(mini, "policies", "behaviour"), mini, SITE) == (
        "“Behaviour policy”, Test Trust, 1 September 2025, "
        "https://example.org/op/policies/behaviour/, CC-BY-4.0.")


def test_bibtex_and_ris_text(mini: Catalogue) -> None:
    assert bibtex(item(mini, "policies", "behaviour"), mini, SITE) == """\
@misc{policies-behaviour,
  author       = {{Test Trust}},
  title        = {{Behaviour policy}},
  year         = {2025},
  date         = {2025-09-01},
  howpublished = {Test Trust},
  url          = {https://example.org/op/policies/behaviour/},
  version      = {3.1},
  abstract     = {How we promote good behaviour across the trust.},
  keywords     = {Behaviour},
  note         = {Policy. Licence: Creative Commons Attribution 4.0 (CC-BY-4.0)}
}
"""
    assert ris(item(mini, "practice", "case"), mini, SITE).split("\r\n") == [
        "TY  - ELEC", "TI  - Reciprocal reading in Year 5", "AU  - Okafor, Sam", "PY  - 2025",
        "DA  - 2025/03/14", "PB  - Test Trust", "UR  - https://example.org/op/practice/case/",
        "AB  - Structured reading groups that help disadvantaged readers.",
        "KW  - Reading", "KW  - SEND",
        "N1  - Practice write-up. Licence: Creative Commons Attribution 4.0 (CC-BY-4.0)",
        "LA  - en", "ER  - ", ""]


@pytest.mark.parametrize(("text", "expected"), [
    ("A & B", r"A \& B"),
    ("100% {x} #1 $2 _a_ ~ ^", r"100\% \{x\} \#1 \$2 \_a\_ \textasciitilde{} \textasciicircum{}"),
    ("back\\slash", r"back\textbackslash{}slash"),
    ("a -- b --- c", "a -{}- b -{}-{}- c"),
    ("two\nlines", "two lines"),
])
def test_latex_escaping(text: str, expected: str) -> None:
    assert latex(text) == expected


def test_verbatim_addresses_keep_their_braces_balanced() -> None:
    assert verbatim("https://doi.org/10.1234/a{b}\\c") == "https://doi.org/10.1234/a%7Bb%7D%5Cc"


@pytest.mark.parametrize(("data", "expected"), [
    ({"t": "</script><!--"}, '{"t":"\\u003c/script\\u003e\\u003c!--"}'),
    ({"t": "A & B"}, '{"t":"A \\u0026 B"}'),
    ({"t": "line\u2028sep"}, '{"t":"line\\u2028sep"}'),
    ({"t": "Zoë “quoted”"}, '{"t":"Zoë “quoted”"}'),
])
def test_json_inside_a_script_cannot_end_it(data: dict[str, str], expected: str) -> None:
    assert script_json(data) == expected
    assert json.loads(script_json(data)) == data


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
    ("+1 on this", "'+1 on this"),
    ("@home", "'@home"),
    ("-3", "-3"),
    ("- a list", "'- a list"),
    (-3, "-3"),
    (True, "Yes"),
    (None, ""),
    (["a", "=b"], "a; '=b"),
    ("plain", "plain"),
])
def test_csv_cells_never_become_formulas(value: object, expected: str) -> None:
    assert csv_cell(value) == expected


@pytest.mark.parametrize(("src", "folder"), [
    ("index.md", ""),
    ("practice/index.md", "practice/"),
    ("research/page-3.md", "research/"),
    ("themes/reading.md", "themes/reading/"),
    ("schools/brook.md", "schools/brook/"),
    ("themes/index.md", None),
    ("schools/index.md", None),
    ("policy-register.md", None),
    ("practice/case.md", None),
    ("explore.md", None),
])
def test_which_listing_offers_which_feed(src: str, folder: str | None) -> None:
    assert feed_folder(src) == folder


def test_feed_links_in_the_head_and_the_body() -> None:
    assert head_links("practice/", 'Practice & "more"', "practice/page-2.md", "https://x.org/") == (
        '<link rel="alternate " type="application/atom+xml" title="Practice &amp; &quot;more&quot; (Atom)" '
        'href="https://x.org/practice/feed.xml">\n'
        '<link rel="alternate " type="application/feed+json" title="Practice &amp; &quot;more&quot; (JSON Feed)" '
        'href="https://x.org/practice/feed.json">')
    assert 'href="../feed.xml"' in head_links("practice/", "P", "practice/page-2.md")
    assert subscribe_html("themes/a-b/", "themes/a-b.md", "Subscribe to <A&B>") == (
        '<p class="op-subscribe"><a class="op-subscribe__link" href="feed.xml" '
        'type="application/atom+xml">Subscribe to &lt;A&amp;B&gt;</a> (or the <a href="feed.json" '
        'type="application/feed+json">JSON Feed</a>): copy the link into a feed reader (an app such '
        "as Thunderbird, Feedly or NetNewsWire) and it will show you each new or updated item, with "
        "no account or e-mail address needed.</p>\n")


@pytest.mark.parametrize(("path", "from_file", "expected"), [
    ("practice/x/", "practice/feed.xml", "x/"),
    ("practice/x/", "feed.xml", "practice/x/"),
    ("", "feed.xml", "./"),
    ("practice/", "practice/feed.json", "./"),
    ("schools/a/", "themes/t/feed.xml", "../../schools/a/"),
])
def test_addresses_without_a_site_url_are_relative(path: str, from_file: str, expected: str) -> None:
    assert Site().link(path, from_file) == expected
    assert SITE.link(path, from_file) == "https://example.org/op/" + path
    assert Site().identifier(path) == f"urn:open-practice:{path or 'home'}"


def test_outputs_without_a_site_url_still_parse(tmp_path: Path) -> None:
    import feedparser

    from openpractice.opendata.feeds import feed_files

    result = validate_project(write_project(tmp_path, {}), today=TODAY)
    assert result.catalogue is not None
    files = feed_files(result.catalogue, Site(name="No URL"))
    assert feedparser.parse(files["practice/feed.xml"]).bozo == 0
    assert json.loads(files["feed.json"])["items"][0]["url"] == "policies/behaviour/"


def test_the_word_writer_keeps_odd_markup_and_drops_what_xml_cannot_hold(mini: Catalogue) -> None:
    import io

    import docx

    from openpractice.opendata.downloads import policy_docx

    site = Site(name="Test Trust", url="https://x.org/")
    reopened = docx.Document(io.BytesIO(policy_docx(item(mini, "policies", "behaviour"), (
        '<p>bell\x07 nul\x00 <a href="../a/">link</a></p>'
        "<ul><li><p>loose</p><p>second</p></li><li>tight\n<ol start=\"x\"><li>n</li></ol></li></ul>"
        "<table><tr><th>H</th></tr><tr><td><p>para</p></td></tr></table>"
        "<pre><code>a\nb</code></pre><hr><details><summary>S</summary><p>D</p></details>"
        '<p><img src="x.png" alt="Chart"> text</p>'), mini, site)))
    # after the title, the summary and the "Published on" line (the facts are a table)
    assert [(p.style.name if p.style else "", p.text) for p in reopened.paragraphs][3:] == [
        ("Normal", "bell nul link"), ("List Bullet", "loose"), ("List Continue", "second"),
        ("List Bullet", "tight"), ("List Paragraph", "1.\tn"), ("Normal", ""), ("Normal", "a\nb"),
        ("Normal", "S"), ("Normal", "D"), ("Normal", "[Image: Chart] text")]
    assert [[c.text for c in row.cells] for row in reopened.tables[1].rows] == [["H"], ["para"]]
    links = [r.target_ref for r in reopened.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links == ["https://x.org/policies/a/"]
