"""Many programs in one run: `--local` with a folder or a pattern builds each profile into its own folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import DATA, cli, page_text

NAMES = ("alpha", "beta", "gamma")


@pytest.fixture
def programs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with three programs' profiles (the test profile under three names)."""
    shutil.copytree(DATA / "project", tmp_path / "project")
    monkeypatch.chdir(tmp_path / "project")
    base = Path("local/test.yaml").read_text()
    Path("local/test.yaml").unlink()
    for name in NAMES:
        Path(f"local/{name}.yaml").write_text(base.replace("Riverside Outreach", f"{name.title()} Outreach"))
    return tmp_path / "project"


def test_a_pattern_builds_every_program_into_its_own_folder(programs: Path) -> None:
    result = cli("build", "demo", "-f", "fact-sheet", "--local", "local/*.yaml", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        *(f"{name}: 1 document(s) built (1 file(s) written to output/{name}/)" for name in NAMES),
        "3 profile(s) built"]
    for name in NAMES:
        assert f"{name.title()} Outreach" in " ".join(page_text(Path(f"output/{name}/demo.fact-sheet.en.pdf")))


def test_a_folder_with_output_goes_one_folder_per_program_and_a_bad_profile_stops_only_itself(programs: Path) -> None:
    Path("local/delta.yaml").write_text("organization: Delta\nlink: https://findtreatment.gov/locator\n")
    result = cli("build", "demo", "-f", "fact-sheet", "--local", "local", "-o", "out", "--jobs", "1")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == ["local/delta.yaml:1:1: missing required key 'phone'; add it",
                                              "  (not built: anything for local/delta.yaml)"]
    assert sorted(p.name for p in Path("out").iterdir()) == list(NAMES)
    assert "1 of 4 profile(s) had problems, 3 built completely" in result.stderr


def test_a_pattern_that_matches_nothing_is_a_usage_error(programs: Path) -> None:
    result = cli("build", "demo", "--local", "local/nowhere-*.yaml")
    assert result.exit_code == 1
    assert "no local profile matches 'local/nowhere-*.yaml'; check the pattern (quote it so the shell does not " \
           "expand it)" in result.stderr
    assert not Path("output").exists()


def test_check_reads_every_program_and_counts_each_problem_once(programs: Path) -> None:
    Path("local/delta.yaml").write_text("organization: Delta\nlink: https://findtreatment.gov/locator\n")
    result = cli("check", "demo", "-f", "fact-sheet", "--local", "local/*.yaml", "--today", "2026-12-01")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "local/delta.yaml:1:1: error: E101: missing required key 'phone'; add it" in lines
    assert lines[-1].startswith("1 error(s), ") and lines[-1].endswith(" in 6 document(s) checked")  # 3 x 2 sizes


def test_one_kit_for_many_programs(programs: Path) -> None:
    result = cli("kit", "kits/test.yaml", "--local", "local/*.yaml", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "3 profile(s) built"
    for name in NAMES:
        folder = Path(f"output/test/{name}")
        assert (folder / "test.zip").is_file() and (folder / "print-order.csv").is_file()
        text = " ".join(page_text(folder / "demo.wallet-card.en.pdf"))
        assert f"{name.title()} Outreach" in text


def test_programs_build_side_by_side_and_ctrl_c_stops_them_at_once() -> None:
    """With several workers, programs are built side by side; a Ctrl-C ends the run at once with exit code 130,
    counting what the finished programs built."""
    import signal
    import threading
    import time

    from pamphlets.build import BuildReport, Interrupted, Result, Spec, for_each_profile

    running: set[str] = set()
    together = threading.Event()

    def one(profile: Path, pool: object) -> BuildReport:
        running.add(profile.name)
        if len(running) > 1:
            together.set()
        if profile.name == "a.yaml":
            return BuildReport(results=[Result(Spec("t", "f", "en"), "t.f.en.pdf")])
        time.sleep(3)  # a long program: still going when Ctrl-C comes
        return BuildReport()

    threading.Timer(0.5, signal.raise_signal, (signal.SIGINT,)).start()
    start = time.monotonic()
    with pytest.raises(Interrupted) as stopped:
        for_each_profile([Path("a.yaml"), Path("b.yaml"), Path("c.yaml")], 2, one)
    assert time.monotonic() - start < 2.0 and stopped.value.exit_code == 130
    assert "1 document(s) built are kept" in stopped.value.format_message()
    assert together.is_set()  # two programs were under way at once


def test_contact_sheets_made_side_by_side_take_turns_in_pdfium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    """PDFium is not thread-safe: a run of many programs makes their kits' contact sheets from several threads,
    and every opening of a PDF must hold the preview module's lock (two threads in PDFium crashed the process)."""
    import threading

    import pypdfium2

    from pamphlets import preview
    from pamphlets.fonts import font_file

    opened = []
    real = pypdfium2.PdfDocument

    def checked(data: object) -> object:
        opened.append(preview.PDFIUM._is_owned())  # type: ignore[attr-defined]
        return real(data)

    monkeypatch.setattr(pypdfium2, "PdfDocument", checked)
    pdf = tmp_path / "one.pdf"
    from pamphlets.pdf import Canvas

    canvas = Canvas((100, 100))
    canvas.rect(10, 10, 50, 50)
    canvas.showPage()
    pdf.write_bytes(canvas.save())
    font = font_file("Atkinson Hyperlegible", "regular")
    sheets: list[bytes] = []
    threads = [threading.Thread(target=lambda: sheets.append(preview.contact_sheet([pdf, pdf], font)))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(sheets) == 4 and len(set(sheets)) == 1 and sheets[0].startswith(b"\x89PNG")
    assert opened == [True] * 8
    assert preview.render(pdf, 20)[0].size == (28, 28) and opened[-1] is True
