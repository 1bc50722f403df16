"""The command line: `pamphlets build ...`. Errors are printed here, once, without a traceback."""

from __future__ import annotations

from pathlib import Path

import click

from . import __version__
from .build import Built, Request, build
from .errors import PamphletsError
from .impose import DUPLEX, PAPERS
from .loader import display
from .units import UnitError, to_points

DEFAULT_PROFILE = Path("local/example.yaml")


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


@main.command("build")
@click.argument("topics", nargs=-1)
@click.option("--format", "-f", "formats", multiple=True, help="Layout to build (repeatable); default: all.")
@click.option("--lang", "-l", "langs", multiple=True, help="Language code (repeatable); default: all written.")
@click.option("--local", "profile", type=click.Path(path_type=Path), default=DEFAULT_PROFILE, show_default=True,
              help="Local profile with your organisation's details.")
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
@click.option("--project", "project_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              help="Project folder whose content/ and layouts/ override the built-in ones.")
def build_command(topics: tuple[str, ...], formats: tuple[str, ...], langs: tuple[str, ...], profile: Path,
                  size: str | None, paper: str | None, out_dir: Path | None, duplex: str, marks: bool | None,
                  bleed: float | None, cmyk: bool, project_dir: Path) -> None:
    """Build TOPICS (default: every topic) in every format and language into PDFs."""
    request = Request(project_dir, profile, topics, formats, langs, size, paper, out_dir, duplex, marks, bleed,
                      cmyk)

    def done(built: Built) -> None:
        click.echo(f"wrote {display(built.path)} ({built.pages} page{'s' * (built.pages != 1)})")

    report = build(request, on_done=done)
    for note in report.notes:
        click.echo(f"note: {note}")
    if report.failed:
        by_message: dict[str, list[str]] = {}
        for name, message in report.failed:
            by_message.setdefault(message, []).append(name)
        for message, names in by_message.items():
            click.echo(message, err=True)
            click.echo(f"  (not built: {', '.join(names)})", err=True)
        raise PamphletsError(f"{len(report.failed)} document(s) not built, {len(report.built)} built; "
                             "fix the problems above and build again")
    click.echo(f"{len(report.built)} document(s) built")
