"""Stages 5 and 6: break shaped paragraphs into lines (greedy, on shaped widths) and order each line for display.

The size-free work (normalise, levels, itemise, shape, break opportunities) is done once per paragraph and cached,
so the shrink-to-fit loop, which sets the same text at several sizes and widths, only repeats the greedy pass.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import accumulate

from ..markup import Span
from ..record import record
from . import bidi
from .fonts import Face, FontStack, face_info, font_stack
from .itemise import Item, itemise
from .languages import Language, language
from .linebreak import MANDATORY, break_opportunities, hyphen_points
from .normalise import IGNORABLE, SHY, ZWSP, normalise
from .shape import Shaped, shape, unsafe_to_break

EPSILON = 1e-6
_ANY_BREAK = re.compile(b"[\x01\x02]")  # in break_opportunities' bytes: a break may or must happen here
NARROW_EM = 24.0  # a column narrower than this many ems is narrow: long words may be hyphenated there
MIN_HYPHENATED_WORD = 10  # letters: shorter words (naloxone, negative) are never hyphenated: plain reading
# Hyphenate only a line that would otherwise be less full than this: a ragged edge reads more easily than
# broken words for readers who find reading hard, so a word is split only to avoid a short, gappy line.
HYPHENATE_BELOW = 0.8
# What may stand before or after the letters of a word that can still be hyphenated.
_WORD_PUNCTUATION = frozenset("([{\"'‘’“”«»¿¡)]},.;:!?…")
# Spaces that a line may break after; they hang at the line end (no-break spaces are glue, not listed).
# A web or e-mail address is one word: broken only when it is wider than a line by itself, and then after its
# punctuation (UAX #14's own opportunities inside it), never in the middle of a name.
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[^\s@]+@[^\s@]+\.\w+")
_BREAKING_SPACES = frozenset(" \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000")


@record(slots=True)
class GlyphRun:
    """A piece of a line in one face and direction: glyph ids at their shaped positions, and the source text.

    Positions are kept in the face's font units (exact HarfBuzz integers); the properties give them in points.
    """

    face: Face
    size: float
    x: float  # left edge, from the line's left edge, in points
    width: float  # points
    rtl: bool
    glyphs: tuple[int, ...]  # in visual order (left to right)
    clusters: tuple[int, ...]  # for each glyph, the offset in text of the characters it draws
    text: str  # the logical (reading-order) source text; an inserted hyphen is a final U+00AD
    advance_units: tuple[int, ...]
    x_offset_units: tuple[int, ...]  # empty when every offset is 0 (most runs)
    y_offset_units: tuple[int, ...]
    upem: int

    @property
    def scale(self) -> float:
        """Points per font unit."""
        return self.size / self.upem

    @property
    def advances(self) -> tuple[float, ...]:
        """Each glyph's advance, in points."""
        return tuple(v * self.scale for v in self.advance_units)

    @property
    def x_offsets(self) -> tuple[float, ...]:
        """Each glyph's horizontal offset from its pen position, in points."""
        return tuple(v * self.scale for v in self.x_offset_units) or (0.0,) * len(self.glyphs)

    @property
    def y_offsets(self) -> tuple[float, ...]:
        """Each glyph's vertical offset (up) from the baseline, in points."""
        return tuple(v * self.scale for v in self.y_offset_units) or (0.0,) * len(self.glyphs)

    def glyph_texts(self) -> list[str]:
        """For each glyph, the source text it stands for ('' for the second glyph of a cluster); for ToUnicode."""
        n = len(self.glyphs)
        text = self.text
        if n == len(text) and self.clusters == tuple(range(n)):  # one glyph per character, the common case
            return list(text)
        order = range(n - 1, -1, -1) if self.rtl else range(n)  # logical order
        starts = sorted(set(self.clusters))
        ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
        out = [""] * n
        seen: set[int] = set()
        for k in order:
            c = self.clusters[k]
            if c not in seen:
                seen.add(c)
                out[k] = text[c:ends[c]]
        return out


@record(slots=True)
class Line:
    """One set line: its runs left to right, natural width, and what it says in reading order."""

    runs: tuple[GlyphRun, ...]  # left to right
    width: float  # points, without the spaces that hang at its end
    rtl: bool  # the paragraph reads right to left: the line starts at the right edge
    text: str  # the line's text in reading order, as a reader sees it (a break's hyphen shown as '-')
    ascent: float  # points above the baseline that the line's faces need
    descent: float  # points below the baseline (negative)
    reading: tuple[int, ...] = ()  # indices into runs in reading order (draw in this order: extraction follows it)
    cut: bool = False  # ends inside a word that fits no line, cut between letters without a hyphen (a last resort)

    def offset(self, room: float, align: str = "start") -> float:
        """Where the line's left edge goes in a box of width room: align is start, end, left, right or center."""
        if align == "center":
            return (room - self.width) / 2
        if align == "start":
            align = "right" if self.rtl else "left"
        elif align == "end":
            align = "left" if self.rtl else "right"
        return room - self.width if align == "right" else 0.0


class _Run:
    """One shaped item of a paragraph, with lookups for cutting it at a line break."""

    __slots__ = ("_neg", "end", "face", "item", "lang", "level", "rtl", "script", "shaped", "start", "upem")

    def __init__(self, item: Item, shaped: Shaped, lang: str) -> None:
        self.lang = lang
        self.item, self.start, self.end, self.face = item, item.start, item.end, item.face
        self.level, self.script, self.rtl = item.level, item.script, bool(item.level & 1)
        self.shaped, self.upem = shaped, face_info(item.face).upem
        self._neg: list[int] | None = None

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Visual glyph index range of the characters [a, b) (offsets in the run)."""
        clusters = self.shaped.clusters
        if not self.rtl:
            return bisect_left(clusters, a), bisect_left(clusters, b)
        if self._neg is None:
            self._neg = [-c for c in clusters]
        return bisect_right(self._neg, -b), bisect_right(self._neg, -a)

    def safe_cut(self, c: int, text: str) -> bool:
        """Whether the run can be cut before its character c without shaping the two sides again."""
        if c <= 0 or c >= self.end - self.start:
            return True
        at = self.start + c
        if text[at - 1] in _BREAKING_SPACES or text[at] in _BREAKING_SPACES:
            return True  # next to a space that hangs or starts nothing: whatever it kerns with is not drawn
        i, _ = self.span(c, c + 1)
        clusters = self.shaped.clusters
        if i >= len(clusters) or clusters[i] != c:
            return False  # inside a cluster (a ligature)
        item = self.item
        unsafe = unsafe_to_break(self.face, text[item.start:item.end], self.rtl, self.script, self.lang,
                                 text[max(0, item.start - 5):item.start], text[item.end:item.end + 5])
        return not unsafe[i]


class _Paragraph:
    """A paragraph prepared for breaking at any size: shaped runs, per-character advances in ems, breaks."""

    def __init__(self, text: str, styles: list[tuple[int, int, str]], stack: FontStack, base: int | None,
                 lang: Language) -> None:
        self.text, self.lang, self.stack = text, lang, stack
        self.base, levels = bidi.resolve_levels(text, base) if text else (base or 0, None)
        items = itemise(text, styles, levels, stack) if text else []
        self.runs = [_Run(item, shape(item.face, text[item.start:item.end], bool(item.level & 1), item.script,
                                      lang.code, text[max(0, item.start - 5):item.start], text[item.end:item.end + 5]),
                          lang.code)
                     for item in items]
        advance = [0.0] * (len(text) + 1)
        for run in self.runs:
            scale = 1.0 / run.upem
            start = run.start
            shaped = run.shaped
            if not run.rtl and shaped.clusters == tuple(range(run.end - start)):  # a glyph per character
                advance[start:run.end] = [a * scale for a in shaped.advances]
                continue
            for cluster, adv in zip(shaped.clusters, shaped.advances, strict=True):
                advance[start + cluster] += adv * scale
        prefix = [0.0, *accumulate(advance)]
        self.prefix = prefix
        ops = break_opportunities(text, lang.keep_all)
        breaks = [m.start() for m in _ANY_BREAK.finditer(ops, 1)]
        inside = [(m.start(), m.end()) for m in _ADDRESS.finditer(text)]
        self.addresses = inside
        self.address_breaks = _address_breaks(text, inside)
        self.breaks = [i for i in breaks if not any(a < i < b for a, b in inside)] if inside else breaks
        self.mandatory = {i for i in self.breaks if ops[i] == MANDATORY and i < len(text)}
        self.run_starts = [run.start for run in self.runs]

    def trimmed(self, a: int, b: int) -> int:
        """b without the breaking spaces that end the range [a, b)."""
        text = self.text
        while b > a and text[b - 1] in _BREAKING_SPACES:
            b -= 1
        return b

    def run_at(self, i: int) -> _Run:
        return self.runs[bisect_right(self.run_starts, i) - 1]

    def hyphen_em(self, i: int) -> float:
        """Width in ems of the hyphen drawn after character i (in that character's face)."""
        run = self.run_at(i)
        return _hyphen_width(run.face, run.rtl, run.script, self.lang.code) / run.upem

    def width_em(self, a: int, b: int) -> float:
        """Width in ems of a line holding characters [a, b), as it would be drawn (a soft hyphen shows)."""
        e = self.trimmed(a, b)
        w = self.prefix[e] - self.prefix[a]
        if e > a and self.text[e - 1] == SHY:
            w += self.hyphen_em(e - 1)
        return w


@lru_cache(maxsize=1024)
def _hyphen_width(face: Face, rtl: bool, script: str, lang: str) -> int:
    return shape(face, "-", rtl, script, lang).width


@lru_cache(maxsize=2048)
def _prepare(spans: tuple[Span, ...], lang_code: str, family: str, base_style: str,
             direction: str | None) -> tuple[_Paragraph, ...]:
    """Split styled text at hard breaks and prepare each paragraph (cached: the same text comes back often)."""
    lang = language(lang_code)
    stack = font_stack(lang, family)
    base = None if direction == "auto" else 1 if (direction == "rtl" or (direction is None and lang.rtl)) else 0
    text_parts: list[str] = []
    styles: list[tuple[int, int, str]] = []
    at = 0
    for span in spans:
        piece = normalise(span.text)
        bold = span.bold or base_style in ("bold", "bold-italic")
        italic = span.italic or base_style in ("italic", "bold-italic")
        style = "bold-italic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
        if piece:
            text_parts.append(piece)
            styles.append((at, at + len(piece), style))
            at += len(piece)
    text = "".join(text_parts)
    paragraphs: list[_Paragraph] = []
    start = 0
    for part in text.split("\n"):
        end = start + len(part)
        own = [(max(s, start) - start, min(e, end) - start, st) for s, e, st in styles if s < end and e > start]
        if not own:
            default = styles[-1][2] if styles else ("bold" if "bold" in base_style else "regular")
            own = [(0, 0, default)]
        paragraphs.append(_Paragraph(part, own, stack, base, lang))
        start = end + 1
    return tuple(paragraphs)


def break_lines(spans: Sequence[Span], size: float, width: float, *, lang: str = "en",
                family: str = "Atkinson Hyperlegible", base_style: str = "regular", direction: str | None = None,
                hyphenate: bool = True) -> list[Line]:
    """Set styled spans in lines no wider than width (points) at size; direction 'ltr', 'rtl' or 'auto'.

    Raises MissingGlyph (or FontNotInstalled) for a character no face of the language's stack can draw.
    """
    lines: list[Line] = []
    for para in _prepare(tuple(spans), lang, family, base_style, direction):
        lines.extend(_break(para, size, width, hyphenate))
    return lines


def _break(para: _Paragraph, size: float, width: float, hyphenate: bool) -> list[Line]:
    """Greedy breaking of one paragraph: each line takes as much as fits, hyphenating or splitting when it must."""
    n = len(para.text)
    if n == 0:
        return [Line((), 0.0, bool(para.base & 1), "", *_empty_metrics(para, size))]
    room = width / size
    # hyphenate=False (titles, headings) still hyphenates a word wider than the whole line, rather than cutting it
    # between letters; it only gives up the optional hyphens that fill out a short line.
    can_hyphenate = para.lang.hyphenation is not None
    narrow = room < NARROW_EM
    breaks = para.breaks
    lines: list[Line] = []
    pos = 0
    k = 0  # index in breaks of the first candidate after pos
    while pos < n:
        while breaks[k] <= pos:
            k += 1
        best = -1
        cut = False
        j = k
        while j < len(breaks):
            if para.width_em(pos, breaks[j]) > room + EPSILON:
                break
            best = j
            if breaks[j] in para.mandatory:
                break
            j += 1
        if best < 0:  # even the first word is wider than the line
            end = (_fit_word(para, pos, breaks[k], room, can_hyphenate, forced=True)
                   or _fit_address(para, pos, breaks[k], room) or 0)
            if not end:  # cut between letters: a last resort for a word, the usual way for a long web address
                end = _split_clusters(para, pos, breaks[k], room)
                cut = not any(a <= pos < b for a, b in para.addresses)
        else:
            end = breaks[best]
            if (hyphenate and can_hyphenate and narrow and best + 1 < len(breaks) and end not in para.mandatory
                    and para.width_em(pos, end) < room * HYPHENATE_BELOW):
                end = _fit_word(para, pos, breaks[best + 1], room, True, start_of_word=end) or end
        line = _line(para, pos, end, size)
        # Widths come from shaping whole runs; a line cut inside a shaping context was shaped again and can come
        # out a little wider: then it ends one opportunity earlier.
        while line.width > width + 1e-3 and best > k and end > 0:
            best -= 1
            end = breaks[best]
            line = _line(para, pos, end, size)
        lines.append(replace(line, cut=True) if cut and abs(end) < n else line)
        pos = abs(end)
    return lines


def _address_breaks(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Where a web or e-mail address may break (Chicago's rule): after a slash, or before the punctuation that
    follows a word (. ? & = # _ - ~), never after a hyphen, which a reader would take for a word broken in two."""
    out = []
    for a, b in spans:
        for i in range(a + 1, b):
            after_slash = text[i - 1] == "/" and text[i] != "/"
            if after_slash or (text[i] in ".?&=#_-~@" and text[i - 1] not in "/.-"):
                out.append(i)
    return out


def _fit_address(para: _Paragraph, pos: int, word_end: int, room: float) -> int | None:
    """The last break inside a web or e-mail address in [pos, word_end) that lets the line fit, or None."""
    fits = [i for i in para.address_breaks if pos < i < word_end and para.width_em(pos, i) <= room + EPSILON]
    return fits[-1] if fits else None


def _fit_word(para: _Paragraph, pos: int, word_end: int, room: float, allowed: bool,
              start_of_word: int | None = None, forced: bool = False) -> int | None:
    """A hyphenation point in the word [start_of_word, word_end) that lets the line from pos fit, or None.

    forced: the word is wider than a whole line, so even a name is better hyphenated than cut between letters.
    """
    if not allowed or para.lang.hyphenation is None:
        return None
    start = pos if start_of_word is None else start_of_word
    text = para.text
    end = para.trimmed(start, word_end)
    a = start
    while a < end and not text[a].isalpha():
        a += 1
    b = a
    while b < end and text[b].isalpha():
        b += 1
    # Names (capitalised words: a street, a town, an organisation) are never hyphenated.
    if b - a < MIN_HYPHENATED_WORD or (text[a].isupper() and not forced) or any(
            ch not in _WORD_PUNCTUATION for ch in text[start:a] + text[b:end]):
        return None  # short words, and "words" that are URLs, e-mail addresses, numbers or code, stay whole
    for point in reversed(hyphen_points(text[a:b], para.lang.hyphenation)):
        cut = a + point
        if para.prefix[cut] - para.prefix[pos] + para.hyphen_em(cut - 1) <= room + EPSILON:
            return -cut  # negative: a break that shows a hyphen
    return None


def _split_clusters(para: _Paragraph, pos: int, word_end: int, room: float) -> int:
    """The last resort for a word wider than the line: as many whole clusters as fit (at least one)."""
    text = para.text
    cut = pos + 1
    i = pos + 1
    while i < word_end:
        if not _joins_previous(text[i], text[i - 1]):
            if para.prefix[i] - para.prefix[pos] > room + EPSILON:
                break
            cut = i
        i += 1
    while cut < word_end and _joins_previous(text[cut], text[cut - 1]):
        cut += 1
    return cut


def _joins_previous(ch: str, prev: str) -> bool:
    from .itemise import _is_continuation

    return _is_continuation(ch, prev)


def _empty_metrics(para: _Paragraph, size: float) -> tuple[float, float]:
    info = face_info(para.stack.primary("regular"))
    return info.ascent * size, info.descent * size


def _line(para: _Paragraph, pos: int, end: int, size: float) -> Line:
    """Build the line of characters [pos, |end|) (end < 0: broken at a hyphenation point) in display order."""
    hyphen = end < 0
    end = abs(end)
    text = para.text
    e = para.trimmed(pos, end)
    if e > pos and text[e - 1] == SHY:
        hyphen = True
    pieces: list[tuple[_Run, int, int]] = []
    for run in para.runs[bisect_right(para.run_starts, pos) - 1:]:
        if run.start >= e:
            break
        a, b = max(run.start, pos), min(run.end, e)
        if a < b:
            pieces.append((run, a, b))
    runs: list[GlyphRun] = []
    levels = [run.level for run, _, _ in pieces]
    order = bidi.visual_order(levels) if any(levels) else list(range(len(pieces)))
    x = 0.0
    ascent = descent = 0.0
    last = len(pieces) - 1
    for index in order:
        run, a, b = pieces[index]
        glyph_run = _piece(para, run, a, b, size, x, hyphen and index == last)
        runs.append(glyph_run)
        x += glyph_run.width
        info = face_info(run.face)
        ascent, descent = max(ascent, info.ascent * size), min(descent, info.descent * size)
    if not runs:
        ascent, descent = _empty_metrics(para, size)
    shown = text[pos:e].replace(SHY, "").replace(ZWSP, "")
    reading = tuple(sorted(range(len(order)), key=order.__getitem__))
    return Line(tuple(runs), x, bool(para.base & 1), shown + ("-" if hyphen else ""), ascent, descent, reading)


def _piece(para: _Paragraph, run: _Run, a: int, b: int, size: float, x: float, hyphen: bool) -> GlyphRun:
    """The glyphs of characters [a, b) of a run, cut from its shaping where that is safe, else shaped again."""
    text = para.text
    source = text[a:b]
    lo, hi = a - run.start, b - run.start
    if hyphen:  # shown with a hyphen glyph standing for a soft hyphen (typed, or found by the hyphenator)
        if source.endswith(SHY):
            source = source[:-1]
        before = text[max(0, a - 5):a] if a == run.start else ""
        shaped = shape(run.face, source + "-", run.rtl, run.script, para.lang.code, before, "")
        source += SHY
        offset = 0
    elif lo == 0 and hi == run.end - run.start:
        shaped, offset = run.shaped, 0
    elif run.safe_cut(lo, text) and run.safe_cut(hi, text):
        i, j = run.span(lo, hi)
        s = run.shaped
        shaped = Shaped(s.glyphs[i:j], s.clusters[i:j], s.advances[i:j], s.x_offsets[i:j], s.y_offsets[i:j],
                        sum(s.advances[i:j]))
        offset = lo
    else:  # cut where shaping depends on both sides (e.g. inside a word): shape the piece on its own
        # A side that is a line edge has no context; a side that is the run's own edge keeps its neighbours.
        before = text[max(0, a - 5):a] if a == run.start else ""
        after = text[b:b + 5] if b == run.end else ""
        shaped = shape(run.face, source, run.rtl, run.script, para.lang.code, before, after)
        offset = 0
    clusters = tuple(c - offset for c in shaped.clusters) if offset else shaped.clusters
    x_offsets = shaped.x_offsets if any(shaped.x_offsets) else ()
    y_offsets = shaped.y_offsets if any(shaped.y_offsets) else ()
    return GlyphRun(run.face, size, x, shaped.width * size / run.upem, run.rtl, shaped.glyphs, clusters, source,
                    shaped.advances, x_offsets, y_offsets, run.upem)


def single_line(text: str, size: float, *, lang: str = "en", family: str = "Atkinson Hyperlegible",
                style: str = "regular", direction: str | None = None) -> Line:
    """One unbroken line (a bullet, a step number, a label): its width is line.width."""
    lines = break_lines((Span(text),), size, float("inf"), lang=lang, family=family, base_style=style,
                        direction=direction, hyphenate=False)
    return lines[0]


def face_metrics(lang: str = "en", family: str = "Atkinson Hyperlegible",
                 style: str = "regular") -> tuple[float, float]:
    """Ascent and descent (negative) per em of the face that sets the language's own script."""
    info = face_info(font_stack(language(lang), family).primary(style))
    return info.ascent, info.descent


@lru_cache(maxsize=65536)
def _glyph_ink(face: Face, gid: int) -> tuple[int, int]:
    """A glyph's top and bottom (font units, up positive): where its ink is, not what the font's metrics promise."""
    extents = face_info(face).hb_font.get_glyph_extents(gid)  # type: ignore[attr-defined]
    if extents is None:
        return 0, 0
    return extents.y_bearing, extents.y_bearing + extents.height


def line_ink(line: Line) -> tuple[float, float]:
    """How far the line's ink reaches above (positive) and below (negative) its baseline, in points.

    Fonts for scripts with stacked marks (Noto Sans Arabic: 1.37 em up, 0.74 em down) declare far more room than
    a line of text uses; fitting by the declared room would leave almost a blank line under every Arabic bullet.
    """
    top = bottom = 0.0
    for run in line.runs:
        scale = run.scale
        y_offsets = run.y_offset_units or (0,) * len(run.glyphs)
        for gid, dy in zip(run.glyphs, y_offsets, strict=True):
            high, low = _glyph_ink(run.face, gid)
            top, bottom = max(top, (high + dy) * scale), min(bottom, (low + dy) * scale)
    return top, bottom


def shown_text(lines: Sequence[Line]) -> str:
    """The lines' text joined with newlines (what extraction of a set paragraph should give)."""
    return "\n".join(line.text for line in lines)


__all__ = ["IGNORABLE", "GlyphRun", "Line", "break_lines", "face_metrics", "line_ink", "shown_text", "single_line"]
