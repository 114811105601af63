"""unknown-term and broader-cycle: in `_data/taxonomy.yml`, a term's `broader` lists ids of
wider terms in the same vocabulary (as SKOS `broader`), and no term may end up wider than
itself.

Passing::

    phases:
      - {id: primary, label: Primary phase}
      - {id: ks2, label: Key stage 2, broader: [primary]}

Failing::

    phases:
      - {id: primary, label: Primary phase, broader: [ks2]}
      - {id: ks2, label: Key stage 2, broader: [primry]}
      # phases[1].broader[0]: 'primry' is not an id in phases; did you mean 'primary'?
      #   [unknown-term]
      - {id: ks1, label: Key stage 1, broader: [ks1]}
      # phases[2].broader[0]: 'ks1' makes a cycle: ks1 -> ks1; a term cannot be wider than
      #   itself, so remove one of these broader links [broader-cycle]

Each error points at the offending `broader` entry. The walk is one depth-first search per
vocabulary with three colours (unseen, on the current path, finished), iterative, so it takes
time linear in the number of terms and links and never runs out of stack: a link to a term
on the current path closes a cycle, reported once at that link.
"""

from __future__ import annotations

from ..models import VOCABULARIES, Taxonomy, Term
from ..problems import Problem, error
from ..yamlpos import Positions
from .terms import terms_guesser

UNKNOWN = "unknown-term"
CYCLE = "broader-cycle"

_UNSEEN, _ON_PATH, _DONE = 0, 1, 2


def check(taxonomy: Taxonomy, rel: str, positions: Positions) -> list[Problem]:
    problems: list[Problem] = []
    for vocabulary in VOCABULARIES:
        problems += _vocabulary_problems(vocabulary, getattr(taxonomy, vocabulary), rel,
                                         positions)
    return problems


def _vocabulary_problems(vocabulary: str, terms: list[Term], rel: str,
                         positions: Positions) -> list[Problem]:
    problems: list[Problem] = []

    def report(index: int, link: int, message: str, rule: str) -> None:
        mark = positions.locate((vocabulary, index, "broader", link))
        problems.append(error(rel, mark.line, mark.column,
                              f"{vocabulary}[{index}].broader[{link}]", message, rule))

    first: dict[str, int] = {}  # id -> index of its first definition (duplicates: own rule)
    for index, term in enumerate(terms):
        first.setdefault(term.id, index)
    by_id = {term_id: terms[index] for term_id, index in first.items()}
    guess = terms_guesser(by_id)
    for index, term in enumerate(terms):
        for link, wider in enumerate(term.broader):
            if wider not in first:
                close = guess(wider)
                hint = (f"did you mean '{close}'?" if close else
                        f"broader lists ids of wider terms in the same list ({vocabulary})")
                report(index, link, f"'{wider}' is not an id in {vocabulary}; {hint}", UNKNOWN)

    colour = dict.fromkeys(first, _UNSEEN)
    for start in first:
        if colour[start] != _UNSEEN:
            continue
        colour[start] = _ON_PATH
        path = [start]  # the ids on the current path, and where each stands on it
        where = {start: 0}
        # (term id, position of the next link to follow) for each term on the current path
        stack = [(start, 0)]
        while stack:
            term_id, link = stack[-1]
            links = by_id[term_id].broader
            if link == len(links):
                colour[term_id] = _DONE
                stack.pop()
                del where[path.pop()]
                continue
            stack[-1] = (term_id, link + 1)
            wider = links[link]
            state = colour.get(wider)
            if state == _UNSEEN:
                colour[wider] = _ON_PATH
                stack.append((wider, 0))
                where[wider] = len(path)
                path.append(wider)
            elif state == _ON_PATH:
                cycle = " -> ".join([*path[where[wider]:], wider])
                report(first[term_id], link,
                       f"'{wider}' makes a cycle: {cycle}; a term cannot be wider than itself, "
                       "so remove one of these broader links", CYCLE)
    return problems
