"""Font faces and the font stack of each language: which faces draw which script, and where they come from.

Every face is shaped with HarfBuzz straight from its file (static TrueType, variable TrueType at a design-space
location, or CFF/CFF2 OpenType), so a bold variable font is shaped with bold metrics. Embedding is the PDF stage's
job (pamphlets.text.subset): it turns the glyphs a document uses into TrueType outlines (CIDFontType2) for the file.

Sources, all under the SIL Open Font License 1.1:
- the layout's Latin family, from its fontpkg package (Atkinson Hyperlegible by default);
- Noto Sans (Latin with Vietnamese, Cyrillic, Greek) from fontpkg-noto-sans, Noto Sans Arabic from
  fontpkg-noto-sans-arabic (variable fonts: bold is the wght=700 instance);
- Noto Sans Armenian and the other Noto Sans script faces from manimgx-fonts (variable TrueType), or Debian's
  fonts-noto-core;
- Noto Sans CJK (SC, TC, HK, JP, KR) from manimgx-fonts-cjk (one variable CFF2 collection), or Debian's
  fonts-noto-cjk (static CFF collections).
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import NamedTuple

from ..record import record
from .languages import Language

STYLES = ("regular", "bold", "italic", "bold-italic")
_WEIGHT = {"regular": 400, "bold": 700, "italic": 400, "bold-italic": 700}
SYNTHETIC_SLANT = 0.2  # tan(11.3 degrees): the oblique drawn for faces that have no italic


@record
class Face:
    """One face to shape and embed: a font file, its index in a collection, a point in its design space."""

    name: str  # readable and unique, e.g. "Noto Sans Bold"
    path: str
    index: int = 0
    location: tuple[tuple[str, float], ...] = ()  # variation axis values; () for a static font's only instance
    slant: float = 0.0  # a synthetic oblique for italic text in a face that has no italic


class FaceInfo(NamedTuple):
    """What the engine reads from a face once: HarfBuzz font, coverage, units per em, vertical metrics."""

    hb_font: object  # uharfbuzz.Font
    cmap: frozenset[int]
    upem: int
    ascent: float  # per em
    descent: float  # per em, negative


@cache
def face_info(face: Face) -> FaceInfo:
    """Load a face for shaping (once per process)."""
    import uharfbuzz as hb

    hb_face = hb.Face(_blob(face.path), face.index)
    font = hb.Font(hb_face)
    if face.location:
        font.set_variations(dict(face.location))
    extents = font.get_font_extents("ltr")
    upem = hb_face.upem
    return FaceInfo(font, frozenset(hb_face.unicodes), upem, extents.ascender / upem, extents.descender / upem)


@cache
def _blob(path: str) -> object:
    import uharfbuzz as hb

    return hb.Blob.from_file_path(path)


@cache
def _axes(path: str, index: int) -> dict[str, tuple[float, float, float]]:
    """A font's variation axes: tag -> (min, default, max); empty for a static font."""
    import uharfbuzz as hb

    return {a.tag: (a.min_value, a.default_value, a.max_value) for a in hb.Face(_blob(path), index).axis_infos}


def _instance(name: str, path: str, index: int, weight: int, slant: float = 0.0) -> Face:
    """A face at a weight: a static file as it is, a variable one at wght=weight (other axes at default)."""
    axes = _axes(path, index)
    location: tuple[tuple[str, float], ...] = ()
    if "wght" in axes:
        low, default, high = axes["wght"]
        wght = float(min(max(weight, low), high))
        if wght != default:
            location = (("wght", wght),)
    return Face(name, path, index, location, slant)


# ---- where each family comes from ------------------------------------------------------------------------------

def _package_dir(module: str) -> Path | None:
    """The folder of an installed package, without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


# Scripts with no slanted style: italic text in them is set upright rather than slanted.
_NO_OBLIQUE = frozenset(("Noto Sans Arabic",))


@cache
def _static_files(family: str) -> tuple[tuple[str, int, str], ...] | None:
    """A fontpkg family's files (path, weight, style) read from its package's metadata.json, when every file is
    static; None otherwise (or when the package is not where fontpkg's convention puts it).

    fontpkg.path finds a family by loading the entry point of every installed font package, about 25 ms of a fresh
    process; the package itself is one import spec and one small JSON file away.
    """
    import json
    import re

    slug = re.sub(r"[\s_]+", "-", family.strip().lower())  # fontpkg's slugify
    module = "fontpkg_" + slug.replace("-", "_")
    folder = _package_dir(module) if module.isidentifier() else None
    if folder is None:
        return None
    try:
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        files = tuple((str(folder / f["path"]), int(f["weight"]), str(f["style"])) for f in meta["files"]
                      if not f.get("variable"))
        if meta.get("slug") != slug or len(files) != len(meta["files"]):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return files


def fontpkg_exact(family: str, weight: int, style: str) -> str | None:
    """The file of exactly this weight and style of a static fontpkg family (what fontpkg.path gives without
    nearest), read from its package; None when there is none or the family is not static."""
    return next((path for path, w, st in _static_files(family) or () if w == weight and st == style), None)


def fontpkg_path(family: str, weight: int, style: str) -> str:
    """The file fontpkg.path(family, weight, style, nearest=True) gives: read straight from a static family's
    package (the same choice: the nearest weight, the lighter on a tie), or through fontpkg for any other."""
    files = _static_files(family)
    styled = [f for f in files or () if f[2] == style]
    if styled:
        return min(styled, key=lambda f: (abs(f[1] - weight), f[1]))[0]
    import fontpkg

    return str(fontpkg.path(family, weight=weight, style=style, nearest=True))


@cache
def fontpkg_family(family: str) -> dict[str, Face] | None:
    """The four styles of a family installed with fontpkg (missing italics become synthetic obliques)."""
    faces: dict[str, Face] = {}
    for style in STYLES:
        italic = "italic" in style
        weight = _WEIGHT[style]
        try:
            path = fontpkg_path(family, weight, "normal")
        except Exception:  # fontpkg raises its own errors for a family that is not installed
            return None
        if italic:
            with contextlib.suppress(Exception):  # no italic in this family: the upright face, slanted
                path = fontpkg_path(family, weight, "italic")
        is_italic_file = "italic" in Path(path).name.lower()
        slant = SYNTHETIC_SLANT if italic and not is_italic_file and family not in _NO_OBLIQUE else 0.0
        shown = slant or is_italic_file or not italic  # an upright face for italic text is named as upright
        label = style.replace("-", " ").title() if shown else style.split("-")[0].title()
        faces[style] = _instance(f"{family} {label}", path, 0, weight, slant)
    return faces


# Noto Sans faces for scripts the Latin families lack, as manimgx-fonts names its files.
_MANIMGX_SCRIPT_FILES = {
    "Armn": "NotoSansArmenian", "Hebr": "NotoSansHebrew", "Beng": "NotoSansBengali", "Deva": "NotoSansDevanagari",
    "Geor": "NotoSansGeorgian", "Thai": "NotoSansThai", "Ethi": "NotoSansEthiopic", "Khmr": "NotoSansKhmer",
    "Laoo": "NotoSansLao", "Mymr": "NotoSansMyanmar", "Taml": "NotoSansTamil", "Telu": "NotoSansTelugu",
    "Gujr": "NotoSansGujarati", "Guru": "NotoSansGurmukhi", "Knda": "NotoSansKannada", "Mlym": "NotoSansMalayalam",
    "Orya": "NotoSansOriya", "Sinh": "NotoSansSinhala", "Zsym": "NotoSansSymbols",
}
_DEBIAN_CORE = Path("/usr/share/fonts/truetype/noto")
_DEBIAN_CJK = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/opentype/noto-cjk"))

INSTALL_CORE = "pip install manimgx-fonts (or: apt-get install fonts-noto-core)"
INSTALL_CJK = "pip install manimgx-fonts-cjk (or: apt-get install fonts-noto-cjk)"
INSTALL_NOTO = "pip install fontpkg-noto-sans"
INSTALL_ARABIC = "pip install fontpkg-noto-sans-arabic"


@cache
def script_family(script: str) -> dict[str, Face] | None:
    """The Noto Sans face of one script (Armenian, Hebrew, ...), upright only, or None when not installed."""
    stem = _MANIMGX_SCRIPT_FILES.get(script)
    if stem is None:
        return None
    label = stem.replace("NotoSans", "Noto Sans ")
    folder = _package_dir("manimgx_fonts")
    if folder is not None and (folder / f"{stem}[wght].ttf").exists():
        path = str(folder / f"{stem}[wght].ttf")
        return {style: _instance(f"{label} {'Bold' if 'bold' in style else 'Regular'}", path, 0, _WEIGHT[style])
                for style in STYLES}
    regular, bold = _DEBIAN_CORE / f"{stem}-Regular.ttf", _DEBIAN_CORE / f"{stem}-Bold.ttf"
    if regular.exists():
        return {style: Face(f"{label} {'Bold' if 'bold' in style and bold.exists() else 'Regular'}",
                            str(bold if "bold" in style and bold.exists() else regular)) for style in STYLES}
    return None


@cache
def _collection_index(path: str) -> dict[str, int]:
    """Family name -> face index in a font collection (Noto Sans CJK names its faces 'Noto Sans CJK SC', ...)."""
    import uharfbuzz as hb

    names: dict[str, int] = {}
    for i in range(64):
        face = hb.Face(_blob(path), i)
        if not face.glyph_count:  # past the last face of the collection
            break
        names.setdefault(str(face.get_name(hb.OTNameIdPredefined.FONT_FAMILY)), i)
    return names


@cache
def cjk_family(variant: str) -> dict[str, Face] | None:
    """Noto Sans CJK for one variant (SC, TC, HK, JP, KR), or None when no CJK font is installed."""
    family = f"Noto Sans CJK {variant}"
    folder = _package_dir("manimgx_fonts_cjk")
    if folder is not None and (folder / "NotoSansCJK-VF.otf.ttc").exists():
        path = str(folder / "NotoSansCJK-VF.otf.ttc")
        index = _collection_index(path).get(family)
        if index is not None:  # the variable collection's default instance is Thin: ask for 400 and 700
            return {style: _instance(f"{family} {'Bold' if 'bold' in style else 'Regular'}", path, index,
                                     _WEIGHT[style]) for style in STYLES}
    for folder in _DEBIAN_CJK:
        regular, bold = folder / "NotoSansCJK-Regular.ttc", folder / "NotoSansCJK-Bold.ttc"
        if regular.exists():
            faces = {}
            for style in STYLES:
                path = bold if "bold" in style and bold.exists() else regular
                index = _collection_index(str(path)).get(family)
                if index is None:
                    return None
                faces[style] = Face(f"{family} {'Bold' if path == bold else 'Regular'}", str(path), index)
            return faces
    return None


# ---- the stack of one language ---------------------------------------------------------------------------------

_CJK_SCRIPTS = frozenset(("Hani", "Hira", "Kana", "Bopo", "Hang"))
_NOTO_SCRIPTS = frozenset(("Latn", "Cyrl", "Grek"))


class Candidate(NamedTuple):
    """A family to try for a script, loaded only when a character gets that far down the stack."""

    label: str
    load: Callable[[], dict[str, Face] | None]  # cached: the family's faces, or None when it is not installed
    style: str
    install: str  # what to install, named in the error when the script's own family is missing
    own: bool  # one of the families of the script asked for (its absence is an error, not a fallback)

    @property
    def face(self) -> Face | None:
        """The face of this family for the style, or None when the family is not installed."""
        faces = self.load()
        return faces[self.style] if faces is not None else None


@record
class FontStack:
    """The faces that draw one language's text, in order of preference for each script."""

    lang: Language
    latin_family: str  # the layout's family, used first for Latin text (and digits and punctuation)

    def _families(self, script: str) -> list[tuple[str, Callable[[], dict[str, Face] | None], str]]:
        """(label, loader, install hint) in the order to try them for characters of this script."""
        out: list[tuple[str, Callable[[], dict[str, Face] | None], str]] = []
        if script == "Latn":
            if self.lang.latin_font:
                out.append((self.lang.latin_font, partial(fontpkg_family, self.lang.latin_font),
                            f"pip install fontpkg-{_slug(self.lang.latin_font)}"))
            out.append((self.latin_family, partial(fontpkg_family, self.latin_family),
                        f"pip install fontpkg-{_slug(self.latin_family)}"))
            out.append(("Noto Sans", partial(fontpkg_family, "Noto Sans"), INSTALL_NOTO))
        elif script in ("Cyrl", "Grek"):
            out.append(("Noto Sans", partial(fontpkg_family, "Noto Sans"), INSTALL_NOTO))
            out.append((self.latin_family, partial(fontpkg_family, self.latin_family), ""))
        elif script == "Arab":
            out.append(("Noto Sans Arabic", partial(fontpkg_family, "Noto Sans Arabic"), INSTALL_ARABIC))
        elif script in _CJK_SCRIPTS:
            first = "KR" if script == "Hang" else self.lang.han_variant
            for variant in dict.fromkeys((first, "SC", "TC", "HK", "JP", "KR")):
                out.append((f"Noto Sans CJK {variant}", partial(cjk_family, variant), INSTALL_CJK))
        elif script in _MANIMGX_SCRIPT_FILES:
            label = _MANIMGX_SCRIPT_FILES[script].replace("NotoSans", "Noto Sans ")
            out.append((label, partial(script_family, script), INSTALL_CORE))
        return out

    @cache  # noqa: B019 - a few stacks live for the whole process; the cache is the point
    def candidates(self, script: str, style: str) -> tuple[Candidate, ...]:
        """Families to try for a character of this script (Zyyy: digits, punctuation), best first, then the rest."""
        first = self.lang.script if script in ("Zyyy", "Zinh", "Zzzz") else script
        own = self._families(first)
        order = list(own)
        if first != "Latn":
            order += self._families("Latn")
        for other in ("Latn", "Cyrl", "Arab", "Armn", "Hani", "Zsym"):
            order += self._families(other)
        own_labels = {label for label, _, _ in own}
        seen: set[str] = set()
        out: list[Candidate] = []
        for label, load, install in order:
            if label not in seen:
                seen.add(label)
                out.append(Candidate(label, load, style, install, label in own_labels))
        return tuple(out)

    def primary(self, style: str) -> Face:
        """The face that sets this language's text (its main script), e.g. for a bullet or a number."""
        for candidate in self.candidates(self.lang.script, style):
            face = candidate.face
            if face is not None:
                return face
        raise LookupError(f"no font for {self.lang.code} is installed")


def _slug(family: str) -> str:
    return family.lower().replace(" ", "-")


@cache
def font_stack(lang: Language, latin_family: str) -> FontStack:
    """The font stack of a language with a layout's Latin family (one object per pair, so its caches are shared)."""
    return FontStack(lang, latin_family)


SCRIPT_NAMES = {"Latn": "Latin", "Cyrl": "Cyrillic", "Grek": "Greek", "Arab": "Arabic", "Armn": "Armenian",
                "Hani": "Chinese", "Hira": "Japanese", "Kana": "Japanese", "Hang": "Korean", "Hebr": "Hebrew",
                "Beng": "Bengali", "Deva": "Devanagari"}
