"""The pipeline, in order: resolve -> compose -> impose -> draw -> write, for every requested document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import fonts
from .compose import compose
from .draw import draw
from .errors import PamphletsError
from .impose import one_up
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

    @property
    def ok(self) -> bool:
        """True when every document was built."""
        return not self.failed


def render_job(job: Job) -> tuple[bytes, int]:
    """Compose, impose and draw one job; returns the PDF bytes and its page count."""
    plan = compose(job)
    sheets = one_up(plan, marks=False)
    title = plain(parse(job.topic.title.source))
    pdf = draw(plan, sheets, title=title, regular_font=fonts.family(job.layout.font_family).font("regular"))
    return pdf, len(sheets.sheets)


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
    topics = request.topics or tuple(project.topics())
    for slug in topics:
        if slug not in project.topics():
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
                    job = resolver.job(slug, fmt, lang, profile, size)
                    pdf, pages = render_job(job)
                    path = out_dir / job.output_name
                    write_atomic(path, pdf)
                except PamphletsError as exc:
                    report.failed.append((name, exc.format_message()))
                    continue
                built = Built(path, pages)
                report.built.append(built)
                if on_done:
                    on_done(built)
    return report
