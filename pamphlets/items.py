"""Turn a region's blocks into flowing items (paragraphs, bullets, QR codes), filling in the placeholders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import qr
from .errors import Loc, Problem
from .markup import MarkupError, Span, escape, parse
from .models import Block, Job, LocalProfile, Section, Style, Text
from .templating import Marked, Scope, render
from .text import language
from .text.bidi import FSI, PDI, isolated


@dataclass(frozen=True)
class TextItem:
    """A paragraph in one style, optionally led by a bullet or a step number."""

    spans: tuple[Span, ...]
    style: Style
    loc: Loc
    prefix: str = ""
    keep_with_next: bool = False
    widest_prefix: str = ""  # the list's widest prefix ("10."), so that every item's text lines up


@dataclass(frozen=True)
class QrItem:
    """A QR code block."""

    url: str
    size: float
    loc: Loc


@dataclass(frozen=True)
class RuleItem:
    """A thin horizontal line in a colour."""

    color: str
    loc: Loc


@dataclass(frozen=True)
class SpaceItem:
    """Vertical space (scaled with the text)."""

    height: float
    loc: Loc


Item = TextItem | QrItem | RuleItem | SpaceItem

BULLET = "\u2022"


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
            return parse(markup), content_loc or loc
        except MarkupError as exc:
            self.problems.append(Problem(loc, str(exc), "E106"))
            return None

    def content(self, text: Text) -> tuple[Span, ...]:
        """A content string, already rendered and checked by resolve."""
        return parse(text.source)

    def paragraph(self, text: Text, style: str, prefix: str = "", keep: bool = False, widest: str = "") -> TextItem:
        """One content string as a paragraph."""
        return TextItem(self.content(text), self.style(style), text.loc, prefix, keep, widest or prefix)

    def listing(self, texts: tuple[Text, ...], style: str, numbered: bool) -> list[Item]:
        """Bullets or numbered steps, one item each."""
        widest = f"{len(texts)}." if numbered else BULLET
        return [self.paragraph(t, style, f"{i}." if numbered else BULLET, widest=widest)
                for i, t in enumerate(texts, 1)]

    def build(self, block: Block) -> list[Item]:
        """The items one block produces."""
        items: list[Item] = []
        if block.heading:
            made = self.spans(block.heading, block.loc)
            if made and made[0]:
                items.append(TextItem(made[0], self.style("heading"), made[1], keep_with_next=True))
        topic = self.job.topic
        kind = block.kind
        if kind == "text":
            made = self.spans(block.value, block.loc)
            if made and made[0]:
                items.append(TextItem(made[0], self.style(block.style), made[1]))
        elif kind in ("bullets", "steps"):
            texts = topic.key_points if block.value == "topic.key_points" else topic.steps
            items += self.listing(texts[: block.limit], block.style, numbered=kind == "steps")
        elif kind == "sections":
            for section in topic.sections[: block.limit]:
                items += self.section(section, block.style)
        elif kind == "shared":  # a section written once for every topic (helplines); absent if the profile hides it
            shared = self.job.shared.get(block.value)
            items += self.section(shared, block.style) if shared else []
        elif kind == "local":
            items += self.local(block)
        elif kind == "sources":
            items.append(self.sources(block))
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

    def section(self, section: Section, style: str) -> list[Item]:
        """A heading kept with what follows, then the body, bullets and numbered steps."""
        return [self.paragraph(section.heading, "heading", keep=True),
                *(self.paragraph(p, style) for p in section.body),
                *self.listing(section.bullets, style, numbered=False),
                *self.listing(section.steps, style, numbered=True)]

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
            out.append(TextItem(parse(source), self.style(block.style), self.job.profile.locs[name]))
        return out

    def sources(self, block: Block) -> TextItem:
        """'Sources: publisher, title, url; ... Reviewed <date>.' in one small paragraph."""
        topic, words = self.job.topic, self.job.labels.words
        # Punctuation is the language's own (Chinese: full-width "；", "：", "。"); labels may set it.
        semicolon, stop = words.get("punct.list", "; "), words.get("punct.stop", ". ")
        cited = semicolon.join(f"{escape(s.publisher)}, *{escape(s.title)}*, {escape(s.url)}" for s in topic.sources)
        space = " " if _spaced(words) else ""  # Chinese sets "审核于2025年" with no space
        date = escape(self.job.labels.date(topic.reviewed))
        reviewed = f"**{escape(words.get('reviewed', 'Reviewed'))}**{space}{date}"
        source = f"{_lead(words, words.get('sources', 'Sources'))}{cited}{stop}{reviewed}{stop.rstrip()}"
        note = self.context["topic"]["translation_note"]
        if note:
            source += f"{space}*{escape(note)}*"
        loc = topic.sources[0].loc if topic.sources and topic.sources[0].loc else Loc(topic.path)
        return TextItem(parse(source), self.style(block.style), loc)


def _spaced(words: dict[str, str]) -> bool:
    """Whether the language puts a space after its colon ("Phone: ", not Chinese "电话：")."""
    return words.get("punct.colon", ": ").endswith(" ")


def _lead(words: dict[str, str], label: str) -> str:
    """A bold label and the language's colon, ready to be followed by its value: "**Phone:** "."""
    colon = words.get("punct.colon", ": ")
    return f"**{escape(label)}{colon.rstrip()}**{' ' if _spaced(words) else ''}"
