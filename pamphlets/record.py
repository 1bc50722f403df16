"""Immutable value classes: @dataclass(frozen=True) with shared equality, hash and repr.

A frozen dataclass gets six methods compiled from generated source when its module is imported (Python 3.11 runs
exec for each); the pipeline's seventy such classes cost a fresh process about 45 ms, a sixth of one build. Here
dataclass still makes __init__ and the two frozen-attribute guards, so fields, defaults, replace() and the
FrozenInstanceError on assignment are dataclass's own; equality, hash and repr come from one shared definition
that reads the fields through operator.attrgetter, which behaves as dataclass's generated methods do (the same
fields, in order, compared only with an instance of the same class).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is self.__class__:
        return self._record_key(self) == other._record_key(other)  # type: ignore[attr-defined]
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self._record_key(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_repr)
    return f"{self.__class__.__qualname__}({shown})"


def _no_fields(_: object) -> tuple[()]:
    return ()


@dataclass_transform(frozen_default=True)
def record(cls: type[T] | None = None, /, *, slots: bool = False) -> Any:
    """Make cls an immutable value class (as @dataclass(frozen=True), optionally with slots)."""

    def wrap(cls: type[T]) -> type[T]:
        made = dataclass(frozen=True, eq=False, repr=False, slots=slots)(cls)
        every = fields(made)
        compared = [f.name for f in every if f.compare]
        key: Callable[[Any], Any] = attrgetter(*compared) if compared else _no_fields
        made._record_key = staticmethod(key)  # self._record_key is the getter itself, not a bound method
        made._record_repr = tuple(f.name for f in every if f.repr)
        made.__eq__ = _eq
        made.__hash__ = _hash
        made.__repr__ = _repr
        return made

    return wrap if cls is None else wrap(cls)
