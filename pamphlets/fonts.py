"""The font file of a family's style, for what is drawn outside the text engine (the kit's contact sheet)."""

from __future__ import annotations

from pathlib import Path

from .errors import UsageError

# fontpkg names the style files after the weight and slant; our layouts name four styles.
_STYLE_ARGS = {"regular": (400, "normal"), "bold": (700, "normal"), "italic": (400, "italic"),
               "bold-italic": (700, "italic")}


def _style_file(family: str, style: str) -> Path:
    from .text.fonts import fontpkg_exact

    weight, slant = _STYLE_ARGS[style]
    found = fontpkg_exact(family, weight, slant)  # without loading fontpkg's registry (see text.fonts)
    if found is not None:
        return Path(found)
    import fontpkg  # for any other family, and for the messages when a family or style is missing

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
