"""The font file of a family's style, for what is drawn outside the text engine (the kit's contact sheet)."""

from __future__ import annotations

from pathlib import Path

from .errors import UsageError

# fontpkg names the style files after the weight and slant; our layouts name four styles.
_STYLE_ARGS = {"regular": (400, "normal"), "bold": (700, "normal"), "italic": (400, "italic"),
               "bold-italic": (700, "italic")}


def _style_file(family: str, style: str) -> Path:
    import fontpkg  # imported here: only a kit's contact sheet needs it

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
    """The TTF file of one style of an installed family (for the contact sheet's labels, drawn by Pillow)."""
    return _style_file(family_name, style)
