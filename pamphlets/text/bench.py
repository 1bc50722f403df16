"""Time the English fact sheet's line breaking and drawing, old textflow against the text engine (not a test).

    python -m pamphlets.text.bench [--runs N]

The compose stage of the naloxone fact sheet is run once with textflow.break_lines watched, so both engines set
exactly the texts, sizes and widths compose asks for (every shrink step); then each engine breaks them all and
draws the final lines on a canvas, saved to bytes, in the same process. "Cold" clears both engines' caches
first (a text seen for the first time); "warm" repeats with the caches full (the shrink loop, a rebuild).
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parents[2]


def _calls() -> tuple[list[tuple[Any, ...]], str, int]:
    """The break_lines calls compose makes for the English naloxone fact sheet, the family, and the word count."""
    from .. import compose
    from ..project import Project
    from ..resolve import Resolver

    resolver = Resolver(Project.at(ROOT))
    profile = resolver.profile(ROOT / "local" / "example.yaml")
    job = resolver.job("naloxone", "fact-sheet", "en", profile, None, None)
    calls: list[tuple[Any, ...]] = []
    original = compose.break_lines

    def watch(spans: Any, family: Any, base_style: str, size: float, width: float) -> Any:
        calls.append((spans, family, base_style, size, width))
        return original(spans, family, base_style, size, width)

    compose.break_lines = watch  # type: ignore[assignment]
    try:
        compose.compose(job)
    finally:
        compose.break_lines = original  # type: ignore[assignment]
    final = {id(c[0]): c for c in calls}
    words = sum(len("".join(s.text for s in c[0]).split()) for c in final.values())
    return calls, job.layout.font_family, words


def _old(calls: list[tuple[Any, ...]]) -> bytes:
    from .. import textflow

    final: dict[int, list[Any]] = {}
    for spans, family, base_style, size, width in calls:
        final[id(spans)] = [size, textflow.break_lines(spans, family, base_style, size, width)]
    c = Canvas(io.BytesIO(), pagesize=(612, 792), invariant=1, pageCompression=1)
    y = 780.0
    for size, lines in final.values():
        for line in lines:
            for run in line.runs:
                c.setFont(run.font, size)
                c.drawString(20 + run.x, y, run.text)
            y = y - size * 1.2 if y > 30 else 780.0
    buf = io.BytesIO()
    c._filename = buf
    c.save()
    return buf.getvalue()


def _new(calls: list[tuple[Any, ...]], family_name: str) -> bytes:
    from . import break_lines, draw_line

    final: dict[int, list[Any]] = {}
    for spans, _family, base_style, size, width in calls:
        final[id(spans)] = [size, break_lines(spans, size, width, lang="en", family=family_name,
                                              base_style=base_style)]
    c = Canvas(io.BytesIO(), pagesize=(612, 792), invariant=1, pageCompression=1)
    y = 780.0
    for size, lines in final.values():
        for line in lines:
            draw_line(c, line, 20, y)
            y = y - size * 1.2 if y > 30 else 780.0
    buf = io.BytesIO()
    c._filename = buf
    c.save()
    return buf.getvalue()


def _clear_caches() -> None:
    from .. import fonts as old_fonts
    from . import layout, linebreak, shape

    old_fonts.width.cache_clear()
    layout._prepare.cache_clear()
    shape.shape.cache_clear()
    linebreak.break_opportunities.cache_clear()


def measure(runs: int = 30) -> dict[str, float]:
    """Median milliseconds of each engine, cold and warm, and the ratios."""
    calls, family, words = _calls()
    _old(calls)
    _new(calls, family)  # fonts loaded, modules imported
    result: dict[str, float] = {"words": words, "calls": len(calls)}
    for label, warm in (("cold", False), ("warm", True)):
        old_times, new_times = [], []
        for _ in range(runs):
            if not warm:
                _clear_caches()
            t = time.perf_counter()
            _old(calls)
            old_times.append(time.perf_counter() - t)
            if not warm:
                _clear_caches()
            t = time.perf_counter()
            _new(calls, family)
            new_times.append(time.perf_counter() - t)
        result[f"old {label} ms"] = statistics.median(old_times) * 1000
        result[f"new {label} ms"] = statistics.median(new_times) * 1000
        result[f"ratio {label}"] = result[f"new {label} ms"] / result[f"old {label} ms"]
    return result


def main() -> None:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 30
    for key, value in measure(runs).items():
        print(f"{key:>14}: {value:.2f}" if isinstance(value, float) else f"{key:>14}: {value}")


if __name__ == "__main__":
    main()
