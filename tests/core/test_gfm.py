"""Contributed Markdown is rendered as GitHub's preview renders it (cmark-gfm), with heading
ids, a table of contents, the page's link targets and its links passed to a resolver."""

from __future__ import annotations

import pytest

from openpractice.gfm import render, rewrite_links, to_html
from openpractice.markdown_render import render as checks_render


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


def test_the_checks_see_what_the_site_renders() -> None:
    body = "[a](javascript:x) <b onclick=y>z</b>\n\n## Heading"
    assert checks_render(body) == to_html(body)
    assert render(body).html.replace(' id="heading"', "") == to_html(body)


@pytest.mark.parametrize(("body", "ids"), [
    ("## Why it works", ["why-it-works"]),
    ("## What we did\n\n## What we did\n\n## What we did", ["what-we-did", "what-we-did_1", "what-we-did_2"]),
    ("## Pupils & families: *what* changed?", ["pupils-families-what-changed"]),
    ("## Café à l'école", ["cafe-a-lecole"]),
    ("## Notes[^1]\n\n[^1]: A note.", ["notes"]),
    ("<h2 id=\"own\">Raw</h2>\n\n## Own", ["own_1"]),  # a raw heading keeps its own id
])
def test_headings_get_ids_as_python_markdown_made_them(body: str, ids: list[str]) -> None:
    rendered = render(body)
    assert [token["id"] for token in _flat(rendered.toc_tokens)] == ids
    for anchor in ids:
        assert f'id="{anchor}"' in rendered.html
        assert anchor in rendered.anchor_ids


def test_table_of_contents_nests_and_keeps_heading_text() -> None:
    rendered = render("# Title\n\n## One & two\n\n### Deeper\n\n## Three")
    (top,) = rendered.toc_tokens
    assert (top["level"], top["id"], top["name"]) == (1, "title", "Title")
    assert [(c["name"], [g["id"] for g in c["children"]]) for c in top["children"]] == [
        ("One &amp; two", ["deeper"]), ("Three", [])]


@pytest.mark.parametrize(("body", "title"), [
    ("# Our *reading* plan\n\nText", "Our reading plan"),
    ("# Fish &amp; chips", "Fish & chips"),
    ("Intro\n\n# Later heading", None),  # MkDocs takes only a heading on the first line
    ("## Not level one", None),
])
def test_title_is_a_first_line_h1(body: str, title: str | None) -> None:
    assert render(body).title == title


def test_link_targets_include_footnotes_and_raw_ids() -> None:
    body = 'Text[^1] <span id="here">x</span> <a name="old">y</a> id="not-in-a-tag"\n\n[^1]: Note.'
    assert render(body).anchor_ids == {"fn-1", "fnref-1", "here", "old"}


def test_links_and_images_go_through_the_resolver() -> None:
    seen: list[str] = []

    def resolve(url: str) -> str:
        seen.append(url)
        return url.replace(".md", "/").replace("x&y", "x-and-y")

    body = ("[a](../research/feedback.md#why) ![img](pic.png)\n\n"
            "<a href='raw.md'>raw</a> <a href=bare.md>bare</a> <img alt=\"\" src=\"x&amp;y.png\">\n\n"
            "`<a href=\"code.md\">` and [ext](https://eef.org.uk/a?b=1&c=2)")
    out = render(body, rewrite_url=resolve).html
    assert seen == ["../research/feedback.md#why", "pic.png", "raw.md", "bare.md", "x&y.png",
                    "https://eef.org.uk/a?b=1&c=2"]  # none from inside code
    assert '<a href="../research/feedback/#why">' in out
    assert '<a href="raw/">raw</a> <a href="bare/">bare</a>' in out
    assert 'src="x-and-y.png"' in out
    assert 'href="https://eef.org.uk/a?b=1&amp;c=2"' in out
    assert '&lt;a href=&quot;code.md&quot;&gt;' in out


def test_rewritten_urls_are_escaped() -> None:
    out = rewrite_links('<a href="x">t</a>', lambda url: 'y" onclick="alert(1)')
    assert out == '<a href="y&quot; onclick=&quot;alert(1)">t</a>'


def _flat(tokens: list[dict[str, object]]) -> list[dict[str, object]]:
    flat = []
    for token in tokens:
        flat.append(token)
        flat += _flat(token["children"])  # type: ignore[arg-type]
    return flat
