"""Outreach kits: a kit file (profile, languages, items with quantities) -> documents, a print order and a bundle."""

from __future__ import annotations

import csv
import io
import math
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from . import fonts
from .build import CACHE_FILE, STALE_DIR, BuildReport, Result, Spec, build_specs
from .draw import draw
from .errors import Loc, PamphletsError
from .impose import DUPLEX, PAPERS, one_up
from .loader import SourceDoc, load_yaml
from .plan import FacePlan, Op, PagePlan, TextOp
from .preview import contact_sheet
from .project import Project
from .resolve import Resolver
from .schema import Reader
from .write import write_atomic


@dataclass(frozen=True)
class Item:
    """One line of a kit: a topic in a format and size, and how many copies of each language."""

    topic: str
    fmt: str
    size: str | None
    quantities: dict[str, int]
    loc: Loc


@dataclass(frozen=True)
class Kit:
    """A validated kit file."""

    name: str
    path: str
    profile: Path
    paper: str
    duplex: str
    cmyk: bool
    items: tuple[Item, ...]


def kit_from(doc: SourceDoc, name: str) -> Kit:
    """Validate a kit file; quantity is a number (for every language) or {lang: number}."""
    r = Reader(doc)
    keys = ("name", "profile", "languages", "paper", "duplex", "cmyk", "items")
    r.mapping((), keys, (), "kit settings")
    languages = [v for v, _ in r.texts(("languages",))] or ["en"]
    items = []
    for p in r.items(("items",), required=True, min_items=1):
        if not r.mapping(p, ("topic", "format", "size", "quantity"), ("quantity",), "item settings"):
            continue
        topic, fmt = r.text((*p, "topic"), required=True), r.text((*p, "format"), required=True)
        raw = r.get((*p, "quantity"))
        quantities: dict[str, int] = {}
        if isinstance(raw, dict):
            for lang in raw:
                n = r.integer((*p, "quantity", lang), low=1)
                if n:
                    quantities[str(lang)] = n
        else:
            n = r.integer((*p, "quantity"), low=1)
            if n:
                quantities = dict.fromkeys(languages, n)
        if topic and fmt and quantities:
            items.append(Item(topic, fmt, r.text((*p, "size")), quantities, r.loc(p)))
    kit = Kit(r.text(("name",)) or name, doc.path, Path(r.text(("profile",), required=True) or ""),
              r.choice(("paper",), list(PAPERS), default="letter") or "letter",
              r.choice(("duplex",), DUPLEX, default=DUPLEX[0]) or DUPLEX[0], r.boolean(("cmyk",)), tuple(items))
    r.done()
    return kit


def specs(kit: Kit) -> list[tuple[Spec, int]]:
    """The documents of a kit, each with the number of copies to print."""
    base = Spec("", "", "", None, kit.paper, kit.duplex, None, None, kit.cmyk)
    return [(replace(base, topic=item.topic, fmt=item.fmt, lang=lang, size=item.size), n)
            for item in kit.items for lang, n in item.quantities.items()]


# ---- the print order ------------------------------------------------------------------------------------
HEADER = ("item", "language", "size", "stock", "duplex", "quantity", "print-shop file", "home sheets",
          "home-print file")


def order_rows(resolver: Resolver, report: BuildReport, quantities: dict[Spec, int]) -> list[tuple[str, ...]]:
    """One row per document: what to print, on what, how many; and how many home-print sheets that is."""
    rows = []
    for result in report.results:
        spec, n = result.spec, quantities[result.spec]
        try:
            layout = resolver.layout(spec.fmt)
        except PamphletsError:  # a row for a document whose layout failed still says what it was
            layout = None
        size = (spec.size or (layout.default_size if layout else "")) or ""
        stock = layout.stock if layout else ""
        if result.error:
            rows.append((f"{spec.topic} {spec.fmt}", spec.lang, size, stock, "", str(n), "NOT BUILT: see errors",
                         "", ""))
            continue
        files = [b.name for b in _files(report, result)]
        shop = files[0] if files else result.name
        home = files[1] if len(files) > 1 else ""
        kind = layout.home_sheet if layout else "none"
        rows.append((f"{spec.topic} {spec.fmt}", spec.lang, size, stock, _duplex(kind, result, spec), str(n), shop,
                     _sheets(kind, result, n), home))
    return rows


def _files(report: BuildReport, result: Result) -> list[Path]:
    stem = result.name.removesuffix(".pdf")
    return sorted((b.path for b in report.built if b.path.name.startswith(stem)), key=lambda p: len(p.name))


def _duplex(kind: str, result: Result, spec: Spec) -> str:
    if result.shop_pages <= 1:
        return "one-sided"
    if kind in ("trim", "saddle"):
        return "two-sided, flip on short edge"
    return f"two-sided, flip on {spec.duplex.replace('-', ' ')}"


def _sheets(kind: str, result: Result, n: int) -> str:
    """Sheets of home-printer paper for n copies."""
    if kind == "grid":
        return str(math.ceil(n / result.per_sheet)) if result.per_sheet else "print shop only"
    if kind == "saddle":
        return str(n * result.shop_pages // 4)
    return str(n * math.ceil(result.shop_pages / 2))  # a fact sheet or trifold: one sheet, both sides


def order_csv(rows: list[tuple[str, ...]]) -> bytes:
    """The print order as CSV."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buf.getvalue().encode()


def bundle(out_dir: Path, name: str) -> bytes:
    """A zip of every file in the kit's folder, with fixed dates so the same files give the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(out_dir.rglob("*")):
            rel = path.relative_to(out_dir)
            if path.is_dir() or rel.name in (CACHE_FILE, f"{name}.zip") or rel.parts[0] == STALE_DIR:
                continue
            info = zipfile.ZipInfo(str(rel), date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def order_plan(rows: list[tuple[str, ...]], title: str, font_family: str) -> PagePlan:
    """A one-page print order (landscape Letter) as a PagePlan; type shrinks until the table fits the width."""
    family = fonts.family(font_family)
    regular, bold = family.font("regular"), family.font("bold")
    keep = (0, 1, 2, 3, 4, 5, 7)  # the columns a print shop reads: not the file names
    table = [tuple(HEADER[i] for i in keep)] + [tuple(row[i] for i in keep) for row in rows]
    width, height, margin, gap = 792.0, 612.0, 36.0, 10.0
    size = 10.0
    while True:
        cols = [max(fonts.width(r[c], bold if i == 0 else regular) * size for i, r in enumerate(table))
                for c in range(len(keep))]
        if sum(cols) + gap * (len(cols) - 1) <= width - 2 * margin or size <= 6:
            break
        size -= 0.5
    ops: list[Op] = [TextOp(margin, height - margin - 16, title, bold, 16, "#1A1A1A")]
    y = height - margin - 40
    for i, row in enumerate(table):
        x = margin
        for cell, w in zip(row, cols, strict=True):
            ops.append(TextOp(x, y, cell, bold if i == 0 else regular, size, "#1A1A1A"))
            x += w + gap
        y -= size * 1.5
    return PagePlan(title, (FacePlan("print-order", width, height, 0.0, tuple(ops), ()),))


@dataclass
class KitRun:
    """What `pamphlets kit` made."""

    kit: Kit
    out_dir: Path
    report: BuildReport
    rows: list[tuple[str, ...]]
    extras: list[Path]  # print order, contact sheet, bundle


def run_kit(kit_path: Path, project_dir: Path, *, jobs: int, out_dir: Path | None = None,
            on_done: Callable[[Result], None] | None = None) -> KitRun:
    """Build a kit's documents (only what changed), then its print order, contact sheet and zip bundle."""
    kit = kit_from(load_yaml(kit_path), kit_path.stem)
    resolver = Resolver(Project.at(project_dir))
    quantities: dict[Spec, int] = {}
    for spec, n in specs(kit):
        quantities[spec] = quantities.get(spec, 0) + n  # the same document listed twice: add the copies
    out = out_dir or project_dir / "output" / kit.name
    report = build_specs(project_dir, kit.profile, list(quantities), out, jobs=jobs, on_done=on_done)
    rows = order_rows(resolver, report, quantities)
    extras = [out / "print-order.csv", out / "print-order.pdf", out / "contact-sheet.png", out / f"{kit.name}.zip"]
    changed = any(not b.cached for b in report.built) or report.failed or not all(p.is_file() for p in extras)
    if changed:
        layout_font = resolver.layout(kit.items[0].fmt).font_family if report.results else "Atkinson Hyperlegible"
        family = fonts.family(layout_font)
        write_atomic(extras[0], order_csv(rows))
        plan = order_plan(rows, f"Print order: {kit.name}", layout_font)
        write_atomic(extras[1], draw(plan, one_up(plan, marks=False), title=f"Print order: {kit.name}",
                                     regular_font=family.font("regular")))
        shop_files = [p for p in (out / row[6] for row in rows if row[6].endswith(".pdf")) if p.is_file()]
        write_atomic(extras[2], contact_sheet(shop_files, fonts.font_file(layout_font, "regular")))
        write_atomic(extras[3], bundle(out, kit.name))
    return KitRun(kit, out, report, rows, extras if changed else [])
