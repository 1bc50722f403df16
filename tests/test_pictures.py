"""Pictures: the program's logo on every layout, the built-in pictograms on steps and figures, and their errors."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from pamphlets.compose import compose
from pamphlets.pictures import library
from pamphlets.plan import BoxOp, PictureOp, TextOp
from pamphlets.project import Project
from pamphlets.resolve import Resolver

from helpers import ROOT, cli, page_text, streams

LOGO_LAYOUTS = ["fact-sheet", "trifold", "booklet", "poster", "wallet-card"]
SVG_LOGO = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60" width="120" height="60">
  <rect x="2" y="2" width="116" height="56" rx="8" fill="#0B6E4F"/>
  <circle cx="30" cy="30" r="18" fill="#FFFFFF"/>
</svg>
"""




def images(pdf: Path) -> int:
    """How many image XObjects the file holds."""
    return len(re.findall(rb"/Subtype /Image", pdf.read_bytes()))


def with_logo(project: Path, name: str, line: str | None = None) -> None:
    """Add 'logo: <name>' (or the given line) to the fixture profile."""
    profile = project / "local/test.yaml"
    profile.write_text(profile.read_text() + (line or f"logo: {name}") + "\n")


def png(path: Path, width: int, height: int) -> None:
    Image.new("RGB", (width, height), (11, 110, 79)).save(path)


def plan(project: Path, slug: str, fmt: str, lang: str = "en", profile: str = "local/test.yaml"):
    resolver = Resolver(Project.at(project))
    return compose(resolver.job(slug, fmt, lang, resolver.profile(project / profile)))


def test_an_svg_logo_prints_as_vector_art_on_every_layout(project: Path) -> None:
    (project / "local/logo.svg").write_text(SVG_LOGO)
    with_logo(project, "logo.svg")
    result = cli("build", "demo", *[a for f in LOGO_LAYOUTS for a in ("-f", f)], "--local", "local/test.yaml",
                 "-o", "out")
    assert result.exit_code == 0, result.output
    for fmt in LOGO_LAYOUTS:
        pdf = Path(f"out/demo.{fmt}.en.pdf")
        assert images(pdf) == 0, fmt  # paths, not a picture of paths
        assert b"re" in streams(pdf) and re.search(rb"0\.0431 0\.4314 0\.3098 rg", streams(pdf)), fmt
        ops = [op for face in plan(project, "demo", fmt).faces for op in face.ops if isinstance(op, PictureOp)]
        assert any(op.picture.ref == "logo.svg" for op in ops), fmt


def test_an_svg_logo_with_default_black_and_a_dashed_stroke_prints_in_cmyk(project: Path) -> None:
    """svglib's renderer starts from RGB black; in a print file that is black ink, never RGB (nor a traceback)."""
    (project / "local/logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60" width="120" height="60">'
        '<polyline points="5,55 60,5 115,55" fill="none" stroke="#1F4E79" stroke-width="4" stroke-dasharray="6 3"/>'
        '<path d="M 10 50 L 110 50 L 60 20 Z"/></svg>')
    with_logo(project, "logo.svg")
    result = cli("build", "demo", "-f", "fact-sheet", "--cmyk", "--local", "local/test.yaml", "-o", "out")
    assert result.exit_code == 0, result.output
    data = streams(Path("out/demo.fact-sheet.en.pdf"))
    assert not re.search(rb"(^|\s)[\d.]+ [\d.]+ [\d.]+ (rg|RG)\b", data)  # no RGB anywhere
    assert b"[6 3] 0 d" in data and b"0 0 0 1 k" in data  # the dash, and the path's default black fill as K


def test_a_png_logo_is_embedded_and_checked_for_resolution(project: Path) -> None:
    png(project / "local/logo.png", 600, 300)  # 1.6 in wide in the fact sheet's slot: 375 ppi
    with_logo(project, "logo.png")
    result = cli("build", "demo", "-f", "fact-sheet", "--local", "local/test.yaml", "-o", "out")
    assert result.exit_code == 0, result.output
    assert images(Path("out/demo.fact-sheet.en.pdf")) == 1
    check = cli("check", "demo", "-f", "fact-sheet", "--local", "local/test.yaml")
    assert "W605" not in check.stdout


def test_a_coarse_png_logo_warns_under_300_ppi_and_fails_under_150(project: Path) -> None:
    png(project / "local/logo.png", 400, 200)  # 250 ppi where it prints
    with_logo(project, "logo.png")
    check = cli("check", "demo", "-f", "fact-sheet", "--local", "local/test.yaml")
    assert ("local/test.yaml:10:7: warning: W605: logo: 'logo.png' prints at 250 ppi (1.60 in wide); print shops "
            "ask for 300 ppi: use a larger file or an SVG") in check.stdout.splitlines()
    png(project / "local/logo.png", 200, 100)  # 125 ppi
    result = cli("build", "demo", "-f", "fact-sheet", "--local", "local/test.yaml", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "local/test.yaml:10:7: logo: 'logo.png' is 200 x 100 pixels and prints 1.60 in wide here, only 125 ppi; "
        "use a file with at least 150 ppi (300 for print shops), or an SVG")
    assert not Path("out").exists()


def test_a_logo_outside_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    png(tmp_path / "elsewhere.png", 600, 300)
    with_logo(project, "../../elsewhere.png")
    result = cli("build", "demo", "-f", "fact-sheet", "--local", "local/test.yaml", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"local/test.yaml:10:7: logo: logo '../../elsewhere.png' is outside the project folder ({project}); copy the "
        "file into the project and name it from there")
    assert not Path("out").exists()


@pytest.mark.parametrize(("content", "message"), [
    ("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><text x='1' y='9'>Hi</text></svg>",
     "'logo.svg' has text in it; convert the text to outlines (paths) in your drawing program so it prints as "
     "drawn, or use a PNG"),
    ("<svg", "'logo.svg' is not an SVG file pamphlets can read"),
])
def test_an_svg_that_cannot_print_as_drawn_is_an_error(project: Path, content: str, message: str) -> None:
    (project / "local/logo.svg").write_text(content)
    with_logo(project, "logo.svg")
    result = cli("build", "demo", "-f", "fact-sheet", "--local", "local/test.yaml", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"local/test.yaml:10:7: logo: {message}")


def test_an_unknown_picture_name_suggests_the_nearest(project: Path) -> None:
    topic = project / "content/demo/en.yaml"
    text = topic.read_text()
    first_step = re.search(r"^steps:\n  - (.*)$", text, re.M)
    assert first_step
    topic.write_text(text.replace(f"  - {first_step.group(1)}", f"  - text: {first_step.group(1)}\n"
                                                                 "    picture: test-strip-dipp", 1))
    line = topic.read_text().splitlines().index("    picture: test-strip-dipp") + 1
    result = cli("build", "demo", "-f", "fact-sheet", "--local", "local/test.yaml", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"content/demo/en.yaml:{line}:14: steps[0].picture: no picture named 'test-strip-dipp' in the library; did "
        "you mean 'test-strip-dip'? `pamphlets list pictures` lists them, or give a file in the project such as "
        "pictures/my-step.svg")


def test_steps_and_results_show_their_pictograms_in_the_layouts_colours() -> None:
    steps = plan(ROOT, "naloxone", "fact-sheet", profile="tests/data/project/local/test.yaml")
    shown = [op.picture.ref for face in steps.faces for op in face.ops if isinstance(op, PictureOp)]
    assert shown[:5] == ["call-911", "naloxone-spray", "rescue-breathing", "recovery-position", "stay-with-them"]
    strips = plan(ROOT, "fentanyl-test-strips", "fact-sheet", profile="tests/data/project/local/test.yaml")
    refs = [op.picture.ref for face in strips.faces for op in face.ops if isinstance(op, PictureOp)]
    assert refs == ["test-strip-dip", "test-strip-positive", "test-strip-negative", "test-strip-faint",
                    "test-strip-invalid"]
    ops = [op for face in strips.faces for op in face.ops if isinstance(op, PictureOp)]
    assert {(op.ink, op.accent) for op in ops} == {("#1A1A1A", "#C8102E")}
    assert ops[1].alt == "A fentanyl test strip with one line: fentanyl found."
    dump = strips.dump()  # each result's caption sits under its strip
    assert dump.index("[picture test-strip-positive]") < dump.index("One line on the left")


def test_pictograms_are_cmyk_under_cmyk(tmp_path: Path) -> None:
    result = cli("build", "fentanyl-test-strips", "-f", "fact-sheet", "-l", "en", "--cmyk", "--local",
                 str(ROOT / "tests/data/project/local/test.yaml"), "--project", str(ROOT), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    data = streams(tmp_path / "fentanyl-test-strips.fact-sheet.en.pdf")
    assert not re.search(rb"\d \d*\.?\d+ \d*\.?\d+ (rg|RG)\b", data)  # no RGB colour at all
    assert re.search(rb" k\n", data) and re.search(rb" K\n", data)  # pictures fill and stroke in CMYK


def test_every_language_shows_the_same_pictures_as_english() -> None:
    resolver = Resolver(Project.at(ROOT))
    for slug in ("fentanyl-test-strips", "naloxone", "overdose-response", "good-samaritan-law", "never-use-alone"):
        def pictures(lang: str, slug: str = slug) -> list[str | None]:
            topic = resolver.topic(slug, lang)
            found = [topic.picture.picture if topic.picture else None, *(t.picture for t in topic.steps)]
            for section in topic.sections:
                found += [t.picture for t in section.steps] + [f.picture for f in section.figures]
            return found
        english = pictures("en")
        assert any(english), slug
        for lang in Project.at(ROOT).languages(slug):
            assert pictures(lang) == english, (slug, lang)


def test_an_empty_list_prints_no_heading() -> None:
    sites = plan(ROOT, "overdose-prevention-sites", "fact-sheet", profile="tests/data/project/local/test.yaml")
    assert "What to do" not in sites.dump()
    assert "What to do" in plan(ROOT, "naloxone", "fact-sheet", profile="tests/data/project/local/test.yaml").dump()


def test_the_write_in_box_and_language_line_print_only_when_the_profile_turns_them_on(project: Path) -> None:
    def boxes() -> int:
        return sum(isinstance(op, BoxOp) for face in plan(project, "demo", "trifold").faces for op in face.ops)
    assert boxes() == 0
    with_logo(project, "", "optional: [write-in]")
    assert boxes() == 1


def test_the_fold_in_panel_is_never_blank() -> None:
    for slug in ("naloxone", "fentanyl-test-strips", "overdose-prevention-sites"):
        inside = plan(ROOT, slug, "trifold", profile="tests/data/project/local/test.yaml").faces[1]
        fold_in = next(r for r in inside.regions if r.name == "inside-right")
        assert fold_in.lines, slug


def test_nothing_prints_under_7_pt(tmp_path: Path) -> None:
    result = cli("build", "naloxone", "-l", "en", "-l", "es", "--local",
                 str(ROOT / "tests/data/project/local/test.yaml"), "--project", str(ROOT), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    for pdf in sorted(tmp_path.glob("*.pdf")):
        if "sheet" in pdf.name:
            continue  # the home-print sheets hold the same faces
        with pdfplumber.open(pdf) as doc:
            sizes = [round(ch["size"], 2) for page in doc.pages for ch in page.chars if ch["text"].strip()]
        assert min(sizes) >= 7.0, (pdf.name, min(sizes))


def test_list_pictures_names_the_library_and_writes_a_contact_sheet(tmp_path: Path) -> None:
    result = cli("list", "pictures", "--sheet", str(tmp_path / "pictures.pdf"))
    assert result.exit_code == 0, result.output
    for name, entry in library().items():
        assert any(line.startswith(name + " ") and entry.licence in line for line in result.stdout.splitlines())
    text = " ".join(page_text(tmp_path / "pictures.pdf"))
    assert all(name in text for name in library())
    assert len(library()) >= 25 and (ROOT / "pamphlets/pictures/library/LICENSE-healthicons.txt").is_file()


def test_the_language_line_prints_where_the_profile_turns_it_on(project: Path) -> None:
    line = "Free help in your language: call 1-800-662-4357."
    assert line not in plan(project, "demo", "fact-sheet").dump()
    with_logo(project, "", f'optional: [language-line]\nlanguage_line: "{line}"')
    for fmt in ("fact-sheet", "trifold", "booklet"):
        assert line in " ".join(plan(project, "demo", fmt).dump().split()), fmt


def test_turning_on_the_language_line_without_writing_it_is_an_error(project: Path) -> None:
    with_logo(project, "", "optional: [language-line]")
    result = cli("build", "demo", "-f", "fact-sheet", "--local", "local/test.yaml", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "local/test.yaml:10:11: optional: turns on the language-line block but the profile has no language_line; "
        "add language_line: \"Free help in your language: call ...\"")


def test_apostrophes_quotes_and_dashes_are_typographic_but_links_and_numbers_are_not() -> None:
    from pamphlets.markup import parse
    from pamphlets.typography import smarten

    def shown(text: str, lang: str = "en") -> str:
        return "".join(s.text for s in smarten(parse(text), lang))

    assert shown('Don\'t use alone - call "**911**" at 1-800-662-4357.') == \
        "Don’t use alone – call “911” at 1-800-662-4357."
    assert shown('Ксилазин ("транк")', "ru") == "Ксилазин («транк»)"
    assert shown("See https://example.org/it's-a-page - or don't") == "See https://example.org/it's-a-page – or don’t"


def test_the_printed_page_carries_the_typographic_marks(tmp_path: Path) -> None:
    result = cli("build", "naloxone", "-f", "fact-sheet", "-l", "en", "--local",
                 str(ROOT / "tests/data/project/local/test.yaml"), "--project", str(ROOT), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = " ".join(page_text(tmp_path / "naloxone.fact-sheet.en.pdf", typographic=True))
    assert "won’t wake up" in text and "won't" not in text


def test_library_art_drawn_directly_matches_svglib() -> None:
    """pictures/vector.py draws the library's SVG subset itself; svglib (for project files) must agree with it."""
    import dataclasses

    import numpy as np
    import pypdfium2

    from pamphlets.draw import rgb
    from pamphlets.pdf import Canvas
    from pamphlets.pictures import draw_picture, load_library

    names = list(library())

    def sheet(direct: bool) -> np.ndarray:
        c = Canvas((len(names) * 60 + 20, 80))
        for i, name in enumerate(names):
            picture = load_library(name)
            if not direct:  # the same file through svglib, colours as drawn
                picture = dataclasses.replace(picture, recolour=False)
            draw_picture(c, picture, 10 + i * 60, 10, 56, 56 * picture.aspect, ink="#000000", accent="#FF0000",
                         paint=rgb, cmyk=False)
        page = pypdfium2.PdfDocument(c.save())[0]
        return np.asarray(page.render(scale=3).to_pil().convert("L"), dtype=float)

    direct, reference = sheet(True), sheet(False)
    for i, name in enumerate(names):
        cells = slice(int((10 + i * 60) * 3), int((66 + i * 60) * 3))
        ink = (reference[:, cells] < 128).sum()
        differ = (np.abs(direct[:, cells] - reference[:, cells]) > 96).sum()
        assert ink > 100 and differ / ink < 0.01, (name, differ, ink)


def _logo_image(pdf: Path) -> tuple[dict, bytes]:
    """The one image XObject of a file: its dictionary and its decoded samples."""
    import pypdf

    reader = pypdf.PdfReader(pdf)
    for page in reader.pages:
        for ref in page["/Resources"].get("/XObject", {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                return xobject, xobject.get_data()
            for inner in xobject.get("/Resources", {}).get("/XObject", {}).values():  # a face drawn as a form
                if inner.get_object().get("/Subtype") == "/Image":
                    return inner.get_object(), inner.get_object().get_data()
    raise AssertionError("no image")


def test_a_transparent_png_logo_keeps_the_band_around_it_in_cmyk_and_pdfx(project: Path) -> None:
    """A logo with a see-through background on the card's coloured front: --cmyk keeps its transparency as a soft
    mask; PDF/X-1a, which allows none, fills the see-through parts with the band's own CMYK (not a white box)."""
    from pamphlets.draw import press_paint

    logo = Image.new("RGBA", (600, 300), (0, 0, 0, 0))
    logo.paste((11, 110, 79, 255), (200, 50, 400, 250))  # a green square in the middle, clear all round
    logo.save(project / "local/logo.png")
    with_logo(project, "logo.png")
    for flag in ("--cmyk", "--pdfx"):
        result = cli("build", "demo", "-f", "wallet-card", flag, "--local", "local/test.yaml", "-o", f"out{flag}")
        assert result.exit_code == 0, result.output
        image, samples = _logo_image(Path(f"out{flag}/demo.wallet-card.en.pdf"))
        assert image["/ColorSpace"] == "/DeviceCMYK"
        corner = tuple(samples[:4])  # the top left pixel: see-through in the PNG
        if flag == "--cmyk":
            mask = image["/SMask"].get_object()
            assert mask["/ColorSpace"] == "/DeviceGray" and mask.get_data()[0] == 0  # clear in the corner
        else:
            assert "/SMask" not in image
            band = press_paint("gracol")("#1F4E79")  # the test profile's brand.primary, as the press prints it
            expected = tuple(round(255 * v) for v in (band.cyan, band.magenta, band.yellow, band.black))
            assert corner == expected
            middle = 4 * (150 * 600 + 300)
            assert tuple(samples[middle:middle + 4]) != expected  # the logo itself is kept


def test_an_svg_logo_with_opacity_is_refused_by_pdfx_and_kept_by_cmyk(project: Path) -> None:
    """A vector logo's see-through fill cannot be flattened exactly: PDF/X-1a (no transparency) stops at the logo's
    line; --cmyk keeps the opacity."""
    (project / "local/logo.svg").write_text(SVG_LOGO.replace('fill="#0B6E4F"', 'fill="#0B6E4F" fill-opacity="0.5"'))
    with_logo(project, "logo.svg")
    refused = cli("build", "demo", "-f", "wallet-card", "--pdfx", "--local", "local/test.yaml", "-o", "pdfx")
    assert refused.exit_code == 1 and not Path("pdfx/demo.wallet-card.en.pdf").exists()
    assert refused.stderr.splitlines()[0] == (
        "local/test.yaml:10:7: logo: 'logo.svg' has see-through parts (a fill at 50% opacity), which a PDF/X-1a "
        "file cannot hold; make them opaque in your drawing program, or build without --pdfx (--cmyk keeps them)")
    kept = cli("build", "demo", "-f", "wallet-card", "--cmyk", "--local", "local/test.yaml", "-o", "cmyk")
    assert kept.exit_code == 0, kept.output
    assert b"/ca 0.5" in Path("cmyk/demo.wallet-card.en.pdf").read_bytes()


def test_a_lone_step_picture_makes_room_for_itself_only() -> None:
    """Naloxone's five steps all have pictograms: every step's text starts at one edge after the picture's room.
    Only the third of the test strips' five steps has one: the others start right after their number (no gap),
    and the third's text starts after its pictogram."""
    def text_x(slug: str, starts: tuple[str, ...]) -> list[float]:
        ops = [op for face in plan(ROOT, slug, "fact-sheet", profile="tests/data/project/local/test.yaml").faces
               for op in face.ops if isinstance(op, TextOp)]
        return [next(op.x for op in ops if op.line.text.startswith(start)) for start in starts]

    number = text_x("fentanyl-test-strips", ("1.",))[0]
    put, add, dip, take, read = text_x("fentanyl-test-strips", ("Put at least", "Add 1/2", "Put the wavy", "Take the",
                                                                "Read it"))
    assert put == add == take == read and put - number < 20  # the number's width and a gap, nothing more
    assert dip > put + 20  # the pictured step's text after its pictogram
    picture = next(op for face in plan(ROOT, "fentanyl-test-strips", "fact-sheet",
                                       profile="tests/data/project/local/test.yaml").faces
                   for op in face.ops if isinstance(op, PictureOp) and op.picture.ref == "test-strip-dip")
    assert put - 1e-6 <= picture.rect[0] < dip  # where the numbers' text would start (to rounding)
    naloxone = text_x("naloxone", ("Shout their name", "No answer? Call 911", "Lay them on their back"))
    assert len(set(naloxone)) == 1 and naloxone[0] > number + 40  # all pictured: one edge, after the pictures
