"""Where files are found: the project's own content/, layouts/ and local/ first, then the built-in ones."""

from __future__ import annotations

from pathlib import Path

from .record import record

# Installed from a wheel, the built-in library is pamphlets/builtin/{content,layouts,local}; in a checkout (and an
# editable install) it is the repository's own top-level folders.
_PACKAGED = Path(__file__).resolve().parent / "builtin"
BUILTIN_ROOT = _PACKAGED if (_PACKAGED / "content").is_dir() else Path(__file__).resolve().parent.parent
LABELS_DIR = "_labels"  # content/_labels/<lang>.yaml: the words around the content, per language
SHARED_DIR = "_shared"  # content/_shared/<name>/<lang>.yaml: a section written once that topics include
CHECKS_DIR = "_checks"  # content/_checks/<lang>.yaml: word lists for `pamphlets check`, per language


@record
class Project:
    """The folders searched for files, most specific first (a project file overrides a built-in one)."""

    roots: tuple[Path, ...]

    @classmethod
    def at(cls, directory: Path) -> Project:
        """The project in directory, backed by the built-in library."""
        roots = [directory.resolve()]
        if BUILTIN_ROOT not in roots and (BUILTIN_ROOT / "content").is_dir():
            roots.append(BUILTIN_ROOT)
        return cls(tuple(roots))

    def find(self, *parts: str) -> Path | None:
        """The first existing file at this relative path, or None."""
        for root in self.roots:
            candidate = root.joinpath(*parts)
            if candidate.is_file():
                return candidate
        return None

    def find_all(self, *parts: str) -> list[Path]:
        """Every existing file at this relative path, built-in first (for lists that a project extends)."""
        return [p for p in (root.joinpath(*parts) for root in reversed(self.roots)) if p.is_file()]

    def names(self, folder: str, *, dirs: bool) -> list[str]:
        """Sorted names of YAML files (without .yaml) or of folders under folder, across all roots."""
        found: set[str] = set()
        for root in self.roots:
            base = root / folder
            if not base.is_dir():
                continue
            for entry in base.iterdir():
                if entry.name.startswith(("_", ".")):
                    continue
                if dirs and entry.is_dir() and any(entry.glob("*.yaml")):
                    found.add(entry.name)
                elif not dirs and entry.is_file() and entry.suffix == ".yaml":
                    found.add(entry.stem)
        return sorted(found)

    def topics(self) -> list[str]:
        """Every topic slug (a folder under content/)."""
        return self.names("content", dirs=True)

    def languages(self, topic: str) -> list[str]:
        """The languages a topic is written in."""
        return self.names(f"content/{topic}", dirs=False)

    def formats(self) -> list[str]:
        """Every layout name (a file under layouts/)."""
        return self.names("layouts", dirs=False)
