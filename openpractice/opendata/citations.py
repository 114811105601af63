"""Citing and crediting an item: APA 7 and Harvard references for its page, the credit line
of its reuse box, and `cite.bib` (BibTeX) and `cite.ris` (RIS) to download.

Names are written as contributors give them ("Sam Okafor"); references want the family name
first with initials. The family name is the last word, with any lower-case particles before
it ("Ludwig van Beethoven" -> "van Beethoven, L."); a name already written "Family, Given"
is kept as it is; a one-word name (an organisation) is left whole. An item with no authors
(a policy) is the trust's: the site's name is its author, and as APA asks, not repeated as
the site.

    APA 7:    Okafor, S., & Patel, A. (2025, March 14). *Title*. Open Practice. https://...
    Harvard:  Okafor, S. and Patel, A. (2025) *Title*. Open Practice. Available at:
              https://... (Accessed: 22 November 2026).

Harvard (Cite Them Right) asks for the day the reader used the page: the page shows the day
the site was built, and copy.js puts the reader's own date in its place.

A reference is a list of `Part`s (text, and whether it is italic), written out as HTML (every
string escaped) or as plain text. The files hold no build date: the same item, the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from ..catalogue import Catalogue, Entry
from ..models import Policy
from ..site.pages import KIND_NOUNS
from ..site.templating import join_words
from ..site.text import day
from .common import Site, cite_files, licence_of

PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "le", "la",
             "ten", "ter", "dos", "das", "bin", "al"}
HONORIFICS = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx", "mx.", "prof",
              "prof.", "professor", "sir", "dame", "rev", "rev.", "revd"}
APA_MAX_AUTHORS = 20
HARVARD_MAX_AUTHORS = 3


@dataclass(frozen=True)
class Part:
    text: str
    italic: bool = False
    accessed: dt.date | None = None  # the reader's date (copy.js may replace it)


Reference = tuple[Part, ...]


def plain(reference: Sequence[Part]) -> str:
    return "".join(part.text for part in reference)


def _part_html(part: Part) -> str:
    text = escape(part.text, quote=False)
    if part.italic:
        return f"<cite>{text}</cite>"
    if part.accessed:
        return f'<time datetime="{part.accessed.isoformat()}" data-op-accessed>{text}</time>'
    return text


def as_html(reference: Sequence[Part]) -> str:
    return "".join(_part_html(p) for p in reference)


# --------------------------------------------------------------------------------- names

@dataclass(frozen=True)
class Name:
    family: str
    given: str = ""  # empty: an organisation, or a one-word name

    @property
    def initials(self) -> str:
        """'Mary-Jane Ann' -> 'M.-J. A.'"""
        words = []
        for word in self.given.split():
            parts = [p for p in word.split("-") if p]
            words.append("-".join(f"{p[0]}." for p in parts))
        return " ".join(words)

    def inverted(self) -> str:
        """Family name first, with initials: 'Okafor, S.'"""
        return f"{self.family}, {self.initials}" if self.given else self.family

    def full_inverted(self) -> str:
        """Family name first, given names whole (BibTeX and RIS): 'Okafor, Sam'"""
        return f"{self.family}, {self.given}" if self.given else self.family


def split_name(name: str) -> Name:
    name = " ".join(name.split())
    if "," in name:
        family, _, given = name.partition(",")
        return Name(family.strip(), given.strip())
    words = name.split(" ")
    while len(words) > 1 and words[0].lower() in HONORIFICS:
        words = words[1:]
    if len(words) == 1:
        return Name(words[0])
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return Name(" ".join(words[start:]), " ".join(words[:start]))


def apa_authors(names: Sequence[Name]) -> str:
    written = [n.inverted() for n in names]
    if len(written) == 1:
        return written[0]
    if len(written) == 2:
        return f"{written[0]}, & {written[1]}"
    if len(written) <= APA_MAX_AUTHORS:
        return ", ".join(written[:-1]) + ", & " + written[-1]
    return ", ".join(written[:APA_MAX_AUTHORS - 1]) + ", . . . " + written[-1]


def harvard_authors(names: Sequence[Name]) -> str:
    written = [n.inverted() for n in names]
    if len(written) > HARVARD_MAX_AUTHORS:
        return f"{written[0]} et al."
    return join_words(written)


# ---------------------------------------------------------------------------- references

def _names(entry: Entry) -> list[Name]:
    return [split_name(a.name) for a in entry.model.authors]


def _title_suffix(entry: Entry) -> str:
    return f" (Version {entry.model.version})" if isinstance(entry.model, Policy) else ""


def _end(text: str) -> str:
    """A reference element ends with one full stop."""
    return text if text.endswith((".", "?", "!")) else text + "."


def apa(entry: Entry, site: Site) -> Reference:
    model = entry.model
    changed = model.last_changed
    when = f"({changed.year}, {changed.strftime('%B')} {changed.day})."
    names = _names(entry)
    author = apa_authors(names) if names else site.name
    parts = [Part(f"{_end(author)} {when} "), Part(model.title, italic=True)]
    tail = _title_suffix(entry)
    parts.append(Part(_end(tail) if tail else ("" if model.title.endswith((".", "?", "!")) else ".")))
    if names:  # the site's name is the publisher, unless it is already the author
        parts.append(Part(f" {_end(site.name)}"))
    parts.append(Part(f" {site.address(entry.url)}"))
    return tuple(p for p in parts if p.text)


def harvard(entry: Entry, site: Site, accessed: dt.date) -> Reference:
    model = entry.model
    names = _names(entry)
    author = harvard_authors(names) if names else site.name
    parts = [Part(f"{author} ({model.last_changed.year}) "), Part(model.title, italic=True)]
    tail = _title_suffix(entry)
    parts.append(Part(_end(tail) if tail else ("" if model.title.endswith((".", "?", "!")) else ".")))
    if names:
        parts.append(Part(f" {_end(site.name)}"))
    parts += [Part(f" Available at: {site.address(entry.url)} (Accessed: "),
              Part(day(accessed), accessed=accessed), Part(").")]
    return tuple(p for p in parts if p.text)


def credit_line(entry: Entry, catalogue: Catalogue, site: Site) -> str:
    """“Title” by A and B, School, Site, 14 March 2025, https://..., CC-BY-4.0."""
    model = entry.model
    text = f"“{model.title}”"
    if model.authors:
        text += " by " + join_words(a.name for a in model.authors)
    if model.schools:
        text += ", " + join_words(catalogue.school_name(s) for s in model.schools)
    licence = licence_of(entry, catalogue, site)
    return f"{text}, {site.name}, {day(model.last_changed)}, {site.address(entry.url)}, {licence.id}."


# --------------------------------------------------------------------------------- BibTeX

_LATEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
          "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_LATEX_CHARS = re.compile(r"[\\{}&%$#_~^]")


def latex(text: str) -> str:
    """Text as a BibTeX value: LaTeX's special characters escaped, one line, and "--" kept
    as two hyphens (LaTeX would print a dash)."""
    escaped = _LATEX_CHARS.sub(lambda m: _LATEX[m[0]], " ".join(text.split()))
    return re.sub(r"-(?=-)", "-{}", escaped)


def verbatim(url: str) -> str:
    """An address for a verbatim field (url, doi): what could unbalance its braces encoded."""
    return quote(" ".join(url.split()), safe="/:?#[]@!$&'()*+,;=-._~%")


def _bibtex_name(name: Name) -> str:
    """'Okafor, Sam'; braced whole where BibTeX would split or reorder it (an organisation,
    a name holding ' and ')."""
    written = latex(name.full_inverted())
    if not name.given or " and " in f" {written.lower()} ":
        return "{" + written + "}"
    return written


def bibtex_key(entry: Entry) -> str:
    return f"{entry.kind}-{entry.id}"


def bibtex(entry: Entry, catalogue: Catalogue, site: Site) -> str:
    model = entry.model
    names = _names(entry)
    authors = " and ".join(_bibtex_name(n) for n in names) or "{" + latex(site.name) + "}"
    licence = licence_of(entry, catalogue, site)
    fields = [
        ("author", authors),
        ("title", "{" + latex(model.title) + "}"),
        ("year", str(model.last_changed.year)),
        ("date", model.last_changed.isoformat()),
        ("howpublished", latex(site.name)),
        ("url", verbatim(site.address(entry.url))),
    ]
    if isinstance(model, Policy):
        fields.append(("version", latex(model.version)))
    fields += [
        ("abstract", latex(model.summary)),
        ("keywords", latex(", ".join(catalogue.term_label("themes", t) for t in model.themes))),
        ("note", latex(f"{KIND_NOUNS[entry.kind][0].capitalize()}. "
                       f"Licence: {licence.name} ({licence.id})")),
    ]
    width = max(len(name) for name, _ in fields)
    lines = [f"  {name.ljust(width)} = {{{value}}}" for name, value in fields]
    return f"@misc{{{bibtex_key(entry)},\n" + ",\n".join(lines) + "\n}\n"


# ------------------------------------------------------------------------------------ RIS

def _ris_value(text: str) -> str:
    return " ".join(text.split())


def ris(entry: Entry, catalogue: Catalogue, site: Site) -> str:
    model = entry.model
    licence = licence_of(entry, catalogue, site)
    tags: list[tuple[str, str]] = [("TY", "ELEC"), ("TI", model.title)]
    names = _names(entry)
    tags += [("AU", n.full_inverted()) for n in names] or [("AU", site.name)]
    changed = model.last_changed
    tags += [("PY", str(changed.year)), ("DA", changed.strftime("%Y/%m/%d")),
             ("PB", site.name), ("UR", site.address(entry.url))]
    if isinstance(model, Policy):
        tags.append(("ET", model.version))
    tags.append(("AB", model.summary))
    tags += [("KW", catalogue.term_label("themes", t)) for t in model.themes]
    tags += [("N1", f"{KIND_NOUNS[entry.kind][0].capitalize()}. Licence: {licence.name} ({licence.id})"),
             ("LA", "en"), ("ER", "")]
    return "".join(f"{tag}  - {_ris_value(value)}\r\n" for tag, value in tags)


def citation_files(catalogue: Catalogue, site: Site) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for entry in catalogue:
        bib, ris_path = cite_files(entry)
        files[bib] = bibtex(entry, catalogue, site).encode("utf-8")
        files[ris_path] = ris(entry, catalogue, site).encode("utf-8")
    return files
