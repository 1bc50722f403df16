"""Stage 5a: where a line may break (Unicode Line Breaking Algorithm, UAX #14), and hyphenation points (pyphen).

uniseg supplies the Line_Break property of each character; its own pass over the rules costs about 100 us per
character, too slow for the shrink-to-fit loop, so the rules (LB2-LB31, with the East Asian checks of LB30) are
applied here on small integers, with the common pairs (letter-letter, ideograph-ideograph) decided first.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from unicodedata import category, east_asian_width

from .normalise import SHY

# Line_Break classes as small integers.
(BK, CR, LF, NL, SP, ZW, ZWJ, CM, GL, WJ, CL, CP, EX, IS, SY, QU, OP, BA, BB, B2, HY, NS, IN, NU, PR, PO, AL, HL,
 ID, EB, EM, H2, H3, JL, JV, JT, RI, CB) = range(38)
_NAMES = ("BK", "CR", "LF", "NL", "SP", "ZW", "ZWJ", "CM", "GL", "WJ", "CL", "CP", "EX", "IS", "SY", "QU", "OP",
          "BA", "BB", "B2", "HY", "NS", "IN", "NU", "PR", "PO", "AL", "HL", "ID", "EB", "EM", "H2", "H3", "JL", "JV",
          "JT", "RI", "CB")
_CODE = {name: i for i, name in enumerate(_NAMES)}
# LB1 and the Unicode 15.1 Brahmic classes, resolved for a renderer without dictionaries: ambiguous and unknown
# characters are alphabetic; small kana (CJ) behave as non-starters (strict, so no kana starts a line).
_RESOLVED = {"AI": AL, "SG": AL, "XX": AL, "CJ": NS, "AK": AL, "AP": AL, "AS": AL, "VI": CM, "VF": CM}

PROHIBITED, ALLOWED, MANDATORY = 0, 1, 2
_HANGUL = frozenset((H2, H3, JL, JV, JT))
_KEEP_ALL = frozenset((AL, HL, NU, ID, H2, H3, JL, JV, JT, EB, EM))
_NUMERIC_RUN = frozenset((NU, SY, IS))
_HARD = frozenset((BK, CR, LF, NL))
_NOT_LETTER = re.compile(b"[^\\x%02x]" % AL)
# After spaces, these classes may start a line unless what stands before the spaces says otherwise (LB8, LB14-17).
_STARTS_AFTER_SPACE = frozenset((AL, HL, NU, ID, OP, PR, PO, H2, H3, JL, EB))
_BEFORE_INITIAL_QUOTE = frozenset((BK, CR, LF, NL, OP, QU, GL, SP, ZW))
_AFTER_FINAL_QUOTE = frozenset((SP, GL, WJ, CL, QU, CP, EX, IS, SY, BK, CR, LF, NL, ZW))
_BEFORE_WORD_HYPHEN = frozenset((BK, CR, LF, NL, SP, ZW, CB, GL))
_BEFORE_SPACES = frozenset((OP, QU, CL, CP, B2, ZW))


# The resolved classes of U+0000-U+00FF and of General Punctuation (U+2000-U+206F), as uniseg gives them (a test
# holds them to it); U+0100-U+024F (Latin Extended) are all AL. Latin-script text then never loads uniseg, whose
# package reads its own version from the installed metadata (~15 ms of a fresh process).
_LATIN1 = bytes.fromhex(
    "0707070707070707071102000001070707070707070707070707070707070707040c0f1a18191a0f100b1a180d140d0e"
    "171717171717171717170d0d1a1a1a0c1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a10180b1a1a"
    "1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a10110a1a0707070707070307070707070707070707"
    "070707070707070707070707070707070810191818181a1a1a1a1a0f1a111a1a19181a1a121a1a1a1a1a1a0f1a1a1a10"
    "1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a"
    "1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a")
_PUNCTUATION = bytes.fromhex(
    "1111111111111108111111050706070711081111131a1a1a0f0f100f0f0f100f1a1a1a1a161616110000070707070708"
    "19191919191919191a0f0f1a15151a1a1a1a1a1a0d100a1515151a1a1a1a1a1a1a1a1a1a1a1a1119111111111a111111"
    "091a1a1a1a1a07070707070707070707")


@cache
def line_break_class(ch: str) -> int:
    """The resolved Line_Break class of one character (cached: text reuses few characters)."""
    cp = ord(ch)
    if cp < 0x100:
        return _LATIN1[cp]
    if cp < 0x250:
        return AL
    if 0x2000 <= cp < 0x2070:
        return _PUNCTUATION[cp - 0x2000]
    return uniseg_class(ch)


def uniseg_class(ch: str) -> int:
    """The resolved Line_Break class of one character, from uniseg's tables."""
    from uniseg.linebreak import line_break  # imported on first use: uniseg loads its tables then

    name = str(line_break(ch))
    if name == "SA":  # South East Asian scripts: without a dictionary, marks attach and letters are letters
        return CM if category(ch) in ("Mn", "Mc") else AL
    if name in _RESOLVED:
        return _RESOLVED[name]
    return _CODE.get(name, AL)


@cache
def _ascii_table() -> bytes:
    """Line_Break class of each ASCII character, as bytes.translate wants it."""
    return bytes(line_break_class(chr(c)) for c in range(128)) + bytes(128)


@lru_cache(maxsize=4096)
def break_opportunities(text: str, keep_all: bool = False, prefixes: bool = True) -> bytes:
    """One byte per boundary: out[i] says whether a line may break before text[i] (0 no, 1 may, 2 must).

    keep_all keeps Korean words whole; prefixes (tailorings of UAX #14) keeps a hyphenated prefix of three
    letters or fewer with its word, and a range of a statute's subsections ("(g)-(i)") on one line.
    """
    n = len(text)
    out = bytearray(n + 1)
    if n == 0:
        return bytes(out)
    if text.isascii():  # class codes for the whole text at once, through a byte table
        codes = text.encode("ascii").translate(_ascii_table())
        orig = list(codes)
    else:
        orig = [line_break_class(c) for c in text]
        codes = bytes(orig)
    # LB9/LB10: a combining mark or ZWJ takes the class of the character it follows (AL when it follows nothing
    # it can attach to); LB9 also forbids a break before it.
    cls = list(orig)
    attached = bytearray(n)
    if CM in codes or ZWJ in codes:
        for i in range(n):
            if orig[i] in (CM, ZWJ):
                if i and cls[i - 1] not in (BK, CR, LF, NL, SP, ZW):
                    cls[i] = cls[i - 1]
                    attached[i] = 1
                else:
                    cls[i] = AL
        codes = bytes(cls)
    # Only boundaries next to a character that is not a letter need the rules: two letters never break (LB28,
    # or LB9 for an attached mark), so the runs of letters inside words are skipped at C speed.
    boundaries = sorted({j for m in _NOT_LETTER.finditer(codes) for j in (m.start(), m.start() + 1)} - {0, n})
    last_non_space = -1  # index of the last character before i that is not a space
    ri_run = 0  # regional indicators in a row before i
    previous = 0
    for i in boundaries:
        a, b = cls[i - 1], cls[i]
        if i != previous + 1:
            ri_run = 0  # skipped boundaries were between letters
        previous = i
        if orig[i - 1] != SP:
            last_non_space = i - 1
        ri_run = ri_run + 1 if a == RI else 0
        # The commonest boundaries first, decided as the rules would: inside a word (LB28), before a space
        # (LB7), after a space before a word (LB18, where no rule from LB8 to LB17 applies).
        if (a == b == AL and not attached[i]) or (b == SP and a not in _HARD):
            continue
        if a == SP and b in _STARTS_AFTER_SPACE and cls[last_non_space] not in _BEFORE_SPACES:
            out[i] = ALLOWED
            continue
        out[i] = _pair(text, orig, cls, attached, i, a, b, last_non_space, ri_run, keep_all, prefixes)
    out[n] = MANDATORY
    return bytes(out)


def _pair(text: str, orig: list[int], cls: list[int], attached: bytearray, i: int, a: int, b: int,
          last_non_space: int, ri_run: int, keep_all: bool, prefixes: bool) -> int:
    """The rules LB4-LB31 for the boundary before text[i]."""
    if a == BK:
        return MANDATORY  # LB4
    if a == CR and b == LF:
        return PROHIBITED  # LB5
    if a in (CR, LF, NL):
        return MANDATORY
    if b in (BK, CR, LF, NL, SP, ZW):
        return PROHIBITED  # LB6, LB7
    # The class before any spaces that precede this boundary (rules LB8 and LB14-LB17 look through spaces).
    before = cls[last_non_space] if last_non_space >= 0 else None
    if before == ZW:
        return ALLOWED  # LB8: ZW SP* ÷
    if orig[i - 1] == ZWJ:
        return PROHIBITED  # LB8a
    if attached[i]:
        return PROHIBITED  # LB9
    if a in (WJ, GL) or b == WJ:
        return PROHIBITED  # LB11, LB12
    if b == GL and a not in (SP, BA, HY):
        return PROHIBITED  # LB12a
    if b in (CL, CP, EX, SY):
        return PROHIBITED  # LB13
    n = len(cls)
    if before == OP:
        return PROHIBITED  # LB14: OP SP* ×
    if before == QU and category(text[last_non_space]) == "Pi" and (
            last_non_space == 0 or cls[last_non_space - 1] in _BEFORE_INITIAL_QUOTE):
        return PROHIBITED  # LB15a: an opening quotation mark and the spaces after it stay with what follows
    if b == QU and category(text[i]) == "Pf" and (i + 1 == n or cls[i + 1] in _AFTER_FINAL_QUOTE):
        return PROHIBITED  # LB15b: a closing quotation mark stays with what precedes it
    if a == SP and b == IS and i + 1 < n and cls[i + 1] == NU:
        return ALLOWED  # LB15c
    if b == IS:
        return PROHIBITED  # LB15d
    if before is not None:
        if before in (CL, CP) and b == NS:
            return PROHIBITED  # LB16
        if before == B2 and b == B2:
            return PROHIBITED  # LB17
    if a == SP:
        return ALLOWED  # LB18
    if (b == QU and category(text[i]) != "Pi") or (a == QU and category(text[i - 1]) != "Pf"):
        return PROHIBITED  # LB19
    if b == QU and (not _east_asian(text[i - 1]) or i + 1 == n or not _east_asian(text[i + 1])):
        return PROHIBITED  # LB19a: quotation marks outside East Asian text
    if a == QU and (not _east_asian(text[i]) or i < 2 or not _east_asian(text[i - 2])):
        return PROHIBITED  # LB19a
    if a == CB or b == CB:
        return ALLOWED  # LB20
    if (a == HY or text[i - 1] == "\u2010") and b in (AL, HL) and (i < 2 or cls[i - 2] in _BEFORE_WORD_HYPHEN):
        return PROHIBITED  # LB20a: a hyphen that starts a word ("-year") stays with it
    if prefixes and a == HY and b in (AL, HL) and _short_prefix(cls, i - 1):
        return PROHIBITED  # tailoring: a prefix of three letters or fewer stays with its word (Tagalog "mag-aral")
    if prefixes and a == HY and b == OP and i >= 2 and cls[i - 2] in (CP, CL):
        return PROHIBITED  # tailoring: a range of subsections stays whole on a legal card ("481.115(g)-(i)")
    if b in (BA, HY, NS) or a == BB:
        return PROHIBITED  # LB21
    if i >= 2 and a in (HY, BA) and cls[i - 2] == HL:
        return PROHIBITED  # LB21a
    if a == SY and b == HL:
        return PROHIBITED  # LB21b
    if b == IN:
        return PROHIBITED  # LB22
    if (a in (AL, HL) and b == NU) or (a == NU and b in (AL, HL)):
        return PROHIBITED  # LB23
    if (a == PR and b in (ID, EB, EM)) or (a in (ID, EB, EM) and b == PO):
        return PROHIBITED  # LB23a
    if (a in (PR, PO) and b in (AL, HL)) or (a in (AL, HL) and b in (PR, PO)):
        return PROHIBITED  # LB24
    if _numeric(cls, i, a, b):
        return PROHIBITED  # LB25
    if (a == JL and b in (JL, JV, H2, H3)) or (a in (JV, H2) and b in (JV, JT)) or (a in (JT, H3) and b == JT):
        return PROHIBITED  # LB26
    if (a in _HANGUL and b == PO) or (a == PR and b in _HANGUL):
        return PROHIBITED  # LB27
    if a in (AL, HL) and b in (AL, HL):
        return PROHIBITED  # LB28
    if a == IS and b in (AL, HL):
        return PROHIBITED  # LB29
    if (a in (AL, HL, NU) and b == OP and east_asian_width(text[i]) not in "FWH") or (
            a == CP and b in (AL, HL, NU) and east_asian_width(text[i - 1]) not in "FWH"):
        return PROHIBITED  # LB30
    if a == RI and b == RI and ri_run % 2 == 1:
        return PROHIBITED  # LB30a
    if a == EB and b == EM:
        return PROHIBITED  # LB30b
    if keep_all and ((a in _KEEP_ALL and b in _KEEP_ALL) or (a in _KEEP_ALL and b == OP) or (
            a == CP and b in _KEEP_ALL)):
        return PROHIBITED  # CSS word-break: keep-all (Korean): a word and its brackets stay together
    return ALLOWED  # LB31


def _short_prefix(cls: list[int], hyphen: int) -> bool:
    """Whether the letters before the hyphen at index hyphen start a word and number three or fewer."""
    start = hyphen
    while start > 0 and cls[start - 1] in (AL, HL):
        start -= 1
    return 0 < hyphen - start <= 3 and (start == 0 or cls[start - 1] in _BEFORE_WORD_HYPHEN)


def _east_asian(ch: str) -> bool:
    return east_asian_width(ch) in ("F", "W", "H")


def _numeric(cls: list[int], i: int, a: int, b: int) -> bool:
    """LB25 (the regular-expression form): no break inside numbers such as $1,234.56 or (555) 010-0100."""
    if b == NU and a in (PR, PO, OP, HY, IS):
        return True
    if a in (PR, PO) and b in (OP, HY) and ((i + 1 < len(cls) and cls[i + 1] == NU) or (
            b == OP and i + 2 < len(cls) and cls[i + 1] == IS and cls[i + 2] == NU)):
        return True
    k = i - 1
    if b in (PO, PR) and a in (CL, CP):
        k -= 1
    elif b not in (NU, SY, IS, CL, CP, PO, PR):
        return False
    while k >= 0 and cls[k] in _NUMERIC_RUN:
        if cls[k] == NU:
            return True
        k -= 1
    return False


@cache
def _hyphenator(dictionary: str) -> object:
    import pyphen  # imported on first use: loading a dictionary costs a few milliseconds

    return pyphen.Pyphen(lang=dictionary, left=2, right=3)


@lru_cache(maxsize=8192)
def hyphen_points(word: str, dictionary: str) -> tuple[int, ...]:
    """Offsets inside word where pyphen allows a hyphenated break (none for words with non-letters)."""
    if len(word) < 5 or not word.isalpha():
        return ()
    return tuple(_hyphenator(dictionary).positions(word))  # type: ignore[attr-defined]


def ends_with_soft_hyphen(text: str, i: int) -> bool:
    """Whether the break before text[i] follows a soft hyphen (the line then shows a hyphen)."""
    return i > 0 and text[i - 1] == SHY
