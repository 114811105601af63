"""contact: a practice contact is a role name, or an address on the trust's own domains.

Passing::

    contact: Research Champion, Brookside Primary
    contact: research@trust.example          # with contact_domains: [trust.example]

Failing::

    contact: j.smith@gmail.com   # contact: 'gmail.com' is not one of the trust's domains ... [contact]
"""

from __future__ import annotations

import re

from ..models import ItemBase, Practice
from .base import Check

RULE = "contact"
_EMAIL = re.compile(r"^[^@\s]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})$")


def check(item: ItemBase, check: Check) -> None:
    if not isinstance(item, Practice) or item.contact is None:
        return
    contact = item.contact
    match = _EMAIL.match(contact)
    if match:
        domain = match.group(1).lower()
        allowed = check.config.contact_domains
        if not any(domain == d or domain.endswith("." + d) for d in allowed):
            domains = ", ".join(allowed) or "(none set in mkdocs.yml)"
            check.error(
                ("contact",),
                f"'{domain}' is not one of the trust's domains ({domains}); use a work address "
                "on those domains or a role name such as 'Research Champion, Brookside Primary'",
                RULE,
            )
    elif "@" in contact or not re.search(r"[A-Za-z]", contact) or re.search(r"\d{5,}", contact):
        check.error(
            ("contact",),
            f"'{contact}' is neither an e-mail address nor a role name; write a role such as "
            "'Head of English' (never a personal phone number)",
            RULE,
        )
