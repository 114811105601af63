"""The content model: one pydantic schema for every content type, and nothing of MkDocs.

Vocabulary checks (themes, schools, ...) need the data files, so they live in `rules/`;
everything a single front-matter block can decide on its own is decided here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

KEBAB = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DUE_SOON_DAYS = 60


def _no_numbers_or_booleans(value: Any) -> Any:
    # YAML reads `version: 3.1` as a number and `title: yes` as true: say so plainly.
    if isinstance(value, bool | int | float):
        raise PydanticCustomError(
            "wrong-type", "is a {kind}, not text; put it in quotes, e.g. \"{value}\"",
            {"kind": type(value).__name__.replace("bool", "true/false").replace("float", "number")
             .replace("int", "number"), "value": value},
        )
    return value


def _date_only(value: Any) -> Any:
    # pydantic would read a bare number as a Unix timestamp; a date must be written out.
    if isinstance(value, bool | int | float):
        raise PydanticCustomError(
            "bad-date", "'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14",
            {"value": value},
        )
    return value


# Dates outside these are typing mistakes, and near the ends of the calendar (year 1 or 9999)
# adding a review cycle or subtracting a period would fail.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2200, 12, 31)


def _in_range(value: dt.date) -> dt.date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise PydanticCustomError(
            "out-of-range", "must be between {first} and {last} (got {value})",
            {"value": value.isoformat(), "first": FIRST_DAY.isoformat(),
             "last": LAST_DAY.isoformat()},
        )
    return value


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value, re.IGNORECASE):
        raise PydanticCustomError(
            "bad-url", "'{value}' is not a web address; it must start with https:// or http://",
            {"value": value},
        )
    return value


Text = Annotated[StrictStr, BeforeValidator(_no_numbers_or_booleans)]
NonEmpty = Annotated[Text, Field(min_length=1)]
Day = Annotated[dt.date, BeforeValidator(_date_only), AfterValidator(_in_range)]
Url = Annotated[Text, AfterValidator(_http_url)]
Kebab = Annotated[Text, Field(pattern=KEBAB)]
TermId = Annotated[Text, Field(min_length=1)]


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Stage(StrEnum):
    IDEA = "idea"
    PILOTING = "piloting"
    EMBEDDED = "embedded"
    EVALUATED = "evaluated"


class ReviewStatus(StrEnum):
    CURRENT = "current"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {"current": "Current", "due-soon": "Due soon", "overdue": "Overdue"}[self.value]


# Help shared by fields of several types (the web editor shows every description, cms.py).
AUTHORS = "Who wrote it: a name, and a role if you like."
SCHOOLS = "The schools this comes from."
DOI = r"^10\.\d{4,9}/\S+$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Author(Strict):
    name: Annotated[NonEmpty, Field(description="Their name as it should appear.")]
    role: Annotated[Text | None, Field(description="Optional: their role, e.g. Class teacher.")] = None


class ItemBase(Strict):
    kind: ClassVar[str]
    label: ClassVar[str]

    id: str = Field(default="", exclude=True, description="From the file name; not a field.")
    title: Annotated[Text, Field(min_length=5, max_length=120,
                                 description="The page's title; the file name is made from it.")]
    summary: Annotated[Text, Field(min_length=20, max_length=300, description=(
        "One or two sentences, shown in listings, feeds and search results."))]
    date: Annotated[Day, Field(description="The day it was first published.")]
    updated: Annotated[Day | None, Field(description=(
        "Optional: the day of the last real change (not before the first-published day)."))] = None
    authors: list[Author] = Field(default_factory=list, description=AUTHORS)
    schools: list[Kebab] = Field(default_factory=list, description=SCHOOLS)
    phases: list[TermId] = Field(default_factory=list,
                                 description="The phases or key stages it is for.")
    subjects: list[TermId] = Field(default_factory=list, description="The subjects it is about.")
    themes: Annotated[list[TermId], Field(min_length=1, description="What it is about.")]
    status: Status = Field(default=Status.PUBLISHED, description=(
        "Draft: published nowhere. Choose Published when it is ready."))
    license: Text | None = Field(default=None,
                                 description="Leave empty for the site's default licence.")

    @model_validator(mode="after")
    def _updated_after_date(self) -> ItemBase:
        if self.updated is not None and self.updated < self.date:
            raise PydanticCustomError(
                "date-order", "{updated} is before date {date}; "
                "'updated' must be on or after the first-published date",
                {"updated": self.updated.isoformat(), "date": self.date.isoformat(),
                 "field": "updated"},
            )
        return self

    @property
    def is_draft(self) -> bool:
        return self.status is Status.DRAFT

    @property
    def last_changed(self) -> dt.date:
        return self.updated or self.date


class Practice(ItemBase):
    kind: ClassVar[str] = "practice"
    label: ClassVar[str] = "Practice"

    authors: Annotated[list[Author], Field(min_length=1, description=AUTHORS)]
    schools: Annotated[list[Kebab], Field(min_length=1, description=SCHOOLS)]
    pupil_groups: list[TermId] = Field(default_factory=list,
                                       description="The pupils it is meant to help.")
    stage: Annotated[Stage, Field(description=(
        "How far the practice has got: idea, piloting, embedded or evaluated."))]
    evidence: list[Kebab] = Field(default_factory=list, description=(
        "Research summaries on this site that this practice draws on. Pick published ones: "
        "a draft summary is refused when you save."))
    contact: Text | None = Field(default=None, description=(
        "Optional: a role address on the trust's domain, or a role name. Never a personal "
        "address."))


def _this_year(info: ValidationInfo) -> int:
    today = (info.context or {}).get("today") or dt.date.today()
    return int(today.year)


class Source(Strict):
    title: Annotated[NonEmpty, Field(description="The title of the study or review.")]
    authors: Annotated[list[NonEmpty], Field(min_length=1, description=(
        "Each author as the source gives them, e.g. Smith, J."))]
    year: Annotated[StrictInt, Field(ge=1900, description="The year it was published.")]
    publisher: Text | None = Field(default=None, description="Optional: who published it.")
    url: Url | None = Field(default=None,
                            description="Optional: starts with https:// or http://.")
    doi: Annotated[Text, Field(pattern=DOI)] | None = Field(
        default=None, description="Optional: e.g. 10.1234/abcd.")

    @field_validator("year")
    @classmethod
    def _not_in_future(cls, year: int, info: ValidationInfo) -> int:
        if year > _this_year(info):
            raise PydanticCustomError(
                "out-of-range", "must be between 1900 and {limit} (got {year})",
                {"limit": _this_year(info), "year": year},
            )
        return year


class Research(ItemBase):
    kind: ClassVar[str] = "research"
    label: ClassVar[str] = "Research"

    authors: Annotated[list[Author], Field(min_length=1, description=AUTHORS)]
    source: Annotated[Source, Field(description="The study or review it summarises.")]
    evidence_strength: Annotated[StrictInt, Field(ge=0, le=5, description=(
        "The EEF Toolkit's padlocks."))]
    impact_months: Annotated[StrictInt, Field(ge=-12, le=12)] | None = Field(
        default=None, description="Optional: months of additional progress.")
    eef_strand: TermId | None = Field(default=None,
                                      description="Optional: the EEF Toolkit strand.")
    reviewed_by: Annotated[NonEmpty, Field(
        description="The Research Champion who checked this summary.")]
    reviewed_on: Annotated[Day, Field(description="The day it was checked.")]

    @model_validator(mode="after")
    def _reviewed_after_source(self) -> Research:
        if self.reviewed_on.year < self.source.year:
            raise PydanticCustomError(
                "date-order", "{reviewed} is before the source was published "
                "({year}); check both dates",
                {"reviewed": self.reviewed_on.isoformat(), "year": self.source.year,
                 "field": "reviewed_on"},
            )
        return self


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Policy(ItemBase):
    kind: ClassVar[str] = "policies"
    label: ClassVar[str] = "Policy"

    version: Annotated[Text, Field(min_length=1, description="For example 3.1.")]
    owner: Annotated[NonEmpty, Field(description="A role, e.g. Headteacher.")]
    approved_by: Annotated[TermId, Field(description="The body that approved it.")]
    approved_on: Annotated[Day, Field(description="The day it was approved.")]
    review_cycle_months: Annotated[StrictInt, Field(ge=1, le=60)] | None = Field(
        default=None, description="Months between reviews; leave empty if Next review is given.")
    next_review: Day | None = Field(default=None, description=(
        "Optional: the day of the next review (after Approved on)."))
    statutory: Annotated[StrictBool, Field(description="Is this a policy the law requires?")]
    applies_to: Literal["trust"] | Annotated[list[Kebab], Field(min_length=1)] = Field(
        description="The whole trust, or the schools it applies to.")

    @model_validator(mode="after")
    def _review_is_known(self) -> Policy:
        if self.review_cycle_months is None and self.next_review is None:
            raise PydanticCustomError(
                "required", "is required unless next_review is given; "
                "add e.g. 'review_cycle_months: 12'", {"field": "review_cycle_months"},
            )
        if self.next_review is not None and self.next_review <= self.approved_on:
            raise PydanticCustomError(
                "date-order", "{next} must be after approved_on {approved}",
                {"next": self.next_review.isoformat(), "approved": self.approved_on.isoformat(),
                 "field": "next_review"},
            )
        return self

    @property
    def next_review_date(self) -> dt.date:
        if self.next_review is not None:
            return self.next_review
        assert self.review_cycle_months is not None  # guaranteed by _review_is_known
        return add_months(self.approved_on, self.review_cycle_months)

    def review_status(self, today: dt.date) -> ReviewStatus:
        due = self.next_review_date
        if due < today:
            return ReviewStatus.OVERDUE
        if (due - today).days <= DUE_SOON_DAYS:  # no date arithmetic that could overflow
            return ReviewStatus.DUE_SOON
        return ReviewStatus.CURRENT

    @property
    def applies_to_trust(self) -> bool:
        return self.applies_to == "trust"


Item = Practice | Research | Policy
MODELS: dict[str, type[ItemBase]] = {m.kind: m for m in (Practice, Research, Policy)}


class Term(Strict):
    id: Annotated[Text, Field(pattern=r"^[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*$")]
    label: NonEmpty
    description: Text | None = None
    synonyms: list[NonEmpty] = Field(default_factory=list)
    # Ids of wider terms in the same vocabulary, as SKOS `broader`: `ks2` has [primary].
    # Unknown ids and cycles are errors (rules/broader.py).
    broader: list[TermId] = Field(default_factory=list)


VOCABULARIES = (
    "phases", "subjects", "themes", "pupil_groups", "eef_strands", "approval_bodies", "licenses",
)


class Taxonomy(Strict):
    phases: list[Term]
    subjects: list[Term]
    themes: list[Term]
    pupil_groups: list[Term]
    eef_strands: list[Term]
    approval_bodies: list[Term]
    licenses: list[Term]

    def terms(self, vocabulary: str) -> dict[str, Term]:
        terms: list[Term] = getattr(self, vocabulary)
        return {term.id: term for term in terms}

    def wider(self, vocabulary: str, term_id: str) -> list[str]:
        """Every wider term of `term_id` (its `broader` terms, theirs, and so on), nearest
        first, each once, never the term itself. Unknown ids are skipped and a cycle ends
        the walk (both are reported by rules/broader.py), so this always returns."""
        terms = self.terms(vocabulary)
        found: dict[str, None] = {}
        queue = list(terms[term_id].broader) if term_id in terms else []
        for wider_id in queue:  # the queue grows as the walk goes: breadth first
            if wider_id == term_id or wider_id in found or wider_id not in terms:
                continue
            found[wider_id] = None
            queue.extend(terms[wider_id].broader)
        return list(found)


def _urn(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


GITHUB_USER = r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"


def _github_user(value: str) -> str:
    if not re.match(GITHUB_USER, value):
        raise PydanticCustomError(
            "bad-format", "'{value}' is not a GitHub user name; write the name alone, "
            "without '@' or an address, e.g. 'a-patel'", {"value": value},
        )
    return value


def _age_range(value: str) -> str:
    found = re.fullmatch(r"(\d{1,2})-(\d{1,2})", value)
    if not found or int(found[1]) > int(found[2]):
        raise PydanticCustomError(
            "bad-format", "'{value}' is not an age range; write the youngest and oldest "
            "ages with a hyphen, in quotes, e.g. \"4-11\"", {"value": value},
        )
    return value


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError(
            "wrong-type", "must be a number from 0 to 100, without '%', not {value}",
            {"value": "true/false" if isinstance(value, bool) else repr(value)},
        )
    if value != value or value in (float("inf"), float("-inf")):
        raise PydanticCustomError("out-of-range", "must be a number from 0 to 100", {})
    return value


GitHubUser = Annotated[Text, AfterValidator(_github_user),
                       Field(json_schema_extra={"pattern": GITHUB_USER})]
Percent = Annotated[float, Field(ge=0, le=100), BeforeValidator(_number)]


class School(Strict):
    id: Kebab
    name: NonEmpty
    urn: Annotated[Text, BeforeValidator(_urn), Field(pattern=r"^\d{6}$")] | None = None
    phase: TermId
    local_authority: Text | None = None
    website: Url | None = None
    research_champion: Text | None = None
    # Optional public context, so that a visitor can find schools like theirs.
    age_range: Annotated[Text, AfterValidator(_age_range),
                         Field(json_schema_extra={"pattern": r"^\d{1,2}-\d{1,2}$"})] | None = None
    pupils: Annotated[StrictInt, Field(ge=0)] | None = None
    disadvantaged_percent: Percent | None = None
    send_percent: Percent | None = None
    eal_percent: Percent | None = None
    # A role address on a contact_domains domain (checked with the other contacts).
    contact: Text | None = None
    # GitHub user names who review pull requests for the school (scripts/codeowners.py).
    reviewers: list[GitHubUser] = Field(default_factory=list)
    # The context figures are made up (the bundled sample trust): the school page says so.
    illustrative: StrictBool = False
