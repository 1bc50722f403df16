"""Outreach kits: a kit file (profile, languages, items with quantities) -> documents, a print order and a bundle."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from . import fonts
from .build import BuildReport, Interrupted, Result, Spec, build_specs
from .draw import Meta, draw
from .errors import Loc, PamphletsError, Problem, UsageError
from .impose import one_up
from .loader import KeyPath, SourceDoc, display, load_yaml
from .paper import DUPLEX, PAPERS
from .plan import FacePlan, Op, PagePlan, TextOp
from .presses import DEFAULT_PRESS, PRESSES
from .preview import contact_sheet
from .project import Project
from .record import record
from .resolve import Resolver
from .schema import Reader
from .stock import STOCKS
from .text import Line, single_line
from .write import MAX_NAME, io_error, is_file_name, is_plain_name, shown, write_atomic

MAX_COPIES = 1_000_000  # per item and language: more is a typo (or a print run no home printer plan is for)
KITS_DIR = "kits"


@record
class Item:
    """One line of a kit: a topic in a format and size, and how many copies of each language."""

    topic: str
    fmt: str
    size: str | None
    quantities: dict[str, int]
    loc: Loc


@record
class Kit:
    """A validated kit file."""

    name: str
    path: str
    profile: Path
    paper: str
    duplex: str
    cmyk: bool
    items: tuple[Item, ...]
    profile_loc: Loc | None = None
    pdfx: bool = False  # the print-shop files as PDF/X-1a:2003
    press: str = DEFAULT_PRESS  # the printing condition for cmyk and pdfx
    stock: str | None = None  # perforated card stock for the home-print card sheets


def _plain(r: Reader, path: KeyPath, value: str | None, what: str) -> str | None:
    """A name that becomes part of a file or folder name: no path, nothing hidden (else an error at its line)."""
    if value is None or is_file_name(value):
        return value
    r.error(path, f"{shown(value)} is not a {what}; write a plain name, without '/' or a leading '.'")
    return None


def _quantity(r: Reader, path: KeyPath) -> int | None:
    """A whole number of copies from 1 to MAX_COPIES (an exact int: sheet counts are never floating point)."""
    n = r.integer(path, low=1)
    if n is not None and n > MAX_COPIES:
        r.error(path, f"{r.doc.raw.get(path, n)} copies is more than {MAX_COPIES:,}, the most one item can order; "
                      "check the number, or split the order")
        return None
    return n


def kit_from(doc: SourceDoc, name: str) -> Kit:
    """Validate a kit file; quantity is a number (for every language) or {lang: number}."""
    r = Reader(doc)
    keys = ("name", "profile", "languages", "paper", "duplex", "cmyk", "pdfx", "press", "stock", "items")
    r.mapping((), keys, (), "kit settings")
    languages = [v for v, p in r.texts(("languages",)) if _plain(r, p, v, "language code")] or ["en"]
    items = []
    for p in r.items(("items",), required=True, min_items=1):
        if not r.mapping(p, ("topic", "format", "size", "quantity"), ("quantity",), "item settings"):
            continue
        topic = _plain(r, (*p, "topic"), r.text((*p, "topic"), required=True), "topic name")
        fmt = _plain(r, (*p, "format"), r.text((*p, "format"), required=True), "format name")
        size = _plain(r, (*p, "size"), r.text((*p, "size")), "size name")
        raw = r.get((*p, "quantity"))
        quantities: dict[str, int] = {}
        if isinstance(raw, dict):
            for lang in raw:
                n = _quantity(r, (*p, "quantity", lang))
                if n and _plain(r, (*p, "quantity", lang), str(lang), "language code"):
                    quantities[str(lang)] = n
        else:
            n = _quantity(r, (*p, "quantity"))
            if n:
                quantities = dict.fromkeys(languages, n)
        if topic and fmt and quantities:
            items.append(Item(topic, fmt, size, quantities, r.loc(p)))
    kit_name = r.text(("name",))
    if kit_name is not None and not is_plain_name(kit_name):
        r.error(("name",), f"{shown(kit_name)} cannot be a kit name: it names the kit's output folder, so use "
                           f"only letters, digits, '-', '_' and '.' (not first), at most {MAX_NAME} characters")
    elif kit_name is None and "name" not in doc.value_pos and not is_plain_name(name):
        r.problems.append(Problem(Loc(doc.path), f"{shown(name)} (the file's name) cannot be a kit name: it names "
                                                 "the kit's output folder; rename the file, or add a name: with only "
                                                 "letters, digits, '-', '_' and '.' (not first)"))
    kit = Kit(kit_name or name, doc.path, Path(r.text(("profile",), required=True) or ""),
              r.choice(("paper",), list(PAPERS), default="letter") or "letter",
              r.choice(("duplex",), DUPLEX, default=DUPLEX[0]) or DUPLEX[0], r.boolean(("cmyk",)), tuple(items),
              r.loc(("profile",)), r.boolean(("pdfx",)),
              r.choice(("press",), list(PRESSES), default=DEFAULT_PRESS) or DEFAULT_PRESS,
              r.choice(("stock",), list(STOCKS)))
    r.done()
    return kit


def specs(kit: Kit) -> list[tuple[Spec, int]]:
    """The documents of a kit, each with the number of copies to print."""
    base = Spec("", "", "", None, kit.paper, kit.duplex, None, None, kit.cmyk or kit.pdfx, kit.pdfx, kit.stock,
                kit.press)
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
    """A document's files: its print-shop file, then its home-print sheet (named <stem>.sheet-<paper>.pdf)."""
    stem = result.name.removesuffix(".pdf")
    return sorted((b.path for b in report.built
                   if b.path.name == result.name or b.path.name.startswith(f"{stem}.sheet-")),
                  key=lambda p: len(p.name))


def _duplex(kind: str, result: Result, spec: Spec) -> str:
    if result.shop_pages <= 1:
        return "one-sided"
    if kind in ("trim", "saddle"):
        return "two-sided, flip on short edge"
    return f"two-sided, flip on {spec.duplex.replace('-', ' ')}"


def _ceil_div(a: int, b: int) -> int:
    """a / b rounded up, in whole numbers: floats would round 10**15-sized counts wrong."""
    return -(-a // b)


def _sheets(kind: str, result: Result, n: int) -> str:
    """Sheets of home-printer paper for n copies."""
    if kind == "grid":
        return str(_ceil_div(n, result.per_sheet)) if result.per_sheet else "print shop only"
    if kind == "saddle":
        return str(n * _ceil_div(result.shop_pages, 4))  # four pages to a folded sheet
    return str(n * _ceil_div(result.shop_pages, 2))  # a fact sheet or trifold: one sheet, both sides


def order_csv(rows: list[tuple[str, ...]]) -> bytes:
    """The print order as CSV."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buf.getvalue().encode()


def bundle(files: list[Path]) -> bytes:
    """A zip of exactly these files (the kit's own), with fixed dates so the same files give the same bytes.

    Only what the kit run wrote goes in: never whatever else sits in the folder (a user's own files, previews).
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(set(files), key=lambda p: p.name):
            info = zipfile.ZipInfo(path.name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise io_error("read", path, exc) from None
            z.writestr(info, data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def order_plan(rows: list[tuple[str, ...]], title: str, font_family: str) -> PagePlan:
    """A one-page print order (landscape Letter) as a PagePlan; type shrinks until the table fits the width."""
    keep = (0, 1, 2, 3, 4, 5, 7)  # the columns a print shop reads: not the file names
    table = [tuple(HEADER[i] for i in keep)] + [tuple(row[i] for i in keep) for row in rows]
    width, height, margin, gap = 792.0, 612.0, 36.0, 10.0
    size = 10.0

    def cell(words: str, style: str, at: float) -> Line:
        return single_line(words, at, family=font_family, style=style)

    while True:
        cols = [max(cell(r[c], "bold" if i == 0 else "regular", size).width for i, r in enumerate(table))
                for c in range(len(keep))]
        if sum(cols) + gap * (len(cols) - 1) <= width - 2 * margin or size <= 6:
            break
        size -= 0.5
    ops: list[Op] = [TextOp(margin, height - margin - 16, cell(title, "bold", 16), "#1A1A1A")]
    y = height - margin - 40
    for i, row in enumerate(table):
        x = margin
        for words, w in zip(row, cols, strict=True):
            ops.append(TextOp(x, y, cell(words, "bold" if i == 0 else "regular", size), "#1A1A1A"))
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


def kit_project(kit_path: Path, project_dir: Path | None) -> Path:
    """The project a kit belongs to: --project when given, else the folder holding its kits/ folder, else '.'.

    A kit's profile and topics are its project's, wherever the command is run from. commands.py passes '.' when
    --project is not given, so '.' counts as not given (it is also what a kit outside a kits/ folder gets).
    """
    if project_dir is not None and project_dir != Path("."):
        return project_dir
    if kit_path.parent.name == KITS_DIR:
        return kit_path.parent.parent
    if kit_path.resolve().parent.name == KITS_DIR:  # e.g. `pamphlets kit starter.yaml` run inside kits/
        return Path(display(kit_path.resolve().parent.parent))
    return project_dir or Path(".")


def profile_path(kit: Kit, project_dir: Path) -> Path:
    """The kit's profile, relative to its project (then the built-in ones); a missing one is an error at its line."""
    if kit.profile.is_absolute():
        found: Path | None = kit.profile
    elif (project_dir / kit.profile).is_file():
        found = project_dir / kit.profile
    else:
        found = Project.at(project_dir).find(*kit.profile.parts)  # a built-in profile, e.g. local/example.yaml
    if found is None or not found.is_file():
        where = kit.profile_loc or Loc(kit.path)
        raise UsageError(f"{where}: no such local profile {display(project_dir / kit.profile)}; a kit's profile path "
                         f"starts from its project folder ({display(project_dir)}), e.g. local/my-program.yaml")
    return found


def _current(extras: list[Path], documents: list[Path]) -> bool:
    """True when the bundle (written last) is newer than every other file of the kit: nothing to redo.

    A run stopped part-way (Ctrl-C, a full disk) leaves a print order newer than the zip, so the next run redoes
    all of them instead of leaving a print order and a zip that disagree.
    """
    if not all(p.is_file() for p in extras):
        return False
    newest = max((p.stat().st_mtime_ns for p in [*extras[:-1], *documents] if p.is_file()), default=0)
    return extras[-1].stat().st_mtime_ns >= newest


def _font(resolver: Resolver, kit: Kit) -> str:
    """The typeface of the kit's first readable layout, for its print order (a broken layout must not stop it)."""
    for item in kit.items:
        try:
            return resolver.layout(item.fmt).font_family
        except PamphletsError:
            continue
    return "Atkinson Hyperlegible"


def run_kit(kit_path: Path, project_dir: Path | None, *, jobs: int, out_dir: Path | None = None,
            on_done: Callable[[Result], None] | None = None, profile: Path | None = None,
            pool: object | None = None, per_program: bool = False, resolver: Resolver | None = None) -> KitRun:
    """Build a kit's documents (only what changed), then its print order, contact sheet and zip bundle.

    profile, when given, stands in for the kit's own (one kit for many programs: `kit --local 'local/*.yaml'`);
    resolver, when given, is that run's, shared by its programs (the project's files read once).
    """
    report: BuildReport | None = None
    try:
        kit = kit_from(load_yaml(kit_path), kit_path.stem)
        project = kit_project(kit_path, project_dir)
        profile = profile or profile_path(kit, project)
        resolver = resolver or Resolver(Project.at(project))
        quantities: dict[Spec, int] = {}
        for spec, n in specs(kit):
            quantities[spec] = quantities.get(spec, 0) + n  # the same document listed twice: add the copies
        out = out_dir or project / "output" / kit.name
        if per_program:  # one kit for many programs: a folder each, named after the profile
            out = out / profile.stem
        report = build_specs(project, profile, list(quantities), out, jobs=jobs, on_done=on_done,
                             pool=pool, resolver=resolver)  # type: ignore[arg-type]
        extras = [out / "print-order.csv", out / "print-order.pdf", out / "contact-sheet.png", out / f"{kit.name}.zip"]
        documents = [b.path for b in report.built]
        changed = any(not b.cached for b in report.built) or bool(report.failed) or not _current(extras, documents)
        rows = order_rows(resolver, report, quantities)
        if changed:
            layout_font = _font(resolver, kit)
            write_atomic(extras[0], order_csv(rows))
            plan = order_plan(rows, f"Print order: {kit.name}", layout_font)
            write_atomic(extras[1], draw(plan, one_up(plan, marks=False), meta=Meta(f"Print order: {kit.name}")))
            shop_files = [p for p in (out / row[6] for row in rows if row[6].endswith(".pdf")) if p.is_file()]
            write_atomic(extras[2], contact_sheet(shop_files, fonts.font_file(layout_font, "regular")))
            write_atomic(extras[3], bundle([*documents, *extras[:3]]))  # last: its date says the kit is complete
    except KeyboardInterrupt:  # built documents are cached; the next run redoes only what is missing
        kept = sum(1 for r in report.results if not r.error and not r.cached) if report else 0
        raise Interrupted(kept) from None
    return KitRun(kit, out, report, rows, extras if changed else [])
