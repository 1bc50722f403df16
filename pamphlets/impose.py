"""Stage 5, impose: pure geometry placing faces on sheets, with page boxes and crop marks."""

from __future__ import annotations

from .paper import PAPERS
from .plan import PagePlan
from .record import record
from .stock import Stock

MM = 72.0 / 25.4
MARK_LENGTH = 6 * MM  # print shops expect crop marks about 6 mm long
MARK_GAP = 3.0  # marks start this far beyond the bleed, so they never print inside it


GUIDE_FROM, GUIDE_TO = 0.18 * 72, 0.24 * 72  # fold guides on an office sheet: in the margin, clear of the text


@record
class Placement:
    """Face number `face` drawn with its trim's lower-left corner at (x, y), turned by `rotate` degrees.

    With `clip`, only the trim is drawn: on a gang-up sheet a face's bleed would paint over its neighbour.
    """

    face: int
    x: float
    y: float
    rotate: int = 0
    clip: bool = False


@record
class Sheet:
    """One PDF page: its size, its boxes (x0, y0, x1, y1) and what goes on it."""

    width: float
    height: float
    trim_box: tuple[float, float, float, float]
    bleed_box: tuple[float, float, float, float]
    placements: tuple[Placement, ...]
    marks: tuple[tuple[float, float, float, float], ...]  # line segments x1, y1, x2, y2
    fold_marks: tuple[tuple[float, float, float, float], ...] = ()  # drawn dashed


@record
class SheetPlan:
    """Every page of the output file."""

    sheets: tuple[Sheet, ...]


def crop_marks(x0: float, y0: float, x1: float, y1: float, bleed: float) -> tuple[tuple[float, ...], ...]:
    """Eight marks around a trim rectangle, each starting outside the bleed and running away from it."""
    start, end = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    marks = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            marks.append((x, y + sy * start, x, y + sy * end))  # vertical mark, in line with the trim's side
            marks.append((x + sx * start, y, x + sx * end, y))  # horizontal mark
    return tuple(marks)


def fold_marks(x0: float, y0: float, y1: float, folds: tuple[float, ...],
               bleed: float) -> tuple[tuple[float, float, float, float], ...]:
    """A mark above and below the trim at each fold, outside the bleed like the crop marks."""
    start, end = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    out = []
    for fold in folds:
        x = x0 + fold
        out += [(x, y1 + start, x, y1 + end), (x, y0 - start, x, y0 - end)]
    return tuple(out)


def one_up(plan: PagePlan, *, marks: bool) -> SheetPlan:
    """One face per page, in reading order: trim + bleed, plus a slug for crop and fold marks when asked."""
    sheets = []
    for i, face in enumerate(plan.faces):
        slug = face.bleed + (MARK_GAP + MARK_LENGTH + 2.0 if marks else 0.0)
        w, h = face.width + 2 * slug, face.height + 2 * slug
        trim = (slug, slug, slug + face.width, slug + face.height)
        b = face.bleed
        bleed = (trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b)
        sheets.append(Sheet(w, h, trim, bleed, (Placement(i, slug, slug),),
                            crop_marks(*trim, face.bleed) if marks else (),
                            fold_marks(slug, trim[1], trim[3], face.folds, face.bleed) if marks else ()))
    return SheetPlan(tuple(sheets))


def trim_pages(plan: PagePlan) -> SheetPlan:
    """One face per page at exactly its trim size, no bleed or marks: for printing on office paper."""
    sheets = []
    for i, face in enumerate(plan.faces):
        full = (0.0, 0.0, face.width, face.height)
        # Fold guides: short dashes at each fold in the top and bottom margins, inside the safe margin where no
        # text goes, from where office printers start printing (about 0.17 in) inward.
        guides = tuple(seg for fold in face.folds for seg in (
            (fold, GUIDE_FROM, fold, GUIDE_TO), (fold, face.height - GUIDE_FROM, fold, face.height - GUIDE_TO)))
        sheets.append(Sheet(face.width, face.height, full, full, (Placement(i, 0.0, 0.0, 0, True),), (), guides))
    return SheetPlan(tuple(sheets))


def saddle_order(n: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """For each sheet of an n-page saddle-stitched booklet, (outside left, right) and (inside left, right), 1-based.

    Sheet k carries outside (n - 2k, 2k + 1) and inside (2k + 2, n - 2k - 1): facing pages add up to n + 1.
    """
    if n % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {n}")
    return [((n - 2 * k, 2 * k + 1), (2 * k + 2, n - 2 * k - 1)) for k in range(n // 4)]


def saddle(plan: PagePlan) -> SheetPlan:
    """Booklet sheets for home printing: two pages side by side per side, printed two-sided (short edge)."""
    w, h = plan.faces[0].width, plan.faces[0].height
    paper = paper_name(2 * w, h)
    # Two A5 pages are 1 mm narrower than A4: print on the real paper, the pair centred on it.
    sw, sh = (max(PAPERS[paper]), min(PAPERS[paper])) if paper else (2 * w, h)
    x0, y0 = (sw - 2 * w) / 2, (sh - h) / 2
    full = (0.0, 0.0, sw, sh)
    sheets = []
    for outside, inside in saddle_order(len(plan.faces)):
        for left, right in (outside, inside):
            if plan.rtl:  # bound on the right: every spread is the left-to-right one read from the other side
                left, right = right, left
            placements = (Placement(left - 1, x0, y0, 0, True), Placement(right - 1, x0 + w, y0, 0, True))
            sheets.append(Sheet(sw, sh, full, full, placements, ()))
    return SheetPlan(tuple(sheets))


def paper_name(width: float, height: float) -> str | None:
    """'letter' or 'a4' when a sheet is that paper in either orientation."""
    for name, (pw, ph) in PAPERS.items():
        if abs(max(width, height) - ph) <= 4 and abs(min(width, height) - pw) <= 4:  # within 1.4 mm
            return name
    return None




def grid_fit(paper: tuple[float, float], card: tuple[float, float], margin: float) -> tuple[int, int]:
    """How many columns and rows of a card fit on paper inside a margin kept free for printers and marks."""
    cols = int((paper[0] - 2 * margin + 1e-6) // card[0])
    rows = int((paper[1] - 2 * margin + 1e-6) // card[1])
    return cols, rows


def grid_marks(x0: float, y0: float, cols: int, rows: int, w: float, h: float) -> tuple[tuple[float, ...], ...]:
    """Cut marks for a grid of abutting cards: at every cut line, outside the grid only, never across a card."""
    x1, y1 = x0 + cols * w, y0 + rows * h
    start, end = MARK_GAP, MARK_GAP + MARK_LENGTH
    marks = []
    for c in range(cols + 1):
        x = x0 + c * w
        marks += [(x, y1 + start, x, y1 + end), (x, y0 - start, x, y0 - end)]
    for r in range(rows + 1):
        y = y0 + r * h
        marks += [(x0 - start, y, x0 - end, y), (x1 + start, y, x1 + end, y)]
    return tuple(marks)


def back_position(x: float, y: float, w: float, h: float, paper: tuple[float, float],
                  duplex: str) -> tuple[float, float, int]:
    """Where the back of a face at (x, y) goes so that it lands behind it when printed two-sided.

    Long-edge flip (book style) mirrors left-right; short-edge flip (calendar style) mirrors top-bottom and
    turns the back 180 degrees so it reads upright after the turn.
    """
    if duplex == "long-edge":
        return paper[0] - x - w, y, 0
    return x, paper[1] - y - h, 180


def on_stock(plan: PagePlan, stock: Stock, *, duplex: str = "long-edge") -> SheetPlan:
    """Cards placed where a perforated stock's cards are (no cut marks: the sheet is already cut)."""
    paper = PAPERS[stock.paper]
    w, h = stock.card
    cells = [(stock.left + c * stock.pitch[0], paper[1] - stock.top - r * stock.pitch[1] - h)
             for r in range(stock.rows) for c in range(stock.columns)]
    full = (0.0, 0.0, *paper)
    sheets = []
    for face in range(len(plan.faces)):
        if face % 2 == 0:
            placements = tuple(Placement(face, x, y, 0, True) for x, y in cells)
        else:
            placements = tuple(Placement(face, x, y, rot, True)
                               for x, y, rot in (back_position(x, y, w, h, paper, duplex) for x, y in cells))
        sheets.append(Sheet(*paper, full, full, placements, ()))
    return SheetPlan(tuple(sheets))


def n_up(plan: PagePlan, paper: tuple[float, float], *, duplex: str = "long-edge", margin: float = 0.5 * 72,
         marks: bool = True) -> SheetPlan | None:
    """A home-print sheet: as many copies of the front as fit, and (for two faces) a back page behind them.

    Returns None when the face is larger than the paper.
    """
    front = plan.faces[0]
    w, h = front.width, front.height
    cols, rows = grid_fit(paper, (w, h), margin)
    if cols < 1 or rows < 1:
        return None
    x0 = (paper[0] - cols * w) / 2
    y0 = (paper[1] - rows * h) / 2
    cells = [(x0 + c * w, y0 + (rows - 1 - r) * h) for r in range(rows) for c in range(cols)]
    full = (0.0, 0.0, *paper)
    cut = grid_marks(x0, y0, cols, rows, w, h) if marks else ()
    sheets = []
    for face in range(len(plan.faces)):
        if face % 2 == 0:
            placements = tuple(Placement(face, x, y, 0, True) for x, y in cells)
            sheets.append(Sheet(*paper, full, full, placements, cut))
        else:
            backs = (back_position(x, y, w, h, paper, duplex) for x, y in cells)
            placements = tuple(Placement(face, x, y, rot, True) for x, y, rot in backs)
            # Cut marks go on the front only: the stack is cut from the front side.
            sheets.append(Sheet(*paper, full, full, placements, ()))
    return SheetPlan(tuple(sheets))
