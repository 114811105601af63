"""Contributed Markdown is rendered as GitHub's preview renders it (cmark-gfm)."""

from __future__ import annotations

import pytest

from openpractice.gfm import to_html


@pytest.mark.parametrize(("body", "expected"), [
    # what GitHub's preview shows, and Python-Markdown with our extensions did not
    ("~~gone~~", "<p><del>gone</del></p>"),
    ("See www.example.org now", '<p>See <a href="http://www.example.org">www.example.org</a> now</p>'),
    ("<https://eef.org.uk>", '<p><a href="https://eef.org.uk">https://eef.org.uk</a></p>'),
    # tables keep their alignment as a style (nh3 decides what survives), not `align`
    ("| a | b |\n|:-:|---|\n| 1 | 2 |",
     '<table>\n<thead>\n<tr>\n<th style="text-align: center">a</th>\n<th>b</th>\n</tr>\n</thead>\n'
     '<tbody>\n<tr>\n<td style="text-align: center">1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>'),
    ("```python\nx = 1\n```", '<pre><code class="language-python">x = 1\n</code></pre>'),
    # no task lists: a checkbox is an <input>, which contributed pages may not hold
    ("- [ ] to do", "<ul>\n<li>[ ] to do</li>\n</ul>"),
    # raw HTML passes here: the checks report it and nh3 cleans it (no tag filter, so the
    # checks can see a <script> to report it)
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("[x](javascript:alert(1))", '<p><a href="javascript:alert(1)">x</a></p>'),
    # no tab in a link destination: not a link at all
    ("[x](java\tscript:alert(1))", "<p>[x](java\tscript:alert(1))</p>"),
    # a UNC path becomes a relative link (MkDocs reports it as unrecognised), never a share
    ("[unc](\\\\\\\\server\\\\share)", '<p><a href="%5C%5Cserver%5Cshare">unc</a></p>'),
    # `{: .class}` (attr_list) is plain text, as on GitHub
    ("Text\n{: onclick=\"x\"}", '<p>Text\n{: onclick=&quot;x&quot;}</p>'),
])
def test_github_flavoured_markdown(body: str, expected: str) -> None:
    assert to_html(body).strip() == expected


@pytest.mark.parametrize("reference", ["&#xFFFE;", "&#xffff;", "&#65534;", "&#65535;", "&#x000FFFE;"])
def test_noncharacter_references_do_not_break_the_renderer(reference: str) -> None:
    assert to_html(f"a {reference} b") == "<p>a \ufffd b</p>\n"
