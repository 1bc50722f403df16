"""Values that look right but would fail the reader: placeholder details, invisible characters, look-alike domains.

A person in crisis calling a fictional number is the worst thing this tool can print, so placeholder details are
found here from the values themselves (not from where the profile came from), and a link whose QR code would be
dead, or would lead somewhere else than it reads, is refused with the character named.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# Reserved for fiction: the 555 area code is not in service, and 555-0100 to 555-0199 are set aside for films and
# examples in every area code (North American Numbering Plan Administrator).
_EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net", "example.edu")  # RFC 2606 / 6761
_INIT_ADDRESS = "100 Example Street"  # what `pamphlets init` writes


def placeholder_phone(value: str) -> bool:
    """True for a number in the fictional 555 ranges, e.g. (555) 010-0100 or 206-555-0123."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        area, exchange, line = digits[:3], digits[3:6], digits[6:]
        return area == "555" or (exchange == "555" and line.startswith("01"))
    return len(digits) == 7 and digits.startswith("55501")


def placeholder_link(value: str) -> bool:
    """True for a link or e-mail address at a domain reserved for examples (example.org and its subdomains)."""
    host = value.rpartition("@")[2] if "@" in value and "//" not in value else urlsplit(value).hostname or ""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in _EXAMPLE_DOMAINS)


def placeholder_reason(key: str, value: str) -> str | None:
    """Why a profile value is a placeholder, or None."""
    if key in ("phone", "text_line") and placeholder_phone(value):
        return f"'{value}' is a fictional 555 number"
    if key in ("link", "website", "email") and placeholder_link(value):
        return f"'{value}' is an example address (example.org and the like lead nowhere)"
    if key == "address" and _INIT_ADDRESS in value:
        return f"'{value}' is the example address `pamphlets init` writes"
    return None


def shown(ch: str) -> str:
    """A character as a reader can see it in a message: 'U+200B ZERO WIDTH SPACE'."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


def invisible(value: str) -> str | None:
    """The first character that prints as nothing but changes the value (format and control characters)."""
    for ch in value:
        if unicodedata.category(ch) in ("Cf", "Cc", "Co", "Cn", "Zl", "Zp"):
            return ch
    return None


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ")[0] if name else "UNKNOWN"


def mixed_script_host(url: str) -> str | None:
    """A description of a host name that mixes writing systems (a Cyrillic 'а' in a Latin name), or None."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    try:
        host = host.encode("ascii").decode("idna") if "xn--" in host else host
    except UnicodeError:
        return None
    for label in host.split("."):
        scripts = {_script(ch) for ch in label if ch.isalpha()}
        if len(scripts) > 1:
            odd = next(ch for ch in label if ch.isalpha() and _script(ch) != "LATIN") if "LATIN" in scripts else None
            which = f" ({shown(odd)})" if odd else ""
            return f"the name '{label}' mixes {' and '.join(sorted(s.title() for s in scripts))} letters{which}"
    return None


def link_problem(value: str) -> str | None:
    """Why a link would not work as it reads (invisible or look-alike characters), or None."""
    ch = invisible(value)
    if ch is not None:
        return (f"contains an invisible character, {shown(ch)}, at position {value.index(ch) + 1}; a QR code or a "
                "typed link with it leads nowhere: retype the link")
    mixed = mixed_script_host(value)
    if mixed:
        return f"{mixed}, so it leads somewhere else than it reads; retype it in one alphabet"
    return None
