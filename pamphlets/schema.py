"""Typed reads from a SourceDoc that collect every problem instead of stopping at the first."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import unicodedata
from collections.abc import Iterable
from typing import Any

from .errors import InputError, Loc, Problem
from .loader import KeyPath, SourceDoc
from .trust import link_problem
from .units import UnitError, to_points

_TYPE_NAMES = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping",
               str: "text", dt.date: "a date", type(None): "empty"}


def _pt(points: float) -> str:
    """A limit in the units people write: '0pt', '1in (72pt)'."""
    return f"{points:g}pt" if points < 72 else f"{points / 72:g}in ({points:g}pt)"


def _what(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class Reader:
    """Reads typed values out of one SourceDoc; problems pile up and are raised together by done()."""

    def __init__(self, doc: SourceDoc) -> None:
        self.doc = doc
        self.problems: list[Problem] = list(doc.problems)

    # -- plumbing ---------------------------------------------------------------------------------
    def loc(self, path: KeyPath, *, at_key: bool = False) -> Loc:
        """Location of a value in this document."""
        return self.doc.loc(path, at_key=at_key)

    def error(self, path: KeyPath, message: str, *, at_key: bool = False) -> None:
        """Record a problem at path."""
        self.problems.append(Problem(self.loc(path, at_key=at_key), message))

    def get(self, path: KeyPath) -> Any:
        """The raw value at path, or None when any step is missing."""
        value: Any = self.doc.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(value, list) or part >= len(value):
                    return None
            elif not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return value

    def done(self) -> None:
        """Raise every problem found so far."""
        if self.problems:
            raise InputError(self.problems)

    # -- structure --------------------------------------------------------------------------------
    def mapping(self, path: KeyPath, allowed: Iterable[str], required: Iterable[str] = (),
                what: str = "") -> bool:
        """Check that path is a mapping with only allowed keys and every required key; True if usable."""
        value = self.get(path)
        allowed = list(allowed)
        if not isinstance(value, dict):
            self.error(path, f"must be a mapping of {what or 'keys'}, not {_what(value)}")
            return False
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(sorted(allowed))
                self.error((*path, key), f"unknown key; {hint}", at_key=True)
        for key in required:
            if key not in value:
                self.error(path, f"missing required key '{key}'; add it")
        return True

    def items(self, path: KeyPath, *, required: bool = False, min_items: int = 0) -> list[KeyPath]:
        """The key paths of the items of a list at path (empty if absent or wrong)."""
        value = self.get(path)
        if value is None:
            if required:
                self.error(path[:-1], f"missing required key '{path[-1]}'; add a list")
            return []
        if not isinstance(value, list):
            self.error(path, f"must be a list (lines starting with '- '), not {_what(value)}")
            return []
        if len(value) < min_items:
            self.error(path, f"needs at least {min_items} item{'s' * (min_items > 1)}, has {len(value)}")
        return [(*path, i) for i in range(len(value))]

    # -- scalars ----------------------------------------------------------------------------------
    def text(self, path: KeyPath, *, required: bool = False) -> str | None:
        """A non-empty string; numbers, dates and booleans are errors with a quoting hint."""
        value = self.get(path)
        if value is None:
            if path in self.doc.value_pos:
                self.error(path, "is empty; write a value or remove the key")
            elif required:
                self.error(path[:-1], f"missing required key '{path[-1]}'; add it")
            return None
        if isinstance(value, str):
            if not value.strip():
                self.error(path, "is empty; write a value or remove the key")
                return None
            control = next((c for c in value if unicodedata.category(c) == "Cc" and c not in "\n\t\r"), None)
            if control is not None:  # prints as nothing (or garbage) and would be echoed to a terminal raw
                self.error(path, f"contains the control character U+{ord(control):04X}; remove it")
                return None
            return value
        raw = self.doc.raw.get(path)
        if raw is not None and not isinstance(value, (list, dict)):
            shown = "" if raw == str(value) else f" ({value!r})"
            self.error(path, f"YAML reads {raw} as {_what(value)}{shown}, not text; put it in quotes: \"{raw}\"")
        else:
            self.error(path, f"must be text, not {_what(value)}")
        return None

    def texts(self, path: KeyPath, *, required: bool = False, min_items: int = 0) -> list[tuple[str, KeyPath]]:
        """A list of strings with their key paths."""
        out = []
        for item in self.items(path, required=required, min_items=min_items):
            value = self.text(item, required=True)
            if value is not None:
                out.append((value, item))
        return out

    def choice(self, path: KeyPath, options: Iterable[str], *, default: str | None = None) -> str | None:
        """One of a fixed set of words."""
        options = list(options)
        value = self.get(path)
        if value is None:
            return default
        if isinstance(value, str) and value in options:
            return value
        shown = value if isinstance(value, str) else self.doc.raw.get(path, repr(value))
        close = difflib.get_close_matches(str(shown), options, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(options)
        self.error(path, f"'{shown}' is not allowed; {hint}")
        return default

    def boolean(self, path: KeyPath, *, default: bool = False) -> bool:
        """true or false."""
        value = self.get(path)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        self.error(path, f"must be true or false, not {_what(value)}")
        return default

    def number(self, path: KeyPath, *, default: float | None = None, low: float | None = None,
               high: float | None = None, required: bool = False) -> float | None:
        """A finite number, optionally within [low, high]."""
        value = self.get(path)
        if value is None:
            if required:
                self.error(path[:-1], f"missing required key '{path[-1]}'; add a number")
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.error(path, f"must be a number, not {_what(value)}")
            return default
        if not math.isfinite(value):
            self.error(path, f"{self.doc.raw.get(path, value)} is not a number a page can use; write a number")
            return default
        if (low is not None and value < low) or (high is not None and value > high):
            self.error(path, f"{value} is out of range; use a number from {low} to {high}")
            return default
        return float(value)

    def integer(self, path: KeyPath, *, default: int | None = None, low: int = 0) -> int | None:
        """A whole number no smaller than low."""
        value = self.get(path)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            self.error(path, f"must be a whole number of at least {low}")
            return default
        return value

    def length(self, path: KeyPath, *, default: float | None = None, required: bool = False,
               low: float | None = None, high: float | None = None) -> float | None:
        """A length such as 0.125in, 3mm or 12pt, in points, optionally within [low, high] points."""
        value = self.get(path)
        if value is None:
            if required:
                self.error(path[:-1], f"missing required key '{path[-1]}'; add a length such as 0.5in or 12mm")
            return default
        try:
            points = to_points(value)
        except UnitError as exc:
            self.error(path, str(exc))
            return default
        shown = self.doc.raw.get(path, value)
        if not math.isfinite(points):
            self.error(path, f"{shown} is not a length a page can use; write one such as 0.5in or 12mm")
            return default
        if low is not None and points < low:
            self.error(path, f"{shown} is too small; it must be at least {_pt(low)}")
            return default
        if high is not None and points > high:
            self.error(path, f"{shown} is too large; it must be at most {_pt(high)}")
            return default
        return points

    def date(self, path: KeyPath, *, required: bool = False) -> dt.date | None:
        """A date written YYYY-MM-DD."""
        value = self.get(path)
        if value is None:
            if required:
                self.error(path[:-1], f"missing required key '{path[-1]}'; add the date as YYYY-MM-DD")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.error(path, f"'{self.doc.raw.get(path, value)}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-22")
        return None

    def url(self, path: KeyPath, *, required: bool = False,
            schemes: tuple[str, ...] = ("https", "http")) -> str | None:
        """An absolute URL with one of the given schemes."""
        value = self.text(path, required=required)
        if value is None:
            return None
        scheme, sep, rest = value.partition(":")
        if sep and scheme.lower() == "http" and "http" not in schemes and rest.strip("/"):
            self.error(path, f"'{value}' is a plain http link; use the page's https:// address")
            return None
        if not sep or scheme.lower() not in schemes or not rest.strip("/"):
            self.error(path, f"'{value}' is not an absolute link; write it in full, e.g. https://example.org/page")
            return None
        if any(ch.isspace() for ch in value):
            self.error(path, f"'{value}' contains a space; a link cannot")
            return None
        problem = link_problem(value)
        if problem:
            self.error(path, problem)
            return None
        return value
