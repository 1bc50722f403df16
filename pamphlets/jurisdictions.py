"""State law entries (content/<topic>/jurisdictions/US-XX.yaml) and the state-specific topic built from one.

The card's sentences come from structured fields through fixed phrases (content/_labels/<lang>.yaml, keys
gsl.*), so the words always match the law's strength: "defence" only where the law gives a defence, "arrest" only
where it bars arrest, and never "immunity".
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from .errors import InputError, Loc, Problem
from .loader import KeyPath, SourceDoc
from .models import Labels, Section, Source, Text, Topic
from .record import record
from .schema import Reader

BARS = ("arrest", "charge", "prosecution", "conviction", "penalty")
PROTECTIONS = (*BARS, "defense", "mitigation", "supervision")
WHO = ("caller", "person-overdosing", "helper")
MUSTS = ("good-faith", "call-for-help", "first-caller", "give-name", "stay", "stay-until-police", "cooperate",
         "treatment-referral")
# Most consequential first: a wallet card has room for one, the fact sheet lists them all.
LIMITS = ("first-overdose-only", "limited-uses", "not-other-crime", "not-during-search", "connected-to-overdose",
          "evidence-from-call")
CONDITIONS = MUSTS + LIMITS
CARD_MUSTS = ("first-caller", "give-name", "stay", "stay-until-police", "cooperate",  # what trips people up
              "treatment-referral")
DIR = "jurisdictions"

# ISO 3166-2:US codes of the 50 states and DC.
US_STATES = {
    "US-AL": "Alabama", "US-AK": "Alaska", "US-AZ": "Arizona", "US-AR": "Arkansas", "US-CA": "California",
    "US-CO": "Colorado", "US-CT": "Connecticut", "US-DE": "Delaware", "US-DC": "District of Columbia",
    "US-FL": "Florida", "US-GA": "Georgia", "US-HI": "Hawaii", "US-ID": "Idaho", "US-IL": "Illinois",
    "US-IN": "Indiana", "US-IA": "Iowa", "US-KS": "Kansas", "US-KY": "Kentucky", "US-LA": "Louisiana",
    "US-ME": "Maine", "US-MD": "Maryland", "US-MA": "Massachusetts", "US-MI": "Michigan", "US-MN": "Minnesota",
    "US-MS": "Mississippi", "US-MO": "Missouri", "US-MT": "Montana", "US-NE": "Nebraska", "US-NV": "Nevada",
    "US-NH": "New Hampshire", "US-NJ": "New Jersey", "US-NM": "New Mexico", "US-NY": "New York",
    "US-NC": "North Carolina", "US-ND": "North Dakota", "US-OH": "Ohio", "US-OK": "Oklahoma", "US-OR": "Oregon",
    "US-PA": "Pennsylvania", "US-RI": "Rhode Island", "US-SC": "South Carolina", "US-SD": "South Dakota",
    "US-TN": "Tennessee", "US-TX": "Texas", "US-UT": "Utah", "US-VT": "Vermont", "US-VA": "Virginia",
    "US-WA": "Washington", "US-WV": "West Virginia", "US-WI": "Wisconsin", "US-WY": "Wyoming",
}


@record
class Entry:
    """One state's law, as read from its statute text."""

    code: str
    path: str
    state: dict[str, str]
    citation: str
    protection: tuple[str, ...]
    who: tuple[str, ...]
    offences: dict[str, tuple[str, ...]]
    conditions: tuple[str, ...]
    exclusions: dict[str, tuple[str, ...]]
    unverified: dict[str, str]
    sunset: dt.date | None
    checked: dt.date
    verified: str
    sources: tuple[Source, ...]
    locs: dict[str, Loc]


def _words(r: Reader, key: str, options: tuple[str, ...], *, required: bool) -> tuple[str, ...]:
    out = []
    for p in r.items((key,), required=required, min_items=1 if required else 0):
        value = r.choice(p, options)
        if value:
            out.append(value)
    return tuple(out)


def _bilingual(r: Reader, key: str, *, lists: bool, required: bool) -> dict[str, object]:
    value = r.get((key,))
    if value is None:
        if required:
            r.error((), f"missing required key '{key}'; add it with en and es")
        return {}
    if not r.mapping((key,), ("en", "es"), ("en", "es"), "languages"):
        return {}
    out: dict[str, object] = {}
    for lang in ("en", "es"):
        path: KeyPath = (key, lang)
        out[lang] = tuple(v for v, _ in r.texts(path, required=True, min_items=1)) if lists else r.text(path)
    return out


def entry_from(doc: SourceDoc, code: str) -> Entry:
    """Validate a jurisdiction file."""
    r = Reader(doc)
    keys = ("jurisdiction", "state", "citation", "protection", "who", "offences", "conditions", "exclusions",
            "unverified", "sunset", "checked", "verified", "sources")
    if not r.mapping((), keys, (), "law fields"):
        r.done()
    named = r.text(("jurisdiction",), required=True)
    if named and named != code:
        r.error(("jurisdiction",), f"'{named}' does not match the file name {code}.yaml; make them the same")
    protection = _words(r, "protection", PROTECTIONS, required=True)
    conditions = _words(r, "conditions", CONDITIONS, required=False)
    if "stay" in conditions and "stay-until-police" in conditions:
        r.error(("conditions",), "'stay-until-police' already says how long to stay; list one of 'stay' and "
                                 "'stay-until-police'")
    if any(p in BARS for p in protection) and "defense" in protection:
        r.error(("protection",), "a law that bars arrest, charge or prosecution is more than a defence; "
                                 "list one or the other")
    sources = []
    for p in r.items(("sources",), required=True, min_items=1):
        if r.mapping(p, ("publisher", "title", "url", "note"), (), "source fields"):
            pub, title, url = r.text((*p, "publisher"), required=True), r.text((*p, "title"), required=True), \
                r.url((*p, "url"), required=True)
            if pub and title and url:
                sources.append(Source(pub, title, url, r.text((*p, "note")), r.loc(p)))
    entry = Entry(
        code, doc.path, _bilingual(r, "state", lists=False, required=True),  # type: ignore[arg-type]
        r.text(("citation",), required=True) or "", protection,
        _words(r, "who", WHO, required=True),
        _bilingual(r, "offences", lists=True, required=True),  # type: ignore[arg-type]
        conditions,
        _bilingual(r, "exclusions", lists=True, required=False),  # type: ignore[arg-type]
        _bilingual(r, "unverified", lists=False, required=False),  # type: ignore[arg-type]
        r.date(("sunset",)), r.date(("checked",), required=True) or dt.date.min,
        r.choice(("verified",), ("full", "partial"), default="partial") or "partial", tuple(sources),
        {k: r.loc((k,)) for k in keys})
    r.done()
    return entry


def unknown_code(code: str, loc: Loc, with_cards: list[str]) -> InputError:
    """The error for a jurisdiction that is not a US state code."""
    return InputError([Problem(loc, f"'{code}' is not a US state code; write US- and the two-letter postal code "
                                    f"(e.g. US-NC). States with their own Good Samaritan card: "
                                    f"{', '.join(with_cards) or 'none'}")])


def sunset_problems(entry: Entry, today: dt.date) -> list[Problem]:
    """E702 when the law has repealed itself, W703 within 6 months of it."""
    if entry.sunset is None:
        return []
    loc = entry.locs["sunset"]
    if today >= entry.sunset:
        return [Problem(loc, f"this law was repealed on {entry.sunset} unless renewed; re-read the statute and "
                             "update or remove the entry", "E702")]
    if (entry.sunset - today).days <= 183:
        return [Problem(loc, f"this law repeals itself on {entry.sunset}, within 6 months; check whether it has "
                             "been renewed", "W703")]
    return []


# ---- the state-specific topic ------------------------------------------------------------------------------
class _Phrases:
    """The gsl.* words of one language, filled in."""

    def __init__(self, labels: Labels, entry: Entry) -> None:
        self.words, self.labels, self.entry = labels.words, labels, entry
        self.lang = labels.lang

    def __call__(self, key: str, **values: str) -> str:
        template = self.words.get(f"gsl.{key}")
        if template is None:
            raise InputError([Problem(Loc(self.entry.path), f"the labels for '{self.lang}' have no 'gsl.{key}'; "
                                                             f"add it to content/_labels/{self.lang}.yaml", "E102")])
        return template.format(state=self.entry.state.get(self.lang, self.entry.code),
                               citation=self.entry.citation, checked=self.labels.date(self.entry.checked),
                               **values)

    def join(self, items: list[str], word: str = "and") -> str:
        """'a, b and c' (or 'a, b or c') in this language."""
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self(word)} " + items[-1]

    def protection(self) -> tuple[str, list[str]]:
        """The sentence that leads into the list of covered offences, and what else limits or adds to it."""
        e, extras = self.entry, []
        bars = [b for b in BARS if b in e.protection]
        if bars:
            lead = self("bars", verbs=self.join([self(f"verb.{b}") for b in bars], "or"))
            if "arrest" not in bars:
                extras.append(self("bars_no_arrest"))
        elif "defense" in e.protection:
            lead = self("defense")
        else:
            lead = self("mitigation_only")
        if "mitigation" in e.protection and (bars or "defense" in e.protection):
            extras.append(self("mitigation"))
        if "supervision" in e.protection:
            extras.append(self("supervision"))
        return lead, extras

    def card_protection(self) -> str:
        """The one-line version for a card."""
        e = self.entry
        bars = [b for b in BARS if b in e.protection]
        if bars:
            line = self("card.bars", nouns=self.join([self(f"noun.{b}") for b in bars], "or"))
            return line if "arrest" in bars else f"{line} {self('card.no_arrest')}"
        if "defense" in e.protection:
            return self("card.defense")
        return self("card.mitigation")


def _texts(lines: list[str], loc: Loc) -> tuple[Text, ...]:
    return tuple(Text(_escape(line), loc) for line in lines)


def _escape(text: str) -> str:
    """Entry text is plain: keep * and \\ literal, and placeholders out."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("{{", "{ {").replace("{%", "{ %")


def state_topic(topic: Topic, entry: Entry, labels: Labels) -> Topic:
    """The topic rewritten for one state: its protections, who, conditions, exclusions and citation."""
    say, lang, locs = _Phrases(labels, entry), labels.lang, entry.locs
    who = [say(f"who.{w}") for w in entry.who]
    musts = [c for c in entry.conditions if c in CARD_MUSTS]
    limits = [c for c in LIMITS if c in entry.conditions]  # most consequential first: the card shows one
    exclusions = list(entry.exclusions.get(lang, ()))
    points = [(say.card_protection(), locs["protection"]), (say("card.who", who=say.join(who)), locs["who"])]
    if musts:
        points.append((say("card.must", conditions=say.join([say(f"must.{c}") for c in musts])), locs["conditions"]))
    if limits:
        points.append((say(f"card.limit.{limits[0]}"), locs["conditions"]))
    if len(points) < 4 and exclusions:
        first = exclusions[0]
        what = first[0].lower() + first[1:] if first[1:2].islower() else first  # mid-sentence, but keep "DUI"
        points.append((say("card.not_covered", what=what), locs["exclusions"]))
    points.append((say("card.legal"), locs["citation"]))

    legal = [say("legal")]
    if entry.unverified.get(lang):
        legal.append(say("unverified", what=entry.unverified[lang]))
    if entry.sunset:
        legal.append(say("sunset", date=labels.date(entry.sunset)))
    legal.append(say("not_advice"))
    lead, extras = say.protection()
    sections = [Section(Text(_escape(say("h.law")), locs["state"]), _texts([lead], locs["protection"]),
                        _texts(list(entry.offences.get(lang, ())), locs["offences"]))]
    if extras:
        sections.append(Section(Text(_escape(say("h.reach")), locs["protection"]), _texts(extras, locs["protection"])))
    sections.append(Section(Text(_escape(say("h.who")), locs["who"]), (),
                            _texts([w[:1].upper() + w[1:] for w in who], locs["who"])))
    for heading, group in (("h.must", [c for c in entry.conditions if c in MUSTS]), ("h.limits", limits)):
        if group:
            sections.append(Section(Text(_escape(say(heading)), locs["conditions"]), (),
                                    _texts([say(f"cond.{c}") for c in group], locs["conditions"])))
    if exclusions:
        sections.append(Section(Text(_escape(say("h.not")), locs["exclusions"]), (),
                                _texts(exclusions, locs["exclusions"])))
    sections.append(Section(Text(_escape(say("h.legal")), locs["citation"]), _texts(legal, locs["citation"])))
    # The card cites what it prints: the law's own sources and those of the shared blocks it keeps (the steps),
    # not the general card's, whose summary, key points and sections this card replaces.
    kept = tuple(s for s in topic.sources if s.loc is None or s.loc.path != topic.path)
    return dataclasses.replace(
        topic, summary=Text(_escape(say("summary")), locs["state"]),
        key_points=tuple(Text(_escape(p), loc) for p, loc in points),
        sections=tuple(sections), sources=entry.sources + kept)
