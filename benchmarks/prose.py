"""Varied, deterministic prose for the benchmark corpus.

Bodies are assembled from sentence templates whose slots are filled from word pools and
from the item's own taxonomy labels, so every body differs and search queries behave like
they would on real write-ups. The text avoids anything the safeguarding rules flag
(dates, e-mail addresses, phone numbers, long digit runs) and any HTML or template syntax.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

STRATEGIES = (
    "retrieval practice",
    "worked examples",
    "low-stakes quizzing",
    "paired reading",
    "think-alouds",
    "structured talk",
    "live modelling",
    "self-explanation prompts",
    "spaced practice",
    "interleaved problem sets",
    "dual coding",
    "reciprocal teaching",
    "mini whiteboards",
    "cold calling",
    "knowledge organisers",
    "sentence stems",
    "graphic organisers",
    "pre-teaching vocabulary",
    "guided reading",
    "whole-class feedback",
    "exit tickets",
    "peer tutoring",
    "learning journals",
    "concrete manipulatives",
    "bar modelling",
    "choral reading",
    "echo reading",
    "hinge questions",
    "success criteria",
    "exemplar analysis",
    "scaffolded writing frames",
    "daily review",
    "verbal feedback codes",
    "editing stations",
    "reading fluency sprints",
    "oracy roles",
    "talk partners",
    "precision teaching",
    "social stories",
    "visual timetables",
    "zones of regulation",
    "restorative conversations",
)
ACTORS = (
    "our Year 5 team",
    "the maths department",
    "teaching assistants",
    "the SENCo",
    "early career teachers",
    "the English faculty",
    "subject leaders",
    "the pastoral team",
    "our reading lead",
    "form tutors",
    "the science department",
    "the phase leader",
    "two Year 3 classes",
    "the humanities team",
    "the attendance officer",
    "a small working group",
    "the nursery team",
    "heads of year",
    "the inclusion lead",
    "classroom teachers",
    "the trust research group",
    "the modern languages team",
)
OUTCOMES = (
    "more confident explanations",
    "fewer misconceptions in end-of-unit checks",
    "longer sustained writing",
    "better attendance on Mondays",
    "calmer transitions",
    "more accurate use of subject vocabulary",
    "higher completion of homework",
    "more pupils volunteering answers",
    "stronger recall after a fortnight",
    "clearer written reasoning",
    "improved reading stamina",
    "fewer behaviour referrals",
    "more precise questioning",
    "steadier progress for disadvantaged pupils",
    "richer classroom discussion",
    "better organised notebooks",
    "quicker starts to lessons",
    "more independent editing",
    "fewer gaps in prior knowledge",
    "greater fluency with number facts",
)
TIMES = (
    "over two terms",
    "across the spring term",
    "during the autumn term",
    "for six weeks",
    "over a full academic year",
    "in the first half term",
    "for three cycles of teaching",
    "throughout the summer term",
    "in a short pilot",
    "over eighteen months",
    "during lockdown catch-up",
    "in weekly sessions",
    "in every lesson for a fortnight",
)
ADJECTIVES = (
    "noticeable",
    "modest",
    "encouraging",
    "uneven",
    "surprising",
    "consistent",
    "gradual",
    "clear",
    "promising",
    "limited",
    "substantial",
    "early",
    "tentative",
    "robust",
)
DIFFICULTIES = (
    "timetabling",
    "staff turnover",
    "finding time for coaching",
    "keeping routines consistent",
    "photocopying budgets",
    "cover arrangements",
    "mixed prior attainment",
    "pupil absence",
    "competing priorities",
    "the pace of the curriculum",
    "assessment workload",
    "communicating with families",
    "sharing resources across sites",
)
RESOURCES = (
    "a shared slide template",
    "a one-page guide for colleagues",
    "a bank of model answers",
    "a short training video",
    "a question bank",
    "a planning checklist",
    "a parent leaflet",
    "a set of prompt cards",
    "a reading list for staff",
    "an observation rubric",
    "a coaching schedule",
    "a vocabulary list for each unit",
    "a feedback codes poster",
)
ROLES = (
    "Headteacher",
    "Deputy Headteacher",
    "SENCo",
    "Designated Safeguarding Lead",
    "Trust Director of Education",
    "Head of Maths",
    "Head of English",
    "Research Lead",
    "Chief Operating Officer",
    "Data Protection Officer",
    "Attendance Lead",
    "Curriculum Lead",
    "Head of Science",
    "Pastoral Lead",
    "Trust Estates Manager",
)
CONNECTIVES = (
    "In practice,",
    "As a result,",
    "Over time,",
    "At first,",
    "In particular,",
    "Crucially,",
    "For example,",
    "By contrast,",
    "Looking back,",
    "On reflection,",
    "Importantly,",
)


@dataclass(frozen=True)
class Context:
    """What a body is about: labels taken from the item's own front-matter."""

    kind: str
    title: str
    subjects: Sequence[str]
    themes: Sequence[str]
    phases: Sequence[str]
    groups: Sequence[str]
    links: Sequence[tuple[str, str]] = field(default_factory=tuple)


SENTENCES: tuple[str, ...] = (
    "{actor_c} tried {strategy} {time} and saw {adj} gains in {outcome}.",
    "We chose {strategy} because {theme} had come up in every review of {subject}.",
    "{conn} the pupils who benefited most were often {group}.",
    "The starting point was a simple question: how do we make {theme} visible in {subject}?",
    "{actor_c} met fortnightly to look at pupils' work and adjust {strategy}.",
    "Staff reported {outcome}, although the effect was {adj} rather than dramatic.",
    "{conn} {difficulty} made it hard to keep {strategy} going every week.",
    "We shared {resource} so that colleagues in other schools could adapt the approach.",
    "Most lessons began with five minutes of {strategy}, linked to the previous unit in {subject}.",
    "In {phase} classrooms this looked different: shorter tasks and more modelling.",
    "{conn} the biggest change was in how teachers talked about {theme}.",
    "Pupils were asked to explain their thinking aloud, which supported {theme} directly.",
    "We did not expect {difficulty} to matter as much as it did.",
    "{actor_c} used {resource} to keep the routine consistent between classes.",
    "Where {strategy} went alongside {strategy2}, the results were {adj}.",
    "The evidence on {theme} suggests that the details of implementation matter a great deal.",
    "{conn} we learned to introduce one routine at a time rather than several at once.",
    "Feedback from pupils was {adj}: many said lessons felt more predictable.",
    "We compared books from before and after the change, looking for {outcome}.",
    "A short survey of staff pointed to {difficulty} as the main barrier.",
    "For {group}, we added extra pre-teaching before each {subject} unit.",
    "The approach fits naturally alongside our curriculum work in {subject}.",
    "{conn} colleagues found it easier to plan when {strategy} was built into the scheme of work.",
    "We would recommend starting small, with one year group and a clear focus on {theme}.",
    "Leaders protected time in meetings so that {actor} could reflect on what was working.",
    "Parents noticed the difference too, mentioning {outcome} at consultation evenings.",
    "It took {time_short} before the routine felt automatic for the pupils.",
    "The main lesson for us was that {strategy} only works when expectations are explicit.",
    "We kept a simple log of each session, noting what went well and what to change.",
    "{conn} the work raised questions about how we assess {theme} in {phase} settings.",
    "Teachers adapted {resource} for their own classes, which kept ownership high.",
    "Attainment data is still {adj}, so we treat these findings with caution.",
    "We revisited the plan at the end of each half term and trimmed anything unnecessary.",
    "There is a risk that {strategy} becomes a tick-box exercise if it is not revisited.",
    "{actor_c} now leads a short briefing on {theme} for new staff each September.",
    "The study behind this approach involved schools much like ours.",
    "Careful sequencing of content in {subject} made {strategy} far more effective.",
    "We noticed that {group} often needed more time to rehearse answers orally.",
)
POLICY_SENTENCES: tuple[str, ...] = (
    "This policy applies to all staff, governors, volunteers and visitors.",
    "The {role} is responsible for ensuring that this policy is implemented consistently.",
    "Concerns should be raised with the {role} as soon as possible.",
    "Each school will publish a summary of this policy on its website.",
    "The trust will monitor the effectiveness of this policy through termly reports.",
    "Staff will receive training on {theme} as part of their induction.",
    "Where a school adapts this policy, the changes must be approved by the {role}.",
    "Records will be kept securely and retained only for as long as necessary.",
    "The policy reflects current statutory guidance and the trust's values.",
    "Any deviation from the procedure must be recorded and reported to the {role}.",
    "Pupils and families will be consulted when the policy is next reviewed.",
    "{conn} decisions will take account of the needs of {group}.",
    "Reasonable adjustments will be made for pupils with additional needs.",
    "The {role} will report to the board on {theme} at least once a year.",
    "Schools should refer to the relevant local authority procedures where appropriate.",
    "Staff must follow the steps below in order and record each action taken.",
    "{conn} the policy supports the trust's wider work on {theme} in {phase} settings.",
)
PRACTICE_HEADINGS = (
    "Why we started",
    "What we did",
    "What we noticed",
    "Next steps",
    "What we would change",
    "Resources",
    "How it works in the classroom",
    "Impact so far",
    "Getting started",
    "Working with families",
    "Training and coaching",
    "Challenges",
)
RESEARCH_HEADINGS = (
    "What the study did",
    "Key findings",
    "Implications for classrooms",
    "Caveats",
    "How this fits with other evidence",
    "Questions for your school",
    "The approach",
    "Costs and implementation",
    "Who took part",
)
POLICY_HEADINGS = (
    "Purpose",
    "Scope",
    "Roles and responsibilities",
    "Procedures",
    "Monitoring and review",
    "Definitions",
    "Training",
    "Related documents",
    "Equality impact",
    "Complaints",
)
LIST_INTROS = (
    "Our routine had a few simple steps:",
    "Three things made the difference:",
    "Colleagues asked us to share the following:",
    "Before starting, check that:",
    "The key actions are:",
    "We would suggest:",
)


def _pick(rng: random.Random, pool: Sequence[str], fallback: str) -> str:
    return rng.choice(pool) if pool else fallback


def _slots(rng: random.Random, ctx: Context) -> dict[str, str]:
    actor = rng.choice(ACTORS)
    strategy, strategy2 = rng.sample(STRATEGIES, 2)
    return {
        "actor": actor,
        "actor_c": actor[0].upper() + actor[1:],
        "strategy": strategy,
        "strategy2": strategy2,
        "outcome": rng.choice(OUTCOMES),
        "time": rng.choice(TIMES),
        "time_short": rng.choice(("a few weeks", "half a term", "about a month", "a term")),
        "adj": rng.choice(ADJECTIVES),
        "difficulty": rng.choice(DIFFICULTIES),
        "resource": rng.choice(RESOURCES),
        "conn": rng.choice(CONNECTIVES),
        "role": rng.choice(ROLES),
        "subject": lower_label(_pick(rng, ctx.subjects, "the curriculum")),
        "theme": lower_label(_pick(rng, ctx.themes, "teaching")),
        "phase": lower_label(_pick(rng, ctx.phases, "primary")),
        "group": _group(_pick(rng, ctx.groups, "disadvantaged pupils")),
    }


def _group(label: str) -> str:
    """A pupil-group label as a noun phrase: 'EAL' -> 'EAL pupils'."""
    text = lower_label(label)
    nouns = ("pupils", "children", "carers", "learners", "students")
    return text if any(n in text for n in nouns) else f"{text} pupils"


def lower_label(label: str) -> str:
    """'Early years' -> 'early years', but 'EAL' and 'SEND' stay as they are."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _templates(ctx: Context) -> tuple[str, ...]:
    return POLICY_SENTENCES + SENTENCES[:8] if ctx.kind == "policies" else SENTENCES


def sentence(rng: random.Random, ctx: Context, template: str | None = None) -> str:
    text = (template or rng.choice(_templates(ctx))).format(**_slots(rng, ctx))
    text = re.sub(r"\ba ([aeiou])", r"an \1", text)
    return text[0].upper() + text[1:]


def _sentences(rng: random.Random, ctx: Context, low: int, high: int) -> list[str]:
    """Distinct templates within one paragraph or list, so nothing repeats back to back."""
    templates = rng.sample(_templates(ctx), rng.randint(low, high))
    return [sentence(rng, ctx, t) for t in templates]


def _paragraph(rng: random.Random, ctx: Context, links: list[tuple[str, str]]) -> str:
    sentences = _sentences(rng, ctx, 3, 6)
    if links and rng.random() < 0.6:
        title, href = links.pop()
        sentences.insert(rng.randint(1, len(sentences)), f"See also [{title}]({href}).")
    return " ".join(sentences)


def _bullets(rng: random.Random, ctx: Context) -> str:
    ordered = rng.random() < 0.4
    items = _sentences(rng, ctx, 3, 6)
    marks = [f"{n}." if ordered else "-" for n in range(1, len(items) + 1)]
    lines = [f"{mark} {item}" for mark, item in zip(marks, items, strict=True)]
    return rng.choice(LIST_INTROS) + "\n\n" + "\n".join(lines)


def _quote(rng: random.Random, ctx: Context) -> str:
    return "> " + " ".join(_sentences(rng, ctx, 2, 2))


def _headings(kind: str) -> Sequence[str]:
    return {"practice": PRACTICE_HEADINGS, "research": RESEARCH_HEADINGS}.get(kind, POLICY_HEADINGS)


def _block(rng: random.Random, ctx: Context, links: list[tuple[str, str]]) -> str:
    roll = rng.random()
    makers: list[Callable[[], str]] = [
        lambda: _paragraph(rng, ctx, links),
        lambda: _bullets(rng, ctx),
        lambda: _quote(rng, ctx),
    ]
    return makers[0 if roll < 0.7 else 1 if roll < 0.93 else 2]()


def body(rng: random.Random, ctx: Context) -> str:
    """A Markdown body of roughly 300-700 words with headings, lists and links."""
    target = rng.randint(290, 600)
    links = list(ctx.links)
    rng.shuffle(links)
    headings = list(_headings(ctx.kind))
    rng.shuffle(headings)
    parts: list[str] = [_paragraph(rng, ctx, links)]
    words = len(parts[0].split())
    while words < target:
        heading = headings.pop() if headings else f"More on {rng.choice(STRATEGIES)}"
        parts.append(f"## {heading}")
        for _ in range(rng.randint(1, 3)):
            block = _block(rng, ctx, links)
            parts.append(block)
            words += len(block.split())
            if words >= target:
                break
    if links:
        parts.append("## Related")
        parts.append("\n".join(f"- [{title}]({href})" for title, href in links))
    return "\n\n".join(parts) + "\n"
