"""contact: a practice contact is a role name, or an address on the trust's own domains.

The address is judged as a mail program would read it: character references and URL escapes
decoded ('name%40gmail.com', 'name&#64;gmail.com'), every '@' counted (a query string such as
'?cc=someone@gmail.com', a second '@'), and spelled-out addresses ('name at gmail dot com')
found by the personal-data detector. Every domain must be one of `contact_domains` (or a
subdomain of one), and the contact must then be just the address, written plainly.

Passing::

    contact: Research Champion, Brookside Primary
    contact: research@trust.example          # with contact_domains: [trust.example]

Failing::

    contact: j.smith@gmail.com   # contact: 'gmail.com' is not one of the trust's domains ... [contact]
    contact: "research%40trust.example"   # ... is not a plain e-mail address ... [contact]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import ItemBase, Practice
from ..personal_data import decode, find_in_text, kind_of, webmail_domains
from .base import Check

RULE = "contact"
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._+'\-]{1,64}@[A-Za-z0-9][A-Za-z0-9.\-]{0,252}\.[A-Za-z]{2,24}")
_DOMAIN_AFTER_AT = re.compile(r"@[ \t]{0,2}([^\s@?/#&;,:<>()\[\]\"'`\\]{0,255})")


def _allowed(domain: str, allowed: Sequence[str]) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in allowed)


def problem(contact: str, allowed: Sequence[str]) -> str | None:
    """What is wrong with `contact` given the trust's domains, or None."""
    decoded = decode(contact).strip()
    domains = [m.group(1).lower().rstrip(".") for m in _DOMAIN_AFTER_AT.finditer(decoded)]
    domains += [d for d in webmail_domains(contact) if d not in domains]
    if domains:
        for domain in domains:
            if domain and not _allowed(domain, allowed):
                listed = ", ".join(allowed) or "(none set in mkdocs.yml)"
                return (f"'{domain}' is not one of the trust's domains ({listed}); use a work "
                        "address on those domains or a role name such as 'Research Champion, "
                        "Brookside Primary'")
        if _PLAIN_ADDRESS.fullmatch(contact.strip()) is None:
            example = f"research@{allowed[0]}" if allowed else "research@your-trust.org.uk"
            return (f"'{contact}' is not a plain e-mail address; write just the address, e.g. "
                    f"'{example}': no encoding such as %40 or &#64;, no 'mailto:', no name "
                    "around it, nothing after a '?', one '@'")
        return None
    if ("@" in decoded or not re.search(r"[A-Za-z]", decoded) or re.search(r"\d{5,}", decoded)
            or any(kind_of(f.message) != "email" for f in find_in_text(decoded))):
        return (f"'{contact}' is neither an e-mail address nor a role name; write a role such as "
                "'Head of English' (never a personal phone number)")
    return None


def check(item: ItemBase, check: Check) -> None:
    if not isinstance(item, Practice) or item.contact is None:
        return
    message = problem(item.contact, check.config.contact_domains)
    if message is not None:
        check.error(("contact",), message, RULE)
