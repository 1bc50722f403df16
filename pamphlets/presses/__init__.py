"""Printing conditions (presses) and #RRGGBB -> CMYK through their ICC output profiles, with the colour error.

The three profiles in this folder were made with ArgyllCMS from openly licensed characterization data (see
README.md here for the sources, the licences and the exact commands). A colour goes sRGB -> press profile with
relative colorimetric intent and black point compensation, through LittleCMS as Pillow ships it (imported lazily,
so `import pamphlets` stays fast). Greys are the exception: they print on the black plate alone, at the tint whose
lightness matches the grey's.

What the press prints for a CMYK value is read from the profile's own CMYK -> Lab table (A2B1) by this module,
because Pillow's transforms only give Lab in 8 bits (a* and b* in whole units), too coarse to measure with.
"""

from __future__ import annotations

import functools
import math
import re
import struct
import sys
from array import array
from importlib import resources

from ..record import record

__all__ = ["DEFAULT_PRESS", "PRESSES", "Press", "ciede2000", "delta_e", "plates", "press_ink", "printed_lab",
           "profile_bytes", "screen_lab", "to_press_cmyk"]


@record
class Press:
    """A printing condition: its name here, its ICC registry identifier, a description and its profile file."""

    name: str
    identifier: str  # the OutputConditionIdentifier in the ICC's registry of characterization data
    condition: str
    profile: str  # file name in this package
    ink_limit: int  # total area coverage (C + M + Y + K, percent) the profile was built with


DEFAULT_PRESS = "gracol"  # US commercial sheet-fed offset on coated paper: what a print shop's brochure run uses
PRESSES: dict[str, Press] = {press.name: press for press in (
    Press("gracol", "CGATS TR 006",
          "Commercial offset printing in the USA, GRACoL 2006 coated #1 (grade 1 coated paper), CGATS TR 006",
          "gracol.icc", 320),
    Press("swop", "CGATS TR 003",
          "Publication offset printing in the USA, SWOP on grade 3 coated paper, CGATS TR 003",
          "swop.icc", 300),
    Press("fogra39", "FOGRA39",
          "Offset printing, ISO 12647-2:2004/Amd 1, paper type 1 or 2 (coated art), FOGRA39",
          "fogra39.icc", 330),
)}

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
# sRGB's primaries adapted to D50 (Bradford), as in the ICC's sRGB profiles; the D50 white is their row sums,
# so that a grey comes out with a* = b* = 0 exactly.
_SRGB_D50 = ((0.4360747, 0.3850649, 0.1430804),
             (0.2225045, 0.7168786, 0.0606169),
             (0.0139322, 0.0971045, 0.7141733))
_D50 = tuple(sum(row) for row in _SRGB_D50)
PLATE_MIN = 0.05  # a plate with less ink than this is not counted by plates()


def _press(name: str) -> Press:
    try:
        return PRESSES[name]
    except KeyError:
        raise ValueError(f"unknown press {name!r}; known: {', '.join(PRESSES)}") from None


def _rgb(rgb_hex: str) -> tuple[int, int, int]:
    if not _HEX.match(rgb_hex):
        raise ValueError(f"not a #RRGGBB colour: {rgb_hex!r}")
    return int(rgb_hex[1:3], 16), int(rgb_hex[3:5], 16), int(rgb_hex[5:7], 16)


def profile_bytes(press: str) -> bytes:
    """The press's ICC profile (e.g. for a PDF output intent)."""
    return resources.files(__name__).joinpath(_press(press).profile).read_bytes()


def screen_lab(rgb_hex: str) -> tuple[float, float, float]:
    """CIELAB (D50) of an sRGB colour as a screen shows it."""
    linear = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in (c / 255 for c in _rgb(rgb_hex))]
    xyz = [sum(m * v for m, v in zip(row, linear, strict=True)) for row in _SRGB_D50]
    return _lab(xyz, _D50)


def _lab(xyz: list[float], white: tuple[float, ...]) -> tuple[float, float, float]:
    ratios = (v / w for v, w in zip(xyz, white, strict=True))
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in ratios]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


class _Lut16:
    """An ICC lut16Type ('mft2') table: input curves, a CLUT (simplex interpolation, as ArgyllCMS does), output
    curves; every value a fraction 0..1."""

    def __init__(self, data: bytes) -> None:
        if data[:4] != b"mft2":
            raise ValueError(f"expected an mft2 table, found {data[:4]!r}")
        self.ins, self.outs, self.grid = data[8], data[9], data[10]
        n, m = struct.unpack(">HH", data[48:52])
        values = array("H", data[52:52 + 2 * (self.ins * n + self.grid ** self.ins * self.outs + self.outs * m)])
        if sys.byteorder == "little":
            values.byteswap()  # big-endian in the file
        scaled = [v / 65535 for v in values]
        clut_start = self.ins * n
        self.in_curves = [scaled[i * n:(i + 1) * n] for i in range(self.ins)]
        self.clut = scaled[clut_start:clut_start + self.grid ** self.ins * self.outs]
        out_start = clut_start + len(self.clut)
        self.out_curves = [scaled[out_start + i * m:out_start + (i + 1) * m] for i in range(self.outs)]
        # The first input varies slowest in the CLUT.
        self.strides = [self.outs * self.grid ** (self.ins - 1 - d) for d in range(self.ins)]

    @staticmethod
    def _curve(table: list[float], x: float) -> float:
        pos = min(max(x, 0.0), 1.0) * (len(table) - 1)
        i = min(int(pos), len(table) - 2)
        return table[i] + (table[i + 1] - table[i]) * (pos - i)

    def __call__(self, values: tuple[float, ...]) -> list[float]:
        base, frac = 0, []
        for d, x in enumerate(values):
            pos = self._curve(self.in_curves[d], x) * (self.grid - 1)
            i = min(int(pos), self.grid - 2)
            base += i * self.strides[d]
            frac.append(pos - i)
        order = sorted(range(self.ins), key=lambda d: -frac[d])
        weights = [1 - frac[order[0]]] + [frac[d] - (frac[order[j + 1]] if j + 1 < self.ins else 0.0)
                                          for j, d in enumerate(order)]
        out, index = [0.0] * self.outs, base
        for step, weight in enumerate(weights):
            if step:
                index += self.strides[order[step - 1]]
            for o in range(self.outs):
                out[o] += weight * self.clut[index + o]
        return [self._curve(self.out_curves[o], out[o]) for o in range(self.outs)]


@functools.cache
def _a2b1(press: str) -> _Lut16:
    """The profile's relative colorimetric CMYK -> Lab table."""
    data = profile_bytes(press)
    count = struct.unpack(">I", data[128:132])[0]
    for i in range(count):
        signature, offset, size = struct.unpack(">4sII", data[132 + 12 * i:144 + 12 * i])
        if signature == b"A2B1":
            return _Lut16(data[offset:offset + size])
    raise ValueError(f"{_press(press).profile} has no A2B1 table")


def printed_lab(cmyk: tuple[float, float, float, float], press: str) -> tuple[float, float, float]:
    """CIELAB (D50) of what the press prints for CMYK fractions, relative to its paper (paper white is L* 100)."""
    pcs = _a2b1(press)(tuple(cmyk))
    # ICC version 2 16-bit Lab: L* 100 at 0xFF00, a* and b* 0 at 0x8000.
    return pcs[0] * 65535 / 652.80, pcs[1] * 65535 / 256 - 128, pcs[2] * 65535 / 256 - 128


@functools.cache
def _transform(press: str):  # -> PIL.ImageCms.ImageCmsTransform
    import io

    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(io.BytesIO(profile_bytes(press)))
    # NOOPTIMIZE: each colour goes through the profiles' own tables, not a resampled device link.
    flags = ImageCms.Flags.BLACKPOINTCOMPENSATION | ImageCms.Flags.NOOPTIMIZE
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), profile, "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, flags=flags)


def _k_for_lightness(lightness: float, press: str) -> float:
    """The black-only tint that prints at this L* (bisection: the K ramp only gets darker); solid K if too dark."""
    low, high = 0.0, 1.0
    if printed_lab((0.0, 0.0, 0.0, high), press)[0] >= lightness:
        return high
    for _ in range(40):
        mid = (low + high) / 2
        if printed_lab((0.0, 0.0, 0.0, mid), press)[0] > lightness:
            low = mid
        else:
            high = mid
    return (low + high) / 2


@functools.lru_cache(maxsize=4096)
def to_press_cmyk(rgb_hex: str, press: str) -> tuple[float, float, float, float]:
    """#RRGGBB as CMYK fractions (4 decimals) for a press: its profile, relative colorimetric with black point
    compensation; a grey is black ink only, at the tint that prints the grey's lightness; white is no ink."""
    r, g, b = _rgb(rgb_hex)
    _press(press)
    if r == g == b:
        if r == 255:
            return 0.0, 0.0, 0.0, 0.0
        return 0.0, 0.0, 0.0, round(_k_for_lightness(screen_lab(rgb_hex)[0], press), 4)

    from PIL import Image, ImageCms

    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), (r, g, b)), _transform(press)).getpixel((0, 0))
    return tuple(round(v / 255, 4) for v in pixel)  # type: ignore[return-value]


def press_ink(value: str, press: str) -> tuple[float, float, float, float]:
    """Any colour a user writes (#RRGGBB, cmyk(...), black, white) as CMYK fractions for the press: #RRGGBB through
    its profile, cmyk(...) as written."""
    from ..colours import NAMED, to_cmyk

    value = NAMED.get(value, value)
    return to_press_cmyk(value, press) if value.startswith("#") else to_cmyk(value)


def delta_e(rgb_hex: str, press: str) -> float:
    """CIEDE2000 between the colour on screen and what the press prints for to_press_cmyk(rgb_hex, press)."""
    # Relative colorimetric on both sides: the screen's white and the paper are both L* 100, as a reader adapts to
    # either; absolute would charge every colour, white included, with the paper's own tint and darkness.
    return ciede2000(screen_lab(rgb_hex), printed_lab(to_press_cmyk(rgb_hex, press), press))


def plates(cmyk: tuple[float, float, float, float]) -> int:
    """How many of the four plates carry ink (at least 5%) for this colour."""
    return sum(1 for v in cmyk if v >= PLATE_MIN)


def ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """The CIEDE2000 colour difference (kL = kC = kH = 1), as in Sharma, Wu and Dalal (2005)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0
    if c1p * c2p:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    h_mean = h1p + h2p
    if c1p * c2p:
        h_mean = (h_mean / 2 if abs(h1p - h2p) <= 180 else
                  (h_mean + 360) / 2 if h_mean < 360 else (h_mean - 360) / 2)
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc, sh = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    rt = (-2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
          * math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2)))))
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rt * (dc / sc) * (dhh / sh))
