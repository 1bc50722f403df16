"""Stage 5, impose: pure geometry placing faces on sheets, with page boxes and crop marks."""

from __future__ import annotations

from dataclasses import dataclass

from .plan import PagePlan

MM = 72.0 / 25.4
MARK_LENGTH = 6 * MM  # print shops expect crop marks about 6 mm long
MARK_GAP = 3.0  # marks start this far beyond the bleed, so they never print inside it


@dataclass(frozen=True)
class Placement:
    """Face number `face` drawn with its trim's lower-left corner at (x, y), turned by `rotate` degrees."""

    face: int
    x: float
    y: float
    rotate: int = 0


@dataclass(frozen=True)
class Sheet:
    """One PDF page: its size, its boxes (x0, y0, x1, y1) and what goes on it."""

    width: float
    height: float
    trim_box: tuple[float, float, float, float]
    bleed_box: tuple[float, float, float, float]
    placements: tuple[Placement, ...]
    marks: tuple[tuple[float, float, float, float], ...]  # line segments x1, y1, x2, y2


@dataclass(frozen=True)
class SheetPlan:
    """Every page of the output file."""

    sheets: tuple[Sheet, ...]


def crop_marks(x0: float, y0: float, x1: float, y1: float, bleed: float) -> tuple[tuple[float, ...], ...]:
    """Eight marks around a trim rectangle, each starting outside the bleed and running away from it."""
    start, end = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    marks = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            marks.append((x, y + sy * start, x, y + sy * end))  # vertical mark, in line with the trim's side
            marks.append((x + sx * start, y, x + sx * end, y))  # horizontal mark
    return tuple(marks)


def one_up(plan: PagePlan, *, marks: bool) -> SheetPlan:
    """One face per page, in reading order: trim + bleed, plus a slug for crop marks when asked."""
    sheets = []
    for i, face in enumerate(plan.faces):
        slug = face.bleed + (MARK_GAP + MARK_LENGTH + 2.0 if marks else 0.0)
        w, h = face.width + 2 * slug, face.height + 2 * slug
        trim = (slug, slug, slug + face.width, slug + face.height)
        b = face.bleed
        bleed = (trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b)
        sheets.append(Sheet(w, h, trim, bleed, (Placement(i, slug, slug),),
                            crop_marks(*trim, face.bleed) if marks else ()))
    return SheetPlan(tuple(sheets))
