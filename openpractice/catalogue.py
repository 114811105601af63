"""The catalogue: every valid item, typed, with what the site derives from the whole set
(backlinks, theme and school listings, the policy register). Built once per build."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .config import DEFAULT_RESEARCH_REVIEW_MONTHS
from .models import ItemBase, Policy, Practice, Research, ReviewStatus, School, Taxonomy, Term

KIND_ORDER = ("practice", "research", "policies")


@dataclass(frozen=True)
class Entry:
    """One content item: its typed model plus where it came from."""

    model: ItemBase
    src_path: str  # relative to docs_dir, e.g. "practice/reciprocal-reading.md"
    body: str = field(repr=False, default="")

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def kind(self) -> str:
        return self.model.kind

    @property
    def url(self) -> str:
        """Site-relative URL with MkDocs' directory URLs: practice/x/."""
        return f"{self.kind}/{self.id}/"


@dataclass(frozen=True)
class RegisterRow:
    entry: Entry
    policy: Policy
    next_review: date
    status: ReviewStatus


class Catalogue:
    def __init__(
        self, entries: Iterable[Entry], taxonomy: Taxonomy, schools: Iterable[School],
        today: date, recheck_months: int = DEFAULT_RESEARCH_REVIEW_MONTHS,
    ) -> None:
        self.taxonomy = taxonomy
        self.schools = {school.id: school for school in schools}
        self.today = today
        # A research summary is due for re-checking this many months after reviewed_on
        # (mkdocs.yml: research_review_months).
        self.recheck_months = recheck_months
        self._wider: dict[tuple[str, str], list[str]] = {}
        self._terms: dict[str, dict[str, Term]] = {}  # vocabulary -> id -> term, made once
        self._all = sorted(entries, key=lambda e: (KIND_ORDER.index(e.kind), e.id))
        # Drafts never leave the catalogue: nothing downstream can publish them by accident.
        self.drafts = [e for e in self._all if e.model.is_draft]
        self.entries = [e for e in self._all if not e.model.is_draft]
        self._by_key = {(e.kind, e.id): e for e in self.entries}

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, kind: str, item_id: str) -> Entry | None:
        return self._by_key.get((kind, item_id))

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    def newest(self, count: int, kind: str | None = None) -> list[Entry]:
        pool = self.of_kind(kind) if kind else self.entries
        return sorted(pool, key=lambda e: (e.model.last_changed, e.id), reverse=True)[:count]

    def counts(self) -> dict[str, int]:
        return {kind: len(self.of_kind(kind)) for kind in KIND_ORDER}

    @cached_property
    def backlinks(self) -> dict[str, list[Entry]]:
        """research id -> practice that cites it, computed once per build."""
        cited: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.of_kind("practice"):
            assert isinstance(entry.model, Practice)
            for ref in entry.model.evidence:
                cited[ref].append(entry)
        return dict(cited)

    def evidence_for(self, entry: Entry) -> list[Entry]:
        model = entry.model
        if not isinstance(model, Practice):
            return []
        found = (self.get("research", ref) for ref in model.evidence)
        return [e for e in found if e is not None]

    def strongest_evidence(self, entry: Entry) -> int | None:
        """The strongest research a practice write-up cites (None: it cites none)."""
        cited = [e.model.evidence_strength for e in self.evidence_for(entry)
                 if isinstance(e.model, Research)]
        return max(cited) if cited else None

    def terms(self, vocabulary: str) -> dict[str, Term]:
        """`Taxonomy.terms`, made once per build (every card and page looks terms up)."""
        terms = self._terms.get(vocabulary)
        if terms is None:
            terms = self._terms[vocabulary] = self.taxonomy.terms(vocabulary)
        return terms

    def term(self, vocabulary: str, term_id: str) -> Term | None:
        return self.terms(vocabulary).get(term_id)

    def term_label(self, vocabulary: str, term_id: str) -> str:
        """How every output names a term: its label (its id, were it unknown)."""
        term = self.term(vocabulary, term_id)
        return term.label if term else term_id

    def school_name(self, school_id: str) -> str:
        """How every output names a school: its name (its id, were it unknown)."""
        school = self.schools.get(school_id)
        return school.name if school else school_id

    def wider(self, vocabulary: str, term_id: str) -> list[str]:
        """`Taxonomy.wider`, worked out once per term and build."""
        key = (vocabulary, term_id)
        if key not in self._wider:
            self._wider[key] = self.taxonomy.wider(vocabulary, term_id)
        return self._wider[key]

    def with_wider(self, vocabulary: str, term_ids: Iterable[str]) -> list[str]:
        """The terms and every wider term of each, in order, each once: an item tagged `ks2`
        is also a `primary` item when ks2 has `broader: [primary]`."""
        ids = list(term_ids)
        found = dict.fromkeys(ids)
        for term_id in ids:
            found.update(dict.fromkeys(self.wider(vocabulary, term_id)))
        return list(found)

    def by_theme(self) -> dict[str, dict[str, list[Entry]]]:
        """theme id -> kind -> entries (every theme present, even when empty). An item tagged
        with a narrower theme is listed under each wider theme too (`broader`)."""
        grouped: dict[str, dict[str, list[Entry]]] = {
            t.id: {kind: [] for kind in KIND_ORDER} for t in self.taxonomy.themes
        }
        for entry in self.entries:
            for theme in self.with_wider("themes", entry.model.themes):
                if theme in grouped:
                    grouped[theme][entry.kind].append(entry)
        return grouped

    def by_school(self) -> dict[str, dict[str, list[Entry]]]:
        """school id -> kind -> entries naming it (policies: applying to it or to the trust)."""
        grouped: dict[str, dict[str, list[Entry]]] = {
            s: {kind: [] for kind in KIND_ORDER} for s in self.schools
        }
        for entry in self.entries:
            for school in self._schools_of(entry):
                if school in grouped:
                    grouped[school][entry.kind].append(entry)
        return grouped

    def _schools_of(self, entry: Entry) -> list[str]:
        model = entry.model
        if isinstance(model, Policy):
            return list(self.schools) if model.applies_to_trust else list(model.applies_to)
        return list(model.schools)

    def policy_register(self) -> list[RegisterRow]:
        rows = []
        for entry in self.of_kind("policies"):
            assert isinstance(entry.model, Policy)
            policy = entry.model
            rows.append(RegisterRow(entry, policy, policy.next_review_date,
                                    policy.review_status(self.today)))
        return sorted(rows, key=lambda r: (r.next_review, r.entry.id))

    def research(self) -> dict[str, Research]:
        return {e.id: e.model for e in self._all if isinstance(e.model, Research)}
