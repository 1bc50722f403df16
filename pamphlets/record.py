"""Immutable value classes: what @dataclass(frozen=True) gives, at a fraction of its cost to import.

A frozen dataclass gets six methods compiled from generated source when its module is imported (Python 3.11 runs
exec for each); the pipeline's seventy such classes cost a fresh process about 45 ms, a sixth of one build. Here
dataclass still collects the fields (so fields(), replace() and defaults are dataclass's own) and only __init__ is
compiled per class; the frozen guards, equality, hash and repr are one shared definition each. They behave as
dataclass's generated methods do: assigning or deleting a field raises FrozenInstanceError, and equality and hash
read the compared fields in order (through operator.attrgetter), equal only to an instance of the same class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")
_FACTORY: Any = object()  # the default of a field whose default is made afresh for each instance


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is self.__class__:
        return self._record_key(self) == other._record_key(other)  # type: ignore[attr-defined]
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self._record_key(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._record_repr)
    return f"{self.__class__.__qualname__}({shown})"


def _frozen_set(self: Any, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_del(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(self: Any) -> list[object]:
    """A slotted record's fields, for pickle (a slotted class has no __dict__ to copy)."""
    return [getattr(self, name) for name in self._record_fields]


def _setstate(self: Any, state: list[object]) -> None:
    for name, value in zip(self._record_fields, state, strict=True):
        object.__setattr__(self, name, value)


def _no_fields(_: object) -> tuple[()]:
    return ()


def _init(cls: type, every: tuple[Field[Any], ...]) -> Callable[..., None]:
    """The class's __init__: each field in order, its default or default factory, set past the frozen guard."""
    names: dict[str, Any] = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    params, lines = [], []
    for f in every:
        if f.default is not MISSING:
            names[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not MISSING:
            names[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_FACTORY")
            lines.append(f"if {f.name} is _FACTORY: {f.name} = _factory_{f.name}()")
        else:
            params.append(f.name)
        lines.append(f"_set(self, {f.name!r}, {f.name})")
    source = f"def __init__(self{''.join(', ' + p for p in params)}):\n" + "".join(
        f"    {line}\n" for line in lines or ["pass"])
    made: dict[str, Any] = {}
    exec(source, names, made)  # our own source, built from the class's field names
    init = made["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init  # type: ignore[no-any-return]


@dataclass_transform(frozen_default=True)
def record(cls: type[T] | None = None, /, *, slots: bool = False) -> Any:
    """Make cls an immutable value class (as @dataclass(frozen=True), optionally with slots)."""

    def wrap(cls: type[T]) -> type[T]:
        for own in ("__init__", "__setattr__", "__delattr__", "__eq__", "__hash__", "__repr__"):
            if own in cls.__dict__:
                raise TypeError(f"{cls.__qualname__} defines {own}, which a record makes for it")
        made = dataclass(init=False, repr=False, eq=False, slots=slots)(cls)
        every = fields(made)
        compared = [f.name for f in every if f.compare]
        key: Callable[[Any], Any] = attrgetter(*compared) if compared else _no_fields
        made._record_key = staticmethod(key)  # self._record_key is the getter itself, not a bound method
        made._record_repr = tuple(f.name for f in every if f.repr)
        made._record_fields = tuple(f.name for f in every)
        made.__init__ = _init(made, every)
        made.__eq__ = _eq
        made.__hash__ = _hash
        made.__repr__ = _repr
        made.__setattr__ = _frozen_set
        made.__delattr__ = _frozen_del
        if slots:
            made.__getstate__ = _getstate
            made.__setstate__ = _setstate
        return made

    return wrap if cls is None else wrap(cls)
