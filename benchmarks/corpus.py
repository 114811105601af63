"""Generate a complete, valid Open Practice project of any size for benchmarking.

    python benchmarks/corpus.py DEST N [--seed S]

writes DEST/content/{practice,research,policies}/*.md (about 50/30/20), the bundled
vocabulary (content/_data/taxonomy.yml and schools.yml copied from the project) and the
project's ordinary pages (or a minimal home page). Output is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import prose  # benchmarks/ is sys.path[0] when run as a script
import yaml

PROJECT = Path(__file__).resolve().parent.parent
# The sample trust (tests/fixture/): its vocabulary, schools and ordinary pages, never the
# project's own content/, which an adopting trust replaces.
PROJECT_CONTENT = PROJECT / "tests" / "fixture" / "content"
ITEM_KINDS = ("practice", "research", "policies")
TODAY = date(2026, 11, 22)
EARLIEST = date(2018, 9, 1)
LATEST = date(2026, 10, 31)

FIRST_NAMES = (
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Eleanor",
    "Farah",
    "George",
    "Hannah",
    "Imran",
    "Jess",
    "Kwame",
    "Laura",
    "Mohammed",
    "Niamh",
    "Owen",
    "Priya",
    "Rhys",
    "Sophie",
    "Tom",
    "Uzma",
    "Vikram",
    "Willow",
    "Yusuf",
    "Zara",
    "Aisha",
    "Callum",
    "Deborah",
    "Ewan",
    "Grace",
    "Harj",
)
LAST_NAMES = (
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "Okafor",
    "Patel",
    "Quinn",
    "Roberts",
    "Shah",
    "Taylor",
    "Usman",
    "Walker",
    "Williams",
    "Young",
    "Begum",
    "Chen",
    "Doyle",
    "Edwards",
)
STAFF_ROLES = (
    "Class teacher",
    "Head of Maths",
    "Head of English",
    "Research Lead",
    "SENCo",
    "Assistant Headteacher",
    "Teaching assistant",
    "Early career teacher",
    "Phase leader",
    "Reading lead",
    "Head of Science",
    "Curriculum Lead",
    "Deputy Headteacher",
)
POLICY_TOPICS = (
    "Behaviour",
    "Attendance",
    "Safeguarding and child protection",
    "Anti-bullying",
    "Special educational needs",
    "Accessibility",
    "Relationships and sex education",
    "Homework",
    "Marking and feedback",
    "Assessment",
    "Online safety",
    "Data protection",
    "Complaints",
    "Charging and remissions",
    "Exclusions",
    "Supporting pupils with medical needs",
    "Equality",
    "Curriculum",
    "Early reading",
    "Remote learning",
    "Uniform",
    "Careers guidance",
    "Staff code of conduct",
    "Whistleblowing",
    "Educational visits",
    "First aid",
)
PUBLISHERS = (
    "Education Endowment Foundation",
    "Routledge",
    "Cambridge University Press",
    "Department for Education",
    "National Foundation for Educational Research",
    "British Educational Research Journal",
    "Oxford Review of Education",
    "Sutton Trust",
)

FALLBACK_TAXONOMY: dict[str, list[dict[str, Any]]] = {
    "phases": [
        {"id": i, "label": lbl}
        for i, lbl in [
            ("early-years", "Early years"),
            ("primary", "Primary"),
            ("secondary", "Secondary"),
            ("post-16", "Post-16"),
        ]
    ],
    "subjects": [
        {"id": s.lower().replace(" ", "-"), "label": s}
        for s in (
            "English",
            "Maths",
            "Science",
            "History",
            "Geography",
            "Computing",
            "Art",
            "Music",
            "Modern languages",
            "Physical education",
            "Religious education",
        )
    ],
    "themes": [
        {"id": t.lower().replace(" ", "-"), "label": t}
        for t in (
            "Feedback",
            "Metacognition",
            "Reading",
            "Oracy",
            "Behaviour",
            "Attendance",
            "Assessment",
            "Curriculum",
            "Vocabulary",
            "Retrieval practice",
            "Inclusion",
            "Homework",
            "Parental engagement",
            "Professional development",
            "Wellbeing",
        )
    ],
    "pupil_groups": [
        {"id": "disadvantaged", "label": "Disadvantaged"},
        {"id": "send", "label": "SEND", "synonyms": ["special educational needs", "SEN"]},
        {"id": "eal", "label": "EAL"},
        {"id": "high-attainers", "label": "High attainers"},
        {"id": "looked-after", "label": "Looked-after children"},
    ],
    "eef_strands": [
        {"id": s.lower().replace(" ", "-"), "label": s}
        for s in (
            "Feedback",
            "Metacognition and self-regulation",
            "Reading comprehension",
            "Oral language interventions",
            "Homework",
            "Mastery learning",
            "Collaborative learning",
            "Phonics",
            "Parental engagement",
        )
    ],
    "approval_bodies": [
        {"id": "trust-board", "label": "Trust board"},
        {"id": "local-governing-body", "label": "Local governing body"},
        {"id": "executive-team", "label": "Executive team"},
    ],
    "licenses": [
        {"id": "CC-BY-4.0", "label": "CC BY 4.0"},
        {"id": "CC-BY-SA-4.0", "label": "CC BY-SA 4.0"},
        {"id": "CC-BY-NC-4.0", "label": "CC BY-NC 4.0"},
    ],
}
FALLBACK_SCHOOLS: list[dict[str, Any]] = [
    {"id": sid, "name": name, "urn": f"1{n:05d}", "phase": phase}
    for n, (sid, name, phase) in enumerate(
        [
            ("oakfield-primary", "Oakfield Primary School", "primary"),
            ("riverside-academy", "Riverside Academy", "secondary"),
            ("st-marys-infants", "St Mary's Infant School", "primary"),
            ("hillcrest-high", "Hillcrest High School", "secondary"),
            ("meadow-nursery", "Meadow Nursery", "early-years"),
            ("castle-sixth-form", "Castle Sixth Form College", "post-16"),
        ],
        start=40000,
    )
]


@dataclass(frozen=True)
class Vocabulary:
    """Term ids and labels from taxonomy.yml, and the schools from schools.yml."""

    taxonomy: dict[str, list[dict[str, Any]]]
    schools: list[dict[str, Any]]
    source: str

    def ids(self, key: str) -> list[str]:
        return [str(t["id"]) for t in self.taxonomy.get(key) or []]

    def label(self, key: str, term: str) -> str:
        for t in self.taxonomy.get(key) or []:
            if str(t["id"]) == term:
                return str(t.get("label") or term)
        return term

    def school_ids(self) -> list[str]:
        return [str(s["id"]) for s in self.schools]


def _schools_list(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        data = data.get("schools", [])
    return [s for s in data or [] if isinstance(s, dict) and "id" in s]


def load_vocabulary(data_dir: Path = PROJECT_CONTENT / "_data") -> Vocabulary:
    """The project's bundled vocabulary, or a small built-in one if it is not there yet."""
    tax_file, schools_file = data_dir / "taxonomy.yml", data_dir / "schools.yml"
    if tax_file.is_file() and schools_file.is_file():
        taxonomy = yaml.safe_load(tax_file.read_text(encoding="utf-8-sig")) or {}
        schools = _schools_list(yaml.safe_load(schools_file.read_text(encoding="utf-8-sig")))
        return Vocabulary(taxonomy, schools, str(data_dir))
    print(f"corpus: {data_dir} not found, using the built-in vocabulary", file=sys.stderr)
    return Vocabulary(FALLBACK_TAXONOMY, FALLBACK_SCHOOLS, "built-in")


@dataclass
class Item:
    kind: str
    id: str
    title: str
    status: str
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        return f"{self.kind}/{self.id}.md"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def _unique_id(title: str, taken: set[str]) -> str:
    base = _slug(title) or "item"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _sample(rng: random.Random, pool: Sequence[str], low: int, high: int) -> list[str]:
    if not pool:
        return []
    return rng.sample(list(pool), min(len(pool), rng.randint(low, high)))


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def _title(
    rng: random.Random,
    kind: str,
    vocab: Vocabulary,
    themes: list[str],
    subjects: list[str],
    phases: list[str],
) -> str:
    theme = prose.lower_label(vocab.label("themes", themes[0]))
    subject = vocab.label("subjects", subjects[0]) if subjects else "the curriculum"
    phase = prose.lower_label(vocab.label("phases", phases[0])) if phases else "primary"
    strategy = rng.choice(prose.STRATEGIES)
    actor = rng.choice(prose.ACTORS)
    templates = {
        "practice": (
            f"{_cap(strategy)} in {phase} {subject}",
            f"Using {strategy} to strengthen {theme}",
            f"How {actor} embedded {strategy}",
            f"{_cap(theme)} through {strategy}: a {phase} case study",
            f"Making {theme} stick in {subject} with {strategy}",
            f"{_cap(strategy)} for {theme} across the school",
        ),
        "research": (
            f"{_cap(strategy)}: what the evidence says about {theme}",
            f"Research summary: {strategy} and {theme}",
            f"Does {strategy} improve {theme} in {subject}?",
            f"{_cap(theme)} in {phase} schools: a review of {strategy}",
            f"Evidence digest: {strategy} in {subject}",
        ),
        "policies": (
            f"{rng.choice(POLICY_TOPICS)} policy",
            f"{rng.choice(POLICY_TOPICS)} policy for {phase} schools",
            f"{rng.choice(POLICY_TOPICS)} procedure",
            f"Trust {rng.choice(POLICY_TOPICS).lower()} policy",
        ),
    }
    return re.sub(r"\ba ([aeiou])", r"an \1", rng.choice(templates[kind]))[:120]


def _status(rng: random.Random) -> str:
    roll = rng.random()
    return "draft" if roll < 0.04 else "archived" if roll < 0.10 else "published"


def _common(rng: random.Random, kind: str, vocab: Vocabulary) -> dict[str, Any]:
    published = _random_date(rng, EARLIEST, LATEST)
    meta: dict[str, Any] = {"date": published}
    if rng.random() < 0.35:
        meta["updated"] = _random_date(rng, published, TODAY)
    if kind != "policies" or rng.random() < 0.3:
        meta["authors"] = [
            {"name": _name(rng), "role": rng.choice(STAFF_ROLES)}
            if rng.random() < 0.8
            else {"name": _name(rng)}
            for _ in range(rng.choices((1, 2, 3), (6, 3, 1))[0])
        ]
    meta["phases"] = _sample(rng, vocab.ids("phases"), 1, 2)
    meta["subjects"] = _sample(rng, vocab.ids("subjects"), 0 if kind == "policies" else 1, 2)
    meta["themes"] = _sample(rng, vocab.ids("themes"), 1, 3)
    low = 1 if kind == "practice" else 0
    schools = _sample(rng, vocab.school_ids(), low, 2 if kind == "practice" else 1)
    if schools:
        meta["schools"] = schools
    if rng.random() < 0.1 and vocab.ids("licenses"):
        meta["license"] = rng.choice(vocab.ids("licenses"))
    return {k: v for k, v in meta.items() if v != []}


def _practice_meta(rng: random.Random, vocab: Vocabulary, research: list[Item]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    groups = _sample(rng, vocab.ids("pupil_groups"), 0, 2)
    if groups:
        meta["pupil_groups"] = groups
    meta["stage"] = rng.choice(("idea", "piloting", "embedded", "evaluated"))
    usable = [r.id for r in research if r.status != "draft"]
    if usable and rng.random() < 0.6:
        meta["evidence"] = rng.sample(usable, min(len(usable), rng.randint(1, 3)))
    if rng.random() < 0.3:
        meta["contact"] = rng.choice(prose.ROLES)
    return meta


def _research_meta(rng: random.Random, vocab: Vocabulary, published: date) -> dict[str, Any]:
    year = rng.randint(max(1995, published.year - 25), published.year)
    strategy = rng.choice(prose.STRATEGIES)
    outcome = rng.choice(prose.OUTCOMES)
    source: dict[str, Any] = {
        "title": f"The effects of {strategy} on {outcome}",
        "authors": [_name(rng) for _ in range(rng.randint(1, 4))],
        "year": year,
    }
    if rng.random() < 0.7:
        source["publisher"] = rng.choice(PUBLISHERS)
    if rng.random() < 0.5:
        source["url"] = f"https://example.org/research/{_slug(strategy)}-{rng.randint(1, 9999)}"
    if rng.random() < 0.4:
        source["doi"] = f"10.{rng.randint(1000, 99999)}/{_slug(strategy)}.{rng.randint(1, 999)}"
    meta: dict[str, Any] = {"source": source, "evidence_strength": rng.randint(0, 5)}
    if rng.random() < 0.6:
        meta["impact_months"] = rng.choice((-1, 0, 1, 2, 2, 3, 3, 4, 5, 6, 7, 8))
    if rng.random() < 0.7 and vocab.ids("eef_strands"):
        meta["eef_strand"] = rng.choice(vocab.ids("eef_strands"))
    champions = [str(s["research_champion"]) for s in vocab.schools if s.get("research_champion")]
    meta["reviewed_by"] = rng.choice(champions) if champions else _name(rng)
    meta["reviewed_on"] = _random_date(rng, max(date(year, 1, 1), published - timedelta(60)), published)
    return meta


def _policy_meta(rng: random.Random, vocab: Vocabulary) -> dict[str, Any]:
    """Mostly current policies; about one in ten is overdue for review (a warning)."""
    cycle = rng.choice((12, 12, 24, 24, 36))
    approved = TODAY - timedelta(days=rng.randint(20, int(cycle * 30.4 * 1.1)))
    meta: dict[str, Any] = {
        "version": f"{rng.randint(1, 6)}.{rng.randint(0, 9)}",
        "owner": rng.choice(prose.ROLES),
        "approved_by": rng.choice(vocab.ids("approval_bodies")),
        "approved_on": approved,
    }
    if rng.random() < 0.2:
        meta["next_review"] = approved + timedelta(days=rng.randint(365, 1100))
    else:
        meta["review_cycle_months"] = cycle
    meta["statutory"] = rng.random() < 0.5
    schools = vocab.school_ids()
    meta["applies_to"] = "trust" if rng.random() < 0.6 or not schools else _sample(rng, schools, 1, 3)
    return meta


def _plan_kind(
    rng: random.Random,
    kind: str,
    count: int,
    vocab: Vocabulary,
    taken: set[str],
    research: list[Item],
) -> list[Item]:
    items: list[Item] = []
    for _ in range(count):
        meta = _common(rng, kind, vocab)
        title = _title(rng, kind, vocab, meta["themes"], meta.get("subjects", []), meta["phases"])
        item = Item(kind, _unique_id(title, taken), title, _status(rng))
        meta = {"title": title, "summary": "", **meta}
        if kind == "practice":
            meta.update(_practice_meta(rng, vocab, research))
        elif kind == "research":
            meta.update(_research_meta(rng, vocab, meta["date"]))
        else:
            meta.update(_policy_meta(rng, vocab))
        if item.status != "published":
            meta["status"] = item.status
        item.meta = meta
        items.append(item)
    return items


def plan(n_items: int, seed: int, vocab: Vocabulary) -> list[Item]:
    """Front-matter for every item; bodies are written separately."""
    rng = random.Random(seed)
    n_research, n_policies = round(n_items * 0.3), round(n_items * 0.2)
    n_practice = n_items - n_research - n_policies
    research = _plan_kind(rng, "research", n_research, vocab, set(), [])
    practice = _plan_kind(rng, "practice", n_practice, vocab, set(), research)
    policies = _plan_kind(rng, "policies", n_policies, vocab, set(), [])
    return practice + research + policies


def _context(item: Item, vocab: Vocabulary, links: list[tuple[str, str]]) -> prose.Context:
    meta = item.meta
    return prose.Context(
        kind=item.kind,
        title=item.title,
        subjects=[vocab.label("subjects", s) for s in meta.get("subjects", [])],
        themes=[vocab.label("themes", t) for t in meta.get("themes", [])],
        phases=[vocab.label("phases", p) for p in meta.get("phases", [])],
        groups=[vocab.label("pupil_groups", g) for g in meta.get("pupil_groups", [])]
        or [vocab.label("pupil_groups", g) for g in vocab.ids("pupil_groups")[:3]],
        links=links,
    )


def _links(rng: random.Random, item: Item, linkable: list[Item]) -> list[tuple[str, str]]:
    chosen = rng.sample(linkable, min(len(linkable), rng.randint(2, 4)))
    evidence = set(item.meta.get("evidence", []))
    chosen += [r for r in linkable if r.kind == "research" and r.id in evidence]
    seen: dict[str, tuple[str, str]] = {}
    for other in chosen:
        if other.path != item.path:
            href = f"{other.id}.md" if other.kind == item.kind else f"../{other.path}"
            seen[other.path] = (other.title, href)
    return list(seen.values())


def _summary(rng: random.Random, ctx: prose.Context) -> str:
    text = prose.sentence(rng, ctx)
    while len(text) < 60:
        text += " " + prose.sentence(rng, ctx)
    return text if len(text) <= 300 else text[:296].rsplit(" ", 1)[0] + "..."


def _render(item: Item, body: str) -> str:
    front = yaml.safe_dump(item.meta, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n\n{body}"


def _copy_pages(dest_content: Path) -> None:
    """The project's ordinary pages (home, about...), or a minimal home page."""
    copied = False
    if PROJECT_CONTENT.is_dir():
        for src in PROJECT_CONTENT.iterdir():
            if src.name in (*ITEM_KINDS, "_data"):
                continue
            target = dest_content / src.name
            if src.is_dir():
                shutil.copytree(src, target, dirs_exist_ok=True)
            else:
                shutil.copy2(src, target)
            copied = copied or src.name == "index.md"


_ITEM_LINK = re.compile(r"\[([^\]]+)\]\(((?:\.\./)*(?:practice|research|policies)/[a-z0-9-]+\.md)"
                        r"(?:#[^)]*)?\)")


def _unlink_missing_items(dest_content: Path) -> None:
    """The copied pages link to the bundled sample items, which the corpus does not have:
    keep those links' text and drop the link, so the builds are free of warnings."""
    for page in dest_content.rglob("*.md"):
        if page.parent.name in ITEM_KINDS or "_data" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")

        def unlink(match: re.Match[str], page: Path = page) -> str:
            target = (page.parent / match[2]).resolve()
            return match[0] if target.exists() else match[1]

        fixed = _ITEM_LINK.sub(unlink, text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def _write_data(dest_data: Path, vocab: Vocabulary) -> None:
    dest_data.mkdir(parents=True, exist_ok=True)
    source = Path(vocab.source)
    if source.is_dir():
        for name in ("taxonomy.yml", "schools.yml"):
            shutil.copy2(source / name, dest_data / name)
        return
    for name, data in (("taxonomy.yml", vocab.taxonomy), ("schools.yml", vocab.schools)):
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        (dest_data / name).write_text(text, encoding="utf-8")


def generate_corpus(dest: Path, n_items: int, seed: int = 1) -> None:
    """Write a complete project with n_items valid items into dest (content/ is replaced)."""
    vocab = load_vocabulary()
    content = Path(dest) / "content"
    if content.exists():
        shutil.rmtree(content)
    for kind in ITEM_KINDS:
        (content / kind).mkdir(parents=True)
    _write_data(content / "_data", vocab)
    _copy_pages(content)
    items = plan(n_items, seed, vocab)
    linkable = [i for i in items if i.status != "draft"]
    rng = random.Random(seed * 7919 + 17)
    for item in items:
        ctx = _context(item, vocab, _links(rng, item, linkable))
        item.meta["summary"] = _summary(rng, ctx)
        text = _render(item, prose.body(rng, ctx))
        (content / item.path).write_text(text, encoding="utf-8")
    _unlink_missing_items(content)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate_corpus(args.dest, args.n, args.seed)
    print(f"wrote {args.n} items to {args.dest / 'content'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
