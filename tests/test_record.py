"""pamphlets.record (a frozen dataclass with shared equality, hash and repr) against @dataclass(frozen=True), and
the command's quick exit (pamphlets.commands.run)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import FrozenInstanceError, dataclass, field, fields, replace

import pytest

from pamphlets.record import record

from helpers import DATA, ROOT


@record
class Mine:
    """A record."""

    x: int
    y: str = "a"
    data: bytes = field(default=b"", repr=False)
    seen: tuple[int, ...] = field(default=(), compare=False)
    made: list[int] = field(default_factory=list, compare=False, repr=False)


@dataclass(frozen=True)
class Theirs:
    """The same fields as a frozen dataclass."""

    x: int
    y: str = "a"
    data: bytes = field(default=b"", repr=False)
    seen: tuple[int, ...] = field(default=(), compare=False)
    made: list[int] = field(default_factory=list, compare=False, repr=False)


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
    assert [f.name for f in fields(Mine)] == ["x", "y", "data", "seen", "made"]
    assert Mine(1).made == [] and Mine(1).made is not Mine(1).made  # a default factory runs for each instance
    assert Mine(1, made=[2]).made == [2] and Mine(x=4, y="q").y == "q"
    with pytest.raises(TypeError):
        Mine()  # type: ignore[call-arg]
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


def test_records_travel_to_worker_processes() -> None:
    """Spawned workers (macOS, Windows) receive specs and colours by pickle: equal, same hash, still frozen."""
    import pickle

    from pamphlets.build import Spec
    from pamphlets.pdf.ink import CMYK

    for value in (Spec("naloxone", "fact-sheet", "en"), CMYK(0.1, 0.2, 0.3, 0.4), Mine(3, "b", b"x", (1,))):
        copy = pickle.loads(pickle.dumps(value))
        assert copy == value and hash(copy) == hash(value) and copy is not value
        with pytest.raises(FrozenInstanceError):
            copy.__setattr__(next(iter(copy.__dataclass_fields__)), None)


def test_a_record_refuses_a_method_it_makes() -> None:
    with pytest.raises(TypeError, match="defines __eq__, which a record makes for it"):
        @record
        class Odd:
            """Compares its own way."""

            x: int

            def __eq__(self, other: object) -> bool:
                return True


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], capture_output=True, text=True, env=env,
                          cwd=ROOT)


def test_the_command_exits_quickly_with_its_code_and_all_its_output(tmp_path) -> None:
    """run() ends the process without Python's teardown: exit codes and every line printed must survive that."""
    done = _cli("build", "naloxone", "-f", "wallet-card", "-l", "en", "--local", str(DATA / "project/local/test.yaml"),
                "-o", str(tmp_path), "-j", "1", "-v")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == ["wrote naloxone.wallet-card.en.pdf (2 pages)",
                                           "wrote naloxone.wallet-card.en.sheet-letter.pdf (2 pages)"]
    assert (tmp_path / "naloxone.wallet-card.en.pdf").read_bytes().endswith(b"%%EOF\n")
    missing = _cli("build", "--local", str(tmp_path / "none.yaml"))
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr == (f"{tmp_path / 'none.yaml'}: no such local profile; pass --local with a file "
                              "such as local/example.yaml\n")
    assert _cli("--version").stdout == "pamphlets, version 0.1.0\n"
    assert _cli("build", "--jobs", "0").returncode == 2  # click's usage errors keep their code
