"""The fact sheet as a reader, a printer and a phone camera see it: real PDFs, real properties."""

from __future__ import annotations

import os
from pathlib import Path

import pdfplumber
import pypdf
import pytest
import yaml

from pamphlets.project import Project
from pamphlets.resolve import Resolver

from helpers import DATA, ROOT, add_sections, cli, fonts_of, page_text, qr_codes, words_outside

LETTER = (612.0, 792.0)
A4 = (595.28, 841.89)
SAFE = 36.0  # the layout's 0.5 in safe margin
EXAMPLE = yaml.safe_load((ROOT / "local/example.yaml").read_text())


def build_demo(out: Path, *extra: str) -> Path:
    """Build the fixture topic for the fixture profile; return the PDF."""
    result = cli("build", "demo", "--format", "fact-sheet", "--local", "local/test.yaml", "-o", str(out), *extra)
    assert result.exit_code == 0, result.output
    return out / "demo.fact-sheet.en.pdf"


def test_demo_layout_matches_the_golden_dump(project: Path) -> None:
    """Region -> box -> text, as a reader can check it: tests/data/golden/demo.fact-sheet.en.txt."""
    from pamphlets.compose import compose
    from pamphlets.project import Project
    from pamphlets.resolve import Resolver

    resolver = Resolver(Project.at(project))
    job = resolver.job("demo", "fact-sheet", "en", resolver.profile(project / "local/test.yaml"))
    dump = compose(job).dump()
    golden = DATA / "golden/demo.fact-sheet.en.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(dump)
    assert dump == golden.read_text()


def test_local_details_title_and_steps_are_on_the_page(project: Path) -> None:
    pdf = build_demo(project / "out")
    (text,) = page_text(pdf)
    flat = " ".join(text.split())
    for expected in ("Test your drugs for fentanyl", "1. Put a little of the drug in a clean, dry container.",
                     "2. Add water and mix.", "Riverside Outreach", "Call: 1-800-662-4357", "Text: 988",
                     "Visit: 12 Test Lane, Springfield", "Hours: Tue-Sat 9am-5pm", "Web: https://findtreatment.gov",
                     "Get free test strips at Riverside Outreach.", "Reviewed November 22, 2026."):
        assert expected in flat, expected


def test_same_input_same_bytes(project: Path) -> None:
    first = build_demo(project / "a").read_bytes()
    second = build_demo(project / "b").read_bytes()
    assert first == second


def test_page_boxes_fonts_and_metadata(project: Path) -> None:
    pdf = build_demo(project / "out")
    reader = pypdf.PdfReader(pdf)
    (page,) = reader.pages
    assert "/TrimBox" in page and "/BleedBox" in page  # pypdf would fall back to the MediaBox silently
    assert [float(v) for v in page.trimbox] == [0, 0, *LETTER]
    assert [float(v) for v in page.mediabox] == [0, 0, *LETTER]
    fonts = fonts_of(pdf)
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name for name in fonts)
    assert any("AtkinsonHyperlegible-Bold" in name for name in fonts)
    assert reader.metadata.title == "Test your drugs for fentanyl"


def test_qr_code_scans_to_the_profile_link(project: Path) -> None:
    assert qr_codes(build_demo(project / "out")) == [["https://findtreatment.gov/locator"]]


def test_placeholder_values_are_printed_literally(project: Path) -> None:
    """An organisation called 'A*B <Team>' must not turn into italics or markup."""
    profile = Path("local/test.yaml")
    profile.write_text(profile.read_text().replace("Riverside Outreach", "A*B <Team> & **Co**"))
    flat = " ".join(page_text(build_demo(project / "out"))[0].split())
    assert "Get free test strips at A*B <Team> & **Co**." in flat


def test_a_long_topic_continues_on_a_second_page_at_full_size(project: Path) -> None:
    add_sections(8, 6)
    pdf = build_demo(project / "out")
    pages = page_text(pdf)
    assert len(pages) == 2
    assert "Part 7" in pages[1] and "Reading the result" in pages[0]
    with pdfplumber.open(pdf) as doc:
        sizes = {round(w["size"], 1) for p in doc.pages for w in p.extract_words(extra_attrs=["size"])
                 if w["text"] == "Stay"}
    assert sizes == {12.0}  # the body's full size: a second page, not smaller type


# ---- the built-in library, as shipped -------------------------------------------------------------
TOPICS = ["fentanyl-test-strips", "naloxone"]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("paper, size", [("letter", LETTER), ("a4", A4)])
def test_library_fact_sheets(library: Path, topic: str, lang: str, paper: str, size: tuple[float, float]) -> None:
    name = f"{topic}.fact-sheet{'' if paper == 'letter' else '-a4'}.{lang}.pdf"
    pdf = library / name
    content = Resolver(Project.at(ROOT)).topic(topic, lang)  # with its shared blocks filled in
    pages = page_text(pdf)
    assert 1 <= len(pages) <= 2
    flat = " ".join(" ".join(pages).split())
    assert " ".join(content.title.source.split()) in flat
    for step in content.steps:
        assert " ".join(step.source.replace("**", "").split()) in flat, step
    for value in (EXAMPLE["organization"], EXAMPLE["phone"], EXAMPLE["text_line"], EXAMPLE["hours"]):
        assert value in flat
    reader = pypdf.PdfReader(pdf)
    for page in reader.pages:
        assert [round(float(v), 2) for v in page.mediabox][2:] == [round(v, 2) for v in size]
    assert words_outside(pdf, SAFE) == []
    assert all(fonts_of(pdf).values())
    assert qr_codes(pdf)[0] == [EXAMPLE["link"]]
