"""Synonyms and British/American spellings for the index (openpractice/search/terms.py)."""

from __future__ import annotations

from typing import Any

import pytest

from openpractice.models import Term
from openpractice.search.terms import (
    QUESTION_WORDS,
    client_synonyms,
    item_keywords,
    normalise,
    spelling_variant,
    spelling_variants,
)

from .conftest import TAXONOMY, policy, practice, research


@pytest.mark.parametrize(("word", "other"), [
    ("behaviour", "behavior"), ("behavior", "behaviour"), ("programme", "program"),
    ("centre", "center"), ("maths", "math"), ("judgement", "judgment"),
    ("organise", "organize"), ("organize", "organise"), ("organisation", "organization"),
    ("prioritised", "prioritized"), ("recognising", "recognizing"), ("summariser", "summarizer"),
    ("analyse", "analyze"), ("analyzed", "analysed"),
])
def test_spelling_variants(word: str, other: str) -> None:
    assert spelling_variant(word) == other


@pytest.mark.parametrize("word", [
    "exercise", "otherwise", "expertise", "promise", "surprised", "supervised", "revised",
    "practise", "practised", "praise", "raised", "rise", "size", "prize", "analysis", "crisis",
    "reading", "send", "practice", "licence",
])
def test_words_without_a_variant(word: str) -> None:
    assert spelling_variant(word) is None


def test_spelling_variants_of_text_are_unique_and_ordered() -> None:
    text = "Behaviour and behaviour: we organised the programme. Organised!"
    assert spelling_variants([text]) == ["behavior", "organized", "program"]


def test_item_keywords_carry_every_term_synonym_and_school(make_catalogue: Any) -> None:
    item = practice("p", themes=["send", "behaviour"], phases=["ks2"], subjects=["maths"],
                    pupil_groups=["disadvantaged"], schools=["oak"],
                    body="We modelled the routine and prioritised feedback.")
    words = item_keywords(item, make_catalogue(item))
    for expected in ("SEND", "SEN", "special educational needs", "Behaviour", "behavior",
                     "behavior management", "Key stage 2", "KS2", "juniors", "Mathematics",
                     "math", "Disadvantaged pupils", "pupil premium", "Ever6",
                     "Oak Academy & Sixth Form", "modeled", "prioritized"):
        assert expected in words, expected
    assert len({w.casefold() for w in words}) == len(words)  # each once
    assert "Reading" not in words  # not tagged


def test_item_keywords_per_type(make_catalogue: Any) -> None:
    study = research("r", 3, eef_strand="homework", themes=["feedback"])
    rule = policy("p")
    cat = make_catalogue(study, rule)
    assert {"Homework", "Feedback", "marking"} <= set(item_keywords(study, cat))
    assert {"Behaviour", "behavior", "Trust board", "trustees"} <= set(item_keywords(rule, cat))


def test_item_keywords_find_american_spellings_in_british_text_and_back(make_catalogue: Any) -> None:
    item = practice("p", title="A behaviour programme at the centre",
                    summary="Quoting 'Classroom Behavior Management' (2019) in the summary.")
    words = item_keywords(item, make_catalogue(item))
    assert {"behavior", "program", "center", "behaviour"} <= set(words)


def test_client_synonyms(make_catalogue: Any) -> None:
    terms = client_synonyms(make_catalogue())
    send = [t for t in terms if t["label"] == "SEND"]
    assert send == [{"facet": "theme", "label": "SEND",
                     "terms": ["send", "sen", "special educational needs"]}]
    assert {"facet": "group", "label": "Pupils with SEND",
            "terms": ["pupils with send", "sen support"]} in terms
    assert {t["facet"] for t in terms} == {"theme", "phase", "subject", "group", "strand", "type"}
    types = {t["label"]: t["terms"] for t in terms if t["facet"] == "type"}
    assert set(types) == {"Practice", "Research", "Policy"}
    assert isinstance(types["Policy"], list) and "policies" in types["Policy"]


def test_item_keywords_carry_every_wider_term(make_catalogue: Any) -> None:
    """Key stage 2 under Primary phase, Lower key stage 2 under Key stage 2: an item tagged
    with the narrowest is found by the names of each wider term; unknown ids and cycles end the
    walk."""
    taxonomy = TAXONOMY.model_copy(update={"phases": [
        Term(id="primary", label="Primary phase", synonyms=["primary school"]),
        Term(id="ks2", label="Key stage 2", broader=["primary", "nowhere"]),
        Term(id="lower-ks2", label="Lower key stage 2", broader=["ks2"]),
        Term(id="loop-a", label="Loop A", broader=["loop-b"]),
        Term(id="loop-b", label="Loop B", broader=["loop-a"]),
    ]})
    item = practice("p", phases=["lower-ks2"])
    looped = practice("q", phases=["loop-a"])
    catalogue = make_catalogue(item, looped)
    catalogue.taxonomy = taxonomy
    words = item_keywords(item, catalogue)
    assert {"Lower key stage 2", "Key stage 2", "Primary phase", "primary school"} <= set(words)
    assert {"Loop A", "Loop B"} <= set(item_keywords(looped, catalogue))


def test_question_words_are_lower_case_words_and_spare_the_vocabulary() -> None:
    assert all(w == normalise(w) and " " not in w for w in QUESTION_WORDS)
    assert len(set(QUESTION_WORDS)) == len(QUESTION_WORDS)
    assert {"what", "works", "work", "how", "do", "you", "ideas", "for", "in", "the", "a", "to",
            "with", "of", "and", "help", "best", "way"} <= set(QUESTION_WORDS)
    # words a teacher's question is about are never dropped
    assert not {"reading", "readers", "primary", "send", "sen", "disadvantaged", "year", "research",
                "policy", "behaviour", "feedback", "phonics", "maths", "eal"} & set(QUESTION_WORDS)


def test_normalise() -> None:
    assert normalise("  Special   Educational-Needs! ") == "special educational needs"
    assert normalise("Ever6") == "ever6"
    assert normalise("D&T") == "d t"
    assert normalise("Année_scolaire") == "année scolaire"
