"""pamphlets.pdf, the writer under every document: syntax, resources, images, colour and the same bytes each time."""

from __future__ import annotations

import io
import shutil
import subprocess

import pypdf
import pypdfium2
import pytest
from PIL import Image

from pamphlets.pdf import CMYK, RGB, Canvas, Name, Ref, Separation, serialise, text_string


def test_strings_names_and_numbers_are_written_as_iso_32000_says() -> None:
    assert text_string("Call (24/7) \\ now") == b"(Call \\(24/7\\) \\\\ now)"
    assert text_string("Llame ñ") == b"<FEFF" + "Llame ñ".encode("utf-16-be").hex().upper().encode() + b">"
    assert serialise(Name("A b#")) == b"/A#20b#23"
    assert serialise([0.1234567, 2.0, -0.00001, 3, True, None]) == b"[0.1235 2 0 3 true null]"
    assert serialise({"K": [Ref(4)], "Skip": None}) == b"<</K [4 0 R]>>"


def _sample(cmyk_only: bool = False) -> bytes:
    """Two pages placing one form (with an overprinting fill), an image with transparency, a separation."""
    c = Canvas((200, 100), cmyk_only=cmyk_only)
    c.info["Title"] = "تجربة"  # a right-to-left title: UTF-16 in the file
    c.beginForm("card", 0, 0, 50, 50)
    c.setFillColor(CMYK(0, 0, 0, 1))
    c.setFillOverprint(True)
    c.rect(0, 0, 50, 50, stroke=0, fill=1)
    c.endForm()
    image = Image.new("RGBA", (4, 4), (255, 0, 0, 255))
    image.putpixel((0, 0), (255, 0, 0, 0))
    for page in range(2):
        c.doForm("card")
        c.saveState()
        c.translate(60, 0)
        c.doForm("card")
        c.restoreState()
        if not cmyk_only:
            c.drawImage(image, 120, 10, 40, 40)
        c.setStrokeColor(Separation("All", (1, 1, 1, 1)))
        c.setDash(2, 2)
        c.line(0, 90 - page, 200, 90 - page)
        c.showPage()
    return c.save()


def test_a_file_reads_back_with_its_resources_where_each_stream_names_them() -> None:
    data = _sample()
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "تجربة" and len(reader.pages) == 2
    page = reader.pages[0]
    resources = page["/Resources"]
    form = resources["/XObject"]["/card"].get_object()
    assert form["/Subtype"] == "/Form" and [float(v) for v in form["/BBox"]] == [0, 0, 50, 50]
    (state,) = form["/Resources"]["/ExtGState"].values()
    assert state.get_object()["/op"] == True  # noqa: E712 - pypdf's BooleanObject; the form's own resources name its graphics state
    image = next(v.get_object() for k, v in resources["/XObject"].items() if k.startswith("/Im"))
    assert image["/ColorSpace"] == "/DeviceRGB" and image["/SMask"].get_object()["/ColorSpace"] == "/DeviceGray"
    space = resources["/ColorSpace"]["/CS0"]
    assert space[0] == "/Separation" and space[1] == "/All"
    # both pages share the one form object: drawn once, placed four times
    second = reader.pages[1]["/Resources"]["/XObject"].raw_get("/card")
    assert second.idnum == resources["/XObject"].raw_get("/card").idnum
    # rendered: the form's black, the image's red (its transparent corner shows the white page)
    bitmap = pypdfium2.PdfDocument(data)[0].render(scale=1).to_pil().convert("RGB")
    assert max(bitmap.getpixel((25, 75))) < 60  # 100% K, as pdfium shows black ink
    assert bitmap.getpixel((140, 70)) == (255, 0, 0)
    assert bitmap.getpixel((122, 52)) == (255, 255, 255)


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_no_syntax_or_stream_errors(tmp_path) -> None:
    path = tmp_path / "sample.pdf"
    path.write_bytes(_sample())
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and "No syntax or stream encoding errors found" in result.stdout, result.stdout


def test_the_same_drawing_gives_the_same_bytes() -> None:
    assert _sample() == _sample()


def test_a_print_file_refuses_rgb() -> None:
    c = Canvas((10, 10), cmyk_only=True)
    c.setFillColor(CMYK(0, 0, 0, 1))
    with pytest.raises(ValueError, match="RGB colour"):
        c.setFillColor(RGB(1, 0, 0))
    c.setStrokeColor(RGB(0.25, 0.25, 0.25))  # a grey is black ink alone
    assert c.code[-1] == "0 0 0 0.75 K"
    assert b"/DeviceRGB" not in _sample(cmyk_only=True)


def test_a_16_bit_grey_image_keeps_its_tones() -> None:
    """Pillow's own 16 -> 8 bit conversion clips at 255; a 16-bit grey PNG logo must not print white."""
    ramp = Image.new("I;16", (64, 8))
    ramp.putdata([x * 1024 for _ in range(8) for x in range(64)])
    c = Canvas((64, 8))
    c.drawImage(ramp, 0, 0, 64, 8)
    bitmap = pypdfium2.PdfDocument(c.save())[0].render(scale=1).to_pil().convert("L")
    assert bitmap.getpixel((2, 4)) < 20 and 100 < bitmap.getpixel((32, 4)) < 156 and bitmap.getpixel((62, 4)) > 230
    from pamphlets.pictures.render import _image

    buf = io.BytesIO()
    ramp.save(buf, "PNG")
    printed, alpha = _image(buf.getvalue(), True)  # the print file's conversion to black ink keeps the tones too
    assert printed.mode == "CMYK" and alpha is None and printed.getpixel((32, 4))[3] in range(100, 156)


def test_a_file_that_may_hold_no_transparency_refuses_a_soft_mask_and_opacity() -> None:
    """PDF/X-1a allows no transparency: the canvas refuses an image with an alpha channel (or a separate one) and a
    fill or stroke that is not opaque."""
    from pamphlets.pdf import Transparency

    c = Canvas((10, 10), cmyk_only=True, opaque_only=True)
    with pytest.raises(Transparency, match="an image with see-through parts"):
        c.drawImage(Image.new("RGBA", (2, 2)), 0, 0, 10, 10)
    with pytest.raises(Transparency, match="an image with see-through parts"):
        c.drawImage(Image.new("CMYK", (2, 2)), 0, 0, 10, 10, alpha=Image.new("L", (2, 2)))
    with pytest.raises(Transparency, match="a fill at 50% opacity"):
        c.setFillAlpha(0.5)
    with pytest.raises(Transparency, match="a stroke at 25% opacity"):
        c.setStrokeAlpha(0.25)
    c.drawImage(Image.new("CMYK", (2, 2)), 0, 0, 10, 10)  # an opaque one is drawn
    c.setFillAlpha(1.0)
    data = c.save()
    assert b"/Subtype /Image" in data and b"/ca" not in data
