"""Pictures: the built-in library (pictograms and icons), a program's logo, and pictures a project adds.

A picture is found and read when a job is resolved (no I/O after that), kept as bytes, and drawn as vector art
(SVG, through svglib) or as a bitmap (PNG, JPEG) whose resolution is checked at the size it prints. Library art
uses two colours, #000000 (ink) and #FF0000 (accent), which a layout replaces with its own; a logo keeps its own
colours. Under --cmyk every colour is converted, so a picture never brings RGB into a print-shop file.
"""

from __future__ import annotations

from .library import LIBRARY_DIR, Entry, library
from .load import BITMAP_ERROR_PPI, BITMAP_WARN_PPI, Picture, PictureError, load_file, load_library, ppi
from .render import draw_picture

__all__ = ["BITMAP_ERROR_PPI", "BITMAP_WARN_PPI", "LIBRARY_DIR", "Entry", "Picture", "PictureError", "draw_picture",
           "library", "load_file", "load_library", "ppi"]
