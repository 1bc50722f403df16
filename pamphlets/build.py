"""The pipeline, in order: resolve -> compose -> impose -> draw -> write, for every requested document.

Documents are independent, so they are built in worker processes (results are byte-identical to a serial build,
and written in request order), and skipped when a cache says none of their inputs has changed.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import signal
from collections.abc import Callable, Generator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .compose import compose
from .draw import Meta, draw
from .errors import InputError, PamphletsError, UsageError
from .impose import PAPERS, SheetPlan, n_up, on_stock, one_up, paper_name, saddle, trim_pages
from .jurisdictions import DIR as JURISDICTIONS
from .loader import display
from .markup import parse, plain
from .models import Job, Topic
from .presses import DEFAULT_PRESS, PRESSES
from .project import CHECKS_DIR, LABELS_DIR, Project
from .record import record
from .resolve import Resolver, output_name
from .stock import MM, STOCKS
from .text.languages import ambiguous
from .write import inside, io_error, is_file_name, shown, write_atomic

if TYPE_CHECKING:  # imported where used: a build with one worker needs neither (~15 ms of a fresh process)
    import concurrent.futures as cf

CACHE_FILE = ".pamphlets-cache.json"
CACHE_FORMAT = 2  # part of every cache key: entries written in another shape are rebuilt, never misread
STALE_DIR = "stale"  # where the files of a document that failed to rebuild are moved: kept, but not current


class Interrupted(PamphletsError):
    """Ctrl-C during a build: what finished is kept (files and cache entries); exit code 130, like a shell."""

    exit_code = 130

    def __init__(self, kept: int) -> None:
        super().__init__(f"interrupted; {kept} document(s) built are kept; build again to finish")


@record
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
    pdfx: bool = False  # the print-shop file is PDF/X-1a:2003 for the press's printing condition
    stock: str | None = None  # perforated card stock the home-print card sheet is placed on (avery-5371)
    press: str = DEFAULT_PRESS  # the printing condition CMYK colours are converted for (pamphlets.presses)


@record
class Output:
    """One file a document produces."""

    name: str
    pdf: bytes
    pages: int


@record
class Result:
    """What building one Spec gave: its files, or the message of why it failed."""

    spec: Spec
    name: str  # the print-shop file's name, to report the document by
    outputs: tuple[Output, ...] = ()
    notes: tuple[str, ...] = ()
    error: str | None = None
    per_sheet: int = 0  # copies on one home-print sheet (0: no home sheet)
    shop_pages: int = 0
    cached: bool = False  # True: nothing it is made from changed, so its files were left as they were


@record
class Built:
    """A file written (or, when `cached`, left as it was because nothing it depends on changed)."""

    path: Path
    pages: int
    cached: bool = False


@dataclass
class BuildReport:
    """What a build wrote, what it could not build (with the message), and notes worth reading.

    `notes` holds only what is new in this run (one line per distinct note, and files moved to stale/), so a
    rebuild does not repeat every document's notes; each Result keeps its own notes for a verbose listing.
    """

    built: list[Built] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    out_dir: Path | None = None

    @property
    def ok(self) -> bool:
        """True when every document was built."""
        return not self.failed

    @property
    def written(self) -> list[Built]:
        """The files written by this run (the ones a verbose listing prints, one 'wrote' line each)."""
        return [b for b in self.built if not b.cached]

    def summary(self) -> str:
        """One line for a successful build: how many documents were built, files written and where."""
        fresh = sum(1 for r in self.results if not r.error and not r.cached)
        current = sum(1 for r in self.results if not r.error and r.cached)
        if not fresh:
            return f"nothing changed: {current} document(s) up to date"
        where = f" to {display(self.out_dir)}/" if self.out_dir is not None else ""
        also = f", {current} up to date" if current else ""
        return f"{fresh} document(s) built ({len(self.written)} file(s) written{where}){also}"


def group_notes(results: list[Result]) -> list[str]:
    """One line per distinct note: 'name: note' for one document, 'name and N more: note' for several."""
    by_note: dict[str, list[str]] = {}
    for result in results:
        for note in result.notes:
            by_note.setdefault(note, []).append(result.name)
    return [f"{names[0]}: {note}" if len(names) == 1 else f"{names[0]} and {len(names) - 1} more: {note}"
            for note, names in by_note.items()]


# ---- one document ---------------------------------------------------------------------------------------
def render_job(job: Job, spec: Spec) -> tuple[list[Output], list[str], int]:
    """Compose once, then impose and draw the print-shop file and the layout's home-print sheet, if any."""
    plan = compose(job)
    marks = spec.marks if spec.marks is not None else job.layout.bleed > 0
    organization = job.profile.fields.get("organization", "")
    meta = Meta(plain(parse(job.topic.title.source)), job.topic.lang,
                organization if isinstance(organization, str) else "", plain(parse(job.topic.summary.source)),
                job.topic.reviewed)

    def pdf(sheets: SheetPlan, pdfx: bool = False) -> bytes:
        return draw(plan, sheets, meta=replace(meta, pdfx=PRESSES[spec.press] if pdfx else None),
                    use_cmyk=spec.cmyk, press=spec.press)

    shop = one_up(plan, marks=marks)
    # PDF/X is for the print shop; the home-print sheet stays a plain file for an office printer.
    outputs = [Output(job.output_name, pdf(shop, spec.pdfx), len(shop.sheets))]
    notes: list[str] = list(job.notes)
    kind = job.layout.home_sheet
    sheet: SheetPlan | None = None
    paper = spec.paper or "letter"
    if kind == "grid" and spec.stock and STOCKS[spec.stock].size in job.layout.sizes:  # a card on perforated stock
        stock = STOCKS[spec.stock]
        face = plan.faces[0]
        if abs(face.width - stock.card[0]) > 0.5 or abs(face.height - stock.card[1]) > 0.5:
            raise UsageError(f"--stock {stock.name} holds cards of {stock.card[0] / MM:.0f} x {stock.card[1] / MM:.0f} "
                             f"mm; this card is {face.width / MM:.0f} x {face.height / MM:.0f} mm; leave out --size "
                             f"or use --size {stock.size}")
        sheet, paper = on_stock(plan, stock, duplex=spec.duplex), stock.name
    elif kind == "grid":
        sheet = n_up(plan, PAPERS[paper], duplex=spec.duplex)
        if sheet is None:  # said of the document (Result.name), so a report can group the same note
            notes.append(f"larger than {paper} paper, so no home-print sheet; send the print-shop file to a printer")
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
    layout = resolver.layout(spec.fmt)
    if spec.stock and layout.home_sheet == "grid" and STOCKS[spec.stock].size in layout.sizes:
        return STOCKS[spec.stock].size  # the card size that stock holds
    if not spec.paper:
        return None
    if spec.paper in layout.sizes:
        return spec.paper
    if layout.home_sheet == "saddle":  # a booklet: the page size of which two side by side are the paper (A5 on A4)
        return next((name for name, (w, h) in layout.sizes.items() if paper_name(2 * w, h) == spec.paper), None)
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
        stale = resolver.stale_claims(spec.topic, spec.lang)
        if stale:
            raise InputError(stale)
        outputs, notes, per_sheet = render_job(job, spec)
        bad = [o.name for o in outputs if not is_file_name(o.name)]
        if bad:  # a name is made from topic, format, size and language: it must name a file in the output folder
            raise UsageError(f"{shown(bad[0])} cannot be a file name in the output folder (it holds a path); "
                             "use plain topic, format, size and language names")
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
    # What does not depend on the program is looked up once per run (a run of many programs did the same dozens of
    # file-system lookups for each).
    before, after, last = resolver.once(("inputs", spec.topic, spec.fmt, spec.lang),
                                        lambda: _spec_inputs(resolver, spec))
    found = [*before, profile_path if profile_path.is_file() else project.find(*profile_path.parts), *after]
    try:
        profile = resolver.profile(profile_path)
        if profile.logo:  # a new logo file is a new document
            found.append(Path(profile.path).parent / profile.logo)
    except PamphletsError:
        pass  # reported by the build
    return [p for p in found if p is not None] + last


def _spec_inputs(resolver: Resolver, spec: Spec) -> tuple[list[Path | None], list[Path | None], list[Path]]:
    """A spec's input files that do not depend on the program: those hashed before the profile, after it, and
    last (shared blocks and the topic's state law entries)."""
    project = resolver.project
    before = [project.find("content", spec.topic, f"{spec.lang}.yaml"), project.find("layouts", f"{spec.fmt}.yaml"),
              project.find("content", LABELS_DIR, f"{spec.lang}.yaml")]
    after: list[Path | None] = [*project.find_all("content", CHECKS_DIR, f"{spec.lang}.yaml")]
    jurisdictions = [p for root in project.roots for p in (root / "content" / spec.topic / JURISDICTIONS).glob("*")
                     if p.is_file()]  # a folder there is reported by the build; hashing it would be a traceback
    try:
        topic = resolver.topic(spec.topic, spec.lang)
        shared = resolver.shared_paths(topic, spec.fmt)
        after += picture_files(resolver, topic)
    except PamphletsError:
        shared = []  # the build reports the problem; a broken topic is never cached as built
    return before, after, shared + sorted(jurisdictions)


def picture_files(resolver: Resolver, topic: Topic) -> list[Path | None]:
    """The project files (not library pictures) a topic's steps, figures and cover name."""
    from .pictures import library

    refs = [topic.picture.picture if topic.picture else None, *(t.picture for t in topic.steps)]
    for section in topic.sections:
        refs += [t.picture for t in section.steps] + [f.picture for f in section.figures]
    return [resolver.project.find(*Path(ref).parts) for ref in dict.fromkeys(refs) if ref and ref not in library()]


def cache_key(resolver: Resolver, profile_path: Path, spec: Spec) -> str:
    """A hash of the package version, the spec and the bytes of every input file."""
    h = hashlib.sha256(f"{__version__}\n{CACHE_FORMAT}\n{spec!r}\n".encode())
    for path in inputs(resolver, profile_path, spec):
        try:
            data = resolver.file_bytes(path)
        except OSError:  # the build reads it again and reports it; an unreadable input is never a cache hit
            data = os.urandom(16)
        h.update(str(path).encode() + b"\0" + data + b"\0")
    return h.hexdigest()


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1_000_000


def _entry_problem(name: object, entry: object) -> str | None:
    """Why one cache entry cannot be trusted, or None: every name in it must be a file directly in the folder."""
    if not isinstance(entry, dict) or not isinstance(entry.get("key"), str) or not isinstance(entry.get("files"), dict):
        return "an entry is not a mapping with a key and its files"
    if not is_file_name(name) or not all(is_file_name(f) for f in entry["files"]):
        return "an entry names a path or a hidden file, not a document in the output folder"
    if not all(_count(n) for n in entry["files"].values()):
        return "an entry's page counts are not whole numbers"
    notes = entry.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        return "an entry's notes are not a list of text"
    if not _count(entry.get("per_sheet", 0)) or not _count(entry.get("shop_pages", 0)):
        return "an entry's sheet counts are not whole numbers"
    return None


def load_cache(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The output folder's cache, checked entry by entry: it decides which files are moved, so none is trusted blindly.

    A missing cache is an empty one; anything else that is not a cache this tool wrote (a folder, a list, a name
    with a path in it) stops the build with one line saying to delete it: rebuilding everything is the fix.
    """
    path = out_dir / CACHE_FILE
    fix = "delete it, then build again (everything is rebuilt)"
    if not path.exists() and not path.is_symlink():
        return {}
    if not path.is_file():
        raise PamphletsError(f"{path} is not a file (a folder or something else is in its place); "
                             "move it away, then build again")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise io_error("read", path, exc) from None
    except ValueError:  # not UTF-8, or not JSON
        raise PamphletsError(f"{path} is not a build cache pamphlets can read (it is not JSON); {fix}") from None
    if not isinstance(data, dict):
        kind = {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false"}.get(
            type(data), "empty")
        raise PamphletsError(f"{path} is not a build cache pamphlets can read (it holds {kind}, not a mapping of "
                             f"documents); {fix}")
    for name, entry in data.items():
        problem = _entry_problem(name, entry)
        if problem:
            raise PamphletsError(f"{path} is not a build cache pamphlets can read ({problem}); {fix}")
    return data


def _save_cache(out_dir: Path, cache: dict[str, dict[str, Any]], before: str) -> None:
    text = json.dumps(cache, indent=1, sort_keys=True)
    if text != before:  # written only when something was built or dropped: a failure alone adds no folder
        write_atomic(out_dir / CACHE_FILE, text.encode())


def set_aside(out_dir: Path, name: str, files: dict[str, int]) -> list[str]:
    """Move an earlier build's files of a document that now fails into stale/: kept, but not looking current."""
    notes = []
    stale = out_dir / STALE_DIR
    for file in sorted(set(files) | {name}):
        path = inside(out_dir, file)
        if not path.is_file():
            continue
        if stale.is_symlink() or (stale.exists() and not stale.is_dir()):  # a link could lead anywhere
            raise PamphletsError(f"{stale} is not a folder; move it away, then build again")
        try:
            stale.mkdir(exist_ok=True)
            os.replace(path, inside(stale, file))
        except OSError as exc:
            raise io_error("move", path, exc, elsewhere="choose another output folder with -o") from None
        notes.append(f"moved the earlier {file} to {STALE_DIR}/: it does not have your latest changes")
    return notes


# ---- many documents -------------------------------------------------------------------------------------
def worker_pool(jobs: int, project_dir: Path, resolver: Resolver | None = None,
                warm: Callable[[], object] | None = None) -> cf.ProcessPoolExecutor:
    """Worker processes for a build, started now.

    Where processes start by forking (Linux), a worker starts as a copy of this process: so this process first
    runs warm (one document, built and dropped) and lends the workers its resolver, and each begins with the
    pipeline imported, the fonts loaded and the project's files read, rather than paying about 200 ms for that
    itself. They are started here, before the run's threads exist: forking while another thread holds a lock
    would copy the lock held.
    """
    import concurrent.futures as cf
    import multiprocessing

    pool = cf.ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupt)
    if multiprocessing.get_start_method() != "fork":
        return pool  # spawned workers import everything and read the files themselves (_work)
    if warm is not None:
        with contextlib.suppress(PamphletsError):  # the build itself reports a document that fails
            warm()
    key = str(project_dir)
    if resolver is not None:
        _WORKER[key] = resolver
    # Frozen: the workers' garbage collector never walks what they were forked with (fonts, shaped text, parsed
    # files), which would cost each worker a full collection of that heap and a private copy of every page of it.
    gc.freeze()
    try:
        pool.submit(int).result()  # a forking pool starts all its workers at its first task
    finally:
        gc.unfreeze()  # this process collects as before
        _WORKER.pop(key, None)  # the workers have their copy; a later run in this process reads the files anew
    return pool


def _ignore_interrupt() -> None:
    """Workers leave Ctrl-C to the parent, which keeps what finished and stops them (no traceback per worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop(pool: cf.ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now: they only compute, all writing is the parent's."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public way before Python 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:  # reaped here, so none is left behind as a zombie while the command exits
        process.join(timeout=5)


def run(project_dir: Path, profile_path: Path, specs: list[Spec], jobs: int,
        pool: cf.ProcessPoolExecutor | None = None, resolver: Resolver | None = None
        ) -> Generator[Result, None, None]:
    """Build specs (in worker processes when jobs > 1), yielding results in spec order.

    A pool passed in is shared by several builds (one per profile) and left running: its workers keep their
    fonts, shaping and parsed files from one profile to the next.
    """
    workers = min(jobs, len(specs) - 1)  # the first is built here; a worker more than the rest costs a start
    own = pool is None
    if own:
        resolver = resolver or Resolver(Project.at(project_dir))
        for spec in specs[:1] if workers > 1 else specs:
            yield build_one(resolver, profile_path, spec)
        if workers <= 1:
            return
        # Built here first, so the workers (forked now) start with its imports, fonts and parsed files.
        specs = specs[1:]
        pool = worker_pool(workers, project_dir, resolver)
    assert pool is not None
    n = len(specs)
    try:
        yield from pool.map(_work, [str(project_dir)] * n, [str(profile_path)] * n, specs,
                            chunksize=max(1, n // (max(workers, 1) * 4)))
    except BaseException:  # Ctrl-C, a full disk in the parent, or the caller closing us: stop at once
        _stop(pool)
        raise
    if own:
        pool.shutdown(wait=True)


def build_specs(project_dir: Path, profile_path: Path, specs: list[Spec], out_dir: Path, *, jobs: int = 1,
                on_done: Callable[[Result], None] | None = None,
                pool: cf.ProcessPoolExecutor | None = None, resolver: Resolver | None = None) -> BuildReport:
    """Build what changed; write each document's files atomically; drop the files of documents that failed.

    Whatever stops the build part-way (Ctrl-C, a full disk) the documents already written keep their cache
    entries, so the next build starts where this one stopped.
    """
    resolver = resolver or Resolver(Project.at(project_dir))
    resolver.profile(profile_path)  # every document needs it: a bad profile stops the build here
    cache = load_cache(out_dir)
    cached_text = json.dumps(cache, indent=1, sort_keys=True)
    report = BuildReport(out_dir=out_dir)
    fresh: list[Result] = []
    results: Generator[Result, None, None] | None = None
    try:
        todo, keys = [], {}
        for spec in specs:
            key = keys[spec] = cache_key(resolver, profile_path, spec)
            name = doc_name(spec, resolver)
            hit = cache.get(name)
            if hit and hit["key"] == key and all((out_dir / n).is_file() for n in hit["files"]):
                files: dict[str, int] = hit["files"]
                report.built.extend(Built(out_dir / n, pages, cached=True) for n, pages in files.items())
                report.results.append(Result(spec, name, notes=tuple(hit.get("notes", ())),
                                             per_sheet=hit.get("per_sheet", 0), shop_pages=hit.get("shop_pages", 0),
                                             cached=True))
            else:
                todo.append(spec)
        results = run(project_dir, profile_path, todo, jobs, pool, resolver)
        for result in results:
            old = cache.pop(result.name, None)
            if result.error:
                report.failed.append((result.name, result.error))
                report.notes.extend(set_aside(out_dir, result.name, (old or {}).get("files", {})))
            else:
                for output in result.outputs:
                    write_atomic(inside(out_dir, output.name), output.pdf)
                    report.built.append(Built(out_dir / output.name, output.pages))
                # Written: the report keeps names and page counts, not the bytes, so a long run's memory stays flat.
                result = replace(result, outputs=tuple(replace(o, pdf=b"") for o in result.outputs))
                cache[result.name] = {"key": keys[result.spec], "files": {o.name: o.pages for o in result.outputs},
                                      "notes": list(result.notes), "per_sheet": result.per_sheet,
                                      "shop_pages": result.shop_pages}
                fresh.append(result)
            report.results.append(result)
            if on_done:
                on_done(result)
    except KeyboardInterrupt:
        _close(results)
        _keep(out_dir, cache, cached_text)
        raise Interrupted(len(fresh)) from None
    except BaseException:
        _close(results)
        _keep(out_dir, cache, cached_text)
        raise
    _save_cache(out_dir, cache, cached_text)
    report.notes[:0] = group_notes(fresh)
    order = {spec: i for i, spec in enumerate(specs)}
    report.results.sort(key=lambda r: order[r.spec])
    return report


def _close(results: Generator[Result, None, None] | None) -> None:
    """Stop the workers of an unfinished run (closing its generator runs its clean-up now, not at exit)."""
    if results is not None:
        results.close()


def _keep(out_dir: Path, cache: dict[str, dict[str, Any]], before: str) -> None:
    """Save the cache entries of what finished before the build stopped."""
    # If even that fails (the disk is full), the next build redoes those documents: slower, never wrong.
    with contextlib.suppress(PamphletsError, KeyboardInterrupt):
        _save_cache(out_dir, cache, before)


# ---- the build command's request ------------------------------------------------------------------------
@record
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
    pdfx: bool = False
    stock: str | None = None
    press: str = DEFAULT_PRESS


def specs_for(request: Request, resolver: Resolver) -> list[Spec]:
    """Expand a request into documents; unknown formats and topics are usage errors before anything is built."""
    project = resolver.project
    for kind, names in (("format", request.formats), ("language", request.langs)):
        for name in names:  # each becomes part of a file name: a path here could write outside the output folder
            if not is_file_name(name):
                raise UsageError(f"{shown(name)} is not a {kind} name; a {kind} is a plain name such as "
                                 f"{'fact-sheet' if kind == 'format' else 'en'}")
    for lang in request.langs:
        if ambiguous(lang):
            raise UsageError(ambiguous(lang) or "")
    for fmt in request.formats:
        resolver.layout(fmt)
    for slug in request.topics:
        if slug not in resolver.topics:
            resolver.topic(slug, "en")  # raises the 'unknown topic' error with suggestions
    base = Spec("", "", "", request.size, request.paper, request.duplex, request.marks, request.bleed,
                request.cmyk or request.pdfx, request.pdfx, request.stock, request.press)
    # Listed once per run: a run of many programs expands the same request for each.
    formats = request.formats or tuple(resolver.once(("formats",), project.formats))
    return [replace(base, topic=slug, fmt=fmt, lang=lang)
            for slug in request.topics or tuple(resolver.topics)
            for lang in request.langs or tuple(resolver.once(("languages", slug), partial(project.languages, slug)))
            for fmt in formats]


def build(request: Request, on_done: Callable[[Result], None] | None = None,
          pool: cf.ProcessPoolExecutor | None = None, resolver: Resolver | None = None) -> BuildReport:
    """Build every requested document; a failing document is reported and never written, the others are.

    A resolver passed in is shared by the builds of one run (one per profile): the project's files are read and
    checked once, not once per program. It must not outlive the run, or it would miss edits to the files.
    """
    try:
        resolver = resolver or Resolver(Project.at(request.project_dir))
        profile = resolver.profile(request.profile)
        specs = specs_for(request, resolver)
    except KeyboardInterrupt:  # nothing built yet; build_specs handles Ctrl-C once documents are being written
        raise Interrupted(0) from None
    out_dir = request.out_dir or request.project_dir / "output" / profile.name
    return build_specs(request.project_dir, request.profile, specs, out_dir, jobs=request.jobs, on_done=on_done,
                       pool=pool, resolver=resolver)


def profiles_for(pattern: Path) -> list[Path]:
    """The profiles --local names: one file, every *.yaml in a folder, or a glob pattern ('local/*.yaml')."""
    text = str(pattern)
    if any(ch in text for ch in "*?["):
        found = sorted(p for p in Path().glob(text) if p.is_file()) if not pattern.is_absolute() else sorted(
            p for p in Path(pattern.anchor).glob(str(pattern.relative_to(pattern.anchor))) if p.is_file())
        if not found:
            raise UsageError(f"no local profile matches '{text}'; check the pattern (quote it so the shell does "
                             "not expand it)")
        return found
    if pattern.is_dir():
        found = sorted(pattern.glob("*.yaml"))
        if not found:
            raise UsageError(f"{display(pattern)} holds no local profiles (*.yaml)")
        return found
    return [pattern]


def build_many(request: Request, profiles: list[Path],
               on_done: Callable[[Result], None] | None = None) -> list[tuple[Path, BuildReport | str]]:
    """Build the request for each profile in one run, each into its own folder, sharing one pool of workers."""
    shared = Resolver(Project.at(request.project_dir))  # this run's: layouts and topics read once for all

    def one(profile: Path, pool: cf.ProcessPoolExecutor | None) -> BuildReport:
        out_dir = request.out_dir / profile.stem if request.out_dir is not None else None
        return build(replace(request, profile=profile, out_dir=out_dir), on_done, pool, shared)

    def warm() -> None:  # the first program's first document, built and dropped (see worker_pool)
        specs = specs_for(request, shared)
        if specs:
            build_one(shared, profiles[0], specs[0])

    return for_each_profile(profiles, request.jobs, one, request.project_dir, shared, warm)


def for_each_profile(profiles: list[Path], jobs: int,
                     one: Callable[[Path, cf.ProcessPoolExecutor | None], BuildReport],
                     project_dir: Path | None = None, resolver: Resolver | None = None,
                     warm: Callable[[], object] | None = None) -> list[tuple[Path, BuildReport | str]]:
    """Run one build per profile with one shared pool of workers (their fonts and parsed files carry over).

    A profile that cannot be used is reported (its message in place of a report) and the others are built;
    Ctrl-C stops the workers and the run. With the project's folder, the run's resolver and a warm-up, the
    workers start warm (worker_pool).
    """
    pool = None
    if jobs > 1:
        try:
            pool = worker_pool(jobs, project_dir or Path.cwd(), resolver if project_dir else None, warm)
        except KeyboardInterrupt:
            raise Interrupted(0) from None

    kept: list[int] = []  # documents built by finished programs (what a Ctrl-C keeps)

    def each(profile: Path) -> BuildReport | str:
        try:
            report = one(profile, pool)
        except PamphletsError as exc:
            if isinstance(exc, Interrupted):
                raise
            return exc.format_message()
        kept.append(sum(1 for r in report.results if not r.error and not r.cached))
        return report

    if pool is None:
        return [(profile, each(profile)) for profile in profiles]
    # Programs side by side: while one program's documents are drawn in a worker, the next program's cache keys
    # are hashed and the last one's files written here, so the workers are never left waiting. Two programs per
    # worker in flight measured best (100 programs: ~10% faster than one per worker; three is slower again).
    import concurrent.futures as cf

    threads = cf.ThreadPoolExecutor(max_workers=2 * jobs)
    try:
        futures = [threads.submit(each, profile) for profile in profiles]
        out = [(profile, _waited(future)) for profile, future in zip(profiles, futures, strict=True)]
    except BaseException as exc:  # Ctrl-C: stop the workers first, so the threads waiting on them end at once
        _stop(pool)
        threads.shutdown(wait=False, cancel_futures=True)
        if isinstance(exc, KeyboardInterrupt):
            raise Interrupted(sum(kept)) from None
        raise
    threads.shutdown(wait=True)
    pool.shutdown(wait=True)
    return out


def _waited(future: cf.Future[BuildReport | str]) -> BuildReport | str:
    """A future's result, waited for in short steps: a signal (Ctrl-C) reaches this thread between them."""
    while True:
        try:
            return future.result(timeout=0.1)
        except TimeoutError:  # concurrent.futures.TimeoutError is the builtin one since Python 3.11
            continue


def default_jobs() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
