"""PNG pictures of PDFs (pypdfium2, from PyPI: no system tools), and a contact sheet of a kit's documents."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import PamphletsError, UsageError
from .write import io_error, write_atomic

if TYPE_CHECKING:  # imported only where used: rendering libraries are heavy for every other command
    import pypdfium2 as pdfium
    from PIL import Image

THUMB_HEIGHT = 220  # pixels per thumbnail in the contact sheet
COLUMNS = 4
TAIL = 1024  # a PDF ends with %%EOF within its last bytes; a file cut short (a copy that stopped) does not
AGAIN = "build it again (or copy it again), then preview it"
# PDFium is not thread-safe (two threads in it at once can crash the process): every use of it here holds this
# lock, from opening a file to closing it. A run of many programs makes their kits' contact sheets from several
# threads, and the web app renders previews per request (it takes the same lock around its own uses).
PDFIUM = threading.RLock()


def open_pdf(pdf: Path) -> pdfium.PdfDocument:
    """Open a PDF for rendering (hold PDFIUM until it is closed); a file that is empty, not a PDF, cut short or
    damaged is a one-line error."""
    import pypdfium2 as pdfium

    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise io_error("read", pdf, exc) from None
    # Checked before PDFium, which repairs some damage silently: a half-copied file must not preview as whole.
    if not data:
        raise PamphletsError(f"{pdf}: the file is empty; {AGAIN}")
    if not data.startswith(b"%PDF-"):
        raise PamphletsError(f"{pdf}: not a PDF file (it does not start with %PDF-); pass a PDF, e.g. one that "
                             "`pamphlets build` wrote")
    if b"%%EOF" not in data[-TAIL:]:
        raise PamphletsError(f"{pdf}: the PDF is cut short (its end is missing); {AGAIN}")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise PamphletsError(f"{pdf}: the PDF is damaged or password-protected and cannot be read; {AGAIN}") from None


def render(pdf: Path, dpi: int) -> list[Image.Image]:
    """Every page of a PDF as an RGB image at dpi."""
    import pypdfium2 as pdfium

    with PDFIUM:
        doc = open_pdf(pdf)
        try:
            return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in doc]
        except pdfium.PdfiumError:
            raise PamphletsError(f"{pdf}: a page of this PDF is damaged and cannot be drawn; {AGAIN}") from None
        finally:
            doc.close()


def targets(pdfs: list[Path], out_dir: Path | None) -> list[tuple[Path, Path]]:
    """Each PDF (once) with the folder for its PNGs: beside it, or in out_dir.

    Two PDFs with the same name from different folders would write the same <name>-<page>.png, the second over
    the first; they get a subfolder each, named after the end of their own folder's path (the shortest that
    tells them apart), e.g. png/east/ and png/west/.
    """
    unique: dict[Path, Path] = {}
    for pdf in pdfs:
        unique.setdefault(pdf.resolve(), pdf)  # the same file named twice is previewed once
    groups: dict[tuple[Path, str], list[Path]] = {}
    for real, pdf in unique.items():
        folder = out_dir or pdf.parent
        groups.setdefault((folder.resolve(), real.stem), []).append(real)
    folders: dict[Path, Path] = {}
    for (_, stem), reals in groups.items():
        base = out_dir or unique[reals[0]].parent
        if len(reals) == 1:
            folders[reals[0]] = base
            continue
        parents = [r.parent.parts[1:] for r in reals]  # without the root, which every path shares
        for depth in range(1, max(len(p) for p in parents) + 1):
            subs = [Path(*p[-depth:]) if p else Path("_") for p in parents]
            if len(set(subs)) == len(subs):
                folders.update((r, base / sub) for r, sub in zip(reals, subs, strict=True))
                break
        else:
            names = ", ".join(str(unique[r]) for r in reals)
            raise UsageError(f"{names} would write the same {stem}-1.png; preview them one at a time, "
                             "or rename one of them")
    return [(unique[real], folders[real]) for real in unique]


def preview(pdfs: list[Path], dpi: int, out_dir: Path | None) -> list[Path]:
    """Write <name>-<page>.png for every page of every PDF (beside it, or in out_dir); return the PNGs' paths."""
    plan = targets(pdfs, out_dir)
    for pdf, _ in plan:  # every file is checked before any PNG is written: a bad one writes nothing
        with PDFIUM:
            open_pdf(pdf).close()
    written = []
    for pdf, folder in plan:
        for i, image in enumerate(render(pdf, dpi), 1):
            buf = io.BytesIO()
            image.save(buf, "PNG")
            path = folder / f"{pdf.stem}-{i}.png"
            write_atomic(path, buf.getvalue(), elsewhere="choose another folder with -o")
            written.append(path)
    return written


def contact_sheet(pdfs: list[Path], label_font: Path) -> bytes:
    """A PNG grid of thumbnails (every page of every PDF), each labelled with its file name."""
    from PIL import ImageFont

    thumbs: list[tuple[Image.Image, str]] = []
    with PDFIUM:  # and FreeType's label font, which is no safer shared between threads
        font = ImageFont.truetype(str(label_font), 12)
        for pdf in pdfs:
            doc = open_pdf(pdf)
            try:
                for i, page in enumerate(doc, 1):  # each page rendered straight at thumbnail height: sharp, cheap
                    image = page.render(scale=THUMB_HEIGHT / page.get_height()).to_pil().convert("RGB")
                    thumbs.append((image, f"{pdf.name} p{i}"))
            finally:
                doc.close()
        return _grid(thumbs, font)


def _grid(thumbs: list[tuple[Image.Image, str]], font: object) -> bytes:
    """The thumbnails in rows of COLUMNS, each with its label under it, as PNG bytes."""
    from PIL import Image, ImageDraw

    cell_w = round(max([max(t.width, font.getlength(label)) for t, label in thumbs] + [240])) + 20  # type: ignore[attr-defined]
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
