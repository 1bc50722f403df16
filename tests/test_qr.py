"""Our QR encoder (pamphlets.qr) gives reportlab's codes module for module, and every version decodes."""

from __future__ import annotations

import importlib.util
import random
import string
from pathlib import Path
from types import ModuleType

import reportlab
import zxingcpp
from PIL import Image

from pamphlets import qr


def _reportlab() -> ModuleType:
    """reportlab's QR encoder module (what pamphlets used before its own), loaded alone."""
    spec = importlib.util.spec_from_file_location("reportlab_qrencoder",
                                                  Path(reportlab.__file__).parent / "graphics/barcode/qrencoder.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _theirs(encoder: ModuleType, data: str) -> tuple[tuple[bool, ...], ...]:
    code = encoder.QRCode(None, encoder.QRErrorCorrectLevel.M)
    code.addData(data)
    code.make()
    n = code.getModuleCount()
    return tuple(tuple(bool(code.isDark(r, c)) for c in range(n)) for r in range(n))


def _capacity(version: int) -> int:
    """How many bytes of text fill a version at level M."""
    return (qr._data_bits(version) - 4 - (8 if version < 10 else 16)) // 8


def test_codes_are_reportlabs_module_for_module() -> None:
    """Same mode, version, error correction, placement and mask: links of every length a profile has, digits
    (numeric mode), capitals (alphanumeric mode), text beyond ASCII (UTF-8 bytes), and the fullest code of each of
    versions 1-12 (every block structure up to there)."""
    rnd = random.Random(7)
    link_chars = string.ascii_lowercase + string.digits + "/-._?=&%"
    corpus = ["https://riverside-outreach.org/naloxone", "https://example.org", "tel:+13365550123",
              "https://ex.org/café-日本", "0123456789", "HTTPS://EX.ORG/A-B"]
    for length in range(1, 130, 3):
        corpus.append("https://" + "".join(rnd.choice(link_chars) for _ in range(length)))
    for length in (1, 2, 3, 4, 17, 40, 100):
        corpus.append("".join(rnd.choice(string.digits) for _ in range(length)))
        corpus.append("".join(rnd.choice(qr._ALPHANUMERIC) for _ in range(length)))
    corpus += ["".join(rnd.choice(string.ascii_lowercase) for _ in range(_capacity(v))) for v in range(1, 13)]
    encoder = _reportlab()
    different = [data for data in corpus if qr.matrix(data) != _theirs(encoder, data)]
    assert different == []
    assert len({len(qr.matrix(data)) for data in corpus}) >= 12  # versions 1-12 at least were compared


def test_every_version_decodes() -> None:
    """The fullest code of each version 1-39, drawn with its quiet zone, reads back as its text."""
    rnd = random.Random(11)
    for version in range(1, 40):
        data = "https://" + "".join(rnd.choice(string.ascii_lowercase) for _ in range(_capacity(version) - 8))
        modules = qr.matrix(data)
        n = len(modules)
        assert n == version * 4 + 17, version
        image = Image.new("L", (n + 2 * qr.QUIET_ZONE, n + 2 * qr.QUIET_ZONE), 255)
        image.putdata([0 if 0 <= r - qr.QUIET_ZONE < n and 0 <= c - qr.QUIET_ZONE < n
                       and modules[r - qr.QUIET_ZONE][c - qr.QUIET_ZONE] else 255
                       for r in range(image.height) for c in range(image.width)])
        image = image.resize((image.width * 4, image.height * 4), Image.NEAREST)
        found = [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
        assert found == [data], version
    assert qr.matrix.cache_info().currsize >= 39
