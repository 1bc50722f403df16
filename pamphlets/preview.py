"""PNG pictures of PDFs (pypdfium2, from PyPI: no system tools), and a contact sheet of a kit's documents."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported only where used: rendering libraries are heavy for every other command
    from PIL import Image

THUMB_HEIGHT = 220  # pixels per thumbnail in the contact sheet
COLUMNS = 4


def render(pdf: Path, dpi: int) -> list[Image.Image]:
    """Every page of a PDF as an RGB image at dpi."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in doc]
    finally:
        doc.close()


def preview(pdfs: list[Path], dpi: int, out_dir: Path | None) -> list[Path]:
    """Write <name>-<page>.png for every page of every PDF (beside it, or in out_dir)."""
    written = []
    for pdf in pdfs:
        folder = out_dir or pdf.parent
        folder.mkdir(parents=True, exist_ok=True)
        for i, image in enumerate(render(pdf, dpi), 1):
            path = folder / f"{pdf.stem}-{i}.png"
            image.save(path, "PNG")
            written.append(path)
    return written


def contact_sheet(pdfs: list[Path], label_font: Path) -> bytes:
    """A PNG grid of thumbnails (every page of every PDF), each labelled with its file name."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(label_font), 12)
    thumbs: list[tuple[Image.Image, str]] = []
    for pdf in pdfs:
        doc = pdfium.PdfDocument(str(pdf))
        try:
            for i, page in enumerate(doc, 1):  # each page rendered straight at thumbnail height: sharp, and cheap
                image = page.render(scale=THUMB_HEIGHT / page.get_height()).to_pil().convert("RGB")
                thumbs.append((image, f"{pdf.name} p{i}"))
        finally:
            doc.close()
    cell_w = round(max([max(t.width, font.getlength(label)) for t, label in thumbs] + [240])) + 20
    cell_h = THUMB_HEIGHT + 40
    rows = max(1, -(-len(thumbs) // COLUMNS))
    sheet = Image.new("RGB", (COLUMNS * cell_w, rows * cell_h), "white")
    draw = ImageDraw.Draw(sheet)
    for n, (thumb, label) in enumerate(thumbs):
        x, y = (n % COLUMNS) * cell_w + 10, (n // COLUMNS) * cell_h + 10
        sheet.paste(thumb, (x, y))
        draw.rectangle((x, y, x + thumb.width - 1, y + thumb.height - 1), outline=(180, 180, 180))
        draw.text((x, y + THUMB_HEIGHT + 6), label, fill=(30, 30, 30), font=font)
    buf = io.BytesIO()
    sheet.save(buf, "PNG", optimize=False)
    return buf.getvalue()
