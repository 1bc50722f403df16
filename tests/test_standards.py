"""What print shops' preflight and accessibility checkers read: PDF/X keys, solid black, language, IDs, paper."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from helpers import ROOT, cli, copy_project, streams

PROFILE = str(ROOT / "tests/data/project/local/test.yaml")


def build(tmp: Path, *args: str) -> Path:
    result = cli("build", *args, "--local", PROFILE, "--project", str(ROOT), "-o", str(tmp))
    assert result.exit_code == 0, result.output
    return tmp




@pytest.fixture(scope="module")
def pdfx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("pdfx"), "naloxone", "-f", "fact-sheet", "-f", "wallet-card", "-l", "en",
                 "-l", "es", "--pdfx")


def test_pdfx_has_its_version_keys_and_a_registered_output_intent(pdfx: Path) -> None:
    for name in ("naloxone.fact-sheet.en.pdf", "naloxone.wallet-card.es.pdf"):
        reader = pypdf.PdfReader(pdfx / name)
        info = reader.trailer["/Info"].get_object()
        assert (info["/GTS_PDFXVersion"], info["/GTS_PDFXConformance"]) == ("PDF/X-1:2003", "PDF/X-1a:2003")
        assert info["/Trapped"] == "/False" and info["/Title"]
        (intent,) = reader.trailer["/Root"]["/OutputIntents"]
        intent = intent.get_object()
        assert (intent["/S"], intent["/OutputConditionIdentifier"], intent["/RegistryName"]) == (
            "/GTS_PDFX", "CGATS TR 006", "http://www.color.org")  # --press gracol, the default
        assert reader.pdf_header in ("%PDF-1.3", "%PDF-1.4")
        for page in reader.pages:  # ISO 15930: every page has a TrimBox inside its BleedBox inside its MediaBox
            trim, bleed, media = (page[k] for k in ("/TrimBox", "/BleedBox", "/MediaBox"))
            assert float(media[0]) <= float(bleed[0]) <= float(trim[0]) and float(trim[2]) <= float(bleed[2])


def test_pdfx_colour_is_cmyk_only_and_black_text_is_solid_and_overprints(pdfx: Path) -> None:
    data = streams(pdfx / "naloxone.fact-sheet.en.pdf")
    assert not re.search(rb"(^|\s)[\d.]+ [\d.]+ [\d.]+ (rg|RG)\b", data)  # no RGB
    assert not re.search(rb"(^|\s)[\d.]+ (g|G)\n", data)  # no device grey either
    assert b"0 0 0 1 k" in data  # the text ink #1A1A1A prints as 100% K, not a 90% screen
    raw = (pdfx / "naloxone.fact-sheet.en.pdf").read_bytes()
    assert re.search(rb"/op true", raw)  # black fills overprint (text, QR modules)
    assert re.search(rb"/OPM 1", raw)


def test_spanish_files_say_they_are_spanish_and_name_the_program(pdfx: Path) -> None:
    reader = pypdf.PdfReader(pdfx / "naloxone.fact-sheet.es.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "es"
    info = reader.trailer["/Info"].get_object()
    assert info["/Author"] == "Riverside Outreach"
    assert info["/CreationDate"].startswith("D:2026")  # the facts' reviewed date, not 2000-01-01
    assert pypdf.PdfReader(pdfx / "naloxone.fact-sheet.en.pdf").trailer["/Root"]["/Lang"] == "en"


def test_document_ids_come_from_the_content(pdfx: Path, tmp_path: Path) -> None:
    ids = {name: pypdf.PdfReader(pdfx / name).trailer["/ID"][0] for name in (
        "naloxone.fact-sheet.en.pdf", "naloxone.fact-sheet.es.pdf", "naloxone.wallet-card.en.pdf")}
    assert len(set(ids.values())) == 3  # different documents, different IDs
    again = build(tmp_path, "naloxone", "-f", "fact-sheet", "-l", "en", "--pdfx")
    assert pypdf.PdfReader(again / "naloxone.fact-sheet.en.pdf").trailer["/ID"][0] == ids[
        "naloxone.fact-sheet.en.pdf"]  # the same input, the same ID


def test_paper_a4_picks_the_a5_booklet_on_a4_sheets(tmp_path: Path) -> None:
    out = build(tmp_path, "naloxone", "-f", "booklet", "-l", "en", "--paper", "a4")
    assert sorted(p.name for p in out.glob("*.pdf")) == ["naloxone.booklet-a5.en.pdf",
                                                         "naloxone.booklet-a5.en.sheet-a4.pdf"]
    sheet = pypdf.PdfReader(out / "naloxone.booklet-a5.en.sheet-a4.pdf").pages[0]
    assert [round(float(v)) for v in sheet.mediabox] == [0, 0, 842, 595]


MM = 72 / 25.4


@pytest.mark.parametrize(("stock", "paper", "first", "pitch", "card"), [
    # Avery's published templates (as the glabels template database gives them): the top-left card's corner
    # from the paper's top-left corner, the step to the next card across and down, the card.
    ("avery-5371", (612, 792), (0.75 * 72, 0.5 * 72), (3.5 * 72, 2 * 72), (3.5 * 72, 2 * 72)),
    ("avery-8371", (612, 792), (0.75 * 72, 0.5 * 72), (3.5 * 72, 2 * 72), (3.5 * 72, 2 * 72)),
    ("avery-c32011", (595.28, 841.89), (15 * MM, 13.5 * MM), (95 * MM, 54 * MM), (85 * MM, 54 * MM)),
])
def test_cards_land_on_the_named_stock_within_half_a_millimetre(tmp_path: Path, stock: str, paper: tuple,
                                                                first: tuple, pitch: tuple, card: tuple) -> None:
    out = build(tmp_path, "naloxone", "-f", "wallet-card", "-l", "en", "--stock", stock)
    (sheet,) = out.glob(f"*.sheet-{stock}.pdf")
    reader = pypdf.PdfReader(sheet)
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [round(paper[0]), round(paper[1])]
    # Each card is its face form placed with a translation: read the placements from the page's content.
    content = reader.pages[0].get_contents().get_data()
    corners = [(float(x), float(y)) for x, y in re.findall(rb"q\n1 0 0 1 ([\d.]+) ([\d.]+) cm\n", content)]
    expected = [(first[0] + c * pitch[0], paper[1] - first[1] - r * pitch[1] - card[1])
                for r in range(5) for c in range(2)]
    assert len(corners) == 10
    for (x, y), (ex, ey) in zip(sorted(corners), sorted(expected), strict=True):
        assert abs(x - ex) < 0.5 * MM and abs(y - ey) < 0.5 * MM, ((x, y), (ex, ey))


def test_the_office_trifold_sheet_has_fold_guides_in_its_margins(tmp_path: Path) -> None:
    out = build(tmp_path, "naloxone", "-f", "trifold", "-l", "en")
    import pdfplumber

    with pdfplumber.open(out / "naloxone.trifold.en.sheet-letter.pdf") as doc:
        page = doc.pages[0]
        guides = [(round(line["x0"], 1), round(line["top"], 1), round(line["bottom"], 1)) for line in page.lines
                  if abs(line["x0"] - line["x1"]) < 0.01]
    folds = [round(3.625 * 72, 1), round((3.625 + 3.6875) * 72, 1)]  # outside: inside flap | back | cover
    for x in folds:
        at = [g for g in guides if abs(g[0] - x) < 0.2]
        assert len(at) == 2, (x, guides)  # one at the top, one at the bottom
        assert all(g[2] - g[1] < 0.1 * 72 and (g[2] <= 0.25 * 72 or g[1] >= 8.5 * 72 - 0.25 * 72) for g in at)


def test_xmp_metadata_and_the_title_bar(pdfx: Path) -> None:
    reader = pypdf.PdfReader(pdfx / "naloxone.fact-sheet.es.pdf")
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"es": "La naloxona revierte sobredosis de opioides"}
    assert xmp.dc_language == ["es"] and xmp.dc_creator == ["Riverside Outreach"]
    assert bool(reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"])


def test_brand_colours_are_converted_through_the_press_profile(tmp_path: Path) -> None:
    from pamphlets.presses import delta_e, to_press_cmyk

    profile = tmp_path / "branded.yaml"
    profile.write_text((ROOT / "tests/data/project/local/test.yaml").read_text()
                       + 'brand:\n  primary: "#4B2E83"\n  accent: "#F2A900"\n')
    for press in ("gracol", "fogra39"):
        out = tmp_path / press
        result = cli("build", "naloxone", "-f", "fact-sheet", "-l", "en", "--local", str(profile), "--project",
                     str(ROOT), "-o", str(out), "--cmyk", "--press", press)
        assert result.exit_code == 0, result.output
        c, m, y, k = to_press_cmyk("#4B2E83", press)
        # as pamphlets.pdf writes numbers: 4 decimals, no trailing zeros (0.8157)
        numbers = (f"{v:.4f}".rstrip("0").rstrip(".") or "0" for v in (c, m, y, k))
        operator = " ".join(numbers) + " k"
        assert operator.encode() in streams(out / "naloxone.fact-sheet.en.pdf"), operator
        assert delta_e("#4B2E83", press) <= 4.5  # README, "Colour": the sample purple is 3.4-4.0 on every press
    assert to_press_cmyk("#4B2E83", "gracol") != to_press_cmyk("#4B2E83", "fogra39")


def purple_card_check(tmp_path: Path, old: str, new: str) -> tuple[Path, str, Callable[[], str]]:
    """Check the demo card with a purple brand and the wallet-card layout changed (old -> new); return the layout,
    the check's output with the project's folder left out, and a function that checks again with the built-in
    layout."""
    project = copy_project(tmp_path / "project")
    layout = project / "layouts/wallet-card.yaml"
    layout.parent.mkdir(exist_ok=True)
    text = (ROOT / "layouts/wallet-card.yaml").read_text()
    assert old in text
    layout.write_text(text.replace(old, new))
    profile = project / "local/test.yaml"
    profile.write_text(profile.read_text() + 'brand:\n  primary: "#4B2E83"\n')
    args = ("check", "demo", "-f", "wallet-card", "-l", "en", "--local", str(profile), "--project", str(project))

    def builtin() -> str:
        layout.unlink(missing_ok=True)
        return cli(*args).output

    return layout, cli(*args).output.replace(str(project) + "/", ""), builtin


def test_check_warns_of_small_text_in_a_colour_of_several_plates(tmp_path: Path) -> None:
    layout, output, builtin = purple_card_check(tmp_path, 'color: "#1A1A1A", space_after: 2.5pt}',
                                                "color: brand.primary, space_after: 2.5pt}")
    line = next(n for n, row in enumerate(layout.read_text().splitlines(), 1) if "heading: {" in row)
    expected = (f"layouts/wallet-card.yaml:{line}:12: warning: W608: styles.heading: style 'heading' sets 9.5 pt "
                "text in brand.primary (#4B2E83), which a press prints from 3 plates (C82 M94 K9 on gracol); a "
                "slight misregistration blurs text this small: set it in black or another one-ink colour (e.g. "
                "cmyk(0, 0, 0, 100), cmyk(100, 0, 0, 0)), or at 10 pt or more")
    assert expected in output, output
    assert "W608" not in builtin()  # the built-in layout sets its small card text in one ink


def test_check_warns_of_small_white_text_on_a_background_of_several_plates(tmp_path: Path) -> None:
    layout, output, builtin = purple_card_check(tmp_path, "summary: {size: 10, min_size: 8,",
                                                "summary: {size: 9, min_size: 7,")
    line = next(n for n, row in enumerate(layout.read_text().splitlines(), 1) if "topic.summary" in row)
    expected = (f"layouts/wallet-card.yaml:{line}:19: warning: W609: faces[0].regions[0].blocks[1].text: style "
                "'summary' sets 9 pt white text on brand.primary (#4B2E83), a background a press prints from 3 "
                "plates: a slight misregistration leaves coloured edges inside letters this small; set it at 10 pt "
                "or more, or on a one-ink background")
    assert expected in output, output
    assert "W609" not in builtin()  # the built-in card sets its white summary at 10 pt
