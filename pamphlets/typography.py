"""Typographic punctuation: apostrophes, quotation marks and spaced dashes as a typesetter sets them."""

from __future__ import annotations

import re
from functools import lru_cache

from .markup import Span

# Quotation marks by language (the primary level): English-style curly quotes unless the language uses
# guillemets. Spanish in the US is set with curly quotes in most health materials, so it keeps them.
_QUOTES = {"ru": "«»", "uk": "«»", "hy": "«»", "fa": "«»", "ar": "«»", "fr": "«»", "de": "„“", "pl": "„”"}
_CURLY = "“”"
_OPENS_AFTER = frozenset(" \t\n([{\u2014\u2013/-\u00a0")
# Web and e-mail addresses are left exactly as written.
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+")


@lru_cache(maxsize=8192)  # the same texts are set in every document of a run
def smarten(spans: tuple[Span, ...], lang: str) -> tuple[Span, ...]:
    """The spans with ' " and spaced hyphens replaced by ’ “ ” (or « ») and –, character for character."""
    text = "".join(s.text for s in spans)
    if not any(c in text for c in "'\"-"):
        return spans
    opening, closing = _QUOTES.get(lang.split("-")[0], _CURLY)
    skip = {i for m in _ADDRESS.finditer(text) for i in range(m.start(), m.end())}
    out = list(text)
    for i, ch in enumerate(text):
        if i in skip:
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch == "'" and before.isalpha() and (after.isalpha() or after in " .,;:!?"):
            out[i] = "\u2019"  # don't, it's, people's, the 90s'
        elif ch == '"':
            out[i] = opening if before in _OPENS_AFTER else closing
        elif ch == "-" and before == " " and after == " ":
            out[i] = "\u2013"  # a spaced hyphen is a dash
    result, start = [], 0
    for span in spans:
        end = start + len(span.text)
        result.append(Span("".join(out[start:end]), span.bold, span.italic))
        start = end
    return tuple(result)
