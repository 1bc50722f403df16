"""The text engine: styled spans in any script -> lines of positioned glyph runs -> PDF text that extracts.

normalise -> bidi levels -> itemise (script, direction, face) -> shape (HarfBuzz) -> break lines (UAX #14,
hyphenation) -> reorder each line -> GlyphRun; pdf.draw_run puts a run on a canvas (pamphlets.pdf).
"""

from __future__ import annotations

from .errors import FontNotInstalled, MissingGlyph
from .fonts import Face, FontStack, font_stack
from .languages import Language, language
from .layout import GlyphRun, Line, break_lines, face_metrics, line_ink, shown_text, single_line
from .pdf import draw_line, draw_run

__all__ = ["Face", "FontNotInstalled", "FontStack", "GlyphRun", "Language", "Line", "MissingGlyph", "break_lines",
           "draw_line", "draw_run", "face_metrics", "font_stack", "language", "line_ink", "shown_text", "single_line"]
