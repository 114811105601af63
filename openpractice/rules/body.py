"""Finding a problem's place in a page body: the checks read rendered HTML, but the message
must point at the line the contributor wrote."""

from __future__ import annotations

from ..html_policy import as_browser_reads


def code_fence_lines(lines: list[str]) -> set[int]:
    inside, fenced = False, set()
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            inside = not inside
            fenced.add(i)
        elif inside:
            fenced.add(i)
    return fenced


def locate(
    lines: list[str], needles: tuple[str, ...], fenced: set[int], nth: int = 0
) -> tuple[int, int]:
    """0-based line and 1-based column of the nth place of the first needle found outside code
    blocks, as written or as a browser reads it ('java&#115;cript:', 'java<TAB>script:')."""
    for needle in needles:
        needle = needle.lower()
        places = [(i, at + 1) for i, line in enumerate(lines) if i not in fenced
                  for at in _find_all(line.lower(), needle)]
        if not places:
            places = [(i, at + 1) for i, line in enumerate(lines) if i not in fenced
                      and (at := _find_decoded(line, needle)) >= 0]
        if places:
            return places[min(nth, len(places) - 1)]
    return 0, 1  # encoded beyond recognition: point at the start of the body


def _find_all(text: str, needle: str) -> list[int]:
    places, at = [], text.find(needle)
    while at >= 0:
        places.append(at)
        at = text.find(needle, at + 1)
    return places


def _find_decoded(line: str, needle: str) -> int:
    if needle not in as_browser_reads(line).lower():
        return -1
    return next((at for at in range(len(line))
                 if as_browser_reads(line[at:]).lower().startswith(needle)), -1)
