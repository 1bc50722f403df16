"""A contact sheet of the picture library: every picture at wallet-card size and larger, with its name."""

from __future__ import annotations

from .library import library
from .load import load_library
from .render import draw_picture

FAMILY = "Atkinson Hyperlegible"
COLUMNS, CELL, SMALL = 5, 108.0, 36.0  # points: a cell, and the wallet-card size each picture is also shown at


def contact_sheet(ink: str = "#1A1A1A", accent: str = "#C8102E") -> bytes:
    """The library as a Letter PDF: a cell per picture (large, and at half an inch), named under it."""
    from ..colours import to_rgb
    from ..pdf import RGB, Canvas
    from ..text import draw_line, single_line

    def rgb(value: str) -> RGB:  # a screen colour, as draw's documents paint theirs (no import up into draw)
        return RGB(*to_rgb(value))

    def label(words: str, x: float, y: float, size: float, style: str = "regular") -> None:
        draw_line(c, single_line(words, size, lang="en", family=FAMILY, style=style), x, y)

    entries = list(library().values())
    width, margin = 612.0, 36.0
    rows = -(-len(entries) // COLUMNS)
    height = margin * 2 + 24 + rows * (CELL + 28)
    c = Canvas((width, height))
    c.info["Title"] = "pamphlets picture library"
    label("pamphlets picture library (pamphlets list pictures)", margin, height - margin, 12, "bold")
    for i, entry in enumerate(entries):
        col, row = i % COLUMNS, i // COLUMNS
        x = margin + col * CELL
        y = height - margin - 24 - (row + 1) * (CELL + 28) + 28
        picture = load_library(entry.name)
        big = CELL - SMALL - 16
        draw_picture(c, picture, x, y + 8, big, big * picture.aspect, ink=ink, accent=accent, paint=rgb, cmyk=False)
        draw_picture(c, picture, x + big + 6, y + 8, SMALL, SMALL * picture.aspect, ink=ink, accent=accent,
                     paint=rgb, cmyk=False)
        c.setFillColor(RGB(0, 0, 0))
        label(entry.name, x, y - 4, 8, "bold")
        c.setFillColor(RGB(0.35, 0.35, 0.35))
        label(entry.licence, x, y - 13, 7.5)
    return c.save()
