"""Greedy line breaking of styled spans into measured lines (no canvas needed)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import fonts
from .markup import Span

_PIECES = re.compile(r"\n|[ \t]+|[^\s]+")


@dataclass(frozen=True)
class Run:
    """A piece of a line in one font: x offset from the line start, the text, the font name."""

    x: float
    text: str
    font: str


@dataclass(frozen=True)
class Line:
    """One set line: its runs and its natural width."""

    runs: tuple[Run, ...]
    width: float


class GlyphMissing(ValueError):
    """A character the font cannot draw."""

    def __init__(self, char: str, font: str) -> None:
        super().__init__(char, font)
        self.char, self.font = char, font


def _font_for(span: Span, family: fonts.Family, base: str) -> str:
    bold = span.bold or base in ("bold", "bold-italic")
    italic = span.italic or base in ("italic", "bold-italic")
    return family.font("bold-italic" if bold and italic else "bold" if bold else "italic" if italic else "regular")


def _split_long(word: str, font: str, size: float, room: float) -> list[str]:
    """Break a word wider than the line (a long URL) into pieces that fit, at characters."""
    parts, cur = [], ""
    for ch in word:
        if cur and fonts.width(cur + ch, font) * size > room:
            parts.append(cur)
            cur = ""
        cur += ch
    return [*parts, cur]


def break_lines(spans: tuple[Span, ...], family: fonts.Family, base_style: str, size: float,
                width: float) -> list[Line]:
    """Set spans in lines no wider than width; raise GlyphMissing for a character the font lacks."""
    # Words are sequences of (text, font) pieces so that **bold**word stays one unbreakable word.
    lines: list[Line] = []
    runs: list[Run] = []
    x = 0.0
    pending_space: tuple[str, float] | None = None  # font and width of the space before the next word
    word: list[tuple[str, str]] = []

    def end_line() -> None:
        nonlocal runs, x
        lines.append(Line(tuple(runs), x))
        runs, x = [], 0.0

    def place_word() -> None:
        nonlocal x, pending_space
        if not word:
            return
        wlen = sum(fonts.width(t, f) for t, f in word) * size
        space = pending_space[1] if (pending_space and runs) else 0.0
        if runs and x + space + wlen > width:
            end_line()
            space = 0.0
        if not runs and wlen > width:  # a single word longer than the line: split it at characters
            for t, f in word:
                for i, part in enumerate(_split_long(t, f, size, width - x if x else width)):
                    if i and runs:
                        end_line()
                    runs.append(Run(x, part, f))
                    x += fonts.width(part, f) * size
            word.clear()
            pending_space = None
            return
        x += space
        if space and pending_space:
            runs.append(Run(x - space, " ", pending_space[0]))
        for t, f in word:
            runs.append(Run(x, t, f))
            x += fonts.width(t, f) * size
        word.clear()
        pending_space = None

    for span in spans:
        font = _font_for(span, family, base_style)
        missing = fonts.missing_glyph(span.text, font)
        if missing:
            raise GlyphMissing(missing, font)
        for piece in _PIECES.findall(span.text):
            if piece == "\n":
                place_word()
                end_line()
            elif piece[0] in " \t":
                place_word()
                pending_space = (font, fonts.width(" ", font) * size)
            else:
                word.append((piece, font))
    place_word()
    if runs or not lines:
        end_line()
    return [Line(_merge(line.runs), line.width) for line in lines]


def _merge(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """Join neighbouring runs in the same font: fewer text operators, same positions."""
    out: list[Run] = []
    for run in runs:
        if out and out[-1].font == run.font:
            out[-1] = Run(out[-1].x, out[-1].text + run.text, run.font)
        else:
            out.append(run)
    return tuple(out)
