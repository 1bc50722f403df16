"""The built-in palette through each press's ICC profile, and the colour error left.

Usage: python bench/colour_report.py [#RRGGBB ...]

Prints Markdown tables (for pamphlets/presses/README.md): the presses and their profiles, then for each colour the
layouts and the sample profile use (found in layouts/*.yaml and local/example.yaml), or the colours given, and each
press: the CMYK through the profile (relative colorimetric, black point compensation; greys black ink only), its
plates and CIEDE2000 against the colour on screen, beside the naive formula's CMYK (pamphlets.colours.to_cmyk) and
CIEDE2000 on the same press.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pamphlets.colours import to_cmyk  # noqa: E402
from pamphlets.presses import (  # noqa: E402
    PRESSES,
    ciede2000,
    delta_e,
    plates,
    printed_lab,
    profile_bytes,
    screen_lab,
    to_press_cmyk,
)

_USE = re.compile(r"""([\w-]+):\s*["']?(#[0-9A-Fa-f]{6})\b""")


def palette() -> dict[str, list[str]]:
    """Each #RRGGBB colour in the built-in layouts and the sample profile, with the keys and files using it."""
    found: dict[str, list[str]] = {}
    for path in [*sorted(ROOT.glob("layouts/*.yaml")), ROOT / "local/example.yaml"]:
        for key, colour in _USE.findall(path.read_text(encoding="utf-8")):
            use = f"{key} ({path.relative_to(ROOT).as_posix()})"
            uses = found.setdefault(colour.upper(), [])
            if use not in uses:
                uses.append(use)
    return found


def percent(cmyk: tuple[float, ...]) -> str:
    return " ".join(f"{v * 100:.0f}" for v in cmyk)


def main(argv: list[str]) -> None:
    colours = {c.upper(): ["given"] for c in argv} or palette()
    print("| Press | Identifier | Condition | Profile | Size |")
    print("| --- | --- | --- | --- | --- |")
    for press in PRESSES.values():
        size = len(profile_bytes(press.name))
        print(f"| {press.name} | {press.identifier} | {press.condition} | {press.profile} | {size / 1000:.0f} KB |")
    print()
    print("| Colour | Used as | Press | CMYK % (profile) | Plates | ΔE00 | CMYK % (naive) | ΔE00 naive |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for colour, uses in colours.items():
        for name in PRESSES:
            cmyk = to_press_cmyk(colour, name)
            naive = to_cmyk(colour)
            naive_error = ciede2000(screen_lab(colour), printed_lab(naive, name))
            print(f"| {colour} | {', '.join(uses)} | {name} | {percent(cmyk)} | {plates(cmyk)} | "
                  f"{delta_e(colour, name):.2f} | {percent(naive)} | {naive_error:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
