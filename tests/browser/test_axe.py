"""axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) on one page of every type, at desktop and
phone widths, in Debian's Chromium over the real built sample site: 0 violations."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import PAGE_TYPES, VIEWPORTS, GateResult

pytestmark = [pytest.mark.browser, pytest.mark.build]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def describe(violation: dict[str, Any]) -> list[str]:
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}"]
    for node in violation["nodes"][:5]:
        summary = " ".join((node.get("failureSummary") or "").split())
        lines.append(f"    at {', '.join(map(str, node['target']))}: {summary[:400]}")
    if len(violation["nodes"]) > 5:
        lines.append(f"    ... and {len(violation['nodes']) - 5} more elements")
    return lines


@pytest.mark.parametrize("width", list(VIEWPORTS))
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_wcag22_aa(
    kind: str, width: str, visit: Any, gates: dict[str, GateResult],
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, path = visit(kind, width)
    if kind == "explore":
        page.wait_for_load_state("networkidle")  # the search interface builds itself after load
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    )
    violations = results.response["violations"]
    nodes = sum(len(v["nodes"]) for v in violations)
    gates["axe"].add(1, len(violations),
                     [f"{kind} /{path} at {width}: {v['id']} on {len(v['nodes'])} element(s)"
                      for v in violations])
    report = "\n".join(line for v in violations for line in describe(v))
    assert not violations, (
        f"axe: {len(violations)} violation(s) on {nodes} element(s) at /{path} ({kind}, {width}):\n"
        f"{report}"
    )
