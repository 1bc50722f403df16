"""Reading grade and sentence length, offline: Flesch-Kincaid and SMOG for English, Crawford and SOL for Spanish.

The grade that counts is the higher of the two formulas of a language: sentence-length formulas (Flesch-Kincaid,
Crawford) under-report health texts made of short sentences full of long words, which SMOG catches.

Syllables come from pyphen's hyphenation dictionaries (Spanish hyphenation is syllabification) and, for English,
from the classic vowel-group rule. We do not use textstat: its English formulas download NLTK's cmudict at run
time, which fails on the offline machines many programs (and our CI) work on.
"""

from __future__ import annotations

import math
import re
from functools import cache

from .record import record

# Sentence ends in the scripts we print: . ! ? and the Armenian full stop (։), Arabic question mark (؟), Urdu
# full stop (۔), Devanagari danda (।), followed by a space; the CJK full stops (。！？) need no space after them.
_SENTENCE_END = re.compile(r"(?<=[.!?\u0589\u061f\u06d4\u0964])\s+|(?<=[\u3002\uff01\uff1f])\s*")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@record
class Grade:
    """A reading grade (US school years) and the formula that gave it."""

    grade: float
    formula: str
    words: int
    sentences: int


def sentences(text: str) -> list[str]:
    """Split text into sentences at a full stop, ! or ? (in each script's own form); a bullet is one sentence."""
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text.strip())) if s]


def words(text: str) -> list[str]:
    """The words of a text (numbers count as words, punctuation does not)."""
    return _WORD.findall(text)


def _english_syllables(word: str) -> int:
    """The vowel-group rule: count groups of vowels, less a silent final e (good to about one syllable in ten)."""
    w = word.lower()
    if w.isdigit():
        return len(w)  # 911 reads nine-one-one: roughly a syllable a digit
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


@cache
def _pyphen(lang: str):  # type: ignore[no-untyped-def]
    import pyphen  # only `pamphlets check` needs it

    return pyphen.Pyphen(lang=lang)


def syllables(word: str, lang: str) -> int:
    """Syllables in a word for English (en) or Spanish (es)."""
    if lang.startswith("en"):
        return _english_syllables(word)
    if word.isdigit():
        return len(word)
    return len(_pyphen(lang).positions(word.lower())) + 1


FORMULAS = {"en": ("Flesch-Kincaid", "SMOG"), "es": ("Crawford", "SOL")}  # SOL: SMOG for Spanish


def grades(texts: list[str], lang: str, names: frozenset[str] = frozenset()) -> list[Grade]:
    """Every formula's grade for a list of texts (each at least one sentence); [] for a language without formulas.

    Words in names (drug names, lower case) are not counted as SMOG's hard words; they still count as syllables.
    """
    base = lang.split("-")[0].split("_")[0]
    if base not in FORMULAS:
        return []
    n_sent = sum(len(sentences(t)) for t in texts)
    all_words = [w for t in texts for w in words(t)]
    n_words = len(all_words)
    if not n_words or not n_sent:
        return []
    counts = [syllables(w, base) for w in all_words]
    n_syl = sum(counts)
    n_poly = sum(1 for c, w in zip(counts, all_words, strict=True) if c >= 3 and w.lower() not in names)
    smog = 1.0430 * math.sqrt(n_poly * 30 / n_sent) + 3.1291  # McLaughlin (1969), for any number of sentences
    if base == "en":  # Kincaid et al. (1975)
        length = 0.39 * (n_words / n_sent) + 11.8 * (n_syl / n_words) - 15.59
    else:  # Crawford (1984): -0.205 x sentences per 100 words + 0.049 x syllables per 100 words - 3.407
        length = -0.205 * (100 * n_sent / n_words) + 0.049 * (100 * n_syl / n_words) - 3.407
        # SOL (Contreras et al., J Health Commun 1999;4(1):21-29): a SMOG count on Spanish text, put on the
        # English grade scale, because Spanish words carry more syllables for the same difficulty.
        smog = -2.51 + 0.74 * smog
    return [Grade(max(0.0, round(value, 1)), name, n_words, n_sent)  # below 0 means nothing
            for value, name in zip((length, smog), FORMULAS[base], strict=True)]


def grade(texts: list[str], lang: str) -> Grade | None:
    """The grade that counts: the higher of the language's formulas, or None for a language without formulas."""
    found = grades(texts, lang)
    return max(found, key=lambda g: g.grade) if found else None
