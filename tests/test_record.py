"""pamphlets.record (a frozen dataclass with shared equality, hash and repr) against @dataclass(frozen=True)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field, fields, replace

import pytest

from pamphlets.record import record


@record
class Mine:
    """A record."""

    x: int
    y: str = "a"
    data: bytes = field(default=b"", repr=False)
    seen: tuple[int, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Theirs:
    """The same fields as a frozen dataclass."""

    x: int
    y: str = "a"
    data: bytes = field(default=b"", repr=False)
    seen: tuple[int, ...] = field(default=(), compare=False)


def test_a_record_compares_hashes_and_prints_as_a_frozen_dataclass() -> None:
    cases = [(1, "a", b"", ()), (1, "b", b"", ()), (2, "a", b"x", (1,)), (1, "a", b"", (5,))]
    for a in cases:
        assert repr(Mine(*a)) == repr(Theirs(*a)).replace("Theirs(", "Mine(")
        for b in cases:
            assert (Mine(*a) == Mine(*b)) is (Theirs(*a) == Theirs(*b)), (a, b)
            if Theirs(*a) == Theirs(*b):
                assert hash(Mine(*a)) == hash(Mine(*b))
    assert Mine(1) != Theirs(1) and Mine(1) != (1, "a", b"")  # only an instance of the same class is equal
    assert {Mine(1, "b"): "found"}[Mine(1, "b")] == "found"
    assert [f.name for f in fields(Mine)] == ["x", "y", "data", "seen"]
    assert replace(Mine(1), y="z") == Mine(1, "z")
    with pytest.raises(FrozenInstanceError):
        Mine(1).x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del Mine(1).y  # type: ignore[misc]


def test_slotted_and_empty_records() -> None:
    @record(slots=True)
    class Point:
        """Slots, as the text engine's hot values use."""

        x: float
        y: float

    @record
    class Nothing:
        """No fields at all."""

    assert Point(1, 2) == Point(1.0, 2.0) and Point(1, 2) != Point(2, 1) and not hasattr(Point(1, 2), "__dict__")
    assert repr(Point(1, 2)) == "test_slotted_and_empty_records.<locals>.Point(x=1, y=2)"
    assert Nothing() == Nothing() and hash(Nothing()) == hash(Nothing()) and repr(Nothing()).endswith("Nothing()")
    with pytest.raises(FrozenInstanceError):
        Point(1, 2).x = 3  # type: ignore[misc]

