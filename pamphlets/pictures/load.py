"""Finding and reading pictures: library names, project files (inside the project only), SVG, PNG and JPEG."""

from __future__ import annotations

import io
from dataclasses import field
from functools import cache
from pathlib import Path

from ..record import record
from .library import library

BITMAP_WARN_PPI = 300  # print shops ask for 300 ppi at the printed size
BITMAP_ERROR_PPI = 150  # below this a logo prints visibly blurred or blocky
SUFFIXES = {".svg": "svg", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg"}
MAX_BYTES = 10 * 1024 * 1024  # a logo or step picture larger than this is a mistake (a photo straight off a camera)


class PictureError(Exception):
    """A picture that cannot be used; the message says what to do."""


@record
class Picture:
    """A picture read into memory: what it is, its natural size, and what it shows (alt text)."""

    ref: str  # as the user wrote it: a library name or a path
    kind: str  # svg | png | jpeg
    data: bytes = field(repr=False)
    width: float  # natural width: SVG user units, or pixels for a bitmap
    height: float
    alt: tuple[tuple[str, str], ...] = ()  # (language, text) pairs
    recolour: bool = False  # library art: #000000 and #FF0000 become the layout's ink and accent
    source: str = ""
    licence: str = ""

    @property
    def aspect(self) -> float:
        """Height over width."""
        return self.height / self.width

    def alt_text(self, lang: str) -> str:
        """What the picture shows, in lang if written, else in English, else its name."""
        return self.alt_in(lang)[0]

    def alt_in(self, lang: str) -> tuple[str, str]:
        """What the picture shows and the language that says it: lang if written, else English, else its name."""
        texts = dict(self.alt)
        for code in (lang, lang.split("-")[0]):
            if texts.get(code):
                return texts[code], lang
        return texts.get("en") or self.ref, "en"


def ppi(picture: Picture, printed_width: float) -> float | None:
    """Pixels per inch of a bitmap printed printed_width points wide; None for vector art."""
    if picture.kind == "svg" or printed_width <= 0:
        return None
    return picture.width / (printed_width / 72.0)


@cache
def load_library(name: str) -> Picture:
    """A picture of the built-in library by name (KeyError when there is none)."""
    from . import vector

    entry = library()[name]
    data = entry.path.read_bytes()
    width, height = vector.size(data)  # library art is drawn by pictures/vector.py: no svglib needed
    return Picture(name, "svg", data, width, height, tuple(sorted(entry.alt.items())), True, entry.source,
                   entry.licence)


def load_file(ref: str, base: Path, roots: tuple[Path, ...], what: str = "picture") -> Picture:
    """A picture file named relative to base, which must resolve inside one of roots (the project's folders)."""
    if "\x00" in ref or not ref.strip():
        raise PictureError(f"'{ref}' is not a file name; give the path of an SVG, PNG or JPEG file")
    path = (base / ref).resolve()
    if not any(path.is_relative_to(root.resolve()) for root in roots):
        raise PictureError(f"{what} '{ref}' is outside the project folder ({roots[0]}); copy the file into the "
                           "project and name it from there")
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise PictureError(f"{what} '{ref}' is a '{path.suffix or 'file without an extension'}'; use an SVG, PNG or "
                           "JPEG file")
    if not path.is_file():
        raise PictureError(f"{what} '{ref}' was not found (looked for {path}); check the name and folder")
    if path.stat().st_size > MAX_BYTES:
        raise PictureError(f"{what} '{ref}' is {path.stat().st_size // 1048576} MB, more than "
                           f"{MAX_BYTES // 1048576} MB; export a smaller file")
    data = path.read_bytes()
    width, height = _measure(data, kind, ref)
    return Picture(ref, kind, data, width, height)


@cache
def _measure(data: bytes, kind: str, name: str) -> tuple[float, float]:
    """The natural width and height, reading the file once (and failing here, not at draw time)."""
    if kind == "svg":
        drawing = svg_drawing(data, name)
        return float(drawing.width), float(drawing.height)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = (image.format or "").lower()
            size = image.size
    except (UnidentifiedImageError, OSError) as exc:
        raise PictureError(f"'{name}' cannot be read as an image ({exc}); export it again as PNG or JPEG") from None
    if fmt != kind:
        raise PictureError(f"'{name}' is named .{kind} but holds a {fmt.upper() or 'different'} image; rename it "
                           "or export it again")
    return float(size[0]), float(size[1])


@cache
def svg_drawing(data: bytes, name: str) -> object:
    """The SVG as a reportlab Drawing (svglib), or PictureError saying why it cannot be read."""
    import logging  # here, not at the top: only a project's own SVG needs it (~2 ms of a fresh process)

    from lxml import etree
    from svglib.svglib import SvgRenderer

    # svglib reports what it skips through logging; an SVG feature it cannot draw must not vanish silently.
    skipped: list[str] = []

    class Collect(logging.Handler):
        """Keeps svglib's warnings (unsupported elements, missing references) to report them as errors."""

        def emit(self, record: logging.LogRecord) -> None:
            skipped.append(record.getMessage())

    handler = Collect(logging.WARNING)
    log = logging.getLogger("svglib.svglib")
    log.addHandler(handler)
    previous, log.propagate = log.propagate, False
    try:
        parser = etree.XMLParser(remove_comments=True, recover=False, resolve_entities=False, no_network=True)
        root = etree.parse(io.BytesIO(data), parser=parser).getroot()
        # External files an SVG points to (images, <use> of other files) are refused: a picture is one file.
        drawing = SvgRenderer(name, external_reference_root="/nonexistent/pamphlets").render(root)
    except (etree.XMLSyntaxError, ValueError, TypeError, AttributeError) as exc:
        raise PictureError(f"'{name}' is not an SVG file pamphlets can read ({exc}); export it again as plain "
                           "SVG") from None
    finally:
        log.removeHandler(handler)
        log.propagate = previous
    if skipped:
        raise PictureError(f"'{name}' uses SVG that cannot be printed as drawn ({skipped[0]}); export it again as "
                           "plain SVG (shapes and paths, text converted to outlines)")
    if _has_text(drawing):
        raise PictureError(f"'{name}' has text in it; convert the text to outlines (paths) in your drawing program "
                           "so it prints as drawn, or use a PNG")
    if not drawing.width or not drawing.height:
        raise PictureError(f"'{name}' has no size; give the SVG a viewBox or width and height")
    return drawing


def _has_text(node: object) -> bool:
    """Whether a drawing holds text (svglib's String shapes), which would need fonts the PDF does not embed."""
    from reportlab.graphics.shapes import Group, String

    if isinstance(node, String):
        return True
    return isinstance(node, Group) and any(_has_text(child) for child in node.contents)
