"""QR code module matrices, computed once per link and drawn later as a single path."""

from __future__ import annotations

from functools import lru_cache

from .trust import link_problem

QUIET_ZONE = 4  # modules of light margin the QR standard requires around the code


def check_url(url: str) -> str | None:
    """Why a link cannot go in a QR code, or None if it can."""
    if not url.strip():
        return "the QR link is empty; set link in the local profile"
    if any(ch.isspace() for ch in url):
        return f"the QR link '{url}' contains a space"
    problem = link_problem(url)
    return f"the QR link {problem}" if problem else None


@lru_cache(maxsize=256)
def matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light modules of data's QR code at error correction level M (15% damage tolerated)."""
    # Imported here: the barcode package pulls in reportlab's graphics widgets (~40 ms) that only encoding needs.
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)  # None: smallest version that holds the data
    code.addData(data)
    code.make()
    n = code.getModuleCount()
    return tuple(tuple(bool(code.isDark(r, c)) for c in range(n)) for r in range(n))
