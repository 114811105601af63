"""Pages at the size limit (1,000,000 bytes), written to be as hard as possible for each
check: every check and build step must stay linear in its input (issue 11: a 1 MB page of
any content validates in under 2 s and builds in under 5 s).

    pages = limit_pages()        # name -> (front-matter + body, whether it is valid)
"""

from __future__ import annotations

LIMIT = 1_000_000
FRONT = """\
---
title: "Limit case: {name}"
summary: A page at the size limit, to time every check on the hardest input.
date: 2025-03-14
authors:
  - name: Sam Okafor
schools: [{school}]
themes: [{theme}]
stage: idea
---
"""


def _fill(unit: str, budget: int) -> str:
    return unit * (budget // len(unit))


def limit_pages(school: str, theme: str) -> dict[str, tuple[str, bool]]:
    """Each kind of page at just under the limit; the bool says whether it should validate
    (pages with errors are timed by the validator only)."""
    kinds = {
        "one-long-line": ("All work and no play makes a dull day ", True),
        "entity-encoded-images": ('<img src="&#104;ttps://x.example/a.png" alt="">\n', True),
        "unclosed-headings": ("<h2>Heading\n", True),
        "table-rows": ("| pupil group | before | after |\n", True),  # after a header row
        "ampersands": ("&amp;" * 20 + "\n", True),
        "at-signs-and-digits": ("@" * 40 + " " + "0123456789" * 8 + "\n", True),
        "scripts": ("<script>alert(1)</script>\n", False),
        "links": ("[a](missing.md) ", False),
    }
    pages = {}
    for name, (unit, valid) in kinds.items():
        front = FRONT.format(name=name, school=school, theme=theme)
        if name == "table-rows":
            front += "| group | before | after |\n|---|---|---|\n"
        pages[name] = (front + _fill(unit, LIMIT - len(front.encode()) - 64), valid)
    return pages
