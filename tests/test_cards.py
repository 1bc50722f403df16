"""Wallet cards as a print shop and a home printer need them: boxes, marks, safe area, duplex, QR."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pdfplumber
import pypdf
import pypdfium2 as pdfium
import pytest

from helpers import ROOT, cli, fonts_of, qr_codes, where

TRIM = (252.0, 144.0)
CARD_SIZES = {"us": (252.0, 144.0), "eu": (85 * 72 / 25.4, 55 * 72 / 25.4), "cr80": (3.370 * 72, 2.125 * 72)}
BLEED = SAFE = 9.0
LAYOUT = ROOT / "layouts/wallet-card.yaml"


def test_cr80_on_a4_short_edge(project: Path) -> None:
    build_card(project / "out", "--size", "cr80", "--paper", "a4", "--duplex", "short-edge")
    sheet = project / "out/demo.wallet-card-cr80.en.sheet-a4.pdf"
    front, back = pypdf.PdfReader(sheet).pages
    assert [round(float(v), 1) for v in front.mediabox] == [0, 0, 595.3, 841.9]
    assert b" cm" in back.get_contents().get_data()  # the backs are placed turned (180 degrees)
    with pdfplumber.open(sheet) as doc:
        assert doc.pages[0].extract_text().count("Riverside Outreach") == 10


def build_card(out: Path, *extra: str) -> tuple[Path, Path]:
    result = cli("build", "demo", "--format", "wallet-card", "--local", "local/test.yaml", "-o", str(out), *extra)
    assert result.exit_code == 0, result.output
    return out / "demo.wallet-card.en.pdf", out / "demo.wallet-card.en.sheet-letter.pdf"


@pytest.mark.parametrize("size", CARD_SIZES)
def test_print_shop_file_has_boxes_marks_and_bleed(project: Path, size: str) -> None:
    build_card(project / "out", "--size", size)
    shop = project / "out" / ("demo.wallet-card.en.pdf" if size == "us" else f"demo.wallet-card-{size}.en.pdf")
    pages = pypdf.PdfReader(shop).pages
    assert len(pages) == 2  # front, back
    with pdfplumber.open(shop) as doc:
        for page, plumb in zip(pages, doc.pages, strict=True):
            assert "/TrimBox" in page and "/BleedBox" in page
            tx0, ty0, tx1, ty1 = (float(v) for v in page.trimbox)
            assert (tx1 - tx0, ty1 - ty0) == pytest.approx(CARD_SIZES[size])
            assert [float(v) for v in page.bleedbox] == pytest.approx([tx0 - BLEED, ty0 - BLEED, tx1 + BLEED,
                                                                       ty1 + BLEED])
            height = float(page.mediabox[3])
            marks = [line for line in plumb.lines if line["linewidth"] < 1]
            assert len(marks) == 8
            for m in marks:  # pdfplumber: top-left origin
                xs, ys = (m["x0"], m["x1"]), (height - m["top"], height - m["bottom"])
                outside_x = max(xs) <= tx0 - BLEED or min(xs) >= tx1 + BLEED
                outside_y = max(ys) <= ty0 - BLEED or min(ys) >= ty1 + BLEED
                assert outside_x or outside_y, m
            for ch in plumb.chars:  # text stays 0.125 in inside the trim
                if ch["text"].strip():
                    assert tx0 + SAFE - 0.01 <= ch["x0"] and ch["x1"] <= tx1 - SAFE + 0.01
                    assert height - ty1 + SAFE - 0.01 <= ch["top"] and ch["bottom"] <= height - ty0 - SAFE + 0.01
    assert all(fonts_of(shop).values())


def test_crop_marks_are_in_registration_colour(project: Path) -> None:
    shop, sheet = build_card(project / "out")
    for pdf in (shop, sheet):
        page = pypdf.PdfReader(pdf).pages[0]
        spaces = [cs.get_object() for cs in page["/Resources"]["/ColorSpace"].values()]
        assert ["/Separation", "/All"] in [[str(v) for v in cs[:2]] for cs in spaces]
        assert b"SCN" in page.get_contents().get_data()  # the marks are stroked in it


def test_front_background_runs_into_the_bleed(project: Path) -> None:
    shop, _ = build_card(project / "out")
    page = pdfium.PdfDocument(str(shop))[0]
    scale = 2
    image = np.asarray(page.render(scale=scale).to_pil().convert("RGB")).astype(int)
    tx0, ty0, _, ty1 = (float(v) for v in pypdf.PdfReader(shop).pages[0].trimbox)
    height = image.shape[0] / scale
    y = int((height - (ty0 + ty1) / 2) * scale)
    inside_bleed = image[y, int((tx0 - BLEED / 2) * scale)]
    outside_bleed = image[y, int((tx0 - BLEED - 2) * scale)]
    assert tuple(inside_bleed) != (255, 255, 255)  # the card colour, half-way into the bleed
    assert tuple(outside_bleed) == (255, 255, 255)


@pytest.mark.parametrize("duplex", ["long-edge", "short-edge"])
def test_home_sheet_backs_line_up_with_fronts(project: Path, duplex: str) -> None:
    """Render both sides, flip the back as the printer does, and check every back lands upright on its card."""
    _, sheet = build_card(project / "out", "--duplex", duplex)
    doc = pdfium.PdfDocument(str(sheet))
    assert len(doc) == 2
    front, back = (np.asarray(p.render(scale=1).to_pil().convert("RGB")).astype(int) for p in doc)
    card = np.abs(front - np.array([0x1F, 0x4E, 0x79])).sum(axis=2) < 40  # the default brand.primary
    rows, cols = np.where(card)
    top, bottom, left, right = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    assert (right - left, bottom - top) == pytest.approx((2 * TRIM[0], 5 * TRIM[1]), abs=2)  # 2 x 5 cards
    flipped = back[:, ::-1] if duplex == "long-edge" else back[::-1, :]  # seen through the sheet from the front
    ink = (flipped < 200).any(axis=2)
    assert ink[:top].sum() == ink[bottom:].sum() == ink[:, :left].sum() == ink[:, right:].sum() == 0
    cw, ch = (right - left) / 2, (bottom - top) / 5
    for r in range(5):
        for c in range(2):
            y0, x0 = int(top + r * ch), int(left + c * cw)
            cell = ink[y0 + 3: int(y0 + ch) - 3, x0 + 3: int(x0 + cw) - 3]  # 3 px in from the cut lines
            assert cell.sum() > 300, (r, c)
            half = cell.shape[0] // 2
            # the back's heading and bullets start at its top: upright backs are top-heavy in every cell
            assert cell[:half].sum() > cell[half:].sum(), (r, c)
            # no back content on the 3 px along the cut lines: each back sits inside its own card
            edge = ink[y0: y0 + 3, x0: int(x0 + cw)].sum() + ink[y0: int(y0 + ch), x0: x0 + 3].sum()
            assert edge == 0, (r, c)


def test_home_sheet_has_ten_cards_and_scanning_qr_codes(project: Path) -> None:
    _, sheet = build_card(project / "out")
    codes = qr_codes(sheet)
    assert codes[0] == []  # the front carries no code
    assert codes[1] == ["https://findtreatment.gov/locator"] * 10 or (
        len(codes[1]) >= 1 and set(codes[1]) == {"https://findtreatment.gov/locator"})
    with pdfplumber.open(sheet) as doc:
        assert doc.pages[0].extract_text().count("Test your drugs for fentanyl") == 10


def test_qr_code_on_a_single_card_scans(project: Path) -> None:
    shop, _ = build_card(project / "out")
    assert qr_codes(shop) == [[], ["https://findtreatment.gov/locator"]]


def test_over_long_card_text_fails_naming_region_and_item(project: Path) -> None:
    topic = Path("content/demo/en.yaml")
    topic.write_text(topic.read_text().replace("  - Fentanyl can be in pills, powder and crystal.",
                                               "  - " + "Fentanyl can be in pills, powder and crystal. " * 24))
    result = cli("build", "demo", "--format", "wallet-card", "--local", "local/test.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"content/demo/en.yaml:4:5: key_points[0]: this text does not fit in region 'key-points' of layout "
        f"'wallet-card', size us ({where(LAYOUT, 'name: key-points')}) even at the smallest allowed size "
        "(at body 7 pt); shorten the content or choose a larger size")
    assert not Path("output").exists()
