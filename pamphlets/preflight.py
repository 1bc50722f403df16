"""`pamphlets check`: run everything a build would (short of drawing) plus the content and print checks."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import colours
from .compose import FILL, compose
from .errors import InputError, Loc, PamphletsError, Problem, UsageError
from .findings import Finding, from_problem
from .jurisdictions import Entry, sunset_problems
from .language import grade_problem, reading_grades, sentence_problems, word_problems
from .loader import display
from .models import Layout, LocalProfile, SharedBlock, Topic
from .pictures import BITMAP_WARN_PPI, ppi
from .plan import PagePlan, PictureOp, QrOp
from .presses import DEFAULT_PRESS, plates, press_ink
from .project import BUILTIN_ROOT, SHARED_DIR, Project
from .record import record
from .resolve import Resolver
from .text.languages import ambiguous
from .validate import DEFAULT_BRAND

MM = 72 / 25.4
LEGIBLE_FLOOR = 7.0  # points: nothing printed smaller (arm's-length reading, the issue-13 floor)
MIN_CONTRAST = 4.5  # WCAG AA for normal text
# Text under this size in a colour of several inks is at risk on a press: a stroke of 8 pt text is about 0.25 mm,
# so plates off register by a tenth of a millimetre (within a sheet-fed press's tolerance) fringe it visibly.
SMALL_TEXT = 10.0
MIN_QR = 20 * MM  # the printed symbol, quiet zone included
MIN_MODULE = 0.4 * MM  # smaller modules defeat phone cameras at arm's length
QR_SCHEMES = ("https", "tel", "sms")


@record
class CheckRequest:
    """What to check: empty tuples mean everything there is."""

    project_dir: Path
    profile: Path
    topics: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)
    max_age_months: int = 12


@dataclass
class CheckReport:
    """Every finding, the reading grades, and how many documents were composed."""

    findings: set[Finding] = field(default_factory=set)
    grades: list[dict[str, object]] = field(default_factory=list)
    documents: int = 0

    def add(self, problems: Iterable[Problem]) -> None:
        """Record problems as findings (the same problem seen from several documents counts once)."""
        self.findings.update(from_problem(p) for p in problems)

    def sorted(self) -> list[Finding]:
        """Findings in file and line order."""
        return sorted(self.findings)


# ---- checks on one file ---------------------------------------------------------------------------
def topic_problems(topic: Topic, resolver: Resolver, req: CheckRequest) -> list[Problem]:
    """Plain language, words, review age and translation state of one topic in one language."""
    out = sentence_problems(topic) + word_problems(topic, resolver.rules(topic.lang))

    def source_of(lang: str) -> tuple[Path | None, dt.date | None]:
        path = resolver.project.find("content", topic.slug, f"{lang}.yaml")
        try:
            return path, resolver.topic(topic.slug, lang).reviewed if path else None
        except PamphletsError:
            return path, None  # reported with that file
    return out + review_problems(topic, req, source_of)


def shared_problems(block: SharedBlock, resolver: Resolver, req: CheckRequest) -> list[Problem]:
    """Review age and translation state of a shared block in one language (its words are checked in each topic)."""
    def source_of(lang: str) -> tuple[Path | None, dt.date | None]:
        path = resolver.project.find("content", SHARED_DIR, block.name, f"{lang}.yaml")
        try:
            return path, resolver.shared(block.name, lang).reviewed if path else None
        except (PamphletsError, LookupError):
            return path, None
    return review_problems(block, req, source_of)


def review_problems(doc: Topic | SharedBlock, req: CheckRequest,
                    source_of: Callable[[str], tuple[Path | None, dt.date | None]]) -> list[Problem]:
    """W402 when the facts were reviewed too long ago; W502/W501 for a translation not reviewed or left behind."""
    out = []
    if _months(doc.reviewed, req.today) > req.max_age_months:
        out.append(Problem(doc.reviewed_loc or Loc(doc.path), f"facts last reviewed {doc.reviewed}, more than "
                                                              f"{req.max_age_months} months ago; re-check them "
                                                              "against the sources and update the date", "W402"))
    t = doc.translation
    if t is None:
        return out
    loc = t.loc or Loc(doc.path)
    if t.method == "machine" and not t.reviewed_by:
        out.append(Problem(loc, "machine translation not yet reviewed; have a fluent speaker review it and "
                                "set reviewed_by to their name", "W502"))
    path, source_reviewed = source_of(t.from_lang)
    if path is None:
        shown = str(Path(doc.path).with_name(f"{t.from_lang}.yaml"))
        return [*out, Problem(loc, f"translated from '{t.from_lang}', but {shown} does not exist", "E101")]
    now = source_hash(path)
    if t.source_hash and t.source_hash != now:
        out.append(Problem(loc, f"{display(path)} changed since this translation (source_hash {t.source_hash}, now "
                                f"{now}); bring the translation up to date and set source_hash: {now}", "W501"))
    elif not t.source_hash and source_reviewed and source_reviewed > doc.reviewed:
        out.append(Problem(loc, f"{display(path)} was reviewed {source_reviewed}, after this translation "
                                f"({doc.reviewed}); bring it up to date and set reviewed", "W501"))
    return out


def source_hash(path: Path) -> str:
    """The short hash a translation records of the file it was translated from."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colours.to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def plates_problem(name: str, size: float, colour: str, value: str, press: str = DEFAULT_PRESS) -> str | None:
    """Why small text in this colour is at risk on a press (several plates must register), or None."""
    if size >= SMALL_TEXT or not colours.is_colour(value):
        return None
    cmyk = press_ink(value, press)
    if plates(cmyk) <= 1:
        return None
    inks = " ".join(f"{ink}{round(v * 100)}" for ink, v in zip("CMYK", cmyk, strict=True) if v >= 0.05)
    named = f"{colour} ({value})" if colour != value else value
    return (f"style '{name}' sets {size:g} pt text in {named}, which a press prints from {plates(cmyk)} plates "
            f"({inks} on {press}); a slight misregistration blurs text this small: set it in black or another one-ink "
            f"colour (e.g. cmyk(0, 0, 0, 100), cmyk(100, 0, 0, 0)), or at {SMALL_TEXT:g} pt or more")


def reversed_problem(name: str, size: float, ink: str, ground_name: str, ground: str,
                     press: str = DEFAULT_PRESS) -> str | None:
    """Why small white text on this background is at risk on a press (its plates must register), or None."""
    if size >= SMALL_TEXT or colours.NAMED.get(ink, ink).upper() != "#FFFFFF" or not colours.is_colour(ground):
        return None
    cmyk = press_ink(ground, press)
    if plates(cmyk) <= 1:
        return None
    named = f"{ground_name} ({ground})" if ground_name != ground else ground
    return (f"style '{name}' sets {size:g} pt white text on {named}, a background a press prints from "
            f"{plates(cmyk)} plates: a slight misregistration leaves coloured edges inside letters this small; "
            f"set it at {SMALL_TEXT:g} pt or more, or on a one-ink background")


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def layout_problems(layout: Layout, profile: LocalProfile) -> list[Problem]:
    """Styles below the legible floor (W601), text colours that do not stand out from their background (W602),
    and small text in a colour a press prints from several plates (W608)."""
    out = []

    def real(name: str) -> str:
        return profile.brand.get(name.removeprefix("brand."), DEFAULT_BRAND.get(name.removeprefix("brand."), name))

    for style in layout.styles.values():
        if style.min_size < LEGIBLE_FLOOR:
            out.append(Problem(style.loc or Loc(layout.path), f"min_size {style.min_size:g} pt is below "
                                                               f"{LEGIBLE_FLOOR:g} pt, too small to read in print; "
                                                               f"raise it", "W601"))
        problem = plates_problem(style.name, style.size, style.color, real(style.color))
        if problem:
            out.append(Problem(style.loc or Loc(layout.path), problem, "W608"))

    for face in layout.faces:
        for region in face.regions:
            ground = real(region.background or face.background or "brand.paper")
            for block in region.blocks:
                textless = block.kind in ("qr", "rule", "spacer", "logo", "picture", "write-in")
                used = set() if textless else {block.style}
                if block.kind == "sections" or block.heading:
                    used.add("heading")
                for name in sorted(used):
                    ink = real(layout.styles[name].color)
                    reversed_ = reversed_problem(name, layout.styles[name].size, ink, region.background
                                                 or face.background or "brand.paper", ground)
                    if reversed_:
                        out.append(Problem(block.loc, reversed_, "W609"))
                    ratio = contrast(ink, ground)
                    if ratio < MIN_CONTRAST:
                        out.append(Problem(block.loc, f"style '{name}' ({ink}) on {ground} has contrast "
                                                      f"{ratio:.1f}:1, below {MIN_CONTRAST}:1; darken the text or "
                                                      "lighten the background", "W602"))
    return out


def plan_problems(plan: PagePlan, where: Loc | None = None) -> list[Problem]:
    """QR codes: link scheme (W603) and printed size (W604); bitmaps under 300 ppi where they print (W605);
    a page's flowing text filling less than the threshold (W606); a heading at the foot of a column (W607)."""
    out = []
    here = where or Loc("")
    # A flow's last page only: a middle page may end early to keep a heading with its list, or to give one idea
    # its own page in a zine; a last page nearly empty is what looks unfinished.
    last = {region.flow: fi for fi, face in enumerate(plan.faces) for region in face.regions
            if region.flow and region.used}
    for fi, face in enumerate(plan.faces):
        flows = [r for r in face.regions if r.flow]
        room = sum(r.room for r in flows)
        if fi in last.values() and flows and room and sum(r.used for r in flows) / room < FILL:
            filled = sum(r.used for r in flows) / room
            out.append(Problem(here, f"page '{face.name}' of '{plan.title}' is {filled:.0%} filled (under "
                                     f"{FILL:.0%}): shorten the content so it ends on the page before, "
                                     "or give it more to say", "W606"))
        for region in flows:
            if region.ends_with_heading:
                out.append(Problem(here, f"region '{region.name}' of '{plan.title}' ends with a heading whose text "
                                         "starts on the next page or column", "W607"))
    for face in plan.faces:
        for op in face.ops:
            if isinstance(op, PictureOp):
                found = ppi(op.picture, op.rect[2])
                if found is not None and found < BITMAP_WARN_PPI:
                    out.append(Problem(op.loc or Loc(""), f"'{op.picture.ref}' prints at {found:.0f} ppi "
                                                          f"({op.rect[2] / 72:.2f} in wide); print shops ask for "
                                                          f"{BITMAP_WARN_PPI} ppi: use a larger file or an SVG",
                                       "W605"))
            if not isinstance(op, QrOp):
                continue
            loc = op.loc or Loc("")
            scheme = op.url.partition(":")[0].lower()
            if scheme not in QR_SCHEMES:
                out.append(Problem(loc, f"QR link '{op.url}' is not https:, tel: or sms:; phones warn about "
                                        "plain http links, so use https://", "W603"))
            size = op.rect[2]
            module = size / (len(op.modules) + 2 * op.quiet)
            if size < MIN_QR - 0.01 or module < MIN_MODULE:
                out.append(Problem(loc, f"QR code prints {size / MM:.1f} mm wide with {module / MM:.2f} mm modules; "
                                        "make it at least 20 mm with 0.4 mm modules, or use a shorter link", "W604"))
    return out


def entry_problems(entry: Entry, req: CheckRequest) -> list[Problem]:
    """A state law entry's age (W701) and sunset (E702, W703)."""
    out = sunset_problems(entry, req.today)
    if _months(entry.checked, req.today) > req.max_age_months:
        out.append(Problem(entry.locs["checked"], f"the statute was last checked {entry.checked}, more than "
                                                  f"{req.max_age_months} months ago; re-read it and update "
                                                  "checked", "W701"))
    return out


def _months(since: dt.date, today: dt.date) -> float:
    return (today.year - since.year) * 12 + today.month - since.month + (today.day - since.day) / 31


def split_builtin(findings: list[Finding], project_dir: Path) -> tuple[list[Finding], list[Finding]]:
    """The findings about the project's own files, and those about built-in files it does not own."""
    if project_dir.resolve() == BUILTIN_ROOT.resolve():
        return findings, []
    own, builtin = [], []
    for f in findings:
        inside = bool(f.loc.path) and Path(f.loc.path).resolve().is_relative_to(BUILTIN_ROOT.resolve())
        (builtin if inside else own).append(f)
    return own, builtin


# ---- the sweep --------------------------------------------------------------------------------------
def _usage(loc: Loc, exc: UsageError) -> Problem:
    return Problem(loc, exc.format_message(), "E102")


def check_many(req: CheckRequest, profiles: list[Path]) -> CheckReport:
    """Check the request with each profile (a program's details can overflow a box another's fit); one report:
    a finding seen with several profiles counts once, the documents of every profile are counted."""
    merged = CheckReport()
    for profile in profiles:
        report = check(replace(req, profile=profile))
        merged.findings |= report.findings
        merged.grades = merged.grades or report.grades  # the content's grades do not depend on the profile
        merged.documents += report.documents
    return merged


def check(req: CheckRequest) -> CheckReport:
    """Check every requested topic x format x size x language; nothing is written."""
    project = Project.at(req.project_dir)
    resolver = Resolver(project)
    report = CheckReport()
    profile_loc = Loc(display(req.profile))
    try:
        profile = resolver.profile(req.profile)
    except InputError as exc:
        report.add(exc.problems)
        return report
    except UsageError as exc:
        report.add([_usage(profile_loc, exc)])
        return report
    layouts: list[tuple[str, Layout]] = []
    for fmt in req.formats or tuple(project.formats()):
        try:
            layouts.append((fmt, resolver.layout(fmt)))
        except InputError as exc:
            report.add(exc.problems)
        except UsageError as exc:
            report.add([_usage(Loc("layouts"), exc)])
    for _, layout in layouts:
        report.add(layout_problems(layout, profile))
    for slug, code in resolver.entries():
        try:
            entry = resolver.entry(slug, code)
        except InputError as exc:
            report.add(exc.problems)
            continue
        if entry is not None:
            report.add(entry_problems(entry, req))
    for slug in req.topics or tuple(resolver.topics):
        if slug not in resolver.topics:
            try:
                resolver.topic(slug, "en")
            except UsageError as exc:
                report.add([_usage(Loc(f"content/{slug}"), exc)])
            continue
        for lang in req.langs or tuple(project.languages(slug)):
            here = Loc(f"content/{slug}/{lang}.yaml")
            if ambiguous(lang):
                report.add([_usage(here, UsageError(ambiguous(lang) or ""))])
                continue
            try:
                topic = resolver.topic(slug, lang)
            except InputError as exc:
                report.add(exc.problems)
                continue
            except UsageError as exc:
                report.add([_usage(here, exc)])
                continue
            report.add(topic_problems(topic, resolver, req))
            for name in topic.shared:
                report.add(shared_problems(resolver.shared(name, lang), resolver, req))
            found = reading_grades(topic, resolver.rules(lang))
            report.add(grade_problem(topic, found))
            if found:
                worst = max(found, key=lambda g: g.grade)
                report.grades.append({"topic": slug, "lang": lang, "grade": worst.grade, "formula": worst.formula,
                                      "formulas": {g.formula: g.grade for g in found},
                                      "words": worst.words, "sentences": worst.sentences})
            else:  # no validated grade formula for this language: say so rather than invent one
                report.grades.append({"topic": slug, "lang": lang, "grade": None, "formula": None, "formulas": {},
                                      "words": None, "sentences": None})
            for fmt, layout in layouts:
                for size in layout.sizes:
                    report.documents += 1
                    try:
                        report.add(plan_problems(compose(resolver.job(slug, fmt, lang, profile, size)),
                                                 Loc(f"content/{slug}/{lang}.yaml", key=f"{fmt} {size}")))
                    except InputError as exc:
                        report.add(exc.problems)
                    except UsageError as exc:
                        report.add([_usage(here, exc)])
    return report
