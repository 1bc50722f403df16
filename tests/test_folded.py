"""Trifold pamphlets and saddle-stitched zines: panel geometry, reading order, page order, boxes and marks."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdf
import pytest

from pamphlets.compose import Composer, compose
from pamphlets.impose import saddle_order
from pamphlets.project import Project
from pamphlets.resolve import Resolver

from helpers import DATA, PLAIN_QUOTES, ROOT, add_sections, cli, page_text, where

IN, MM = 72.0, 72 / 25.4
TRIFOLD = ROOT / "layouts/trifold.yaml"


def job(fmt: str, size: str | None = None, slug: str = "overdose-response"):  # type: ignore[no-untyped-def]
    resolver = Resolver(Project.at(ROOT))
    return resolver.job(slug, fmt, "en", resolver.profile(ROOT / "local/example.yaml"), size)


@pytest.mark.parametrize("size, outside", [
    ("letter", [3.625 * IN, 3.6875 * IN, 3.6875 * IN]),
    ("a4", [97 * MM, 100 * MM, 100 * MM]),
])
def test_trifold_panel_widths_and_positions(size: str, outside: list[float]) -> None:
    composer = Composer(job("trifold", size))
    edges = {(s.face, s.region.name): s.edge for s in composer.slots()}
    inside = list(reversed(outside))
    names = (["inside-flap", "back-panel", "cover"], ["inside-left", "inside-middle", "inside-right"])
    for face, widths in ((0, outside), (1, inside)):
        x = 0.0
        for name, width in zip(names[face], widths, strict=True):
            ex, _, ew, _ = edges[(face, name)]
            assert (ex, ew) == pytest.approx((x, width))
            x += width
        assert x == pytest.approx(composer.job.trim[0])
    plan = compose(composer.job)
    assert plan.faces[0].folds == pytest.approx((outside[0], outside[0] + outside[1]))
    assert plan.faces[1].folds == pytest.approx((inside[0], inside[0] + inside[1]))
    # the narrow fold-in panel is the outside's left and the inside's right: they back onto each other
    assert outside[0] < outside[1] and inside[2] < inside[1]


def test_trifold_inside_reads_left_to_right_in_section_order(tmp_path: Path) -> None:
    result = cli("build", "overdose-response", "-f", "trifold", "-l", "en", "--local",
                 str(ROOT / "local/example.yaml"), "--project", str(ROOT), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    headings = [s.heading.source for s in job("trifold").topic.sections]
    pdf = tmp_path / "overdose-response.trifold.en.pdf"
    left = float(pypdf.PdfReader(pdf).pages[1].trimbox[0])
    edges = [left, left + 3.6875 * IN, left + 7.375 * IN, left + 11 * IN]  # inside: the narrow panel is last
    with pdfplumber.open(pdf) as doc:
        inside = doc.pages[1]
        panels = [inside.crop((edges[i], 0, edges[i + 1], inside.height)).extract_text_lines() for i in range(3)]

    def position(text: str) -> tuple[int, float]:
        return next((i, ln["top"]) for i, lines in enumerate(panels) for ln in lines if ln["text"].startswith(text))

    order = [position(h) for h in headings]
    assert order == sorted(order), order  # by panel, then down the panel
    assert {p for p, _ in order} >= {0, 1}  # the sections do flow across panels


def test_trifold_print_shop_file_boxes_crop_and_fold_marks(tmp_path: Path) -> None:
    result = cli("build", "overdose-response", "-f", "trifold", "-l", "en", "--local",
                 str(ROOT / "local/example.yaml"), "--project", str(ROOT), "-o", str(tmp_path))
    assert result.exit_code == 0
    pdf = tmp_path / "overdose-response.trifold.en.pdf"
    with pdfplumber.open(pdf) as doc:
        for page, plumb in zip(pypdf.PdfReader(pdf).pages, doc.pages, strict=True):
            tx0, ty0, tx1, ty1 = (float(v) for v in page.trimbox)
            assert (tx1 - tx0, ty1 - ty0) == pytest.approx((11 * IN, 8.5 * IN))
            assert "/BleedBox" in page
            height = float(page.mediabox[3])
            marks = [m for m in plumb.lines if m["linewidth"] < 1]  # the 1 pt rule on the back panel is artwork
            dashed = [m for m in marks if m.get("dash") and m["dash"][0]]
            assert len(marks) == 8 + 4 and len(dashed) == 4  # 8 crop marks, 2 folds x (top, bottom)
            for m in marks:
                ys = (height - m["top"], height - m["bottom"])
                assert min(ys) >= ty1 + 0.125 * IN or max(ys) <= ty0 - 0.125 * IN or \
                    max(m["x0"], m["x1"]) <= tx0 - 0.125 * IN or min(m["x0"], m["x1"]) >= tx1 + 0.125 * IN
            for ch in plumb.chars:
                if ch["text"].strip():
                    assert tx0 + 0.25 * IN - 0.01 <= ch["x0"] and ch["x1"] <= tx1 - 0.25 * IN + 0.01
    home = tmp_path / "overdose-response.trifold.en.sheet-letter.pdf"
    for page in pypdf.PdfReader(home).pages:  # the office-printer file is exactly a letter sheet
        assert [float(v) for v in page.mediabox] == [0, 0, 11 * IN, 8.5 * IN]


def test_too_long_for_a_trifold_names_the_panel_and_the_section(project: Path) -> None:
    add_sections(30, 8)
    result = cli("build", "demo", "-f", "trifold", "--local", "local/test.yaml")
    assert result.exit_code == 1
    message = result.stderr.splitlines()[0]
    assert message.startswith("content/demo/en.yaml:")
    assert ": sections[" in message
    assert (f"does not fit in region 'inside-right' of layout 'trifold', size letter "
            f"({where(TRIFOLD, 'name: inside-right')}) even at the smallest allowed size") in message


@pytest.mark.parametrize("n, expected", [
    (8, [((8, 1), (2, 7)), ((6, 3), (4, 5))]),
    (12, [((12, 1), (2, 11)), ((10, 3), (4, 9)), ((8, 5), (6, 7))]),
    (16, [((16, 1), (2, 15)), ((14, 3), (4, 13)), ((12, 5), (6, 11)), ((10, 7), (8, 9))]),
])
def test_saddle_stitch_page_order(n: int, expected: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    order = saddle_order(n)
    assert order == expected
    assert all(a + b == n + 1 for sheet in order for a, b in sheet)  # facing pages add up to n + 1
    assert sorted(p for sheet in order for side in sheet for p in side) == list(range(1, n + 1))


def test_booklet_has_at_most_one_notes_page_and_is_imposed_for_saddle_stitching(tmp_path: Path) -> None:
    result = cli("build", "overdose-response", "-f", "booklet", "-l", "en", "--local",
                 str(DATA / "project/local/test.yaml"), "--project", str(ROOT), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    pages = page_text(tmp_path / "overdose-response.booklet.en.pdf")
    n = len(pages)
    assert n in (8, 12, 16)
    assert "What to do in an overdose" in " ".join(pages[0].split())
    assert "Free and confidential help" in pages[-1]
    notes = [i for i, p in enumerate(pages) if p.startswith("Notes")]
    assert notes in ([], [n - 2])  # type grows into the padding: at most one notes page, before the back cover
    sheets = tmp_path / "overdose-response.booklet.en.sheet-letter.pdf"
    reader = pypdf.PdfReader(sheets)
    assert len(reader.pages) == n // 2
    assert [float(v) for v in reader.pages[0].mediabox] == [0, 0, 11 * IN, 8.5 * IN]
    with pdfplumber.open(sheets) as doc:
        sides = list(zip(doc.pages[::2], doc.pages[1::2], strict=True))
        for (outside, inside), (out_page, in_page) in zip(saddle_order(n), sides, strict=True):
            for (left, right), page in ((outside, out_page), (inside, in_page)):
                halves = (page.crop((0, 0, 5.5 * IN, 8.5 * IN)), page.crop((5.5 * IN, 0, 11 * IN, 8.5 * IN)))
                for number, half in zip((left, right), halves, strict=True):
                    expected = " ".join(pages[number - 1].split()[:4])
                    shown = " ".join((half.extract_text() or "").translate(PLAIN_QUOTES).split()[:4])
                    assert shown == expected, (number, expected)


def test_a_booklet_longer_than_sixteen_pages_fails(project: Path) -> None:
    add_sections(60, 10)
    result = cli("build", "demo", "-f", "booklet", "--local", "local/test.yaml")
    assert result.exit_code == 1
    assert "does not fit in region 'page-15' of layout 'booklet'" in result.stderr


def test_a5_booklet_prints_on_a4(tmp_path: Path) -> None:
    result = cli("build", "overdose-response", "-f", "booklet", "-l", "es", "--size", "a5", "--local",
                 str(ROOT / "local/example.yaml"), "--project", str(ROOT), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    page = pypdf.PdfReader(tmp_path / "overdose-response.booklet-a5.es.sheet-a4.pdf").pages[0]
    assert [round(float(v), 1) for v in page.mediabox] == [0, 0, 841.9, 595.3]  # A4 landscape
