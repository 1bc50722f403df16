"""Stage 3, resolve: find and validate the files of one document and fill content placeholders into a Job."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from pathlib import Path
from typing import Any

from .errors import InputError, Loc, PamphletsError, Problem, UsageError
from .items import TOPIC_PICTURE, local_values
from .jurisdictions import DIR as JURISDICTIONS
from .jurisdictions import US_STATES, Entry, entry_from, state_topic, sunset_problems, unknown_code
from .language import Rules, rules_from, word_problems
from .loader import display, load_yaml
from .markup import MarkupError, parse
from .models import Job, Labels, Layout, LocalProfile, Section, SharedBlock, Text, Topic
from .pictures import Picture, PictureError, library, load_file, load_library
from .project import BUILTIN_ROOT, CHECKS_DIR, LABELS_DIR, SHARED_DIR, Project
from .templating import Scope, render
from .validate import labels_from, layout_from, profile_from, shared_from, topic_from


def _unknown(kind: str, name: str, known: list[str], fix: str) -> UsageError:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return UsageError(f"unknown {kind} '{name}'; {hint}{kind}s here: {', '.join(known) or 'none'}. {fix}")


def is_sample(path: Path) -> bool:
    """True for the built-in sample profile, the one profile allowed to print example details (stamped SAMPLE)."""
    return path.resolve() == (BUILTIN_ROOT / "local" / "example.yaml").resolve()


def output_name(topic: str, fmt: str, size: str, default_size: str, lang: str) -> str:
    """The stable file name of a document: <topic>.<format>[-<size>].<lang>.pdf."""
    suffix = "" if size == default_size else f"-{size}"
    return f"{topic}.{fmt}{suffix}.{lang}.pdf"


class Resolver:
    """Loads each file once per build and turns (topic, format, language, size) into Jobs."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._cache: dict[tuple[str, ...], Any] = {}
        self.topics = project.topics()  # listed once per build: every document checks its topic against it

    def file_bytes(self, path: Path) -> bytes:
        """A file's bytes, read once per run (a cache key hashes the same topic, layout and labels for every
        program); raises OSError as reading does."""
        key = ("bytes", str(path))
        if key not in self._cache:
            self._cache[key] = path.read_bytes()
        return self._cache[key]

    def once(self, key: tuple[str, ...], make: Any) -> Any:
        """Something worked out from the project's files, once per run (as every file is read once)."""
        return self._once(key, make)

    def _once(self, key: tuple[str, ...], make: Any) -> Any:
        """Memoise a load, including its failure, so one broken file is reported once per build."""
        if key not in self._cache:
            try:
                self._cache[key] = make()
            except InputError as exc:
                self._cache[key] = exc
        value = self._cache[key]
        if isinstance(value, Exception):
            raise value
        return value

    def profile(self, path: Path) -> LocalProfile:
        """Load a local profile from a path (a relative one missing here may be a built-in one)."""
        if not path.is_file() and not path.is_absolute():
            path = self.project.find(*path.parts) or path
        if not path.is_file():
            raise UsageError(f"{display(path)}: no such local profile; pass --local with a file such as "
                             "local/example.yaml")
        # Checked once per run: every document of the program asks for its profile.
        return self._once(("profile", str(path)), lambda: self._checked_profile(path))

    def _checked_profile(self, path: Path) -> LocalProfile:
        """A profile read and checked: placeholders (outside the sample), hidden blocks, the jurisdiction."""
        profile = profile_from(load_yaml(path), path.stem)
        if profile.placeholders and not is_sample(path):
            raise InputError(profile.placeholders)
        known = self.once(("shared blocks",), lambda: self.project.names(f"content/{SHARED_DIR}", dirs=True))
        unknown = [Problem(loc, f"'{name}' is not a shared block; hide takes: {', '.join(known)}")
                   for name, loc in zip(profile.hide, profile.hide_locs, strict=True) if name not in known]
        if unknown:
            raise InputError(unknown)
        code = profile.fields.get("jurisdiction")
        if isinstance(code, str) and code not in US_STATES:
            raise unknown_code(code, profile.locs["jurisdiction"], sorted({c for _, c in self.entries()}))
        return profile

    def entries(self) -> list[tuple[str, str]]:
        """Every (topic, jurisdiction code) that has a state entry."""
        return [(slug, code) for slug in self.topics
                for code in self.project.names(f"content/{slug}/{JURISDICTIONS}", dirs=False)]

    def entry(self, slug: str, code: str) -> Entry | None:
        """The state entry of a topic, if it has one."""
        path = self.project.find("content", slug, JURISDICTIONS, f"{code}.yaml")
        if path is None:
            return None
        return self._once(("entry", slug, code), lambda: entry_from(load_yaml(path), code))

    def topic(self, slug: str, lang: str) -> Topic:
        """Load a topic in one language (not yet filled with local details)."""
        if slug not in self.topics:
            raise _unknown("topic", slug, self.topics, "Topics are folders under content/.")
        path = self.project.find("content", slug, f"{lang}.yaml")
        if path is None:
            have = ", ".join(self.project.languages(slug))
            raise UsageError(f"topic '{slug}' is not written in '{lang}' (it has: {have}); "
                             f"add content/{slug}/{lang}.yaml or choose another --lang")
        return self._once(("topic", slug, lang),
                          lambda: topic_from(load_yaml(path), slug, lang, lambda name: self.shared(name, lang)))

    def shared(self, name: str, lang: str) -> SharedBlock:
        """A shared block in one language; LookupError (with the fix) when there is none."""
        path = self.project.find("content", SHARED_DIR, name, f"{lang}.yaml")
        if path is None:
            known = self.once(("shared blocks",), lambda: self.project.names(f"content/{SHARED_DIR}", dirs=True))
            if name in known:
                raise LookupError(f"shared block '{name}' is not written in '{lang}'; add "
                                  f"content/{SHARED_DIR}/{name}/{lang}.yaml")
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise LookupError(f"no shared block '{name}'; {hint}shared blocks here: {', '.join(known) or 'none'}")
        return self._once(("shared", name, lang), lambda: shared_from(load_yaml(path), name, lang))

    def shared_paths(self, topic: Topic, fmt: str) -> list[Path]:
        """The files of the shared blocks a topic or its layout includes (part of the document's inputs)."""
        try:
            layout = self.layout(fmt)
            shown = [b.value for f in layout.faces for rg in f.regions for b in rg.blocks if b.kind == "shared"]
        except PamphletsError:
            shown = []  # reported when that layout is built
        names = dict.fromkeys([*topic.shared, *shown])
        found = (self.project.find("content", SHARED_DIR, name, f"{topic.lang}.yaml") for name in names)
        return [p for p in found if p is not None]

    def layout(self, fmt: str) -> Layout:
        """Load a layout by format name."""
        path = self.project.find("layouts", f"{fmt}.yaml")
        if path is None:
            raise _unknown("format", fmt, self.project.formats(), "Formats are files under layouts/.")
        return self._once(("layout", fmt), lambda: layout_from(load_yaml(path), fmt))

    def labels(self, lang: str) -> Labels:
        """Load the label words of a language."""
        path = self.project.find("content", LABELS_DIR, f"{lang}.yaml")
        if path is None:
            raise UsageError(f"no labels for language '{lang}': add content/{LABELS_DIR}/{lang}.yaml "
                             "(copy en.yaml and translate its words)")
        return self._once(("labels", lang), lambda: labels_from(load_yaml(path), lang))

    def rules(self, lang: str) -> Rules:
        """The plain-language word lists of a language: the built-in ones plus the project's additions."""
        def load() -> Rules:
            total = Rules()
            for path in self.project.find_all("content", CHECKS_DIR, f"{lang}.yaml"):
                total = total + rules_from(load_yaml(path))
            return total
        return self._once(("rules", lang), load)

    def stale_claims(self, slug: str, lang: str) -> list[Problem]:
        """The topic's known out-of-date claims (the check's E401 errors), found once per topic and language."""
        return self._once(("stale", slug, lang), lambda: [
            p for p in word_problems(self.topic(slug, lang), self.rules(lang)) if p.code.startswith("E")])

    def job(self, slug: str, fmt: str, lang: str, profile: LocalProfile, size: str | None = None,
            bleed: float | None = None) -> Job:
        """Everything one document needs, with placeholders in the content filled in."""
        layout = self.layout(fmt)
        if bleed is not None:
            layout = dataclasses.replace(layout, bleed=bleed)
        size = size or layout.default_size
        if size not in layout.sizes:
            raise UsageError(f"format '{fmt}' has no size '{size}'; its sizes are: {', '.join(layout.sizes)}")
        if layout.scale_text and size != layout.default_size:
            (w0, h0), (w, h) = layout.sizes[layout.default_size], layout.sizes[size]
            layout = scaled(layout, min(w / w0, h / h0))
        topic = self.topic(slug, lang)
        code = profile.fields.get("jurisdiction")
        entry = self.entry(slug, code) if isinstance(code, str) else None
        labels = self.labels(lang)
        notes: tuple[str, ...] = ()
        if entry is not None and lang not in entry.state:
            # A state's law is written out per language (en, es); in any other language the card says only what
            # holds everywhere rather than print a state's law with its details missing.
            notes = (f"{entry.code}'s Good Samaritan law is not written in '{lang}' yet, so this is the general card "
                     f"(no state law); add '{lang}' to {entry.path} to print the state card",)
            entry = None
        if entry is not None:  # the card speaks to the reader's own state
            expired = [p for p in sunset_problems(entry, dt.date.today()) if p.code.startswith("E")]
            if expired:
                raise InputError(expired)
            topic = state_topic(topic, entry, labels)
        topic = fill_topic(topic, profile)
        shown = {b.value for f in layout.faces for rg in f.regions for b in rg.blocks
                 if b.kind == "shared" and b.value not in profile.hide}
        shared = {}
        for name in sorted(shown):
            try:
                block = self.shared(name, lang)
            except LookupError as exc:
                loc = next(b.loc for f in layout.faces for rg in f.regions for b in rg.blocks if b.value == name)
                raise InputError([Problem(loc, str(exc.args[0]))]) from None
            shared[name] = fill_section(block.section, profile, lang)
        pictures, logo = self.pictures(topic, layout, profile, shared)
        return Job(topic, layout, profile, labels, size, layout.sizes[size],
                   output_name(slug, fmt, size, layout.default_size, lang), shared, notes, pictures, logo)

    def pictures(self, topic: Topic, layout: Layout, profile: LocalProfile,
                 shared: dict[str, Section]) -> tuple[dict[str, Picture], Picture | None]:
        """Read every picture the document shows (steps, figures, layout pictures) and the profile's logo."""
        wanted: dict[str, Loc] = {}
        for section in (*topic.sections, *shared.values()):
            for text in (*section.steps, *(f.caption for f in section.figures)):
                if text.picture:
                    wanted.setdefault(text.picture, text.picture_loc or text.loc)
        for text in (*topic.steps, *([topic.picture] if topic.picture else [])):
            if text.picture:
                wanted.setdefault(text.picture, text.picture_loc or text.loc)
        for block in (b for f in layout.faces for rg in f.regions for b in rg.blocks if b.kind == "picture"):
            if block.value != TOPIC_PICTURE:  # the topic's own picture is read above, where the topic names it
                wanted.setdefault(block.value, block.loc)
        problems, found = [], {}
        for ref, loc in wanted.items():
            try:
                found[ref] = self._once(("picture", ref), lambda ref=ref: self._picture(ref))
            except PictureError as exc:
                problems.append(Problem(loc, str(exc), "E108"))
        logo = None
        if profile.logo and any(b.kind == "logo" for f in layout.faces for rg in f.regions for b in rg.blocks):
            try:
                logo = self._once(("logo", profile.path, profile.logo), lambda: load_file(
                    profile.logo or "", Path(profile.path).parent, self.project.roots, "logo"))
            except PictureError as exc:
                problems.append(Problem(profile.logo_loc or Loc(profile.path), str(exc), "E108"))
        if problems:
            raise InputError(problems)
        return found, logo

    def _picture(self, ref: str) -> Picture:
        """A library picture by name, or a file in the project (searched like content: the project first)."""
        if ref in library():
            return load_library(ref)
        if not Path(ref).suffix:
            close = difflib.get_close_matches(ref, list(library()), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise PictureError(f"no picture named '{ref}' in the library; {hint}`pamphlets list pictures` lists them, "
                               "or give a file in the project such as pictures/my-step.svg")
        roots = self.project.roots
        base = next((root for root in roots if (root / ref).is_file()), roots[0])
        return load_file(ref, base, roots)


def scaled(layout: Layout, factor: float) -> Layout:
    """The layout with every type size, spacing, padding and QR code grown by factor (a poster's other sizes)."""
    styles = {name: dataclasses.replace(s, size=s.size * factor, min_size=s.min_size * factor,
                                        space_before=s.space_before * factor, space_after=s.space_after * factor)
              for name, s in layout.styles.items()}
    faces = tuple(dataclasses.replace(face, regions=tuple(
        dataclasses.replace(region, padding=region.padding * factor,
                            blocks=tuple(dataclasses.replace(b, size=b.size * factor) for b in region.blocks))
        for region in face.regions)) for face in layout.faces)
    return dataclasses.replace(layout, styles=styles, faces=faces)


def fill_topic(topic: Topic, profile: LocalProfile) -> Topic:
    """Render every content string against the local profile and check its markup; report all problems."""
    fill = _Filler(profile, topic.lang)
    filled = dataclasses.replace(
        topic, title=fill.one(topic.title), summary=fill.one(topic.summary), key_points=fill.many(topic.key_points),
        steps=fill.many(topic.steps),
        call_to_action=fill.one(topic.call_to_action) if topic.call_to_action else None,
        sections=tuple(fill.section(s) for s in topic.sections))
    fill.done()
    return filled


def fill_section(section: Section, profile: LocalProfile, lang: str) -> Section:
    """A shared block's section, rendered against the local profile."""
    fill = _Filler(profile, lang)
    filled = fill.section(section)
    fill.done()
    return filled


class _Filler:
    """Renders content strings for one profile, collecting every problem."""

    def __init__(self, profile: LocalProfile, lang: str) -> None:
        self.context = {"local": Scope("local", profile.path, local_values(profile, lang))}
        self.problems: list[Problem] = []

    def one(self, text: Text) -> Text:
        """One content string, rendered and checked."""
        result = render(text.source, self.context, text.loc)
        if isinstance(result, Problem):
            self.problems.append(result)
            return text
        try:
            parse(result[0])
        except MarkupError as exc:
            self.problems.append(Problem(text.loc, str(exc), "E106"))
        return text if result[0] == text.source else dataclasses.replace(text, source=result[0])

    def many(self, texts: tuple[Text, ...]) -> tuple[Text, ...]:
        """Several content strings."""
        return tuple(self.one(t) for t in texts)

    def section(self, s: Section) -> Section:
        """Every string of a section."""
        figures = tuple(dataclasses.replace(f, caption=self.one(f.caption)) for f in s.figures)
        return Section(self.one(s.heading), self.many(s.body), self.many(s.bullets), self.many(s.steps), figures)

    def done(self) -> None:
        """Raise every problem found."""
        if self.problems:
            raise InputError(self.problems)
