"""Validation rules. Each module checks one thing, has a rule id, and shows in its docstring
a passing and a failing example; `ALL_RULES` lists every id a problem can carry, with what it
means, for the docs, the CLI and the tests (a test fails on a problem whose rule is not here).
"""

from __future__ import annotations

ERROR, WARNING = "error", "warning"

# rule id -> (level, what it reports)
ALL_RULES: dict[str, tuple[str, str]] = {
    # the schema (rules/schema.py: pydantic's errors, placed at their key or value)
    "required": (ERROR, "a required field is missing"),
    "unknown-key": (ERROR, "a key the page type does not define (with a did-you-mean)"),
    "wrong-type": (ERROR, "a value of the wrong kind (text, list, date, number, true/false)"),
    "too-short": (ERROR, "a text or list shorter than allowed"),
    "too-long": (ERROR, "a text or list longer than allowed"),
    "too-few": (ERROR, "a list with fewer entries than required"),
    "out-of-range": (ERROR, "a number or date outside its range (dates: 1900-2200)"),
    "bad-date": (ERROR, "not a YYYY-MM-DD date"),
    "bad-url": (ERROR, "not an http(s) address"),
    "bad-format": (ERROR, "a value not in the required form (DOI, URN, kebab-case...)"),
    "not-allowed": (ERROR, "a value outside the allowed set"),
    "date-order": (ERROR, "dates in the wrong order (updated before date...)"),
    # references and vocabularies
    "unknown-term": (ERROR, "a term, or a broader term, not in taxonomy.yml"),
    "broader-cycle": (ERROR, "a term wider than itself through its broader terms"),
    "unknown-school": (ERROR, "a school id not in schools.yml"),
    "unknown-research": (ERROR, "evidence naming a research summary that does not exist"),
    "draft-evidence": (ERROR, "evidence naming a research summary that is a draft"),
    "contact": (ERROR, "a contact that is not a role or an address on the trust's domains"),
    "review-overdue": (WARNING, "a policy's review date has passed"),
    "recheck-overdue": (WARNING, "a research summary's re-check date has passed"),
    # bodies and attachments
    "unsafe-html": (ERROR, "script, style, frames, on* attributes or script URLs"),
    "html-too-complex": (ERROR, "raw HTML nested too deep or too broken to check"),
    "external-image": (WARNING, "an image from another website (published as a link)"),
    "broken-link": (ERROR, "a link or image pointing at nothing published"),
    "personal-data": (ERROR, "text that looks like pupil personal data"),
    "control-character": (ERROR, "an invisible control character in a value or the text"),
    "macros-not-allowed": (ERROR, "a page asking to run as a template"),
    # files, ids and addresses
    "bad-id": (ERROR, "a file name that is not kebab-case, or reserved for a listing"),
    "duplicate-id": (ERROR, "two items of one type with the same id"),
    "reserved-address": (ERROR, "a page at the address of a generated page or another page"),
    "no-front-matter": (ERROR, "an item without front-matter"),
    "unclosed-front-matter": (ERROR, "front-matter that is never closed"),
    "not-a-mapping": (ERROR, "front-matter that is not 'key: value' lines"),
    "yaml-syntax": (ERROR, "YAML that cannot be read (a tab is named as a tab)"),
    "duplicate-key": (ERROR, "a key given twice"),
    "yaml-tag": (ERROR, "a YAML tag (!ENV, !!python/...)"),
    "yaml-alias-limit": (ERROR, "anchors and aliases expanding to too many values"),
    "yaml-too-deep": (ERROR, "YAML nested more than 64 levels"),
    "not-utf8": (ERROR, "a file that is not UTF-8 text"),
    "file-too-large": (ERROR, "a file over its size limit"),
    "unreadable": (ERROR, "a file that cannot be read, or is not a regular file"),
    "symlink": (ERROR, "a symbolic link in content/"),
    "file-type": (ERROR, "a file type a browser would run"),
    "folder-too-deep": (ERROR, "folders nested more than 32 deep"),
    "missing-file": (ERROR, "a data file the site needs is missing"),
    "wrong-folder": (ERROR, "an item's front-matter in a file outside its type's folder"),
    "empty-section": (WARNING, "a section of the new-page template left empty"),
}
