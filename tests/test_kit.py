"""Outreach kits: one command to a print-ready bundle, incremental and parallel; init and preview."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import DATA, ROOT, cli

OUT = Path("output/test")
DOCS = ["demo.wallet-card.en.pdf", "demo.wallet-card.en.sheet-letter.pdf", "naloxone.fact-sheet.en.pdf",
        "demo.poster.en.pdf"]
EXTRAS = ["print-order.csv", "print-order.pdf", "contact-sheet.png", "test.zip"]


def kit(*extra: str) -> tuple[int, list[str]]:
    result = cli("kit", "kits/test.yaml", "--verbose", *extra)
    return result.exit_code, result.output.splitlines()


def written(lines: list[str]) -> list[str]:
    return sorted(line.split()[1] for line in lines if line.startswith("wrote "))


def test_kit_writes_every_file_and_a_print_order(project: Path) -> None:
    code, lines = kit("--jobs", "1")
    assert code == 0, lines
    assert sorted(p.name for p in OUT.iterdir() if not p.name.startswith(".")) == sorted(DOCS + EXTRAS)
    with (OUT / "print-order.csv").open() as f:
        rows = {(r["item"], r["language"]): r for r in csv.DictReader(f)}
    card = rows[("demo wallet-card", "en")]
    assert (card["quantity"], card["home sheets"], card["size"]) == ("500", "50", "us")  # 10 cards a sheet
    assert card["duplex"] == "two-sided, flip on long edge"
    assert rows[("naloxone fact-sheet", "en")]["home sheets"] == "50"
    assert rows[("demo poster", "en")]["home sheets"] == "print shop only"
    with zipfile.ZipFile(OUT / "test.zip") as z:
        assert sorted(z.namelist()) == sorted(DOCS + EXTRAS[:3])
        assert z.read("demo.wallet-card.en.pdf") == (OUT / "demo.wallet-card.en.pdf").read_bytes()
    assert (OUT / "contact-sheet.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_rebuild_with_nothing_changed_builds_nothing(project: Path) -> None:
    assert kit()[0] == 0
    before = {p.name: p.stat().st_mtime_ns for p in OUT.iterdir()}
    code, lines = kit()
    assert code == 0
    assert written(lines) == []
    assert lines[-1] == "nothing changed: 3 document(s) up to date"
    assert {p.name: p.stat().st_mtime_ns for p in OUT.iterdir()} == before


def test_a_one_file_change_rebuilds_only_its_documents(project: Path) -> None:
    assert kit()[0] == 0
    topic = Path("content/demo/en.yaml")
    topic.write_text(topic.read_text().replace("Add water and mix.", "Add a little water and mix."))
    code, lines = kit()
    assert code == 0
    assert written(lines) == sorted(["demo.wallet-card.en.pdf", "demo.wallet-card.en.sheet-letter.pdf",
                                     "demo.poster.en.pdf", *EXTRAS])


def test_a_failing_item_does_not_stop_the_others(project: Path) -> None:
    assert kit()[0] == 0
    poster = OUT / "demo.poster.en.pdf"
    text = Path("kits/test.yaml").read_text()
    Path("kits/test.yaml").write_text(text.replace("{topic: demo, format: poster, quantity: 10}",
                                                   "{topic: demo, format: poster, size: 30x40, quantity: 10}"))
    result = cli("kit", "kits/test.yaml")
    assert result.exit_code == 1
    assert "format 'poster' has no size '30x40'; its sizes are: 11x17, 18x24, 24x36, a3, a2" in result.stderr
    assert (OUT / "demo.wallet-card.en.pdf").is_file() and (OUT / "naloxone.fact-sheet.en.pdf").is_file()
    assert poster.is_file()  # the default-size poster is another document, still current
    with (OUT / "print-order.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert any(r["print-shop file"] == "NOT BUILT: see errors" for r in rows)


def test_parallel_build_is_byte_identical_to_serial(project: Path) -> None:
    assert kit("--jobs", "1", "-o", "serial")[0] == 0
    assert kit("--jobs", "2", "-o", "parallel")[0] == 0
    for name in DOCS + EXTRAS:
        assert (Path("serial") / name).read_bytes() == (Path("parallel") / name).read_bytes(), name


def test_preview_writes_png_pages(project: Path) -> None:
    assert kit()[0] == 0
    result = cli("preview", str(OUT / "demo.wallet-card.en.pdf"), "--dpi", "50", "-o", "png")
    assert result.exit_code == 0
    pages = sorted(p.name for p in Path("png").iterdir())
    assert pages == ["demo.wallet-card.en-1.png", "demo.wallet-card.en-2.png"]
    from PIL import Image

    with Image.open(Path("png") / pages[0]) as image:
        expected = ((252 + 2 * 31.00787) * 50 / 72, (144 + 2 * 31.00787) * 50 / 72)  # trim + bleed + slug, 50 dpi
        assert image.size == pytest.approx(expected, abs=1)


def test_a_project_file_overrides_the_built_in_one(project: Path) -> None:
    own = Path("content/naloxone/en.yaml")
    own.parent.mkdir(parents=True)
    own.write_text((ROOT / "content/naloxone/en.yaml").read_text().replace(
        "title: Naloxone reverses opioid overdose", "title: Naloxone saves lives"))
    assert kit()[0] == 0
    from helpers import page_text

    assert "Naloxone saves lives" in page_text(OUT / "naloxone.fact-sheet.en.pdf")[0]


@pytest.mark.slow
def test_init_and_kit_from_an_installed_wheel(tmp_path: Path) -> None:
    """Build the wheel, install it outside the checkout, then init a project and build its kit there."""
    wheels, target, work = tmp_path / "wheels", tmp_path / "site", tmp_path / "work"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(wheels.glob("pamphlets-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = [sys.executable, "-c", "import sys, pamphlets.commands as c; "
           "assert c.__file__.startswith(sys.argv[1]), c.__file__; sys.argv = ['pamphlets'] + sys.argv[2:]; c.main()",
           str(target)]
    subprocess.run([*run, "init", "my-program"], cwd=work, env=env, check=True, capture_output=True)
    project = work / "my-program"
    assert sorted(p.name for p in project.iterdir()) == ["README.md", "content", "kits", "layouts", "local",
                                                         "pamphlets.yaml"]
    refused = subprocess.run([*run, "kit", "kits/starter.yaml"], cwd=project, env=env, capture_output=True,
                             text=True)
    assert refused.returncode == 1 and "is a fictional 555 number" in refused.stderr  # the init examples
    profile = project / "local/my-program.yaml"  # what a program does next: put in its own details
    profile.write_text(DATA.joinpath("project/local/test.yaml").read_text())
    done = subprocess.run([*run, "kit", "kits/starter.yaml", "--jobs", "2"], cwd=project, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    out = project / "output/starter"
    assert (out / "fentanyl-test-strips.wallet-card.es.sheet-letter.pdf").is_file()
    assert (out / "starter.zip").is_file()
    checked = subprocess.run([*run, "check", "--layout", "wallet-card"], cwd=project, env=env, capture_output=True,
                             text=True)
    assert checked.stdout.splitlines()[-1].startswith("0 error(s)")
    # The web app's templates, styles and format thumbnails ship in the wheel: its pages render from there.
    served = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from pamphlets.web import "
                             "create_app; c = create_app(Path('.')).test_client(); "
                             "assert c.get('/').status_code == 200; "
                             "assert c.get('/static/formats/wallet-card.png').data[:4] == b'\\x89PNG'; "
                             "assert b'Organization name' in c.get('/program/my-program').data"],
                            cwd=project, env=env, capture_output=True, text=True)
    assert served.returncode == 0, served.stderr


def test_a_kit_can_ask_for_pdfx_a_press_and_card_stock(project: Path) -> None:
    import pypdf

    kit_file = Path("kits/test.yaml")
    kit_file.write_text(kit_file.read_text().replace("paper: letter\n", "paper: letter\npdfx: true\npress: fogra39\n"
                                                     "stock: avery-5371\n"))
    code, lines = kit("--jobs", "1")
    assert code == 0, lines
    reader = pypdf.PdfReader(OUT / "naloxone.fact-sheet.en.pdf")
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    assert intent.get_object()["/OutputConditionIdentifier"] == "FOGRA39"
    assert (OUT / "demo.wallet-card.en.sheet-avery-5371.pdf").is_file()  # the card sheet placed on the stock
    kit_file.write_text(kit_file.read_text().replace("press: fogra39", "press: newsprint"))
    code, lines = kit()
    assert code == 1
    assert "kits/test.yaml:6:8: press: 'newsprint' is not allowed; use one of: gracol, swop, fogra39" in lines, lines
