"""Colours users write (#RRGGBB, cmyk(c, m, y, k) in percent, black, white) and their RGB or CMYK values."""

from __future__ import annotations

import re

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_CMYK = re.compile(r"^cmyk\(\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*\)$")
NAMED = {"black": "cmyk(0, 0, 0, 100)", "white": "#FFFFFF"}
HINT = "#RRGGBB (e.g. #4B2E83), cmyk(C, M, Y, K) in percent (e.g. cmyk(0, 0, 0, 100)), black or white"


def is_colour(value: str) -> bool:
    """True for a colour this module can read."""
    value = NAMED.get(value, value)
    match = _CMYK.match(value)
    return bool(_HEX.match(value)) or bool(match and all(float(v) <= 100 for v in match.groups()))


def to_rgb(value: str) -> tuple[float, float, float]:
    """The colour as RGB fractions (CMYK converted the simple way, for screens and office printers)."""
    value = NAMED.get(value, value)
    if value.startswith("#"):
        return tuple(int(value[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]
    c, m, y, k = to_cmyk(value)
    return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)


def to_cmyk(value: str) -> tuple[float, float, float, float]:
    """The colour as CMYK fractions; a grey (or black) becomes black ink only, never a four-colour mix."""
    value = NAMED.get(value, value)
    match = _CMYK.match(value)
    if match:
        return tuple(float(v) / 100 for v in match.groups())  # type: ignore[return-value]
    r, g, b = to_rgb(value)
    k = 1 - max(r, g, b)
    if k >= 1:
        return 0.0, 0.0, 0.0, 1.0
    # Rounded so that a grey's C, M and Y come out as exactly 0 rather than 1e-17.
    c, m, y = (round((1 - v - k) / (1 - k), 4) for v in (r, g, b))
    return c, m, y, round(k, 4)
