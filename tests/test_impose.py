"""Imposition is pure geometry: where faces land, how backs turn, where marks go. No drawing needed."""

from __future__ import annotations

import pytest

from pamphlets.impose import MARK_GAP, PAPERS, back_position, crop_marks, grid_fit, n_up, one_up
from pamphlets.plan import FacePlan, PagePlan

CARD = (252.0, 144.0)  # 3.5 x 2 in
BLEED = 9.0


def card_plan(faces: int = 2) -> PagePlan:
    return PagePlan("t", tuple(FacePlan(f"f{i}", *CARD, BLEED, (), ()) for i in range(faces)))


def test_ten_us_cards_fit_on_letter_and_a4() -> None:
    assert grid_fit(PAPERS["letter"], CARD, 36) == (2, 5)
    assert grid_fit(PAPERS["a4"], CARD, 36) == (2, 5)


def test_long_edge_back_mirrors_left_right() -> None:
    assert back_position(50, 100, 252, 144, PAPERS["letter"], "long-edge") == (612 - 50 - 252, 100, 0)


def test_short_edge_back_mirrors_top_bottom_and_turns() -> None:
    assert back_position(50, 100, 252, 144, PAPERS["letter"], "short-edge") == (50, 792 - 100 - 144, 180)


@pytest.mark.parametrize("duplex", ["long-edge", "short-edge"])
def test_every_back_lands_behind_its_front(duplex: str) -> None:
    """Flip the back sheet as the printer does; each back must cover exactly its front's cell."""
    front, back = n_up(card_plan(), PAPERS["letter"], duplex=duplex).sheets
    w, h = PAPERS["letter"]
    assert len(front.placements) == len(back.placements) == 10
    for f, b in zip(front.placements, back.placements, strict=True):
        # turning the sheet over about its vertical (long-edge) or horizontal (short-edge) axis
        seen = (w - b.x - CARD[0], b.y) if duplex == "long-edge" else (b.x, h - b.y - CARD[1])
        assert seen == pytest.approx((f.x, f.y))
        assert b.rotate == (180 if duplex == "short-edge" else 0)
        assert f.face == 0 and b.face == 1 and f.clip and b.clip


def test_grid_marks_stay_outside_the_grid() -> None:
    front = n_up(card_plan(1), PAPERS["letter"]).sheets[0]
    xs = [p.x for p in front.placements]
    ys = [p.y for p in front.placements]
    x0, x1, y0, y1 = min(xs), max(xs) + CARD[0], min(ys), max(ys) + CARD[1]
    assert len(front.marks) == 2 * 3 + 2 * 6  # each of 3 vertical and 6 horizontal cut lines, at both ends
    for mx1, my1, mx2, my2 in front.marks:
        for x, y in ((mx1, my1), (mx2, my2)):
            inside = x0 < x < x1 and y0 < y < y1
            assert not inside
            assert 0 <= x <= PAPERS["letter"][0] and 0 <= y <= PAPERS["letter"][1]


def test_print_shop_page_has_bleed_box_and_marks_beyond_the_bleed() -> None:
    sheet = one_up(card_plan(), marks=True).sheets[0]
    tx0, ty0, tx1, ty1 = sheet.trim_box
    assert (tx1 - tx0, ty1 - ty0) == CARD
    assert sheet.bleed_box == (tx0 - BLEED, ty0 - BLEED, tx1 + BLEED, ty1 + BLEED)
    assert sheet.width > tx1 + BLEED and sheet.height > ty1 + BLEED
    for x1, y1, x2, y2 in sheet.marks:
        for x, y in ((x1, y1), (x2, y2)):
            # no point of a mark lies within the bleed box grown by the gap
            assert not (tx0 - BLEED - MARK_GAP + 0.01 < x < tx1 + BLEED + MARK_GAP - 0.01
                        and ty0 - BLEED - MARK_GAP + 0.01 < y < ty1 + BLEED + MARK_GAP - 0.01)


def test_crop_marks_are_in_line_with_the_trim() -> None:
    marks = crop_marks(10, 10, 100, 50, 9)
    assert {m[0] for m in marks if m[0] == m[2]} == {10, 100}  # vertical marks continue the trim's sides
    assert {m[1] for m in marks if m[1] == m[3]} == {10, 50}


def test_a_face_larger_than_the_paper_gets_no_sheet() -> None:
    poster = PagePlan("p", (FacePlan("front", 18 * 72, 24 * 72, BLEED, (), ()),))
    assert n_up(poster, PAPERS["letter"]) is None
