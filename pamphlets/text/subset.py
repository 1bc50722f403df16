"""TrueType subsets for embedding: glyph i of the subset is the i-th glyph id asked for (so CID = glyph index).

Two ways, both deterministic (same font and glyphs, same bytes):
- a static TrueType face (or a variable one at its default instance) is cut directly from its tables, as fast as
  reportlab's own subsetting: the English fact sheet pays nothing for the engine;
- any other face (a variable font at another weight, CFF or CFF2 outlines such as Noto Sans CJK, which a CIDFontType2
  cannot hold) is drawn through fontTools at its design-space location, converted to quadratic TrueType outlines with
  cu2qu, and cached on disk, keyed by the font file's hash, the location and the glyph ids.
"""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
from functools import cache, lru_cache
from pathlib import Path

from .fonts import Face, face_info

CACHE_VERSION = "1"  # bump when the converted output changes
_FIXED_TIMESTAMP = 0x7C25B080  # 2000-01-01 in the font epoch: converted fonts carry no build time
_TAGS_KEPT = ("cvt ", "fpgm", "prep")  # hinting programs that glyph instructions may call


def cache_dir() -> Path | None:
    """Where converted fonts are kept: $PAMPHLETS_CACHE, else the user cache folder; None if not writable."""
    root = os.environ.get("PAMPHLETS_CACHE")
    if root:
        path = Path(root)
    elif os.name == "nt":
        path = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "pamphlets" / "cache"
    else:
        path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pamphlets"
    try:
        (path / "fonts").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path / "fonts"


@cache
def file_digest(path: str) -> str:
    """SHA-256 of a font file (once per process)."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@cache
def _tables(path: str, index: int) -> tuple[bytes, dict[str, tuple[int, int]]]:
    """The file's bytes and its table directory (tag -> offset, length) for one face of a collection."""
    data = Path(path).read_bytes()
    base = 0
    if data[:4] == b"ttcf":
        base = struct.unpack_from(">I", data, 12 + 4 * index)[0]
    count = struct.unpack_from(">H", data, base + 4)[0]
    tables = {}
    for k in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, base + 12 + 16 * k)
        tables[tag.decode("latin-1")] = (offset, length)
    return data, tables


def _is_direct(face: Face) -> bool:
    """Whether the face's glyf outlines are the ones to draw (static TrueType, or variable at its default)."""
    _, tables = _tables(face.path, face.index)
    return "glyf" in tables and not face.location


Component = tuple[int, int, int]  # glyph id, x and y offset in font units
GlyphSpec = tuple[tuple[Component, ...], int]  # the components of one glyph of the subset, and its advance


def subset(face: Face, glyphs: list[GlyphSpec]) -> bytes:
    """A TrueType font whose glyph i draws glyphs[i]: one glyph at (0, 0), or a cluster of glyphs at offsets.

    glyphs[0] must be ((0, 0, 0),), .notdef. A glyph of several components (a letter with a mark the font
    positions separately, an Arabic letter and its dots) becomes a composite glyph that references the shaped
    glyph ids at their shaped offsets, so its text can be extracted as one unit.
    """
    return _subset(face, tuple(glyphs))


@lru_cache(maxsize=64)  # a document's print file and its home sheet embed the same glyphs
def _subset(face: Face, glyphs: tuple[GlyphSpec, ...]) -> bytes:
    if _is_direct(face):
        return _cut(face, list(glyphs))
    return _converted(face, list(glyphs))


def _single(spec: GlyphSpec) -> int | None:
    """The glyph id when a spec is one glyph at the origin, else None."""
    components = spec[0]
    if len(components) == 1 and components[0][1] == components[0][2] == 0:
        return components[0][0]
    return None


def _cut(face: Face, specs: list[GlyphSpec]) -> bytes:
    """Copy the glyphs' outlines out of the glyf table (composites keep their parts, appended at the end)."""
    data, tables = _tables(face.path, face.index)

    def table(tag: str) -> bytes:
        offset, length = tables[tag]
        return data[offset:offset + length]

    head, hhea, maxp = bytearray(table("head")), bytearray(table("hhea")), bytearray(table("maxp"))
    long_loca = struct.unpack_from(">h", head, 50)[0] == 1
    num_glyphs = struct.unpack_from(">H", maxp, 4)[0]
    num_metrics = struct.unpack_from(">H", hhea, 34)[0]
    loca_raw = table("loca")
    if long_loca:
        loca = struct.unpack(f">{num_glyphs + 1}I", loca_raw[:4 * (num_glyphs + 1)])
    else:
        loca = tuple(2 * v for v in struct.unpack(f">{num_glyphs + 1}H", loca_raw[:2 * (num_glyphs + 1)]))
    glyf = table("glyf")
    hmtx = table("hmtx")

    def is_composite(gid: int) -> bool:
        return loca[gid + 1] - loca[gid] > 10 and struct.unpack_from(">h", glyf, loca[gid])[0] < 0

    order: list[int] = [-1 if _single(spec) is None else _single(spec) for spec in specs]  # type: ignore[misc]
    new_index: dict[int, int] = {}
    for i, gid in enumerate(order):
        if gid >= 0:
            new_index.setdefault(gid, i)
    for part in (c[0] for spec in specs if _single(spec) is None for c in spec[0]):
        if part not in new_index:  # the parts of synthetic glyphs
            new_index[part] = len(order)
            order.append(part)
    k = 0
    while k < len(order):  # and the parts of the font's own composite glyphs, recursively
        if order[k] >= 0 and is_composite(order[k]):
            for part in _components(glyf, loca[order[k]]):
                if part not in new_index:
                    new_index[part] = len(order)
                    order.append(part)
        k += 1

    glyphs, offsets, metrics = [], [0], []
    at = 0
    for i, gid in enumerate(order):
        if gid < 0:
            piece, x_min = _synthetic(specs[i][0], glyf, loca, new_index)
            metrics.append(struct.pack(">Hh", specs[i][1], x_min))
        else:
            piece = glyf[loca[gid]:loca[gid + 1]]
            if is_composite(gid):
                piece = _renumber(piece, new_index)
            if gid < num_metrics:
                metrics.append(hmtx[4 * gid:4 * gid + 4])
            else:
                advance = hmtx[4 * (num_metrics - 1):4 * (num_metrics - 1) + 2]
                lsb_at = 4 * num_metrics + 2 * (gid - num_metrics)
                metrics.append(advance + hmtx[lsb_at:lsb_at + 2])
        glyphs.append(piece)
        at += len(piece)
        if at % 4:
            glyphs.append(b"\0" * (4 - at % 4))
            at += 4 - at % 4
        offsets.append(at)
    struct.pack_into(">h", head, 50, 1)  # long loca
    struct.pack_into(">I", head, 8, 0)  # checkSumAdjustment, set below
    struct.pack_into(">H", maxp, 4, len(order))
    if len(maxp) >= 32 and any(gid < 0 for gid in order):  # synthetic composites may nest one level deeper
        depth = struct.unpack_from(">H", maxp, 30)[0]
        elements = max(struct.unpack_from(">H", maxp, 28)[0], *(len(s[0]) for s in specs))
        struct.pack_into(">HH", maxp, 28, elements, depth + 1)
    struct.pack_into(">H", hhea, 34, len(order))
    out = {"head": bytes(head), "hhea": bytes(hhea), "maxp": bytes(maxp), "hmtx": b"".join(metrics),
           "loca": struct.pack(f">{len(offsets)}I", *offsets), "glyf": b"".join(glyphs)}
    for tag in _TAGS_KEPT:
        if tag in tables:
            out[tag] = table(tag)
    return _assemble(out)


def _synthetic(components: tuple[Component, ...], glyf: bytes, loca: tuple[int, ...],
               new_index: dict[int, int]) -> tuple[bytes, int]:
    """A composite glyph drawing components at offsets; returns its bytes and its xMin."""
    boxes = []
    for gid, dx, dy in components:
        if loca[gid + 1] - loca[gid] >= 10:
            x0, y0, x1, y1 = struct.unpack_from(">hhhh", glyf, loca[gid] + 2)
            boxes.append((x0 + dx, y0 + dy, x1 + dx, y1 + dy))
    if not boxes:
        boxes = [(0, 0, 0, 0)]
    box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    records = []
    for k, (gid, dx, dy) in enumerate(components):
        flags = _ARG_WORDS | _XY_VALUES | (_MORE if k < len(components) - 1 else 0)
        records.append(struct.pack(">HHhh", flags, new_index[gid], dx, dy))
    return struct.pack(">hhhhh", -1, *box) + b"".join(records), box[0]


_ARG_WORDS, _XY_VALUES, _HAVE_SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x1, 0x2, 0x8, 0x20, 0x40, 0x80


def _component_records(glyph: bytes, start: int) -> list[tuple[int, int]]:
    """(position of the glyph index, glyph index) for each component of a composite glyph."""
    out = []
    pos = start + 10
    flags = _MORE
    while flags & _MORE:
        flags, gid = struct.unpack_from(">HH", glyph, pos)
        out.append((pos + 2, gid))
        pos += 4 + (4 if flags & _ARG_WORDS else 2)
        pos += 2 if flags & _HAVE_SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
    return out


def _components(glyf: bytes, start: int) -> list[int]:
    return [gid for _, gid in _component_records(glyf, start)]


def _renumber(piece: bytes, new_index: dict[int, int]) -> bytes:
    out = bytearray(piece)
    for pos, gid in _component_records(piece, 0):
        struct.pack_into(">H", out, pos, new_index[gid])
    return bytes(out)


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _assemble(tables: dict[str, bytes]) -> bytes:
    """An sfnt file from its tables (sorted tags, 4-byte alignment, checksums, head's checkSumAdjustment)."""
    tags = sorted(tables)
    count = len(tags)
    entry_selector = count.bit_length() - 1
    search_range = 16 * (1 << entry_selector)
    header = struct.pack(">IHHHH", 0x00010000, count, search_range, entry_selector, count * 16 - search_range)
    offset = 12 + 16 * count
    directory, body = [], []
    for tag in tags:
        data = tables[tag]
        directory.append(struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data), offset, len(data)))
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    font = bytearray(header + b"".join(directory) + b"".join(body))
    head_at = 12 + 16 * count + sum(len(b) for b, t in zip(body, tags, strict=True) if t < "head")
    struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)


# ---- conversion through fontTools ------------------------------------------------------------------------------

_converted_memo: dict[str, bytes] = {}


@cache
def _glyph_source(face: Face) -> tuple[object, object, list[str], bool]:
    """fontTools' view of a face: the font, its glyph set at the face's location, glyph order, CFF or not."""
    from fontTools.ttLib import TTFont

    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    glyph_set = font.getGlyphSet(location=dict(face.location) if face.location else None)
    return font, glyph_set, font.getGlyphOrder(), "glyf" not in font


def _converted(face: Face, specs: list[GlyphSpec]) -> bytes:
    """Outlines at the face's location as TrueType (cu2qu for cubic curves), cached on disk and in memory."""
    key_text = "|".join((CACHE_VERSION, file_digest(face.path), str(face.index), repr(face.location), repr(specs)))
    key = hashlib.sha256(key_text.encode()).hexdigest()
    if key in _converted_memo:
        return _converted_memo[key]
    folder = cache_dir()
    path = folder / f"{key}.ttf" if folder else None
    if path is not None and path.exists():
        data = path.read_bytes()
    else:
        data = _convert(face, specs)
        if path is not None:
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)  # atomic: two builds in parallel never see half a file
    _converted_memo[key] = data
    return data


@lru_cache(maxsize=65536)
def _outline(face: Face, gid: int) -> tuple[tuple[str, tuple[object, ...]], ...]:
    """One glyph's outline at the face's location as TrueType-ready pen operations (memoised per process)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.recordingPen import DecomposingRecordingPen, RecordingPen

    _, glyph_set, order, cubic = _glyph_source(face)
    recording = DecomposingRecordingPen(glyph_set)
    glyph_set[order[gid]].draw(recording)  # type: ignore[index]
    if not cubic:
        return tuple(recording.value)
    # CFF curves are cubic and run counter-clockwise; TrueType's are quadratic and clockwise.
    quadratic = RecordingPen()
    recording.replay(Cu2QuPen(quadratic, max_err=1.0, reverse_direction=True))
    return tuple(quadratic.value)


def _convert(face: Face, specs: list[GlyphSpec]) -> bytes:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    info = face_info(face)
    names = [".notdef"] + [f"g{i}" for i in range(1, len(specs))]
    glyphs, metrics = {}, {}
    for name, (components, advance) in zip(names, specs, strict=True):
        pen = TTGlyphPen(None)
        for gid, dx, dy in components:
            target = TransformPen(pen, (1, 0, 0, 1, dx, dy)) if dx or dy else pen
            for operator, args in _outline(face, gid):
                getattr(target, operator)(*args)
        glyph = pen.glyph()
        glyph.recalcBounds(None)
        glyphs[name] = glyph
        metrics[name] = (advance, getattr(glyph, "xMin", 0))
    builder = FontBuilder(info.upem, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({})
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics(metrics)
    builder.setupHorizontalHeader(ascent=round(info.ascent * info.upem), descent=round(info.descent * info.upem))
    builder.setupPost()
    head = builder.font["head"]
    head.created = head.modified = _FIXED_TIMESTAMP
    import io

    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()
