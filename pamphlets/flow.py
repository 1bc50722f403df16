"""Setting items into a flow of regions: measure each item, place items down the slots, shrink to fit, grow or
balance a last page, keep headings with what they introduce. Compose decides what goes where; this decides how."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from .items import FigureRowItem, Item, MoveItem, PictureItem, QrItem, RuleItem, TextItem, WriteInItem
from .markup import Span
from .models import Region
from .record import record
from .text import Line, break_lines, face_metrics, language, line_ink, single_line

SHRINK_STEP = 0.95  # each try sets text 5% smaller, down to every style's min_size
GROW_STEP = 1.04  # each try at filling a flow's last page sets text 4% larger (or smaller)
GROW_TRIES = 12  # tries each way
HOLE_TRIES = 4  # tries each way where only a hole before the last page is to be closed (up to about 17% larger)
SMALLEST_BALANCE = 0.88  # balancing never sets text smaller than this (shrinking to fit goes further, to min_size)
BALANCE_TRIES = 10  # halvings when evening out the columns of a last page
FILL = 0.4  # a flow's last page filled less than this looks unfinished (check warns: W606)
HOLE = 0.25  # a page or column of a flow, not its last, left emptier than this at its foot looks broken
RULE_HEIGHT = 8.0
MIN_ROOM = 18.0  # points: a region with less room than this inside its padding is a layout mistake
TALL_BOX = 1.5  # ems from ascent to descent: a font declaring more is fitted by its ink (see measure)
PREFIX_GAP = 0.45  # ems between a bullet or step number and its text
PICTURE_GAP = 0.6  # ems between a step's picture and its text
FIGURE_GAP = 8.0  # points between figures, across and down
FIGURE_CAPTION_GAP = 3.0  # points between a figure and its caption
MIN_FIGURE_COLUMN = 95.0  # points: a figure's caption needs at least this width, else fewer figures to a row
MIN_PICTURE = 0.6  # a picture may shrink to fit a region's width down to this fraction of its size, no further
DISPLAY_STYLES = frozenset(("title", "heading", "side_heading"))
DISPLAY_SIZE = 14.0  # points: text this large is a title or heading, set without hyphenation
# A layout names alignment as if the text read left to right; a right-to-left document mirrors it.


@record
class Setter:
    """How one document sets text: its language (script, direction, font stack) and the layout's Latin family."""

    lang: str
    family: str

    @property
    def rtl(self) -> bool:
        """Whether the document reads right to left."""
        return language(self.lang).rtl

    def lines(self, spans: tuple[Span, ...], style: str, size: float, width: float,
              hyphenate: bool = True) -> tuple[Line, ...]:
        """Spans broken into lines no wider than width (raises MissingGlyph or FontNotInstalled)."""
        return _lines(spans, size, width, self.lang, self.family, style, hyphenate)

    def line(self, words: str, style: str, size: float) -> Line:
        """One unbroken line (a bullet, a step number, a stamp)."""
        return _line(words, size, self.lang, self.family, style)

    def metrics(self, style: str) -> tuple[float, float]:
        """Ascent and descent (negative) per em of the face that sets this language's own script."""
        return face_metrics(self.lang, self.family, style)


# Setting a paragraph depends only on its text, size, width, language and faces, and its lines are immutable: a
# process that sets the same text again (the next size tried while fitting, the next program's copy of the same
# fact sheet, the same sources line in another format) reuses them. Bounded, so a long run stays small.
@lru_cache(maxsize=16384)
def _lines(spans: tuple[Span, ...], size: float, width: float, lang: str, family: str, style: str,
           hyphenate: bool) -> tuple[Line, ...]:
    return tuple(break_lines(spans, size, width, lang=lang, family=family, base_style=style, hyphenate=hyphenate))


@lru_cache(maxsize=4096)
def _line(words: str, size: float, lang: str, family: str, style: str) -> Line:
    return single_line(words, size, lang=lang, family=family, style=style)


@record
class Slot:
    """A region placed on a face: its outer and inner (padded) rectangles."""

    face: int
    region: Region
    optional: bool
    outer: tuple[float, float, float, float]
    inner: tuple[float, float, float, float]
    edge: tuple[float, float, float, float]  # the panel (or the whole face) the region sits on


@record
class Measured:
    """An item set at one scale in one width."""

    item: Item
    height: float
    space_before: float
    lines: tuple[Line, ...] = ()
    size: float = 0.0
    indent: float = 0.0
    prefix: Line | None = None
    drop: float = 0.0  # from the item's top to its first baseline
    picture: tuple[float, float] = (0.0, 0.0)  # a picture's or step picture's width and height as set
    parts: tuple[Measured, ...] = ()  # a figure row's captions, each set in its column


class Overflow(Exception):
    """An item that did not fit the slots it was given."""

    def __init__(self, item: Item) -> None:
        super().__init__(item)
        self.item = item


def _scaled(item: TextItem, scale: float) -> float:
    return max(item.style.min_size, item.style.size * scale)


def half_leading(metrics: tuple[float, float], size: float, line_h: float) -> float:
    """Space above and below the glyph box (ascent to descent) in a line; negative when the leading is tight."""
    ascent, descent = metrics
    return (line_h - (ascent - descent) * size) / 2


def measure(item: Item, scale: float, width: float, setter: Setter, last_try: bool = True) -> Measured:
    """Set an item at a scale in a width (text is broken into lines; sizes never go below min_size).

    Until the last try (the floor scale), text that fits only by cutting a word between letters does not fit:
    a title shrinks until its longest word fits a line rather than breaking inside it.
    """
    if isinstance(item, TextItem):
        size = _scaled(item, scale)
        indent, prefix = 0.0, None
        if item.prefix:
            prefix = setter.line(item.prefix, item.style.font, size)
            widest = setter.line(item.widest_prefix, item.style.font, size)
            indent = max(widest.width + size * PREFIX_GAP, size * 1.1)
        picture = (0.0, 0.0)
        if item.picture_size:  # a step's picture (or its room) sits between its number and its text
            pw = item.picture_size * scale
            picture = (pw, pw * item.picture.aspect if item.picture is not None else 0.0)
            indent += pw + size * PICTURE_GAP
        # Titles and headings are read at a glance: never hyphenated.
        display = item.style.name in DISPLAY_STYLES or item.style.size >= DISPLAY_SIZE
        if width - indent < size * 4:  # no room for text beside the picture: the layout's pictures are too wide
            return Measured(item, float("inf"), 0.0)
        lines = tuple(setter.lines(item.spans, item.style.font, size, width - indent, hyphenate=not display))
        if display and len(lines) > 1 and _lone_word(lines[-1]):
            lines = _balanced_lines(item, setter, size, width - indent, lines)
        line_h = size * item.style.leading
        # Each baseline sits where the face's ascent-to-descent box is centred in its line; where tight leading
        # or tall marks put the box outside the item, the first baseline moves down and the item grows, so no
        # glyph leaves its region. Most fonts declare a box close to their letters, and that box is kept inside;
        # fonts for scripts with stacked marks declare far more (Noto Sans Arabic: 1.37 em up, 0.74 down), which
        # would leave almost a blank line under every Arabic bullet: for those the lines' own ink decides.
        metrics = setter.metrics(item.style.font)
        drop = half_leading(metrics, size, line_h) + metrics[0] * size
        if metrics[0] - metrics[1] <= TALL_BOX:
            top_ink, bottom_ink = metrics[0] * size, -metrics[1] * size
        else:
            top_ink = max(line_ink(lines[0])[0], line_ink(prefix)[0] if prefix else 0.0) if lines else 0.0
            bottom_ink = -line_ink(lines[-1])[1] if lines else 0.0
        drop = max(drop, top_ink)
        # The last line takes its slot, or more where its ink reaches under it.
        height = (len(lines) - 1) * line_h + max(line_h, drop + bottom_ink) if lines else 0.0
        if not last_try and any(line.cut for line in lines):
            height = float("inf")
        height = max(height, picture[1])
        return Measured(item, height + item.style.space_after * scale, item.style.space_before * scale, lines, size,
                        indent, prefix, drop, picture)
    if isinstance(item, PictureItem):
        factor = scale if item.scales else 1.0
        w = min(item.width * factor, item.height * factor / item.picture.aspect)
        fitted = min(w, width)
        if fitted < w * MIN_PICTURE:  # squeezed below 60% of its size by a narrow region: not fit to print
            return Measured(item, float("inf"), 0.0)
        return Measured(item, fitted * item.picture.aspect, 4.0 * scale, picture=(fitted, fitted * item.picture.aspect))
    if isinstance(item, FigureRowItem):  # side by side; in a narrow column, two (or one) to a row
        n = len(item.figures)
        columns = max(1, min(n, int((width + FIGURE_GAP) // (MIN_FIGURE_COLUMN + FIGURE_GAP))))
        if 1 < columns < n and n % columns:
            columns = max(c for c in range(1, columns + 1) if n % c == 0)  # even rows: 4 -> 2 x 2, not 3 + 1
        column = (width - FIGURE_GAP * (columns - 1)) / columns
        w = min(item.size * scale, column)
        if w < item.size * scale * MIN_PICTURE:
            return Measured(item, float("inf"), 0.0)
        parts = tuple(measure(caption, scale, column, setter, last_try) for _, caption in item.figures)
        height = sum(figure_row_height(item, parts, w, r, columns) for r in range(0, n, columns))
        height += FIGURE_GAP * (-(-n // columns) - 1)
        return Measured(item, height, 6.0 * scale, picture=(w, float(columns)), parts=parts)
    if isinstance(item, WriteInItem):
        return Measured(item, item.height, 6.0 * scale)
    if isinstance(item, QrItem):
        return Measured(item, item.size if item.size <= width + 1e-6 else float("inf"), 4.0 * scale)
    if isinstance(item, RuleItem):
        return Measured(item, RULE_HEIGHT * scale, 0.0)
    return Measured(item, item.height * scale, 0.0)


def _lone_word(line: Line) -> bool:
    """A last line that is one word of a text set with spaces ("opioid / overdose")."""
    text = line.text.strip()
    return bool(text) and " " not in text and len(text) < 16 and not any("\u3000" <= c <= "\u9fff" for c in text)


def _balanced_lines(item: TextItem, setter: Setter, size: float, width: float,
                    lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """A title or heading broken in the same number of lines, narrower, so its last line is not one word alone."""
    for step in range(1, 7):
        tried = tuple(setter.lines(item.spans, item.style.font, size, width * (1 - 0.05 * step), hyphenate=False))
        if len(tried) > len(lines):
            break
        if not _lone_word(tried[-1]) and not any(line.cut for line in tried):
            return tried
    return lines


def figure_row_height(item: FigureRowItem, parts: tuple[Measured, ...], w: float, first: int, columns: int) -> float:
    """The height of the row of figures that starts at index first: its tallest picture and longest caption."""
    row = range(first, min(first + columns, len(item.figures)))
    return (max(w * item.figures[k][0].aspect for k in row) + FIGURE_CAPTION_GAP
            + max(parts[k].height for k in row))


class Memo:
    """What one fit has measured: each item set at a (scale, width), and where each keep-together group ends.

    fill runs many times per flow (shrinking, growing, balancing columns) over the same items, so what does not
    change between tries is worked out once.
    """

    def __init__(self, items: list[Item]) -> None:
        self.sets: dict[tuple[float, float], list[Measured | None]] = {}
        n = len(items)
        self.ends = [0] * n  # the last index of the group that starts at i (a heading keeps with what follows)
        for i in range(n - 1, -1, -1):
            keeps = i + 1 < n and getattr(items[i], "keep_with_next", False)
            self.ends[i] = self.ends[i + 1] if keeps else i

    def row(self, scale: float, width: float, n: int) -> list[Measured | None]:
        """The items measured so far at this scale and width (None where not yet)."""
        row = self.sets.get((scale, width))
        if row is None:
            row = self.sets[(scale, width)] = [None] * n
        return row


def fill(slots: list[Slot], items: list[Item], scale: float, setter: Setter,
         memo: Memo, floor: float = 0.0) -> list[list[Measured]]:
    """Place items top-down through the slots in order; a heading stays with what follows it."""
    placed: list[list[Measured]] = [[] for _ in slots]
    si, used, i = 0, 0.0, 0
    n = len(items)
    last_try = scale <= floor + 1e-9
    while i < n:
        if isinstance(items[i], MoveItem):
            if si < len(slots) - 1:
                si, used = len(slots) - 1, 0.0
            i += 1
            continue
        group = list(range(i, memo.ends[i] + 1))
        while True:
            if si >= len(slots):
                raise Overflow(items[i])
            width, height = slots[si].inner[2], slots[si].inner[3]
            row = memo.row(scale, width, n)
            ms = []
            for j in group:  # the same item comes back on every try: set it once per (scale, width)
                m = row[j]
                if m is None:
                    m = row[j] = measure(items[j], scale, width, setter, last_try)
                ms.append(m)
            need = 0.0
            for k, m in enumerate(ms):
                need += m.height + (m.space_before if (k or used) else 0.0)
            if used + need <= height + 1e-6:
                placed[si].extend(ms)
                used += need
                break
            keep = _essential(items, group)
            if len(group) > keep and (used == 0.0 or (height - used > HOLE * height and not any(
                    isinstance(items[j], FigureRowItem) for j in group))):
                # Kept together but taller than a whole slot, or moving it on would leave this one a hole: as much
                # of it as fits here, never less than a heading, its lead-in and the list's first item. A set of
                # figures is not split to fill a hole (its pictures are read side by side, as one chart).
                fits = _fitting(ms, used, height)
                take = max(fits, keep) if used == 0.0 else (fits if fits >= keep else 0)
                if keep <= take < len(group):
                    group = group[:take]
                    continue
            if used == 0.0 and si == len(slots) - 1:
                raise Overflow(items[group[-1]] if len(group) > 1 and ms[0].height <= height else items[i])
            si, used = si + 1, 0.0
        i = group[-1] + 1
    return placed


def stacked(ms: list[Measured]) -> float:
    """The height items placed one under another take in a region (the first one's space before is not kept)."""
    return sum(m.height + (m.space_before if k else 0.0) for k, m in enumerate(ms))


def _fitting(ms: list[Measured], used: float, height: float) -> int:
    """How many of a group's measured items, in order, fit under what a slot already holds."""
    for k, m in enumerate(ms):
        used += m.height + (m.space_before if (k or used) else 0.0)
        if used > height + 1e-6:
            return k
    return len(ms)


def _essential(items: list[Item], group: list[int]) -> int:
    """How much of a keep-together group must not be split: up to and including the first list item or figure
    row (a heading never ends a page, a lead-in never leaves its list), at least two items."""
    for k, index in enumerate(group):
        item = items[index]
        if isinstance(item, FigureRowItem) or (isinstance(item, TextItem) and item.prefix):
            return max(k + 1, 2)
    return 2


def fit(slots: list[Slot], items: list[Item], setter: Setter, grow: float = 1.0,
        allowed: Callable[[int], int] | None = None) -> tuple[list[list[Measured]], list[Slot]]:
    """Fit items at full size (first without optional faces), then shrink step by step to the floor; where the
    layout lets type grow, grow it while the flow keeps its number of pages, so its last page is not left empty."""
    memo = Memo(items)
    texts = [it for it in items if isinstance(it, TextItem)]
    floor = max((t.style.min_size / t.style.size for t in texts), default=1.0)
    required = [s for s in slots if not s.optional]
    for candidate in ([required, slots] if len(required) < len(slots) else [slots]):
        if candidate:
            try:
                placed = fill(candidate, items, 1.0, setter, memo, floor)
            except Overflow:
                continue
            placed, scale = _grown(candidate, items, setter, memo, placed, grow, allowed)
            return _balanced(candidate, items, setter, memo, placed, scale, floor), candidate
    scale = 1.0
    while True:
        scale = max(scale * SHRINK_STEP, floor)
        try:
            placed = fill(slots, items, scale, setter, memo, floor)
        except Overflow:
            if scale <= floor:
                raise
            continue
        return _balanced(slots, items, setter, memo, placed, scale, floor), slots


def _balanced(slots: list[Slot], items: list[Item], setter: Setter, memo: Memo, placed: list[list[Measured]],
              scale: float, floor: float) -> list[list[Measured]]:
    """On a flow's last page of several columns, columns of even length rather than one full and one empty."""
    used = [i for i, ms in enumerate(placed) if ms]
    if not used:
        return placed
    face = slots[used[-1]].face
    columns = [i for i in range(len(slots)) if slots[i].face == face]
    if len(columns) < 2 or any(slots[i].inner[3] != slots[columns[0]].inner[3] for i in columns):
        return placed
    full = slots[columns[0]].inner[3]
    low, high, best = 0.0, full, placed
    for _ in range(BALANCE_TRIES):  # the shortest column height at which everything still fits on this page
        mid = (low + high) / 2
        shorter = [replace(s, inner=(s.inner[0], s.inner[1] + s.inner[3] - mid, s.inner[2], mid))
                   if i in columns else s for i, s in enumerate(slots)]
        try:
            tried = fill(shorter, items, scale, setter, memo, floor)
        except Overflow:
            low = mid
            continue
        if _pages(slots, tried) != _pages(slots, placed) or (not tried[columns[-1]] and not placed[columns[-1]]):
            low = mid
            continue
        high, best = mid, tried
    return best


def _pages(slots: list[Slot], placed: list[list[Measured]]) -> int:
    """How many faces (pages) the placed items reach."""
    return len({slots[i].face for i, ms in enumerate(placed) if ms})


def _last_fill(slots: list[Slot], placed: list[list[Measured]]) -> float:
    """How full the last page the items reach is (its flow regions together), 0..1."""
    used = [i for i, ms in enumerate(placed) if ms]
    if not used:
        return 1.0
    face = slots[used[-1]].face
    on_face = [i for i in range(len(slots)) if slots[i].face == face]
    room = sum(slots[i].inner[3] for i in on_face)
    used = sum(stacked(placed[i]) for i in on_face)
    return used / room if room else 1.0


def _holes(slots: list[Slot], placed: list[list[Measured]]) -> int:
    """How many regions of a flow, before its last page, are left emptier than HOLE at their foot."""
    used = [i for i, ms in enumerate(placed) if ms]
    if not used:
        return 0
    last = slots[used[-1]].face
    return sum(1 for i in used if slots[i].face != last and stacked(placed[i]) < (1 - HOLE) * slots[i].inner[3])


def _grown(slots: list[Slot], items: list[Item], setter: Setter, memo: Memo, placed: list[list[Measured]],
           grow: float, allowed: Callable[[int], int] | None) -> tuple[list[list[Measured]], float]:
    """Where a flow's last page is nearly empty, or a page before it is left with a hole, the type size (from a
    little smaller up to grow) that fills it.

    A flow may reach no more pages than it prints anyway (for a booklet, those its padding to a multiple of four
    adds: notes pages become text). Among those sizes: the last page filled past FILL first, then the fewest
    pages with a hole (a half-empty page mid-booklet looks broken; a notes page is designed), then the fewest
    blank pages left, then the largest type.
    """
    pages = _pages(slots, placed)
    most = (allowed or (lambda n: n))(pages)
    settled = _last_fill(slots, placed) >= FILL and most - pages <= 1
    holes = _holes(slots, placed) if pages > 1 else 0
    if grow <= 1.0 or pages < 2 or (settled and not holes):
        return placed, 1.0
    best, best_key = placed, (settled, -holes, -(most - pages), 1.0)
    # Where the last page is fine and only a hole is to be closed, the size nearest the layout's that closes it:
    # each try sets every paragraph at a new size, so a hole that a few steps do not close is left (as are the
    # tries' costs: about 15 ms a try for a fact sheet).
    tries = HOLE_TRIES if settled else GROW_TRIES
    scale = 1.0
    for direction in (GROW_STEP, 1 / GROW_STEP):
        scale = 1.0
        for _ in range(tries):
            scale *= direction
            if scale > grow + 1e-9 or scale < SMALLEST_BALANCE:
                break
            try:
                tried = fill(slots, items, scale, setter, memo)
            except Overflow:
                break
            reached = _pages(slots, tried)
            if reached > most:
                break
            key = (_last_fill(slots, tried) >= FILL, -_holes(slots, tried), -(most - reached), scale)
            if key > best_key:
                best, best_key = tried, key
                if settled and key[0] and not key[1]:
                    return best, scale
        if best_key[0] and not best_key[1]:
            break
    return best, best_key[3]
