"""The HTML policy: what the checks report as external images is what the plan turns into links."""

from __future__ import annotations

import pytest

from openpractice.html_policy import clean, external_image_urls, is_external


@pytest.mark.parametrize(("src", "external"), [
    ("https://img.example/a.png", True),
    ("//img.example/a.png", True),
    (" https://img.example/a.png", True),
    ("&#104;ttps://img.example/a.png", True),
    ("\\\\img.example\\a.png", True),
    ("/\\img.example/a.png", True),
    ("HTTPS://IMG.EXAMPLE/A.PNG", True),
    ("../chart.png", False),
    ("chart.png", False),
    ("/assets/logo.png", False),
])
def test_what_a_browser_would_fetch_from_elsewhere(src: str, external: bool) -> None:
    assert is_external(src) is external


def test_the_checks_parse_every_spelling() -> None:
    fragment = ('<p><img src="https://a.example/1.png"><img src="local.png"><img/src="//b.example/2.png">'
                '<img alt=""src="https://c.example/3.png"><IMG SRC=https://d.example/4.png></p>')
    assert external_image_urls(fragment) == ["https://a.example/1.png", "//b.example/2.png",
                                             "https://c.example/3.png", "https://d.example/4.png"]


def test_clean_output_escapes_angle_brackets_in_attributes() -> None:
    assert clean('<img src=x alt="<!--" title="-->">') == '<img src="x" alt="&lt;!--" title="--&gt;">'
