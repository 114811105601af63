"""What Pagefind learns about one item: its filters, sort keys and result metadata.

Everything here is computed from the item's typed model (and the catalogue, for labels and for
the research a practice write-up cites), so the Explore page's facets mean exactly what the
content model says. Filter values are the labels readers see ("Disadvantaged pupils", not
"disadvantaged"): they appear in the facet lists and in shareable URLs. Templates print every
string with `| e`.

Facets (Pagefind filter name = URL parameter):

    type       Practice / Research / Policy
    theme      themes                      (taxonomy labels)
    phase      phases                      (taxonomy labels)
    subject    subjects                    (taxonomy labels)
    school     school names: an item's `schools`; a policy's `applies_to` (trust = every school)
    group      pupil groups (practice)     (taxonomy labels)
    stage      Idea / Piloting / Embedded / Evaluated (practice)
    evidence   "4/5 extensive evidence": a research summary's own strength; a practice
               write-up's is the strongest research it cites ("No research linked" if none)
    strand     EEF Toolkit strand (research)
    recheck    Current / Due soon / Overdue (research: its re-check, `research_review_months`
               after reviewed_on; computed against the build date)
    review     Current / Due soon / Overdue (policies; computed against the build date)
    statutory  Statutory / Not statutory (policies)
    disadvantaged, send, eal, size
               the context of the item's schools (as `school`), in bands: "Under 20%",
               "20-40%", "Over 40%" of pupils disadvantaged... (SCHOOL_CONTEXT); an item
               carries the band of each of its schools that gives the figure

Taxonomy facets (theme, phase, subject, group, strand) carry every wider term too (`broader`
in taxonomy.yml): an item tagged `ks2` is also found, and counted, under the primary phase.

Sorts: `date` (ISO date it was last published or updated) and `evidence` (strength, then
date: one number, because Pagefind sorts on one key). Pages without a key (policies have no
evidence strength; ordinary pages have neither) are not dropped by the Explore page: it lists
them after the sorted ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..catalogue import KIND_ORDER, Catalogue, Entry
from ..models import Policy, Practice, Research, ReviewStatus, School, Stage
from ..reviews import recheck_status
from ..site.templating import NO_RESEARCH, STAGES, STRENGTH_WORDS, stage_and_evidence
from ..site.text import day

EPOCH = dt.date(1970, 1, 1)
# `evidence` sort key = strength * EVIDENCE_STEP + days since 1970 (newest first within a
# strength). Pagefind parses sort keys as numbers; this stays exact (< 2**24) until 2243.
EVIDENCE_STEP = 100_000
TRUST_WIDE = "All schools (trust-wide)"
STATUTORY = ("Statutory", "Not statutory")
TYPE_LABELS = {"practice": "Practice", "research": "Research", "policies": "Policy"}


@dataclass(frozen=True)
class ContextBands:
    """A school context figure (`School.<field>`) as three bands: under `low`, `low` to
    `high` (both included), over `high`."""

    key: str  # facet key
    field: str  # the School model's field
    legend: str
    labels: tuple[str, str, str]
    low: float
    high: float
    hint: str = "From the published figures of the schools an item names."

    def band(self, value: float) -> str:
        return self.labels[0] if value < self.low else (
            self.labels[2] if value > self.high else self.labels[1])


def _percent_bands(key: str, field: str, who: str, low: int, high: int) -> ContextBands:
    return ContextBands(key, field, f"School: {who}",
                        (f"Under {low}%", f"{low}-{high}%", f"Over {high}%"), low, high)


# Bands near the national picture for England (about a quarter of pupils disadvantaged, a
# fifth with SEND or with EAL), so that "schools like yours" splits a trust usefully.
SCHOOL_CONTEXT: tuple[ContextBands, ...] = (
    _percent_bands("disadvantaged", "disadvantaged_percent", "disadvantaged pupils", 20, 40),
    _percent_bands("send", "send_percent", "pupils with SEND", 15, 25),
    _percent_bands("eal", "eal_percent", "pupils with EAL", 10, 30),
    ContextBands("size", "pupils", "School: pupils on roll",
                 ("Under 250 pupils", "250-999 pupils", "1,000 pupils or more"), 250, 999),
)


def school_context(school: School) -> dict[str, str]:
    """facet key -> the school's band, for each context figure the school gives."""
    found = {}
    for bands in SCHOOL_CONTEXT:
        value = getattr(school, bands.field)
        if value is not None:
            found[bands.key] = bands.band(value)
    return found


@dataclass(frozen=True)
class Facet:
    key: str  # Pagefind filter name and URL parameter
    legend: str  # what the Explore page calls it
    hint: str = ""  # one line under the legend, when the name alone could mislead


FACETS: tuple[Facet, ...] = (
    Facet("type", "Type"),
    Facet("theme", "Theme"),
    Facet("phase", "Phase"),
    Facet("subject", "Subject"),
    Facet("group", "Pupil group"),
    Facet("school", "School"),
    Facet("evidence", "Evidence strength",
          "Research: its own strength. Practice: the strongest research it cites."),
    Facet("stage", "Stage of practice"),
    Facet("strand", "EEF Toolkit strand"),
    Facet("recheck", "Research re-check",
          "When a research summary is next due to be checked against the latest evidence."),
    Facet("review", "Policy review"),
    Facet("statutory", "Statutory policy"),
    *(Facet(c.key, c.legend, c.hint) for c in SCHOOL_CONTEXT),
)
FACET_KEYS = tuple(f.key for f in FACETS)


@dataclass(frozen=True)
class SearchRecord:
    filters: dict[str, list[str]]  # facet key -> labels (only non-empty facets)
    sorts: dict[str, str]
    meta: dict[str, str]  # shown in results; never empty strings


def strength_label(strength: int) -> str:
    return f"{strength}/5 {STRENGTH_WORDS[strength]}"


def evidence_strength(entry: Entry, catalogue: Catalogue) -> int | None:
    """Research: its own strength. Practice: the strongest research it cites. Else None."""
    model = entry.model
    if isinstance(model, Research):
        return model.evidence_strength
    if isinstance(model, Practice):
        return catalogue.strongest_evidence(entry)
    return None


def school_ids(entry: Entry, catalogue: Catalogue) -> list[str]:
    model = entry.model
    if isinstance(model, Policy):
        return list(catalogue.schools) if model.applies_to_trust else list(model.applies_to)
    return list(model.schools)


def _labels(catalogue: Catalogue, vocabulary: str, ids: list[str]) -> list[str]:
    """The terms' labels, then those of every wider term (`broader`), each once."""
    return list(dict.fromkeys(catalogue.term_label(vocabulary, i)
                              for i in catalogue.with_wider(vocabulary, ids)))


def _school_names(catalogue: Catalogue, ids: list[str]) -> list[str]:
    return [catalogue.school_name(i) for i in ids]


def stage_label(stage: Stage) -> str:
    return STAGES[stage][0] if stage in STAGES else str(stage).capitalize()


def evidence_sort_key(strength: int, changed: dt.date) -> str:
    return str(strength * EVIDENCE_STEP + (changed - EPOCH).days)


def search_record(entry: Entry, catalogue: Catalogue) -> SearchRecord:
    model = entry.model
    filters: dict[str, list[str]] = {
        "type": [TYPE_LABELS[model.kind]],
        "theme": _labels(catalogue, "themes", model.themes),
        "phase": _labels(catalogue, "phases", model.phases),
        "subject": _labels(catalogue, "subjects", model.subjects),
        "school": _school_names(catalogue, school_ids(entry, catalogue)),
    }
    for school_id in school_ids(entry, catalogue):
        school = catalogue.schools.get(school_id)
        for key, band in (school_context(school) if school else {}).items():
            filters.setdefault(key, [])
            if band not in filters[key]:
                filters[key].append(band)
    changed = model.last_changed
    sorts = {"date": changed.isoformat()}
    meta = {
        "title": model.title,
        "type": TYPE_LABELS[model.kind],
        "kind": model.kind,
        "summary": model.summary,
        "date": changed.isoformat(),
        "date_label": ("Updated " if model.updated else "Published ") + day(changed),
    }

    strength = evidence_strength(entry, catalogue)
    if strength is not None:
        filters["evidence"] = [strength_label(strength)]
        sorts["evidence"] = evidence_sort_key(strength, changed)
        meta["evidence"] = str(strength)
        if isinstance(model, Research):
            meta["evidence_label"] = f"Evidence {strength}/5"
    elif isinstance(model, Practice):
        filters["evidence"] = [NO_RESEARCH]

    if isinstance(model, Practice):
        filters["group"] = _labels(catalogue, "pupil_groups", model.pupil_groups)
        filters["stage"] = [stage_label(model.stage)]
        # as the listing cards say it: the stage beside what it cites, never a rating of the
        # practice ("Idea · cites extensive evidence (4/5)", "Embedded · no research linked")
        meta["evidence_label"] = stage_and_evidence(model.stage, strength)
    if isinstance(model, Research) and model.eef_strand:
        filters["strand"] = _labels(catalogue, "eef_strands", [model.eef_strand])
    if isinstance(model, Research):
        filters["recheck"] = [recheck_status(model, catalogue.recheck_months,
                                             catalogue.today).label]
    if isinstance(model, Policy):
        status = model.review_status(catalogue.today)
        filters["review"] = [status.label]
        filters["statutory"] = [STATUTORY[0] if model.statutory else STATUTORY[1]]
        meta["review"] = status.label
        meta["review_state"] = status.value
        meta["schools"] = TRUST_WIDE if model.applies_to_trust else ", ".join(filters["school"])
    elif filters["school"]:
        meta["schools"] = ", ".join(filters["school"])

    return SearchRecord(
        filters={k: v for k, v in filters.items() if v},
        sorts=sorts,
        meta={k: v for k, v in meta.items() if v},
    )


@dataclass(frozen=True)
class FacetOption:
    label: str
    count: int  # items with this value in the whole catalogue


@dataclass(frozen=True)
class FacetGroup:
    facet: Facet
    options: list[FacetOption]

    @property
    def key(self) -> str:
        return self.facet.key


def _order(catalogue: Catalogue) -> dict[str, list[str]]:
    """Every possible label of each facet, in the order the Explore page lists them."""
    tax = catalogue.taxonomy
    return {
        "type": [TYPE_LABELS[k] for k in KIND_ORDER],
        "theme": [t.label for t in tax.themes],
        "phase": [t.label for t in tax.phases],
        "subject": [t.label for t in tax.subjects],
        "group": [t.label for t in tax.pupil_groups],
        "school": [s.name for s in catalogue.schools.values()],
        "evidence": [*(strength_label(s) for s in sorted(STRENGTH_WORDS, reverse=True)),
                     NO_RESEARCH],
        "stage": [stage_label(s) for s in Stage],
        "strand": [t.label for t in tax.eef_strands],
        "recheck": [s.label for s in ReviewStatus],
        "review": [s.label for s in ReviewStatus],
        "statutory": list(STATUTORY),
        **{c.key: list(c.labels) for c in SCHOOL_CONTEXT},
    }


def facet_groups(catalogue: Catalogue,
                 records: Iterable[SearchRecord] | None = None) -> list[FacetGroup]:
    """The facets with the values the catalogue uses (with counts), in a stable order.
    `records`: every item's search record, when already made (else they are made here).

    A value no item has is left out; a facet no item has (e.g. no policies yet) is left out.
    Values outside the known order (a term missing from the taxonomy) come last, A-Z.
    """
    counts: dict[str, dict[str, int]] = {key: {} for key in FACET_KEYS}
    if records is None:
        records = (search_record(entry, catalogue) for entry in catalogue)
    for record in records:
        for key, values in record.filters.items():
            for value in dict.fromkeys(values):
                counts[key][value] = counts[key].get(value, 0) + 1
    order = _order(catalogue)
    groups = []
    for facet in FACETS:
        seen = counts[facet.key]
        known = [v for v in dict.fromkeys(order[facet.key]) if v in seen]
        extra = sorted(v for v in seen if v not in known)
        options = [FacetOption(v, seen[v]) for v in known + extra]
        if options:
            groups.append(FacetGroup(facet, options))
    return groups
