"""What the text engine needs to know about a language: script, direction, fonts, hyphenation, line breaking."""

from __future__ import annotations

from functools import cache

from ..record import record


@record
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

# English name and the language's own name, for `pamphlets list languages`.
NAMES: dict[str, tuple[str, str]] = {
    "en": ("English", "English"), "es": ("Spanish", "Español"), "fr": ("French", "Français"),
    "pl": ("Polish", "Polski"), "pt": ("Portuguese", "Português"), "de": ("German", "Deutsch"),
    "tl": ("Tagalog", "Tagalog"), "ht": ("Haitian Creole", "Kreyòl ayisyen"), "vi": ("Vietnamese", "Tiếng Việt"),
    "ru": ("Russian", "Русский"), "uk": ("Ukrainian", "Українська"), "el": ("Greek", "Ελληνικά"),
    "hy": ("Armenian", "Հայերեն"), "ar": ("Arabic", "العربية"), "fa": ("Persian (Farsi)", "فارسی"),
    "ur": ("Urdu", "اردو"), "he": ("Hebrew", "עברית"), "zh-Hans": ("Chinese, Simplified", "简体中文"),
    "zh-Hant": ("Chinese, Traditional", "繁體中文"), "zh-HK": ("Chinese, Hong Kong", "繁體中文（香港）"),
    "ja": ("Japanese", "日本語"), "ko": ("Korean", "한국어"), "bn": ("Bengali", "বাংলা"),
}

# Codes that name more than one written language: the user must choose.
AMBIGUOUS = {"zh": ("zh-Hans", "zh-Hant")}



def ambiguous(code: str) -> str | None:
    """What to say when a code names more than one written language (zh), else None."""
    choices = AMBIGUOUS.get(code)
    if not choices:
        return None
    said = " or ".join(f"--lang {c} ({NAMES[c][0]})" for c in choices)
    return f"'{code}' is written two ways; say which: {said}"


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
