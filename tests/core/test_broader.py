"""Broader terms (`broader` in taxonomy.yml, as SKOS): the validator's exact messages for
unknown ids and cycles, `Taxonomy.wider`, and what they change on the site: facets carry
every wider term (with the counts to match) and theme pages list narrower themes' items."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from openpractice.catalogue import Catalogue
from openpractice.models import Taxonomy
from openpractice.rules import broader
from openpractice.search.records import facet_groups, search_record
from openpractice.validate import validate_project
from openpractice.yamlpos import Positions

from ..search.conftest import SCHOOLS, practice, research
from .mini import TAXONOMY, write_project

TODAY = date(2026, 11, 22)
T = "content/_data/taxonomy.yml"
CYCLE_HINT = "a term cannot be wider than itself, so remove one of these broader links"
MINI_PHASES = """phases:
  - {id: primary, label: Primary}
  - {id: ks3, label: Key stage 3}
"""


def problems_with_phases(tmp_path: Path, phases: str) -> list[str]:
    taxonomy = TAXONOMY.replace(MINI_PHASES, phases)
    assert taxonomy != TAXONOMY
    root = write_project(tmp_path, {T: taxonomy})
    return [p.as_text() for p in validate_project(root, today=TODAY).problems]


CASES = [
    ("valid", """phases:
  - {id: primary, label: Primary}
  - {id: ks1, label: Key stage 1, broader: [primary]}
  - {id: ks2, label: Key stage 2, broader: [primary]}
  - {id: ks3, label: Key stage 3}
""", []),
    ("unknown-id", """phases:
  - {id: primary, label: Primary}
  - id: ks2
    label: Key stage 2
    broader: [primry]
  - {id: ks3, label: Key stage 3, broader: [secondary]}
""", [f"{T}:5:15: error: phases[1].broader[0]: 'primry' is not an id in phases; did you mean "
      "'primary'? [unknown-term]",
      f"{T}:6:45: error: phases[2].broader[0]: 'secondary' is not an id in phases; broader "
      "lists ids of wider terms in the same list (phases) [unknown-term]"]),
    ("label-not-id", """phases:
  - {id: primary, label: Primary}
  - {id: ks3, label: Key stage 3, broader: [Primary]}
""", [f"{T}:3:45: error: phases[1].broader[0]: 'Primary' is not an id in phases; did you mean "
      "'primary'? [unknown-term]"]),
    ("itself", """phases:
  - {id: primary, label: Primary, broader: [primary]}
  - {id: ks3, label: Key stage 3}
""", [f"{T}:2:45: error: phases[0].broader[0]: 'primary' makes a cycle: primary -> primary; "
      f"{CYCLE_HINT} [broader-cycle]"]),
    ("two-terms", """phases:
  - id: primary
    label: Primary
    broader: [ks2]
  - id: ks2
    label: Key stage 2
    broader: [primary]
  - {id: ks3, label: Key stage 3}
""", [f"{T}:7:15: error: phases[1].broader[0]: 'primary' makes a cycle: primary -> ks2 -> "
      f"primary; {CYCLE_HINT} [broader-cycle]"]),
    ("three-terms-and-a-tail", """phases:
  - {id: a, label: A, broader: [b]}
  - {id: b, label: B, broader: [c]}
  - {id: c, label: C, broader: [d, a]}
  - {id: d, label: D}
  - {id: primary, label: Primary, broader: [a]}
  - {id: ks3, label: Key stage 3}
""", [f"{T}:4:36: error: phases[2].broader[1]: 'a' makes a cycle: a -> b -> c -> a; "
      f"{CYCLE_HINT} [broader-cycle]"]),
    ("a-diamond-is-no-cycle", """phases:
  - {id: primary, label: Primary}
  - {id: ks1, label: Key stage 1, broader: [primary]}
  - {id: ks2, label: Key stage 2, broader: [primary]}
  - {id: ks3, label: Key stage 3, broader: [ks1, ks2]}
""", []),
]


@pytest.mark.parametrize(("phases", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broader_ids_are_checked(tmp_path: Path, phases: str, expected: list[str]) -> None:
    assert problems_with_phases(tmp_path, phases) == expected


def test_every_vocabulary_is_checked(tmp_path: Path) -> None:
    taxonomy = TAXONOMY.replace("  - {id: reading, label: Reading, synonyms: [literacy]}",
                                "  - {id: reading, label: Reading, broader: [literacy]}")
    root = write_project(tmp_path, {T: taxonomy})
    assert [p.as_text() for p in validate_project(root, today=TODAY).problems] == [
        f"{T}:7:45: error: themes[0].broader[0]: 'literacy' is not an id in themes; broader "
        "lists ids of wider terms in the same list (themes) [unknown-term]"]


def _taxonomy(phases: list[dict[str, Any]]) -> Taxonomy:
    empty: list[dict[str, Any]] = []
    return Taxonomy.model_validate({
        "phases": phases, "subjects": empty, "themes": empty, "pupil_groups": empty,
        "eef_strands": empty, "approval_bodies": empty, "licenses": empty})


def test_a_long_chain_is_walked_without_recursion() -> None:
    """Linear time, and a chain deeper than Python's recursion limit is no problem."""
    length = sys.getrecursionlimit() * 3
    chain = [{"id": f"t{i}", "label": f"T {i}", "broader": [f"t{i + 1}"] if i + 1 < length else []}
             for i in range(length)]
    taxonomy = _taxonomy(chain)
    assert broader.check(taxonomy, T, Positions()) == []
    assert taxonomy.wider("phases", "t0") == [f"t{i}" for i in range(1, length)]
    chain[-1]["broader"] = ["t0"]  # close the loop: one cycle, one error, at the closing link
    problems = broader.check(_taxonomy(chain), T, Positions())
    assert [(p.field, p.rule) for p in problems] == [(f"phases[{length - 1}].broader[0]",
                                                       "broader-cycle")]


def test_wider_is_transitive_nearest_first_and_always_ends() -> None:
    taxonomy = _taxonomy([
        {"id": "primary", "label": "Primary", "broader": ["all-through"]},
        {"id": "ks2", "label": "Key stage 2", "broader": ["lower", "primary"]},
        {"id": "lower", "label": "Lower", "broader": ["primary", "gone"]},
        {"id": "all-through", "label": "All-through"},
        {"id": "loop", "label": "Loop", "broader": ["loop2"]},
        {"id": "loop2", "label": "Loop 2", "broader": ["loop"]},
    ])
    assert taxonomy.wider("phases", "ks2") == ["lower", "primary", "all-through"]
    assert taxonomy.wider("phases", "all-through") == []
    assert taxonomy.wider("phases", "nope") == []
    assert taxonomy.wider("phases", "loop") == ["loop2"]  # never itself, even in a cycle


# --------------------------------------------------------------------------- on the site

WIDER = Taxonomy.model_validate({
    "phases": [{"id": "primary", "label": "Primary"},
               {"id": "ks1", "label": "Key stage 1", "broader": ["primary"]},
               {"id": "ks2", "label": "Key stage 2", "broader": ["primary"]},
               {"id": "ks3", "label": "Key stage 3"}],
    "subjects": [{"id": "english", "label": "English"}],
    "themes": [{"id": "inclusion", "label": "Inclusion"},
               {"id": "send", "label": "SEND", "broader": ["inclusion"]},
               {"id": "reading", "label": "Reading"}],
    "pupil_groups": [{"id": "disadvantaged", "label": "Disadvantaged pupils"},
                     {"id": "looked-after", "label": "Looked-after children",
                      "broader": ["disadvantaged"]}],
    "eef_strands": [], "approval_bodies": [], "licenses": [],
})


def catalogue() -> Catalogue:
    return Catalogue([
        practice("a", phases=["ks2"], themes=["send"], pupil_groups=["looked-after"]),
        practice("b", phases=["ks1", "ks2"], themes=["reading", "send"]),
        practice("c", phases=["primary"], themes=["inclusion"], pupil_groups=["disadvantaged"]),
        practice("d", phases=["ks3"], themes=["reading"]),
        research("r", 4, themes=["send"], phases=["ks1"]),
    ], WIDER, SCHOOLS, TODAY)


def test_an_item_carries_the_filter_values_of_every_wider_term() -> None:
    cat = catalogue()
    a = search_record(cat.get("practice", "a"), cat)  # type: ignore[arg-type]
    assert a.filters["phase"] == ["Key stage 2", "Primary"]
    assert a.filters["theme"] == ["SEND", "Inclusion"]
    assert a.filters["group"] == ["Looked-after children", "Disadvantaged pupils"]
    b = search_record(cat.get("practice", "b"), cat)  # type: ignore[arg-type]
    assert b.filters["phase"] == ["Key stage 1", "Key stage 2", "Primary"]  # Primary once


def test_facet_counts_include_items_tagged_with_narrower_terms() -> None:
    groups = {g.key: [(o.label, o.count) for o in g.options] for g in facet_groups(catalogue())}
    assert groups["phase"] == [("Primary", 4), ("Key stage 1", 2), ("Key stage 2", 2),
                               ("Key stage 3", 1)]
    assert groups["theme"] == [("Inclusion", 4), ("SEND", 3), ("Reading", 2)]
    assert groups["group"] == [("Disadvantaged pupils", 2), ("Looked-after children", 1)]


def test_theme_pages_list_items_on_narrower_themes() -> None:
    by_theme = catalogue().by_theme()
    assert [e.id for e in by_theme["inclusion"]["practice"]] == ["a", "b", "c"]
    assert [e.id for e in by_theme["inclusion"]["research"]] == ["r"]
    assert [e.id for e in by_theme["send"]["practice"]] == ["a", "b"]
