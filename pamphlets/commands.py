"""The command line: `pamphlets build ...`. Errors are printed here, once, without a traceback."""

from __future__ import annotations

from pathlib import Path

import click

from . import __version__
from .build import Built, Request, build
from .errors import PamphletsError
from .loader import display

DEFAULT_PROFILE = Path("local/example.yaml")


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
@click.option("--paper", type=click.Choice(["letter", "a4"]), help="Paper you print on (picks the A4 fact sheet).")
@click.option("--output", "-o", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the PDFs; default: output/<profile>/.")
@click.option("--project", "project_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              help="Project folder whose content/ and layouts/ override the built-in ones.")
def build_command(topics: tuple[str, ...], formats: tuple[str, ...], langs: tuple[str, ...], profile: Path,
                  size: str | None, paper: str | None, out_dir: Path | None, project_dir: Path) -> None:
    """Build TOPICS (default: every topic) in every format and language into PDFs."""
    request = Request(project_dir, profile, topics, formats, langs, size, paper, out_dir)

    def done(built: Built) -> None:
        click.echo(f"wrote {display(built.path)} ({built.pages} page{'s' * (built.pages != 1)})")

    report = build(request, on_done=done)
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
