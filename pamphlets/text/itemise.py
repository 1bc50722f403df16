"""Stage 3: cut a paragraph into runs of one face, one bidi level and one script, ready to shape.

Each character takes its script (Common and Inherited characters - spaces, digits, punctuation, marks - take the
script around them), then each grapheme cluster takes the first face of its script's stack that draws all of it;
a word whose letters would land in two faces goes whole into the first face that has them all.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple
from unicodedata import category

from .errors import FontNotInstalled, MissingGlyph
from .fonts import SCRIPT_NAMES, Face, FontStack, face_info
from .normalise import IGNORABLE, NBSP, ZWJ

_COMMON = frozenset(("Zyyy", "Zinh", "Zzzz"))
# Inside a word: letters, marks, digits, and the apostrophes and hyphens that join them. Other punctuation ends a
# word, so "spray；Emergent" keeps its Latin letters in the Latin face and only "；" comes from the CJK face.
_WORD_PUNCT = frozenset("'\u2019-\u2010\u00ad")


def _in_word(ch: str) -> bool:
    return category(ch)[0] in "LMN" or ch in _WORD_PUNCT or ch in IGNORABLE


class Item(NamedTuple):
    """A run to shape: characters [start, end) of the paragraph in one face, level and script."""

    start: int
    end: int
    face: Face
    level: int
    script: str  # ISO 15924 for HarfBuzz; Zyyy when the run is only digits, spaces and punctuation


@cache
def script_of(ch: str) -> str:
    """The Unicode Script property of a character (ISO 15924 code)."""
    known = _latin_script(ord(ch))
    if known is not None:
        return known
    from fontTools.unicodedata import script

    return script(ch)


def _latin_script(cp: int) -> str | None:
    """The script of a character of Latin text (Latin-1, Latin Extended-A/B and Additional, combining marks,
    general punctuation), from the Unicode data fontTools carries (a test holds these ranges to it): English with
    curly quotes or Spanish with accents then never imports fontTools.unicodedata, ~5 ms of a fresh process."""
    if cp < 0x80:
        return "Latn" if (0x41 <= cp <= 0x5A or 0x61 <= cp <= 0x7A) else "Zyyy"
    if cp < 0x250:
        return "Latn" if (cp in (0xAA, 0xBA) or (0xC0 <= cp <= 0x24F and cp not in (0xD7, 0xF7))) else "Zyyy"
    if 0x300 <= cp < 0x370:
        return "Zinh"
    if 0x1E00 <= cp < 0x1F00:
        return "Latn"
    if 0x2000 <= cp < 0x2070:
        return "Zinh" if cp in (0x200C, 0x200D) else "Zzzz" if cp == 0x2065 else "Zyyy"
    return None


@cache
def _face_chars(face: Face) -> frozenset[str]:
    """The characters a face draws, as a set of one-character strings (set operations on text are fast)."""
    return frozenset(map(chr, face_info(face).cmap))


def _is_continuation(ch: str, prev: str) -> bool:
    """Whether ch belongs to the grapheme cluster of the character before it."""
    return (category(ch)[0] == "M" or ch in IGNORABLE or prev == ZWJ
            or "\u1160" <= ch <= "\u11ff" or "\ud7b0" <= ch <= "\ud7ff")  # Hangul medial and final jamo


def _covers(chars: frozenset[str], text: str) -> bool:
    """Whether a face draws every character of text (invisible ones need no glyph; NBSP can be a space)."""
    missing = set(text).difference(chars)
    if not missing:
        return True
    missing.difference_update(IGNORABLE)
    if NBSP in missing and " " in chars:
        missing.discard(NBSP)
    return not missing


def itemise(text: str, styles: list[tuple[int, int, str]], levels: list[int] | None, stack: FontStack,
            full_text: str = "") -> list[Item]:
    """Runs of the paragraph text in logical order; styles are (start, end, style) segments covering the text."""
    if levels is None and text.isascii() and stack.lang.script == "Latn":  # English and the like
        ascii_face = _ascii_face(text, styles, stack)
        if ascii_face is not None:
            return ascii_face
        raw = ["Zyyy" if not c.isalpha() else "Latn" for c in text]
        resolved = ["Latn"] * len(text)
    else:
        raw = [script_of(c) for c in text]
        if stack.lang.script != "Latn":
            # Digits take the Latin face, as Latin words do: a phone number looks the same after a Latin word as
            # after a Russian or Chinese one, and a page's numbers share one design.
            raw = ["Latn" if "0" <= c <= "9" else s for c, s in zip(text, raw, strict=True)]
        resolved = _resolve_scripts(raw, stack.lang.script)
    faces: list[Face | None] = [None] * len(text)
    for start, end, style in styles:
        _choose_faces(text, start, end, style, raw, resolved, stack, faces, full_text or text)
    items: list[Item] = []
    run_start = 0
    n = len(text)
    i = 1
    while i <= n:
        face = faces[run_start]
        # Skip ahead while nothing changes (identity: faces come from one cache).
        while i < n and faces[i] is face and (not levels or levels[i] == levels[run_start]) and (
                resolved[i] == resolved[run_start] or raw[i] in _COMMON):
            i += 1
        assert face is not None
        script = next((raw[k] for k in range(run_start, i) if raw[k] not in _COMMON), "Zyyy")
        items.append(Item(run_start, i, face, levels[run_start] if levels else 0, script))
        run_start = i
        i += 1
    return items


def _ascii_face(text: str, styles: list[tuple[int, int, str]], stack: FontStack) -> list[Item] | None:
    """Runs for ASCII text that each style's first Latin face draws whole (the English fast path), else None."""
    items = []
    for start, end, style in styles:
        first = stack.candidates("Latn", style)
        if not first or first[0].face is None or not _covers(_face_chars(first[0].face), text[start:end]):
            return None
        face = first[0].face
        if items and items[-1].face is face:
            items[-1] = items[-1]._replace(end=end)
        else:
            items.append(Item(start, end, face, 0, "Latn"))
    return items


def _resolve_scripts(raw: list[str], default: str) -> list[str]:
    """Common and Inherited characters take the script before them (at the start: the first one after)."""
    out = list(raw)
    last = None
    for i, s in enumerate(raw):
        if s in _COMMON:
            out[i] = last  # type: ignore[call-overload]
        else:
            last = s
    first = next((s for s in raw if s not in _COMMON), default)
    return [s if s is not None else first for s in out]


def _choose_faces(text: str, start: int, end: int, style: str, raw: list[str], resolved: list[str],
                  stack: FontStack, faces: list[Face | None], full_text: str) -> None:
    """Fill faces[start:end] for one style segment."""
    segment = text[start:end]
    scripts = {resolved[i] for i in range(start, end)}
    if len(scripts) == 1:  # the common case: one script, and its first face draws every character
        first = stack.candidates(next(iter(scripts)), style)
        if first and first[0].face is not None and _covers(_face_chars(first[0].face), segment):
            faces[start:end] = [first[0].face] * (end - start)
            return
    i = start
    previous: Face | None = None
    while i < end:
        j = i + 1
        while j < end and _is_continuation(text[j], text[j - 1]):
            j += 1
        cluster = text[i:j]
        face = None
        if raw[i] in _COMMON and previous is not None and _covers(_face_chars(previous), cluster):
            face = previous  # digits, spaces and punctuation stay in the face of the text around them
        else:
            face = _first_face(cluster, stack, resolved[i], style, full_text)
        faces[i:j] = [face] * (j - i)
        previous = face
        i = j
    _whole_words(text, start, end, resolved, stack, style, faces)


def _first_face(cluster: str, stack: FontStack, script: str, style: str, full_text: str) -> Face:
    """The first face of the stack that draws the whole cluster, or the error naming the character."""
    missing_install = ""
    for candidate in stack.candidates(script, style):
        face = candidate.face
        if face is None:
            if candidate.own and candidate.install:
                missing_install = missing_install or candidate.install
        elif _covers(_face_chars(face), cluster):
            if missing_install:  # the family this text asks for first is not installed: never a silent stand-in
                break
            return face
    # Name the character no face has (a base letter rather than its mark when both are missing).
    tried = tuple(c.face.name for c in stack.candidates(script, style) if c.face is not None)
    bad = next((ch for ch in cluster if ch not in IGNORABLE and not any(
        c.face is not None and _covers(_face_chars(c.face), ch) for c in stack.candidates(script, style))), cluster[0])
    if missing_install:
        raise FontNotInstalled(SCRIPT_NAMES.get(script, script), bad, full_text, missing_install)
    raise MissingGlyph(bad, full_text, tried)


def _whole_words(text: str, start: int, end: int, resolved: list[str], stack: FontStack, style: str,
                 faces: list[Face | None]) -> None:
    """A word split between faces (an accented letter from a fallback) goes whole into one face that has it all."""
    i = start
    while i < end:
        if not _in_word(text[i]):
            i += 1
            continue
        j = i
        while j < end and _in_word(text[j]) and resolved[j] == resolved[i]:
            j += 1
        used = set(faces[i:j])
        if len(used) > 1:
            word = text[i:j]
            for candidate in stack.candidates(resolved[i], style):
                face = candidate.face
                if face is not None and _covers(_face_chars(face), word):
                    faces[i:j] = [face] * (j - i)
                    break
        i = j
