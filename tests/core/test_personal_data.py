"""The personal-data detector: a labelled corpus (recall and precision), the exact findings and
messages for text, tables and the practice `contact` field, and linear time on hostile input."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from openpractice.personal_data import (
    ADDRESS_MESSAGE,
    DOB_MESSAGE,
    EMAIL_MESSAGE,
    MOBILE_MESSAGE,
    NAME_DOB_MESSAGE,
    UPN_MESSAGE,
    CellFinding,
    Finding,
    column_message,
    corpus_figures,
    corpus_results,
    find_in_markdown,
    find_in_rows,
    find_in_text,
    is_webmail_domain,
    main,
    webmail_domains,
)
from openpractice.rules.contact import problem
from openpractice.validate import validate_project

from .mini import PRACTICE, write_project

CORPUS = Path(__file__).parent / "personal_data_corpus.yml"
TODAY = date(2026, 11, 22)
P = "content/practice/case.md"


# ---- the labelled corpus ---------------------------------------------------------------------


def test_corpus_recall_is_complete_and_nothing_ordinary_is_flagged() -> None:
    (tp, fp, fn, tn), misses = corpus_results(CORPUS)
    report = "\n".join(
        f"{m.id}: " + (f"not flagged as {m.expected} (found {list(m.found)})" if m.expected
                       else f"ordinary text flagged: {list(m.found)}")
        for m in misses)
    assert tp + fn >= 60 and fp + tn >= 60, "the corpus needs at least 60 of each"
    assert fn == 0 and fp == 0, f"recall {tp / (tp + fn):.3f}, {fp} false positive(s):\n{report}"


def test_corpus_figures_and_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    tp, fp, fn, tn = corpus_figures(CORPUS)
    assert (fp, fn) == (0, 0)
    assert main(["--corpus", str(CORPUS)]) == 0
    assert capsys.readouterr().out == (
        f"{tp} positives, {tn} negatives: {tp} caught, 0 missed, 0 wrongly flagged; "
        "precision 1.000, recall 1.000\n")
    assert main([]) == 2


# ---- find_in_text: exact findings ------------------------------------------------------------

TEXT = [
    ("upn", "Pupil A123456789012 moved school.", [(1, 7, UPN_MESSAGE)]),
    ("upn-lower-spaced", "Quote a 1234 5678 9012 please.", [(1, 7, UPN_MESSAGE)]),
    ("upn-entity", "Ref &#65;123456789012.", [(1, 5, UPN_MESSAGE)]),
    ("upn-not-isbn", "ISBN 978-0-19-953556-9 and ISBN 9780199535569", []),
    ("dob-born-on", "She was born on 4 May 2016.", [(1, 9, DOB_MESSAGE)]),
    ("dob-born-on-the", "Born on the 3rd of May 2015.", [(1, 1, DOB_MESSAGE)]),
    ("dob-b-dot", "Zoë Ní Bhriain (b. 3/5/2015) leads.", [(1, 17, DOB_MESSAGE)]),
    ("dob-label-in-brackets", "Jamie Smith (DOB 04/05/2016) joined", [(1, 14, DOB_MESSAGE)]),
    ("dob-name-bracket", "Jamie Smith (04/05/2016) joined Year 4.", [(1, 1, NAME_DOB_MESSAGE)]),
    ("dob-name-bracket-later", "Well done to Łukasz Nowak (12.01.2016)!", [(1, 14, NAME_DOB_MESSAGE)]),
    ("dob-wrapped-reports-first-line", "In the photo: Priya\nSharma (07/08/2015), Year 4.",
     [(1, 15, NAME_DOB_MESSAGE)]),
    ("dob-wrapped-trigger", "Jamie was born on\n9 September 2015.", [(1, 11, DOB_MESSAGE)]),
    ("dob-markdown-table", "Intro.\n\n| Name | DOB |\n|---|---|\n| Jamie Smith | 04/05/2016 |\n",
     [(5, 17, column_message("DOB"))]),
    ("dob-tsv", "Name\tBirthday\nZoë Ní Bhriain\t12/01/2016", [(2, 16, column_message("Birthday"))]),
    ("dob-csv", 'Name,Date of birth\n"Smith, Jamie",04/05/2016', [(2, 16, column_message("Date of birth"))]),
    ("sports-day", "Sports Day (14/07/2025)", []),
    ("parents-evening", "Parents' evening on 3 March 2025", []),
    ("admissions-between", "children born between 1 September 2020 and 31 August 2021", []),
    ("admissions-on-or-after", "pupils born on or after 1 September 2019", []),
    ("email", "Write to jo.bloggs@gmail.com for details.", [(1, 10, EMAIL_MESSAGE)]),
    ("email-upper", "MAIL JO@HOTMAIL.CO.UK", [(1, 6, EMAIL_MESSAGE)]),
    ("email-entity", "mail jo&#64;gmail.com", [(1, 6, EMAIL_MESSAGE)]),
    ("email-percent", "mailto:jo%40gmail.com", [(1, 8, EMAIL_MESSAGE)]),
    ("email-spelled", "jo at gmail dot com", [(1, 1, EMAIL_MESSAGE)]),
    ("email-spaces", "jo @ outlook.com", [(1, 1, EMAIL_MESSAGE)]),
    ("email-role-address", "research@trust.example or office@oakfield.sch.uk", []),
    ("email-lookalike-domain", "admissions@live.oakfield.example", []),
    ("mobile", "Call 07700 900123 after school.", [(1, 6, MOBILE_MESSAGE)]),
    ("mobile-plus-44-zero", "Ring +44 (0)7700 900123", [(1, 6, MOBILE_MESSAGE)]),
    ("mobile-0044", "0044 7700 900123", [(1, 1, MOBILE_MESSAGE)]),
    ("mobile-dots", "07700.900.123", [(1, 1, MOBILE_MESSAGE)]),
    ("mobile-4-3-4", "0770 090 0123", [(1, 1, MOBILE_MESSAGE)]),
    ("office-numbers", "Call 01632 960123 or 0161 496 0000.", []),
    ("order-ref", "Order ref PO-2025-000123456", []),
    ("address", "Jamie lives at 14 Elm Road, Oakfield OF1 2AB.", [(1, 16, ADDRESS_MESSAGE)]),
    ("school-address", "Brookside Primary, 12 Mill Lane, Oakfield, OF1 2AB", []),
    ("one-per-kind-per-line", "07700 900123, 07700 900124 and jo@gmail.com",
     [(1, 1, MOBILE_MESSAGE), (1, 32, EMAIL_MESSAGE)]),
    ("each-line-its-own", "07700 900123\n\n07700 900124", [(1, 1, MOBILE_MESSAGE), (3, 1, MOBILE_MESSAGE)]),
    ("crlf", "Intro.\r\nCall 07700 900123.\r\n", [(2, 6, MOBILE_MESSAGE)]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in TEXT], ids=[c[0] for c in TEXT])
def test_find_in_text(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert find_in_text(text) == [Finding(*f) for f in expected]


def test_front_matter_lines_are_not_joined() -> None:
    text = "---\ntitle: Jamie Smith\nsummary: (04/05/2016)\n---\n"
    assert find_in_text(text) == []


# ---- find_in_markdown: the page as a reader sees it -------------------------------------------

MARKDOWN = [
    ("html-table", "Intro.\n\n<table><tr><th>Name</th><th>DOB</th></tr>\n"
     "<tr><td>Amy Jones</td><td>03/05/2015</td></tr></table>\n", [(4, 1, column_message("DOB"))]),
    ("html-table-date-of-birth", "<table>\n<tr><th>Pupil</th><th>Date of birth</th></tr>\n\n"
     "<tr><td>Amy</td><td>4 May 2016</td></tr>\n</table>", [(4, 1, column_message("Date of birth"))]),
    ("mobile-bold", "Intro.\n\nRing Amy's mum on 07700 **900123**.", [(3, 1, MOBILE_MESSAGE)]),
    ("upn-bold", "A1234**56789012**", [(1, 1, UPN_MESSAGE)]),
    ("email-span", "- a\n- amy.jones<span>@</span>gmail.com", [(2, 1, EMAIL_MESSAGE)]),
    ("email-in-raw-html-block", "Intro.\n\n<div>\n\n</div>\n<p>amy.jones<b>@</b>gmail.com</p>",
     [(6, 1, EMAIL_MESSAGE)]),
    ("entity-header", "| Name | D&#79;B |\n|---|---|\n| Amy Jones | 03/05/2015 |",
     [(3, 2, column_message("DOB"))]),
    ("second-line-of-a-paragraph", "Call us.\nOr 07700 *900123*.", [(2, 1, MOBILE_MESSAGE)]),
    ("sports-day-bold", "Sports Day (**14/07/2025**)", []),
    ("code-block-shows-markup", "```\n<b>07700</b> 900123\n```", []),
    ("no-markup-no-render", "Call 07700 900123.", []),  # find_in_text's to find
]


@pytest.mark.parametrize(("body", "expected"), [c[1:] for c in MARKDOWN], ids=[c[0] for c in MARKDOWN])
def test_find_in_markdown(body: str, expected: list[tuple[int, int, str]]) -> None:
    assert find_in_markdown(body) == [Finding(*f) for f in expected]


def test_the_rule_reports_hidden_data_once_at_the_files_lines(tmp_path: Path) -> None:
    body = ("Call 07700 900123 or 07700 **900124**.\n\nWrite to amy.jones<span>@</span>gmail.com.\n\n"
            "<table><tr><th>Name</th><th>DOB</th></tr><tr><td>Amy</td><td>03/05/2015</td></tr></table>")
    text = PRACTICE.replace("Twelve pupils took part; reading ages rose.\n", body + "\n")
    assert problems_for(tmp_path, text) == [
        f"{P}:17:6: error: {MOBILE_MESSAGE} [personal-data]",  # as written: the better column
        f"{P}:19:1: error: {EMAIL_MESSAGE} [personal-data]",
        f"{P}:21:1: error: {column_message('DOB')} [personal-data]",
    ]


# ---- find_in_rows: exact findings ------------------------------------------------------------

ROWS = [
    ("dob-column", [["Name", "DOB"], ["Jamie Smith", "04/05/2016"], ["Ali Khan", ""]],
     [(2, 2, column_message("DOB"))]),
    ("dob-column-title-row", [["Class 4"], ["Pupil", "Date of Birth"], ["Zoë", "2016-01-12"]],
     [(3, 2, column_message("Date of Birth"))]),
    ("dob-beside-label", [["Name", "Jamie Smith"], ["D.O.B.", "4 May 2016"]], [(2, 2, DOB_MESSAGE)]),
    ("no-name-column", [["Cohort", "Born"], ["Reception", "2020-09-01"]], []),
    ("historic-date", [["Name", "Born"], ["Mozart", "27/01/1756"]], []),
    ("cell-checks", [["Contact", "Notes"], ["jo@gmail.com", "UPN A123456789012, call 07700 900123"]],
     [(2, 1, EMAIL_MESSAGE), (2, 2, UPN_MESSAGE), (2, 2, MOBILE_MESSAGE)]),
    ("mobile-typed-as-number", [["Name", "Mobile"], ["Jamie", "7700900123"], ["Ali", "447700900124"]],
     [(2, 2, MOBILE_MESSAGE), (3, 2, MOBILE_MESSAGE)]),
    ("ordinary", [["Event", "Date", "Phone"], ["Sports Day", "14/07/2025", "01632 960123"]], []),
]


@pytest.mark.parametrize(("rows", "expected"), [c[1:] for c in ROWS], ids=[c[0] for c in ROWS])
def test_find_in_rows(rows: list[list[str]], expected: list[tuple[int, int, str]]) -> None:
    assert find_in_rows(rows) == [CellFinding(*f) for f in expected]


# ---- webmail helpers and the contact field ---------------------------------------------------


@pytest.mark.parametrize(("domain", "webmail"), [
    ("gmail.com", True), ("hotmail.co.uk", True), ("yahoo.fr", True), ("gmx.de", True),
    ("proton.me", True), ("pm.me", True), ("me.com", True), ("live.oakfield.example", False),
    ("trust.example", False), ("mail.oakfield.sch.uk", False), ("outlook.org.uk", False),
])
def test_is_webmail_domain(domain: str, webmail: bool) -> None:
    assert is_webmail_domain(domain) is webmail


def test_webmail_domains_however_written() -> None:
    assert webmail_domains("a%40gmail.com, b&#64;hotmail.co.uk, c at yahoo dot com") == [
        "gmail.com", "hotmail.co.uk", "yahoo.com"]


NOT_OURS = ("'{}' is not one of the trust's domains (trust.example); use a work address on "
            "those domains or a role name such as 'Research Champion, Brookside Primary'")
NOT_PLAIN = ("'{}' is not a plain e-mail address; write just the address, e.g. "
             "'research@trust.example': no encoding such as %40 or &#64;, no 'mailto:', no name "
             "around it, nothing after a '?', one '@'")
NEITHER = ("'{}' is neither an e-mail address nor a role name; write a role such as 'Head of "
           "English' (never a personal phone number)")
CONTACT = [
    ("role", "Research Champion, Brookside Primary", None),
    ("trust-address", "research@trust.example", None),
    ("subdomain", "research@brook.trust.example", None),
    ("other-domain", "head@school.example", NOT_OURS.format("school.example")),
    ("webmail", "J.Smith@GMAIL.COM", NOT_OURS.format("gmail.com")),
    ("percent-and-query", "name%40gmail.com?cc=@trust.example", NOT_OURS.format("gmail.com")),
    ("double-percent", "name%2540gmail.com", NOT_OURS.format("gmail.com")),
    ("entity", "name&#64;hotmail.co.uk", NOT_OURS.format("hotmail.co.uk")),
    ("spelled", "jo at gmail dot com", NOT_OURS.format("gmail.com")),
    ("query-cc", "research@trust.example?cc=jo@gmail.com", NOT_OURS.format("gmail.com")),
    ("second-at", "research@trust.example@gmail.com", NOT_OURS.format("gmail.com")),
    ("lookalike", "research@trust.example.evil.example", NOT_OURS.format("trust.example.evil.example")),
    ("encoded-but-ours", "research%40trust.example", NOT_PLAIN.format("research%40trust.example")),
    ("mailto", "mailto:research@trust.example", NOT_PLAIN.format("mailto:research@trust.example")),
    ("name-and-address", "Research Lead <research@trust.example>",
     NOT_PLAIN.format("Research Lead <research@trust.example>")),
    ("mobile", "07700 900123", NEITHER.format("07700 900123")),
    ("mobile-4-3-4", "Call 0770 090 0123", NEITHER.format("Call 0770 090 0123")),
]


@pytest.mark.parametrize(("contact", "expected"), [c[1:] for c in CONTACT], ids=[c[0] for c in CONTACT])
def test_contact(contact: str, expected: str | None) -> None:
    assert problem(contact, ("trust.example",)) == expected


def problems_for(tmp_path: Path, text: str) -> list[str]:
    root = write_project(tmp_path, {P: text})
    return [p.as_text() for p in validate_project(root, today=TODAY).problems]


def test_contact_in_a_page(tmp_path: Path) -> None:
    text = PRACTICE.replace("contact: Research Champion, Brook Primary",
                            'contact: "name%40gmail.com?cc=@trust.example"')
    assert problems_for(tmp_path, text) == [  # the address is personal data too
        f"{P}:15:10: error: contact: " + NOT_OURS.format("gmail.com") + " [contact]",
        f"{P}:15:11: error: {EMAIL_MESSAGE} [personal-data]"]


def test_the_rule_reports_the_files_own_lines(tmp_path: Path) -> None:
    body = "Jamie Smith\n(04/05/2016) joined; mum is on 07700 900123."
    text = PRACTICE.replace("Twelve pupils took part; reading ages rose.\n", body + "\n")
    assert problems_for(tmp_path, text) == [
        f"{P}:17:1: error: {NAME_DOB_MESSAGE} [personal-data]",
        f"{P}:18:32: error: {MOBILE_MESSAGE} [personal-data]",
    ]


# ---- linear time -----------------------------------------------------------------------------

MB = 1_000_000
HOSTILE = {
    "one line of letters": "a" * MB,
    "at signs": "@" * 100_000,
    "digits": "7" * 200_000,
    "a million zeros": "0" * MB,
    "table rows": "| a | b |\n" * 50_000,
    "a DOB table": "| Name | DOB |\n" + "| Jamie Smith | 04/05/2016 |\n" * 35_000,
    "header lines": "| Name | DOB |\n" * 70_000,
    "csv header lines": "Name,DOB\n" * 110_000,
    "birth words": "born on the " * 80_000,
    "names and dates": "Jamie Smith (04/05/2016)\n" * 40_000,
    "entities": "&#64;" * 200_000,
    "url escapes": "%40" * 330_000,
    "invisible characters": "\u200b" * MB,
    "addresses on lines": "jo@gmail.com\n" * 75_000,
    "long local parts": ("a" * 60 + "@gmail.com\n") * 14_000,
    "spelled addresses": "jo.b at gmail dot com " * 45_000,
    "mobiles": "07700 900123 " * 75_000,
    "spaced zeros": "0 " * 500_000,
    "postcodes": "OF1 2AB " * 120_000,
    "streets then a postcode": "1 A Road " * 110_000 + "OF1 2AB",
    "short lines": "a\nb\n" * 250_000,
    "bold in table cells": "| Name | DOB |\n|---|---|\n" + "| *Amy Jones* | 03/05/2015 |\n" * 34_000,
    "emphasis": "*a* " * 250_000,
    "html table rows": "<table>" + "<tr><td>a</td><td>b</td></tr>\n" * 32_000,
    "unclosed tags": '<a x="' * 160_000,
    "nested tables": "<table><tr><td>" * 66_000,
    "mixed findings": ("Jamie Smith, born on 3 May 2015, lives at 14 Elm Road OF1 2AB; call "
                       "07700 900123 or jo@gmail.com. UPN A123456789012.\n") * 8_000,
}


def test_hostile_input_is_linear(capsys: pytest.CaptureFixture[str]) -> None:
    times = {}
    for name, text in HOSTILE.items():
        start = time.perf_counter()
        find_in_text(text)
        find_in_markdown(text)
        times[name] = time.perf_counter() - start
    start = time.perf_counter()
    find_in_rows([["Name", "DOB", "Phone"]] + [["Jamie Smith", "04/05/2016", "07700 900123"]] * 30_000)
    times["a 30,000-row sheet"] = time.perf_counter() - start
    with capsys.disabled():
        print("\n" + "\n".join(f"  {t * 1000:6.0f} ms  {name}" for name, t in times.items()))
    slow = {name: round(t, 2) for name, t in times.items() if t > 3}
    assert not slow, f"took more than 3 s: {slow}"
