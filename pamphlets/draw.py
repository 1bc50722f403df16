"""Stage 6, draw: PagePlan + SheetPlan -> PDF bytes, on pamphlets.pdf's canvas."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable

from .colours import to_rgb
from .errors import InputError, Loc, Problem
from .impose import SheetPlan
from .pdf import CMYK, RGB, Canvas, Colour, Name, Path, Separation, Stream, Transparency
from .pictures import draw_picture
from .plan import BoxOp, FacePlan, LineOp, PagePlan, PictureOp, QrOp, RectOp, StampOp, TextOp
from .presses import DEFAULT_PRESS, Press, press_ink
from .record import record
from .tagging import ARTIFACT, END, Structure
from .text import draw_line

MARK_WIDTH = 0.3  # points: thin enough to be precise, thick enough to print
SOLID_BLACK_FROM = 0.85  # a neutral grey this dark or darker prints as 100% K
# Registration colour: the Separation named "All" prints on every plate, so marks show on each printing plate.
REGISTRATION = Separation("All", (1, 1, 1, 1))


Paint = Callable[[str], Colour]


def rgb(value: str) -> Colour:
    """A colour for screens and office printers."""
    return RGB(*to_rgb(value))


def cmyk(value: str, press: str = DEFAULT_PRESS) -> Colour:
    """A colour for offset printing on a press: #RRGGBB through the press's ICC profile (cmyk(...) as written),
    greys as black ink only, near-black (the text ink) as 100% K."""
    c, m, y, k = press_ink(value, press)
    if c == m == y == 0 and k >= SOLID_BLACK_FROM:
        k = 1.0  # dark grey text set as 89.8% K would be screened and look grey; print shops expect solid black
    return CMYK(c, m, y, k)


@functools.cache
def press_paint(press: str) -> Paint:
    """cmyk() for one press, remembered per colour (documents set the same few colours many times), and the same
    function for every document (pictures' drawing code is cached per paint)."""
    return functools.lru_cache(maxsize=4096)(functools.partial(cmyk, press=press))


def _solid_black(colour: Colour) -> bool:
    """100% K and nothing else: what a press overprints (a white gap around black text would show misregistration)."""
    return isinstance(colour, CMYK) and (colour.cyan, colour.magenta, colour.yellow, colour.black) == (0, 0, 0, 1)


@record
class Meta:
    """What a file says about itself: title, language, author, date, and the PDF/X printing condition if any."""

    title: str
    lang: str = "en"
    author: str = ""
    subject: str = ""
    date: dt.date | None = None  # the facts' reviewed date, as the document's date
    pdfx: Press | None = None  # write PDF/X-1a:2003 naming this press's registered characterization


def _draw_qr(c: Canvas, op: QrOp, paint: Paint) -> None:
    """Draw the code as one path of horizontal module runs: far cheaper than reportlab's QR widget."""
    x, y, size, _ = op.rect
    c.setFillColor(paint(op.background))
    c.rect(x, y, size, size, stroke=0, fill=1)
    path = c.beginPath()
    path.code = list(_qr_path(op.modules, op.quiet, x, y, size))
    c.setFillColor(paint(op.color))
    if isinstance(paint(op.color), CMYK):
        c.setFillOverprint(_solid_black(paint(op.color)))
    c.drawPath(path, stroke=0, fill=1)
    if isinstance(paint(op.color), CMYK):
        c.setFillOverprint(False)


@functools.lru_cache(maxsize=256)  # the same program's code, at the same place, in every document of a run
def _qr_path(modules: tuple[tuple[bool, ...], ...], quiet: int, x: float, y: float, size: float) -> tuple[str, ...]:
    """The dark modules as path rectangles, one per horizontal run of dark modules."""
    n = len(modules)
    unit = size / (n + 2 * quiet)
    path = Path()
    for r, row in enumerate(modules):
        top = y + size - (quiet + r) * unit
        col = 0
        while col < n:
            if row[col]:
                start = col
                while col < n and row[col]:
                    col += 1
                path.rect(x + (quiet + start) * unit, top - unit, (col - start) * unit, unit)
            else:
                col += 1
    return tuple(path.code)


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


def _fill(c: Canvas, colour: Colour, use_cmyk: bool) -> None:
    """Set the fill colour; in a print file, solid black overprints and everything else knocks out."""
    c.setFillColor(colour)
    if use_cmyk:
        c.setFillOverprint(_solid_black(colour))
        c.setOverprintMask(1)


def _draw_face(c: Canvas, face: FacePlan, paint: Paint, use_cmyk: bool = False,
               marks: tuple[Structure, int] | None = None) -> None:
    """Draw a face's operations in order; with marks (the structure and the page's number), each one is marked
    content: a tagged line, picture or QR code, or an artifact."""
    current_fill: str | None = None
    for op in face.ops:
        if marks is not None:
            structure, index = marks
            c.code.append(structure.begin(index, getattr(op, "tag", None)))
        _draw_op(c, op, paint, use_cmyk, current_fill)
        current_fill = op.color if isinstance(op, TextOp) else None  # the other operations change the fill colour
        if marks is not None:
            c.code.append(END)


def _draw_op(c: Canvas, op: object, paint: Paint, use_cmyk: bool, current_fill: str | None) -> None:
    """Draw one operation (current_fill: the fill colour already set, if a line of text set it)."""
    if isinstance(op, TextOp):
        if current_fill != op.color:
            _fill(c, paint(op.color), use_cmyk)
        draw_line(c, op.line, op.x, op.y)
    elif isinstance(op, RectOp):
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
        try:
            draw_picture(c, op.picture, *op.rect, ink=op.ink, accent=op.accent, paint=paint, cmyk=use_cmyk,
                         backdrop=op.backdrop)
        except Transparency as exc:  # a project SVG's opacity: a vector drawing cannot be flattened exactly here
            raise InputError([Problem(op.loc or Loc(""), f"'{op.picture.ref}' has see-through parts ({exc}), which "
                                      "a PDF/X-1a file cannot hold; make them opaque in your drawing program, or "
                                      "build without --pdfx (--cmyk keeps them)")]) from None
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
    c.code.append("1 Tr")  # text render mode is graphics state: restoreState ends it
    draw_line(c, op.line, -op.line.width / 2, -op.size * 0.35)
    c.restoreState()


def draw(plan: PagePlan, sheets: SheetPlan, *, meta: Meta, use_cmyk: bool = False,
         press: str = DEFAULT_PRESS) -> bytes:
    """Render the sheets to PDF bytes: in a tagged file (each face placed once) faces are drawn into their pages
    with marked content; otherwise each face is a form XObject drawn once and placed where imposed."""
    use_cmyk = use_cmyk or bool(meta.pdfx)
    paint = press_paint(meta.pdfx.name if meta.pdfx else press) if use_cmyk else rgb
    first = sheets.sheets[0]
    # cmyk_only: the canvas itself refuses an RGB colour in a print file (registration is a separation).
    # opaque_only: a PDF/X-1a file may hold no transparency (a bitmap's is flattened onto what is printed under it).
    c = Canvas((first.width, first.height), cmyk_only=use_cmyk, opaque_only=bool(meta.pdfx))
    _describe(c, meta, plan, sheets, use_cmyk)
    if plan.rtl:  # viewers show spreads, and a print shop's imposition reads, right to left
        c.viewer["Direction"] = Name("R2L")
    defined: set[int] = set()
    placed = [p.face for sheet in sheets.sheets for p in sheet.placements]
    # Tagged where each face is placed once (a page per face, a booklet's spreads), not ten cards on a sheet.
    structure = Structure() if len(placed) == len(set(placed)) else None
    for sheet in sheets.sheets:
        c.pagesize = (sheet.width, sheet.height)
        c.trim_box, c.bleed_box = sheet.trim_box, sheet.bleed_box
        page = len(c.pages)
        if structure is not None:
            structure.place(page, c.page_ref())
        for placement in sheet.placements:
            if placement.face not in defined and structure is None:
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
            if structure is not None:  # tagged: drawn into the page itself, where every checker reads marked content
                _draw_face(c, face, paint, use_cmyk, (structure, page))
            else:
                c.doForm(f"face{placement.face}")
            c.restoreState()
        if sheet.marks or sheet.fold_marks:
            if structure is not None:
                c.code.append(ARTIFACT)
            c.setStrokeColor(REGISTRATION)
            c.setLineWidth(MARK_WIDTH)
            for x1, y1, x2, y2 in sheet.marks:
                c.line(x1, y1, x2, y2)
            c.setDash(2, 2)  # fold marks are dashed, so a finisher cannot take them for cut marks
            for x1, y1, x2, y2 in sheet.fold_marks:
                c.line(x1, y1, x2, y2)
            c.setDash()
            if structure is not None:
                c.code.append(END)
        if structure is not None:
            c.page_extra = structure.page_keys(page)
        c.showPage()
    if structure is not None:
        c.catalog.update(structure.write(c.doc))
    return c.save()


PRODUCER = "pamphlets"


def _describe(c: Canvas, meta: Meta, plan: PagePlan, sheets: SheetPlan, use_cmyk: bool) -> None:
    """Title, author, language, dates, a document ID from the content, and the PDF/X keys and output intent."""
    # The facts' reviewed date, not the day the file happened to be built (a fixed date when there is none).
    stamp = f"D:{meta.date:%Y%m%d}000000+00'00'" if meta.date is not None else "D:20000101000000+00'00'"
    c.info.update({"Title": meta.title, "Author": meta.author or "pamphlets", "Subject": meta.subject,
                   "Creator": "pamphlets", "Producer": PRODUCER, "CreationDate": stamp, "ModDate": stamp,
                   "Trapped": Name("False")})
    if meta.pdfx:  # ISO 15930-4's version keys
        c.info.update({"GTS_PDFXVersion": "PDF/X-1:2003", "GTS_PDFXConformance": "PDF/X-1a:2003"})
        c.catalog["OutputIntents"] = [{
            "Type": Name("OutputIntent"), "S": Name("GTS_PDFX"), "OutputConditionIdentifier": meta.pdfx.identifier,
            "OutputCondition": meta.pdfx.condition, "RegistryName": "http://www.color.org",
            "Info": meta.pdfx.condition}]
    c.catalog["Lang"] = meta.lang
    c.catalog["Metadata"] = c.doc.add(_xmp(meta))
    c.viewer["DisplayDocTitle"] = True  # viewers show the title, not the file name
    # The same input gives the same ID; different documents (text, sheets, colour) never share one.
    seed = "\n".join((meta.title, meta.lang, meta.author, str(meta.date), str(meta.pdfx), str(use_cmyk),
                      repr([(s.width, s.height, len(s.placements)) for s in sheets.sheets]), plan.dump()))
    c.file_id = hashlib.sha256(seed.encode()).hexdigest()[:32].upper().encode()


def _xmp(meta: Meta) -> Stream:
    """An XMP metadata stream (uncompressed, as ISO 16684 asks) with the title, language, author and date."""
    date = meta.date.isoformat() if meta.date else ""
    lang = escape(meta.lang)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="{lang}">{escape(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="{lang}">{escape(meta.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>{escape(meta.author or "pamphlets")}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:CreatorTool>pamphlets</xmp:CreatorTool>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return Stream({"Type": Name("Metadata"), "Subtype": Name("XML")}, packet.encode("utf-8"), compress=False)


def escape(text: str) -> str:
    """Text for XML content or a quoted attribute (xml.sax.saxutils would import urllib: ~8 ms of a fresh run)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
