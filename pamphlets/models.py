"""The typed, immutable values that pass between pipeline stages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field

from .errors import Loc, Problem
from .pictures import Picture
from .record import record


@record
class Text:
    """A piece of user text (a template with inline markup) and where it was written."""

    source: str
    loc: Loc
    picture: str | None = None  # a step's picture: a library name or a file in the project
    picture_loc: Loc | None = None  # where the picture is named, for its errors


@record
class Figure:
    """A picture with a short caption, shown in a row with its neighbours (test strip results side by side)."""

    picture: str
    caption: Text


SHORT_TITLE = 70  # characters: a longer source title is shortened on cards, panels and posters

# ---- content ------------------------------------------------------------------------------------
@record
class Section:
    """One part of the long form: a heading with a paragraph, bullets and/or numbered steps."""

    heading: Text
    body: tuple[Text, ...] = ()
    bullets: tuple[Text, ...] = ()
    steps: tuple[Text, ...] = ()
    figures: tuple[Figure, ...] = ()


@record
class Source:
    """A published source a topic's facts come from."""

    publisher: str
    title: str
    url: str
    note: str | None = None
    loc: Loc | None = None
    short_title: str | None = None  # what cards and panels print; None: the title, shortened by rule

    @property
    def short(self) -> str:
        """The title as a source line prints it: short_title, or the title without its subtitle or series."""
        if self.short_title:
            return self.short_title
        title = re.sub(r"\s*\([^()]*(\([^()]*\))?[^()]*\)\s*$", "", self.title)  # "... (MMWR 74(15))"
        if len(title) <= SHORT_TITLE:
            return title
        head = title.split(": ")[0]
        if ": " in title and 25 <= len(head) <= SHORT_TITLE:
            return head
        words, out = title.split(), ""
        for word in words:
            if len(out) + len(word) + 1 > SHORT_TITLE:
                break
            out = f"{out} {word}".strip()
        return out.rstrip(",;:-") + "\u2026"


@record
class Translation:
    """How a non-original language file was made and whether a fluent reader has checked it."""

    from_lang: str
    method: str  # "machine" or "human"
    reviewed_by: str | None
    source_hash: str | None = None  # the first 12 hex digits of the source file's SHA-256 when translated
    loc: Loc | None = None


@record
class Topic:
    """One topic in one language, at every length a layout may pick from."""

    slug: str
    lang: str
    path: str
    title: Text
    summary: Text
    key_points: tuple[Text, ...]
    steps: tuple[Text, ...]
    sections: tuple[Section, ...]
    call_to_action: Text | None
    sources: tuple[Source, ...]
    reviewed: dt.date
    translation: Translation | None = None
    reviewed_loc: Loc | None = None
    shared: tuple[str, ...] = ()  # the shared blocks (content/_shared/<name>/) this topic includes, in order
    picture: Text | None = None  # the topic's own picture (a cover's), its name in Text.picture

    def texts(self) -> list[Text]:
        """Every piece of prose in the topic, in reading order (what plain-language checks read)."""
        out = [self.title, self.summary, *self.key_points, *self.steps]
        for s in self.sections:
            out += [s.heading, *s.body, *s.bullets, *s.steps, *(f.caption for f in s.figures)]
        return out + ([self.call_to_action] if self.call_to_action else [])


@record
class SharedBlock:
    """A section written once (content/_shared/<name>/<lang>.yaml) that topics include, so they cannot disagree."""

    name: str
    lang: str
    path: str
    section: Section
    sources: tuple[Source, ...]
    reviewed: dt.date
    translation: Translation | None = None
    reviewed_loc: Loc | None = None


@record
class Labels:
    """The words a layout prints around the content ('Phone', 'Reviewed'), in one language."""

    lang: str
    words: dict[str, str]
    months: tuple[str, ...]
    date_format: str  # e.g. "{month} {day}, {year}"

    def date(self, day: dt.date) -> str:
        """Format a date the way this language writes it."""
        return self.date_format.format(day=day.day, month=self.months[day.month - 1], year=day.year)


# ---- local profile --------------------------------------------------------------------------------
@record
class LocalProfile:
    """A program's own details, printed on every piece."""

    name: str
    path: str
    fields: dict[str, str | list[str]]  # what templates see as local.*
    locs: dict[str, Loc]
    brand: dict[str, str]  # colour name -> "#RRGGBB"
    link: str
    placeholders: tuple[Problem, ...] = ()  # example details that must not print (E107); pages then say SAMPLE
    hide: tuple[str, ...] = ()  # shared blocks a layout offers (helplines) that this program leaves out
    hide_locs: tuple[Loc, ...] = ()
    logo: str | None = None  # a file path as written, relative to the profile's folder
    logo_loc: Loc | None = None
    optional: tuple[str, ...] = ()  # optional blocks this program turns on: write-in, language-line


# ---- layout -------------------------------------------------------------------------------------
@record
class Style:
    """How a kind of text is set; size shrinks toward min_size when content does not fit."""

    name: str
    font: str  # regular | bold | italic | bold-italic
    size: float
    min_size: float
    leading: float  # line height as a multiple of the size
    color: str
    align: str  # left | center | right
    space_before: float  # points, at full size
    space_after: float
    loc: Loc | None = None


@record
class Block:
    """One thing in a region: text, bullets, steps, sections, local box, QR code, sources or a rule."""

    kind: str
    loc: Loc
    value: str = ""  # the template (text) or the topic field it shows (bullets: topic.key_points)
    style: str = "body"
    heading: str | None = None  # an optional heading template above a list
    limit: int | None = None  # show at most this many items
    size: float = 0.0  # QR code width, a picture's or logo's largest width, in points
    fields: tuple[str, ...] = ()  # for the local box: which profile fields, in order
    pictures: float = 0.0  # steps and sections: the width of each step's picture (0: no pictures)
    height: float = 0.0  # a logo's or picture's largest height in points (0: as large as size allows)
    align: str = "center"  # a picture's or logo's place in its region: left, center or right
    optional: str | None = None  # printed only when the profile turns this on (optional: [write-in])
    inks: tuple[str, str] = ("brand.ink", "#C8102E")  # a picture's ink and accent colours
    show: str = "titles"  # sources: publishers (posters), titles (a line each) or urls (titles and full URLs)


@record
class Region:
    """A box on a face (fractions of the safe area) holding blocks, optionally part of a flow."""

    name: str
    box: tuple[float, float, float, float]  # x, y (from the top), width, height
    blocks: tuple[Block, ...]
    loc: Loc
    flow: str | None = None
    background: str | None = None
    border: str | None = None
    padding: float = 0.0
    valign: str = "top"
    panel: int | None = None  # on a folded face: the box is a fraction of this panel's safe area
    bleed: bool = False  # the background covers the whole panel (or face), out into the bleed


@record
class Face:
    """One side of a finished piece (a page of a fact sheet, the front of a card)."""

    name: str
    regions: tuple[Region, ...]
    optional: bool = False  # left out when its flows receive nothing
    background: str | None = None
    panels: str | None = None  # "outside" (layout panel widths left to right) or "inside" (the same, reversed)


@record
class Layout:
    """A format: trim sizes, margins, styles and faces."""

    name: str
    path: str
    sizes: dict[str, tuple[float, float]]
    default_size: str
    bleed: float
    safe: float
    font_family: str
    styles: dict[str, Style]
    faces: tuple[Face, ...]
    panels: dict[str, tuple[float, ...]] = field(default_factory=dict)  # size -> outside panel widths
    pages: tuple[int, int, int] | None = None  # booklet: fewest pages, most pages, pages a multiple of
    pad_face: str | None = None  # booklet: the face repeated to reach a multiple of pages (notes)
    stock: str = ""  # the paper a print shop should use, for the print order
    home_sheet: str = "none"  # the extra home-print file: none | grid (N-up cards) | trim (no bleed) | saddle
    scale_text: bool = False  # styles are set for the default size and grow or shrink with the other sizes
    # In a right-to-left language: "full" mirrors boxes, panel order and the booklet's binding edge (the default);
    # "none" keeps every box where it is (text still starts at the right).
    mirror: str = "full"
    # Type may grow up to this factor so a flow's last page is not left nearly empty (a booklet: zines set large).
    grow: float = 1.0


# ---- a resolved job -------------------------------------------------------------------------------
@record
class Job:
    """Everything one document needs, with no I/O left to do."""

    topic: Topic
    layout: Layout
    profile: LocalProfile
    labels: Labels
    size: str
    trim: tuple[float, float]
    output_name: str
    shared: dict[str, Section] = field(default_factory=dict)  # shared blocks the layout shows, filled in
    notes: tuple[str, ...] = ()  # what the reader of the build output should know about this document
    pictures: dict[str, Picture] = field(default_factory=dict)  # every picture the document shows, read by resolve
    logo: Picture | None = None
