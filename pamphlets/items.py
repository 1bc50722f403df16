"""Turn a region's blocks into flowing items (paragraphs, bullets, QR codes), filling in the placeholders."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from . import qr
from .errors import Loc, Problem
from .markup import MarkupError, Span, escape, parse
from .models import Block, Job, LocalProfile, Section, Style, Text
from .pictures import Picture
from .record import record
from .templating import Marked, Scope, render
from .text import language
from .text.bidi import FSI, PDI, isolated
from .typography import smarten


@record
class TextItem:
    """A paragraph in one style, optionally led by a bullet or a step number."""

    spans: tuple[Span, ...]
    style: Style
    loc: Loc
    prefix: str = ""
    keep_with_next: bool = False
    widest_prefix: str = ""  # the list's widest prefix ("10."), so that every item's text lines up
    picture: Picture | None = None  # a step's picture, set between the number and the text
    picture_size: float = 0.0  # its width in points at full size
    starts_list: bool = False  # the first item of a list (bullets right after steps are another list)


@record
class PictureItem:
    """A picture or the program's logo, as large as fits in width x height (keeping its shape)."""

    picture: Picture
    width: float  # largest width in points
    height: float  # largest height in points
    align: str
    loc: Loc
    scales: bool = True  # a library picture shrinks with the text; a logo keeps its size
    inks: tuple[str, str] = ("brand.ink", "#C8102E")  # library art's ink and accent


@record
class FigureRowItem:
    """Pictures side by side, each with its caption under it (a test strip's results)."""

    figures: tuple[tuple[Picture, TextItem], ...]
    size: float  # each picture's width at full size
    loc: Loc
    keep_with_next: bool = False  # the rows of one set of figures stay together where they fit


@record
class MoveItem:
    """What follows starts in the flow's last region, unless the flow is there already."""

    loc: Loc


@record
class WriteInItem:
    """A ruled box left blank for a handwritten message (NEXT Distro leaves one on every zine)."""

    height: float
    color: str
    loc: Loc

@record
class QrItem:
    """A QR code block."""

    url: str
    size: float
    loc: Loc


@record
class RuleItem:
    """A thin horizontal line in a colour."""

    color: str
    loc: Loc
    keep_with_next: bool = True  # a rule introduces what follows: never the last thing on a page


@record
class SpaceItem:
    """Vertical space (scaled with the text)."""

    height: float
    loc: Loc
    keep_with_next: bool = True


Item = TextItem | QrItem | RuleItem | SpaceItem | PictureItem | FigureRowItem | WriteInItem | MoveItem

BULLET = "\u2022"
FIGURES_PER_ROW = 2
TOPIC_PICTURE = "topic.picture"  # a layout's picture block that shows the topic's own picture
KEEP_WHOLE = 3  # a list of this many items or fewer is kept on one page or panel where it fits


def local_values(profile: LocalProfile, lang: str) -> dict[str, Any]:
    """The profile's details as placeholders insert them: in right-to-left text, each one a bidi isolate."""
    if not language(lang).rtl:
        return profile.fields
    return {key: isolated(value) for key, value in profile.fields.items()}


def scopes(job: Job) -> dict[str, Any]:
    """What placeholders in a layout can read: local.*, topic.*, labels.*."""
    t = job.topic
    topic: dict[str, Any] = {"title": Marked(t.title.source, t.title.loc),
                             "summary": Marked(t.summary.source, t.summary.loc),
                             "reviewed": job.labels.date(t.reviewed), "slug": t.slug, "lang": t.lang}
    # "Machine translation, not yet checked..." on a topic no fluent reader has reviewed; empty otherwise.
    unreviewed = t.translation is not None and t.translation.method == "machine" and not t.translation.reviewed_by
    topic["translation_note"] = job.labels.words.get("unreviewed_translation", "") if unreviewed else ""
    if t.call_to_action:
        topic["call_to_action"] = Marked(t.call_to_action.source, t.call_to_action.loc)
    return {"local": Scope("local", job.profile.path, local_values(job.profile, t.lang)),
            "topic": Scope("topic", t.path, topic),
            "labels": Scope("labels", f"the labels for '{t.lang}'", job.labels.words)}


class ItemBuilder:
    """Builds the items of blocks for one job, collecting every problem."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.context = scopes(job)
        self.problems: list[Problem] = []

    def style(self, name: str) -> Style:
        """A style of the layout (validation made sure the name exists)."""
        return self.job.layout.styles[name]

    def spans(self, source: str, loc: Loc) -> tuple[tuple[Span, ...], Loc] | None:
        """Render a template and parse its markup; the location is the content line it came from, if any."""
        result = render(source, self.context, loc)
        if isinstance(result, Problem):
            self.problems.append(result)
            return None
        markup, content_loc = result
        try:
            return self.typeset(markup), content_loc or loc
        except MarkupError as exc:
            self.problems.append(Problem(loc, str(exc), "E106"))
            return None

    def typeset(self, markup: str) -> tuple[Span, ...]:
        """Marked-up text as spans, with typographic apostrophes, quotation marks and dashes."""
        return smarten(parse(markup), self.job.topic.lang)

    def content(self, text: Text) -> tuple[Span, ...]:
        """A content string, already rendered and checked by resolve."""
        return self.typeset(text.source)

    def paragraph(self, text: Text, style: str, prefix: str = "", keep: bool = False, widest: str = "") -> TextItem:
        """One content string as a paragraph."""
        return TextItem(self.content(text), self.style(style), text.loc, prefix, keep, widest or prefix)

    def listing(self, texts: tuple[Text, ...], style: str, numbered: bool, pictures: float = 0.0) -> list[Item]:
        """Bullets or numbered steps, one item each; a step's picture shows where the layout makes room (pictures)."""
        widest = f"{len(texts)}." if numbered else BULLET
        # Where most steps have a picture, every step leaves the picture's room, so the text keeps one left edge;
        # where only a few do, only they make room (a lone pictogram beside one step, not a gap after every number).
        pictured = sum(1 for t in texts if t.picture)
        room = pictures if pictures and pictured else 0.0
        every = 2 * pictured >= len(texts)
        # A short list stays whole on one page or panel (with its heading), when it fits there.
        whole = len(texts) <= KEEP_WHOLE
        out: list[Item] = []
        for i, t in enumerate(texts, 1):
            item = self.paragraph(t, style, f"{i}." if numbered else BULLET, keep=whole and i < len(texts),
                                  widest=widest)
            if i == 1:
                item = replace(item, starts_list=True)
            if room and (every or t.picture):
                item = replace(item, picture=self.job.pictures[t.picture] if t.picture else None, picture_size=room)
            out.append(item)
        return out

    def figures(self, section: Section, style: str, pictures: float) -> list[Item]:
        """A row of pictures with captions; where the layout has no room for pictures, the captions as bullets."""
        if not section.figures:
            return []
        if not pictures:
            return self.listing(tuple(f.caption for f in section.figures), style, numbered=False)
        caption = replace(self.style(style), align="center", space_before=0.0, space_after=0.0)
        figures = [(self.job.pictures[f.picture], TextItem(self.content(f.caption), caption, f.caption.loc))
                   for f in section.figures]
        # Two to a row: rows can go to the next page one by one, and a 2 x 2 grid reads in any column width.
        rows = range(0, len(figures), FIGURES_PER_ROW)
        return [FigureRowItem(tuple(figures[k:k + FIGURES_PER_ROW]), pictures, figures[k][1].loc,
                              keep_with_next=k != rows[-1]) for k in rows]

    def build(self, block: Block) -> list[Item]:
        """The items one block produces (a list's heading only when the list has something under it)."""
        optional = block.optional or ("write-in" if block.kind == "write-in" else None)
        if optional and optional not in self.job.profile.optional:
            return []  # an optional block the program has not turned on
        items = self.body(block)
        if block.heading and items:
            made = self.spans(block.heading, block.loc)
            if made and made[0]:
                items.insert(0, TextItem(made[0], self.style("heading"), made[1], keep_with_next=True))
        return items

    def body(self, block: Block) -> list[Item]:
        """The items of a block, without its heading."""
        items: list[Item] = []
        topic = self.job.topic
        kind = block.kind
        if kind == "text":
            made = self.spans(block.value, block.loc)
            if made and made[0]:
                items.append(TextItem(made[0], self.style(block.style), made[1]))
        elif kind in ("bullets", "steps"):
            texts = topic.key_points if block.value == "topic.key_points" else topic.steps
            items += self.listing(texts[: block.limit], block.style, kind == "steps", block.pictures)
        elif kind == "sections":
            for section in topic.sections[: block.limit]:
                items += self.section(section, block.style, block.pictures)
        elif kind == "shared":  # a section written once for every topic (helplines); absent if the profile hides it
            shared = self.job.shared.get(block.value)
            items += self.section(shared, block.style, block.pictures) if shared else []
        elif kind == "logo":  # the program's logo, where the profile has one
            if self.job.logo is not None:
                items.append(PictureItem(self.job.logo, block.size, block.height or block.size, block.align,
                                         self.job.profile.logo_loc or block.loc, scales=False))
        elif kind == "picture":  # a named picture, or the topic's own (picture: topic.picture), if it has one
            ref = block.value
            if ref == TOPIC_PICTURE:
                ref = topic.picture.picture if topic.picture else None
            if ref:
                items.append(PictureItem(self.job.pictures[ref], block.size, block.height or block.size,
                                         block.align, block.loc, inks=block.inks))
        elif kind == "write-in":
            items.append(WriteInItem(block.size, "brand.primary", block.loc))
        elif kind == "move":
            items.append(MoveItem(block.loc))
        elif kind == "local":
            items += self.local(block)
        elif kind == "sources":
            items += self.sources(block)
        elif kind == "qr":
            made = self.spans(block.value, block.loc)
            if made:
                # The bidi isolates placed around local details in right-to-left text are not part of the link.
                url = "".join(s.text for s in made[0]).replace(FSI, "").replace(PDI, "")
                problem = qr.check_url(url)
                if problem:
                    self.problems.append(Problem(block.loc, problem))
                else:
                    items.append(QrItem(url, block.size, block.loc))
        elif kind == "rule":
            items.append(RuleItem(block.value, block.loc))
        elif kind == "spacer":
            items.append(SpaceItem(block.size, block.loc))
        return items

    def section(self, section: Section, style: str, pictures: float = 0.0) -> list[Item]:
        """A heading kept with what follows, then the body, bullets, numbered steps and figures."""
        # A lead-in paragraph stays with the list or figures it introduces ("Reading the result: ..." + strips).
        lead_in = bool(section.bullets or section.steps or section.figures)
        return [self.paragraph(section.heading, "heading", keep=True),
                *(self.paragraph(p, style, keep=lead_in and k == len(section.body) - 1)
                  for k, p in enumerate(section.body)),
                *self.listing(section.bullets, style, numbered=False),
                *self.listing(section.steps, style, True, pictures),
                *self.figures(section, style, pictures)]

    def local(self, block: Block) -> list[Item]:
        """The local-information box: each profile field the block lists and the profile has."""
        fields, words, out = local_values(self.job.profile, self.job.topic.lang), self.job.labels.words, []
        for name in block.fields:
            if name not in fields:
                continue  # a box lists what a program has; a template that needs a field fails instead
            value = fields[name]
            text = ", ".join(value) if isinstance(value, list) else value
            if name == "organization":
                source = f"**{escape(text)}**"
            else:
                source = f"{_lead(words, words.get(name, name))}{escape(text)}"
            out.append(TextItem(self.typeset(source), self.style(block.style), self.job.profile.locs[name]))
        return out

    def sources(self, block: Block) -> list[Item]:
        """A line per source ('Publisher, Short title', with its URL where the layout has room for it), then
        'Reviewed <date>.' and, on an unreviewed machine translation, the line that says so."""
        topic, words = self.job.topic, self.job.labels.words
        style = self.style(block.style)
        # Punctuation is the language's own (Chinese: full-width "：", "。"); labels may set it.
        stop = words.get("punct.stop", ". ")
        space = " " if _spaced(words) else ""  # Chinese sets "审核于2025年" with no space
        out: list[Item] = []
        lead = _lead(words, words.get("sources", "Sources"))
        date = escape(self.job.labels.date(topic.reviewed))
        reviewed = f"**{escape(words.get('reviewed', 'Reviewed'))}**{space}{date}{stop.rstrip()}"
        if block.show == "publishers":  # a poster: who the facts come from, in one line
            publishers = words.get("punct.list", "; ").join(dict.fromkeys(escape(s.publisher) for s in topic.sources))
            reviewed = f"{lead}{publishers}{stop}{reviewed}"
        style = replace(style, space_after=max(style.space_after, style.size * 0.15))  # entries apart
        for i, source in enumerate(topic.sources if block.show != "publishers" else ()):
            urls = block.show == "urls"
            line = f"{escape(source.publisher)}, *{escape(source.title if urls else source.short)}*"
            line = (lead if i == 0 else "") + line + (f", {escape(source.url)}" if urls else "")
            out.append(TextItem(self.typeset(line), style, source.loc or Loc(topic.path)))
        note = self.context["topic"]["translation_note"]
        if note:
            reviewed += f"{space}*{escape(note)}*"
        out.append(TextItem(self.typeset(reviewed), style, topic.reviewed_loc or Loc(topic.path)))
        return out


def _spaced(words: dict[str, str]) -> bool:
    """Whether the language puts a space after its colon ("Phone: ", not Chinese "电话：")."""
    return words.get("punct.colon", ": ").endswith(" ")


def _lead(words: dict[str, str], label: str) -> str:
    """A bold label and the language's colon, ready to be followed by its value: "**Phone:** "."""
    colon = words.get("punct.colon", ": ")
    return f"**{escape(label)}{colon.rstrip()}**{' ' if _spaced(words) else ''}"
