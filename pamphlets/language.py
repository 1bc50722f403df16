"""Plain-language checks of a topic: long sentences, ALL CAPS, stigmatising words, out-of-date claims, grade."""

from __future__ import annotations

import re

from .errors import Loc, Problem
from .loader import SourceDoc
from .markup import MarkupError, parse, plain
from .models import Text, Topic
from .readability import Grade, grades, sentences, words
from .record import record
from .schema import Reader

MAX_SENTENCE_WORDS = 20
MAX_GRADE = 8.0
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_CAPS_WORD = re.compile(r"\b[A-ZÁÉÍÓÚÑÜ]{2,}\b")


@record
class Stigma:
    """A stigmatising phrase and what to say instead."""

    pattern: re.Pattern[str]
    say: str


@record
class Stale:
    """A claim that is out of date (in a sentence about `about`, unless it says `unless`)."""

    pattern: re.Pattern[str]
    about: re.Pattern[str] | None
    unless: re.Pattern[str] | None
    fact: str


@record
class Rules:
    """The word lists of one language (built-in, plus a project's own additions)."""

    stigma: tuple[Stigma, ...] = ()
    stale: tuple[Stale, ...] = ()
    names: frozenset[str] = frozenset()  # drug names SMOG does not count as hard words (lower case)

    def __add__(self, other: Rules) -> Rules:
        return Rules(self.stigma + other.stigma, self.stale + other.stale, self.names | other.names)


def _regex(r: Reader, path: tuple[str | int, ...], *, words_only: bool = True,
           required: bool = True) -> re.Pattern[str] | None:
    source = r.text(path, required=required)
    if source is None:
        return None
    try:
        return re.compile(rf"\b(?:{source})\b" if words_only else source, re.IGNORECASE)
    except re.error as exc:
        r.error(path, f"not a valid regular expression: {exc}")
        return None


def rules_from(doc: SourceDoc) -> Rules:
    """Validate a content/_checks/<lang>.yaml file."""
    r = Reader(doc)
    stigma, stale = [], []
    names = frozenset(v.lower() for v, _ in r.texts(("names",)))
    if r.mapping((), ("stigma", "stale", "names"), (), "word lists"):
        for p in r.items(("stigma",)):
            if r.mapping(p, ("match", "say"), (), "stigma entry"):
                pattern, say = _regex(r, (*p, "match")), r.text((*p, "say"), required=True)
                if pattern and say:
                    stigma.append(Stigma(pattern, say))
        for p in r.items(("stale",)):
            if r.mapping(p, ("match", "about", "unless", "fact"), (), "stale-claim entry"):
                pattern, fact = _regex(r, (*p, "match"), words_only=False), r.text((*p, "fact"), required=True)
                about = _regex(r, (*p, "about"), required=False)
                unless = _regex(r, (*p, "unless"), words_only=False, required=False)
                if pattern and fact:
                    stale.append(Stale(pattern, about, unless, fact))
    r.done()
    return Rules(tuple(stigma), tuple(stale), names)


def plain_text(text: Text) -> str:
    """What a reader sees of a content string: placeholders stand in as one word, markup is dropped."""
    source = _PLACEHOLDER.sub("them", text.source)
    try:
        return plain(parse(source))
    except MarkupError:
        return source


def sentence_problems(topic: Topic) -> list[Problem]:
    """Sentences over 20 words (W202) and ALL-CAPS runs (W203)."""
    out = []
    for text in topic.texts():
        prose = plain_text(text)
        for sentence in sentences(prose):
            n = len(words(sentence))
            if n > MAX_SENTENCE_WORDS:
                start = " ".join(sentence.split()[:6])
                out.append(Problem(text.loc, f"sentence of {n} words (\"{start} ...\"); keep sentences to "
                                              f"{MAX_SENTENCE_WORDS} words or fewer: split it", "W202"))
        # A run of capitalised words, or one long one; short acronyms (CDC, SAMHSA) are fine.
        caps = [w for w in _CAPS_WORD.findall(prose) if len(w) >= 8]
        runs = re.findall(r"\b[A-ZÁÉÍÓÚÑÜ]{2,}(?:\s+[A-ZÁÉÍÓÚÑÜ]{2,})+\b", prose)
        if caps or runs:
            shown = (runs or caps)[0]
            out.append(Problem(text.loc, f"\"{shown}\" is in capitals, which is harder to read; use "
                                          "ordinary capitals and **bold** for emphasis", "W203"))
    return out


def word_problems(topic: Topic, rules: Rules) -> list[Problem]:
    """Stigmatising words (W301) and known out-of-date claims (E401)."""
    out = []
    for text in topic.texts():
        prose = plain_text(text)
        for entry in rules.stigma:
            match = entry.pattern.search(prose)
            if match:
                out.append(Problem(text.loc, f"\"{match.group(0)}\" can stigmatise; say \"{entry.say}\"", "W301"))
        for sentence in sentences(prose):
            for claim in rules.stale:
                if (claim.pattern.search(sentence) and (not claim.about or claim.about.search(prose))
                        and not (claim.unless and claim.unless.search(sentence))):
                    out.append(Problem(text.loc, f"out of date: \"{sentence}\"; {claim.fact}", "E401"))
    return out


def reading_grades(topic: Topic, rules: Rules) -> list[Grade]:
    """Every formula's grade of what a reader reads in the topic (headings and title excluded); the highest counts."""
    headings = {id(topic.title), *(id(s.heading) for s in topic.sections)}
    return grades([plain_text(t) for t in topic.texts() if id(t) not in headings], topic.lang, rules.names)


def grade_problem(topic: Topic, found: list[Grade]) -> list[Problem]:
    """W201 when any formula puts the topic above grade 8."""
    worst = max(found, key=lambda g: g.grade, default=None)
    if worst is None or worst.grade <= MAX_GRADE:
        return []
    each = ", ".join(f"{g.formula} {g.grade:g}" for g in found)
    return [Problem(Loc(topic.path), f"reading grade {worst.grade:g} ({each}) is above {MAX_GRADE:g}; use shorter "
                                     "sentences and words of fewer syllables (aim for 6)", "W201")]
