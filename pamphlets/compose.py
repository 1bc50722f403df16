"""Stage 4, compose: fill every region of every face with measured items; overflow and missing glyphs fail here."""

from __future__ import annotations

import math
from collections.abc import Callable

from . import qr, trust
from .errors import InputError, LayoutError, Loc, Problem
from .flow import (
    FIGURE_CAPTION_GAP,
    FIGURE_GAP,
    FILL,
    MIN_ROOM,
    PICTURE_GAP,
    Measured,
    Overflow,
    Setter,
    Slot,
    figure_row_height,
    fit,
    stacked,
)
from .items import (
    FigureRowItem,
    Item,
    ItemBuilder,
    PictureItem,
    QrItem,
    RuleItem,
    TextItem,
    WriteInItem,
)
from .models import Job
from .pictures import BITMAP_ERROR_PPI, Picture, ppi
from .plan import BoxOp, FacePlan, LineOp, Op, PagePlan, PictureOp, QrOp, RectOp, RegionDump, StampOp, Tag, TextOp
from .text import FontNotInstalled, MissingGlyph

__all__ = ["FILL", "Composer", "compose"]
_LOGICAL_ALIGN = {"left": "start", "right": "end", "center": "center"}  # a style's align, for either direction
# A style's role in the document's structure (tagged PDF); any other style is a paragraph.
ROLES = {"title": "H1", "heading": "H2", "side_heading": "H2", "folio": ""}  # "": a page number, an artifact


class Composer:
    """Composes one job into a PagePlan."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.layout = job.layout
        self.setter = Setter(job.topic.lang, job.layout.font_family)
        self.builder = ItemBuilder(job)
        self.problems: list[Problem] = []  # found while placing (a bitmap printed too coarse)
        self.elements: dict[int, tuple[int, Item]] = {}  # id(item) -> its element number (item kept alive)
        self.count = 0  # structure elements numbered so far
        self.backdrop = "#FFFFFF"  # the colour under the region being drawn (what a flattened picture sits on)

    def new_element(self) -> int:
        """A new structure element's number (numbers follow the drawing order, which is the reading order)."""
        self.count += 1
        return self.count - 1

    def element(self, item: Item) -> int:
        """The structure element an item is: one per item, even where a paragraph runs on to the next column."""
        if id(item) not in self.elements:
            self.elements[id(item)] = (self.new_element(), item)
        return self.elements[id(item)][0]

    def text_tag(self, item: TextItem, part: str) -> Tag | None:
        """A text item's tag: a heading, a paragraph, or a list item's label or body; None for a page number."""
        if item.prefix:
            return Tag("LI", self.element(item), part, starts_list=item.starts_list)
        role = ROLES.get(item.style.name, "P")
        return Tag(role, self.element(item)) if role else None

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
                used = stacked(measured)
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
        ground = region.background or self.layout.faces[slot.face].background
        self.backdrop = self.colour(ground) if ground else "#FFFFFF"  # under this region's pictures
        if region.bleed and region.background:
            ops.append(RectOp(self.bled(slot.edge), self.colour(region.background)))
        elif region.background or region.border:
            ops.append(RectOp(slot.outer, self.colour(region.background) if region.background else None,
                              self.colour(region.border) if region.border else None, 0.75 if region.border else 0))
        x0, y0, width, height = slot.inner
        total = stacked(measured)
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
                self.picture_op(item.picture, (px, top - ph, pw, ph), item.loc, ops, text, owner=item)
            body = self.text_tag(item, "LBody")
            for li, line in enumerate(m.lines):
                base = top - li * line_h - m.drop
                if li == 0 and m.prefix is not None:
                    px = x0 + width - m.prefix.width if rtl else x0
                    ops.append(TextOp(px, base, m.prefix, colour, self.text_tag(item, "Lbl")))
                ops.append(TextOp(column + line.offset(room, align), base, line, colour, body))
                text.append(f"{item.prefix} {line.text}" if li == 0 and item.prefix else line.text)
        elif isinstance(item, QrItem):
            x = x0 + (width - item.size) / 2
            words = self.job.labels.words
            alt = words.get("qr_code", "QR code: link to {url}").replace("{url}", item.url)
            lang = "" if "qr_code" in words else "en"  # a language without its own words says it in English
            ops.append(QrOp((x, top - item.size, item.size, item.size), qr.matrix(item.url), qr.QUIET_ZONE,
                            self.colour("brand.ink"), "#FFFFFF", item.url, item.loc,
                            Tag("Figure", self.element(item), alt=alt, lang=lang)))
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
                top -= figure_row_height(item, m.parts, pw, first, columns) + FIGURE_GAP
        elif isinstance(item, WriteInItem):
            colour = self.colour(item.color)
            spacing = 22.0  # handwriting needs about 8 mm a line
            rules = tuple(top - item.height + spacing * k for k in range(1, int(item.height // spacing)))
            ops.append(BoxOp((x0, top - item.height, width, item.height), colour, rules))
            text.append("[write-in box]")

    def picture_op(self, picture: Picture, rect: tuple[float, float, float, float], loc: Loc, ops: list[Op],
                   text: list[str], inks: tuple[str, str] = ("brand.ink", "#C8102E"),
                   owner: TextItem | None = None) -> None:
        """A picture's drawing operation; a bitmap that would print under 150 ppi is an error (E108)."""
        found = ppi(picture, rect[2])
        if found is not None and found < BITMAP_ERROR_PPI:
            self.problems.append(Problem(loc, f"'{picture.ref}' is {picture.width:.0f} x {picture.height:.0f} pixels "
                                              f"and prints {rect[2] / 72:.2f} in wide here, only {found:.0f} ppi; "
                                              f"use a file with at least {BITMAP_ERROR_PPI} ppi (300 for print "
                                              f"shops), or an SVG", "E108"))
        alt, lang = picture.alt_in(self.job.topic.lang)
        if picture is self.job.logo:  # a logo's alternative text is the program's name, as on the web
            alt, lang = str(self.job.profile.fields.get("organization", alt)), self.job.topic.lang
        lang = "" if lang == self.job.topic.lang else lang
        # A step's picture is a figure inside its list item's body; any other picture is a figure of its own.
        if owner is not None and owner.prefix:
            tag = Tag("Figure", self.element(owner), "LBody", alt, lang, starts_list=owner.starts_list)
        else:
            tag = Tag("Figure", self.new_element(), "", alt, lang)
        ops.append(PictureOp(rect, picture, self.colour(inks[0]), self.colour(inks[1]), alt, loc, tag, self.backdrop))
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

