"""Drawing a picture on a canvas (pamphlets.pdf): SVG as vector paths, bitmaps as images, colours through the paint."""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from functools import lru_cache

from ..pdf import CMYK
from . import vector
from .load import Picture, svg_drawing

INK, ACCENT, LIGHT = "#000000", "#FF0000", "#FF8080"  # library art's colours: ink, accent, accent at half strength


def draw_picture(c: object, picture: Picture, x: float, y: float, w: float, h: float, *, ink: str, accent: str,
                 paint: Callable[[str], object], cmyk: bool, backdrop: str = "#FFFFFF") -> None:
    """Draw the picture into the box (x, y, w, h): its lower left at (x, y), scaled to w x h.

    backdrop is the colour printed under the picture: a file that may hold no transparency (PDF/X-1a) gets a
    bitmap's see-through parts filled with it, so a logo on a coloured band keeps the band's colour around it.
    """
    if picture.kind == "svg" and picture.recolour:  # library art: drawn directly (pictures/vector.py)
        swap = {INK: ink, ACCENT: accent, LIGHT: _half(accent)}
        vector.draw(c, picture.data, x, y, w, h, lambda colour: paint(swap.get(colour.upper(), colour.upper())),
                    key=(ink, accent, paint))
        return
    if picture.kind == "svg":  # a project's own SVG: svglib reads it, its colours kept
        from reportlab.graphics.renderPDF import renderScaledDrawing

        drawing = _painted(picture.data, picture.ref, paint)
        c.saveState()  # type: ignore[attr-defined]
        c.translate(x, y)  # type: ignore[attr-defined]
        c.scale(w / drawing.width, h / drawing.height)  # type: ignore[attr-defined]
        _renderer()().draw(renderScaledDrawing(drawing), c, 0, 0, showBoundary=False)
        c.restoreState()  # type: ignore[attr-defined]
        return
    under = None
    if cmyk and getattr(c, "opaque_only", False):
        ground = paint(backdrop)
        under = tuple(round(255 * v) for v in (ground.cyan, ground.magenta, ground.yellow, ground.black))  # type: ignore[attr-defined]
    image, alpha = _image(picture.data, cmyk, under)
    c.drawImage(image, x, y, w, h, alpha=alpha)  # type: ignore[attr-defined]


@lru_cache(maxsize=256)
def _painted(data: bytes, name: str, paint: Callable[[str], object]) -> object:
    """A copy of the SVG's drawing with every colour passed through paint (CMYK in a print file)."""
    from reportlab.graphics.shapes import Group
    from reportlab.lib.colors import CMYKColor, Color

    drawing = copy.deepcopy(svg_drawing(data, name))

    def convert(colour: object) -> object:
        if not isinstance(colour, Color):
            return colour
        hexed = "#" + colour.hexval()[2:].upper()[-6:]
        painted = paint(hexed)
        alpha = getattr(colour, "alpha", 1)
        # svglib's shapes accept only reportlab's colours; the canvas reads them back as ours
        if isinstance(painted, CMYK):
            return CMYKColor(painted.cyan, painted.magenta, painted.yellow, painted.black, alpha=alpha)
        return Color(painted.red, painted.green, painted.blue, alpha)  # type: ignore[union-attr]

    def walk(node: object) -> None:
        for attr in ("fillColor", "strokeColor"):
            if hasattr(node, attr):
                setattr(node, attr, convert(getattr(node, attr)))
        if isinstance(node, Group):
            for child in node.contents:
                walk(child)

    for child in drawing.contents:
        walk(child)
    return drawing


@lru_cache(maxsize=64)
def _image(data: bytes, cmyk: bool, under: tuple[int, int, int, int] | None = None) -> tuple[object, object]:
    """The bitmap as Pillow reads it, and its transparency where it must travel apart from it.

    Under --cmyk the picture is converted to CMYK (a print file carries no RGB), which Pillow cannot hold with an
    alpha channel: the alpha comes back beside it, for a soft mask. With under (the CMYK, 0-255, printed beneath
    it, for a file that may have no transparency), see-through parts are filled with that colour instead.
    """
    from PIL import Image

    from ..pdf.images import eight_bit

    image = eight_bit(Image.open(io.BytesIO(data)))
    image.load()
    if not cmyk:
        return image, None
    if image.mode not in ("RGBA", "LA", "P", "PA") or (image.mode == "P" and "transparency" not in image.info):
        return image.convert("CMYK"), None
    rgba = image.convert("RGBA")
    alpha = rgba.getchannel("A")
    printed = rgba.convert("RGB").convert("CMYK")
    if under is None:
        return printed, alpha
    return Image.composite(printed, Image.new("CMYK", image.size, under), alpha), None


@lru_cache(maxsize=1)
def _renderer() -> type:
    """reportlab's PDF renderer, except that it never sets a font: pictures hold no text (load refuses it), and
    its default would put a bare, unembedded Helvetica into the file."""
    from reportlab.graphics.renderPDF import _PDFRenderer

    class NoFonts(_PDFRenderer):  # type: ignore[misc]
        def applyStateChanges(self, delta: dict, newState: dict) -> None:
            super().applyStateChanges({k: v for k, v in delta.items() if k not in ("fontName", "fontSize")},
                                      newState)

    return NoFonts


def _half(colour: str) -> str:
    """A #RRGGBB colour mixed half and half with white (a faint line drawn as it looks on a strip)."""
    if not (colour.startswith("#") and len(colour) == 7):
        return colour
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{(c + 255) // 2:02X}" for c in channels)
