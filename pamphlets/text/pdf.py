"""Draw glyph runs on a canvas (pamphlets.pdf): exact glyph ids at shaped positions, subset fonts, extractable text.

Why not reportlab's own shaped-string path (ttfonts.ShapedStr): it keys its subsets by Unicode character, so a
glyph with no character of its own (a ligature, an Arabic joining form, a mark) gets a private-use code, and text
extraction then returns private-use characters; it also has no right-to-left support without rlbidi.

Here each face used in a document becomes one Type 0 font (Identity-H encoding, CIDFontType2). Each distinct
(glyph, source text) pair gets a CID, so the ToUnicode CMap maps every CID to exactly the text it stands for: an
Arabic joining form to its letter, a ligature to its letters, the hyphen drawn at a soft hyphen to U+00AD. A glyph
that stands for its own character keeps its glyph id as its CID (see _PdfFont), so the codes of a run are the same
in every document and are computed once per process. Fonts are written when the document is saved (the canvas
calls write), so they hold exactly the glyphs the document used.
"""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache
from typing import Any, NamedTuple
from unicodedata import category

from ..pdf import Name, Raw, Stream
from .fonts import Face, face_info
from .layout import GlyphRun, Line
from .subset import GlyphSpec, subset

_IDENTITY_LIMIT = 32768  # glyphs: a face with more keeps CIDs numbered per document (no room above its glyph ids)


@cache
def _canonical(face: Face) -> dict[int, str] | None:
    """For a face whose CIDs are its glyph ids, the text each glyph stands for by default: the first character
    (lowest code point) its cmap maps to it. None for a face with too many glyphs to number that way."""
    info = face_info(face)
    font = info.hb_font
    if font.face.glyph_count > _IDENTITY_LIMIT:  # type: ignore[attr-defined]
        return None
    out: dict[int, str] = {}
    for cp in sorted(info.cmap):
        gid = font.get_nominal_glyph(cp)  # type: ignore[attr-defined]
        if gid:
            out.setdefault(gid, chr(cp))
    return out


class _PdfFont:
    """One face in one document: the CIDs given out so far, written as a font when the document is saved.

    A glyph drawn as itself for its own character (almost every glyph of Latin text) has its glyph id as its CID,
    in every document, so a run's codes can be kept from one document to the next (run_operators' cache). Any
    other (glyph, text) pair, such as a ligature, a joining form, a hyphen drawn for U+00AD or a composite of a
    letter and its marks, gets a CID above the face's glyph ids, in order of first use. A face with more than
    32768 glyphs (CJK) numbers all its CIDs in order of first use. The embedded subset holds the glyphs in CID
    order, and CIDToGIDMap says where each one is.
    """

    def __init__(self, face: Face, name: str) -> None:
        self.face, self.name = face, name
        notdef: GlyphSpec = (((0, 0, 0),), 0)
        info = face_info(face)
        self.canonical = _canonical(face)
        self.next_cid = info.hb_font.face.glyph_count if self.canonical is not None else 1  # type: ignore[attr-defined]
        self.cids: dict[tuple[GlyphSpec, str], int] = {(notdef, ""): 0}
        self.entries: dict[int, tuple[GlyphSpec, str]] = {0: (notdef, "")}  # CID -> what it draws and stands for
        self.widths: dict[int, float] = {0: 0.0}  # thousandths of an em, per CID (the W array)
        self.upem = info.upem
        self._advance = info.hb_font.get_glyph_h_advance  # type: ignore[attr-defined]
        # (glyph, text) -> (hex code, own advance in font units): the fast path for a glyph drawn as it is.
        self.simple: dict[tuple[int, str], tuple[str, int]] = {}
        self.glyph_cids: set[int] = set()  # the glyph-id CIDs given out (for cached runs)

    def cid(self, spec: GlyphSpec, text: str) -> int:
        """The CID of a glyph (or cluster of glyphs) standing for text; a new one the first time."""
        key = (spec, text)
        cid = self.cids.get(key)
        if cid is None:
            components, advance = spec
            single = len(components) == 1 and components[0][1] == components[0][2] == 0
            if single and self.canonical is not None and self.canonical.get(components[0][0]) == text:
                cid = components[0][0]
                self.glyph_cids.add(cid)
            else:
                cid = self.next_cid
                self.next_cid += 1
                if cid > 0xFFFF:
                    raise ValueError(f"{self.face.name}: more than 65535 distinct glyphs in one document")
            self.cids[key] = cid
            self.entries[cid] = key
            units = self._advance(components[0][0]) if single else advance
            self.widths[cid] = units * 1000.0 / self.upem
        return cid

    def add_glyphs(self, gids: frozenset[int]) -> None:
        """Record glyphs drawn by a cached run, each as its own character (CID = glyph id)."""
        if gids.issubset(self.glyph_cids):  # most runs after the first few of a document
            return
        new = gids - self.glyph_cids
        canonical = self.canonical or {}
        widths = _own_widths(self.face)
        for gid in new:  # what cid() does for a glyph drawn as itself, in bulk (a document's first runs add ~300)
            key = ((((gid, 0, 0),), 0), canonical[gid])
            if key not in self.cids:
                self.cids[key] = gid
                self.entries[gid] = key
                width = widths.get(gid)
                if width is None:
                    width = widths[gid] = self._advance(gid) * 1000.0 / self.upem
                self.widths[gid] = width
        self.glyph_cids |= new

    def add_simple(self, gid: int, text: str) -> tuple[str, int]:
        """The hex code and advance of one glyph drawn at its pen position (cached for the fast path)."""
        entry = self.simple[(gid, text)] = (f"{self.cid((((gid, 0, 0),), 0), text):04X}", self._advance(gid))
        return entry

    def write(self, doc: Any) -> dict[str, Any]:
        """The font as objects: subset program, descriptor, CID font, ToUnicode CMap; returns the Type 0 font."""
        order = sorted(self.entries)  # CIDs in order: the subset's glyph i is the i-th CID used
        parts = _font_parts(self.face, tuple((cid, self.entries[cid], self.widths[cid]) for cid in order))
        descriptor = doc.add({**parts.descriptor, "FontFile2": doc.add(Stream({"Length1": len(parts.program)},
                                                                              parts.program))})
        to_gid = Name("Identity") if parts.to_gid is None else doc.add(Stream({}, parts.to_gid))
        cid_font = doc.add({
            "Type": Name("Font"), "Subtype": Name("CIDFontType2"), "BaseFont": parts.base_font,
            "CIDSystemInfo": {"Registry": "Adobe", "Ordering": "Identity", "Supplement": 0},
            "FontDescriptor": descriptor, "CIDToGIDMap": to_gid, "DW": 1000, "W": Raw(parts.widths),
        })
        cmap = doc.add(Stream({}, parts.to_unicode))
        return {"Type": Name("Font"), "Subtype": Name("Type0"), "BaseFont": parts.base_font,
                "Encoding": Name("Identity-H"), "DescendantFonts": [cid_font], "ToUnicode": cmap}


class _FontParts(NamedTuple):
    """What a font's PDF objects hold, worked out from its face and the CIDs a document used."""

    program: bytes  # the subset font file
    base_font: Name
    descriptor: dict[str, Any]  # without FontFile2
    to_gid: bytes | None  # the CIDToGIDMap stream, or None for Identity
    widths: bytes  # the W array
    to_unicode: bytes  # the ToUnicode CMap


# The next program's copy of a document uses the same glyphs of the same faces: its font objects are worked out once
# (the subset, its tag, the W array and the ToUnicode CMap). Bounded, so a long run stays small.
@lru_cache(maxsize=256)
def _font_parts(face: Face, used: tuple[tuple[int, tuple[GlyphSpec, str], float], ...]) -> _FontParts:
    order = [cid for cid, _, _ in used]
    entries = {cid: entry for cid, entry, _ in used}
    widths = {cid: width for cid, _, width in used}
    program = subset(face, [entries[cid][0] for cid in order])
    info = face_info(face)
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(program).digest()[:6])
    base_font = Name(f"{tag}+{_postscript_name(face)}")
    upem = info.upem
    extents = info.hb_font.get_font_extents("ltr")  # type: ignore[attr-defined]
    ascent, descent = round(extents.ascender * 1000 / upem), round(extents.descender * 1000 / upem)
    descriptor = {
        "Type": Name("FontDescriptor"), "FontName": base_font, "Flags": 4,
        "FontBBox": [-1000, descent - 200, 2000, ascent + 200],
        "ItalicAngle": -11 if face.slant else 0, "Ascent": ascent, "Descent": descent,
        "CapHeight": ascent, "StemV": 80,
    }
    to_gid = None
    if order[-1] != len(order) - 1:  # not CIDs 0..n-1 (glyph i is CID i): two bytes per CID up to the last, the
        table = bytearray(2 * (order[-1] + 1))  # subset's glyph index (mostly zeros: compresses to little)
        for index, cid in enumerate(order):
            table[2 * cid:2 * cid + 2] = index.to_bytes(2, "big")
        to_gid = bytes(table)
    return _FontParts(program, base_font, descriptor, to_gid, _w_array(order, widths).encode("ascii"),
                      _to_unicode(base_font, order, entries).encode("ascii"))


def _w_array(order: list[int], widths: dict[int, float]) -> str:
    """The W array: for each run of consecutive CIDs, its first CID and their widths."""
    out: list[str] = []
    previous = None
    for cid in order:
        if previous is None or cid != previous + 1:
            if out:
                out.append("]")
            out += [str(cid), "["]
        out.append(_num(widths[cid]))
        previous = cid
    return "[" + " ".join(out) + " ]]"


def _to_unicode(name: str, order: list[int], entries: dict[int, tuple[GlyphSpec, str]]) -> str:
    """A ToUnicode CMap: each CID to the UTF-16 of the text it stands for."""
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             f"/CMapName /{name.replace('+', '-')}-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    pairs = [(cid, entries[cid][1]) for cid in order if cid]
    for k in range(0, len(pairs), 100):  # at most 100 entries per block
        chunk = pairs[k:k + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(f"<{cid:04X}> <{text.encode('utf-16-be').hex().upper()}>" for cid, text in chunk)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


_STYLE_WORDS = ("Bold Italic", "Bold", "Italic", "Regular")


def _postscript_name(face: Face) -> str:
    """A PDF-safe font name as PostScript names are written: 'AtkinsonHyperlegible-Bold'."""
    family, style = face.name, ""
    for word in _STYLE_WORDS:
        if face.name.endswith(" " + word):
            family, style = face.name[: -len(word) - 1], word
            break
    name = "".join(ch for ch in family if ch.isalnum()) or "Font"
    return f"{name}-{style.replace(' ', '')}" if style else name


def _pdf_font(canvas: Any, face: Face) -> _PdfFont:
    """The document's font for a face, made on first use (and marked as used by the stream being drawn)."""
    return canvas.resource(face, _PdfFont, "TX")[1]


@lru_cache(maxsize=65536)  # positions and sizes recur on every page of a layout
def _num(v: float) -> str:
    """A number as PDF writes it: at most two decimals, no trailing zeros (deterministic)."""
    r = round(v, 2)
    if r == int(r):
        return str(int(r))
    return f"{r:.2f}".rstrip("0")


# id(run) -> (the run, its TJ array, its glyph ids): runs whose CIDs are all glyph ids, the same in every document.
# Lines are memoised by the flow stage, so the same run objects come back document after document.
_RUNS: dict[int, tuple[GlyphRun, str, frozenset[int]]] = {}
_RUNS_MAX = 50_000


def run_operators(canvas: Any, run: GlyphRun, x: float, y: float) -> str:
    """The content-stream operators that draw one run with its left edge at (x, y) (for tests and draw_run)."""
    font = _pdf_font(canvas, run.face)
    cached = _RUNS.get(id(run))
    if cached is not None and cached[0] is run:
        font.add_glyphs(cached[2])
        return (f"BT /{font.name} {_num(run.size)} Tf 1 0 {_num(run.face.slant)} 1 {_num(x)} {_num(y)} Tm "
                f"[{cached[1]}] TJ ET")
    fresh = font.next_cid  # a run that gives out no CID above the glyph ids can be kept
    to_thousandths = 1000.0 / run.upem
    texts = run.glyph_texts()
    segment: list[str] = []  # the TJ array: <hex codes> and displacements
    hexes: list[str] = []
    pending = 0  # font units to move left before the next glyph (its W width minus its shaped advance)
    n = len(run.glyphs)
    if not run.x_offset_units and not run.y_offset_units and (run.rtl or run.text.isascii()) and len(
            set(run.clusters)) == n:
        # The common case (Latin text, kerning at most): one code per glyph, no composite.
        simple = font.simple
        for gid, text, advance in zip(run.glyphs, texts, run.advance_units, strict=True):
            entry = simple.get((gid, text)) or font.add_simple(gid, text)
            if pending:
                if hexes:
                    segment.append("<" + "".join(hexes) + ">")
                    hexes = []
                segment.append(_num(pending * to_thousandths))
            hexes.append(entry[0])
            pending = entry[1] - advance
    else:
        advances = run.advance_units
        x_offsets = run.x_offset_units or (0,) * n
        y_offsets = run.y_offset_units or (0,) * n
        for group in _clusters(run, texts):
            k = group[0]
            if len(group) == 1 and x_offsets[k] == y_offsets[k] == 0:  # one glyph, where its advance puts it
                spec: GlyphSpec = (((run.glyphs[k], 0, 0),), 0)
                advance = advances[k]
            else:
                # Several glyphs for one letter, or one glyph that HarfBuzz moved (a mark): a composite glyph
                # whose parts sit at their shaped offsets. Nothing leaves the baseline, so extraction tools keep
                # marks on their line and in their place.
                parts, pen = [], 0
                for g in group:
                    parts.append((run.glyphs[g], pen + x_offsets[g], y_offsets[g]))
                    pen += advances[g]
                spec = (tuple(parts), pen)
                advance = pen
            text = "".join(texts[g] for g in (reversed(group) if run.rtl else group))
            if pending:
                if hexes:
                    segment.append("<" + "".join(hexes) + ">")
                    hexes = []
                segment.append(_num(pending * to_thousandths))
            cid = font.cid(spec, text)
            hexes.append(f"{cid:04X}")
            pending = font.widths[cid] / to_thousandths - advance
    if hexes:
        segment.append("<" + "".join(hexes) + ">")
    array = " ".join(segment)
    if font.canonical is not None and font.next_cid == fresh and _all_own(font, run):
        if len(_RUNS) >= _RUNS_MAX:
            _RUNS.clear()
        _RUNS[id(run)] = (run, array, frozenset(run.glyphs))
    return (f"BT /{font.name} {_num(run.size)} Tf 1 0 {_num(run.face.slant)} 1 {_num(x)} {_num(y)} Tm "
            f"[{array}] TJ ET")


@cache
def _own_widths(face: Face) -> dict[int, float]:
    """A face's glyph widths in thousandths of an em, filled in as glyphs are first drawn (a dict per face)."""
    return {}


def _all_own(font: _PdfFont, run: GlyphRun) -> bool:
    """Whether every glyph of the run was drawn as itself for its own character (its CID is its glyph id)."""
    canonical = font.canonical or {}
    texts = run.glyph_texts()
    return len(set(run.clusters)) == len(run.glyphs) and not run.x_offset_units and not run.y_offset_units and all(
        canonical.get(gid) == text for gid, text in zip(run.glyphs, texts, strict=True))


def _clusters(run: GlyphRun, texts: list[str]) -> list[list[int]]:
    """Glyph indices grouped into what a reader sees as one letter, left to right.

    A group is the glyphs of one character (a letter the font draws in pieces, such as an Arabic letter and its
    dots) plus, left to right, the combining marks that follow it; its text is extracted as one unit, which keeps
    extraction tools from splitting words at marks that hang outside their letter.
    """
    n = len(run.glyphs)
    order = range(n - 1, -1, -1) if run.rtl else range(n)
    groups: list[list[int]] = []
    previous_cluster = None
    for k in order:
        cluster = run.clusters[k]
        text = texts[k]
        # A mark of its own joins its letter only left to right: extraction tools reverse the characters of a
        # right-to-left line one by one, so a letter+mark unit would come out mark first.
        if groups and (cluster == previous_cluster or (
                not run.rtl and text and all(category(ch)[0] == "M" for ch in text))):
            groups[-1].append(k)
        else:
            groups.append([k])
        previous_cluster = cluster
    if run.rtl:
        groups.reverse()
        for group in groups:
            group.reverse()
    return groups


def draw_run(canvas: Any, run: GlyphRun, x: float, y: float) -> None:
    """Draw a run with its left edge at x and its baseline at y, in the canvas's current fill colour."""
    if run.glyphs:
        canvas.code.append(run_operators(canvas, run, x, y))


def draw_line(canvas: Any, line: Line, x: float, y: float) -> None:
    """Draw a line whose left edge is at x (add line.offset(room, align) for alignment) on baseline y.

    Runs are written in reading order (each is placed absolutely), so tools that extract text in content-stream
    order read a mixed right-to-left line in the right order.
    """
    for index in line.reading or range(len(line.runs)):
        run = line.runs[index]
        if run.glyphs:
            canvas.code.append(run_operators(canvas, run, x + run.x, y))
