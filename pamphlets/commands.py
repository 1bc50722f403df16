"""The command line: `pamphlets build ...`. Errors are printed here, once, without a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .errors import PamphletsError, UsageError
from .paper import DUPLEX, PAPERS
from .stock import STOCKS
from .units import UnitError, to_points

if TYPE_CHECKING:  # the pipeline is imported by the commands that run it, so `pamphlets --help` stays fast
    from .build import BuildReport, Result
    from .project import Project
    from .resolve import Resolver

DEFAULT_PROFILE = Path("local/example.yaml")
REPORTS = ("text", "json")
PROJECT = click.Path(path_type=Path, file_okay=False, exists=True)  # a typo must not build the built-in library


def default_profile(project_dir: Path) -> Path:
    """The project's configured profile (pamphlets.yaml), else the sample one."""
    from .scaffold import CONFIG, configured_profile

    configured = configured_profile(project_dir)
    if configured is not None and not configured.is_file():
        raise PamphletsError(f"{project_dir / CONFIG}: profile: {configured} does not exist; fix the name in "
                             f"{CONFIG}, or pass --local with your profile")
    return configured or DEFAULT_PROFILE


def _length(value: str) -> float:
    """A length option such as 3mm, in points; a bad one is a usage error."""
    try:
        return to_points(value)
    except UnitError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pamphlets")
def main() -> None:
    """Turn harm-reduction content into print-ready PDFs with your program's local details."""


def run() -> None:
    """The installed command: main(), then leave without tearing the interpreter down.

    At exit Python frees every object one by one; after a build that is its fonts, shaping and parsed files,
    about 35 ms measured, a tenth of a one-document build. By then every file the command wrote is closed and on
    disk and every pool it started is shut down, so skipping that costs nothing (mypy exits the same way).
    """
    try:
        main()  # click's standalone mode always ends in SystemExit
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):  # SystemExit("message"): printed, as Python does
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # the reader went away (`| head`) or a stream was closed
        code = code or 1
    os._exit(code)


@main.command("build")
@click.argument("topics", nargs=-1)
@click.option("--format", "-f", "--layout", "formats", multiple=True,
              help="Layout to build (repeatable); default: all.")
@click.option("--lang", "-l", "langs", multiple=True, help="Language code (repeatable); default: all written.")
@click.option("--local", "profile", type=click.Path(path_type=Path),
              help="Local profile with your organisation's details (default: pamphlets.yaml's, or "
                   "local/example.yaml); a folder or a quoted pattern ('local/*.yaml') builds every profile in it.")
@click.option("--size", help="Layout size, e.g. a4 for a fact sheet; default: the layout's own default.")
@click.option("--paper", type=click.Choice(list(PAPERS)), help="Paper you print on (picks the A4 fact sheet).")
@click.option("--output", "-o", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the PDFs; default: output/<profile>/.")
@click.option("--duplex", type=click.Choice(DUPLEX), default=DUPLEX[0], show_default=True,
              help="How your printer flips two-sided sheets: the home-print backs are placed to match.")
@click.option("--marks/--no-marks", default=None,
              help="Crop marks on the print-shop file (default: when it has bleed).")
@click.option("--bleed", callback=lambda ctx, param, value: None if value is None else _length(value),
              help="Bleed for the print-shop file, e.g. 3mm or 0.125in (default: the layout's).")
@click.option("--cmyk", is_flag=True, help="Every colour in CMYK (black text as black ink only), for offset printing.")
@click.option("--pdfx", is_flag=True, help="The print-shop file as PDF/X-1a:2003 (implies --cmyk).")
@click.option("--press", type=click.Choice(["gracol", "swop", "fogra39"]), default="gracol", show_default=True,
              help="The printing condition for --cmyk and --pdfx: colours are converted through its ICC profile "
                   "(gracol: CGATS TR 006, US sheet-fed; swop: CGATS TR 003, US publication; fogra39: Europe).")
@click.option("--stock", type=click.Choice(list(STOCKS)),
              help="Perforated card stock to print wallet cards on at home (cards land on its cards).")
@click.option("--jobs", "-j", type=click.IntRange(1), help="Worker processes (default: all cores).")
@click.option("--project", "project_dir", type=PROJECT, default=Path("."),
              help="Project folder whose content/ and layouts/ override the built-in ones.")
@click.option("--verbose", "-v", is_flag=True, help="List every file written (default: a one-line summary).")
def build_command(topics: tuple[str, ...], formats: tuple[str, ...], langs: tuple[str, ...], profile: Path,
                  size: str | None, paper: str | None, out_dir: Path | None, duplex: str, marks: bool | None,
                  bleed: float | None, cmyk: bool, pdfx: bool, press: str, stock: str | None, jobs: int | None,
                  project_dir: Path, verbose: bool) -> None:
    """Build TOPICS (default: every topic) in every format and language into PDFs."""
    from .build import Request, build, build_many, default_jobs, profiles_for

    request = Request(project_dir, profile or default_profile(project_dir), topics, formats, langs, size, paper,
                      out_dir, duplex, marks, bleed, cmyk, jobs or default_jobs(), pdfx, stock, press)
    profiles = profiles_for(request.profile)
    if len(profiles) == 1:
        with progress(verbose) as done:
            report = build(replace(request, profile=profiles[0]), on_done=done)
        finish(report)
        return
    with progress(verbose) as done:  # many programs in one run: a folder of PDFs per profile
        reports = build_many(request, profiles, on_done=done)
    finish_many(reports)


@contextmanager
def progress(verbose: bool = False) -> Iterator[Callable[[Result], None]]:
    """With --verbose a line per file written; else a progress bar on a terminal, and nothing elsewhere."""
    if verbose:
        def line(result: Result) -> None:
            for output in result.outputs:
                click.echo(f"wrote {output.name} ({output.pages} page{'s' * (output.pages != 1)})")
        yield line
        return
    if sys.stderr.isatty():
        with click.progressbar(length=0, label="building", file=sys.stderr) as bar:
            def tick(result: Result) -> None:
                bar.length = (bar.length or 0) + 1
                bar.update(1)
            yield tick
        return
    yield lambda result: None


def finish(report: BuildReport) -> None:
    """Print the notes, the failures grouped by message, and the summary; exit 1 if anything failed."""
    for note in report.notes:
        click.echo(f"note: {note}")
    built = sum(1 for r in report.results if not r.error)
    if report.failed:
        by_message: dict[str, list[str]] = {}
        for name, message in report.failed:
            by_message.setdefault(message, []).append(name)
        for message, names in by_message.items():
            click.echo(message, err=True)
            click.echo(f"  (not built: {', '.join(names)})", err=True)
        raise PamphletsError(f"{len(report.failed)} document(s) not built, {built} built; "
                             "fix the problems above and build again (`pamphlets check` lists every problem)")
    click.echo(report.summary())


def finish_many(reports: list[tuple[Path, BuildReport | str]]) -> None:
    """A line per profile (its summary, or what stopped it), then the failures; exit 1 if anything failed."""
    failed = 0
    for profile, report in reports:
        if isinstance(report, str):  # the profile itself could not be used; its message names the file
            failed += 1
            click.echo(report, err=True)
            click.echo(f"  (not built: anything for {profile})", err=True)
            continue
        for note in report.notes:
            click.echo(f"{profile.stem}: note: {note}")
        for name, message in report.failed:
            click.echo(f"{profile.stem}: {message}", err=True)
            click.echo(f"  (not built: {name})", err=True)
        failed += bool(report.failed)
        if report.ok:
            click.echo(f"{profile.stem}: {report.summary()}")
    done = len(reports) - failed
    if failed:
        raise PamphletsError(f"{failed} of {len(reports)} profile(s) had problems, {done} built completely; fix the "
                             "problems above and build again")
    click.echo(f"{len(reports)} profile(s) built")


@main.command("check")
@click.argument("topics", nargs=-1)
@click.option("--format", "-f", "--layout", "formats", multiple=True,
              help="Layout to check (repeatable); default: all. (--layout is the old spelling.)")
@click.option("--lang", "-l", "langs", multiple=True, help="Language code (repeatable); default: all written.")
@click.option("--local", "profile", type=click.Path(path_type=Path),
              help="Local profile to check the content with (default: pamphlets.yaml's, or local/example.yaml); a "
                   "folder or a quoted pattern checks with every profile in it.")
@click.option("--report", "output_format", type=click.Choice(REPORTS),
              help="Report as compiler-style lines (text, the default) or as JSON (for CI).")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit code 1).")
@click.option("--max-age", "max_age", type=click.IntRange(1), default=12, show_default=True,
              help="Months after which a topic's 'reviewed' date is a warning.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Check as of this date (for reproducible CI).")
@click.option("--project", "project_dir", type=PROJECT, default=Path("."),
              help="Project folder whose content/ and layouts/ override the built-in ones.")
def check_command(topics: tuple[str, ...], formats: tuple[str, ...], langs: tuple[str, ...], profile: Path,
                  output_format: str | None, strict: bool, max_age: int, today: object, project_dir: Path) -> None:
    """Preflight TOPICS (default: all) in every layout, size and language; writes nothing."""
    import datetime as dt

    from .build import profiles_for
    from .errors import Loc
    from .findings import Finding, report_json
    from .preflight import CheckReport, CheckRequest, check_many, split_builtin

    # `--format json` was the report's option before layouts took --format, as in `build`: it still works.
    old = [f for f in formats if f in REPORTS]
    output_format = output_format or (old[-1] if old else "text")
    formats = tuple(f for f in formats if f not in REPORTS)
    day = today.date() if isinstance(today, dt.datetime) else dt.date.today()
    try:
        profiles = profiles_for(profile or default_profile(project_dir))  # a folder or pattern: every program
        report = check_many(CheckRequest(project_dir, profiles[0], topics, formats, langs, day, max_age), profiles)
    except PamphletsError as exc:
        if output_format != "json":
            raise
        report = CheckReport()  # JSON readers get JSON, whatever went wrong
        report.findings.add(Finding(Loc(""), "E102", exc.format_message()))
    findings, builtin = split_builtin(report.sorted(), project_dir)
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if output_format == "json":
        click.echo(report_json(findings, report.grades, report.documents), nl=False)
    else:
        for finding in findings:
            click.echo(str(finding))
        for g in report.grades:  # the higher formula counts
            if g["grade"] is None:
                click.echo(f"reading grade: {g['topic']} {g['lang']}: no formula for this language; have a fluent "
                           "reader check it is plain")
                continue
            each = ", ".join(f"{k} {v}" for k, v in g["formulas"].items())  # type: ignore[attr-defined]
            click.echo(f"reading grade: {g['topic']} {g['lang']} {g['grade']} ({each})")
        if builtin:
            codes = sorted({f.code for f in builtin})
            click.echo(f"built-in library: {len(builtin)} finding(s) ({', '.join(codes)}) in files this project does "
                       "not own, not listed; see the README's 'Checking before you print'")
        click.echo(f"{errors} error(s), {warnings} warning(s) in {report.documents} document(s) checked")
    if errors or (strict and warnings):
        raise SystemExit(1)


@main.command("list")
@click.argument("what", type=click.Choice(["topics", "formats", "languages", "jurisdictions", "pictures"]))
@click.option("--project", "project_dir", type=PROJECT, default=Path("."),
              help="Project folder whose content/ and layouts/ override the built-in ones.")
@click.option("--sheet", type=click.Path(path_type=Path, dir_okay=False),
              help="pictures: also write a contact sheet (PDF) of the library to this file.")
def list_command(what: str, project_dir: Path, sheet: Path | None) -> None:
    """List the topics, formats (layouts), languages, state law entries or pictures there are."""
    from .jurisdictions import US_STATES
    from .project import Project
    from .resolve import Resolver

    if what == "pictures":
        _list_pictures(sheet)
        return
    project = Project.at(project_dir)
    resolver = Resolver(project)
    if what == "topics":
        for slug in resolver.topics:
            click.echo(f"{slug}  ({', '.join(project.languages(slug))})")
    elif what == "languages":
        _list_languages(project, resolver)
    elif what == "formats":
        for fmt in project.formats():
            layout = resolver.layout(fmt)
            click.echo(f"{fmt}  sizes: {', '.join(layout.sizes)} (default {layout.default_size})")
    else:
        rows = [("code", "state", "citation", "verified", "checked", "sunset")]
        for slug, code in resolver.entries():
            e = resolver.entry(slug, code)
            if e is not None:
                rows.append((code, e.state.get("en", ""), e.citation, e.verified, str(e.checked),
                             str(e.sunset or "")))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for row in rows:
            click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        covered = {r[0] for r in rows[1:]}
        click.echo(f"{len(covered)} of {len(US_STATES)} jurisdictions have a state card; the others get the "
                   "general card (laws differ by state)")


def _list_pictures(sheet: Path | None) -> None:
    """The built-in pictures: name, what it shows, where it comes from; optionally a contact sheet PDF."""
    from .pictures import library
    from .pictures.sheet import contact_sheet
    from .write import write_atomic

    rows = [("name", "shows", "source", "licence")]
    for entry in library().values():
        rows.append((entry.name, entry.alt.get("en", ""), entry.source, entry.licence))
    _table(rows)
    click.echo(f"{len(rows) - 1} pictures. Use one on a step (picture: name) or in a layout ({{picture: name}}); "
               "see the README, 'Pictures and logos'.")
    if sheet is not None:
        write_atomic(sheet, contact_sheet(), elsewhere="choose another file with --sheet")
        click.echo(f"contact sheet written to {sheet}")


def _list_languages(project: Project, resolver: Resolver) -> None:
    """Each language with labels: its names, script, direction, first font, topics and translation status."""
    from .readability import FORMULAS
    from .text import font_stack, language
    from .text.fonts import SCRIPT_NAMES
    from .text.languages import NAMES

    family = resolver.layout(project.formats()[0]).font_family if project.formats() else "Atkinson Hyperlegible"
    rows = [("code", "language", "script", "direction", "font", "topics", "status", "reading grade")]
    for code in project.names("content/_labels", dirs=False):
        lang = language(code)
        english, own = NAMES.get(code, (code, code))
        try:
            font = font_stack(lang, family).primary("regular").name.removesuffix(" Regular")
        except LookupError:
            font = "not installed"
        topics = [slug for slug in resolver.topics if code in project.languages(slug)]
        unreviewed = 0
        for slug in topics:
            translation = resolver.topic(slug, code).translation
            unreviewed += bool(translation and translation.method == "machine" and not translation.reviewed_by)
        status = "original" if code == "en" else (f"machine translation, {unreviewed} unreviewed" if unreviewed
                                                   else "reviewed")
        formula = " + ".join(FORMULAS.get(code.split("-")[0], ())) or "no formula"
        rows.append((code, f"{english} ({own})" if own != english else english,
                     SCRIPT_NAMES.get(lang.script, lang.script), "right to left" if lang.rtl else "left to right",
                     font, str(len(topics)), status, formula))
    _table(rows)


def _table(rows: list[tuple[str, ...]]) -> None:
    """Print rows as aligned columns; Chinese and Korean characters take two terminal cells."""
    import unicodedata

    def cells(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
                   for ch in text)

    widths = [max(cells(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell + " " * (w - cells(cell)) for cell, w in zip(row, widths, strict=True)).rstrip())


@main.command("kit")
@click.argument("kit_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--jobs", "-j", type=click.IntRange(1), help="Worker processes (default: all cores).")
@click.option("--output", "-o", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the bundle; default: output/<kit>/.")
@click.option("--project", "project_dir", type=PROJECT, default=None,
              help="Project folder whose content/ and layouts/ override the built-in ones (default: the folder "
                   "holding the kit's kits/ folder, else the current one).")
@click.option("--local", "profiles", type=click.Path(path_type=Path),
              help="Build the kit for this profile instead of the kit's own; a folder or a quoted pattern "
                   "('local/*.yaml') builds it for every program, a folder each.")
@click.option("--verbose", "-v", is_flag=True, help="List every file written (default: a one-line summary).")
def kit_command(kit_file: Path, jobs: int | None, out_dir: Path | None, project_dir: Path | None,
                profiles: Path | None, verbose: bool) -> None:
    """Build an outreach kit: every document, a print order, a contact sheet and a zip for the print shop."""
    from .build import default_jobs, profiles_for
    from .kit import run_kit

    found = profiles_for(profiles) if profiles is not None else []
    if len(found) > 1:
        _many_kits(kit_file, project_dir, found, jobs or default_jobs(), out_dir, verbose)
        return
    with progress(verbose) as done:
        run = run_kit(kit_file, project_dir, jobs=jobs or default_jobs(), out_dir=out_dir, on_done=done,
                      profile=found[0] if found else None)
    if verbose:
        for path in run.extras:
            click.echo(f"wrote {path.name}")
    elif run.extras:
        click.echo(f"wrote the print order, contact sheet and {run.extras[-1].name}")
    finish(run.report)


def _many_kits(kit_file: Path, project_dir: Path | None, profiles: list[Path], jobs: int, out_dir: Path | None,
               verbose: bool) -> None:
    """One kit for many programs in one run: a folder per program, one shared pool of workers."""
    from .build import for_each_profile
    from .kit import kit_project, run_kit
    from .project import Project
    from .resolve import Resolver

    root = kit_project(kit_file, project_dir)
    shared = Resolver(Project.at(root))  # the project's files read once for all
    with progress(verbose) as done:
        reports = for_each_profile(profiles, jobs, lambda profile, pool: run_kit(
            kit_file, project_dir, jobs=jobs, out_dir=out_dir, on_done=done, profile=profile, pool=pool,
            per_program=True, resolver=shared).report, root, shared)
    finish_many(reports)


@main.command("preview")
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--dpi", type=click.IntRange(10, 600), default=100, show_default=True, help="Resolution.")
@click.option("--output", "-o", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the PNGs; default: beside each PDF.")
def preview_command(pdfs: tuple[Path, ...], dpi: int, out_dir: Path | None) -> None:
    """Write PNG pictures of every page of PDFS, for a quick look or a web page."""
    from .preview import preview

    for path in preview(list(pdfs), dpi, out_dir):
        click.echo(f"wrote {path}")


@main.command("init")
@click.argument("name")
@click.option("--dir", "parent", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              help="Where to create the project folder.")
def init_command(name: str, parent: Path) -> None:
    """Start a new program's project: a local profile, a starter kit, pamphlets.yaml and a README."""
    from .scaffold import init

    root = init(name, parent)
    click.echo(f"created {root}/: edit local/{name}.yaml, then: cd {root} && pamphlets kit kits/starter.yaml")


@main.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on, as others will type it (e.g. 192.168.1.20); the default lets only "
                   "this computer in.")
@click.option("--project", "project_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              default=Path("."), help="The project folder to work on.")
@click.option("--no-browser", is_flag=True, help="Do not open the web browser.")
def serve_command(port: int, host: str, project_dir: Path, no_browser: bool) -> None:
    """A local web app to fill in your program's details, pick materials, check, preview and download them."""
    from .web import serve

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: anyone who can reach this computer can read and change "
                   "this project's files", err=True)
    try:
        serve(project_dir, host, port, open_browser=not no_browser)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port") from None
