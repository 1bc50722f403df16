"""Render a fixed page of sample text with the text engine; run as a script it writes the PDF to stdout.

tests/test_text_engine.py compares the bytes from its own process with those of a fresh process whose font cache
is empty, so converted font subsets must come out the same every time.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from pamphlets.pdf import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from pamphlets.markup import Span, parse
from pamphlets.text import break_lines, draw_line

SAMPLES = yaml.safe_load((Path(__file__).parent / "samples.yaml").read_text("utf-8"))


def render() -> bytes:
    """English, Arabic, Vietnamese and Chinese in 150-point columns, then bold Vietnamese and Chinese."""
    blocks = [break_lines(parse(SAMPLES[lang]), 12, 150, lang=lang) for lang in ("en", "ar", "vi", "zh-Hans")]
    blocks.append(break_lines((Span("Hỗ trợ ", bold=True), Span("纳洛酮", bold=True)), 12, 150, lang="vi"))
    c = Canvas((200, 600))
    y = 580.0
    for lines in blocks:
        for line in lines:
            draw_line(c, line, 20 + line.offset(150, "start"), y)
            y -= 16
    return c.save()


if __name__ == "__main__":
    sys.stdout.buffer.write(render())
