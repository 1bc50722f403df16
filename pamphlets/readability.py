"""Reading grade and sentence length, offline: Flesch-Kincaid for English, Crawford for Spanish.

Syllables come from pyphen's hyphenation dictionaries (Spanish hyphenation is syllabification) and, for English,
from the classic vowel-group rule. We do not use textstat: its English formulas download NLTK's cmudict at run
time, which fails on the offline machines many programs (and our CI) work on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Grade:
    """A reading grade (US school years) and the formula that gave it."""

    grade: float
    formula: str
    words: int
    sentences: int


def sentences(text: str) -> list[str]:
    """Split text into sentences at . ! ? followed by a space; a bullet without a full stop is one sentence."""
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


FORMULAS = {"en": "Flesch-Kincaid grade", "es": "Crawford (años de escolaridad)"}


def grade(texts: list[str], lang: str) -> Grade | None:
    """The reading grade of a list of texts (each at least one sentence), or None for a language without a formula."""
    base = lang.split("-")[0].split("_")[0]
    if base not in FORMULAS:
        return None
    n_sent = sum(len(sentences(t)) for t in texts)
    all_words = [w for t in texts for w in words(t)]
    n_words = len(all_words)
    if not n_words or not n_sent:
        return None
    n_syl = sum(syllables(w, base) for w in all_words)
    if base == "en":  # Kincaid et al. (1975)
        value = 0.39 * (n_words / n_sent) + 11.8 * (n_syl / n_words) - 15.59
    else:  # Crawford (1984): -0.205 x sentences per 100 words + 0.049 x syllables per 100 words - 3.407
        value = -0.205 * (100 * n_sent / n_words) + 0.049 * (100 * n_syl / n_words) - 3.407
    return Grade(max(0.0, round(value, 1)), FORMULAS[base], n_words, n_sent)  # below 0 means nothing
