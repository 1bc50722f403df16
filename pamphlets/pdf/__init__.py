"""Writing PDF without reportlab: objects and the file (objects), a drawing surface (canvas), colours (ink)."""

from .canvas import Canvas, Path, Transparency
from .ink import CMYK, RGB, Colour, Separation
from .objects import Document, Name, Raw, Ref, Stream, num, serialise, text_string

__all__ = ["CMYK", "RGB", "Canvas", "Colour", "Document", "Name", "Path", "Raw", "Ref", "Separation", "Stream",
           "Transparency", "num", "serialise", "text_string"]
