"""What an item page tells machines in its head: schema.org JSON-LD, OpenGraph meta and, on
research summaries, the `citation_*` meta that reference managers and Google Scholar read.

    practice   Article + LearningResource: educationalLevel (its phases), isBasedOn (the
               research summaries it cites), the schools as sourceOrganization
    research   Review: itemReviewed is the source (ScholarlyArticle: name, authors, year,
               publisher, DOI as a PropertyValue and as sameAs https://doi.org/...);
               reviewRating: evidence strength (0-5) and impact (months), each a node that
               is both a Rating and a PropertyValue
    policies   DigitalDocument: version, dateCreated (the approval date), the approval as a
               review by the approving body, temporalCoverage from approval to the next
               review, the owner as accountablePerson, statutory or not as genre, the schools
               it applies to as spatialCoverage, the downloads as encoding

Every property is one schema.org defines for its node's type (additionalProperty, which
schema.org gives products and places only, is not used); tests/opendata checks each against
schema.org's vocabulary.

The research summary's `citation_*` meta describe its source (the work a reader would cite
and whose DOI it has): citation_title, citation_author (each), citation_publication_date
(the year), citation_publisher and citation_doi where given. There is no journal field in
the content model, so no citation_journal_title.

Every string is escaped for where it goes: the JSON inside <script> has `<`, `>` and `&` as
\\u escapes (a `</script>` in a title stays text), and attribute values are HTML-escaped.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from ..catalogue import Catalogue, Entry
from ..models import Policy, Practice, Research
from ..search.records import TRUST_WIDE
from ..site.pages import KIND_NOUNS
from ..site.templating import STRENGTH_WORDS, doi_url, impact_text
from .common import Site, licence_of, policy_files
from .downloads import DOCX_TYPE, MARKDOWN_TYPE

CONTEXT = "https://schema.org"
LANGUAGE = "en"
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def script_json(data: Any) -> str:
    """JSON that is safe inside <script>: nothing in it can end the element or start markup.
    (The three characters occur in JSON only inside strings, where \\u escapes mean them.)"""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, replacement in _SCRIPT_ESCAPES.items():
        text = text.replace(char, replacement)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _organisation(site: Site) -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "Organization", "name": site.name}
    if site.url:
        org["url"] = site.url
    return org


def _rated(property_id: str, name: str, value: int, worst: int, best: int,
           **more: Any) -> dict[str, Any]:
    """A reviewer's rating that is also the property value it records."""
    return {"@type": ["Rating", "PropertyValue"], "propertyID": property_id, "name": name,
            "ratingValue": value, "value": value, "worstRating": worst, "bestRating": best,
            "minValue": worst, "maxValue": best, **more}


def json_ld(entry: Entry, catalogue: Catalogue, site: Site) -> dict[str, Any]:
    model = entry.model
    url = site.address(entry.url)
    licence = licence_of(entry, catalogue, site)
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "CreativeWork", "@id": url, "url": url,
                            "name": model.title, "headline": model.title,
                            "description": model.summary,
                            "datePublished": model.date.isoformat(),
                            "dateModified": model.last_changed.isoformat(),
                            "inLanguage": LANGUAGE,
                            "license": licence.url or licence.id}
    if model.authors:
        data["author"] = [{"@type": "Person", "name": a.name, **({"jobTitle": a.role} if a.role else {})}
                          for a in model.authors]
    else:
        data["author"] = _organisation(site)
    data["publisher"] = _organisation(site)
    data["isPartOf"] = {"@type": "WebSite", "name": site.name, **({"url": site.url} if site.url else {})}
    if model.schools:
        data["sourceOrganization"] = [
            {"@type": "School", "name": catalogue.school_name(s), "url": site.address(f"schools/{s}/")}
            for s in model.schools]
    data["about"] = [{"@type": "DefinedTerm", "name": catalogue.term_label("themes", t),
                      "url": site.address(f"themes/{t}/")} for t in model.themes]
    data["keywords"] = [catalogue.term_label("themes", t) for t in model.themes]
    if model.phases:
        data["educationalLevel"] = [catalogue.term_label("phases", p) for p in model.phases]
    if model.status.value == "archived":
        data["creativeWorkStatus"] = "Archived"

    if isinstance(model, Practice):
        data["@type"] = ["Article", "LearningResource"]
        data["learningResourceType"] = KIND_NOUNS["practice"][0]
        cited = catalogue.evidence_for(entry)
        if cited:
            data["isBasedOn"] = [{"@type": "Review", "@id": site.address(r.url),
                                  "url": site.address(r.url), "name": r.model.title} for r in cited]
    elif isinstance(model, Research):
        data["@type"] = "Review"
        data["itemReviewed"] = _source(model)
        data["reviewRating"] = _evidence(model)
    elif isinstance(model, Policy):
        data["@type"] = "DigitalDocument"
        data["version"] = model.version
        data["dateCreated"] = model.approved_on.isoformat()
        data |= _governance(model, catalogue, site)
        docx, markdown = policy_files(entry)
        data["encoding"] = [
            {"@type": "MediaObject", "contentUrl": site.address(docx), "encodingFormat": DOCX_TYPE},
            {"@type": "MediaObject", "contentUrl": site.address(markdown),
             "encodingFormat": MARKDOWN_TYPE.split(";")[0]},
        ]
    return data


def _source(model: Research) -> dict[str, Any]:
    src = model.source
    work: dict[str, Any] = {"@type": "ScholarlyArticle", "name": src.title,
                            "author": list(src.authors), "datePublished": str(src.year)}
    if src.publisher:
        work["publisher"] = {"@type": "Organization", "name": src.publisher}
    if src.url:
        work["url"] = src.url
    if src.doi:
        work["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": src.doi}
        work["sameAs"] = doi_url(src.doi)
    return work


def _evidence(model: Research) -> list[dict[str, Any]]:
    strength = model.evidence_strength
    found = [_rated("evidence_strength", "Evidence strength", strength, 0, 5,
                    ratingExplanation=STRENGTH_WORDS[strength])]
    if model.impact_months is not None:
        found.append(_rated("impact_months", "Impact", model.impact_months, -12, 12,
                            unitText="months of additional progress",
                            ratingExplanation=impact_text(model.impact_months)))
    return found


def _governance(model: Policy, catalogue: Catalogue, site: Site) -> dict[str, Any]:
    body = catalogue.term_label("approval_bodies", model.approved_by)
    approved, review = model.approved_on.isoformat(), model.next_review_date.isoformat()
    covered = ([{"@type": "Place", "name": TRUST_WIDE}] if model.applies_to_trust else
               [{"@type": "School", "name": catalogue.school_name(s),
                 "url": site.address(f"schools/{s}/")} for s in model.applies_to])
    return {
        "review": {"@type": "Review", "name": "Approval", "datePublished": approved,
                   "author": {"@type": "Organization", "name": body},
                   "reviewBody": f"Approved by {body} on {approved}; next review {review}."},
        # the period the policy is meant to hold for: from its approval to its next review
        "temporalCoverage": f"{approved}/{review}",
        "accountablePerson": {"@type": "Person", "jobTitle": model.owner},
        "genre": "Statutory policy" if model.statutory else "Policy (not statutory)",
        "spatialCoverage": covered,
    }


# ----------------------------------------------------------------------------- the head

def _meta(attribute: str, key: str, value: str) -> str:
    return f'<meta {attribute}="{escape(key)}" content="{escape(value)}">'


def open_graph(entry: Entry, site: Site) -> list[str]:
    model = entry.model
    tags = [("og:title", model.title), ("og:description", model.summary), ("og:type", "article"),
            ("og:url", site.address(entry.url)), ("og:site_name", site.name),
            ("article:published_time", model.date.isoformat()),
            ("article:modified_time", model.last_changed.isoformat())]
    return [_meta("property", key, value) for key, value in tags]


def citation_meta(entry: Entry) -> list[str]:
    model = entry.model
    if not isinstance(model, Research):
        return []
    src = model.source
    tags = [("citation_title", src.title)]
    tags += [("citation_author", author) for author in src.authors]
    tags.append(("citation_publication_date", str(src.year)))
    if src.publisher:
        tags.append(("citation_publisher", src.publisher))
    if src.doi:
        tags.append(("citation_doi", src.doi))
    return [_meta("name", key, value) for key, value in tags]


def item_head(entry: Entry, catalogue: Catalogue, site: Site) -> str:
    """Everything an item page adds to its head, as one string of HTML."""
    parts = [f'<script type="application/ld+json">{script_json(json_ld(entry, catalogue, site))}'
             "</script>"]
    parts += open_graph(entry, site)
    parts += citation_meta(entry)
    return "\n".join(parts)
