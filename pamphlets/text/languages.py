"""What the text engine needs to know about a language: script, direction, fonts, hyphenation, line breaking."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Language:
    """One BCP 47 language as the text engine sees it."""

    code: str
    script: str  # ISO 15924 code of the main script, as HarfBuzz and fontTools name it
    rtl: bool = False
    hyphenation: str | None = None  # pyphen dictionary name; None where words must not be hyphenated
    keep_all: bool = False  # break only at spaces between letters (Korean), never between syllables
    latin_font: str | None = None  # a Latin family that has this language's letters, ahead of the layout's
    han_variant: str = "SC"  # which Noto Sans CJK face draws Han characters: SC, TC, HK, JP or KR


# Only what differs from a left-to-right Latin language without hyphenation is written here.
_KNOWN: dict[str, Language] = {lang.code: lang for lang in (
    Language("en", "Latn", hyphenation="en_US"),
    Language("es", "Latn", hyphenation="es"),
    Language("fr", "Latn", hyphenation="fr"),
    Language("pl", "Latn", hyphenation="pl_PL"),
    Language("pt", "Latn", hyphenation="pt_PT"),
    Language("de", "Latn", hyphenation="de_DE"),
    Language("tl", "Latn"),
    Language("ht", "Latn"),
    # Atkinson Hyperlegible lacks ten Vietnamese letters: set whole words in Noto Sans, not letter by letter.
    # Vietnamese words are single syllables, so there is nothing to hyphenate.
    Language("vi", "Latn", latin_font="Noto Sans"),
    Language("ru", "Cyrl", hyphenation="ru_RU"),
    Language("uk", "Cyrl", hyphenation="uk_UA"),
    Language("el", "Grek"),
    Language("hy", "Armn"),
    Language("ar", "Arab", rtl=True),
    Language("fa", "Arab", rtl=True),
    Language("ur", "Arab", rtl=True),
    Language("he", "Hebr", rtl=True),
    Language("zh-Hans", "Hani", han_variant="SC"),
    Language("zh-Hant", "Hani", han_variant="TC"),
    Language("zh-HK", "Hani", han_variant="HK"),
    Language("ja", "Hani", han_variant="JP"),
    # Korean is set with spaces between words; breaking inside a word is a last resort.
    Language("ko", "Hang", keep_all=True, han_variant="KR"),
    Language("bn", "Beng"),
)}

_ALIASES = {"zh": "zh-Hans", "zh-CN": "zh-Hans", "zh-SG": "zh-Hans", "zh-TW": "zh-Hant", "zh-MO": "zh-Hant",
            "iw": "he", "tgl": "tl", "fil": "tl"}


@cache
def language(code: str) -> Language:
    """The engine's view of a BCP 47 code; unknown codes are set as left-to-right Latin without hyphenation."""
    code = _ALIASES.get(code, code)
    if code in _KNOWN:
        return _KNOWN[code]
    base = code.split("-")[0]
    if base in _KNOWN and base != "zh":
        found = _KNOWN[base]
        return Language(code, found.script, found.rtl, found.hyphenation, found.keep_all, found.latin_font,
                        found.han_variant)
    return Language(code, "Latn")
