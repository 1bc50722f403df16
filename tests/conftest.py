"""Shared fixtures: a fixture project copied per test, and the built-in library built once per run."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ROOT, cli, copy_project


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of tests/data/project as the working directory, so messages show relative paths."""
    path = copy_project(tmp_path / "project")
    monkeypatch.chdir(path)
    return path


@pytest.fixture(scope="session")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in topics built as fact sheets (Letter and A4) for the sample profile."""
    out = tmp_path_factory.mktemp("library")
    for paper in ("letter", "a4"):
        result = cli("build", "fentanyl-test-strips", "naloxone", "--format", "fact-sheet", "--paper", paper,
                     "--local", str(ROOT / "local/example.yaml"), "--project", str(ROOT), "-o", str(out))
        assert result.exit_code == 0, result.output
    return out
