"""Perforated card stock a program prints wallet cards on at home: where each card of the sheet is."""

from __future__ import annotations

from .record import record

MM = 72 / 25.4
IN = 72.0


@record
class Stock:
    """A sheet of perforated cards, as its maker's template gives it (top-left origin, like the template)."""

    name: str
    paper: str  # letter | a4
    card: tuple[float, float]  # width, height in points
    columns: int
    rows: int
    left: float  # x of the first column's left edge from the paper's left edge
    top: float  # y of the first row's top edge from the paper's top edge
    pitch: tuple[float, float]  # from one card's corner to the next, across and down
    size: str  # the wallet card's size that fits these cards


# Geometry from the glabels template database (templates/avery-us-templates.xml, avery-iso-templates.xml),
# which follows Avery's published templates: 5371 (and its equivalents 5877, 8371, 28371) is Letter, 2 x 5
# cards of 3.5 x 2 in from 0.75 in and 0.5 in, edge to edge; C32011 is A4, 2 x 5 cards of 85 x 54 mm from
# 15 mm and 13.5 mm, 95 mm apart across (a 10 mm gutter) and edge to edge down.
_LETTER_CARDS = dict(paper="letter", card=(3.5 * IN, 2 * IN), columns=2, rows=5, left=0.75 * IN, top=0.5 * IN,
                     pitch=(3.5 * IN, 2 * IN), size="us")
STOCKS = {stock.name: stock for stock in (
    *(Stock(f"avery-{part}", **_LETTER_CARDS) for part in ("5371", "5877", "8371", "28371")),
    Stock("avery-c32011", "a4", (85 * MM, 54 * MM), 2, 5, 15 * MM, 13.5 * MM, (95 * MM, 54 * MM), "eu-54"),
)}
