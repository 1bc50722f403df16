"""The pipeline, in order: resolve -> compose -> impose -> draw -> write, for every requested document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import fonts
from .compose import compose
from .draw import draw
from .errors import InputError, PamphletsError
from .impose import PAPERS, SheetPlan, n_up, one_up, paper_name, saddle, trim_pages
from .language import word_problems
from .markup import parse, plain
from .models import Job
from .project import Project
from .resolve import Resolver, output_name
from .write import write_atomic


@dataclass(frozen=True)
class Request:
    """What to build: empty tuples mean 'everything there is'."""

    project_dir: Path
    profile: Path
    topics: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    size: str | None = None
    paper: str | None = None
    out_dir: Path | None = None
    duplex: str = "long-edge"
    marks: bool | None = None  # None: crop marks when the layout has a bleed
    bleed: float | None = None  # None: the layout's own bleed
    cmyk: bool = False  # every colour as CMYK, for offset printing


@dataclass(frozen=True)
class Built:
    """A document written."""

    path: Path
    pages: int


@dataclass
class BuildReport:
    """What a build wrote and what it could not build (each failure with its message)."""

    built: list[Built] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document name, message)
    notes: list[str] = field(default_factory=list)  # things a user should know that are not failures

    @property
    def ok(self) -> bool:
        """True when every document was built."""
        return not self.failed


@dataclass(frozen=True)
class Output:
    """One file a job produces."""

    name: str
    pdf: bytes
    pages: int


def render_job(job: Job, request: Request) -> tuple[list[Output], list[str]]:
    """Compose once, then impose and draw the print-shop file and (if the layout has one) the home-print sheet."""
    plan = compose(job)
    title = plain(parse(job.topic.title.source))
    font = fonts.family(job.layout.font_family).font("regular")
    marks = request.marks if request.marks is not None else job.layout.bleed > 0
    shop = one_up(plan, marks=marks)
    def pdf(sheets: SheetPlan) -> bytes:
        return draw(plan, sheets, title=title, regular_font=font, use_cmyk=request.cmyk)

    outputs = [Output(job.output_name, pdf(shop), len(shop.sheets))]
    notes = []
    kind = job.layout.home_sheet
    sheet: SheetPlan | None = None
    paper = request.paper or "letter"
    if kind == "grid":
        sheet = n_up(plan, PAPERS[paper], duplex=request.duplex)
        if sheet is None:
            notes.append(f"{job.output_name}: larger than {paper} paper, so no home-print sheet; "
                         "send the print-shop file to a printer")
    elif kind in ("trim", "saddle"):
        sheet = trim_pages(plan) if kind == "trim" else saddle(plan)
        first = sheet.sheets[0]
        paper = paper_name(first.width, first.height) or job.size
    if sheet is not None:
        name = job.output_name.removesuffix(".pdf") + f".sheet-{paper}.pdf"
        outputs.append(Output(name, pdf(sheet), len(sheet.sheets)))
    return outputs, notes


def _size_for(request: Request, resolver: Resolver, fmt: str) -> str | None:
    """--size wins; --paper picks the layout's size of that name (a fact sheet on A4); else the default."""
    if request.size:
        return request.size
    if request.paper and request.paper in resolver.layout(fmt).sizes:
        return request.paper
    return None


def build(request: Request, on_done: Callable[[Built], None] | None = None) -> BuildReport:
    """Build every requested document; a failing document is reported and never written, the others are."""
    project = Project.at(request.project_dir)
    resolver = Resolver(project)
    profile = resolver.profile(request.profile)  # every document needs it: a bad profile stops the build
    for fmt in request.formats:
        resolver.layout(fmt)  # an unknown format is a usage error, before anything is built
    topics = request.topics or tuple(resolver.topics)
    for slug in topics:
        if slug not in resolver.topics:
            resolver.topic(slug, "en")  # raises the 'unknown topic' error with suggestions
    formats = request.formats or tuple(project.formats())
    out_dir = request.out_dir or request.project_dir / "output" / profile.name
    report = BuildReport()
    for slug in topics:
        for lang in request.langs or tuple(project.languages(slug)):
            for fmt in formats:
                name = f"{slug} {fmt} {lang}"
                try:
                    size = _size_for(request, resolver, fmt)
                    layout = resolver.layout(fmt)
                    name = output_name(slug, fmt, size or layout.default_size, layout.default_size, lang)
                    job = resolver.job(slug, fmt, lang, profile, size, request.bleed)
                    # A document carrying a known out-of-date claim is not written (the check's errors).
                    stale = word_problems(resolver.topic(slug, lang), resolver.rules(lang))
                    if any(p.code.startswith("E") for p in stale):
                        raise InputError([p for p in stale if p.code.startswith("E")])
                    outputs, notes = render_job(job, request)
                except PamphletsError as exc:
                    report.failed.append((name, exc.format_message()))
                    continue
                report.notes.extend(notes)
                for output in outputs:  # written only once every file of the job has been made
                    built = Built(out_dir / output.name, output.pages)
                    write_atomic(built.path, output.pdf)
                    report.built.append(built)
                    if on_done:
                        on_done(built)
    return report
