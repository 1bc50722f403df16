"""What compose hands to impose and draw: faces as lists of positioned drawing operations."""

from __future__ import annotations

from .errors import Loc
from .pictures import Picture
from .record import record
from .text import Line

Rect = tuple[float, float, float, float]  # x, y (bottom), width, height, in points from the trim's lower left


@record
class Tag:
    """Where an operation sits in the document's structure (tagged PDF): its element, role and part.

    Operations with the same key are one element (a paragraph's lines, in reading order); a list item's bullet is
    part "Lbl" and its text and picture part "LBody". Operations without a tag are artifacts (backgrounds, rules).
    """

    role: str  # H1, H2, P, LI or Figure
    key: int  # the element, numbered in reading order within the document
    part: str = ""  # inside LI: Lbl or LBody
    alt: str = ""  # a Figure's alternative text
    lang: str = ""  # the element's language where it differs from the document's
    starts_list: bool = False  # a list item that begins a new list rather than continuing the one before it


@record
class TextOp:
    """One set line of shaped glyph runs: its left edge at x, its baseline at y."""

    x: float
    y: float
    line: Line
    color: str
    tag: Tag | None = None


@record
class RectOp:
    """A filled and/or stroked rectangle."""

    rect: Rect
    fill: str | None
    stroke: str | None = None
    width: float = 0.0


@record
class LineOp:
    """A straight line."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    color: str


@record
class QrOp:
    """A QR code: its dark modules on a light square that includes the 4-module quiet zone."""

    rect: Rect
    modules: tuple[tuple[bool, ...], ...]
    quiet: int
    color: str
    background: str
    url: str = ""
    loc: Loc | None = None  # the layout block, for `pamphlets check`
    tag: Tag | None = None


@record
class StampOp:
    """A word outlined across a face's centre at an angle ("SAMPLE"), over everything else, inside the safe area."""

    line: Line  # the word, set at size
    x: float  # the centre of the word
    y: float
    size: float
    angle: float  # degrees, counter-clockwise
    color: str


@record
class PictureOp:
    """A picture drawn into a rectangle (its shape kept by compose): vector SVG or a bitmap."""

    rect: Rect
    picture: Picture
    ink: str  # library art's two colours, from the layout
    accent: str
    alt: str  # what it shows, in the document's language (tagged PDF, screen readers)
    loc: Loc | None = None
    tag: Tag | None = None
    backdrop: str = "#FFFFFF"  # the colour printed under it (its region's or face's background, else the paper)


@record
class BoxOp:
    """A rounded outline (a write-in box), with ruled lines inside to write on."""

    rect: Rect
    color: str
    rules: tuple[float, ...] = ()  # y positions of the writing lines


Op = TextOp | RectOp | LineOp | QrOp | StampOp | PictureOp | BoxOp


@record
class RegionDump:
    """A region as placed: its name, its rectangle and its lines of text, for tests and golden dumps."""

    name: str
    rect: Rect
    lines: tuple[str, ...]
    flow: str | None = None  # the flow this region continues, if any
    used: float = 0.0  # points of its inner height that its content takes
    room: float = 0.0  # its inner height
    ends_with_heading: bool = False  # its last item is a heading (a heading stranded at the foot of a column)


@record
class FacePlan:
    """One finished side: trim size, bleed, and what to draw (coordinates from the trim's lower left)."""

    name: str
    width: float
    height: float
    bleed: float
    ops: tuple[Op, ...]
    regions: tuple[RegionDump, ...]
    folds: tuple[float, ...] = ()  # x positions of the folds, from the trim's left edge


@record
class PagePlan:
    """Every face of one document, in reading order."""

    title: str
    faces: tuple[FacePlan, ...]
    rtl: bool = False  # read right to left: a booklet binds on the right, viewers show pages right to left

    def dump(self) -> str:
        """A readable text picture of the layout: face -> region -> box -> text."""
        out = []
        for face in self.faces:
            out.append(f"face {face.name} {face.width:.1f} x {face.height:.1f}")
            for region in face.regions:
                x, y, w, h = region.rect
                out.append(f"  region {region.name} [{x:.1f} {y:.1f} {w:.1f} {h:.1f}]")
                out.extend(f"    {line}" for line in region.lines)
        return "\n".join(out) + "\n"
