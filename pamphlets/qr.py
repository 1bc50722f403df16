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
    qrencoder = _encoder()
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)  # None: smallest version that holds the data
    code.addData(data)
    code.make()
    n = code.getModuleCount()
    return tuple(tuple(bool(code.isDark(r, c)) for c in range(n)) for r in range(n))


@lru_cache(maxsize=1)
def _encoder() -> object:
    """reportlab's QR encoder module alone: importing it through its package would load reportlab's whole barcode
    and graphics widget machinery (about 80 ms of a fresh process) that encoding does not use."""
    import importlib.util
    from pathlib import Path

    import reportlab

    path = Path(reportlab.__file__).parent / "graphics" / "barcode" / "qrencoder.py"
    spec = importlib.util.spec_from_file_location("pamphlets._qrencoder", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # it imports only re and itertools
    return module
