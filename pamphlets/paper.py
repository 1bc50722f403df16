"""Office paper sizes and how a printer flips two-sided sheets: names the command line offers (kept light, so
`pamphlets --help` does not load the pipeline)."""

from __future__ import annotations

PAPERS = {"letter": (612.0, 792.0), "a4": (595.2756, 841.8898)}  # points
DUPLEX = ("long-edge", "short-edge")
