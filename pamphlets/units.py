"""One converter for every length a user writes: 85mm, 3.5in, 12pt, 1cm."""

from __future__ import annotations

import re

POINTS_PER = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?|-?\.\d+)\s*(pt|in|mm|cm)\s*$")


class UnitError(ValueError):
    """A length that cannot be read."""


def to_points(value: object) -> float:
    """Convert '85mm', '3.5in', '12pt' or '1cm' (or a bare 0) to PostScript points."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0:
        return 0.0
    match = _LENGTH.match(value) if isinstance(value, str) else None
    if not match:
        raise UnitError(f"'{value}' is not a length; write a number with a unit: in, mm, cm or pt (e.g. 0.125in)")
    return float(match.group(1)) * POINTS_PER[match.group(2)]
