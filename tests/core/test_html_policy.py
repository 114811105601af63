"""Images from other websites: reported by the checks, published as links by the build."""

from __future__ import annotations

import pytest

from openpractice.html_policy import external_image_urls, external_images_as_links, sanitise

LINK = '<a href="https://img.example/a.png">Image on another website: A chart</a>'


@pytest.mark.parametrize(("fragment", "expected"), [
    ('<img src="https://img.example/a.png" alt="A chart" />', LINK),
    ("<img alt='A chart' src='https://img.example/a.png'>", LINK),
    ("<IMG SRC=https://img.example/a.png ALT='A chart'>", LINK),
    ('<img src="//img.example/a.png">', '<a href="//img.example/a.png">Image on another website</a>'),
    ('<img src=" https://img.example/a.png" alt="x &amp; &lt;y&gt;">',  # as a browser reads it
     '<a href="https://img.example/a.png">Image on another website: x &amp; &lt;y&gt;</a>'),
    ('<img src="https://img.example/a.png?a=1&amp;b=2" alt="">',
     '<a href="https://img.example/a.png?a=1&amp;b=2">Image on another website</a>'),
    # images in the site are left alone
    ('<img src="../chart.png" alt="A chart">', '<img src="../chart.png" alt="A chart">'),
    ('<img src="/assets/logo.png">', '<img src="/assets/logo.png">'),
    ("<p>text //img.example/a.png</p>", "<p>text //img.example/a.png</p>"),
])
def test_external_images_become_links(fragment: str, expected: str) -> None:
    assert external_images_as_links(fragment) == expected


def test_checks_and_build_agree_on_what_is_external() -> None:
    fragment = '<p><img src="https://a.example/1.png"><img src="local.png"><img src="//b.example/2.png"></p>'
    assert external_image_urls(fragment) == ["https://a.example/1.png", "//b.example/2.png"]
    assert sanitise(fragment) == ('<p><a href="https://a.example/1.png" rel="noopener noreferrer">Image '
                                  'on another website</a><img src="local.png"><a href="//b.example/2.png" '
                                  'rel="noopener noreferrer">Image on another website</a></p>')
