"""Helpers that read real PDFs the way a print shop's tools would."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2 as pdfium
import zxingcpp
from click.testing import CliRunner, Result

from pamphlets.commands import main

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
POINTS_PER_INCH = 72.0


def where(path: Path, text: str) -> str:
    """'path:line:col' of the first line holding text (so tests do not break when a layout gains a line)."""
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if text in line:
            return f"{path}:{number}:{line.index(text) + 1}"
    raise AssertionError(f"{text!r} not in {path}")


def add_sections(count: int, sentences: int) -> None:
    """Lengthen the fixture topic (in the working directory) with sections 'Part 0'... of repeated sentences."""
    topic = Path("content/demo/en.yaml")
    more = "".join(f"  - heading: Part {i}\n    body: {'Stay with the person and keep them safe. ' * sentences}\n"
                   for i in range(count))
    topic.write_text(topic.read_text().replace("call_to_action:", more + "call_to_action:"))


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the fixture project (content/demo, local/test.yaml)."""
    shutil.copytree(DATA / "project", dest, dirs_exist_ok=True)
    return dest


def cli(*args: str) -> Result:
    """Run the pamphlets command in this process, as a user would type it."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# Typographic punctuation as the content file writes it, so tests can look for the words they wrote.
PLAIN_QUOTES = str.maketrans({"\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"})


def page_text(pdf: bytes | Path, *, typographic: bool = False) -> list[str]:
    """The text of each page (with ’ “ ” – read back as ' " -, unless typographic)."""
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    # A line broken at a hyphenation point extracts as the soft hyphen it stands for: join the word again.
    pages = [re.sub("\u00ad\\s*", "", p.extract_text() or "") for p in pypdf.PdfReader(io.BytesIO(data)).pages]
    return pages if typographic else [p.translate(PLAIN_QUOTES) for p in pages]


def words_outside(pdf: Path, margin: float) -> list[str]:
    """Characters whose box lies closer than margin to a page edge (pdfplumber: top-left origin)."""
    bad = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for ch in page.chars:
                if ch["text"].isspace():
                    continue
                if (ch["x0"] < margin - 0.01 or ch["x1"] > page.width - margin + 0.01
                        or ch["top"] < margin - 0.01 or ch["bottom"] > page.height - margin + 0.01):
                    bad.append(f"p{page.page_number} {ch['text']!r} at ({ch['x0']:.1f}, {ch['top']:.1f})")
    return bad


def fonts_of(pdf: Path) -> dict[str, bool]:
    """Every font the file uses, and whether its program is embedded."""
    out: dict[str, bool] = {}
    for page in pypdf.PdfReader(pdf).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        resources = [fonts] + [x.get_object().get("/Resources", {}).get("/Font", {}) for x in xobjects.values()]
        for font_dict in resources:
            for ref in font_dict.values():
                font = ref.get_object()
                descendants = font.get("/DescendantFonts")
                desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
                desc = desc.get_object() if desc else {}
                embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                out[str(font["/BaseFont"])] = embedded
    return out


def qr_codes(pdf: Path, dpi: int = 300) -> list[list[str]]:
    """The QR codes found on each page rendered at dpi."""
    out = []
    doc = pdfium.PdfDocument(str(pdf))
    for page in doc:
        image = page.render(scale=dpi / 72).to_pil()
        out.append([r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode])
    return out


def streams(pdf: Path) -> bytes:
    """Every content stream of the file, decoded: pages and the form XObjects that hold the faces."""
    reader = pypdf.PdfReader(pdf)
    out = []
    for number in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(number)
        if isinstance(obj, pypdf.generic.StreamObject) and obj.get("/Subtype") in (None, "/Form"):
            out.append(obj.get_data())
    return b"\n".join(out)
