"""Stage 4, compose: fill every region of every face with measured items; overflow and missing glyphs fail here."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from . import qr, trust
from .errors import InputError, LayoutError, Loc, Problem
from .items import (
    FigureRowItem,
    Item,
    ItemBuilder,
    MoveItem,
    PictureItem,
    QrItem,
    RuleItem,
    TextItem,
    WriteInItem,
)
from .markup import Span
from .models import Job, Region
from .pictures import BITMAP_ERROR_PPI, Picture, ppi
from .plan import BoxOp, FacePlan, LineOp, Op, PagePlan, PictureOp, QrOp, RectOp, RegionDump, StampOp, TextOp
from .text import FontNotInstalled, Line, MissingGlyph, break_lines, face_metrics, language, line_ink, single_line

SHRINK_STEP = 0.95  # each try sets text 5% smaller, down to every style's min_size
GROW_STEP = 1.04  # each try at filling a flow's last page sets text 4% larger (or smaller)
GROW_TRIES = 12  # tries each way
SMALLEST_BALANCE = 0.88  # balancing never sets text smaller than this (shrinking to fit goes further, to min_size)
BALANCE_TRIES = 10  # halvings when evening out the columns of a last page
FILL = 0.4  # a flow's last page filled less than this looks unfinished (check warns: W606)
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
_LOGICAL_ALIGN = {"left": "start", "right": "end", "center": "center"}


@dataclass(frozen=True)
class Setter:
    """How one document sets text: its language (script, direction, font stack) and the layout's Latin family."""

    lang: str
    family: str

    @property
    def rtl(self) -> bool:
        """Whether the document reads right to left."""
        return language(self.lang).rtl

    def lines(self, spans: tuple[Span, ...], style: str, size: float, width: float,
              hyphenate: bool = True) -> list[Line]:
        """Spans broken into lines no wider than width (raises MissingGlyph or FontNotInstalled)."""
        return break_lines(spans, size, width, lang=self.lang, family=self.family, base_style=style,
                           hyphenate=hyphenate)

    def line(self, words: str, style: str, size: float) -> Line:
        """One unbroken line (a bullet, a step number, a stamp)."""
        return single_line(words, size, lang=self.lang, family=self.family, style=style)

    def metrics(self, style: str) -> tuple[float, float]:
        """Ascent and descent (negative) per em of the face that sets this language's own script."""
        return face_metrics(self.lang, self.family, style)


@dataclass(frozen=True)
class Slot:
    """A region placed on a face: its outer and inner (padded) rectangles."""

    face: int
    region: Region
    optional: bool
    outer: tuple[float, float, float, float]
    inner: tuple[float, float, float, float]
    edge: tuple[float, float, float, float]  # the panel (or the whole face) the region sits on


@dataclass(frozen=True)
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
        height = sum(_figure_row_height(item, parts, w, r, columns) for r in range(0, n, columns))
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


def _figure_row_height(item: FigureRowItem, parts: tuple[Measured, ...], w: float, first: int, columns: int) -> float:
    """The height of the row of figures that starts at index first: its tallest picture and longest caption."""
    row = range(first, min(first + columns, len(item.figures)))
    return (max(w * item.figures[k][0].aspect for k in row) + FIGURE_CAPTION_GAP
            + max(parts[k].height for k in row))


Memo = dict[tuple[int, float, float], Measured]


def fill(slots: list[Slot], items: list[Item], scale: float, setter: Setter,
         memo: Memo, floor: float = 0.0) -> list[list[Measured]]:
    """Place items top-down through the slots in order; a heading stays with what follows it."""
    placed: list[list[Measured]] = [[] for _ in slots]
    si, used, i = 0, 0.0, 0
    while i < len(items):
        if isinstance(items[i], MoveItem):
            if si < len(slots) - 1:
                si, used = len(slots) - 1, 0.0
            i += 1
            continue
        group = _group(items, i)
        while True:
            if si >= len(slots):
                raise Overflow(items[i])
            width, height = slots[si].inner[2], slots[si].inner[3]
            for j in group:  # the same item comes back on every try: set it once per (scale, width)
                if (j, scale, width) not in memo:
                    memo[(j, scale, width)] = measure(items[j], scale, width, setter, scale <= floor + 1e-9)
            ms = [memo[(j, scale, width)] for j in group]
            need = sum(m.height + (m.space_before if (k or used) else 0.0) for k, m in enumerate(ms))
            if used + need <= height + 1e-6:
                placed[si].extend(ms)
                used += need
                break
            if used == 0.0 and len(group) > 1 and len(group) > _essential(items, group):
                # Kept together but taller than a whole slot: keep a heading, its lead-in and the list's first item.
                group = group[:_essential(items, group)]
                continue
            if used == 0.0 and si == len(slots) - 1:
                raise Overflow(items[group[-1]] if len(group) > 1 and ms[0].height <= height else items[i])
            si, used = si + 1, 0.0
        i = group[-1] + 1
    return placed


def _group(items: list[Item], i: int) -> list[int]:
    """Item i and those it keeps with: a heading with its lead-in and the first item of its list."""
    j = i
    while j + 1 < len(items) and getattr(items[j], "keep_with_next", False):
        j += 1
    return list(range(i, j + 1))


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
    memo: Memo = {}
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
    used = sum(m.height + (m.space_before if k else 0.0) for i in on_face for k, m in enumerate(placed[i]))
    return used / room if room else 1.0


def _grown(slots: list[Slot], items: list[Item], setter: Setter, memo: Memo, placed: list[list[Measured]],
           grow: float, allowed: Callable[[int], int] | None) -> tuple[list[list[Measured]], float]:
    """Where a flow's last page is nearly empty, the type size (from a little smaller up to grow) that fills it.

    A flow may reach no more pages than it prints anyway (for a booklet, those its padding to a multiple of four
    adds: notes pages become text). Among those sizes: the last page filled past FILL first, then the fewest
    blank pages left, then the largest type.
    """
    pages = _pages(slots, placed)
    most = (allowed or (lambda n: n))(pages)
    if grow <= 1.0 or pages < 2 or (_last_fill(slots, placed) >= FILL and most - pages <= 1):
        return placed, 1.0
    best, best_key = placed, (False, -(most - pages), 1.0)
    scale = 1.0
    for direction in (GROW_STEP, 1 / GROW_STEP):
        scale = 1.0
        for _ in range(GROW_TRIES):
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
            key = (_last_fill(slots, tried) >= FILL, -(most - reached), scale)
            if key > best_key:
                best, best_key = tried, key
        if best_key[0]:
            break
    return best, best_key[2]


class Composer:
    """Composes one job into a PagePlan."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.layout = job.layout
        self.setter = Setter(job.topic.lang, job.layout.font_family)
        self.builder = ItemBuilder(job)
        self.problems: list[Problem] = []  # found while placing (a bitmap printed too coarse)

    def colour(self, name: str) -> str:
        """A layout colour with brand.* replaced by the local profile's colour."""
        if name.startswith("brand."):
            return self.job.profile.brand[name[len("brand."):]]
        return name

    @property
    def mirrored(self) -> bool:
        """Whether this document is the layout's mirror image (right-to-left text in a layout that mirrors)."""
        return self.setter.rtl and self.layout.mirror == "full"

    def panel_widths(self, face_index: int) -> tuple[float, ...]:
        """A folded face's panel widths, left to right (the inside is the outside reversed; mirrored, both are)."""
        face = self.layout.faces[face_index]
        widths = self.layout.panels.get(self.job.size, ())
        widths = tuple(reversed(widths)) if face.panels == "inside" else widths if face.panels else ()
        return tuple(reversed(widths)) if self.mirrored else widths

    def slots(self) -> list[Slot]:
        """Every region of every face with its rectangles on the trim (boxes are fractions of the safe area)."""
        w, h = self.job.trim
        s = self.layout.safe
        out = []
        for fi, face in enumerate(self.layout.faces):
            widths = self.panel_widths(fi)
            for region in face.regions:
                panel = region.panel
                if panel is not None and self.mirrored:  # the layout's panel 0 is the rightmost
                    panel = len(widths) - 1 - panel
                # Each panel keeps its own safe margin, away from the folds.
                edge = (sum(widths[:panel]), 0.0, widths[panel], h) if panel is not None else (0.0, 0.0, w, h)
                ax, ay, aw, ah = edge[0] + s, s, edge[2] - 2 * s, h - 2 * s
                bx, by, bw, bh = region.box
                if self.mirrored:  # a box's distance from the left edge becomes its distance from the right
                    bx = 1.0 - bx - bw
                outer = (ax + bx * aw, ay + ah - (by + bh) * ah, bw * aw, bh * ah)
                p = region.padding
                inner = (outer[0] + p, outer[1] + p, outer[2] - 2 * p, outer[3] - 2 * p)
                out.append(Slot(fi, region, face.optional, outer, inner, edge))
        return out

    def padded_pages(self, chain: list[Slot]) -> Callable[[int], int] | None:
        """For a booklet's flow: pages it may fill, given those its padding to a multiple would print anyway."""
        if not self.layout.pages:
            return None
        low, _, multiple = self.layout.pages
        own = {slot.face for slot in chain}
        fixed = len({i for i, face in enumerate(self.layout.faces) if not face.optional and i not in own})
        return lambda pages: min(len(own), max(low, -(-(fixed + pages) // multiple) * multiple) - fixed)

    def page_order(self, used: set[int]) -> list[int]:
        """The faces to print, in order; a booklet is padded with its notes face to a multiple of pages."""
        order = [fi for fi in range(len(self.layout.faces)) if fi in used]
        if not self.layout.pages or not self.layout.pad_face:
            return order
        low, high, multiple = self.layout.pages
        pad = next(i for i, f in enumerate(self.layout.faces) if f.name == self.layout.pad_face)
        target = max(low, -(-len(order) // multiple) * multiple)
        if target > high:
            raise LayoutError([Problem(Loc(self.job.topic.path), f"needs {len(order)} pages in layout "
                                                                 f"'{self.layout.name}', more than its {high}; "
                                                                 "shorten the sections", "E104")])
        return order[:-1] + [pad] * (target - len(order)) + order[-1:]

    def chains(self, slots: list[Slot]) -> list[tuple[list[Slot], list[Item]]]:
        """Group slots into flows (regions sharing a flow name) and build each flow's items in order."""
        groups: dict[str, list[Slot]] = {}
        for i, slot in enumerate(slots):
            groups.setdefault(slot.region.flow or f"#{i}", []).append(slot)
        out = []
        for chain in groups.values():
            items = [it for slot in chain for block in slot.region.blocks for it in self.builder.build(block)]
            out.append((chain, items))
        return out

    def compose(self) -> PagePlan:
        """Fill every flow; raise LayoutError naming the region for content that cannot fit."""
        slots = self.slots()
        cramped = [self.cramped(slot) for slot in slots if min(slot.inner[2:]) < MIN_ROOM]
        if cramped:  # the layout's numbers are at fault, not the content: say so
            raise LayoutError(cramped)
        chains = self.chains(slots)
        if self.builder.problems:
            raise InputError(self.builder.problems)
        placed: dict[int, list[Measured]] = {}
        used_faces = {s.face for s in slots if not s.optional}
        for chain, items in chains:
            try:
                result, used_slots = fit(chain, items, self.setter, self.layout.grow, self.padded_pages(chain))
            except Overflow as exc:
                raise self.overflow(chain[-1], exc.item) from None
            except (MissingGlyph, FontNotInstalled) as exc:
                raise self.missing(exc) from None
            for slot, measured in zip(used_slots, result, strict=True):
                placed[id(slot)] = measured
                if measured and slot.region.flow:  # only a flow reaching an optional face brings it in
                    used_faces.add(slot.face)
        faces = []
        for fi in self.page_order(used_faces):
            face = self.layout.faces[fi]
            ops: list[Op] = []
            if face.background:
                b = self.layout.bleed
                ops.append(RectOp((-b, -b, self.job.trim[0] + 2 * b, self.job.trim[1] + 2 * b),
                                  self.colour(face.background)))
            dumps = []
            for slot in (s for s in slots if s.face == fi):
                measured = placed.get(id(slot), [])
                lines = self.draw_slot(slot, measured, ops)
                used = sum(m.height + (m.space_before if i else 0.0) for i, m in enumerate(measured))
                last = measured[-1].item if measured else None
                dumps.append(RegionDump(slot.region.name, slot.outer, tuple(lines), slot.region.flow, used,
                                        slot.inner[3], isinstance(last, TextItem) and last.style.name == "heading"))
            if self.job.profile.placeholders:  # only the built-in sample gets this far with example details
                ops.append(self.stamp())
            widths = self.panel_widths(fi)
            folds = tuple(sum(widths[: i + 1]) for i in range(len(widths) - 1))
            faces.append(FacePlan(face.name, *self.job.trim, self.layout.bleed, tuple(ops), tuple(dumps), folds))
        if self.problems:
            raise InputError(self.problems)
        return PagePlan(self.job.topic.title.source, tuple(faces), self.setter.rtl)

    # ---- drawing operations -------------------------------------------------------------------------
    def draw_slot(self, slot: Slot, measured: list[Measured], ops: list[Op]) -> list[str]:
        """Append the operations of one region; return its text lines for the dump."""
        region = slot.region
        if region.bleed and region.background:
            ops.append(RectOp(self.bled(slot.edge), self.colour(region.background)))
        elif region.background or region.border:
            ops.append(RectOp(slot.outer, self.colour(region.background) if region.background else None,
                              self.colour(region.border) if region.border else None, 0.75 if region.border else 0))
        x0, y0, width, height = slot.inner
        total = sum(m.height + (m.space_before if i else 0.0) for i, m in enumerate(measured))
        top = y0 + height - {"top": 0.0, "middle": (height - total) / 2, "bottom": height - total}[region.valign]
        text: list[str] = []
        for i, m in enumerate(measured):
            top -= m.space_before if i else 0.0
            self.draw_item(m, x0, top, width, ops, text)
            top -= m.height
        return text

    def bled(self, rect: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """A rectangle grown into the bleed on every side where it touches the trim."""
        x, y, w, h = rect
        b, (tw, th) = self.layout.bleed, self.job.trim
        x0 = x - b if x <= 0.01 else x
        y0 = y - b if y <= 0.01 else y
        x1 = x + w + b if x + w >= tw - 0.01 else x + w
        y1 = y + h + b if y + h >= th - 0.01 else y + h
        return x0, y0, x1 - x0, y1 - y0

    def draw_item(self, m: Measured, x0: float, top: float, width: float, ops: list[Op], text: list[str]) -> None:
        """Append the operations of one measured item whose top edge is at top."""
        item = m.item
        if isinstance(item, TextItem):
            style, size = item.style, m.size
            colour = self.colour(style.color)
            line_h = size * style.leading
            rtl = self.setter.rtl
            room = width - m.indent
            # The text column sits after the prefix in reading order: to its right, or to its left in RTL.
            column = x0 if rtl else x0 + m.indent
            align = _LOGICAL_ALIGN[style.align]
            if item.picture is not None:  # after the step number, before the text, in reading order
                pw, ph = m.picture
                gap = m.size * PICTURE_GAP
                px = x0 + room + gap if rtl else x0 + m.indent - gap - pw
                self.picture_op(item.picture, (px, top - ph, pw, ph), item.loc, ops, text)
            for li, line in enumerate(m.lines):
                base = top - li * line_h - m.drop
                if li == 0 and m.prefix is not None:
                    px = x0 + width - m.prefix.width if rtl else x0
                    ops.append(TextOp(px, base, m.prefix, colour))
                ops.append(TextOp(column + line.offset(room, align), base, line, colour))
                text.append(f"{item.prefix} {line.text}" if li == 0 and item.prefix else line.text)
        elif isinstance(item, QrItem):
            x = x0 + (width - item.size) / 2
            ops.append(QrOp((x, top - item.size, item.size, item.size), qr.matrix(item.url), qr.QUIET_ZONE,
                            self.colour("brand.ink"), "#FFFFFF", item.url, item.loc))
            text.append(f"[QR {item.url}]")
        elif isinstance(item, RuleItem):
            y = top - m.height / 2
            ops.append(LineOp(x0, y, x0 + width, y, 1.0, self.colour(item.color)))
        elif isinstance(item, PictureItem):
            pw, ph = m.picture
            align = {"left": "right", "right": "left"}.get(item.align, item.align) if self.mirrored else item.align
            px = {"left": x0, "center": x0 + (width - pw) / 2, "right": x0 + width - pw}[align]
            self.picture_op(item.picture, (px, top - ph, pw, ph), item.loc, ops, text, item.inks)
        elif isinstance(item, FigureRowItem):
            pw, columns = m.picture[0], int(m.picture[1])
            n = len(item.figures)
            column = (width - FIGURE_GAP * (columns - 1)) / columns
            for first in range(0, n, columns):
                row = list(range(first, min(first + columns, n)))
                tallest = max(pw * item.figures[k][0].aspect for k in row)
                for place, fi in enumerate(row):
                    # Right to left: the first figure of a row on the right.
                    at = columns - 1 - place if self.setter.rtl else place
                    picture = item.figures[fi][0]
                    cx = x0 + at * (column + FIGURE_GAP) + column / 2
                    ph = pw * picture.aspect
                    self.picture_op(picture, (cx - pw / 2, top - tallest + (tallest - ph) / 2, pw, ph), item.loc,
                                    ops, text)
                    self.draw_item(m.parts[fi], cx - column / 2, top - tallest - FIGURE_CAPTION_GAP, column, ops,
                                   text)
                top -= _figure_row_height(item, m.parts, pw, first, columns) + FIGURE_GAP
        elif isinstance(item, WriteInItem):
            colour = self.colour(item.color)
            spacing = 22.0  # handwriting needs about 8 mm a line
            rules = tuple(top - item.height + spacing * k for k in range(1, int(item.height // spacing)))
            ops.append(BoxOp((x0, top - item.height, width, item.height), colour, rules))
            text.append("[write-in box]")

    def picture_op(self, picture: Picture, rect: tuple[float, float, float, float], loc: Loc, ops: list[Op],
                   text: list[str], inks: tuple[str, str] = ("brand.ink", "#C8102E")) -> None:
        """A picture's drawing operation; a bitmap that would print under 150 ppi is an error (E108)."""
        found = ppi(picture, rect[2])
        if found is not None and found < BITMAP_ERROR_PPI:
            self.problems.append(Problem(loc, f"'{picture.ref}' is {picture.width:.0f} x {picture.height:.0f} pixels "
                                              f"and prints {rect[2] / 72:.2f} in wide here, only {found:.0f} ppi; "
                                              f"use a file with at least {BITMAP_ERROR_PPI} ppi (300 for print "
                                              f"shops), or an SVG", "E108"))
        alt = picture.alt_text(self.job.topic.lang)
        ops.append(PictureOp(rect, picture, self.colour(inks[0]), self.colour(inks[1]), alt, loc))
        text.append(f"[picture {picture.ref}]")

    def stamp(self) -> StampOp:
        """'SAMPLE' across the face, as large as fits inside the safe area at 30 degrees."""
        word = self.job.labels.words.get("sample", "SAMPLE")
        (w, h), safe = self.job.trim, self.layout.safe
        angle = math.radians(30)
        ascent = self.setter.metrics("bold")[0]
        across = self.setter.line(word, "bold", 1.0).width  # at 1 pt
        # The rotated word's bounding box (width x ascent) must fit the safe area.
        size = min((w - 2 * safe) / (across * math.cos(angle) + ascent * math.sin(angle)),
                   (h - 2 * safe) / (across * math.sin(angle) + ascent * math.cos(angle))) * 0.9
        return StampOp(self.setter.line(word, "bold", size), w / 2, h / 2, size, 30.0, "#C8102E")

    # ---- errors -------------------------------------------------------------------------------------
    def overflow(self, slot: Slot, item: Item) -> LayoutError:
        """The error for content that does not fit even at the floor sizes."""
        floor = f" (at {item.style.name} {item.style.min_size:g} pt)" if isinstance(item, TextItem) else ""
        r = slot.region.loc
        where = (f"region '{slot.region.name}' of layout '{self.layout.name}', size {self.job.size} "
                 f"({r.path}:{r.line}:{r.col})")
        what = {QrItem: "QR code", PictureItem: "picture", FigureRowItem: "row of pictures",
                WriteInItem: "write-in box"}.get(type(item), "text")
        if isinstance(item, TextItem) and item.picture is not None:
            what = "step with its picture"
        return LayoutError([Problem(item.loc, f"this {what} does not fit in {where} even at the smallest "
                                              f"allowed size{floor}; shorten the content or choose a larger size",
                                    "E104")])

    def cramped(self, slot: Slot) -> Problem:
        """The error for a region the layout leaves (almost) no room in: a padding or safe margin too large."""
        region, (_, _, w, h) = slot.region, slot.inner
        room = f"{max(w, 0):.0f} x {max(h, 0):.0f} pt"
        return Problem(region.loc, f"region '{region.name}' of layout '{self.layout.name}', size {self.job.size}, "
                                   f"has {room} inside its padding ({region.padding:g} pt) and the safe margin "
                                   f"({self.layout.safe:g} pt); reduce the padding or the safe margin, or enlarge "
                                   "the box", "E104")

    def missing(self, exc: MissingGlyph | FontNotInstalled) -> LayoutError:
        """The error for a character no font can draw, at the file that holds it (the profile's line if there)."""
        ch = exc.char
        if isinstance(exc, FontNotInstalled):
            fix = f"needs a font that is not installed; install it with: {exc.install}"
        else:
            tried = exc.fonts[0] + (f" and {len(exc.fonts) - 1} fallback fonts" if len(exc.fonts) > 1 else "")
            fix = (f"is in no installed font for '{self.job.topic.lang}' (tried {tried}); remove it or replace it "
                   "with a character those fonts have")
        for item in self._all_text_items():
            words = "".join(s.text for s in item.spans)
            if ch not in words and ch not in item.prefix:
                continue
            profile = self.job.profile
            for key, value in profile.fields.items():  # a local detail inserted by a placeholder: blame the profile
                values = value if isinstance(value, list) else [value]
                if any(ch in v and v in words for v in values):
                    where = next(v for v in values if ch in v)
                    return LayoutError([Problem(profile.locs[key], f"the character {shown(ch)} in "
                                                                   f"\"{around(where, ch)}\" {fix}", "E105")])
            return LayoutError([Problem(item.loc, f"the character {shown(ch)} in \"{around(words, ch)}\" {fix}",
                                        "E105")])
        return LayoutError([Problem(Loc(self.layout.path), f"the character {shown(ch)} {fix}", "E105")])

    def _all_text_items(self) -> list[TextItem]:
        slots = self.slots()
        return [it for _, items in self.chains(slots) for it in items if isinstance(it, TextItem)]


def shown(ch: str) -> str:
    """A character as a message shows it: itself (if printable) and its code point and name."""
    visible = f"'{ch}' " if ch.isprintable() else ""
    return f"{visible}({trust.shown(ch)})"


def around(text: str, ch: str, reach: int = 30) -> str:
    """The text around the first ch, never cut before it, with invisible characters spelled out."""
    i = text.index(ch)
    start, end = max(0, i - reach), min(len(text), i + reach + 1)
    part = ("..." if start else "") + text[start:end] + ("..." if end < len(text) else "")
    return "".join(c if c.isprintable() else f"<U+{ord(c):04X}>" for c in part)


def compose(job: Job) -> PagePlan:
    """Compose a resolved job into a PagePlan."""
    return Composer(job).compose()

