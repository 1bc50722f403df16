"""Stage 4: shape a run with HarfBuzz (direction, script and language set), cached by its text and face.

Shaping is done in font units, independent of the size, so the shrink-to-fit loop shapes each paragraph once.
"""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from .fonts import Face, face_info

UNSAFE_TO_BREAK = 1  # hb_glyph_flags_t: breaking the text here would change the shaping
_CODEPOINT, _CLUSTER = attrgetter("codepoint"), attrgetter("cluster")
_X_ADVANCE, _X_OFFSET, _Y_OFFSET = attrgetter("x_advance"), attrgetter("x_offset"), attrgetter("y_offset")


class Shaped(NamedTuple):
    """Glyphs in visual order, in font units; clusters are character offsets into the run's text."""

    glyphs: tuple[int, ...]
    clusters: tuple[int, ...]
    advances: tuple[int, ...]
    x_offsets: tuple[int, ...]
    y_offsets: tuple[int, ...]
    width: int


@lru_cache(maxsize=16384)
def shape(face: Face, text: str, rtl: bool, script: str, lang: str, before: str = "", after: str = "") -> Shaped:
    """Shape text in one face and direction; before/after are neighbouring characters for joining context."""
    import uharfbuzz as hb

    buf = _buffer(text, rtl, script, lang, before, after)
    hb.shape(face_info(face).hb_font, buf, {})  # type: ignore[attr-defined]
    offset = len(before)
    infos, positions = buf.glyph_infos, buf.glyph_positions  # type: ignore[attr-defined]
    advances = tuple(map(_X_ADVANCE, positions))
    clusters = tuple(map(_CLUSTER, infos))
    if offset:
        clusters = tuple(c - offset for c in clusters)
    return Shaped(tuple(map(_CODEPOINT, infos)), clusters, advances, tuple(map(_X_OFFSET, positions)),
                  tuple(map(_Y_OFFSET, positions)), sum(advances))


@lru_cache(maxsize=1024)
def unsafe_to_break(face: Face, text: str, rtl: bool, script: str, lang: str, before: str = "",
                    after: str = "") -> tuple[bool, ...]:
    """HarfBuzz's UNSAFE_TO_BREAK flag of each glyph of shape(...) (asked only when a line is cut in a word)."""
    import uharfbuzz as hb

    buf = _buffer(text, rtl, script, lang, before, after)
    hb.shape(face_info(face).hb_font, buf, {})
    return tuple(bool(int(g.flags) & UNSAFE_TO_BREAK) for g in buf.glyph_infos)


def _buffer(text: str, rtl: bool, script: str, lang: str, before: str, after: str) -> object:
    """A HarfBuzz buffer holding text with its context, ready to shape."""
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_codepoints([ord(c) for c in before + text + after], len(before), len(text))
    buf.direction = "rtl" if rtl else "ltr"
    if script not in ("Zyyy", "Zinh", "Zzzz"):
        buf.script = script
    buf.language = lang
    # One cluster per character where the font allows it: widths per character for line breaking, and invisible
    # characters (ZWNJ, ZWJ, soft hyphen, bidi marks) keep a zero-width glyph of their own, so their text is
    # extracted in its place. (HarfBuzz's default would fold them into the letter before them.)
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    return buf
