"""The built-in picture library: pamphlets/pictures/library/*.yaml name each picture, its file, alt text and licence."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from ..record import record

LIBRARY_DIR = Path(__file__).resolve().parent / "library"


@record
class Entry:
    """One picture of the library."""

    name: str
    path: Path
    alt: dict[str, str]  # language -> what the picture shows (for tagged PDF and screen readers)
    source: str
    licence: str


@cache
def library() -> dict[str, Entry]:
    """Every library picture by name, sorted (the library's own files are trusted: a broken one is a bug)."""
    entries: dict[str, Entry] = {}
    for index in sorted(LIBRARY_DIR.glob("*.yaml")):
        # libyaml where PyYAML has it: the pure-Python parser took a tenth of a one-document build's start-up
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        for name, spec in (yaml.load(index.read_text("utf-8"), Loader=loader) or {}).items():
            if name in entries:
                raise ValueError(f"{index}: picture '{name}' is already in the library")
            entries[name] = Entry(name, LIBRARY_DIR / spec["file"], dict(spec["alt"]), spec["source"],
                                  spec["licence"])
    return dict(sorted(entries.items()))
