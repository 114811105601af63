"""Pupil personal data in text and tables: the one detector behind the `personal-data` rule,
for pages and for attachments alike.

INTERFACE (stable; other modules code against it):

    find_in_text(text) -> list[Finding]      # prose or Markdown; lines 1-based within `text`
    find_in_rows(rows) -> list[CellFinding]  # a table's cells (CSV, TSV, a spreadsheet sheet)
    find_in_markdown(body) -> list[Finding]  # a page's body as rendered: what markup hides
    merged(written, shown) -> list[Finding]  # both, each finding once (per line and kind)

At most one finding of each kind (upn, dob, email, mobile, address) per line, or per row.

How text is read before any check runs:

- HTML character references (`&#64;`, `&#x40;`, `&commat;`), URL escapes of printable ASCII
  (`%40`) and invisible characters (zero-width spaces, soft hyphens) are decoded; odd spaces,
  tabs, dashes and full-width letters, digits and signs count as their plain forms.
  Positions are mapped back, so a finding points into the text as written.
- The lines of a paragraph are joined, so a name and a date split by a line wrap are read
  together; a finding is reported on the line where it starts. Blank lines, table rows,
  headings, code fences, rules and the front-matter block stand on their own.
- Tables (Markdown pipe tables, tab-, comma- or semicolon-separated blocks, columns lined up
  with spaces; in `find_in_rows`, the rows given) are read by their header cells: in a table
  with a name column (Name, Pupil, Forename, ...), each date in a DOB / D.O.B. / Date of
  birth / Birth date / Birthday / Born column is a finding.

The checks:

- upn: a Unique Pupil Number: a letter (not I, O or S), 11 digits, a digit or such a letter;
  any case, also with one kind of separator (space or hyphen) between groups of 2 or more.
- dob: a full date (a day and a month; a year, if given, from 1930 on) after 'born', 'DOB',
  'D.O.B.', 'date of birth', 'birth date', 'birthday' or 'b.' ('born', 'birthday' and 'b.'
  need the year); not a range ('born between ... and ...', 'born on or after ...',
  '1 September 2020 to 31 August 2021'), not of a group or a body ('children born on ...',
  'the school's 50th birthday on ...'). Also a date with a year in brackets right after a
  full name ('Jamie Smith (04/05/2016)'): two to four capitalised words, none of them an
  event, place, job, calendar or organisation word ('Sports Day', 'Chester Zoo', 'Teaching
  Assistant'), not after 'the', 'our', 'at', 'by' ...; not a citation ('Dylan Wiliam (12
  March 2019) argues').
- email: an address on a personal webmail domain (`WEBMAIL`), also written 'name @ gmail.com',
  'name(at)gmail(dot)com' or 'name at gmail dot com' ('name at gmail.com' only when the name
  holds a dot, digit, '_' or '+': 'sign up at gmail.com' is ordinary prose).
- mobile: a UK mobile: 07 and 9 digits, or +44 / 0044 / +44 (0) and 7 and 9 digits, with
  one kind of separator (space, dot or hyphen) between groups of 2 or more digits. In a table
  cell, also a lone 10-digit 7... or 12-digit 447... number (a spreadsheet drops the 0).
- address: a house number and street, then a UK postcode in the same sentence, where the
  sentence speaks of someone's home ('lives', 'home', 'family', 'address', 'moved', ...) or
  the address follows a full name, and names no school, office, venue or other organisation
  ('our', 'visit', 'deliveries' count as the school speaking).

Linear time: no pattern nests unbounded repetition, each match attempt reads a few dozen
characters at most, the patterns that scan a whole page start with a literal or a small set
of characters (so the regex engine skips ahead), and substring tests skip what a page cannot
trigger. Work done per match is bounded, and skipped once its line already has that kind.

A page as a reader sees it (`find_in_markdown`): cmark-gfm renders the body with source
positions; each block Markdown made (paragraph, heading, list item, table cell, code block)
is read as its text, on the lines it was written on, and every other line as written with
its raw HTML tags and comments taken out (by a tokenizer that reads quoted attribute values
as a browser does). A table row's cells are joined with ' | ', so Markdown tables are still
read by their header cells; tables written in HTML are read as rows of cells by
`find_in_rows`. One pass of cmark-gfm and of a few regular expressions over the HTML, then
`find_in_text` once: linear too. Positions written into raw HTML in cmark-gfm's own form can
only misplace what follows them, never hide it.

`corpus_figures(path)` scores the detector on a labelled corpus (tests/core/
personal_data_corpus.yml); `python -m openpractice.personal_data --corpus PATH` prints it.
"""

from __future__ import annotations

import html.entities
import re
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import add
from pathlib import Path


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based, within the text given
    column: int  # 1-based
    message: str


@dataclass(frozen=True)
class CellFinding:
    row: int  # 1-based, the header row is row 1
    column: int  # 1-based
    message: str


# ---- messages ------------------------------------------------------------------------------

UPN_MESSAGE = "looks like a Unique Pupil Number (UPN); never publish pupil identifiers: remove it"
DOB_MESSAGE = "looks like a date of birth; never publish pupils' dates of birth: remove it"
NAME_DOB_MESSAGE = ("looks like a name next to a date of birth; never publish pupils' personal "
                    "data: remove the date or the name")
EMAIL_MESSAGE = ("looks like a personal e-mail address; use a role address on the trust's "
                 "domain instead")
MOBILE_MESSAGE = ("looks like a mobile phone number; never publish personal phone numbers: "
                  "give a role or the school's office number instead")
ADDRESS_MESSAGE = ("looks like a home address (a house number, street and postcode); never "
                   "publish pupils' addresses: remove it")


def column_message(header: str) -> str:
    """The message for a date in a table's date-of-birth column."""
    return (f"looks like a date of birth (in the '{header}' column of a table with names); "
            "never publish pupils' dates of birth: remove the column")


_KINDS = (("Unique Pupil Number", "upn"), ("date of birth", "dob"), ("e-mail", "email"),
          ("phone", "mobile"), ("home address", "address"))


def kind_of(message: str) -> str:
    """'upn', 'dob', 'email', 'mobile' or 'address': what a finding's message is about."""
    for marker, kind in _KINDS:
        if marker in message:
            return kind
    raise ValueError(f"not a personal-data message: {message!r}")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---- webmail -------------------------------------------------------------------------------

# Providers whose name is theirs in any country: hotmail.fr, yahoo.co.uk, gmx.de ...
_WEBMAIL_NAMES = _words("""
    gmail googlemail hotmail outlook live windowslive msn yahoo ymail rocketmail aol icloud
    btinternet btopenworld virginmedia blueyonder ntlworld talktalk tiscali protonmail gmx
    zoho zohomail yandex fastmail tutanota tutamail hushmail lycos rediffmail mailinator
""")
# ... and the suffixes they use (a school's 'live.example.org.uk' is not webmail).
_WEBMAIL_SUFFIXES = _words("""
    com net co.uk uk ie fr de es it nl be ch at se dk no fi pl pt ru ua cz gr hu ro tr com.tr
    ca us eu in co.in jp co.jp com.au co.nz co.za com.br com.mx com.ar cn com.cn fm
""")
# Providers whose name alone is a common word or short: these exact domains only.
_WEBMAIL_DOMAINS = _words("""
    me.com mac.com sky.com mail.com email.com hey.com proton.me pm.me tuta.io tuta.com
    virgin.net aim.com qq.com 163.com 126.com mail.ru inbox.com fsmail.net freeserve.co.uk
    wanadoo.co.uk orange.net plus.com plusnet.com o2.co.uk talk21.com bigpond.com pobox.com
""")
WEBMAIL = tuple(sorted(_WEBMAIL_DOMAINS | {f"{n}.*" for n in _WEBMAIL_NAMES}))


def is_webmail_domain(domain: str) -> bool:
    """Whether `domain` (e.g. 'hotmail.co.uk') belongs to a personal webmail provider."""
    domain = domain.lower().rstrip(".")
    if domain in _WEBMAIL_DOMAINS:
        return True
    name, _, suffix = domain.partition(".")
    return name in _WEBMAIL_NAMES and suffix in _WEBMAIL_SUFFIXES


# ---- reading text: decoding, plain forms, lower case ---------------------------------------

_DECODE = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
    r"|%[2-7][0-9A-Fa-f]"
    r"|[\u00ad\u200b-\u200d\u2060\ufeff]{1,1000}"
)
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_HTML5 = html.entities.html5
_DECODED: dict[str, str | None] = {}  # token -> what it stands for (a bounded cache)


def _replacement(token: str) -> str | None:
    """What a character reference, a URL escape or a run of invisible characters stands for
    (never longer than the token); None for an unknown entity name."""
    if token[0] == "%":
        return chr(int(token[1:], 16))
    if token[0] != "&":
        return ""  # invisible characters
    if token[1] == "#":
        digits = token[2:].rstrip(";")
        code = int(digits[1:], 16) if digits[0] in "xX" else int(digits)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return _HTML5.get(token[1:])


class _Offsets:
    """Maps a position in decoded text back to the text as written: where each replaced
    token ended, in each. A replacement is never longer than its token, so a position inside
    one maps into the token."""

    __slots__ = ("decoded", "written")

    def __init__(self) -> None:
        self.decoded = [0]
        self.written = [0]

    def written_at(self, position: int) -> int:
        i = bisect_right(self.decoded, position) - 1
        return self.written[i] + position - self.decoded[i]


def _decode(text: str) -> tuple[str, _Offsets | None]:
    if "&" not in text and "%" not in text and (text.isascii() or not _INVISIBLE.search(text)):
        return text, None
    parts: list[str] = []
    offsets = _Offsets()
    decoded_ends, written_ends = offsets.decoded, offsets.written
    cache = _DECODED
    last = length = 0
    for match in _DECODE.finditer(text):
        token = match.group()
        if token in cache:
            replacement = cache[token]
        else:
            replacement = _replacement(token)
            if len(cache) < 4096:
                cache[token] = replacement
        if replacement is None:
            continue
        start, end = match.span()
        parts.append(text[last:start])
        parts.append(replacement)
        length += start - last + len(replacement)
        decoded_ends.append(length)
        written_ends.append(end)
        last = end
    if last == 0:
        return text, None
    parts.append(text[last:])
    return "".join(parts), offsets


# One character for one, so positions stay put: odd spaces and tabs are spaces, dashes are
# hyphens, full-width letters, digits and signs are plain ones.
_PLAIN_ASCII = str.maketrans("\r\t\f\v", "    ")
_PLAIN = str.maketrans(
    {**{c: " " for c in "\r\t\f\v\u00a0\u1680\u202f\u205f\u3000"},
     **{chr(c): " " for c in range(0x2000, 0x200B)},
     **{chr(c): "-" for c in range(0x2010, 0x2016)}, "\u2212": "-",
     "\ufe6b": "@", **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}})


def _plain(text: str) -> str:
    return text.translate(_PLAIN_ASCII if text.isascii() else _PLAIN)


def decode(text: str) -> str:
    """`text` with character references, URL escapes (repeatedly: '%2540' is '@') and
    invisible characters decoded, in plain forms: what a reader or a mail program takes it
    to say."""
    for _ in range(4):
        decoded = _plain(_decode(text)[0])
        if decoded == text:
            break
        text = decoded
    return text


def _lower(text: str) -> str:
    """`text` in lower case, one character for one (so positions stay put): 'İ', the only
    character whose lower case is two, becomes 'i'."""
    return text.replace("\u0130", "i").lower()


# ---- dates (patterns for lower-case text) ---------------------------------------------------

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])")
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_YEAR = r"(?P<{}>(?:1[89]|20)[0-9]{{2}})(?![0-9])"
_TEXT_DATE = (  # 3 May 2015, the 3rd of May, May 3rd, 2015; the year is optional
    rf"(?:(?:the[ \t]{{1,2}})?{_DAY}(?:[ \t]{{1,2}}of)?[ \t\-]{{1,2}}{_MONTH}"
    rf"(?:,?[ \t\-]{{1,2}}{_YEAR.format('y1')})?"
    rf"|{_MONTH}[ \t]{{1,2}}(?:the[ \t]{{1,2}})?{_DAY}(?:,?[ \t]{{1,2}}{_YEAR.format('y2')})?)"
)
_NUMERIC_DATE = (  # 3/5/2015, 03.05.15, 2015-05-03; day and month either way round
    r"(?:(?:[12][0-9]|3[01]|0?[1-9])[/.\-](?:1[0-2]|0?[1-9])|(?:1[0-2]|0?[1-9])[/.\-](?:[12][0-9]|3[01]))"
    r"[/.\-](?P<y3>[0-9]{4}|[0-9]{2})(?![0-9])(?![/.\-][0-9])"
    r"|(?P<y4>(?:1[89]|20)[0-9]{2})[/.\-](?:1[0-2]|0?[1-9])[/.\-](?:[12][0-9]|3[01]|0?[1-9])(?![0-9])"
)
_DATE = rf"(?<![0-9])(?:{_NUMERIC_DATE}|{_TEXT_DATE})"
_DATE_RE = re.compile(_DATE)
_OLDEST_BIRTH_YEAR = 1930  # before it, a historical figure rather than a pupil or parent


def _year(match: re.Match[str]) -> int | None:
    for group in ("y1", "y2", "y3", "y4"):
        year = match.group(group)
        if year:
            if len(year) == 4:
                return int(year)
            return 2000 + int(year) if int(year) < 40 else 1900 + int(year)
    return None


def _has_date(cell: str) -> bool:
    """Whether a table cell holds a date that can be a date of birth (from 1930 on)."""
    if len(cell) > 200:
        return False
    match = _DATE_RE.search(_lower(_plain(cell)))
    return match is not None and ((year := _year(match)) is None or year >= _OLDEST_BIRTH_YEAR)


# A birth word, a short gap ('on the', ': ', ' is '), a date. Every alternative starts with
# 'd' or 'b', so the engine skips to those letters; what comes before is checked after.
_DOB = re.compile(
    r"(?:d(?:\.[ \t]?o\.[ \t]?b\b\.?|[ \t]o[ \t]b\b|ob\b|ate[ \t\-]{1,2}of[ \t\-]{1,2}birth)"
    r"|b(?:irth[ \t\-]?date|irthday|orn|\.))"
    r"[ \t:=,(\[|\-]{0,6}"
    r"(?:(?:is|was|on|of|the|(?:mon|tues|wednes|thurs|fri|satur|sun)day)[ \t:,(]{1,4}){0,3}"
    rf"(?P<date>{_DATE})"
)
_RANGE_AFTER = re.compile(
    rf"[ \t]{{0,3}}(?:-|to|and|until|till|or|through)[ \t]{{1,3}}(?:the[ \t]{{1,2}})?(?:[0-9]|{_MONTH})")
_BRACKETED_DATE = re.compile(rf"\([ \t]{{0,2}}(?P<date>{_DATE})[ \t]{{0,2}}\)")

# 'children born on ...', 'if your child was born on ...', 'the trust was born on ...'
_GENERIC_SUBJECTS = _words("""
    children pupils students learners applicants candidates babies people those anyone everyone
    one ones someone all if whose summer trust school academy federation project idea
    initiative programme scheme club partnership network charity company
""")
_GENERIC_ONES = _words("child pupil student learner baby")
_GENERIC_DETERMINERS = _words("a any each every your the our")
_SUBJECT_FILLERS = _words("who that were are was is will be have has been")


def _generic_subject(before: str) -> bool:
    words = [w.strip("-(,") for w in before.rsplit(None, 7)]
    while words and (words[-1] in _SUBJECT_FILLERS or not words[-1]):
        words.pop()
    if not words:
        return False
    return words[-1] in _GENERIC_SUBJECTS or (
        words[-1] in _GENERIC_ONES and len(words) > 1 and words[-2] in _GENERIC_DETERMINERS)


# 'the school's 50th birthday on ...'
_BODIES_WITH_BIRTHDAYS = _words("""
    first tenth twentieth twenty-fifth fiftieth hundredth centenary school academy trust nursery
    college club charity church town city village library king queen nhs
""")


def _birthday_of_a_body(before: str) -> bool:
    words = before.rsplit(None, 1)
    if not words:
        return False
    word = words[-1].replace("’", "'").removesuffix("'s").removesuffix("'")
    return word in _BODIES_WITH_BIRTHDAYS or (
        word[-2:] in ("st", "nd", "rd", "th") and word[:-2].isdigit())


def _is_date_of_birth(text: str, lowered: str, match: re.Match[str]) -> bool:
    start = match.start()
    if start and lowered[start - 1].isalnum():
        return False  # 'reborn', 'adobe'
    initial = lowered.startswith("b.", start)
    if initial and (text[start] != "b" or (start and lowered[start - 1] == ".")):
        return False  # 'Table B. 3 May'
    loose = lowered.startswith(("born", "birthday"), start)
    year = _year(match)
    if year is None:
        if loose or initial:
            return False  # 'born on 23 April': a birthday, not a date of birth
    elif year < _OLDEST_BIRTH_YEAR:
        return False
    if _RANGE_AFTER.match(lowered, match.end()):
        return False
    before = lowered[max(0, start - 60):start]
    if loose and lowered.startswith("born", start):
        return not _generic_subject(before)
    return not (loose and _birthday_of_a_body(before))


# ---- names ---------------------------------------------------------------------------------

# Capitalised words that are not a pupil's name: events, places, organisations, documents,
# jobs, titles, the calendar (common surnames such as Hall, Wood or Cook are left out).
_NOT_NAMES = _words("""
    day days evening evenings morning mornings afternoon night week weeks weekend term terms
    fair fete trip trips visit visits meeting meetings concert concerts assembly assemblies
    festival show shows open event events workshop workshops training conference inset
    celebration celebrations party match matches tournament launch review reviews deadline
    service break holiday holidays exam exams test tests results camp residential club clubs
    disco sale race walk run updated published posted issued approved reviewed revised
    created closed closure opening begins starts ends due date dates lesson lessons session
    sessions course clinic game games cup final finals fixture fixtures performance
    production play panto pantomime nativity mass eid diwali christmas easter harvest
    hanukkah ramadan summer autumn spring winter half half-term report reports newsletter
    bulletin letter letters policy plan minutes agenda board governors governor committee
    council trust school schools primary academy college nursery infants juniors centre
    library museum gallery park cathedral theatre stadium ofsted inspection year years
    reception class group team house department faculty book science maths english history
    geography art music drama pe sports sport athletics swimming football netball rugby
    cricket chess choir orchestra band appeal fun bake charity red nose comic relief
    children need pupil pupils parents parent carers staff teacher teachers head headteacher
    version edition volume issue release phase stage part unit module chapter section page
    appendix table figure project programme study survey pilot trial evaluation guidance
    framework curriculum assessment moderation submission application applications
    admissions admission enrolment induction transition graduation prize giving awards award
    ceremony photo photos photograph photographs uniform vaccination immunisation flu
    screening check checks phonics multiplication sats gcse gcses mock mocks window census
    strike snow mr mrs ms miss mx dr prof sir dame lord lady rev reverend saint st monday
    tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december national international world british
    united kingdom england london county city road street avenue education foundation
    endowment parents' children's pupils' leavers leavers' mothers' fathers' remembrance
    bonfire pancake valentine's halloween anniversary jubilee coronation closing cohort
    intake round tuition fees payment payments invoice order receipt month funding notice
    protection statement strategy audit grant premium voice forum hub alliance association
    society union panel consultation inquiry act regulations code standards news update
    updates blog podcast webinar video film exhibition competition challenge quiz olympiad
    marathon sponsored coffee breakfast lunch dinner tea picnic barbecue ball prom
    masterclass surgery drop-in interviews interview vacancy vacancies job role post
    position appointment start assistant lead leader manager officer coordinator
    co-ordinator senco deputy administrator caretaker cleaner technician apprentice trustee
    trustees clerk bursar mentor coach tutor librarian nurse counsellor receptionist
    secretary director chair chief executive principal practitioner worker supervisor midday
    support learning teaching pastoral safeguarding attendance behaviour wellbeing health
    safety aid fire drill lockdown evacuation transport bus minibus train flight outward
    bound duke edinburgh key network partnership federation signed agreed ratified adopted
    authorised author authors written prepared compiled edited presented hosted speaker
    guest visitor dear thanks welcome coaches castle bank zoo farm beach forest woods lake
    river mountain mountains hills palace abbey tower bridge pier aquarium safari airport
    station arena cinema bay island moor moors valley gardens garden manor observatory
    planetarium reserve nature heritage village town land adventure center studio studios
    factory mine caves cave country main dining parish great
""")
_PARTICLES = _words("de da del della di du van von der den le la bin binti al el ní nic mac ó ui "
                    "y dos das ter")
_BEFORE_PLACES = _words("the our a an this that next last at in on every each by")
# 'Dylan Wiliam (12 March 2019) argues ...': a citation (a date in words, then a verb)
_IN_WORDS = re.compile(r"[a-z]{3}")
_REPORTING = re.compile(
    r"[ \t,]{0,3}(?:argue|find|found|wr[io]te|suggest|note|say|said|show|describe|explain|report|"
    r"conclude|observe|recommend|state|claim|point)")


def _name_before(text: str, end: int) -> int | None:
    """Where a full name (two to four capitalised words, with particles such as 'de' or 'van'
    between) ending just before `end` starts, if one does."""
    chunk = text[max(0, end - 80):end]
    chunk = chunk[chunk.rfind("\n") + 1:]
    if not chunk.strip():
        return None
    words = chunk.rsplit(None, 7)
    position = len(chunk)
    capitalised = 0
    first: int | None = None
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        position = chunk.rfind(word, 0, position)
        bare = word.rstrip(",") if i == len(words) - 1 else word
        folded = bare.casefold()
        if bare[:1].isupper() and bare.replace("'", "").replace("’", "").replace("-", "").isalpha():
            if folded in _NOT_NAMES or folded.removesuffix("'s").removesuffix("’s") in _NOT_NAMES:
                return None
            if len(bare) > 1 and bare.isupper():
                return None  # an acronym: INSET, PTA
            capitalised += 1
            first = position
        elif not (folded in _PARTICLES and capitalised):
            if folded in _BEFORE_PLACES:
                return None  # 'at Oakfield Park', 'the Summer Fair'
            break
        if capitalised == 4:
            break
    if capitalised < 2 or first is None:
        return None
    return end - len(chunk) + first


# ---- UPN -----------------------------------------------------------------------------------

# The 12 characters after the letter, found by their first digit (digits are rare in prose,
# letters are not); the letter, and what is before it, are checked after.
_UPN_TAIL = re.compile(
    r"[0-9](?:(?<=[a-hj-np-rt-z][0-9])|(?<=[a-hj-np-rt-z][ \-][0-9]))"
    r"(?:[ \-]?[0-9]){10}[ \-]?[0-9a-z](?![0-9a-z_])(?![ .\-][0-9])")
_UPN_LETTERS = frozenset("abcdefghjklmnpqrtuvwxyz")


def _upn_start(lowered: str, match: re.Match[str]) -> int | None:
    i = match.start() - 1
    if i >= 0 and lowered[i] in " -":
        i -= 1
    if i < 0 or lowered[i] not in _UPN_LETTERS:
        return None
    if i and (lowered[i - 1].isalnum() or lowered[i - 1] in "_/.-"):
        return None  # part of a longer code or a web address
    found = lowered[i:match.end()]
    if not (found[-1].isdigit() or found[-1] in _UPN_LETTERS):
        return None
    separators = {c for c in found if c in " -"}
    if len(separators) > 1:
        return None
    if separators and any(len(g) < 2 for g in found[1:].replace("-", " ").split()):
        return None
    return i


# ---- e-mail (patterns for lower-case text) -------------------------------------------------

_LABEL = r"[a-z0-9][a-z0-9\-]{0,62}"
_DOT = (r"(?:\.|[ \t]{0,2}[\[({<][ \t]{0,2}dot[ \t]{0,2}[\])}>][ \t]{0,2}|"
        r"[ \t]{1,2}dot[ \t]{1,2})")
_DOT_RE = re.compile(_DOT)
_DOMAIN = rf"(?P<domain>{_LABEL}(?:{_DOT}{_LABEL}){{1,3}})"
_AT_SIGN = re.compile(rf"@[ \t]{{0,2}}{_DOMAIN}")
_AT_WORD = re.compile(
    rf"(?:[ \t]{{0,2}}(?P<bracket>[\[({{<])[ \t]{{0,2}}at[ \t]{{0,2}}[\])}}>][ \t]{{0,2}}"
    rf"|[ \t]{{1,2}}at[ \t]{{1,2}}){_DOMAIN}")
# Cheap tests for the spelled-out forms: a bracketed 'at', a spelled 'dot', ' at gmail'.
_SPELLED_DOT = re.compile(r"dot(?<=[ \t\[({<]dot)[ \t\])}>]")
_BRACKETED_AT = re.compile(r"at(?:(?<=[\[({<]at)|(?<=[\[({<][ \t]at))[ \t]{0,2}[\])}>]")
_AT_WORD_THEN = re.compile(r" at ([a-z0-9]{2,20})\b")
_PROVIDERS = _WEBMAIL_NAMES | {d.split(".")[0] for d in _WEBMAIL_DOMAINS}
_LOCAL_REVERSED = re.compile(r"[\w.%+'\-]{1,64}")


@lru_cache(maxsize=1024)
def _webmail_domain(domain: str) -> str | None:
    """The webmail domain `domain` (as matched: 'gmail dot com' too) is, if any."""
    if "dot" in domain or " " in domain:
        labels = _DOT_RE.split(domain)
        separators = _DOT_RE.findall(domain)
    else:
        labels = domain.split(".")
        separators = ["."] * (len(labels) - 1)
    for k in range(len(labels), 1, -1):
        candidate = ".".join(labels[:k])
        if is_webmail_domain(candidate):
            if k < len(labels) and separators[k - 1] == ".":
                return None  # gmail.com.example.org: a longer domain
            return candidate
    return None


def _local_start(lowered: str, end: int, spaced: bool = False) -> int | None:
    """Where the local part of an address ending at `end` (at its '@' or ' at ') starts; with
    `spaced`, one or two spaces may come between ('jo @ gmail.com')."""
    if spaced:
        for _ in range(2):
            if end and lowered[end - 1] in " \t":
                end -= 1
    match = _LOCAL_REVERSED.match(lowered[max(0, end - 64):end][::-1])
    return end - match.end() if match else None


_Skip = Callable[[int, str], bool]  # whether a finding of this kind is already made here


def _emails(lowered: str, skip: _Skip) -> Iterator[tuple[int, str]]:
    """(where the address starts, its webmail domain) for each personal address."""
    if "@" in lowered:
        for match in _AT_SIGN.finditer(lowered):
            if skip(match.start(), "email"):
                continue
            domain = _webmail_domain(match.group("domain"))
            if domain is not None:
                # 'jo @ gmail.com' and 'jo@gmail.com', but not 'ending @gmail.com'
                spaced = lowered[match.start() + 1] in " \t"
                start = _local_start(lowered, match.start(), spaced)
                if start is not None:
                    yield start, domain
    if not (_SPELLED_DOT.search(lowered) or _BRACKETED_AT.search(lowered)
            or any(m.group(1) in _PROVIDERS for m in _AT_WORD_THEN.finditer(lowered))):
        return
    for match in _AT_WORD.finditer(lowered):
        if skip(match.start(), "email"):
            continue
        domain = _webmail_domain(match.group("domain"))
        if domain is None:
            continue
        start = _local_start(lowered, match.start(), True)
        if start is None:
            continue
        local = lowered[start:match.start()]
        if (match.group("bracket") or "." not in match.group("domain")
                or any(c in "._+0123456789" for c in local)):
            yield start, domain


def _never(position: int, kind: str) -> bool:
    return False


def webmail_domains(text: str) -> list[str]:
    """The personal webmail domains of the addresses in `text`, however they are written."""
    return [domain for _, domain in _emails(_lower(decode(text)), _never)]


# ---- mobile --------------------------------------------------------------------------------

_TRUNK = r"[ .\-]?(?:\(0\)[ .\-]?|0[ .\-]?)?7"  # +44 (0)7, +44 07, +44 7
_MOBILE = re.compile(  # each alternative starts with a literal: the engine skips to +, 0, (
    rf"(?:\+[ \t]?44{_TRUNK}|00[ \t]?44{_TRUNK}|\((?:\+44|0044)\){_TRUNK}|\(07|07)"
    r"(?P<rest>(?:(?:[ .\-]|\)[ \t]?)?[0-9]){9})(?![0-9])(?![.\-/][0-9])"
)
_SEPARATORS = frozenset(" .-")


def _is_mobile(text: str, match: re.Match[str]) -> bool:
    start = match.start()
    before = text[start - 1] if start else " "
    international = text.startswith(("+", "00", "(+", "(00"), start)
    if before.isalnum() or before == "_" or (before == "+" and not international):
        return False
    if start >= 2 and before in ".-" and text[start - 2].isdigit():
        return False  # inside a longer number: 978-0-7700-...
    if before in "/=?&#":  # in a web address: an id, not a number to call
        token = text[text.rfind(" ", max(0, start - 300), start) + 1:start]
        if "://" in token or token.startswith("www."):
            return False
    rest = match.group("rest")
    if rest.isdigit():
        return True
    rest = rest.replace(")", " ")
    if len(_SEPARATORS.intersection(rest)) > 1:
        return False  # 07.07.2025 123
    groups = rest.replace(".", " ").replace("-", " ").split()
    return all(len(g) >= 2 for g in groups[1:])


# ---- home address --------------------------------------------------------------------------

_ADDRESS = re.compile(  # a house number and street, then a postcode in the same sentence
    r"(?<![0-9])[0-9]{1,4}[A-Za-z]?,?[ \t]{1,2}(?:[A-Z][\w'’\-]{0,25}[ \t]{1,2}){1,3}"
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Gardens|Gdns|Place|"
    r"Court|Ct|Terrace|Grove|Walk|Row|Hill|Park|Mews|View|Rise|Square|Sq|Green|Vale|Parade|Gate|"
    r"Croft|Fields|Meadow|Meadows|Wharf|Heights|Yard|Wynd|Brow|End|Chase|Grange)\b"
    r"[^\n.!?;]{0,60}?"
    r"(?<![A-Za-z0-9])(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)[ \t]{0,2}[0-9][ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])"
)
_PERSONAL_WORDS = _words("lives live living lived resides residing home family son daughter "
                         "address moved")
_ORGANISATION_WORDS = _words("""
    school primary academy college nursery infants juniors trust office reception church
    centre center hall library council surgery clinic hospital museum stadium ltd limited plc
    university campus site federation headquarters hq visit visitors deliveries post write
    our us we club venue
""")
_CLAUSE_WORD = re.compile(r"[a-z']{2,20}")
_SENTENCE_END = re.compile(r"[.!?;][ \t]|\n")


def _is_home_address(text: str, lowered: str, match: re.Match[str]) -> bool:
    """Whether the address `match` is in a sentence about a person, not an organisation."""
    street = match.start()
    clause_start = max(0, street - 150)
    ends = list(_SENTENCE_END.finditer(text, clause_start, street))
    if ends:
        clause_start = ends[-1].end()
    words = set(_CLAUSE_WORD.findall(lowered[clause_start:match.end()].replace("’", "'")))
    if not words.isdisjoint(_ORGANISATION_WORDS):
        return False
    return not words.isdisjoint(_PERSONAL_WORDS) or _name_before(text, street) is not None


# ---- the scan ------------------------------------------------------------------------------

_Hit = tuple[int, str, str]  # position, kind, message
_BIRTH_WORD = re.compile(r"b(?:irth|orn|\.(?<=[( ]b\.))|d(?:ob|\.o\.b| o b)")


# Cheap tests on the UTF-8 bytes (bytes.translate runs at memory speed): digits as '0' with
# the separators a UPN may have dropped (a UPN has 11 digits in a row then), digits as '0'
# and capital letters as 'A' (a postcode ends in '0AA').
_DIGITS = b"0123456789"
_UPN_SHAPE = bytes.maketrans(_DIGITS, b"0" * 10)
_POSTCODE_SHAPE = bytes.maketrans(_DIGITS + b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"0" * 10 + b"A" * 26)


def _scan(text: str, skip: _Skip) -> Iterator[_Hit]:
    """Every finding in plain, decoded `text` (with the lines of a paragraph joined), but
    those `skip` says are already made, which are not looked at further."""
    lowered = _lower(text)
    for start, _ in _emails(lowered, skip):
        yield start, "email", EMAIL_MESSAGE
    data = text.encode("utf-8", "replace")
    if len(data) - len(data.translate(None, _DIGITS)) < 3:  # every other check needs digits
        return
    if b"00000000000" in data.translate(_UPN_SHAPE, b" -"):
        for m in _UPN_TAIL.finditer(lowered):
            if (upn := _upn_start(lowered, m)) is not None and not skip(upn, "upn"):
                yield upn, "upn", UPN_MESSAGE
    if _BIRTH_WORD.search(lowered):
        for m in _DOB.finditer(lowered):
            if not skip(m.start(), "dob") and _is_date_of_birth(text, lowered, m):
                yield m.start(), "dob", DOB_MESSAGE
    if "(" in text:
        for m in _BRACKETED_DATE.finditer(lowered):
            if skip(m.start(), "dob") or (year := _year(m)) is None or year < _OLDEST_BIRTH_YEAR:
                continue
            if (name := _name_before(text, m.start())) is None:
                continue
            if _REPORTING.match(lowered, m.end()) and _IN_WORDS.search(m.group("date")):
                continue  # 'Dylan Wiliam (12 March 2019) argues'
            yield name, "dob", NAME_DOB_MESSAGE
    if "07" in text or "44" in text:
        for m in _MOBILE.finditer(text):
            if not skip(m.start(), "mobile") and _is_mobile(text, m):
                yield m.start(), "mobile", MOBILE_MESSAGE
    if b"0AA" in data.translate(_POSTCODE_SHAPE):
        for m in _ADDRESS.finditer(text):
            if not skip(m.start(), "address") and _is_home_address(text, lowered, m):
                yield m.start(), "address", ADDRESS_MESSAGE


# ---- tables --------------------------------------------------------------------------------

_DOB_HEADER = re.compile(
    r"(?:pupils?|childs?|students?|learners?)?(?:dob|dateofbirth|birthdate|birthday|born|bornon|"
    r"dateborn|bday)(?:ddmmyyyy|ddmmyy|mmddyyyy|yyyymmdd|ddmm)?")
_NAME_HEADER = re.compile(r"name|pupil|child|student|learner|forename|surname|initials")
_NON_LETTERS = re.compile(r"[^a-z]+")


def _header_kind(cell: str) -> str | None:
    """'dob' or 'name' for a header cell that is one, else None."""
    if len(cell) > 60:
        return None
    letters = _NON_LETTERS.sub("", cell.lower())
    if _DOB_HEADER.fullmatch(letters):
        return "dob"
    if _NAME_HEADER.search(letters):
        return "name"
    return None


def _table_columns(header: Sequence[str]) -> list[int]:
    """The date-of-birth columns of a table with this header row, if it also has names."""
    kinds = [_header_kind(cell) for cell in header]
    if "name" not in kinds:
        return []
    return [i for i, kind in enumerate(kinds) if kind == "dob"]


_Cells = list[tuple[int, str]]  # (where in the line the cell starts, the cell)
_SPACED_CELL = re.compile(r"[^ \t]+(?: [^ \t]+)*")


def _split_pipes(line: str) -> _Cells | None:
    if "|" not in line:
        return None
    cells: _Cells = []
    start = 0
    for piece in line.split("|"):
        if cells and cells[-1][1].endswith("\\"):  # an escaped pipe: part of the cell
            cells[-1] = (cells[-1][0], cells[-1][1] + "|" + piece)
        else:
            cells.append((start, piece))
        start += len(piece) + 1
    if not cells[0][1].strip():
        del cells[0]
    if cells and not cells[-1][1].strip():
        del cells[-1]
    return cells


def _split_on(separator: str) -> Callable[[str], _Cells | None]:
    def split(line: str) -> _Cells | None:
        if separator not in line:
            return None
        cells: _Cells = []
        if '"' not in line:
            start = 0
            for piece in line.split(separator):
                cells.append((start, piece))
                start += len(piece) + 1
            return cells
        quoted = False
        begin = 0
        for i, char in enumerate(line):  # the separator outside "quotes"
            if char == '"':
                quoted = not quoted
            elif char == separator and not quoted:
                cells.append((begin, line[begin:i]))
                begin = i + 1
        cells.append((begin, line[begin:]))
        return cells
    return split


def _split_spaced(line: str) -> _Cells | None:
    if "  " not in line:
        return None
    cells = [(m.start(), m.group()) for m in _SPACED_CELL.finditer(line)]
    return cells if len(cells) >= 2 else None


def _splitter(line: str) -> Callable[[str], _Cells | None] | None:
    if "|" in line:
        return _split_pipes
    for separator in "\t,;":
        if separator in line:
            return _split_on(separator)
    return _split_spaced if "  " in line else None


_BIRTH_KEYWORD = re.compile(r"dob|d\.o\.b|birth|born|bday")  # in lower-case text
_DELIMITER_ROW = frozenset("|:- \t")


def _text_tables(lowered: str, lines: list[str], starts: list[int]) -> Iterator[tuple[int, int, str]]:
    """(line index, where in the line, header) for each date in a date-of-birth column of a
    table written in the text. Only lines with a birth word are tried as a header row; each
    line is read once, as a header or as a row."""
    position = 0
    while (keyword := _BIRTH_KEYWORD.search(lowered, position)) is not None:
        i = bisect_right(starts, keyword.start()) - 1
        line = lines[i]
        i += 1
        position = starts[i] if i < len(starts) else len(lowered)
        split = _splitter(line)
        header = split(line) if split else None
        if split is None or header is None or len(header) < 2:
            continue
        texts = [cell.strip().strip('"').strip() for _, cell in header]
        columns = _table_columns(texts)
        if not columns:
            continue
        while i < len(lines) and lines[i].strip():
            cells = split(lines[i])
            if cells is None or len(cells) < 2:
                break
            if not _DELIMITER_ROW.issuperset(lines[i]):
                for c in columns:
                    if c < len(cells) and _has_date(cells[c][1]):
                        start, cell = cells[c]
                        yield i, start + len(cell) - len(cell.lstrip()), texts[c]
                        break
            i += 1
        position = starts[i] if i < len(starts) else len(lowered)


# ---- the interface -------------------------------------------------------------------------


_JOIN = re.compile(r"\n(?<=[^\n]\n)(?=[^\n])")  # a line break between two lines with text
_OWN_LINE = re.compile(r"[ \t]*(?:#|```|~~~|[-=*_ \t\r]*$)")  # or a table row: '|' or a tab
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t\r]*$", re.MULTILINE)


def _joined(text: str) -> str:
    """`text`, plain, with the lines of each paragraph joined by a space instead of a line
    break. A line stands on its own if it is blank, a table row, a heading, a code fence or a
    rule, or is in the front-matter block."""
    plain = _plain(text)
    start = 0
    if text.startswith(("---\n", "---\r\n", "\ufeff---\n", "\ufeff---\r\n")):
        closing = _FRONT_MATTER_END.search(text, 4)
        start = closing.end() if closing else len(text)
    pieces: list[str] = []
    last = 0
    line = own = -1  # the start of the last line looked at, and whether it stands on its own
    for match in _JOIN.finditer(text, start):
        at = match.start()
        before = text.rfind("\n", 0, at) + 1
        if before != line:
            own = (text.find("|", before, at) >= 0 or text.find("\t", before, at) >= 0
                   or _OWN_LINE.match(text, before, at) is not None)
        if own:
            line = -1
            continue
        line = at + 1
        end = text.find("\n", line)
        end = len(text) if end < 0 else end
        own = (text.find("|", line, end) >= 0 or text.find("\t", line, end) >= 0
               or _OWN_LINE.match(text, line, end) is not None)
        if not own:
            pieces.append(plain[last:at])
            last = at + 1
    if not pieces:
        return plain
    pieces.append(plain[last:])
    return " ".join(pieces)


def _starts(lines: list[str]) -> list[int]:
    """Where each of `lines` starts in the text they make, joined by line breaks."""
    return list(map(add, accumulate(map(len, lines), initial=0), range(len(lines))))


def find_in_text(text: str) -> list[Finding]:
    lines = text.split("\n")
    decoded, offsets = _decode(_joined(text))
    if offsets:
        decoded = _plain(decoded)  # '&nbsp;' is a space too
    found: dict[tuple[int, str], Finding] = {}
    starts: list[int] = []

    def line_of(position: int) -> tuple[int, int]:
        if not starts:
            starts.extend(_starts(lines))
        written = offsets.written_at(position) if offsets else position
        return bisect_right(starts, written) - 1, written

    def skip(position: int, kind: str) -> bool:
        return (line_of(position)[0], kind) in found

    for position, kind, message in _scan(decoded, skip):
        line, written = line_of(position)
        if (line, kind) not in found:
            found[line, kind] = Finding(line + 1, written - starts[line] + 1, message)
    lowered = _lower(text)
    if "dob" in lowered or "birth" in lowered or "born" in lowered or "d.o.b" in lowered:
        if not starts:
            starts.extend(_starts(lines))
        for line, column, header in _text_tables(lowered, lines, starts):
            if (line, "dob") not in found:
                found[line, "dob"] = Finding(line + 1, column + 1, column_message(header))
    return sorted(found.values(), key=lambda f: (f.line, f.column))


def find_in_rows(rows: Sequence[Sequence[str]]) -> list[CellFinding]:
    """Each cell is read as a text of its own (its line breaks joined), then the table: a
    date-of-birth column (its header in one of the first three rows, beside a name column),
    a 'DOB' cell with a date beside it, a mobile number typed in as a number."""
    cells = [(r, c) for r, row in enumerate(rows) for c in range(len(row))]
    pieces = [cell.replace("\n", " ") for row in rows for cell in row]
    starts = _starts(pieces)
    decoded, offsets = _decode(_plain("\n".join(pieces)))
    if offsets:
        decoded = _plain(decoded)
    found: dict[tuple[int, str], CellFinding] = {}

    def cell_of(position: int) -> tuple[int, int]:
        written = offsets.written_at(position) if offsets else position
        return cells[bisect_right(starts, written) - 1]

    def skip(position: int, kind: str) -> bool:
        return (cell_of(position)[0], kind) in found

    def add(r: int, c: int, kind: str, message: str) -> None:
        if (r, kind) not in found or found[r, kind].column > c + 1:
            found[r, kind] = CellFinding(r + 1, c + 1, message)

    for position, kind, message in _scan(decoded, skip):
        add(*cell_of(position), kind, message)

    header_row = next((r for r, row in enumerate(rows[:3]) if _table_columns(row)), None)
    columns = _table_columns(rows[header_row]) if header_row is not None else []
    for r, row in enumerate(rows):
        if header_row is not None and r > header_row:
            for c in columns:
                if c < len(row) and _has_date(row[c]):
                    add(r, c, "dob", column_message(rows[header_row][c].strip()))
                    break
        for c, cell in enumerate(row):
            stripped = cell.strip()
            if c + 1 < len(row) and len(stripped) < 40 and "b" in stripped.lower() and (
                    _header_kind(stripped) == "dob" and _has_date(row[c + 1])):
                add(r, c + 1, "dob", DOB_MESSAGE)  # a 'DOB' label and the date beside it
            elif stripped.isdigit() and ((len(stripped) == 10 and stripped[0] == "7")
                                         or (len(stripped) == 12 and stripped.startswith("447"))):
                add(r, c, "mobile", MOBILE_MESSAGE)  # a number typed into a cell: the 0 dropped
    return sorted(found.values(), key=lambda f: (f.row, f.column))


# ---- a Markdown page as a reader sees it ---------------------------------------------------

# Markup splits or hides text only where one of these is: emphasis, code, strikethrough,
# links, raw HTML, character references, backslash escapes. A body with none reads as written.
_MARKUP = re.compile(r"[*_`~<&\\\[]")
# cmark-gfm's own tags for the blocks it makes, in the one form it writes them (HTML written
# into a page in that form only misplaces what follows it: every text is still read).
_SOURCEPOS_TAG = re.compile(
    r'<([a-z][a-z0-9]{0,9})(?: style="text-align: [a-z]{4,6}")? '
    r'data-sourcepos="([0-9]{1,9}):([0-9]{1,9})-([0-9]{1,9}):[0-9]{1,9}"(?: /)?>')
# The inline tags cmark-gfm writes without attributes; replaced by a character that is no
# part of any tag ('\x01', removed last), so that '<' + '<em>' + 'b>' cannot become '<b>'.
_PLAIN_INLINE_TAG = re.compile(r"</?(?:em|strong|code|del)>")
# Any other tag, comment or bogus comment as an HTML tokenizer reads it: quoted attribute
# values may hold '>', and an unclosed tag, value or comment runs to the end (as in a
# browser, which shows nothing of it). Every repetition is possessive, so one match attempt
# never backtracks, and each attempt at a '<' followed by a letter, '!', '?' or '/' matches.
_TAG = re.compile(
    r"<(?:(?P<name>/?[A-Za-z][^\t\n\f\r />]*+)"
    r"(?:[\t\n\f\r /]++|=?[^\t\n\f\r />=]++(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+"
    r"""(?:"[^"]*+"?|'[^']*+'?|[^\t\n\f\r >]++))?|=)*+(?:>|\Z)"""
    r"|!--(?:-?>|.*?--!?>|.*\Z)|[!?/][^>]*+(?:>|\Z))",
    re.DOTALL)
# Tags a browser shows as a break: the text on either side does not run together.
_BREAKING = _words("""
    address article aside blockquote br caption dd details div dl dt fieldset figcaption
    figure footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table
    tbody td tfoot th thead tr ul
""")
_CELLS = frozenset(("td", "th"))
_TEXT_BLOCKS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre")) | _CELLS


def _untag(match: re.Match[str]) -> str:
    """What a tag leaves of the text: its line breaks (so lines stay where they were
    written), or a space if it breaks the text, or nothing."""
    tag = match.group()
    if "\n" in tag or "\x00" in tag:  # the marks of blocks a never-closed tag runs over too
        return "".join(c for c in tag if c in "\n\x00")
    name = match.group("name")
    return " " if name and name.lstrip("/").lower() in _BREAKING else ""


def _text_of(markup: str) -> str:
    """`markup`'s text, as shown: tags and comments gone, character references left for
    `find_in_text` to decode (positions then map back)."""
    return _TAG.sub(_untag, markup) if "<" in markup else markup


class _Page:
    """A body's lines as a reader sees them: each line as written with raw HTML taken out,
    then each line of a block Markdown made replaced by the block's rendered text (a table
    row's cells joined with ' | ', so the row is still read as a table)."""

    def __init__(self, body: str) -> None:
        self.written = body.split("\n")
        self.lines = _text_of(body).split("\n")
        self.columns: dict[int, int] = {}  # 0-based line -> column of the block shown there
        self.rows: set[int] = set()  # lines that show a table row's cells

    def put(self, name: str, line: int, column: int, last: int, text: str) -> None:
        """Show a block's text (cmark-gfm's line breaks kept) on lines `line` to `last`."""
        if name == "pre" and self.lines[line - 1].lstrip().startswith(("```", "~~~")):
            line += 1  # a fenced block's text starts after its fence
        shown = text.rstrip().split("\n") if text.strip() else []
        for at, piece in enumerate(shown[:max(0, last - line + 1)], line - 1):
            if not 0 <= at < len(self.lines):
                return  # a position written into the page by hand, outside it
            if name in _CELLS:
                self._cell(at, column, piece.replace("|", " ").strip())
            else:
                self.lines[at] = piece
                self.columns[at] = column
                self.rows.discard(at)

    def _cell(self, at: int, column: int, text: str) -> None:
        if at in self.rows:
            self.lines[at] += " | " + text
            return
        self.lines[at] = "| " + text
        self.columns[at] = column
        self.rows.add(at)

    def column(self, line: int, written: int) -> int:
        """The column to report a finding on 1-based `line` at: its block's, if the line
        shows a block Markdown made, else where it is in the line (1 if tags were taken out)."""
        if line - 1 in self.columns:
            return self.columns[line - 1]
        same = len(self.written) == len(self.lines) and self.written[line - 1] == self.lines[line - 1]
        return written if same else 1


def _rendered(body: str) -> _Page:
    from .gfm import to_html  # cmark-gfm: only pages need it, attachments do not

    page = _Page(body)
    markup = _PLAIN_INLINE_TAG.sub("\x01", to_html(body, sourcepos=True))
    blocks = _SOURCEPOS_TAG.findall(markup)  # '\x00' marks where each starts (no NUL in HTML)
    # _untag keeps the marks a tag runs over, so there is one text after each mark
    texts = _text_of(_SOURCEPOS_TAG.sub("\x00", markup)).replace("\x01", "").split("\x00")
    for (name, line, column, last), text in zip(blocks, texts[1:], strict=True):
        if name in _TEXT_BLOCKS:
            page.put(name, int(line), int(column), int(last), text)
    return page


_HTML_TABLE = re.compile(r"<table(?![^\t\n\f\r />])", re.IGNORECASE)
_TABLE_PARTS = frozenset(("table", "tr", "td", "th"))
# An open cell's text runs to its end, so each table open at once reads the page once more;
# tables deeper than this are read as part of the cell that holds them.
_DEEPEST_TABLE = 4


class _HtmlTable:
    """A table written in HTML: its rows of cells as shown, and the line of each row."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.lines: list[int] = []  # 0-based line of each row
        self.cell: int | None = None  # where the open cell's text starts

    def close_cell(self, body: str, end: int) -> None:
        if self.cell is not None:
            self.rows[-1].append(decode(_text_of(body[self.cell:end])).strip())
            self.cell = None

    def open(self, name: str, line: int, end: int) -> None:
        if name == "tr" or not self.rows:  # a cell outside a row starts one, as in a browser
            self.rows.append([])
            self.lines.append(line)
        if name != "tr":
            self.cell = end

    def findings(self) -> Iterator[tuple[int, str]]:
        for finding in find_in_rows(self.rows):
            yield self.lines[finding.row - 1], finding.message


def _html_tables(body: str) -> Iterator[tuple[int, str]]:
    """(0-based line, message) for each finding in a table written in HTML, read by its
    header cells as `find_in_rows` reads a spreadsheet."""
    first = _HTML_TABLE.search(body)
    if first is None:
        return
    tables: list[_HtmlTable] = []
    line, last = body.count("\n", 0, first.start()), first.start()
    for match in _TAG.finditer(body, first.start()):
        name = (match.group("name") or "").lower()
        if name.lstrip("/") not in _TABLE_PARTS:
            continue
        line += body.count("\n", last, match.start())
        last = match.start()
        if name == "table":  # a table in a cell: the outer cell's text holds it
            if len(tables) < _DEEPEST_TABLE:
                tables.append(_HtmlTable())
            continue
        if not tables:
            continue
        tables[-1].close_cell(body, match.start())
        if name == "/table":
            yield from tables.pop().findings()
        elif name[0] != "/":
            tables[-1].open(name, line, match.end())
    for table in reversed(tables):  # never closed: a browser closes them at the end
        table.close_cell(body, len(body))
        yield from table.findings()


def find_in_markdown(body: str) -> list[Finding]:
    """Findings in a Markdown page's body as a reader sees it: rendered by cmark-gfm, with
    inline markup and raw HTML taken out (so '07700 **900123**' and
    'jo<span>@</span>gmail.com' read whole), Markdown and HTML tables read by their header
    cells. Lines are the body's; a finding on a line Markdown rendered is at its block's
    column. `find_in_text` on the body as written finds what this does not place better."""
    if not _MARKUP.search(body):
        return []  # nothing can split or hide text: the page reads as written
    page = _rendered(body)
    found: dict[tuple[int, str], Finding] = {}
    for finding in find_in_text("\n".join(page.lines)):
        column = page.column(finding.line, finding.column)
        found.setdefault((finding.line, kind_of(finding.message)),
                         Finding(finding.line, column, finding.message))
    for line, message in _html_tables(body):
        found.setdefault((line + 1, kind_of(message)), Finding(line + 1, 1, message))
    return sorted(found.values(), key=lambda f: (f.line, f.column))


def merged(written: Sequence[Finding], shown: Sequence[Finding]) -> list[Finding]:
    """`written` (findings in the text as written), and each of `shown` (in the page as
    rendered) whose kind `written` has not found on its line: the same data is reported
    once, where the text as written places it best."""
    seen = {(f.line, kind_of(f.message)) for f in written}
    extra = [f for f in shown if (f.line, kind_of(f.message)) not in seen]
    return sorted([*written, *extra], key=lambda f: (f.line, f.column))


# ---- the labelled corpus -------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusMiss:
    id: str
    expected: str  # the kind a positive should be flagged as; '' for a negative
    found: tuple[str, ...]  # the messages given


def corpus_results(path: Path) -> tuple[tuple[int, int, int, int], list[CorpusMiss]]:
    """((true positives, false positives, false negatives, true negatives), the misses) over a
    corpus file: `positives` and `negatives`, lists of {id, text or rows, kind (positives)};
    a text is read as the body of a page (`find_in_text` and `find_in_markdown`).
    A positive counts as caught only if a finding of its kind is made."""
    import yaml

    corpus = yaml.safe_load(path.read_text(encoding="utf-8"))
    tp = fp = fn = tn = 0
    misses: list[CorpusMiss] = []
    for label in ("positives", "negatives"):
        for entry in corpus[label]:
            if "rows" in entry:
                rows = [[str(cell) for cell in row] for row in entry["rows"]]  # YAML reads dates
                messages = tuple(f.message for f in find_in_rows(rows))
            else:  # read as a page's body is: as written and as rendered
                text = entry["text"]
                messages = tuple(f.message for f in merged(find_in_text(text),
                                                           find_in_markdown(text)))
            if label == "positives":
                caught = entry["kind"] in {kind_of(m) for m in messages}
                tp += caught
                fn += not caught
                if not caught:
                    misses.append(CorpusMiss(entry["id"], entry["kind"], messages))
            else:
                fp += bool(messages)
                tn += not messages
                if messages:
                    misses.append(CorpusMiss(entry["id"], "", messages))
    return (tp, fp, fn, tn), misses


def corpus_figures(path: Path) -> tuple[int, int, int, int]:
    """(true positives, false positives, false negatives, true negatives) over a corpus."""
    return corpus_results(path)[0]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] != "--corpus":
        print("usage: python -m openpractice.personal_data --corpus CORPUS.yml", file=sys.stderr)
        return 2
    (tp, fp, fn, tn), misses = corpus_results(Path(args[1]))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"{tp + fn} positives, {fp + tn} negatives: {tp} caught, {fn} missed, {fp} wrongly "
          f"flagged; precision {precision:.3f}, recall {recall:.3f}")
    for miss in misses:
        what = f"should be flagged as {miss.expected}" if miss.expected else "should pass"
        print(f"  {miss.id}: {what}; found {list(miss.found)}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
