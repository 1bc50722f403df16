"""Pages before a flow's last are not left with a hole at their foot: a short list kept whole starts where there
is room and goes on over the page, and type grows where that fills the pages; a set of figures still stays whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphlets.compose import compose
from pamphlets.flow import HOLE
from pamphlets.plan import PagePlan, PictureOp
from pamphlets.project import Project
from pamphlets.resolve import Resolver

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "tests/data/project/local/test.yaml"


def plan_of(slug: str, fmt: str, lang: str) -> PagePlan:
    resolver = Resolver(Project.at(ROOT))
    return compose(resolver.job(slug, fmt, lang, resolver.profile(PROFILE)))


def face_of(plan: PagePlan, start: str) -> int:
    """The page whose flowing text has a line starting with start."""
    return next(fi for fi, face in enumerate(plan.faces) for region in face.regions if region.flow
                for line in region.lines if line.startswith(start))


def holes(plan: PagePlan) -> list[str]:
    """The flow regions, before the flow's last page, emptier than HOLE at their foot (as 'region: 43% empty')."""
    flows = [(fi, r) for fi, face in enumerate(plan.faces) for r in face.regions if r.flow and r.used]
    last = max(fi for fi, _ in flows)
    return [f"{r.name}: {1 - r.used / r.room:.0%} empty" for fi, r in flows
            if fi != last and r.used < (1 - HOLE) * r.room]


@pytest.mark.parametrize("slug, lang", [("good-samaritan-law", "en"), ("good-samaritan-law", "es"),
                                        ("good-samaritan-law", "fa"), ("safer-injection", "es")])
def test_no_booklet_page_before_the_last_is_left_with_a_hole(slug: str, lang: str) -> None:
    """These zines had a page 40-50% empty mid-booklet (a short list kept whole moved on, type grown past it)."""
    assert holes(plan_of(slug, "booklet", lang)) == []


def test_a_short_list_goes_on_over_the_page_rather_than_leave_a_hole() -> None:
    """'What the law usually covers' (lead-in and three bullets, kept whole where they fit) starts on the page
    with room for its heading, lead-in and first bullet; the other bullets follow on the next page."""
    plan = plan_of("good-samaritan-law", "booklet", "en")
    heading = face_of(plan, "What the law usually covers")
    assert face_of(plan, "Good Samaritan overdose laws help") == heading
    assert face_of(plan, "• Having a small amount of drugs") == heading
    assert face_of(plan, "• Having drug supplies") == heading + 1


@pytest.mark.parametrize("fmt, lang", [("fact-sheet", "en"), ("booklet", "ko"), ("fact-sheet", "zh-Hans")])
def test_a_set_of_figures_is_not_split_to_fill_a_hole(fmt: str, lang: str) -> None:
    """The test strips' four results are read side by side: all four on one page, even where that leaves the
    page before with room under it."""
    plan = plan_of("fentanyl-test-strips", fmt, lang)
    results = {"test-strip-positive", "test-strip-faint", "test-strip-invalid"}
    faces = {fi for fi, face in enumerate(plan.faces) for op in face.ops
             if isinstance(op, PictureOp) and op.picture.ref in results}
    assert len(faces) == 1
