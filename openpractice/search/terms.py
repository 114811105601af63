"""Synonyms and spelling variants for search. Pagefind has no synonym feature, so we expand on
the index side, where it costs nothing at query time:

- Each item page carries, in a metadata field Pagefind searches but the page never shows
  (`keywords`, see partials/op-pagefind.html), the labels and `synonyms` (taxonomy.yml) of
  its themes, phases, subjects, pupil groups and EEF strand, and of every wider term they have
  (`broader`: an item tagged Key stage 2 carries "Primary phase" and "primary school"), and its
  schools' names. "SEN", "special educational needs" and "SEND" all find an item tagged
  `send`; "behavior" finds an item tagged `behaviour` (the taxonomy lists it as a synonym);
  "primary" finds the items of every primary key stage.
- The same text gets the other spelling of British/American word pairs found in the item
  (title, summary, body and the terms above): "behavior", "organize", "program" find pages
  written in British English, and a quoted American title is found with British spelling.

Index-side expansion only widens what an item matches, so it never loses a result (a
query-side rewrite of "behavior" to "behaviour" would miss a quoted American source).
`client_synonyms` gives the Explore page the same vocabulary, so it can offer "SEN is the
theme SEND: filter by it" next to the results, and read a teacher's question with it (which
words name terms, so that "pupils with SEND" and "year 5" are kept whole and "readers" is
asked as "read"); the item types are terms too ("policy" names the type Policy).
`QUESTION_WORDS` are the words the page drops from a query before searching ("what works for
...", "how do you ..."): see search.js.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..catalogue import Catalogue, Entry
from ..models import Policy, Practice, Research, Term

# British -> American. Both directions are used. Only pairs where neither word means something
# else (so not practice/practise, licence/license as a verb, tyre, kerb...).
_PAIRS = {
    "behaviour": "behavior", "behaviours": "behaviors", "behavioural": "behavioral",
    "colour": "color", "colours": "colors", "favourite": "favorite", "honour": "honor",
    "labour": "labor", "neighbour": "neighbor", "neighbourhood": "neighborhood",
    "humour": "humor", "rumour": "rumor", "endeavour": "endeavor",
    "centre": "center", "centres": "centers", "theatre": "theater", "metre": "meter",
    "programme": "program", "programmes": "programs", "catalogue": "catalog",
    "dialogue": "dialog", "analogue": "analog", "judgement": "judgment",
    "enrolment": "enrollment", "fulfil": "fulfill", "fulfilment": "fulfillment",
    "skilful": "skillful", "wilful": "willful", "modelling": "modeling", "modelled": "modeled",
    "labelled": "labeled", "labelling": "labeling", "travelling": "traveling",
    "counselling": "counseling", "counsellor": "counselor", "cancelled": "canceled",
    "paediatric": "pediatric", "encyclopaedia": "encyclopedia", "mediaeval": "medieval",
    "grey": "gray", "maths": "math", "defence": "defense", "offence": "offense",
    "ageing": "aging", "aluminium": "aluminum", "draught": "draft", "cheque": "check",
    "anaemia": "anemia", "oesophagus": "esophagus", "manoeuvre": "maneuver",
}
_BOTH_WAYS = {**_PAIRS, **{us: uk for uk, us in _PAIRS.items()}}

# -ise/-ize and -yse/-yze: organise/organize, analyse/analyze. Words where -ise is not that
# suffix are left alone.
_ISE = re.compile(r"^(?P<stem>[a-z]{3,})(?P<s>is|iz|ys|yz)(?P<end>e|es|ed|ing|ation|ations|er|ers)$")
_NOT_ISE = frozenset((
    "advertise", "advise", "appraise", "arise", "bruise", "chastise", "circumcise", "clockwise",
    "comprise", "compromise", "concise", "cruise", "demise", "despise", "devise", "disguise",
    "enterprise", "excise", "exercise", "expertise", "franchise", "improvise", "incise",
    "likewise", "merchandise", "noise", "otherwise", "paradise", "poise", "practise", "praise",
    "precise", "premise", "promise", "raise", "revise", "rise", "supervise", "surmise",
    "surprise", "televise", "treatise", "wise",
))
_WORD = re.compile(r"[A-Za-z]+")
_SWAP = {"is": "iz", "iz": "is", "ys": "yz", "yz": "ys"}


@lru_cache(maxsize=1 << 16)  # a site's vocabulary repeats across thousands of pages
def spelling_variant(word: str) -> str | None:
    """The other spelling of a British/American pair, or None. `word` is lower-case."""
    if word in _BOTH_WAYS:
        return _BOTH_WAYS[word]
    match = _ISE.match(word)
    if match is None:
        return None
    base = match["stem"] + match["s"] + "e"
    if base in _NOT_ISE or word in _NOT_ISE:
        return None
    return match["stem"] + _SWAP[match["s"]] + match["end"]


def spelling_variants(texts: Iterable[str]) -> list[str]:
    """The other spellings of every word in `texts` that has one, each once, in order."""
    words = dict.fromkeys(_WORD.findall(" ".join(texts).lower()))
    return list(dict.fromkeys(filter(None, map(spelling_variant, words))))


def _terms(catalogue: Catalogue, vocabulary: str, ids: Iterable[str]) -> list[Term]:
    terms = catalogue.terms(vocabulary)
    return [terms[i] for i in ids if i in terms]


def _with_wider(catalogue: Catalogue, vocabulary: str, ids: Iterable[str]) -> list[str]:
    """The ids, then every wider term of each (`broader`, transitively), each once. `broader`
    is read defensively: a taxonomy without it has no hierarchy, and unknown ids and cycles
    (errors of their own, rules/broader.py) end the walk."""
    terms = catalogue.terms(vocabulary)
    found = dict.fromkeys(ids)
    queue = list(found)
    for term_id in queue:  # grows as it goes: breadth first
        term = terms.get(term_id)
        for wider in (getattr(term, "broader", None) or []) if term else []:
            if wider in terms and wider not in found:
                found[wider] = None
                queue.append(wider)
    return list(found)


def item_terms(entry: Entry, catalogue: Catalogue) -> list[Term]:
    """The taxonomy terms an item is tagged with, across every vocabulary with synonyms, and
    every wider term of them."""
    model = entry.model

    def tagged(vocabulary: str, ids: Iterable[str]) -> list[Term]:
        return _terms(catalogue, vocabulary, _with_wider(catalogue, vocabulary, ids))

    found = (tagged("themes", model.themes) + tagged("phases", model.phases)
             + tagged("subjects", model.subjects))
    if isinstance(model, Practice):
        found += tagged("pupil_groups", model.pupil_groups)
    if isinstance(model, Research) and model.eef_strand:
        found += tagged("eef_strands", [model.eef_strand])
    if isinstance(model, Policy):
        found += tagged("approval_bodies", [model.approved_by])
    return found


def item_keywords(entry: Entry, catalogue: Catalogue) -> list[str]:
    """Hidden, indexed words for one item: its terms' labels and synonyms, its schools' names,
    and the other spelling of British/American words in all of that and in the item itself.
    Each phrase once (case-insensitive), in a stable order."""
    model = entry.model
    phrases: list[str] = []
    for term in item_terms(entry, catalogue):
        phrases += [term.label, *term.synonyms]
    phrases += [catalogue.schools[s].name for s in model.schools if s in catalogue.schools]
    phrases += spelling_variants([model.title, model.summary, entry.body, *phrases])
    unique: dict[str, str] = {}
    for phrase in phrases:
        unique.setdefault(phrase.casefold(), phrase)
    return list(unique.values())


_NAME_PART = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """How the Explore page compares a query with a term: letters and digits, lower case,
    single spaces (search.js does the same)."""
    return " ".join(_NAME_PART.findall(text.lower()))


_VOCABULARY_FACETS = (
    ("themes", "theme"), ("phases", "phase"), ("subjects", "subject"),
    ("pupil_groups", "group"), ("eef_strands", "strand"),
)

# The item types as the Explore page's `type` facet names them, and the words a teacher uses
# for each ("research on homework", "behaviour policy").
TYPE_NAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Practice", ("practice write-up", "write-up", "case study", "case studies")),
    ("Research", ("research", "research summary", "evidence summary")),
    ("Policy", ("policy", "policies")),
)

# Words a question is made of but that say nothing about what the teacher wants: the Explore
# page drops them before it searches (search.js), so "what works for disadvantaged readers in
# primary" looks for "disadvantaged readers primary", and pages are not matched on "for" and
# "in". A vocabulary name that contains one ("reading for pleasure", "year 6 to year 7",
# "pupils with SEND", "more able pupils") is matched before they are dropped. Only whole
# lower-case words; a query made of nothing else is searched as it was typed.
QUESTION_WORDS: tuple[str, ...] = (
    # asking
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "whether",
    "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "doing", "done",
    "can", "could", "should", "would", "will", "shall", "may", "might", "must",
    "has", "have", "had", "having", "there", "here", "anyone", "anything", "someone",
    "know", "find", "looking", "look", "need", "needs", "want", "please", "say", "says",
    # people and pointers
    "i", "me", "my", "we", "us", "our", "you", "your", "they", "them", "their", "it", "its",
    "he", "she", "his", "her", "this", "that", "these", "those",
    # joining words
    "a", "an", "the", "and", "or", "but", "if", "then", "so", "than", "too", "very", "of",
    "in", "on", "at", "to", "for", "from", "with", "without", "about", "into", "by", "as",
    "up", "out", "over", "during", "before", "after", "not", "no", "any", "some", "all",
    "more", "most", "other", "such", "own", "same", "just", "also", "only", "really",
    "get", "gets", "getting", "got", "make", "makes", "making", "use", "using", "used",
    "work", "works", "working", "worked", "help", "helps", "helping", "helped",
    "best", "better", "good", "great", "effective", "way", "ways", "idea", "ideas", "tips",
    "advice", "example", "examples", "improve", "improving", "raise", "raising",
    "approach", "approaches", "strategy", "strategies", "things", "thing", "stuff",
    "support", "supports", "supporting", "supported", "activity", "activities", "resource",
    "resources",
    # who every page is about
    "pupil", "pupils", "child", "children", "kids", "student", "students", "learners",
)


def client_synonyms(catalogue: Catalogue) -> list[dict[str, object]]:
    """For the Explore page: each term as {facet, label, terms: [normalised label and synonyms]},
    then the item types as terms of `type`.

    The page suggests filtering by a term when the query is one of its names, and reads the
    words of a question as terms (search.js).
    """
    out: list[dict[str, object]] = []
    for vocabulary, facet in _VOCABULARY_FACETS:
        for term in getattr(catalogue.taxonomy, vocabulary):
            names = dict.fromkeys(n for n in (normalise(x) for x in [term.label, *term.synonyms]) if n)
            out.append({"facet": facet, "label": term.label, "terms": list(names)})
    for label, words in TYPE_NAMES:
        out.append({"facet": "type", "label": label,
                    "terms": list(dict.fromkeys(normalise(n) for n in (label, *words)))})
    return out
