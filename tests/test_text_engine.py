"""The text engine (pamphlets.text) on real PDFs: shaping, bidi, line breaking, fonts, extraction, determinism."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

# The engine's run-time dependencies (pyproject.toml must list them; until it does, this file is skipped).
for _module in ("uharfbuzz", "uniseg", "fontTools", "fontpkg_noto_sans", "fontpkg_noto_sans_arabic", "manimgx_fonts",
                "manimgx_fonts_cjk"):
    pytest.importorskip(_module, reason="the text engine's dependencies are not installed")

import yaml  # noqa: E402

from pamphlets.markup import Span, parse  # noqa: E402
from pamphlets.pdf import Canvas  # noqa: E402
from pamphlets.text import GlyphRun, Line, MissingGlyph, break_lines, draw_line, language  # noqa: E402
from pamphlets.text.bidi import resolve_levels  # noqa: E402
from pamphlets.text.fonts import Face, face_info  # noqa: E402
from pamphlets.text.linebreak import break_opportunities  # noqa: E402

pdfium = pytest.importorskip("pypdfium2")
SAMPLES: dict[str, str] = yaml.safe_load((Path(__file__).parent / "data/text/samples.yaml").read_text("utf-8"))
CLOSING = set("。，、．：；！？）」』》〉】〕ー々")
OPENING = set("（「『《〈【〔")


def lines_of(text: str, lang: str, width: float = 400.0, size: float = 12.0) -> list[Line]:
    """The engine's lines for plain text (markup parsed)."""
    return break_lines(parse(text), size, width, lang=lang)


def pdf_of(blocks: list[tuple[list[Line], float]], page: tuple[float, float] = (460, 400), top: float = 30) -> bytes:
    """A one-page PDF with each block of lines set from the top, aligned to its start edge in a box."""
    c = Canvas(page)
    y = page[1] - top
    for lines, room in blocks:
        for line in lines:
            draw_line(c, line, 20 + line.offset(room, "start"), y)
            y -= 18
        y -= 10
    return c.save()


def extracted(pdf: bytes) -> str:
    """Text of the first page as PDFium (the renderer the project ships) extracts it, in reading order."""
    doc = pdfium.PdfDocument(pdf)
    return doc[0].get_textpage().get_text_range().replace("\r\n", "\n")


def render(pdf: bytes, scale: float = 4.0):
    """The first page as a greyscale Pillow image."""
    return pdfium.PdfDocument(pdf)[0].render(scale=scale).to_pil().convert("L")


def hb_glyphs(face: Face, text: str, direction: str, script: str, lang: str) -> list[int]:
    """HarfBuzz's own glyph ids for text in a face, shaped directly (the reference for the engine's output)."""
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction, buf.script, buf.language = direction, script, lang
    hb.shape(face_info(face).hb_font, buf, {})
    return [g.codepoint for g in buf.glyph_infos]


def only_run(lines: list[Line]) -> GlyphRun:
    assert len(lines) == 1 and len(lines[0].runs) == 1, [[r.text for r in ln.runs] for ln in lines]
    return lines[0].runs[0]


# ---- shaping -----------------------------------------------------------------------------------------------------

def test_arabic_word_is_joined_as_harfbuzz_joins_it():
    word = "المساعدة"
    run = only_run(lines_of(word, "ar"))
    assert run.rtl and run.face.name == "Noto Sans Arabic Regular"
    assert list(run.glyphs) == hb_glyphs(run.face, word, "rtl", "Arab", "ar")
    # Joined: the letters' glyphs differ from the same letters shaped one by one (isolated forms).
    isolated = [hb_glyphs(run.face, ch, "rtl", "Arab", "ar")[0] for ch in reversed(word)]
    assert sum(a != b for a, b in zip(run.glyphs, isolated, strict=False)) >= 5


def test_vietnamese_nfc_and_nfd_give_the_same_glyphs():
    nfc = SAMPLES["vi"]
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    a, b = lines_of(nfc, "vi"), lines_of(nfd, "vi")
    assert [[r.glyphs for r in ln.runs] for ln in a] == [[r.glyphs for r in ln.runs] for ln in b]
    assert a[0].runs[0].face.name == "Noto Sans Regular"  # the whole sentence in one face, not letter by letter


def test_kerning_and_ligatures_come_from_the_font():
    run = only_run(lines_of("AVATAR office", "en"))
    plain = [face_info(run.face).hb_font.get_glyph_h_advance(g) for g in run.glyphs]
    assert list(run.advance_units) != plain  # "AV" and "TA" are kerned


# ---- right to left -----------------------------------------------------------------------------------------------

def test_rtl_lines_are_right_aligned_with_numbers_in_digit_order():
    pdfplumber = pytest.importorskip("pdfplumber")
    text = "اتصل بالرقم 911 أو (555) 010-0100 للحصول على المساعدة اليوم."
    room = 170.0
    lines = lines_of(text, "ar", width=room)
    assert len(lines) >= 3 and all(line.rtl and line.width <= room + 0.01 for line in lines)
    pdf = pdf_of([(lines, room)])
    page = pdfplumber.open(io.BytesIO(pdf)).pages[0]
    rows: dict[int, list[dict]] = {}
    for ch in page.chars:  # rows by baseline: digits come from the Latin face, whose box differs from Arabic's
        rows.setdefault(round(ch["matrix"][5]), []).append(ch)
    assert len(rows) == len(lines)
    for chars in rows.values():  # every line ends at the box's right edge (x = 20 + room)
        assert abs(max(c["x1"] for c in chars) - (20 + room)) < 0.6
    visual = ["".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"])) for chars in rows.values()]
    assert any("911" in row for row in visual)  # left to right on the page: 9, 1, 1
    assert any("010-0100" in row for row in visual)  # the phone number's groups in order
    assert any("(555)" in row or "(555) 010-0100" in row for row in visual)


def test_phone_numbers_and_urls_are_isolated_left_to_right():
    text = "اتصل بالرقم (555) 010-0100 أو https://example.org/help اليوم"
    _, levels = resolve_levels(text, 1)
    assert levels is not None
    for piece in ("(555) 010-0100", "https://example.org/help"):
        start = text.index(piece)
        assert set(levels[start:start + len(piece)]) == {2}, piece  # one left-to-right unit at level 2


def test_bidi_levels_match_python_bidi():
    bidi = pytest.importorskip("bidi")
    import re

    cases = ["اتصل بالرقم 911 (555) أو example.org", "Call 911 اتصل now", "(مرحبا) hello [abc (def)]",
             "السعر 25% أو $30.5", "من ۱۲۳ تا ٤٥٦", "a\u2067ب c\u2069 d", "x \u202bع d\u202c y", "\u05d0 1-2 \u05d1",
             "«نص» \"quoted\" 'x'", "a (b) ج", "مرحبا، كيف حالك؟ 1,234.56"]
    for text in cases:
        for base in (0, 1):
            dump = bidi.get_display(text, base_dir="LR"[base], debug=True)
            per_byte = [int(v) for v in re.findall(r"Level\(\s*(\d+),\s*\)", dump.split("levels:")[1])]
            expected, at = [], 0
            for ch in text:
                expected.append(per_byte[at])
                at += len(ch.encode())
            got = resolve_levels(text, base, islands=False)[1] or [0] * len(text)
            kept = [i for i, ch in enumerate(text) if unicodedata.bidirectional(ch) not in
                    ("RLE", "LRE", "RLO", "LRO", "PDF", "BN")]
            assert [got[i] for i in kept] == [expected[i] for i in kept], (text, base)


# ---- line breaking -----------------------------------------------------------------------------------------------

def test_cjk_breaks_between_characters_never_before_a_closing_mark():
    text = "纳洛酮可以逆转阿片类药物过量。如果有人没有反应，请立即拨打911。「测试」你的药物（很重要）！不要一个人使用。"
    for width in (60.0, 75.0, 90.0, 110.0, 130.0):
        lines = lines_of(text, "zh-Hans", width=width)
        assert len(lines) > 2
        assert "".join(line.text for line in lines) == text  # broken between characters, nothing lost
        for line in lines:
            assert line.width <= width + 0.01
            assert line.text[0] not in CLOSING, (width, line.text)
            assert line.text[-1] not in OPENING, (width, line.text)
            assert not line.text.endswith(("9", "91")), line.text  # numbers stay whole


def test_korean_breaks_at_spaces():
    lines = lines_of(SAMPLES["ko"], "ko", width=100)
    words = SAMPLES["ko"].split(" ")
    assert len(lines) > 1
    for line in lines:
        assert all(word in words for word in line.text.split(" ")), line.text


def test_no_break_space_never_breaks():
    text = "Harm\u00a0Reduction Harm\u00a0Reduction Harm\u00a0Reduction"
    for width in range(75, 260, 7):  # from the width where "Harm Reduction" fits on a line
        for line in lines_of(text, "en", width=width, size=10):
            assert "Harm" not in line.text or "Harm\u00a0Reduction" in line.text, (width, line.text)


def test_soft_hyphen_shows_a_hyphen_only_at_a_break():
    word = "infor\u00admation"
    wide = lines_of(f"more {word} here", "en", width=400)
    assert wide[0].text == f"more {word.replace(chr(0xAD), '')} here"
    hyphen = face_info(wide[0].runs[0].face).hb_font.get_nominal_glyph(ord("-"))
    assert hyphen not in wide[0].runs[0].glyphs
    narrow = lines_of(f"more {word} here", "en", width=62, size=12)
    assert narrow[0].text == "more infor-" and narrow[1].text.startswith("mation")
    assert narrow[0].runs[-1].glyphs[-1] == hyphen
    assert narrow[0].runs[-1].text.endswith("\u00ad")  # the hyphen glyph stands for the soft hyphen


def test_long_words_are_hyphenated_in_narrow_columns_and_split_as_a_last_resort():
    text = "Characteristically, overdoses are preventable with naloxone administration."
    lines = lines_of(text, "en", width=80, size=10)
    assert any(line.text.endswith("-") for line in lines)
    assert all(line.width <= 80.01 for line in lines)
    url = "https://example.org/a-very-long-path/that-never-ends/and-goes-on"
    lines = lines_of(url, "en", width=70, size=10)
    assert len(lines) > 1 and "".join(line.text for line in lines) == url
    assert all(line.width <= 70.01 for line in lines)
    assert not lines_of("No hyphenation in wide columns whatsoever.", "en", width=400)[0].text.endswith("-")


def test_line_breaking_rules_match_uniseg():
    uniseg = pytest.importorskip("uniseg.linebreak")
    for text in [*SAMPLES.values(), "Call (555) 010-0100 or https://example.org/x?y=1 — now! $1,234.56 50% well-known",
                 "「测试」你的药物（很重要）！", "Harm\u00a0Reduction infor\u00admation zero\u200bwidth"]:
        ops = break_opportunities(text, prefixes=False)  # the rules alone, without the short-prefix tailoring
        assert {i for i in range(1, len(text)) if ops[i]} == set(uniseg.line_break_boundaries(text)) - {0, len(text)}


def test_line_breaking_rules_match_uniseg_on_random_text():
    import random

    uniseg = pytest.importorskip("uniseg.linebreak")
    rng = random.Random(5)  # letters, digits, Western and CJK punctuation, quotes, NBSP, SHY, ZWSP, Hangul, Arabic
    alphabet = [*"ab 1 2 ( ) [ ] - / . , : ; ! ? ' \" % $ + # @ _", "\u00a0", "\u00ad", "\u200b", "\u3002", "\u4e00",
                "\uac00", "\u2014", "\u201c", "\u201d", "\u0627", "\u3001", "\uff08", "\uff09", "\u2018", "\u2019",
                "\u00ab", "\u00bb", "\u2013", "\u0430", "\u0561"]
    for _ in range(1500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14)))
        ops = break_opportunities(text, prefixes=False)  # the rules alone, without the short-prefix tailoring
        assert {i for i in range(1, len(text)) if ops[i]} == set(uniseg.line_break_boundaries(text)) - {0, len(text)}


# ---- fonts -------------------------------------------------------------------------------------------------------

def test_short_hyphenated_prefixes_stay_with_their_word():
    """Tagalog "mag-aral", Vietnamese "pít-tông": no line ends after a prefix of three letters or fewer."""
    for text, lang in (("Kailangan mag-ingat at i-spray agad ang gamot", "tl"), ("Ấn mạnh pít-tông một lần", "vi")):
        for width in range(40, 200, 3):
            for line in lines_of(text, lang, width=width, size=10)[:-1]:
                last = line.text.rstrip().split(" ")[-1]
                assert not (last.endswith("-") and len(last) <= 4), (width, line.text)
    assert lines_of("well-known", "en", width=30, size=10)[0].text == "well-"  # longer parts still break


def test_a_range_of_subsections_stays_on_one_line():
    """A legal card's citation: "481.115(g)-(i)" never ends a line at its hyphen, at any width."""
    text = "Tex. Health & Safety Code §§ 481.115(g)-(i), 481.121(c)-(d)."
    for width in range(60, 260, 2):
        for line in lines_of(text, "en", width=width, size=8.5)[:-1]:
            assert not line.text.rstrip().endswith(")-"), (width, line.text)
    assert break_opportunities("(g)-(i)")[4] == 0 and break_opportunities("(g)-(i)", prefixes=False)[4] == 1


def test_korean_keeps_a_word_and_its_brackets_together():
    for width in range(40, 200, 4):
        for line in lines_of("코에 날록손(naloxone)을 뿌리세요", "ko", width=width, size=10):
            assert not line.text.startswith("("), (width, line.text)


def test_headings_give_up_optional_hyphens_but_never_cut_a_word_between_letters():
    text = "Характеристики передозировки опиоидами"
    body = lines_of(text, "ru", width=120, size=10)
    assert any(line.text.endswith("-") for line in body)  # a narrow body column hyphenates to fill lines
    heading = break_lines(parse(text), 10, 120, lang="ru", hyphenate=False)
    words = text.split(" ")
    assert [line.text for line in heading] == words  # a word per line, none hyphenated
    too_long = break_lines(parse("Передозировка"), 10, 40, lang="ru", hyphenate=False)
    assert len(too_long) > 1 and all(line.text.endswith("-") for line in too_long[:-1])  # hyphenated, not cut


def test_digits_take_the_latin_face_in_other_scripts():
    """A phone number looks the same after a Russian or Chinese word as after a Latin one."""
    for lang, text in (("ru", "Звоните 911 или Narcan 911"), ("zh-Hans", "请拨打911或Narcan 911"),
                       ("hy", "Զանգեք 911 կամ Narcan 911")):
        faces = {run.face.name for line in lines_of(text, lang) for run in line.runs if "911" in run.text}
        assert faces == {"Atkinson Hyperlegible Regular"}, (lang, faces)


def test_latin_words_beside_cjk_punctuation_keep_the_latin_face():
    lines = lines_of("Narcan nasal spray；Emergent Devices", "zh-Hans")
    faces = {run.text.strip("；"): run.face.name for line in lines for run in line.runs}
    assert {faces[k] for k in faces if "Emergent" in k or "spray" in k} == {"Atkinson Hyperlegible Regular"}, faces
    assert any(run.face.name.startswith("Noto Sans CJK") and "；" in run.text for line in lines for run in line.runs)


def test_each_script_gets_its_font():
    expected = {"en": "Atkinson Hyperlegible", "es": "Atkinson Hyperlegible", "vi": "Noto Sans", "ru": "Noto Sans",
                "ar": "Noto Sans Arabic", "fa": "Noto Sans Arabic", "zh-Hans": "Noto Sans CJK SC",
                "zh-Hant": "Noto Sans CJK TC", "ko": "Noto Sans CJK KR", "hy": "Noto Sans Armenian"}
    for lang, family in expected.items():
        faces = {run.face.name for line in lines_of(SAMPLES[lang], lang) for run in line.runs}
        assert f"{family} Regular" in faces, (lang, faces)


def test_bold_is_a_real_bold_instance():
    regular = only_run(lines_of("Việt Nam", "vi"))
    bold = only_run(break_lines((Span("Việt Nam", bold=True),), 12, 400, lang="vi"))
    assert bold.face.location == (("wght", 700.0),) and bold.width > regular.width
    cjk = only_run(break_lines((Span("立即拨打", bold=True),), 12, 400, lang="zh-Hans"))
    assert cjk.face.location == (("wght", 700.0),)  # the variable CJK collection, at 700 (its default is Thin)


def test_a_character_no_font_has_is_an_error_naming_it():
    text = "Call us \U00010900 today"
    with pytest.raises(MissingGlyph) as caught:
        lines_of(text, "en")
    assert caught.value.char == "\U00010900" and caught.value.codepoint == "U+10900"
    assert caught.value.text == text and "U+10900" in str(caught.value) and text in str(caught.value)


def test_a_script_whose_font_is_not_installed_names_the_package(monkeypatch):
    from pamphlets.text import FontNotInstalled, fonts, layout

    def clear() -> None:
        fonts.FontStack.candidates.cache_clear()
        layout._prepare.cache_clear()

    monkeypatch.setattr(fonts, "cjk_family", lambda variant: None)
    clear()
    try:
        with pytest.raises(FontNotInstalled) as caught:
            lines_of("请拨打911", "zh-Hans")
        assert caught.value.char == "请" and "manimgx-fonts-cjk" in str(caught.value)
        assert "fonts-noto-cjk" in str(caught.value)
    finally:
        monkeypatch.undo()
        clear()


# ---- the PDF -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_extraction_gives_the_source_text(lang):
    source = SAMPLES[lang]
    single = lines_of(source, lang, width=2000, size=10)
    assert len(single) == 1
    pdf = pdf_of([(single, 2000)], page=(2100, 100))
    assert extracted(pdf).strip() == source
    if not language(lang).rtl:  # tools without a bidi pass read left-to-right text as written
        pypdf = pytest.importorskip("pypdf")
        assert pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().strip() == source


def test_extraction_of_broken_lines_gives_the_text_in_reading_order():
    for lang in ("en", "ar", "zh-Hans", "hy"):
        lines = lines_of(SAMPLES[lang], lang, width=120)
        text = extracted(pdf_of([(lines, 120)]))
        assert [row.strip() for row in text.strip().split("\n")] == [line.text for line in lines]


def test_fonts_are_embedded_subsets_with_the_shaped_glyphs():
    pypdf = pytest.importorskip("pypdf")
    from fontTools.ttLib import TTFont

    run = only_run(lines_of("Naloxone", "en"))
    reader = pypdf.PdfReader(io.BytesIO(pdf_of([([Line((run,), run.width, False, "Naloxone", 9, -3)], 400)])))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    (font,) = [f.get_object() for f in fonts.values() if f.get_object()["/Subtype"] == "/Type0"]
    assert font["/Subtype"] == "/Type0" and font["/BaseFont"][7] == "+"  # ABCDEF+Name: a subset
    descendant = font["/DescendantFonts"][0].get_object()
    program = descendant["/FontDescriptor"]["/FontFile2"].get_data()
    embedded = TTFont(io.BytesIO(program))
    original = TTFont(run.face.path)
    assert embedded["maxp"].numGlyphs < 20
    names = original.getGlyphOrder()
    # A letter drawn as itself has its glyph id as its CID (the same codes in every document); CIDToGIDMap says
    # where each CID's glyph sits in the subset, which holds them in CID order after .notdef.
    table = descendant["/CIDToGIDMap"].get_object().get_data()
    content = reader.pages[0].get_contents().get_data()
    (array,) = re.findall(rb"\[(.*?)\] TJ", content)
    assert b"".join(re.findall(rb"<([0-9A-F]+)>", array)) == "".join(f"{gid:04X}" for gid in run.glyphs).encode()
    for index, gid in enumerate(sorted(set(run.glyphs)), start=1):
        assert int.from_bytes(table[2 * gid:2 * gid + 2], "big") == index
        mine = embedded["glyf"][embedded.getGlyphOrder()[index]]
        theirs = original["glyf"][names[gid]]
        assert mine.getCoordinates(embedded["glyf"])[0] == theirs.getCoordinates(original["glyf"])[0]


def test_output_is_byte_identical(tmp_path):
    import runpy

    script = Path(__file__).parent / "data/text/render_samples.py"
    render_page = runpy.run_path(str(script))["render"]
    first = render_page()
    assert render_page() == first
    # A fresh process with an empty font cache (the bold subsets are converted again) writes the same bytes.
    env = dict(os.environ, PAMPHLETS_CACHE=str(tmp_path / "cache"))
    again = subprocess.run([sys.executable, str(script)], capture_output=True, env=env, check=True).stdout
    assert again == first


# ---- against another shaping engine -------------------------------------------------------------------------------

def _ink(image):
    """The image cropped to its ink (dark pixels) as a boolean-ish image, and the crop's size."""
    from PIL import ImageOps

    mask = ImageOps.invert(image).point(lambda v: 255 if v > 96 else 0)
    box = mask.getbbox()
    assert box is not None
    return mask.crop(box)


def _raqm(face: Face, text: str, lang: str, px: int, rtl: bool):
    """The same text rendered by Pillow with libraqm (FreeType + HarfBuzz + FriBiDi): an independent reference."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(face.path, size=px, index=face.index, layout_engine=ImageFont.Layout.RAQM)
    if face.location or "VF" in face.path or "[" in face.path:
        axes = font.get_variation_axes()
        wanted = dict(face.location)
        font.set_variation_by_axes([wanted.get("wght", 400.0) if a["name"] in (b"Weight", "Weight") else
                                    a["default"] for a in axes])
    image = Image.new("L", (px * (len(text) + 4), px * 3), 255)
    ImageDraw.Draw(image).text((px, px), text, font=font, fill=0, direction="rtl" if rtl else "ltr",
                               language=lang)
    return image


@pytest.mark.parametrize(("lang", "text"), [
    ("ar", "المساعدة اليوم"), ("fa", "می‌تواند برگرداند"), ("vi", "Hỗ trợ Cộng đồng Việt"),
    ("ru", "Звоните немедленно"), ("hy", "Զանգահարեք անմիջապես"), ("zh-Hans", "纳洛酮可以逆转"),
    ("ko", "날록손은 오피오이드"), ("en", "Naloxone AVAWAY office"),
])
def test_rendering_matches_pillow_raqm(lang, text):
    from PIL import ImageChops, features

    if not features.check("raqm"):
        pytest.skip("Pillow without libraqm")
    run = only_run(lines_of(text, lang, width=2000, size=40))
    ours = _ink(render(pdf_of([([Line((run,), run.width, run.rtl, text, 40, -12)], run.width)],
                              page=(run.width + 40, 120), top=70), scale=2.0))
    reference = _ink(_raqm(run.face, text, lang, 80, run.rtl))
    assert abs(ours.width - reference.width) <= max(3, reference.width * 0.02), (ours.size, reference.size)
    assert abs(ours.height - reference.height) <= 3, (ours.size, reference.size)
    ours = ours.resize(reference.size)
    both = ImageChops.multiply(ours, reference)  # white where both have ink
    either = ImageChops.lighter(ours, reference)
    overlap = sum(both.histogram()[128:]) / max(1, sum(either.histogram()[128:]))
    assert overlap > 0.8, overlap


def test_a_word_wider_than_the_line_is_cut_only_as_a_last_resort_and_says_so():
    lines = lines_of("Նալոքսոն՝ գերդոզավորման դեմ", "hy", width=60, size=14)  # no Armenian hyphenation dictionary
    assert any(line.cut for line in lines) and not lines[-1].cut
    assert not any(line.cut for line in lines_of("Նալոքսոն՝ գերդոզավորման դեմ", "hy", width=200, size=14))


def test_font_files_are_found_without_fontpkg_s_registry_as_fontpkg_finds_them() -> None:
    import fontpkg

    from pamphlets.text.fonts import _static_files, fontpkg_path

    checked = 0
    for slug, family in fontpkg.families().items():
        for weight in (100, 400, 550, 700, 900):
            for style in ("normal", "italic"):
                try:
                    expected = str(fontpkg.path(family.name, weight=weight, style=style, nearest=True))
                except fontpkg.FontpkgError:
                    continue
                assert fontpkg_path(family.name, weight, style) == expected, (slug, weight, style)
                checked += 1
    assert _static_files("Atkinson Hyperlegible") is not None  # the default family takes the fast path
    assert _static_files("Noto Sans") is None  # a variable family goes through fontpkg
    assert _static_files("No Such.Family") is None
    assert checked >= 20


def test_the_built_in_line_break_classes_are_uniseg_s() -> None:
    """linebreak keeps Latin-1, Latin Extended and General Punctuation classes as literals (so English text never
    loads uniseg); they must be exactly what uniseg says."""
    from pamphlets.text.linebreak import line_break_class, uniseg_class

    for cp in [*range(0x250), *range(0x2000, 0x2070)]:
        assert line_break_class.__wrapped__(chr(cp)) == uniseg_class(chr(cp)), hex(cp)


def test_the_built_in_scripts_of_latin_text_are_fonttools_s() -> None:
    """itemise keeps the scripts of Latin text's characters as ranges (so English with curly quotes never loads
    fontTools.unicodedata); they must be exactly what fontTools says, and anything else is left to it."""
    from fontTools.unicodedata import script

    from pamphlets.text.itemise import _latin_script, script_of

    ranges = [*range(0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070)]
    for cp in ranges:
        assert _latin_script(cp) == script(chr(cp)), hex(cp)
    assert [_latin_script(cp) for cp in (0x250, 0x370, 0x627, 0x4E00, 0x2070)] == [None] * 5
    assert script_of("\u0627") == "Arab" and script_of("\u4e00") == "Hani"


def test_the_kit_s_font_file_is_the_one_fontpkg_gives() -> None:
    import fontpkg

    from pamphlets.fonts import font_file

    for style, (weight, slant) in {"regular": (400, "normal"), "bold": (700, "normal"), "italic": (400, "italic"),
                                   "bold-italic": (700, "italic")}.items():
        assert font_file("Atkinson Hyperlegible", style) == Path(
            fontpkg.path("Atkinson Hyperlegible", weight=weight, style=slant))
