"""The error hierarchy: every problem a user can cause is a PamphletsError, printed once by the CLI."""

from __future__ import annotations

from dataclasses import dataclass

import click

from .record import record


def printable(text: str) -> str:
    """Text safe to print on a terminal: control and format characters from user files are spelled out."""
    return "".join(c if c.isprintable() or c == "\n" else f"<U+{ord(c):04X}>" for c in text)


@dataclass(frozen=True, order=True)
class Loc:
    """Where a value came from: file, 1-based line and column, and the key path inside the file."""

    path: str
    line: int = 0
    col: int = 0
    key: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        return f"{where}: {self.key}" if self.key else where


@record
class Problem:
    """One thing wrong with an input, reported like a compiler diagnostic."""

    loc: Loc
    message: str
    code: str = "E101"  # a stable code from pamphlets.findings.CODES, so `pamphlets check` can classify it

    def __str__(self) -> str:
        return printable(f"{self.loc}: {self.message}")


class PamphletsError(click.ClickException):
    """Base of every error the user can fix; exit code 1, no traceback."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message

    def show(self, file: object = None) -> None:
        """Print the message alone: the locations already say where, 'Error:' adds nothing."""
        click.echo(printable(self.format_message()), err=True)


class InputError(PamphletsError):
    """One or more problems in the user's files, all reported together."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(sorted(set(problems), key=lambda p: (p.loc, p.message)))
        super().__init__("\n".join(str(p) for p in self.problems))


class LayoutError(InputError):
    """Content that cannot be set in a layout: overflow, a missing glyph."""


class UsageError(PamphletsError):
    """A command-line request that names something that does not exist."""


def fail(loc: Loc, message: str) -> InputError:
    """Return an InputError with a single problem (to be raised by the caller)."""
    return InputError([Problem(loc, message)])
