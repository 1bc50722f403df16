"""The only inline markup users write: **bold**, *italic*, and a backslash before a literal * or \\."""

from __future__ import annotations

from functools import lru_cache

from .record import record

SPECIAL = "*\\"


@record
class Span:
    """A run of text in one weight and slant."""

    text: str
    bold: bool = False
    italic: bool = False


class MarkupError(ValueError):
    """Unbalanced ** or * in a piece of text."""


def escape(value: str) -> str:
    """Make a value (a phone number, an organisation's name) print literally, whatever characters it has."""
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in value)


def plain(spans: tuple[Span, ...]) -> str:
    """The text of spans without any styling."""
    return "".join(s.text for s in spans)


@lru_cache(maxsize=8192)  # the same strings are parsed for every document and every size tried: once is enough
def parse(source: str) -> tuple[Span, ...]:
    """Split marked-up text into spans; raise MarkupError for an unclosed ** or *."""
    spans: list[Span] = []
    buf: list[str] = []
    bold = italic = False
    opened = {"bold": -1, "italic": -1}

    def flush() -> None:
        if buf:
            spans.append(Span("".join(buf), bold, italic))
            buf.clear()

    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\" and i + 1 < len(source):
            buf.append(source[i + 1])
            i += 2
            continue
        if source.startswith("**", i):
            flush()
            bold = not bold
            opened["bold"] = i
            i += 2
            continue
        if ch == "*":
            flush()
            italic = not italic
            opened["italic"] = i
            i += 1
            continue
        buf.append(ch)
        i += 1
    flush()
    if bold or italic:
        mark, where = ("**", opened["bold"]) if bold else ("*", opened["italic"])
        raise MarkupError(f"'{mark}' at character {where + 1} is never closed; close it, "
                          f"or write \\{mark[0]} for a literal asterisk")
    # Merge neighbours that ended up in the same style (e.g. around an escaped character).
    merged: list[Span] = []
    for span in spans:
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic)
        else:
            merged.append(span)
    return tuple(merged)
