"""`openpractice remove-samples`: take out the bundled sample trust, leaving a project that
validates and builds with no items, ready for a real trust's own.

What it removes:
- every file in content/practice/, content/research/ and content/policies/ (the sample items
  and their attachments; the folders themselves stay);
- the sample schools: `_data/schools.yml` becomes an empty list, with a comment saying how to
  add schools;
- the sample text in the trust's own pages (every ordinary page: about/, contributing,
  accessibility, privacy...): the pages that describe the sample trust as a whole
  (`WHOLE_PAGES`) keep their title and headings, each section becoming a placeholder; in the
  others, the sample's notice, its name, schools, people, addresses, phone number, dates and
  links to the removed items become placeholders in square brackets ("[Your trust's name]").

The marker: it runs only when `_data/schools.yml` holds the line `# openpractice-sample: true`,
which the bundled sample carries and a trust's own schools.yml does not, so it can never
delete a real trust's work. It leaves `# openpractice-sample: removed` in its place: run
again, it does nothing and says so (exit 0). Without either line it refuses (exit 2).
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .config import load_config
from .loader import KINDS, is_unpublished, split_front_matter

MARKER = re.compile(r"^#[ \t]*openpractice-sample:[ \t]*(true|removed)\b", re.MULTILINE)
SAMPLE_DOMAIN = "trust.example"
SAMPLE_NAME = "Exampleshire Learning Trust"
TRUST = "[Your trust's name]"

# Pages about the sample trust as a whole: their notices say a trust replaces them.
WHOLE_PAGES = ("about/index.md", "about/academy-improvement.md", "about/open-source.md")

SCHOOLS_TEMPLATE = """\
# The trust's schools, one entry per school. There are none yet.
#
# Add each school as in the example below: copy the lines, delete the '# ' at the start of
# each, and delete the '[]' at the end of this file. Only id, name and phase are required;
# the others describe the school on its page and help visitors find schools like theirs.
# Give published figures only (Get Information about Schools, the DfE's performance tables),
# never figures about a single pupil. docs/ADOPTING.md describes every field.
#
# - id: your-school-id            # lower-case letters, digits and hyphens; pages use it
#   name: Your School             # as readers should see it
#   urn: "123456"                 # the school's six-digit URN
#   phase: primary                # a `phases` id from taxonomy.yml
#   local_authority: Your Council
#   website: https://www.your-school.org.uk/
#   research_champion: A. Name (Research Champion)
#   age_range: "4-11"
#   pupils: 400                   # number on roll
#   disadvantaged_percent: 25     # 0 to 100, without '%'
#   send_percent: 15
#   eal_percent: 10
#   contact: research@your-trust.org.uk   # a role address on a contact_domains domain
#   reviewers: [github-user-name] # who reviews pull requests for the school's pages
#
# openpractice-sample: removed (`openpractice remove-samples` has run, and will not run again)
[]
"""

NOTICE = ("> [Check this page against your trust's own arrangements, fill in every part in "
          "square brackets, then delete this note.]")
SECTION = "[Your trust's own words: write this section, or delete it.]"

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December")


def _phrase(text: str) -> str:
    """A regular expression for `text` however its lines are wrapped (in a quote, too)."""
    return r"\s+(?:>\s+)?".join(re.escape(word) for word in text.split())


# (pattern, placeholder): sample-only passages of the bundled pages, most specific first.
PASSAGES: list[tuple[str, str]] = [
    (_phrase('Adapted from "Reciprocal reading in Year 5" by Sam Okafor and Hannah Clarke,'),
     'Adapted from "[Title of the page]" by [its authors],'),
    (_phrase("We use it for a few templates and policies we especially want to stay open,")
     + r"(?:\[[^\]]*\]\([^)]*\)|[^.\[])*\.",  # to the sentence's end, past its links
     "[Say which of your pages use this licence, if any.]"),
    (_phrase("Logs are deleted after no more than 30 days.") + r"(?:\s+If the website is "
     r"hosted by a service provider,[^.]*\.)?",
     "[Name the host that serves the website, how long it keeps these logs and on what "
     "terms: see docs/ADOPTING.md.]"),
    (r"(post: Data Protection Officer,)[^\n]*", r"\1 [postal address]"),
    (_phrase("by the trust's own web team; it has not yet been audited by an outside "
             "specialist"), "by [who tested it; whether an outside specialist has audited it]"),
    (r"01632 ?96\d ?\d{3}(?: \([^)\n]*\))?", "[phone number and opening hours]"),
    (rf"\b\d{{1,2}} (?:{_MONTHS}) 20\d\d\b", "[date]"),
    (r"\b(?:the )?(?:spring|summer|autumn) term 20\d\d\b", "[date]"),
    (r"\b(?:[Tt]he )?" + _phrase(SAMPLE_NAME) + r"\b", TRUST),
    (r"\bExampleshire\b", "[your area]"),
]

_EMAIL = re.compile(r"\b([A-Za-z0-9._%+-]+)@" + re.escape(SAMPLE_DOMAIN) + r"\b")
_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}[ \t]")


class SamplesError(Exception):
    """The samples cannot be removed (exit 2): the message says why."""


@dataclass
class Removal:
    already: bool = False  # the samples had been removed before: nothing was done
    files: list[str] = field(default_factory=list)  # removed, from the project root
    schools: list[str] = field(default_factory=list)  # ids of the sample schools
    pages: list[str] = field(default_factory=list)  # pages whose sample text was replaced


@dataclass
class _Sample:
    """What the sample's pages may name: its schools and people, and the removed files."""

    ids: list[str]  # the sample schools' ids
    names: dict[str, str]  # text -> placeholder
    removed: set[str]  # paths in content/ of the removed files


def remove_samples(root: Path) -> Removal:
    config = load_config(root)
    content, schools_file = config.docs_dir, config.data_dir / "schools.yml"
    shown = schools_file.relative_to(config.root).as_posix()
    try:
        schools_text = schools_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        schools_text = ""
    marker = MARKER.search(schools_text)
    if marker is None:
        raise SamplesError(
            f"{shown} has no line '# openpractice-sample: true', so this is not the bundled "
            "sample trust; nothing was removed (remove-samples never deletes a trust's own "
            "pages)")
    if marker[1] == "removed":
        return Removal(already=True)
    sample = _sample(schools_text, content)
    removal = Removal(schools=sample.ids)
    removal.files = _remove_items(content, config.root)
    for path in _pages(content):
        rel = path.relative_to(content).as_posix()
        text = path.read_text(encoding="utf-8")
        cleaned = clean_page(text, rel, sample)
        if cleaned != text:
            path.write_text(cleaned, encoding="utf-8", newline="\n")
            removal.pages.append(path.relative_to(config.root).as_posix())
    schools_file.write_text(SCHOOLS_TEMPLATE, encoding="utf-8", newline="\n")  # last: a
    # run stopped half way is finished by the next one
    return removal


def _sample(schools_text: str, content: Path) -> _Sample:
    try:
        schools: Any = yaml.safe_load(schools_text) or []
    except yaml.YAMLError:
        schools = []
    names: dict[str, str] = {}
    ids = []
    for school in schools if isinstance(schools, list) else []:
        if not isinstance(school, dict):
            continue
        if isinstance(school.get("id"), str):
            ids.append(school["id"])
            names[school["id"]] = "your-school-id"
        name = school.get("name")
        if isinstance(name, str):  # "Oakfield Academy, 11-18 (sample school)" -> the name
            short = re.sub(r"\s*\(.*?\)|,\s*\d+-\d+", "", name).strip()
            for variant in {name, short, re.sub(r" and Nursery$", "", short)}:
                names[variant] = "[school name]"
        champion = school.get("research_champion")
        if isinstance(champion, str):
            person = re.sub(r"\s*\(.*?\)", "", champion).strip()
            if person:
                names[person] = "[name]"
    removed = set()
    for kind in KINDS:
        for path in (content / kind).rglob("*") if (content / kind).is_dir() else ():
            removed.add(path.relative_to(content).as_posix())
    return _Sample(ids, names, removed)


def _remove_items(content: Path, root: Path) -> list[str]:
    """Delete every file in the item folders (links are removed, never followed), and the
    folders inside them; the three folders stay."""
    removed = []
    for kind in KINDS:
        top = content / kind
        if not top.is_dir() or top.is_symlink():
            continue
        for folder, dirs, files in os.walk(top, topdown=False):
            for name in sorted(files):
                path = Path(folder) / name
                path.unlink()
                removed.append(path.relative_to(root).as_posix())
            for name in dirs:
                path = Path(folder) / name
                if path.is_symlink():
                    path.unlink()
                else:
                    path.rmdir()
    return sorted(removed)


def _pages(content: Path) -> list[Path]:
    """The trust's own pages: every published .md outside the item folders."""
    pages = []
    for path in sorted(content.rglob("*.md")):
        rel = path.relative_to(content).as_posix()
        if rel.split("/")[0] in KINDS or is_unpublished(rel) or path.is_symlink():
            continue
        pages.append(path)
    return pages


def clean_page(text: str, rel: str, sample: _Sample) -> str:
    """A page with the sample's text made placeholders; `rel` is its path in content/."""
    split = split_front_matter(text)
    if isinstance(split, str):
        front, body = "", text
    else:
        body = split[2]
        front = text[: len(text) - len(body)]
    body = _whole(body, rel, sample) if rel in WHOLE_PAGES else _partial(body, rel, sample)
    return front + body


def _whole(body: str, rel: str, sample: _Sample) -> str:
    """Headings kept, each section a placeholder (the sample's notice goes), but for a
    section that is only a list of links to pages that stay ("Find out more")."""
    out: list[str] = []
    fenced = False
    section: list[str] | None = None
    for line in [*body.split("\n"), "# end"]:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not (_HEADING.match(line) and not fenced):
            if section is not None:
                section.append(line)
            continue
        if section is not None:
            kept = _links_that_stay(section, rel, sample.removed)
            out += ["", *kept, ""] if kept else ["", SECTION, ""]
        section = []
        out.append(line)
    out.pop()  # "# end"
    if not out:
        out = [SECTION, ""]
    while out and not out[-1]:
        out.pop()
    return "\n".join(["", *out, ""]) if body.startswith("\n") else "\n".join([*out, ""])


_LINK_ITEM = re.compile(r"[ \t]*[-*+][ \t]+\[[^\]\n]+\]\(([^)\s]+)\)[ \t]*")


def _links_that_stay(lines: list[str], rel: str, removed: set[str]) -> list[str]:
    """The section's lines, if they are only a list of links to pages that stay; else []."""
    items = [line for line in lines if line.strip()]
    for line in items:
        found = _LINK_ITEM.fullmatch(line)
        if found is None or "://" in found[1] or _resolve(found[1], rel) in removed:
            return []
    return items


def _resolve(target: str, rel: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(rel), target.split("#")[0]))


def _partial(body: str, rel: str, sample: _Sample) -> str:
    body = _notices(body)
    for pattern, placeholder in PASSAGES:
        body = re.sub(pattern, placeholder, body)
    body = _EMAIL.sub(lambda m: f"[{m[1]} email address]" if "." not in m[1]
                      else "[email address]", body)
    for name in sorted(sample.names, key=len, reverse=True):
        body = re.sub(r"(?<![\w-])" + _phrase(name) + r"(?![\w-])", sample.names[name], body)
    return _LINK.sub(lambda m: _unlink(m, rel, sample.removed), body)


def _notices(body: str) -> str:
    """Each quoted notice about the sample (it names the sample and Open Practice) becomes
    the note asking the trust to fill the page in."""
    lines, out, i = body.split("\n"), [], 0
    while i < len(lines):
        if not lines[i].startswith(">"):
            out.append(lines[i])
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].startswith(">"):
            i += 1
        quote = " ".join(lines[start:i]).casefold()
        out += [NOTICE] if "sample" in quote and "open practice" in quote else lines[start:i]
    return "\n".join(out)


def _unlink(match: re.Match[str], rel: str, removed: set[str]) -> str:
    """A link to a removed file becomes its text."""
    target = match[3].split("#", 1)[0]
    if not target or "://" in target or target.startswith(("/", "mailto:")):
        return match[0]
    return match[2] if _resolve(target, rel) in removed else match[0]
