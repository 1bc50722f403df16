"""Stage 1, load: read a YAML file into plain data where every key and value keeps its line:col."""

from __future__ import annotations

import os
from dataclasses import field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import Loc, Problem, fail
from .record import record

try:  # libyaml is 5-10x faster and gives the same marks
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader

KeyPath = tuple[str | int, ...]


def key_text(path: KeyPath) -> str:
    """Render a key path the way users write it: sections[2].heading."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@record
class SourceDoc:
    """A loaded YAML file: its data, and the position of every value and key in it."""

    path: str
    data: Any
    value_pos: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    raw: dict[KeyPath, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()  # found while loading (duplicate keys); reported with the schema's

    def loc(self, path: KeyPath, *, at_key: bool = False) -> Loc:
        """The location of a value (or of its key), falling back to the nearest enclosing one."""
        table = self.key_pos if at_key else self.value_pos
        probe = path
        while probe and probe not in table:
            probe = probe[:-1]
            table = self.value_pos
        line, col = table.get(probe, (1, 1))
        return Loc(self.path, line, col, key_text(path))


def _walk(loader: yaml.Loader, node: yaml.Node, path: KeyPath, doc: SourceDoc, problems: list[Problem]) -> Any:
    doc.value_pos[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves YAML merge keys (<<) the way safe_load does
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)  # keys like 2023 or yes: keep them as text, the schema will name them
            child = (*path, key)
            pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in out:
                first = doc.key_pos[child]
                problems.append(Problem(Loc(doc.path, *pos, key_text(child)),
                                        f"duplicate key (first set at line {first[0]}); keep one of them"))
                continue
            doc.key_pos[child] = pos
            out[key] = _walk(loader, value_node, child, doc, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(loader, item, (*path, i), doc, problems) for i, item in enumerate(node.value)]
    doc.raw[path] = node.value
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, yaml.constructor.ConstructorError):
        # A scalar YAML resolves to a type it then cannot build, such as the date 2026-13-01: keep the
        # text, and let the schema say what it should be.
        return node.value


def parse_yaml(text: str, display_path: str) -> SourceDoc:
    """Parse YAML text into a SourceDoc; syntax errors and duplicate keys raise InputError."""
    loader = _Base(text)
    try:
        root = loader.get_single_node()
        doc = SourceDoc(display_path, None)
        problems: list[Problem] = []
        data = _walk(loader, root, (), doc, problems) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem:
            what += f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
        raise fail(Loc(display_path, line, col),
                   f"YAML syntax: {what}; check the indentation and quoting on this line") from None
    finally:
        loader.dispose()
    return SourceDoc(display_path, data, doc.value_pos, doc.key_pos, doc.raw, tuple(problems))


def display(path: Path) -> str:
    """A path as users should see it: relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(_resolved(os.getcwd())))
    except ValueError:
        return str(path)


@lru_cache(maxsize=8)
def _resolved(directory: str) -> Path:
    """A working directory with its links resolved (once: a run of many programs names a file per program)."""
    return Path(directory).resolve()


def load_yaml(path: Path) -> SourceDoc:
    """Read and parse one YAML file."""
    shown = display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise fail(Loc(shown), f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8") from None
    except OSError as exc:
        raise fail(Loc(shown), f"cannot read the file: {exc.strerror}") from None
    return parse_yaml(text, shown)
