"""wrong-folder: a page with an item's front-matter saved outside its type's folder. The
folder decides the type, so such a page would be published as something else (an ordinary
page, or an item of the other type).

Passing::

    content/practice/reading-passports.md     with  stage: piloting

Failing::

    content/reading-passports.md              with  stage: piloting
    # stage: this page has 'stage:', so it is a practice write-up, but it is saved in
    # content/; move it to content/practice/reading-passports.md (the folder decides the
    # type) [wrong-folder]
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from .base import Check

RULE = "wrong-folder"

# A key only one type has -> that type (its folder).
MARKERS = {"stage": "practice", "evidence_strength": "research", "approved_by": "policies"}
NOUNS = {"practice": "a practice write-up", "research": "a research summary",
         "policies": "a policy"}


def check(kind: str | None, meta: dict[str, Any], rel: str, content: str,
          check: Check) -> str | None:
    """The type the front-matter belongs to when the file is in another type's folder (or
    outside them all), after reporting it; else None. `rel` is the file's path from the
    project root, `content` the content folder's."""
    keys = [key for key in MARKERS if key in meta]
    if not keys or any(MARKERS[key] == kind for key in keys):
        return None
    key = keys[0]
    belongs = MARKERS[key]
    path = PurePosixPath(rel)
    target = f"{content}/{belongs}/{path.name}"
    check.error(
        (key,),
        f"this page has '{key}:', so it is {NOUNS[belongs]}, but it is saved in "
        f"{path.parent}/; move it to {target} (the folder decides the type)",
        RULE,
    )
    return belongs
