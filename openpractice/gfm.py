"""Contributed Markdown rendered as GitHub renders it: cmark-gfm, GitHub's own Markdown engine.

A teacher checks a page in GitHub's preview before sending it, so the site shows what that
preview showed: CommonMark with GitHub's tables, strikethrough, bare-link autolinks and
footnotes. Raw HTML passes through here; the validator then refuses what is unsafe
(rules/unsafe_html.py) and the site plan cleans what is left with nh3 and finishes it
(published.py: heading ids, contents, links). GitHub's tag filter and task lists are left
out: the validator must see a `<script>` to report it, and a task list's checkbox is an
`<input>`, which contributed pages may not contain.

cmark-gfm is C and renders a page in well under a millisecond, about 25 times faster
than Python-Markdown, which matters at thousands of pages.
"""

from __future__ import annotations

import re

import cmarkgfm
from cmarkgfm.cmark import Options

OPTIONS = (Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
           | Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES)  # `align` is obsolete HTML
EXTENSIONS = ("table", "strikethrough", "autolink")
# cmark-gfm writes U+FFFE and U+FFFF, given as character references, as the bytes 0xFE and
# 0xFF, which are not UTF-8: it would fail on them. They are not characters; a browser shows
# them as the replacement character, and so does the site.
_NONCHARACTER = re.compile(r"&#(?:[xX]0{0,8}[fF]{3}[eEfF]|0{0,8}6553[45]);")


def to_html(body: str, sourcepos: bool = False) -> str:
    """cmark-gfm's HTML for a body, as written (before the plan cleans and finishes it).
    With `sourcepos`, each block element Markdown made carries `data-sourcepos="3:1-4:32"`
    (its first and last line and column in `body`): the personal-data check reads the page
    as rendered and reports at the line written."""
    body = _NONCHARACTER.sub("&#xFFFD;", body)
    options = OPTIONS | Options.CMARK_OPT_SOURCEPOS if sourcepos else OPTIONS
    return str(cmarkgfm.markdown_to_html_with_extensions(body, options=options,
                                                         extensions=list(EXTENSIONS)))
