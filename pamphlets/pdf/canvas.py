"""A drawing surface that writes PDF: pages, form XObjects, paths, colours, graphics states, images.

Its method names follow reportlab's canvas (saveState, setFillColor, beginPath, drawPath...), the subset our
drawing code uses, so reportlab's own SVG renderer (used for a project's own SVG files) draws onto it unchanged.
What it leaves out is what made a build slow to start and slow to write: reportlab's canvas module costs about
80 ms to import, and its general object formatting most of the time spent writing a file. Here content is a list
of operator strings, each page and form records the resources it uses, and the file is written once, in order,
the same bytes every time.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from .images import image_object
from .ink import CMYK, RGB, Colour, Separation, as_colour
from .objects import Document, Name, Ref, Stream, num

_KAPPA = 0.5522847498  # a cubic Bezier's control distance for a quarter circle of radius 1
_ROUND = 0.4472  # reportlab's factor for a rounded rectangle's corners (kept: the same corners as before)


class Transparency(ValueError):
    """Something see-through drawn in a file that may hold no transparency (PDF/X-1a)."""


class Path:
    """A path under construction: moveTo, lineTo, curveTo, close, and whole shapes."""

    __slots__ = ("code",)

    def __init__(self) -> None:
        self.code: list[str] = []

    def moveTo(self, x: float, y: float) -> None:
        """Start a subpath at (x, y)."""
        self.code.append(f"{num(x)} {num(y)} m")

    def lineTo(self, x: float, y: float) -> None:
        """A straight segment to (x, y)."""
        self.code.append(f"{num(x)} {num(y)} l")

    def curveTo(self, x1: float, y1: float, x2: float, y2: float, x3: float, y3: float) -> None:
        """A cubic Bezier segment."""
        self.code.append(f"{num(x1)} {num(y1)} {num(x2)} {num(y2)} {num(x3)} {num(y3)} c")

    def close(self) -> None:
        """Close the subpath."""
        self.code.append("h")

    closePath = close

    def rect(self, x: float, y: float, width: float, height: float) -> None:
        """A rectangle."""
        self.code.append(f"{num(x)} {num(y)} {num(width)} {num(height)} re")

    def roundRect(self, x: float, y: float, width: float, height: float, radius: float) -> None:
        """A rectangle with quarter-circle corners."""
        x0, x1 = sorted((x, x + width))
        y0, y1 = sorted((y, y + height))
        r = max(0.0, min(radius, (x1 - x0) / 2, (y1 - y0) / 2))
        t = _ROUND * r
        self.moveTo(x0 + r, y0)
        self.lineTo(x1 - r, y0)
        self.curveTo(x1 - t, y0, x1, y0 + t, x1, y0 + r)
        self.lineTo(x1, y1 - r)
        self.curveTo(x1, y1 - t, x1 - t, y1, x1 - r, y1)
        self.lineTo(x0 + r, y1)
        self.curveTo(x0 + t, y1, x0, y1 - t, x0, y1 - r)
        self.lineTo(x0, y0 + r)
        self.curveTo(x0, y0 + t, x0 + t, y0, x0 + r, y0)
        self.close()

    def ellipse(self, x: float, y: float, width: float, height: float) -> None:
        """An ellipse inside the box (x, y, width, height), as four Bezier quarters."""
        rx, ry = width / 2, height / 2
        cx, cy = x + rx, y + ry
        kx, ky = rx * _KAPPA, ry * _KAPPA
        self.moveTo(cx + rx, cy)
        self.curveTo(cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry)
        self.curveTo(cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy)
        self.curveTo(cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry)
        self.curveTo(cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy)
        self.close()

    def circle(self, cx: float, cy: float, r: float) -> None:
        """A circle."""
        self.ellipse(cx - r, cy - r, 2 * r, 2 * r)


def _paint_op(stroke: int, fill: int, even_odd: bool) -> str:
    if fill and stroke:
        return "B*" if even_odd else "B"
    if fill:
        return "f*" if even_odd else "f"
    return "S" if stroke else "n"


class _Content:
    """One content stream being drawn (a page's or a form's) and the resources it names."""

    __slots__ = ("code", "colour_spaces", "fonts", "states", "xobjects")

    def __init__(self) -> None:
        self.code: list[str] = []
        self.fonts: dict[str, Ref] = {}
        self.xobjects: dict[str, Ref] = {}
        self.states: dict[str, dict[str, Any]] = {}
        self.colour_spaces: dict[str, Any] = {}

    def resources(self) -> dict[str, Any]:
        """The resource dictionary naming what this stream uses (and nothing else)."""
        out: dict[str, Any] = {"ProcSet": [Name("PDF"), Name("Text"), Name("ImageB"), Name("ImageC")]}
        if self.fonts:
            out["Font"] = dict(sorted(self.fonts.items()))
        if self.xobjects:
            out["XObject"] = dict(sorted(self.xobjects.items()))
        if self.states:
            out["ExtGState"] = dict(sorted(self.states.items()))
        if self.colour_spaces:
            out["ColorSpace"] = dict(sorted(self.colour_spaces.items()))
        return out


class Canvas:
    """Pages drawn in order, then saved as one PDF file (bytes)."""

    # reportlab's renderer reads these; pictures carry no text, so they never change.
    _fillMode = 0
    _fontname = ""
    _fontsize = 0

    def __init__(self, pagesize: tuple[float, float], *, cmyk_only: bool = False, opaque_only: bool = False,
                 compress: bool = True) -> None:
        self.doc = Document(compress)
        self.cmyk_only = cmyk_only  # refuse RGB (greys become black ink): a print-shop file must carry CMYK only
        self.opaque_only = opaque_only  # refuse soft-masked images: PDF/X-1a allows no transparency
        self.pagesize = pagesize
        self.trim_box: tuple[float, float, float, float] | None = None
        self.bleed_box: tuple[float, float, float, float] | None = None
        self.page_extra: dict[str, Any] = {}  # more keys for the page being drawn (a tagged file's /StructParents)
        self.catalog: dict[str, Any] = {}  # more keys for the document catalog
        self.info: dict[str, Any] = {}  # the document information dictionary
        self.viewer: dict[str, Any] = {}  # viewer preferences
        self.file_id = b"0" * 32
        self.pages: list[Ref] = []
        self._pages_ref = self.doc.reserve()
        self._page_ref: Ref | None = None
        self._content = _Content()
        self.code = self._content.code  # the current stream's operators, which callers may append to
        self._outer: list[_Content] = []  # the page's stream while a form is being drawn
        self._forms: dict[str, tuple[Ref, tuple[float, float, float, float], _Content]] = {}
        self._states: dict[tuple[tuple[str, Any], ...], str] = {}  # graphics state -> its resource name
        self._spaces: dict[str, tuple[str, Any]] = {}  # separation name -> (resource name, colour space)
        self._images: dict[int, tuple[str, Ref, Any]] = {}  # id(image) -> name, reference, the image kept alive
        self._resources: dict[Any, tuple[str, Ref, Any]] = {}  # fonts and the like: key -> name, reference, object
        self._alpha = [(1.0, 1.0)]  # (fill, stroke) opacity per saved graphics state

    # ---- resources ------------------------------------------------------------------------------------------
    def resource(self, key: Any, make: Callable[[Any, str], Any], prefix: str = "F") -> tuple[str, Any]:
        """A document-wide resource (a font) by key, made the first time as make(key, name); its object must have a
        write(doc) -> dict or Stream method, called when the document is saved. Marks it used by this stream."""
        entry = self._resources.get(key)
        if entry is None:
            name = f"{prefix}{len(self._resources) + 1}"
            entry = self._resources[key] = (name, self.doc.reserve(), make(key, name))
        self._content.fonts[entry[0]] = entry[1]
        return entry[0], entry[2]

    def _state(self, **entries: Any) -> None:
        key = tuple(sorted(entries.items()))
        name = self._states.get(key)
        if name is None:
            name = self._states[key] = f"GS{len(self._states)}"
        self._content.states[name] = dict(key)
        self.code.append(f"/{name} gs")

    # ---- graphics state -------------------------------------------------------------------------------------
    def saveState(self) -> None:
        """Save the graphics state (q)."""
        self.code.append("q")
        self._alpha.append(self._alpha[-1])

    def restoreState(self) -> None:
        """Restore the graphics state (Q)."""
        self.code.append("Q")
        self._alpha.pop()

    def transform(self, a: float, b: float, c: float, d: float, e: float, f: float) -> None:
        """Concatenate a matrix to the current transformation."""
        self.code.append(f"{num(a)} {num(b)} {num(c)} {num(d)} {num(e)} {num(f)} cm")

    def translate(self, dx: float, dy: float) -> None:
        """Move the origin."""
        self.code.append(f"1 0 0 1 {num(dx)} {num(dy)} cm")

    def scale(self, x: float, y: float) -> None:
        """Scale the axes."""
        self.code.append(f"{num(x)} 0 0 {num(y)} 0 0 cm")

    def rotate(self, degrees: float) -> None:
        """Turn the axes counter-clockwise."""
        c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
        self.transform(round(c, 10), round(s, 10), round(-s, 10), round(c, 10), 0, 0)

    def setLineWidth(self, width: float) -> None:
        """The stroke width in points."""
        self.code.append(f"{num(width)} w")

    def setLineCap(self, cap: int) -> None:
        """0 butt, 1 round, 2 square."""
        self.code.append(f"{int(cap)} J")

    def setLineJoin(self, join: int) -> None:
        """0 miter, 1 round, 2 bevel."""
        self.code.append(f"{int(join)} j")

    def setMiterLimit(self, limit: float) -> None:
        """The miter limit."""
        self.code.append(f"{num(limit)} M")

    def setDash(self, array: Any = (), phase: float = 0) -> None:
        """A dash pattern; setDash(on, off) as reportlab reads it, setDash() for solid lines."""
        if isinstance(array, int | float):
            array, phase = [array, phase], 0
        self.code.append(f"[{' '.join(num(v) for v in array)}] {num(phase)} d")

    def setFillOverprint(self, on: bool) -> None:
        """Overprint fills (solid black over colour) or knock out."""
        self._state(op=bool(on))

    def setStrokeOverprint(self, on: bool) -> None:
        """Overprint strokes or knock out."""
        self._state(OP=bool(on))

    def setOverprintMask(self, mode: int) -> None:
        """Overprint mode 1: a zero ink leaves what is under it alone."""
        self._state(OPM=int(mode))

    def setFillAlpha(self, alpha: float) -> None:
        """Fill opacity."""
        self._opacity(alpha, stroke=False)

    def setStrokeAlpha(self, alpha: float) -> None:
        """Stroke opacity."""
        self._opacity(alpha, stroke=True)

    def _opacity(self, alpha: float, stroke: bool) -> None:
        """Set the fill's (ca) or the stroke's (CA) opacity, when it changes; refused below 1 where none may be."""
        current = self._alpha[-1]
        if alpha == current[stroke]:
            return
        if self.opaque_only and alpha < 1:
            raise Transparency(f"a {'stroke' if stroke else 'fill'} at {alpha:.0%} opacity")
        self._state(**{"CA" if stroke else "ca": float(alpha)})
        self._alpha[-1] = (current[0], alpha) if stroke else (alpha, current[1])

    def setFillColor(self, colour: Any) -> None:
        """The fill colour (and its opacity)."""
        ink = as_colour(colour)
        self.code.append(self._colour(ink, stroke=False))
        self.setFillAlpha(ink.alpha)

    def setStrokeColor(self, colour: Any) -> None:
        """The stroke colour (and its opacity)."""
        ink = as_colour(colour)
        self.code.append(self._colour(ink, stroke=True))
        self.setStrokeAlpha(ink.alpha)

    def _colour(self, ink: Colour, stroke: bool) -> str:
        if type(ink) is CMYK:
            return _cmyk_op(ink, stroke)
        if type(ink) is RGB:
            if self.cmyk_only:
                if not ink.red == ink.green == ink.blue:
                    raise ValueError(f"an RGB colour {ink} in a file that must hold CMYK only")
                # a grey (svglib's renderer starts from RGB black) prints as black ink alone, as reportlab did
                return _cmyk_op(CMYK(0, 0, 0, 1 - ink.red, ink.alpha), stroke)
            return _rgb_op(ink, stroke)
        assert isinstance(ink, Separation)
        entry = self._spaces.get(ink.name)
        if entry is None:
            space = [Name("Separation"), Name(ink.name), Name("DeviceCMYK"),
                     {"FunctionType": 2, "Domain": [0, 1], "C0": [0, 0, 0, 0], "C1": list(ink.cmyk), "N": 1}]
            entry = self._spaces[ink.name] = (f"CS{len(self._spaces)}", self.doc.add(space))
        self._content.colour_spaces[entry[0]] = entry[1]
        return f"/{entry[0]} {'CS' if stroke else 'cs'} {num(ink.tint)} {'SCN' if stroke else 'scn'}"

    # ---- drawing --------------------------------------------------------------------------------------------
    def beginPath(self) -> Path:
        """A new, empty path."""
        return Path()

    def drawPath(self, path: Path, stroke: int = 1, fill: int = 0, fillMode: int | None = None) -> None:
        """Paint a path; fillMode 0 is even-odd, 1 (or None) non-zero winding."""
        self.code.extend(path.code)
        self.code.append(_paint_op(stroke, fill, fillMode == 0))

    def clipPath(self, path: Path, stroke: int = 1, fill: int = 0, fillMode: int | None = None) -> None:
        """Clip to a path (and paint it, if asked)."""
        self.code.extend(path.code)
        self.code.append("W* " if fillMode == 0 else "W ")
        self.code[-1] += _paint_op(stroke, fill, fillMode == 0)

    def rect(self, x: float, y: float, width: float, height: float, stroke: int = 1, fill: int = 0) -> None:
        """A rectangle, stroked and/or filled."""
        self.code.append(f"{num(x)} {num(y)} {num(width)} {num(height)} re {_paint_op(stroke, fill, False)}")

    def roundRect(self, x: float, y: float, width: float, height: float, radius: float, stroke: int = 1,
                  fill: int = 0) -> None:
        """A rectangle with rounded corners."""
        path = Path()
        path.roundRect(x, y, width, height, radius)
        self.drawPath(path, stroke, fill)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        """A straight stroked line."""
        self.code.append(f"{num(x1)} {num(y1)} m {num(x2)} {num(y2)} l S")

    def circle(self, cx: float, cy: float, r: float, stroke: int = 1, fill: int = 0) -> None:
        """A circle."""
        path = Path()
        path.circle(cx, cy, r)
        self.drawPath(path, stroke, fill)

    def ellipse(self, x1: float, y1: float, x2: float, y2: float, stroke: int = 1, fill: int = 0) -> None:
        """An ellipse inside the corners (x1, y1) and (x2, y2)."""
        path = Path()
        path.ellipse(x1, y1, x2 - x1, y2 - y1)
        self.drawPath(path, stroke, fill)

    def drawImage(self, image: Any, x: float, y: float, width: float, height: float, alpha: Any = None,
                  **_: Any) -> None:
        """A Pillow image scaled into the box (its transparency, or alpha's, kept as a soft mask)."""
        entry = self._images.get(id(image))
        if entry is None:
            if self.opaque_only and (alpha is not None or image.mode in ("RGBA", "LA", "PA")):
                raise Transparency("an image with see-through parts")
            entry = self._images[id(image)] = (f"Im{len(self._images)}", image_object(self.doc, image, alpha), image)
        self._content.xobjects[entry[0]] = entry[1]
        self.code.append(f"q {num(width)} 0 0 {num(height)} {num(x)} {num(y)} cm /{entry[0]} Do Q")

    def drawInlineImage(self, image: Any, x: float, y: float, width: float, height: float) -> None:
        """An image from svglib's renderer (a Pillow image or a file path)."""
        if isinstance(image, str):
            from PIL import Image

            image = Image.open(image)
            image.load()
        self.drawImage(image, x, y, width, height)

    # ---- forms and pages ------------------------------------------------------------------------------------
    def beginForm(self, name: str, lx: float, ly: float, ux: float, uy: float) -> None:
        """Draw into a form XObject (until endForm) that pages can place with doForm."""
        self._outer.append(self._content)
        self._content = _Content()
        self.code = self._content.code
        self._forms[name] = (self.doc.reserve(), (lx, ly, ux, uy), self._content)

    def endForm(self) -> None:
        """Finish the form being drawn."""
        content = self._content
        name = next(n for n, (_, _, c) in self._forms.items() if c is content)
        ref, box, _ = self._forms[name]
        self.doc.set(ref, Stream({"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": list(box),
                                  "Resources": content.resources()}, _bytes(content.code)))
        self._content = self._outer.pop()
        self.code = self._content.code

    def doForm(self, name: str) -> None:
        """Place a form here."""
        self._content.xobjects[name] = self._forms[name][0]
        self.code.append(f"/{name} Do")

    def page_ref(self) -> Ref:
        """The reference of the page being drawn."""
        if self._page_ref is None:
            self._page_ref = self.doc.reserve()
        return self._page_ref

    def showPage(self) -> None:
        """Finish the page being drawn and start the next."""
        ref = self.page_ref()
        width, height = self.pagesize
        page: dict[str, Any] = {"Type": Name("Page"), "Parent": self._pages_ref, "MediaBox": [0, 0, width, height]}
        if self.trim_box:
            page["TrimBox"] = list(self.trim_box)
        if self.bleed_box:
            page["BleedBox"] = list(self.bleed_box)
        page["Resources"] = self._content.resources()
        page["Contents"] = self.doc.add(Stream({}, _bytes(self._content.code)))
        page.update(self.page_extra)
        self.doc.set(ref, page)
        self.pages.append(ref)
        self._page_ref, self.page_extra = None, {}
        self._content = _Content()
        self.code = self._content.code
        self._alpha = [(1.0, 1.0)]

    def save(self) -> bytes:
        """Write every resource and the page tree; the file's bytes."""
        if self.code:
            self.showPage()
        for _, ref, obj in self._resources.values():
            self.doc.set(ref, obj.write(self.doc))
        self.doc.set(self._pages_ref, {"Type": Name("Pages"), "Kids": self.pages, "Count": len(self.pages)})
        catalog: dict[str, Any] = {"Type": Name("Catalog"), "Pages": self._pages_ref}
        if self.viewer:
            catalog["ViewerPreferences"] = self.viewer
        catalog.update(self.catalog)
        root = self.doc.add(catalog)
        info = self.doc.add(self.info)
        return self.doc.write(root, info, self.file_id)


@lru_cache(maxsize=1024)
def _cmyk_op(ink: CMYK, stroke: bool) -> str:
    return f"{num(ink.cyan)} {num(ink.magenta)} {num(ink.yellow)} {num(ink.black)} {'K' if stroke else 'k'}"


@lru_cache(maxsize=1024)
def _rgb_op(ink: RGB, stroke: bool) -> str:
    return f"{num(ink.red)} {num(ink.green)} {num(ink.blue)} {'RG' if stroke else 'rg'}"


def _bytes(code: list[str]) -> bytes:
    return "\n".join(code).encode("latin-1")
