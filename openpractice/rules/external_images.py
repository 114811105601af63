"""external-image (warning): an image from another website.

A reader's browser would fetch the image from that website, which could then see who reads
the page and when; the site promises no third-party requests. The build shows such an image
as a link to it instead (html_policy.py), and this warning says how to show it properly.

Passing::

    ![A reading passport](reading-passport.png)

Failing::

    ![A reading passport](https://example.org/passport.png)   # ... on another website ... [external-image]
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..html_policy import external_image_urls
from ..markdown_render import render
from ..problems import Severity
from .base import Check
from .body import code_fence_lines, locate

RULE = "external-image"


def check(body: str, body_line: int, check: Check) -> None:
    if "//" not in body:  # no address of another website at all
        return
    lines = body.split("\n")
    fenced = code_fence_lines(lines)
    seen: dict[str, int] = {}
    for url in external_image_urls(render(body)):
        nth = seen[url] = seen.get(url, -1) + 1
        line, column = locate(lines, (url,), fenced, nth)
        host = urlsplit(url).hostname or url
        check.at_line(body_line + line, column,
                      f"this image is on another website ({host}), which would see everyone who "
                      "reads the page, so the site shows it as a link; to show the image, add the "
                      "file to content/ next to this page and write ![what it shows](file-name.png)",
                      RULE, Severity.WARNING)
