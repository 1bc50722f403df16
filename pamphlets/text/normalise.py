"""Stage 1: one canonical form of the text before anything measures it."""

from __future__ import annotations

import re
import unicodedata

NBSP = "\u00a0"  # no-break space: glue that draws as a space
SHY = "\u00ad"  # soft hyphen: a break opportunity that shows a hyphen only when the line breaks there
ZWSP = "\u200b"  # zero-width space: a break opportunity that draws nothing
ZWNJ = "\u200c"  # zero-width non-joiner: Persian needs it between letters that must not join
ZWJ = "\u200d"

# Characters with no ink: the shaper removes them, and no font has to cover them.
IGNORABLE = frozenset("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u200b\u200c\u200d"
                      "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068"
                      "\u2069\ufeff" + "".join(map(chr, range(0xFE00, 0xFE10))))

# Line and paragraph separators become one hard break; other C0/C1 controls cannot be printed and are dropped.
_HARD_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def normalise(text: str) -> str:
    """NFC, one kind of hard break ("\\n"), tabs as spaces; NBSP, SHY, ZWSP, ZWJ and ZWNJ kept for later stages."""
    # NFC composes decomposed accents (e + U+0301 -> é) so a font's precomposed letter is used and every
    # later stage sees one character per letter; NBSP, SHY and the zero-width characters are left alone.
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _HARD_BREAKS.sub("\n", text)
    if "\t" in text:
        text = text.replace("\t", " ")
    return _CONTROLS.sub("", text)
