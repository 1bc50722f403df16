"""The pipeline, in order: resolve -> compose -> impose -> draw -> write, for every requested document.

Documents are independent, so they are built in worker processes (results are byte-identical to a serial build,
and written in request order), and skipped when a cache says none of their inputs has changed.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__, fonts
from .compose import compose
from .draw import draw
from .errors import InputError, PamphletsError
from .impose import PAPERS, SheetPlan, n_up, one_up, paper_name, saddle, trim_pages
from .jurisdictions import DIR as JURISDICTIONS
from .language import word_problems
from .markup import parse, plain
from .models import Job
from .project import CHECKS_DIR, LABELS_DIR, Project
from .resolve import Resolver, output_name
from .write import write_atomic

CACHE_FILE = ".pamphlets-cache.json"
STALE_DIR = "stale"  # where the files of a document that failed to rebuild are moved: kept, but not current


@dataclass(frozen=True)
class Spec:
    """One document to build: a topic in one language, in one layout and size, with print options."""

    topic: str
    fmt: str
    lang: str
    size: str | None = None  # None: the layout's default
    paper: str | None = None  # home-print paper; None: letter
    duplex: str = "long-edge"
    marks: bool | None = None  # None: crop marks when the layout has a bleed
    bleed: float | None = None  # None: the layout's own bleed
    cmyk: bool = False


@dataclass(frozen=True)
class Output:
    """One file a document produces."""

    name: str
    pdf: bytes
    pages: int


@dataclass(frozen=True)
class Result:
    """What building one Spec gave: its files, or the message of why it failed."""

    spec: Spec
    name: str  # the print-shop file's name, to report the document by
    outputs: tuple[Output, ...] = ()
    notes: tuple[str, ...] = ()
    error: str | None = None
    per_sheet: int = 0  # copies on one home-print sheet (0: no home sheet)
    shop_pages: int = 0


@dataclass(frozen=True)
class Built:
    """A file written (or, when `cached`, left as it was because nothing it depends on changed)."""

    path: Path
    pages: int
    cached: bool = False


@dataclass
class BuildReport:
    """What a build wrote, what it could not build (with the message), and notes worth reading."""

    built: list[Built] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every document was built."""
        return not self.failed


# ---- one document ---------------------------------------------------------------------------------------
def render_job(job: Job, spec: Spec) -> tuple[list[Output], list[str], int]:
    """Compose once, then impose and draw the print-shop file and the layout's home-print sheet, if any."""
    plan = compose(job)
    title = plain(parse(job.topic.title.source))
    font = fonts.family(job.layout.font_family).font("regular")
    marks = spec.marks if spec.marks is not None else job.layout.bleed > 0

    def pdf(sheets: SheetPlan) -> bytes:
        return draw(plan, sheets, title=title, regular_font=font, use_cmyk=spec.cmyk)

    shop = one_up(plan, marks=marks)
    outputs = [Output(job.output_name, pdf(shop), len(shop.sheets))]
    notes: list[str] = []
    kind = job.layout.home_sheet
    sheet: SheetPlan | None = None
    paper = spec.paper or "letter"
    if kind == "grid":
        sheet = n_up(plan, PAPERS[paper], duplex=spec.duplex)
        if sheet is None:
            notes.append(f"{job.output_name}: larger than {paper} paper, so no home-print sheet; "
                         "send the print-shop file to a printer")
    elif kind in ("trim", "saddle"):
        sheet = trim_pages(plan) if kind == "trim" else saddle(plan)
        first = sheet.sheets[0]
        paper = paper_name(first.width, first.height) or job.size
    per_sheet = 0
    if sheet is not None:
        name = job.output_name.removesuffix(".pdf") + f".sheet-{paper}.pdf"
        outputs.append(Output(name, pdf(sheet), len(sheet.sheets)))
        per_sheet = len(sheet.sheets[0].placements) if kind == "grid" else 1
    return outputs, notes, per_sheet


def size_for(spec: Spec, resolver: Resolver) -> str | None:
    """--size wins; a paper name that is also a size of the layout picks it (a fact sheet on A4)."""
    if spec.size:
        return spec.size
    if spec.paper and spec.paper in resolver.layout(spec.fmt).sizes:
        return spec.paper
    return None


def doc_name(spec: Spec, resolver: Resolver) -> str:
    """The print-shop file name of a spec (or a readable stand-in when its layout cannot be read)."""
    try:
        layout = resolver.layout(spec.fmt)
    except PamphletsError:
        return f"{spec.topic} {spec.fmt} {spec.lang}"
    size = size_for(spec, resolver) or layout.default_size
    return output_name(spec.topic, spec.fmt, size, layout.default_size, spec.lang)


def build_one(resolver: Resolver, profile_path: Path, spec: Spec) -> Result:
    """Resolve, check, compose, impose and draw one document; a problem becomes the Result's error."""
    name = doc_name(spec, resolver)
    try:
        profile = resolver.profile(profile_path)
        job = resolver.job(spec.topic, spec.fmt, spec.lang, profile, size_for(spec, resolver), spec.bleed)
        # A document carrying a known out-of-date claim is not written (the check's errors).
        stale = [p for p in word_problems(resolver.topic(spec.topic, spec.lang), resolver.rules(spec.lang))
                 if p.code.startswith("E")]
        if stale:
            raise InputError(stale)
        outputs, notes, per_sheet = render_job(job, spec)
    except PamphletsError as exc:
        return Result(spec, name, error=exc.format_message())
    return Result(spec, name, tuple(outputs), tuple(notes), None, per_sheet, outputs[0].pages)


_WORKER: dict[str, Resolver] = {}


def _work(project_dir: str, profile: str, spec: Spec) -> Result:
    """Build one spec in a worker process, keeping that process's resolver (files are read once per worker)."""
    resolver = _WORKER.get(project_dir)
    if resolver is None:
        resolver = _WORKER[project_dir] = Resolver(Project.at(Path(project_dir)))
    return build_one(resolver, Path(profile), spec)


# ---- the cache ------------------------------------------------------------------------------------------
def inputs(resolver: Resolver, profile_path: Path, spec: Spec) -> list[Path]:
    """Every file a document is made from (its cache key hashes them all)."""
    project = resolver.project
    found = [project.find("content", spec.topic, f"{spec.lang}.yaml"),
             project.find("layouts", f"{spec.fmt}.yaml"),
             project.find("content", LABELS_DIR, f"{spec.lang}.yaml"),
             profile_path if profile_path.is_file() else project.find(*profile_path.parts),
             *project.find_all("content", CHECKS_DIR, f"{spec.lang}.yaml")]
    jurisdictions = [p for root in project.roots for p in (root / "content" / spec.topic / JURISDICTIONS).glob("*")]
    try:
        shared = resolver.shared_paths(resolver.topic(spec.topic, spec.lang))
    except PamphletsError:
        shared = []  # the build reports the problem; a broken topic is never cached as built
    return [p for p in found if p is not None] + shared + sorted(jurisdictions)


def cache_key(resolver: Resolver, profile_path: Path, spec: Spec) -> str:
    """A hash of the package version, the spec and the bytes of every input file."""
    h = hashlib.sha256(f"{__version__}\n{spec!r}\n".encode())
    for path in inputs(resolver, profile_path, spec):
        h.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _load_cache(out_dir: Path) -> dict[str, dict[str, object]]:
    try:
        return json.loads((out_dir / CACHE_FILE).read_text())
    except (OSError, ValueError):
        return {}


def set_aside(out_dir: Path, name: str, files: dict[str, int]) -> list[str]:
    """Move an earlier build's files of a document that now fails into stale/: kept, but not looking current."""
    notes = []
    for file in sorted(set(files) | {name}):
        path = out_dir / file
        if path.is_file():
            (out_dir / STALE_DIR).mkdir(exist_ok=True)
            os.replace(path, out_dir / STALE_DIR / file)
            notes.append(f"moved the earlier {file} to {STALE_DIR}/: it does not have your latest changes")
    return notes


# ---- many documents -------------------------------------------------------------------------------------
def run(project_dir: Path, profile_path: Path, specs: list[Spec], jobs: int) -> Iterator[Result]:
    """Build specs (in worker processes when jobs > 1), yielding results in spec order."""
    if jobs <= 1 or len(specs) <= 1:
        resolver = Resolver(Project.at(project_dir))
        for spec in specs:
            yield build_one(resolver, profile_path, spec)
        return
    with cf.ProcessPoolExecutor(max_workers=jobs) as pool:
        n = len(specs)
        yield from pool.map(_work, [str(project_dir)] * n, [str(profile_path)] * n, specs,
                            chunksize=max(1, n // (jobs * 4)))


def build_specs(project_dir: Path, profile_path: Path, specs: list[Spec], out_dir: Path, *, jobs: int = 1,
                on_done: Callable[[Result], None] | None = None) -> BuildReport:
    """Build what changed; write each document's files atomically; drop the files of documents that failed."""
    resolver = Resolver(Project.at(project_dir))
    resolver.profile(profile_path)  # every document needs it: a bad profile stops the build here
    cache = _load_cache(out_dir)
    cached_text = json.dumps(cache, indent=1, sort_keys=True)
    report = BuildReport()
    todo, keys = [], {}
    for spec in specs:
        key = keys[spec] = cache_key(resolver, profile_path, spec)
        hit = cache.get(doc_name(spec, resolver))
        if hit and hit.get("key") == key and all((out_dir / n).is_file() for n in hit["files"]):  # type: ignore[union-attr]
            files: dict[str, int] = hit["files"]  # type: ignore[assignment]
            report.built.extend(Built(out_dir / n, pages, cached=True) for n, pages in files.items())
            result = Result(spec, doc_name(spec, resolver), notes=tuple(hit.get("notes", ())),  # type: ignore[arg-type]
                            per_sheet=int(hit.get("per_sheet", 0)), shop_pages=int(hit.get("shop_pages", 0)))  # type: ignore[arg-type]
            report.results.append(result)
            report.notes.extend(result.notes)
        else:
            todo.append(spec)
    for result in run(project_dir, profile_path, todo, jobs):
        report.results.append(result)
        old = cache.pop(result.name, None)
        if result.error:
            report.failed.append((result.name, result.error))
            report.notes.extend(set_aside(out_dir, result.name, (old or {}).get("files", {})))  # type: ignore[arg-type]
        else:
            for output in result.outputs:
                write_atomic(out_dir / output.name, output.pdf)
                report.built.append(Built(out_dir / output.name, output.pages))
            report.notes.extend(result.notes)
            cache[result.name] = {"key": keys[result.spec], "files": {o.name: o.pages for o in result.outputs},
                                  "notes": list(result.notes), "per_sheet": result.per_sheet,
                                  "shop_pages": result.shop_pages}
        if on_done:
            on_done(result)
    text = json.dumps(cache, indent=1, sort_keys=True)
    if text != cached_text:  # written only when something was built or dropped: a failure alone adds no folder
        write_atomic(out_dir / CACHE_FILE, text.encode())
    order = {spec: i for i, spec in enumerate(specs)}
    report.results.sort(key=lambda r: order[r.spec])
    return report


# ---- the build command's request ------------------------------------------------------------------------
@dataclass(frozen=True)
class Request:
    """What `pamphlets build` was asked for: empty tuples mean 'everything there is'."""

    project_dir: Path
    profile: Path
    topics: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    size: str | None = None
    paper: str | None = None
    out_dir: Path | None = None
    duplex: str = "long-edge"
    marks: bool | None = None
    bleed: float | None = None
    cmyk: bool = False
    jobs: int = 1


def specs_for(request: Request, resolver: Resolver) -> list[Spec]:
    """Expand a request into documents; unknown formats and topics are usage errors before anything is built."""
    project = resolver.project
    for fmt in request.formats:
        resolver.layout(fmt)
    for slug in request.topics:
        if slug not in resolver.topics:
            resolver.topic(slug, "en")  # raises the 'unknown topic' error with suggestions
    base = Spec("", "", "", request.size, request.paper, request.duplex, request.marks, request.bleed, request.cmyk)
    return [replace(base, topic=slug, fmt=fmt, lang=lang)
            for slug in request.topics or tuple(resolver.topics)
            for lang in request.langs or tuple(project.languages(slug))
            for fmt in request.formats or tuple(project.formats())]


def build(request: Request, on_done: Callable[[Result], None] | None = None) -> BuildReport:
    """Build every requested document; a failing document is reported and never written, the others are."""
    resolver = Resolver(Project.at(request.project_dir))
    profile = resolver.profile(request.profile)
    specs = specs_for(request, resolver)
    out_dir = request.out_dir or request.project_dir / "output" / profile.name
    return build_specs(request.project_dir, request.profile, specs, out_dir, jobs=request.jobs, on_done=on_done)


def default_jobs() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
