"""Embedded TrueType font families: registration once per process, glyph coverage, string widths."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .errors import UsageError

# fontpkg names the style files after the weight and slant; our layouts name four styles.
_STYLE_ARGS = {"regular": (400, "normal"), "bold": (700, "normal"), "italic": (400, "italic"),
               "bold-italic": (700, "italic")}


@dataclass(frozen=True)
class Family:
    """A registered family: the reportlab font name of each style."""

    name: str
    styles: dict[str, str]

    def font(self, style: str) -> str:
        """The registered font name for a style (regular, bold, italic, bold-italic)."""
        return self.styles[style]


def _style_file(family: str, style: str) -> Path:
    import fontpkg  # imported here: only needed the first time a family is registered

    weight, slant = _STYLE_ARGS[style]
    try:
        return Path(fontpkg.path(family, weight=weight, style=slant))
    except fontpkg.FontpkgError as exc:
        try:  # is the family there, lacking only this style?
            fontpkg.path(family)
        except fontpkg.FontpkgError:
            slug = "fontpkg-" + fontpkg.slugify(family)
            raise UsageError(f"font '{family}' is not installed: {exc}. Install it with: pip install {slug}") from None
        raise UsageError(f"font '{family}' is installed, but has no {style} style; choose a family with regular, "
                         "bold, italic and bold italic styles for the layout's 'font'") from None


def font_file(family_name: str, style: str) -> Path:
    """The TTF file of one style of an installed family (for labels drawn outside reportlab)."""
    return _style_file(family_name, style)


@cache
def family(name: str) -> Family:
    """Register (once) and return the four styles of an installed font family."""
    styles = {}
    for style in _STYLE_ARGS:
        font_name = f"{name.replace(' ', '')}-{style}"
        if font_name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(font_name, str(_style_file(name, style))))
        styles[style] = font_name
    return Family(name, styles)


@cache
def _cmap(font_name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def missing_glyph(text: str, font_name: str) -> str | None:
    """The first character of text that the font cannot draw (white space excepted), or None."""
    cmap = _cmap(font_name)
    for ch in text:
        if ord(ch) not in cmap and not ch.isspace():
            return ch
    return None


def display_name(font_name: str) -> str:
    """A font as users name it: 'Atkinson Hyperlegible Bold'."""
    family_part, _, style = font_name.rpartition("-") if not font_name.endswith("-bold-italic") else (
        font_name[: -len("-bold-italic")], "-", "bold-italic")
    full = pdfmetrics.getFont(font_name).face.familyName
    name = full.decode("utf-8", "replace") if isinstance(full, bytes) else str(full or family_part)
    return f"{name} {style.replace('-', ' ').title()}"


@lru_cache(maxsize=65536)
def width(text: str, font_name: str) -> float:
    """Width of text at 1 pt; multiply by the size (cached: the same words recur on every shrink step)."""
    return pdfmetrics.stringWidth(text, font_name, 1.0)


@cache
def face_metrics(font_name: str) -> tuple[float, float]:
    """The font's ascent and descent (negative) per point of size."""
    face = pdfmetrics.getFont(font_name).face
    return face.ascent / 1000.0, face.descent / 1000.0
