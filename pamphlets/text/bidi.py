"""Stage 2: embedding levels by the Unicode Bidirectional Algorithm (UAX #9), and the per-line reordering (L2).

python-bidi 0.6 only returns display strings (its Rust core keeps the levels to itself), and a display string is
useless once text is shaped and broken into lines: joining is defined on logical order and lines must be broken
before they are reordered. So the levels are resolved here: rules P2-P3, X1-X10, W1-W7, N0-N2 and I1-I2 of
UAX #9, on one paragraph (the caller splits at hard breaks). Rule L1 (trailing white space) and L2 (reversal) are
applied per line by the layout stage.
"""

from __future__ import annotations

import re
from unicodedata import bidirectional, category

MAX_DEPTH = 125

# Text with none of these characters is all left to right in a left-to-right paragraph: the common case skips
# the algorithm (Hebrew, Arabic, Syriac, Thaana, NKo, ..., their presentation forms, RLM/ALM and the controls).
_MAY_BE_RTL = re.compile("[\u0590-\u08ff\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufeff"
                         "\U00010800-\U00010fff\U0001e800-\U0001efff]")

_STRONG_RTL = frozenset(("R", "AL"))
_ISOLATE_INITIATORS = frozenset(("LRI", "RLI", "FSI"))
_REMOVED = frozenset(("RLE", "LRE", "RLO", "LRO", "PDF", "BN"))
_NEUTRAL = frozenset(("B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"))

# Bidi_Paired_Bracket pairs (BidiBrackets.txt): opening -> closing. U+2329/U+232A are canonically equivalent to
# U+3008/U+3009 and match them (BD16).
_PAIRS = {
    0x0028: 0x0029, 0x005B: 0x005D, 0x007B: 0x007D, 0x0F3A: 0x0F3B, 0x0F3C: 0x0F3D, 0x169B: 0x169C,
    0x2045: 0x2046, 0x207D: 0x207E, 0x208D: 0x208E, 0x2308: 0x2309, 0x230A: 0x230B, 0x2329: 0x232A,
    0x2768: 0x2769, 0x276A: 0x276B, 0x276C: 0x276D, 0x276E: 0x276F, 0x2770: 0x2771, 0x2772: 0x2773,
    0x2774: 0x2775, 0x27C5: 0x27C6, 0x27E6: 0x27E7, 0x27E8: 0x27E9, 0x27EA: 0x27EB, 0x27EC: 0x27ED,
    0x27EE: 0x27EF, 0x2983: 0x2984, 0x2985: 0x2986, 0x2987: 0x2988, 0x2989: 0x298A, 0x298B: 0x298C,
    0x298D: 0x2990, 0x298F: 0x298E, 0x2991: 0x2992, 0x2993: 0x2994, 0x2995: 0x2996, 0x2997: 0x2998,
    0x29D8: 0x29D9, 0x29DA: 0x29DB, 0x29FC: 0x29FD, 0x2E22: 0x2E23, 0x2E24: 0x2E25, 0x2E26: 0x2E27,
    0x2E28: 0x2E29, 0x2E55: 0x2E56, 0x2E57: 0x2E58, 0x2E59: 0x2E5A, 0x2E5B: 0x2E5C, 0x3008: 0x3009,
    0x300A: 0x300B, 0x300C: 0x300D, 0x300E: 0x300F, 0x3010: 0x3011, 0x3014: 0x3015, 0x3016: 0x3017,
    0x3018: 0x3019, 0x301A: 0x301B, 0xFE59: 0xFE5A, 0xFE5B: 0xFE5C, 0xFE5D: 0xFE5E, 0xFF08: 0xFF09,
    0xFF3B: 0xFF3D, 0xFF5B: 0xFF5D, 0xFF5F: 0xFF60, 0xFF62: 0xFF63,
}
_CLOSING = {close: open_ for open_, close in _PAIRS.items()}
_CANONICAL = {0x2329: 0x3008, 0x232A: 0x3009}


# Higher-level protocol (UAX #9, HL): phone numbers, number ranges and URLs are isolated left-to-right units, so
# "(555) 010-0100" keeps its digit groups in order inside Arabic text (plain UBA would show "0100-010").
_LTR_ISLANDS = re.compile(
    r"(?:https?://|www\.)[^\s]*[^\s.,;:!?\u060c\u061b\u061f)\]\u00bb]"  # a URL, without its sentence's punctuation
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
    r"|[+(]?\d[\d()\u00a0 .\-\u2010\u2011\u2013/]*\d\)?")  # digits with separators: phone numbers, ranges
_SEPARATORS = frozenset("()-./\u00a0 \u2010\u2011\u2013")
LRI, PDI = "\u2066", "\u2069"


FSI = "\u2068"


def isolated(value: object) -> object:
    """A local detail as its own bidi unit (FSI ... PDI): it keeps its own direction inside the sentence around it.

    A program's English address inside Arabic text would otherwise be reordered around its numbers
    ("100 Example Street" shown as "Example Street 100"); lists are isolated item by item.
    """
    if isinstance(value, str):
        return f"{FSI}{value}{PDI}" if value else value
    if isinstance(value, list):
        return [isolated(v) for v in value]
    return value


def ltr_islands(text: str) -> list[tuple[int, int]]:
    """Spans of text that must read left to right as one unit even inside right-to-left text."""
    out = []
    for m in _LTR_ISLANDS.finditer(text):
        value = m.group()
        if (value[0].isdigit() or value[0] in "+(") and not any(ch in _SEPARATORS for ch in value.strip()):
            continue  # a bare number (911) is already one left-to-right run
        out.append(m.span())
    return out


def _first_strong(types: list[str], start: int, end: int, isolate_match: dict[int, int]) -> int | None:
    """P2/P3: 1 for R/AL, 0 for L, None when there is no strong character (isolates are skipped)."""
    i = start
    while i < end:
        t = types[i]
        if t == "L":
            return 0
        if t in _STRONG_RTL:
            return 1
        if t in _ISOLATE_INITIATORS:
            i = isolate_match.get(i, end)
            continue
        if t == "B":
            return None
        i += 1
    return None


def base_level(text: str) -> int:
    """The paragraph level rules P2-P3 give: 1 when the first strong character is right to left, else 0."""
    if not _MAY_BE_RTL.search(text):
        return 0
    types = [bidirectional(c) or "L" for c in text]
    return _first_strong(types, 0, len(types), _match_isolates(types)) or 0


def _match_isolates(types: list[str]) -> dict[int, int]:
    """BD9: index of each isolate initiator -> index of its matching PDI (or len(types) when unmatched)."""
    match: dict[int, int] = {}
    stack: list[int] = []
    for i, t in enumerate(types):
        if t in _ISOLATE_INITIATORS:
            stack.append(i)
        elif t == "PDI" and stack:
            match[stack.pop()] = i
    for i in stack:
        match[i] = len(types)
    return match


def resolve_levels(text: str, base: int | None = None, islands: bool = True) -> tuple[int, list[int] | None]:
    """The paragraph level and one embedding level per character; None for the levels when all equal 0.

    With islands, phone numbers and URLs are resolved as if wrapped in LRI ... PDI (see ltr_islands).
    """
    if not _MAY_BE_RTL.search(text) and not base:
        return 0, None
    spans = ltr_islands(text) if islands else []
    if spans:
        # Resolve the text with isolates around each island, then drop the levels of the inserted marks.
        pieces: list[str] = []
        skip: set[int] = set()
        at = length = 0
        for start, end in spans:
            length += start - at
            skip.add(length)
            skip.add(length + 1 + end - start)
            pieces += [text[at:start], LRI, text[start:end], PDI]
            length += 2 + end - start
            at = end
        pieces.append(text[at:])
        level, levels = resolve_levels("".join(pieces), base, islands=False)
        if levels is None:
            return level, None
        return level, [lv for i, lv in enumerate(levels) if i not in skip]
    types = [bidirectional(c) or "L" for c in text]
    n = len(types)
    isolate_match = _match_isolates(types)
    if base is None:
        base = _first_strong(types, 0, n, isolate_match) or 0
    original = list(types)
    levels = _explicit(types, base, isolate_match, text)
    for seq in _isolating_sequences(types, levels, base, isolate_match):
        _resolve_sequence(seq, types, original, levels, text)
    # X9: removed characters take the level of the character before them (they draw nothing).
    prev = base
    for i in range(n):
        if original[i] in _REMOVED:
            levels[i] = prev
        prev = levels[i]
    return base, levels


def _explicit(types: list[str], base: int, isolate_match: dict[int, int], text: str) -> list[int]:
    """X1-X8: levels from embeddings, overrides and isolates; overridden characters get their new type."""
    n = len(types)
    levels = [base] * n
    stack: list[tuple[int, str | None, bool]] = [(base, None, False)]  # level, override, isolate
    overflow_isolates = overflow_embeddings = valid_isolates = 0
    for i in range(n):
        t = types[i]
        level, override, _ = stack[-1]
        if t in ("RLE", "LRE", "RLO", "LRO"):
            new = (level + 1) | 1 if t[0] == "R" else (level + 2) & ~1
            if new <= MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                stack.append((new, {"RLO": "R", "LRO": "L"}.get(t), False))
            elif not overflow_isolates:
                overflow_embeddings += 1
            levels[i] = level
        elif t in _ISOLATE_INITIATORS:
            levels[i] = level
            if override:
                types[i] = override
            rtl = t == "RLI"
            if t == "FSI":
                rtl = _first_strong(types, i + 1, isolate_match.get(i, n), isolate_match) == 1
            new = (level + 1) | 1 if rtl else (level + 2) & ~1
            if new <= MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                valid_isolates += 1
                stack.append((new, None, True))
            else:
                overflow_isolates += 1
        elif t == "PDI":
            if overflow_isolates:
                overflow_isolates -= 1
            elif valid_isolates:
                overflow_embeddings = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolates -= 1
            level, override, _ = stack[-1]
            levels[i] = level
            if override:
                types[i] = override
        elif t == "PDF":
            if overflow_isolates:
                pass
            elif overflow_embeddings:
                overflow_embeddings -= 1
            elif not stack[-1][2] and len(stack) >= 2:
                stack.pop()
            levels[i] = level
        elif t == "B":
            levels[i] = base
        elif t == "BN":
            levels[i] = level
        else:
            levels[i] = level
            if override:
                types[i] = override
    return levels


def _isolating_sequences(types: list[str], levels: list[int], base: int,
                         isolate_match: dict[int, int]) -> list[tuple[list[int], str, str]]:
    """X10: the isolating run sequences (character indices without removed ones), each with its sos and eos."""
    kept = [i for i, t in enumerate(types) if t not in _REMOVED]
    runs: list[list[int]] = []
    for i in kept:
        if runs and levels[runs[-1][-1]] == levels[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    run_starting_at = {run[0]: k for k, run in enumerate(runs)}
    matched_pdis = {j for j in isolate_match.values() if j < len(types)}
    sequences: list[list[int]] = []
    for run in runs:
        if run[0] in matched_pdis and types[run[0]] == "PDI":
            continue  # this run continues the sequence of the isolate initiator that it closes
        seq = list(run)
        while types[seq[-1]] in _ISOLATE_INITIATORS and isolate_match.get(seq[-1], len(types)) < len(types):
            nxt = run_starting_at.get(isolate_match[seq[-1]])
            if nxt is None:
                break
            seq.extend(runs[nxt])
        sequences.append(seq)
    out = []
    position = {i: k for k, i in enumerate(kept)}
    for seq in sequences:
        level = levels[seq[0]]
        k = position[seq[0]]
        before = levels[kept[k - 1]] if k > 0 else base
        last = seq[-1]
        k = position[last]
        # eos: the paragraph level after an isolate initiator (its content is another sequence) or at the end.
        after = levels[kept[k + 1]] if k + 1 < len(kept) and types[last] not in _ISOLATE_INITIATORS else base
        sos = "R" if max(level, before) & 1 else "L"
        eos = "R" if max(level, after) & 1 else "L"
        out.append((seq, sos, eos))
    return out


def _resolve_sequence(seq_info: tuple[list[int], str, str], types: list[str], original: list[str],
                      levels: list[int], text: str) -> None:
    """W1-W7, N0-N2 and I1-I2 on one isolating run sequence."""
    seq, sos, eos = seq_info
    t = [types[i] for i in seq]
    m = len(t)
    # W1: a non-spacing mark takes the type of what it follows (ON after an isolate initiator or PDI).
    prev = sos
    for k in range(m):
        if t[k] == "NSM":
            t[k] = "ON" if prev in _ISOLATE_INITIATORS or prev == "PDI" else prev
        prev = t[k]
    # W2: European numbers after Arabic letters are Arabic numbers; W3: AL is R.
    last_strong = sos
    for k in range(m):
        if t[k] == "EN" and last_strong == "AL":
            t[k] = "AN"
        elif t[k] in ("L", "R", "AL"):
            last_strong = t[k]
    t = ["R" if x == "AL" else x for x in t]
    # W4: one separator between two numbers of the same kind joins them.
    for k in range(1, m - 1):
        if t[k] == "ES" and t[k - 1] == "EN" and t[k + 1] == "EN":
            t[k] = "EN"
        elif t[k] == "CS" and t[k - 1] == t[k + 1] and t[k - 1] in ("EN", "AN"):
            t[k] = t[k - 1]
    # W5: terminators (%, $, ...) next to European numbers are European numbers.
    k = 0
    while k < m:
        if t[k] == "ET":
            j = k
            while j < m and t[j] == "ET":
                j += 1
            if (k > 0 and t[k - 1] == "EN") or (j < m and t[j] == "EN"):
                for x in range(k, j):
                    t[x] = "EN"
            k = j
        else:
            k += 1
    # W6: other separators and terminators are neutral.
    t = ["ON" if x in ("ES", "ET", "CS") else x for x in t]
    # W7: European numbers after L (or an L start) are L.
    last_strong = sos
    for k in range(m):
        if t[k] == "EN" and last_strong == "L":
            t[k] = "L"
        elif t[k] in ("L", "R"):
            last_strong = t[k]
    embedding = "R" if levels[seq[0]] & 1 else "L"
    _brackets(seq, t, original, text, sos, embedding)
    # N1/N2: neutrals between two strong types of one direction take it (numbers count as R); others embed.
    k = 0
    while k < m:
        if t[k] in _NEUTRAL:
            j = k
            while j < m and t[j] in _NEUTRAL:
                j += 1
            before = sos if k == 0 else ("R" if t[k - 1] in ("R", "EN", "AN") else "L")
            after = eos if j == m else ("R" if t[j] in ("R", "EN", "AN") else "L")
            value = before if before == after else embedding
            for x in range(k, j):
                t[x] = value
            k = j
        else:
            k += 1
    # I1/I2: implicit levels.
    for k, i in enumerate(seq):
        level = levels[i]
        x = t[k]
        if level & 1:
            if x in ("L", "EN", "AN"):
                levels[i] = level + 1
        elif x == "R":
            levels[i] = level + 1
        elif x in ("AN", "EN"):
            levels[i] = level + 2


def _brackets(seq: list[int], t: list[str], original: list[str], text: str, sos: str, embedding: str) -> None:
    """N0: a bracket pair takes the direction of the strong text inside it (or of its context)."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[int, int]] = []  # (closing code point, position)
    for k, i in enumerate(seq):
        if t[k] != "ON":
            continue
        cp = ord(text[i])
        if cp in _PAIRS:
            if len(stack) == 63:
                break
            stack.append((_CANONICAL.get(_PAIRS[cp], _PAIRS[cp]), k))
        elif cp in _CLOSING:
            want = _CANONICAL.get(cp, cp)
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == want:
                    pairs.append((stack[depth][1], k))
                    del stack[depth:]
                    break
    if not pairs:
        return
    pairs.sort()
    for open_k, close_k in pairs:
        found_embedding = found_opposite = False
        for x in range(open_k + 1, close_k):
            d = "R" if t[x] in ("R", "EN", "AN") else "L" if t[x] == "L" else None
            if d == embedding:
                found_embedding = True
                break
            if d is not None:
                found_opposite = True
        if found_embedding:
            value = embedding
        elif found_opposite:
            before = sos
            for x in range(open_k - 1, -1, -1):
                if t[x] in ("R", "EN", "AN"):
                    before = "R"
                    break
                if t[x] == "L":
                    before = "L"
                    break
            value = before if before != embedding else embedding
        else:
            continue
        t[open_k] = t[close_k] = value
        for k in (open_k, close_k):  # marks after a bracket follow it
            x = k + 1
            while x < len(t) and original[seq[x]] == "NSM":
                t[x] = value
                x += 1


def visual_order(levels: list[int]) -> list[int]:
    """L2: the indices of items (characters or runs) in display order, given their levels."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(level for level in levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        k = 0
        n = len(order)
        while k < n:
            if levels[order[k]] >= level:
                j = k
                while j < n and levels[order[j]] >= level:
                    j += 1
                order[k:j] = order[k:j][::-1]
                k = j
            else:
                k += 1
    return order


def is_mark(ch: str) -> bool:
    """A combining mark (it belongs to the character before it)."""
    return category(ch)[0] == "M"
