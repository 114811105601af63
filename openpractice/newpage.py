"""`openpractice new`: start a practice write-up, research summary or policy as a draft.

The page is made from the content model (`models.py`: every field of the type, in its order,
required ones filled in, optional ones as commented-out examples) and the project's own data
(`_data/`: its first school and theme unless others are given, its approval bodies, its
research summaries), so it names nothing that does not exist and validates with no errors.
The body is the type's template: a heading per section with a one-line prompt in italics
(`SECTIONS`); a template section left as it is, empty or holding only its prompt, is a
warning (`rules/sections.py`, rule `empty-section`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from .catalogue import Catalogue
from .config import load_config
from .data import DataFiles, load_data
from .models import MODELS, ItemBase, Stage, Status, Term, add_months
from .rules.terms import Guesser

# The word on the command line -> the content type (its folder under content/).
TYPES = {"practice": "practice", "research": "research", "policy": "policies"}
NOUNS = {"practice": "practice write-up", "research": "research summary", "policies": "policy"}
MAX_ID_LENGTH = 60


class NewPageError(Exception):
    """The page cannot be made as asked (exit 2): the message says why and what to do."""


@dataclass(frozen=True)
class Section:
    heading: str
    prompt: str  # one line, shown in italics under the heading until the author replaces it


# The advice of content/contributing.md, one prompt per section.
SECTIONS: dict[str, tuple[Section, ...]] = {
    "practice": (
        Section("Context", "Which pupils, in which school, and what problem made you try this?"),
        Section("What we did", "What you did, how often and for how long, so that another "
                "school could try it."),
        Section("What happened", "What changed, for whom and how you know, including for "
                "disadvantaged pupils and pupils with SEND; be modest about small numbers."),
        Section("What we would change", "What did not work, and what you would do "
                "differently next time."),
        Section("Next steps", "What happens next, and what you would like other schools to "
                "tell you."),
    ),
    "research": (
        Section("What the evidence says", "The main findings, with every figure checked "
                "against the source."),
        Section("What it means for disadvantaged pupils and pupils with SEND", "What the "
                "evidence says, or does not say, about these pupils."),
        Section("Caveats", "The limits of the evidence: how many pupils, which settings, and "
                "what it cannot tell us."),
        Section("How our schools use it", "Where our schools use it, with links to their "
                "practice write-ups."),
    ),
    "policies": (
        Section("Purpose", "What the policy is for, and who it applies to."),
        Section("Main points", "What staff, pupils and families need to know, in plain "
                "English."),
        Section("Review", "Who reviews the policy, how often, and how to comment on it."),
    ),
}

HEADER = """\
# A new {noun}, made by `openpractice new`. It is a draft: it appears nowhere on
# the site until you delete the line 'status: draft'. Replace every placeholder
# (the summary, "Your name"...) with your own words. A line starting with '#' is
# an optional field: delete the '# ' to use it. Never write anything that could
# identify a pupil (see the contributing guide)."""

PLACEHOLDERS = {
    "summary": "Say in one or two sentences what this page is about and who it could help.",
    "author": "Your name",
    "role": "Your role",
    "source.title": "Title of the study or report",
    "source.authors": "Author or organisation",
    "reviewed_by": "Your research champion's name",
    "owner": "Role responsible for the policy",
}

# Characters NFKD does not take apart, as ASCII.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe",
                       "Œ": "oe", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "þ": "th",
                       "Þ": "th", "&": " and "})


def make_id(title: str, limit: int = MAX_ID_LENGTH) -> str:
    """The id (file name) a title makes: ASCII, lower-case kebab-case, at most `limit`
    characters, cut at a hyphen. 'Ça va? Reading & writing' -> 'ca-va-reading-and-writing'."""
    text = unicodedata.normalize("NFKD", title.translate(_FOLD))
    text = text.encode("ascii", "ignore").decode().lower().replace("'", "")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:limit]
    return slug.strip("-")


@dataclass
class Choices:
    """What the author asked for on the command line (ids, in their order, each once)."""

    schools: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    phases: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)


def new_page(root: Path, type_word: str, title: str, choices: Choices,
             today: dt.date) -> Path:
    """Write the new page and return its path; NewPageError if it cannot be made."""
    kind = TYPES.get(type_word, type_word if type_word in MODELS else "")
    if kind not in MODELS:
        raise NewPageError(f"'{type_word}' is not a type of page; use one of: "
                           f"{', '.join(TYPES)}")
    config = load_config(root)
    title = " ".join(title.split())
    page_id = _check_title(title)
    folder = config.docs_dir / kind
    path = folder / f"{page_id}.md"
    taken = path if path.exists() else None
    if taken is None and folder.is_dir():  # ids are unique within a type, sub-folders too
        taken = next(folder.rglob(f"{page_id}.md"), None)
    if taken is not None:
        raise NewPageError(f"{_shown(taken, config.root)} already exists; choose another title "
                           "(the file name is made from it), or edit that page")
    data = load_data(config.data_dir, config.root)
    template = Template(kind, title, _checked(choices, data, config.root, config.data_dir),
                        data, today, config.default_license,
                        _research_ids(config.docs_dir / "research"))
    text = template.text()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # never overwrite
            handle.write(text)
    except FileExistsError:
        raise NewPageError(f"{_shown(path, config.root)} already exists") from None
    return path


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _check_title(title: str) -> str:
    model = MODELS["practice"].model_fields["title"]
    low, high = 5, 120
    for rule in model.metadata:
        low = getattr(rule, "min_length", None) or low
        high = getattr(rule, "max_length", None) or high
    if not low <= len(title) <= high:
        raise NewPageError(f"the title must be {low} to {high} characters long "
                           f"(it has {len(title)})")
    if any(unicodedata.category(c).startswith("C") for c in title):
        raise NewPageError("the title holds a control character; type it again")
    page_id = make_id(title)
    if not page_id:
        raise NewPageError("the title must hold some letters or digits: the file name is "
                           "made from them")
    if page_id == "index" or re.fullmatch(r"page-\d+", page_id):
        raise NewPageError(f"the title makes the file name '{page_id}.md', which is kept for "
                           "the generated lists; choose another title")
    return page_id


def _checked(choices: Choices, data: DataFiles, root: Path, data_dir: Path) -> Choices:
    """The choices with duplicates dropped; NewPageError naming the valid ids for any
    unknown one."""
    if data.taxonomy is None:
        raise NewPageError(f"{_shown(data_dir / 'taxonomy.yml', root)} cannot be read; run "
                           "'openpractice validate' to see why")
    schools_file = _shown(data_dir / "schools.yml", root)
    if choices.schools and not data.schools and any(
            p.path.endswith("schools.yml") and p.is_error for p in data.problems):
        raise NewPageError(f"{schools_file} has errors; run 'openpractice validate' to see them")
    known: dict[str, tuple[Iterable[str], str, str]] = {
        "schools": ([s.id for s in data.schools], "school", schools_file),
        "themes": (data.taxonomy.terms("themes"), "theme", "taxonomy.yml"),
        "phases": (data.taxonomy.terms("phases"), "phase", "taxonomy.yml"),
        "subjects": (data.taxonomy.terms("subjects"), "subject", "taxonomy.yml"),
    }
    out = Choices()
    for name, (ids, noun, where) in known.items():
        valid = list(ids)
        chosen = list(dict.fromkeys(getattr(choices, name)))
        for value in chosen:
            if value in valid:
                continue
            option = "--" + noun
            if not valid:
                raise NewPageError(f"{option} '{value}': there are no {noun}s in {where} yet; "
                                   f"add them there first (see docs/ADOPTING.md)")
            guess = Guesser(valid, lower=False)(value)
            hint = f"; did you mean '{guess}'?" if guess else ""
            raise NewPageError(f"{option} '{value}' is not a {noun} in {where}{hint}\n"
                               f"The {noun}s are: {', '.join(valid)}")
        setattr(out, name, chosen)
    return out


def _research_ids(folder: Path) -> list[str]:
    """Published research summaries (by a quick look at their `status`), in file order."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*.md")):
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:4000]
        except OSError:
            continue
        if not re.search(r"^status:\s*['\"]?(draft|archived)\b", head, re.MULTILINE):
            found.append(path.stem)
    return found


def _first(terms: dict[str, Term], *preferred: str) -> list[str]:
    picked = [t for t in preferred if t in terms]
    return picked or list(terms)[:1]


@dataclass
class Template:
    kind: str
    title: str
    choices: Choices
    data: DataFiles
    today: dt.date
    default_license: str
    research: list[str]

    def __post_init__(self) -> None:
        assert self.data.taxonomy is not None  # _checked makes sure
        self.taxonomy = self.data.taxonomy
        self.model: type[ItemBase] = MODELS[self.kind]

    def text(self) -> str:
        lines = ["---", HEADER.format(noun=NOUNS[self.kind])]
        for name in self.model.model_fields:
            if name != "id":
                lines += self.field_lines(name)
        lines += ["---", ""]
        for section in SECTIONS[self.kind]:
            lines += [f"## {section.heading}", "", f"_{section.prompt}_", ""]
        return "\n".join(lines)

    def field_lines(self, name: str) -> list[str]:
        """The lines for one field: its value, or an example commented out."""
        required = self.model.model_fields[name].is_required()
        value, note = self.value(name, required)
        if value is None:
            return []
        lines = _yaml_lines(name, value, self.nested(name))
        if not required and not self.given(name):
            lines = [f"# {line}" for line in lines]
        if note:
            lines[0] += f"  # {note}"
        return lines

    def given(self, name: str) -> bool:
        if name == "status":
            return True
        if name in ("applies_to", "review_cycle_months") or (name == "schools"
                                                             and self.kind == "practice"):
            return True  # required (review_cycle_months, unless next_review is given)
        return bool(getattr(self.choices, name, None))

    def nested(self, name: str) -> Callable[[str, Any], list[str]] | None:
        """How the optional fields of a nested model are written (source.publisher...)."""
        if name != "source":
            return None

        def optional(key: str, example: Any) -> list[str]:
            return [f"# {line}" for line in _yaml_lines(key, example)]
        return optional

    def value(self, name: str, required: bool) -> tuple[Any, str]:
        """(value or example, note) for a field; every field of every type is here, and a
        new field in the model fails `new` until it is (tests/core/test_newpage.py)."""
        tax, today = self.taxonomy, self.today
        schools = [s.id for s in self.data.schools]
        chosen = self.choices
        author = [{"name": PLACEHOLDERS["author"], "role": PLACEHOLDERS["role"]}]
        values: dict[str, Callable[[], tuple[Any, str]]] = {
            "title": lambda: (self.title, ""),
            "summary": lambda: (PLACEHOLDERS["summary"], "20 to 300 characters"),
            "date": lambda: (today, "first published"),
            "updated": lambda: (today, "the last big change, not before 'date'"),
            "authors": lambda: (author, "" if required else "who wrote it"),
            "schools": lambda: self.schools_value(schools),
            "phases": lambda: (chosen.phases or _first(tax.terms("phases")),
                               "" if chosen.phases else "ids from _data/taxonomy.yml"),
            "subjects": lambda: (chosen.subjects or _first(tax.terms("subjects")),
                                 "" if chosen.subjects else "ids from _data/taxonomy.yml"),
            "themes": lambda: (chosen.themes or _first(tax.terms("themes")),
                               "at least one theme from _data/taxonomy.yml"),
            "status": lambda: (Status.DRAFT.value, "delete this line when the page is ready"),
            "license": lambda: (self.default_license, "the default; or another licence from "
                                "_data/taxonomy.yml"),
            # practice
            "pupil_groups": lambda: (_first(tax.terms("pupil_groups"), "disadvantaged", "send"),
                                     "who it is meant to help"),
            "stage": lambda: (Stage.IDEA.value, _one_of([s.value for s in Stage])),
            "evidence": lambda: (self.research[:1], "ids of research summaries on this site")
            if self.research else (None, ""),
            "contact": lambda: ("Research Champion", "a role, or a shared address on the "
                                "trust's domain"),
            # research
            "source": lambda: ({"title": PLACEHOLDERS["source.title"],
                                "authors": [PLACEHOLDERS["source.authors"]],
                                "year": today.year}, ""),
            "evidence_strength": lambda: (0, "0 to 5 on the EEF Toolkit's padlock scale"),
            "impact_months": lambda: (0, "months of progress, only if checked against the "
                                      "live EEF Toolkit"),
            "eef_strand": lambda: (_first(tax.terms("eef_strands"))[0]
                                   if tax.eef_strands else None, "the matching EEF Toolkit "
                                   "strand, from _data/taxonomy.yml"),
            "reviewed_by": lambda: (PLACEHOLDERS["reviewed_by"], "who checked the summary"),
            "reviewed_on": lambda: (today, "when they checked it"),
            # policies
            "version": lambda: ("1.0", "in quotes"),
            "owner": lambda: (PLACEHOLDERS["owner"], "a role, not a person's name"),
            "approved_by": lambda: self.approved_by(),
            "approved_on": lambda: (today, ""),
            "review_cycle_months": lambda: (12, "or give next_review instead"),
            "next_review": lambda: (add_months(today, 12), "a date after approved_on"),
            "statutory": lambda: (False, "true if the law or statutory guidance requires it"),
            "applies_to": lambda: (chosen.schools or "trust", "'trust', or a list of school "
                                   "ids"),
        }
        if name not in values:
            raise KeyError(f"openpractice new does not know how to write the field '{name}'")
        return values[name]()

    def schools_value(self, schools: list[str]) -> tuple[Any, str]:
        if self.kind == "policies":  # a policy's schools are in applies_to
            return (None, "")
        if self.choices.schools:
            return self.choices.schools, ""
        if self.kind == "practice":
            if not schools:
                raise NewPageError("a practice write-up names its school, and "
                                   "_data/schools.yml lists no school yet; add your schools "
                                   "there first (see docs/ADOPTING.md)")
            return schools[:1], f"ids from _data/schools.yml: {', '.join(schools[:10])}" + (
                ", ..." if len(schools) > 10 else "")
        return (schools[:1] or None), "ids from _data/schools.yml"

    def approved_by(self) -> tuple[Any, str]:
        bodies = list(self.taxonomy.terms("approval_bodies"))
        if not bodies:
            raise NewPageError("a policy needs an approving body, and _data/taxonomy.yml lists "
                               "no approval_bodies; add them there first")
        return bodies[0], _one_of(bodies[:10]) + (", ..." if len(bodies) > 10 else "")


def _one_of(values: Sequence[str]) -> str:
    return "one of: " + ", ".join(values)


def _yaml_lines(key: str, value: Any,
                optional: Callable[[str, Any], list[str]] | None = None) -> list[str]:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        lines = [f"{key}:"]
        for entry in value:
            pairs = [f"{k}: {_scalar(v)}" for k, v in entry.items()]
            lines += ["  - " + pairs[0], *("    " + pair for pair in pairs[1:])]
        return lines
    if isinstance(value, dict):
        lines = [f"{key}:"]
        lines += ["  " + line for k, v in value.items() for line in _yaml_lines(k, v)]
        if optional is not None:
            examples = {"publisher": "Publisher", "url": "https://", "doi": "10.1234/abcd"}
            lines += ["  " + line for k, v in examples.items() for line in optional(k, v)]
        return lines
    return [f"{key}: {_scalar(value)}"]


def _scalar(value: Any) -> str:
    """A value as YAML reads it back exactly: plain where that is safe, else in quotes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | dt.date):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    text = str(value)
    if not _reads_back(text):  # e.g. a version, "1.0", which YAML would read as a number
        return json.dumps(text, ensure_ascii=False)
    return text


def _reads_back(text: str) -> bool:
    if not text or any(c in text for c in "#[]{},\"'") or text != text.strip():
        return False
    try:
        return bool(yaml.safe_load(f"k: {text}") == {"k": text})
    except yaml.YAMLError:
        return False


def model_fields(model: type[BaseModel]) -> list[str]:
    """The fields `new` writes for a model, in order (for the tests)."""
    return [name for name in model.model_fields if name != "id"]


def template_text(kind: str, catalogue: Catalogue, default_license: str) -> str | None:
    """The draft `new` would write for this trust, titled as a placeholder (the "Start a
    page" page, site/start.py); None when the trust cannot have one yet (a practice write-up
    needs a school)."""
    if kind == "practice" and not catalogue.schools:
        return None
    data = DataFiles(taxonomy=catalogue.taxonomy, schools=list(catalogue.schools.values()))
    research = [e.id for e in catalogue.of_kind("research") if e.model.status != "archived"]
    title = f"Your {NOUNS[kind]} title"
    return Template(kind, title, Choices(), data, catalogue.today, default_license, research).text()
