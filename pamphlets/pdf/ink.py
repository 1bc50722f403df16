"""Colours as a PDF sets them: RGB for screens and office printers, CMYK for presses, and separations."""

from __future__ import annotations

from typing import Any

from ..record import record


@record(slots=True)
class RGB:
    """Red, green and blue from 0 to 1 (and an opacity)."""

    red: float
    green: float
    blue: float
    alpha: float = 1.0


@record(slots=True)
class CMYK:
    """Cyan, magenta, yellow and black ink from 0 to 1 (and an opacity)."""

    cyan: float
    magenta: float
    yellow: float
    black: float
    alpha: float = 1.0


@record(slots=True)
class Separation:
    """A named separation at a tint, shown on screen as its CMYK equivalent ("All" prints on every plate)."""

    name: str
    cmyk: tuple[float, float, float, float]
    tint: float = 1.0
    alpha: float = 1.0


Colour = RGB | CMYK | Separation


def as_colour(value: Any) -> Colour:
    """Our colour for any colour object with these attributes (svglib's drawings carry reportlab colours)."""
    if isinstance(value, RGB | CMYK | Separation):
        return value
    alpha = float(getattr(value, "alpha", 1) or 1)
    if hasattr(value, "cyan"):
        cmyk = (value.cyan, value.magenta, value.yellow, value.black)
        scale = float(getattr(value, "density", 1))
        if getattr(value, "spotName", None):
            return Separation(value.spotName, cmyk, scale, alpha)
        return CMYK(*(c * scale for c in cmyk), alpha)
    if hasattr(value, "red"):
        return RGB(value.red, value.green, value.blue, alpha)
    raise TypeError(f"not a colour: {value!r}")
