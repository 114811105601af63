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

from ..html_policy import external_images_in_clean
from ..problems import Severity
from .body import Body

RULE = "external-image"


def check(body: Body) -> None:
    if "//" not in body.text:  # no address of another website at all
        return
    for url in external_images_in_clean(body.cleaned):
        host = urlsplit(url).hostname or url
        body.report((url,), f"this image is on another website ({host}), which would see everyone "
                    "who reads the page, so the site shows it as a link; to show the image, add "
                    "the file to content/ next to this page and write ![what it shows](file-name.png)",
                    RULE, Severity.WARNING)
