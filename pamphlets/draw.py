"""Stage 6, draw: the only module that touches reportlab's canvas. PagePlan + SheetPlan -> PDF bytes."""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color
from reportlab.pdfgen.canvas import Canvas

from .colours import to_cmyk, to_rgb
from .impose import SheetPlan
from .pictures import draw_picture
from .plan import BoxOp, FacePlan, LineOp, PagePlan, PictureOp, QrOp, RectOp, StampOp, TextOp
from .text import draw_line

MARK_WIDTH = 0.3  # points: thin enough to be precise, thick enough to print
# Registration colour: the Separation named "All" prints on every plate, so marks show on each printing plate.
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All", density=1)


Paint = Callable[[str], Color]


def rgb(value: str) -> Color:
    """A colour for screens and office printers."""
    return Color(*to_rgb(value))


def cmyk(value: str) -> Color:
    """A colour for offset printing: process CMYK, greys as black ink only."""
    return CMYKColor(*to_cmyk(value))


def _draw_qr(c: Canvas, op: QrOp, paint: Paint) -> None:
    """Draw the code as one path of horizontal module runs: far cheaper than reportlab's QR widget."""
    x, y, size, _ = op.rect
    n = len(op.modules)
    unit = size / (n + 2 * op.quiet)
    c.setFillColor(paint(op.background))
    c.rect(x, y, size, size, stroke=0, fill=1)
    path = c.beginPath()
    for r, row in enumerate(op.modules):
        top = y + size - (op.quiet + r) * unit
        col = 0
        while col < n:
            if row[col]:
                start = col
                while col < n and row[col]:
                    col += 1
                path.rect(x + (op.quiet + start) * unit, top - unit, (col - start) * unit, unit)
            else:
                col += 1
    c.setFillColor(paint(op.color))
    c.drawPath(path, stroke=0, fill=1)


def _draw_box(c: Canvas, op: BoxOp, paint: Paint) -> None:
    """A write-in box: a rounded outline with faint writing lines."""
    x, y, w, h = op.rect
    c.setStrokeColor(paint(op.color))
    c.setLineWidth(1.0)
    c.roundRect(x, y, w, h, min(8.0, h / 4), stroke=1, fill=0)
    c.setLineWidth(0.4)
    c.setDash(1, 2)
    for ry in op.rules:
        c.line(x + 8, ry, x + w - 8, ry)
    c.setDash()


def _draw_face(c: Canvas, face: FacePlan, paint: Paint, use_cmyk: bool = False) -> None:
    current_fill: str | None = None
    for op in face.ops:
        if isinstance(op, TextOp):
            if current_fill != op.color:
                c.setFillColor(paint(op.color))
                current_fill = op.color
            draw_line(c, op.line, op.x, op.y)
            continue
        current_fill = None  # the other operations change the fill colour
        if isinstance(op, RectOp):
            if op.fill:
                c.setFillColor(paint(op.fill))
            if op.stroke:
                c.setStrokeColor(paint(op.stroke))
                c.setLineWidth(op.width)
            c.rect(*op.rect, stroke=1 if op.stroke else 0, fill=1 if op.fill else 0)
        elif isinstance(op, LineOp):
            c.setStrokeColor(paint(op.color))
            c.setLineWidth(op.width)
            c.line(op.x1, op.y1, op.x2, op.y2)
        elif isinstance(op, QrOp):
            _draw_qr(c, op, paint)
        elif isinstance(op, PictureOp):
            draw_picture(c, op.picture, *op.rect, ink=op.ink, accent=op.accent, paint=paint, cmyk=use_cmyk)
        elif isinstance(op, BoxOp):
            _draw_box(c, op, paint)
        elif isinstance(op, StampOp):
            _draw_stamp(c, op, paint)


def _draw_stamp(c: Canvas, op: StampOp, paint: Paint) -> None:
    """Outlined letters (text render mode 1): the content under them stays readable, the word cannot be missed."""
    c.saveState()
    c.translate(op.x, op.y)
    c.rotate(op.angle)
    c.setStrokeColor(paint(op.color))
    c.setLineWidth(max(0.5, op.size / 40))
    c._code.append("1 Tr")  # text render mode is graphics state: restoreState ends it
    draw_line(c, op.line, -op.line.width / 2, -op.size * 0.35)
    c.restoreState()


def draw(plan: PagePlan, sheets: SheetPlan, *, title: str, regular_font: str, use_cmyk: bool = False) -> bytes:
    """Render the sheets to PDF bytes; each face is a form XObject drawn once and placed where imposed."""
    paint = cmyk if use_cmyk else rgb
    buf = io.BytesIO()
    first = sheets.sheets[0]
    # invariant=1: fixed dates and IDs, so the same input gives the same bytes;
    # initialFontName: an embedded font, so the file never references a bare Helvetica.
    # enforceColorSpace: reportlab itself refuses RGB in a CMYK file; "sep_cmyk" keeps the registration separation.
    c = Canvas(buf, pagesize=(first.width, first.height), invariant=1, pageCompression=1,
               initialFontName=regular_font, initialFontSize=10, enforceColorSpace="sep_cmyk" if use_cmyk else None)
    c.setTitle(title)
    if plan.rtl:  # viewers show spreads, and a print shop's imposition reads, right to left
        c.setViewerPreference("Direction", "R2L")
    c.setCreator("pamphlets")
    c.setProducer("pamphlets (reportlab)")
    defined: set[int] = set()
    for sheet in sheets.sheets:
        c.setPageSize((sheet.width, sheet.height))
        c.setTrimBox(sheet.trim_box)
        c.setBleedBox(sheet.bleed_box)
        for placement in sheet.placements:
            if placement.face not in defined:
                face = plan.faces[placement.face]
                b = face.bleed
                c.beginForm(f"face{placement.face}", -b, -b, face.width + b, face.height + b)
                _draw_face(c, face, paint, use_cmyk)
                c.endForm()
                defined.add(placement.face)
        for placement in sheet.placements:
            face = plan.faces[placement.face]
            c.saveState()
            c.translate(placement.x, placement.y)
            if placement.clip:
                clip = c.beginPath()
                clip.rect(0, 0, face.width, face.height)
                c.clipPath(clip, stroke=0, fill=0)
            if placement.rotate:  # 180 degrees about the face's centre: it stays in the same cell
                c.translate(face.width, face.height)
                c.rotate(placement.rotate)
            c.doForm(f"face{placement.face}")
            c.restoreState()
        if sheet.marks or sheet.fold_marks:
            c.setStrokeColor(REGISTRATION)
            c.setLineWidth(MARK_WIDTH)
            for x1, y1, x2, y2 in sheet.marks:
                c.line(x1, y1, x2, y2)
            c.setDash(2, 2)  # fold marks are dashed, so a finisher cannot take them for cut marks
            for x1, y1, x2, y2 in sheet.fold_marks:
                c.line(x1, y1, x2, y2)
            c.setDash()
        c.showPage()
    c.save()
    return buf.getvalue()
