"""Every client's language through the whole pipeline: each script in every layout, read back from the PDFs."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pypdf
import pytest

from pamphlets.compose import compose
from pamphlets.draw import Meta
from pamphlets.impose import saddle
from pamphlets.plan import PagePlan, TextOp
from pamphlets.project import Project
from pamphlets.resolve import Resolver
from pamphlets.text import line_ink

from helpers import ROOT, cli, page_text

CORE = ["fentanyl-test-strips", "naloxone", "overdose-response", "good-samaritan-law", "never-use-alone"]
NEW = ["zh-Hans", "zh-Hant", "vi", "ko", "tl", "ru", "ar", "fa", "hy", "ht"]
LAYOUTS = ["wallet-card", "fact-sheet", "trifold", "booklet", "poster"]
SAMPLE = ROOT / "local/example.yaml"
TEST_PROFILE = ROOT / "tests/data/project/local/test.yaml"
CLOSING = set("，。、；：！？）」』】〉》”’,.;:!?)")
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u2068\u2069\u2066\u2067\u200b\u200e\u200f"), None)


def squeezed(text: str) -> str:
    """Text without white space and invisible marks: how lines broken anywhere (CJK) compare with the source."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text).translate(INVISIBLE))


def plan_of(slug: str, fmt: str, lang: str, profile: Path = SAMPLE, size: str | None = None) -> PagePlan:
    resolver = Resolver(Project.at(ROOT))
    return compose(resolver.job(slug, fmt, lang, resolver.profile(profile), size))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """naloxone in every new language and layout, for the test profile (real help lines, no SAMPLE stamp)."""
    out = tmp_path_factory.mktemp("languages")
    langs = [arg for lang in NEW for arg in ("--lang", lang)]
    result = cli("build", "naloxone", *langs, "--local", str(TEST_PROFILE), "--project", str(ROOT), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_every_core_topic_is_written_in_every_new_language_and_marked_machine() -> None:
    resolver = Resolver(Project.at(ROOT))
    for slug in CORE:
        for lang in NEW:
            topic = resolver.topic(slug, lang)
            assert topic.translation is not None, (slug, lang)
            assert (topic.translation.method, topic.translation.reviewed_by) == ("machine", None), (slug, lang)
            cited = [(s.publisher, s.title, s.url) for s in topic.sources]
            assert cited == [(s.publisher, s.title, s.url) for s in resolver.topic(slug, "en").sources], (slug, lang)


@pytest.mark.parametrize("lang", NEW)
def test_each_language_builds_every_layout_and_extracts_as_its_source(built: Path, lang: str) -> None:
    resolver = Resolver(Project.at(ROOT))
    topic = resolver.topic("naloxone", lang)
    for fmt in LAYOUTS:
        text = squeezed(" ".join(page_text(built / f"naloxone.{fmt}.{lang}.pdf")))
        assert squeezed(topic.title.source) in text, fmt
        if fmt != "poster":
            assert squeezed(re.sub(r"\*\*", "", topic.key_points[0].source)) in text, fmt
    unreviewed = resolver.labels(lang).words["unreviewed_translation"]
    assert squeezed(unreviewed) in squeezed(" ".join(page_text(built / f"naloxone.wallet-card.{lang}.pdf")))


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_right_to_left_lines_align_right_with_numbers_in_digit_order(lang: str) -> None:
    plan = plan_of("naloxone", "fact-sheet", lang, TEST_PROFILE)
    ops = [op for op in plan.faces[0].ops if isinstance(op, TextOp)]
    lines = [op for op in ops if op.line.rtl and op.line.text.strip() and op.line.text != "•"]
    assert lines and all(op.line.rtl for op in ops)
    # Within a region, every right-to-left line ends at the same right edge; the left edges vary.
    rights = {round(op.x + op.line.width) for op in lines}
    lefts = {round(op.x) for op in lines}
    assert len(rights) < len(lefts) / 3
    text = " ".join(page_text(pypdf_bytes(plan_of("naloxone", "fact-sheet", lang, TEST_PROFILE))))
    for number in ("911", "1-800-662-4357", "1-800-222-1222"):
        assert number in text  # read in digit order, not reversed around the dashes
    # A phone number is one left-to-right run, drawn left to right.
    phone = [run for op in ops for run in op.line.runs if "1-800-662-4357" in run.text]
    assert phone and not any(run.rtl for run in phone)


def pypdf_bytes(plan: PagePlan) -> bytes:
    from pamphlets.draw import draw
    from pamphlets.impose import one_up

    return draw(plan, one_up(plan, marks=False), meta=Meta("t"))


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_bullets_sit_right_of_their_text_in_right_to_left(lang: str) -> None:
    plan = plan_of("naloxone", "wallet-card", lang)
    ops = [op for op in plan.faces[1].ops if isinstance(op, TextOp)]
    for i, op in enumerate(ops):
        if op.line.text == "•":
            text = ops[i + 1]
            assert op.x > text.x + text.line.width, "the bullet is on the right of its first line"


def test_the_trifold_and_booklet_mirror_for_right_to_left() -> None:
    en, ar = plan_of("naloxone", "trifold", "en"), plan_of("naloxone", "trifold", "ar")
    width = en.faces[0].width
    en_cover = next(r for r in en.faces[0].regions if r.name == "cover").rect
    ar_cover = next(r for r in ar.faces[0].regions if r.name == "cover").rect
    assert en_cover[0] > width / 2 > ar_cover[0] + ar_cover[2]  # the cover moves to the left panel
    assert ar_cover[0] == pytest.approx(width - en_cover[0] - en_cover[2])
    assert ar.faces[0].folds == tuple(pytest.approx(width - f) for f in reversed(en.faces[0].folds))
    booklet = plan_of("naloxone", "booklet", "ar")
    assert booklet.rtl
    first = saddle(booklet).sheets[0].placements
    assert (first[0].face, first[1].face) == (0, len(booklet.faces) - 1)  # front cover left, back cover right
    english = saddle(plan_of("naloxone", "booklet", "en")).sheets[0].placements
    assert english[0].face == len(plan_of("naloxone", "booklet", "en").faces) - 1


def test_a_right_to_left_pdf_asks_viewers_for_right_to_left(built: Path) -> None:
    reader = pypdf.PdfReader(built / "naloxone.booklet.ar.pdf")
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/Direction"] == "/R2L"
    english = pypdf.PdfReader(io.BytesIO(pypdf_bytes(plan_of("naloxone", "booklet", "en"))))
    assert "/Direction" not in english.trailer["/Root"]["/ViewerPreferences"]  # left to right is the default


def test_local_details_keep_their_order_inside_arabic() -> None:
    plan = plan_of("naloxone", "fact-sheet", "ar")
    lines = [op.line for face in plan.faces for op in face.ops if isinstance(op, TextOp)]
    address = next(line for line in lines if "Example Street" in line.text)
    latin = [run for run in address.runs if "Example" in run.text or "100" in run.text]
    # Left to right on the page, in the profile's order (one run or two: digits and letters share the Latin face).
    assert " ".join(run.text.strip() for run in sorted(latin, key=lambda r: r.x)).startswith("100 Example Street,")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_chinese_breaks_between_characters_and_never_before_a_closing_mark(lang: str) -> None:
    for fmt in ("fact-sheet", "wallet-card", "trifold"):
        plan = plan_of("naloxone", fmt, lang)
        lines = [op.line.text for face in plan.faces for op in face.ops if isinstance(op, TextOp)]
        assert not [t for t in lines if t and t[0] in CLOSING], fmt
        wrapped = [t for t in lines if len(t) > 8 and " " not in t.strip()]
        assert len(wrapped) > 5, fmt  # long lines without spaces: broken between characters


@pytest.mark.parametrize("lang", [*NEW, "en", "es"])
def test_every_glyph_stays_inside_the_safe_area(lang: str) -> None:
    """Ink, not the font's declared box: Arabic faces declare a box far taller than their letters."""
    for fmt in LAYOUTS:
        plan = plan_of("naloxone", fmt, lang)
        resolver = Resolver(Project.at(ROOT))
        safe = resolver.layout(fmt).safe
        for face in plan.faces:
            for op in face.ops:
                if isinstance(op, TextOp) and op.line.runs:
                    top, bottom = line_ink(op.line)
                    assert op.x >= safe - 0.5 and op.x + op.line.width <= face.width - safe + 0.5, (fmt, op)
                    assert op.y + bottom >= safe - 0.5 and op.y + top <= face.height - safe + 0.5, (fmt, op)


def test_rebuilds_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for run in ("a", "b"):
        result = cli("build", "naloxone", "--lang", "ar", "--lang", "zh-Hans", "--format", "wallet-card",
                     "--local", str(TEST_PROFILE), "--project", str(ROOT), "-o", str(tmp_path / run))
        assert result.exit_code == 0, result.output
        outputs.append({p.name: p.read_bytes() for p in sorted((tmp_path / run).glob("*.pdf"))})
    assert len(outputs[0]) == 4 and outputs[0] == outputs[1]


def test_zh_alone_asks_which_chinese(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pamphlets.commands import main

    args = ["build", "naloxone", "--lang", "zh", "--project", str(ROOT), "-o", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr.strip() == ("'zh' is written two ways; say which: --lang zh-Hans (Chinese, Simplified) or "
                                     "--lang zh-Hant (Chinese, Traditional)")


def test_list_languages_names_script_direction_font_and_status() -> None:
    result = cli("list", "languages", "--project", str(ROOT))
    assert result.exit_code == 0
    rows = {line.split()[0]: line for line in result.output.splitlines()[1:]}
    assert set(NEW) | {"en", "es"} <= set(rows)
    assert "Arabic" in rows["ar"] and "right to left" in rows["ar"] and "Noto Sans Arabic" in rows["ar"]
    assert "Noto Sans CJK TC" in rows["zh-Hant"] and "left to right" in rows["zh-Hant"]
    assert "machine translation, 5 unreviewed" in rows["vi"] and "no formula" in rows["vi"]
    assert "original" in rows["en"] and "Flesch-Kincaid + SMOG" in rows["en"]


def test_a_state_card_in_a_language_its_law_is_not_written_in_is_the_general_card(tmp_path: Path) -> None:
    profile = tmp_path / "nc.yaml"
    profile.write_text(TEST_PROFILE.read_text() + "jurisdiction: US-NC\n")
    result = cli("build", "good-samaritan-law", "--lang", "ko", "--lang", "en", "--format", "wallet-card",
                 "--local", str(profile), "--project", str(ROOT), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert ("US-NC's Good Samaritan law is not written in 'ko' yet, so this is the general card (no state law)"
            in result.output)
    korean = " ".join(page_text(tmp_path / "out/good-samaritan-law.wallet-card.ko.pdf"))
    english = " ".join(page_text(tmp_path / "out/good-samaritan-law.wallet-card.en.pdf"))
    assert "US-NC" not in korean and "North Carolina" in english


@pytest.mark.parametrize(("name", "lang"), [("مركز الحد من الضرر", "en"), ("华埠减害中心", "ar"),
                                            ("Հայկական կենտրոն", "vi"), ("Trung tâm Hỗ trợ", "ko")])
def test_a_program_name_in_any_script_prints_in_any_language(tmp_path: Path, name: str, lang: str) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(TEST_PROFILE.read_text().replace("organization: Riverside Outreach", f"organization: {name}"))
    result = cli("build", "naloxone", "--lang", lang, "--local", str(profile), "--project", str(ROOT),
                 "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    for fmt in LAYOUTS:
        assert squeezed(name) in squeezed(" ".join(page_text(tmp_path / f"out/naloxone.{fmt}.{lang}.pdf"))), fmt


def test_pasted_text_keeps_no_break_spaces_soft_hyphens_and_accents(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    pasted = "Harm\u00a0Reduction Cafe\u0301 Outre\u00adach"  # NBSP, a decomposed é, a soft hyphen
    profile.write_text(TEST_PROFILE.read_text().replace("organization: Riverside Outreach",
                                                        f'organization: "{pasted}"'))
    result = cli("build", "naloxone", "--lang", "en", "--format", "wallet-card", "--local", str(profile),
                 "--project", str(ROOT), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = pypdf.PdfReader(tmp_path / "out/naloxone.wallet-card.en.pdf").pages[0].extract_text()
    # The no-break space is kept (not dropped, not a breaking space), é is one composed letter, and the soft hyphen
    # is there as written but draws no hyphen: the name extracts as typed, and reads "Outreach" in print.
    assert "Harm\u00a0Reduction Café Outre\u00adach" in text
    assert "Outre-" not in text and "Cafe\u0301" not in text


def test_chinese_sources_and_local_details_use_full_width_punctuation_without_spaces() -> None:
    plan = plan_of("naloxone", "fact-sheet", "zh-Hans")
    text = "".join(op.line.text for face in plan.faces for op in face.ops if isinstance(op, TextOp))
    assert "资料来源：FDA" in text and "审核于20" in text  # no space after the full-width colon or the label
    assert "审核于20" in text and "日。机器翻译" in text  # a line per source, then the date and the note
    assert "电话：(555)" in text  # the local box's label takes the language's colon
    english = plan_of("naloxone", "fact-sheet", "en")
    text = " ".join(op.line.text for face in english.faces for op in face.ops if isinstance(op, TextOp))
    assert "Sources: FDA" in text and "Reviewed December" in text and "Call: (555)" in text


@pytest.mark.parametrize("lang", NEW)
def test_no_word_is_cut_between_letters(lang: str) -> None:
    """A title shrinks until its longest word fits ("գերդոզավորման" whole), never cut without a hyphen."""
    for fmt in LAYOUTS:
        plan = plan_of("naloxone", fmt, lang)
        cut = [op.line.text for face in plan.faces for op in face.ops if isinstance(op, TextOp) and op.line.cut]
        assert not cut, (fmt, cut)
