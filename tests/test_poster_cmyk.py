"""Posters at every size, and --cmyk files in which every colour is CMYK (black text as black ink only)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdf
import pytest
from pypdf.generic import ContentStream

from helpers import cli, qr_codes, words_outside

INCH = 72.0
SIZES = {"11x17": (11, 17), "18x24": (18, 24), "24x36": (24, 36), "a3": (297 / 25.4, 420 / 25.4),
         "a2": (420 / 25.4, 594 / 25.4)}
RGB_OPERATORS = {"rg", "RG", "g", "G", "sc", "SC"}  # sc/SC only ever follow a device colour space here


def build(*args: str) -> str:
    result = cli("build", "demo", "--local", "local/test.yaml", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("size", SIZES)
def test_poster_boxes_safe_area_and_headline(project: Path, size: str) -> None:
    out = build("--format", "poster", "--size", size, "-o", "out")
    name = "demo.poster.en.pdf" if size == "11x17" else f"demo.poster-{size}.en.pdf"
    assert f"note: {name}: larger than letter paper, so no home-print sheet" in out
    pdf = Path("out") / name
    (page,) = pypdf.PdfReader(pdf).pages
    assert "/TrimBox" in page and "/BleedBox" in page
    x0, y0, x1, y1 = (float(v) for v in page.trimbox)
    w, h = SIZES[size]
    assert (x1 - x0, y1 - y0) == pytest.approx((w * INCH, h * INCH), abs=0.01)
    # the headline grows with the poster: 60 pt on 11 x 17 in, in proportion on the others
    with pdfplumber.open(pdf) as doc:
        sizes = [wd["size"] for wd in doc.pages[0].extract_words(extra_attrs=["size"]) if wd["text"] == "Test"]
    assert max(sizes) == pytest.approx(60 * min(w / 11, h / 17), rel=0.01)
    # no text within 0.5 in of the trim (the page also has the bleed and the slug for marks around it)
    margin = x0 + 0.5 * INCH
    assert words_outside(pdf, margin) == []


def test_poster_qr_scans(project: Path) -> None:
    build("--format", "poster", "-o", "out")
    assert qr_codes(Path("out/demo.poster.en.pdf"), dpi=150) == [["https://findtreatment.gov/locator"]]


def colour_operators(pdf: Path) -> set[str]:
    """Every colour-setting operator in the pages and the face forms they place."""
    reader = pypdf.PdfReader(pdf)
    found: set[str] = set()
    for page in reader.pages:
        streams = [page.get_contents()]
        streams += [x.get_object() for x in page["/Resources"].get("/XObject", {}).values()]
        for stream in streams:
            for _, op in ContentStream(stream, reader).operations:
                name = op.decode()
                if name in RGB_OPERATORS | {"k", "K", "cs", "CS", "scn", "SCN"}:
                    found.add(name)
    return found


@pytest.mark.parametrize("fmt", ["wallet-card", "fact-sheet", "poster"])
def test_cmyk_files_have_no_rgb_colour(project: Path, fmt: str) -> None:
    build("--format", fmt, "--cmyk", "-o", "out")
    for pdf in Path("out").glob("*.pdf"):
        ops = colour_operators(pdf)
        assert ops and not ops & RGB_OPERATORS, (pdf.name, ops)
        assert not pypdf.PdfReader(pdf).pages[0]["/Resources"].get("/XObject", {}).get("/Im0")  # no images
        with pdfplumber.open(pdf) as doc:
            for ch in doc.pages[0].chars:
                assert len(ch["non_stroking_color"]) == 4, ch["non_stroking_color"]


def test_cmyk_body_text_is_black_ink_only(project: Path) -> None:
    build("--format", "fact-sheet", "--cmyk", "-o", "out")
    with pdfplumber.open("out/demo.fact-sheet.en.pdf") as doc:
        body = [c for c in doc.pages[0].chars if round(c["size"]) == 12 and "Regular" in c["fontname"]]
        colours = {tuple(c["non_stroking_color"]) for c in body}
    # #1A1A1A, the default brand.ink, prints as solid black ink (0/0/0/100), not a 90% screen or a four-colour grey
    assert len(colours) == 1
    assert list(colours.pop()) == pytest.approx([0, 0, 0, 1.0], abs=0.001)


def test_without_cmyk_colours_are_rgb(project: Path) -> None:
    build("--format", "wallet-card", "-o", "out")
    assert "rg" in colour_operators(Path("out/demo.wallet-card.en.pdf"))
