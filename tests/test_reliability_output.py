"""Issue 15, the output side: nothing written project the output folder (class 4), one line instead of a traceback
for ordinary file-system trouble (class 5), a kit's paths from its own project (class 7), and kits, jobs, previews
and Ctrl-C that behave (class 8). Each case: the message word for word, the exit code, no traceback, and nothing
written, deleted or moved project the output folder.
"""

from __future__ import annotations

import csv
import errno
import json
import multiprocessing
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import Result

from helpers import DATA, cli, copy_project, where

OUT = Path("output/test")
KIT = Path("kits/test.yaml")
DOCS = ["demo.wallet-card.en.pdf", "demo.wallet-card.en.sheet-letter.pdf", "naloxone.fact-sheet.en.pdf",
        "demo.poster.en.pdf"]
EXTRAS = ["print-order.csv", "print-order.pdf", "contact-sheet.png"]
FIXTURES = DATA / "reliability_output"


# ---- helpers ----------------------------------------------------------------------------------------------
def tree(root: Path) -> dict[str, tuple[bool, int, bytes]]:
    """Every file and folder under root (hidden ones too): whether a folder, its mode, its bytes."""
    out = {}
    for path in sorted(root.rglob("*")):
        data = path.read_bytes() if path.is_file() else b""
        out[str(path.relative_to(root))] = (path.is_dir(), path.stat().st_mode, data)
    return out


def confined(outs: tuple[str, ...], *args: str) -> Result:
    """Run a command; fail if anything project the folders in outs changes (written, deleted or moved).

    The folder above the working one is watched too, so `../escape` from the output folder is caught.
    """
    cwd = Path.cwd().resolve()
    root = cwd.parent
    keep = [str((cwd / out).resolve().relative_to(root)) for out in outs]

    def snapshot() -> dict[str, tuple[bool, int, bytes]]:
        return {k: v for k, v in tree(root).items()  # the folder itself, what is in it, and folders holding it
                if not any(k == o or k.startswith(f"{o}/") or o.startswith(f"{k}/") for o in keep)}

    before = snapshot()
    result = cli(*args)
    after = snapshot()
    assert after == before, sorted(set(after) ^ set(before)) or "a file project the output folder changed"
    return result


def kit(*extra: str, path: Path = KIT) -> Result:
    return confined(("output/test",), "kit", str(path), *extra)


def ok(result: Result) -> None:
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def failed(result: Result, lines: list[str], code: int = 1) -> None:
    """Exit code, the exact message on stderr, and no traceback."""
    assert "Traceback" not in result.output
    assert result.stderr.splitlines()[-len(lines):] == lines, result.output
    assert result.exit_code == code, result.output


def stamps() -> dict[str, int]:
    """When each file of the kit's folder was last written (what a rebuild wrote, whatever it prints)."""
    return {p.name: p.stat().st_mtime_ns for p in OUT.iterdir() if p.is_file()}


def rewritten(before: dict[str, int]) -> list[str]:
    """The files of the kit's folder written since before was taken."""
    return sorted(name for name, stamp in stamps().items() if before.get(name) != stamp)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def build_card(*extra: str, out: str = "out") -> Result:
    return confined((out,), "build", "demo", "--format", "wallet-card", "--local", "local/test.yaml", "-o", out,
                    *extra)


# ---- class 4: writes project their folder -------------------------------------------------------------------
BAD_NAME = ("cannot be a kit name: it names the kit's output folder, so use only letters, digits, '-', '_' and '.' "
            "(not first), at most 64 characters")


@pytest.mark.parametrize("name", ["../escape", "../../escape", "a/b", ".hidden", "..", "ABSOLUTE"])
def test_a_kit_name_is_a_plain_name(project: Path, name: str) -> None:
    if name == "ABSOLUTE":
        name = str(project.parent / "abs")
    KIT.write_text(f"name: {name}\n" + KIT.read_text())
    failed(kit(), [f"kits/test.yaml:1:7: name: '{name}' {BAD_NAME}"])
    assert not (project / "output").exists()


def test_a_kit_file_whose_name_cannot_be_a_folder_needs_a_name(project: Path) -> None:
    bad = Path("kits/my kit.yaml")
    KIT.rename(bad)
    failed(kit(path=bad), ["kits/my kit.yaml: 'my kit' (the file's name) cannot be a kit name: it names the kit's "
                           "output folder; rename the file, or add a name: with only letters, digits, '-', '_' and "
                           "'.' (not first)"])
    bad.write_text("name: my-kit\n" + bad.read_text())
    ok(confined(("output/my-kit",), "kit", str(bad)))
    assert (project / "output/my-kit/my-kit.zip").is_file()


@pytest.mark.parametrize("old, new, message", [
    ("topic: demo, format: poster", "topic: ../../demo, format: poster",
     "items[2].topic: '../../demo' is not a topic name; write a plain name, without '/' or a leading '.'"),
    ("format: fact-sheet", "format: ../layouts/fact-sheet",
     "items[1].format: '../layouts/fact-sheet' is not a format name; write a plain name, without '/' or a leading "
     "'.'"),
    ("languages: [en]", "languages: [../en]",
     "languages[0]: '../en' is not a language code; write a plain name, without '/' or a leading '.'"),
])
def test_kit_items_cannot_name_paths(project: Path, old: str, new: str, message: str) -> None:
    edit(KIT, old, new)
    column = where(KIT, new.split(": ", 1)[1].split(",")[0].strip("[]")).rsplit(":", 2)
    failed(kit(), [f"kits/test.yaml:{column[1]}:{column[2]}: {message}"])


def test_a_language_that_is_a_path_is_refused_by_build(project: Path) -> None:
    failed(build_card("--lang", "../../en"),
           ["'../../en' is not a language name; a language is a plain name such as en"])


def test_the_bundle_holds_exactly_the_files_the_kit_wrote(project: Path) -> None:
    OUT.mkdir(parents=True)
    (OUT / "private-notes.txt").write_text("a client's name and number")
    ok(kit())
    ok(confined((str(OUT),), "preview", str(OUT / "demo.wallet-card.en.pdf"), "--dpi", "20"))  # PNGs beside the PDF
    assert (OUT / "demo.wallet-card.en-1.png").is_file()
    edit(Path("content/demo/en.yaml"), "Add water and mix.", "Add a little water and mix.")
    ok(kit())  # a rebuild writes the bundle again, with the previews now in the folder
    with zipfile.ZipFile(OUT / "test.zip") as z:
        assert sorted(z.namelist()) == sorted(DOCS + EXTRAS)
    assert (OUT / "private-notes.txt").read_text() == "a client's name and number"


CACHE_FIX = "delete it, then build again (everything is rebuilt)"


@pytest.mark.parametrize("name", ["../../../victim.pdf", "/etc/passwd", ".pamphlets-cache.json"])
def test_a_cache_entry_never_names_a_file_outside_the_folder(project: Path, name: str) -> None:
    """The cache decides which earlier files move to stale/: an entry naming ../victim.pdf must not move it."""
    (project.parent / "victim.pdf").write_text("someone else's file")
    ok(build_card())
    cache = Path("out/.pamphlets-cache.json")
    cache.write_text(json.dumps({"demo.wallet-card.en.pdf": {"key": "0", "files": {name: 1}}}))
    edit(Path("content/demo/en.yaml"), "summary:", "sumary:")  # the document now fails: its files would move
    failed(build_card(), ["out/.pamphlets-cache.json is not a build cache pamphlets can read (an entry names a path "
                          f"or a hidden file, not a document in the output folder); {CACHE_FIX}"])
    assert (project.parent / "victim.pdf").read_text() == "someone else's file"
    assert not Path("out/stale").exists()


# ---- class 5: tracebacks from ordinary trouble ---------------------------------------------------------------
@pytest.mark.parametrize("text, why", [
    ("[]", "it holds a list, not a mapping of documents"),
    ('"text"', "it holds text, not a mapping of documents"),
    ("{not json", "it is not JSON"),
    ('{"demo.wallet-card.en.pdf": 3}', "an entry is not a mapping with a key and its files"),
    ('{"demo.wallet-card.en.pdf": {"key": 7, "files": {}}}', "an entry is not a mapping with a key and its files"),
    ('{"demo.wallet-card.en.pdf": {"key": "0", "files": {"demo.wallet-card.en.pdf": "two"}}}',
     "an entry's page counts are not whole numbers"),
    ('{"demo.wallet-card.en.pdf": {"key": "0", "files": {}, "notes": "x"}}',
     "an entry's notes are not a list of text"),
    ('{"demo.wallet-card.en.pdf": {"key": "0", "files": {}, "per_sheet": 1.5}}',
     "an entry's sheet counts are not whole numbers"),
])
def test_a_cache_of_the_wrong_shape(project: Path, text: str, why: str) -> None:
    Path("out").mkdir()
    Path("out/.pamphlets-cache.json").write_text(text)
    failed(build_card(), [f"out/.pamphlets-cache.json is not a build cache pamphlets can read ({why}); {CACHE_FIX}"])
    assert sorted(p.name for p in Path("out").iterdir()) == [".pamphlets-cache.json"]


def test_a_folder_in_place_of_the_cache(project: Path) -> None:
    Path("out/.pamphlets-cache.json").mkdir(parents=True)
    failed(build_card(), ["out/.pamphlets-cache.json is not a file (a folder or something else is in its place); "
                          "move it away, then build again"])
    assert sorted(p.name for p in Path("out").iterdir()) == [".pamphlets-cache.json"]


def test_an_unwritable_output_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> tuple[int, str]:  # what a folder without write permission does
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("pamphlets.write.tempfile.mkstemp", denied)
    failed(build_card(), ["cannot write out/demo.wallet-card.en.pdf: permission denied; make out writable, or choose "
                          "another output folder with -o"])
    assert list(Path("out").iterdir()) == []


def test_a_file_where_the_output_folder_should_be(project: Path) -> None:
    Path("blocker").write_text("not a folder")
    result = build_card(out="blocker/out")
    failed(result, ["cannot write blocker/out/demo.wallet-card.en.pdf: blocker is a file, not a folder; move it, or "
                    "choose another output folder with -o"])
    assert Path("blocker").read_text() == "not a folder"


def test_a_full_disk_keeps_what_was_finished(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The third file (the fact sheet) hits a full disk: the wallet card's two files and cache entry stay."""
    import pamphlets.write

    real, calls = pamphlets.write._fill, []

    def fill(f: object, data: bytes) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(f, data)  # type: ignore[arg-type]

    monkeypatch.setattr(pamphlets.write, "_fill", fill)
    failed(kit("--jobs", "1"),
           ["cannot write output/test/naloxone.fact-sheet.en.pdf: the disk is full; free some space, then try again"])
    assert sorted(p.name for p in OUT.iterdir()) == [".pamphlets-cache.json", *DOCS[:2]]  # no temporary files
    assert list(json.loads((OUT / ".pamphlets-cache.json").read_text())) == ["demo.wallet-card.en.pdf"]
    monkeypatch.setattr(pamphlets.write, "_fill", real)
    before = stamps()
    ok(kit("--jobs", "1"))
    assert rewritten(before) == sorted([".pamphlets-cache.json", *DOCS[2:], *EXTRAS, "test.zip"])  # not the card


def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder inside tmp_path (so confined() watches tmp_path, not every test's folder)."""
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    return tmp_path / "work"


def test_init_over_an_existing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp_path = work(tmp_path, monkeypatch)
    Path("my-program").write_text("someone's file")
    failed(confined((), "init", "my-program"),
           ["my-program already exists and is a file; choose another name or folder"])
    assert Path("my-program").read_text() == "someone's file"
    assert [p.name for p in tmp_path.iterdir()] == ["my-program"]


def test_init_into_an_unwritable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work(tmp_path, monkeypatch)
    Path("locked").mkdir()

    def denied(*args: object, **kwargs: object) -> str:  # what a folder without write permission does
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("pamphlets.scaffold.tempfile.mkdtemp", denied)
    failed(confined((), "init", "my-program", "--dir", "locked"),
           ["cannot create locked/my-program: permission denied; make locked writable, or choose another folder "
            "with --dir"])
    assert list(Path("locked").iterdir()) == []


def test_init_on_a_full_disk_leaves_nothing_half_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp_path = work(tmp_path, monkeypatch)
    real, calls = Path.write_text, []

    def write_text(self: Path, *args: object, **kwargs: object) -> int:
        calls.append(self)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", write_text)
    failed(confined((), "init", "my-program"),
           ["cannot create my-program: the disk is full; free some space, then try again"])
    assert list(tmp_path.iterdir()) == []  # not even the hidden staging folder


@pytest.fixture
def built_card(project: Path) -> Path:
    ok(build_card())
    return project / "out/demo.wallet-card.en.pdf"


AGAIN = "build it again (or copy it again), then preview it"


def test_preview_of_files_that_are_not_whole_pdfs(built_card: Path) -> None:
    Path("bad").mkdir()
    shutil.copy(FIXTURES / "empty.pdf", "bad/empty.pdf")
    shutil.copy(FIXTURES / "not-a-pdf.pdf", "bad/notes.pdf")
    data = built_card.read_bytes()
    Path("bad/half.pdf").write_bytes(data[: len(data) // 2])
    Path("bad/tail-cut.pdf").write_bytes(data[:-10])
    Path("bad/damaged.pdf").write_bytes(b"%PDF-1.4\n" + b"\0" * 2000 + b"\n%%EOF\n")
    cases = {
        "empty.pdf": f"bad/empty.pdf: the file is empty; {AGAIN}",
        "notes.pdf": "bad/notes.pdf: not a PDF file (it does not start with %PDF-); pass a PDF, e.g. one that "
                     "`pamphlets build` wrote",
        "half.pdf": f"bad/half.pdf: the PDF is cut short (its end is missing); {AGAIN}",
        "tail-cut.pdf": f"bad/tail-cut.pdf: the PDF is cut short (its end is missing); {AGAIN}",
        "damaged.pdf": f"bad/damaged.pdf: the PDF is damaged or password-protected and cannot be read; {AGAIN}",
    }
    for name, message in cases.items():
        # the good PDF first: a bad file later in the list must still mean nothing is written
        failed(confined((), "preview", str(built_card), f"bad/{name}", "-o", "png"), [message])
        assert not Path("png").exists()
        assert not list(built_card.parent.glob("*.png"))


# ---- class 7: a kit's paths are its project's -----------------------------------------------------------------
def test_a_kit_run_from_another_folder_uses_its_own_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path / "east")
    (tmp_path / "elsewhere/local").mkdir(parents=True)
    (tmp_path / "elsewhere/local/test.yaml").write_text("organization: The wrong program\n")  # must not be used
    monkeypatch.chdir(tmp_path / "elsewhere")
    ok(confined(("../east/output/test",), "kit", "../east/kits/test.yaml", "--jobs", "1"))
    assert sorted(p.name for p in (project / "output/test").iterdir() if p.suffix == ".pdf") == sorted(
        [*DOCS, "print-order.pdf"])
    assert not (tmp_path / "elsewhere/output").exists()
    edit(project / "kits/test.yaml", "profile: local/test.yaml", "profile: local/nowhere.yaml")
    failed(confined(("../east/output/test",), "kit", "../east/kits/test.yaml"),
           ["../east/kits/test.yaml:2:10: profile: no such local profile ../east/local/nowhere.yaml; a kit's profile "
            "path starts from its project folder (../east), e.g. local/my-program.yaml"])


# ---- class 8: silent nonsense --------------------------------------------------------------------------------
@pytest.mark.parametrize("quantity", ["1000001", "1000000000000000", "1_000_000_000"])
def test_a_kit_quantity_has_a_ceiling(project: Path, quantity: str) -> None:
    edit(KIT, "format: wallet-card, quantity: 500", f"format: wallet-card, quantity: {quantity}")
    _, line, col = where(KIT, quantity).rsplit(":", 2)
    failed(kit(), [f"kits/test.yaml:{line}:{col}: items[0].quantity: {quantity} copies is more than 1,000,000, "
                   "the most one item can order; check the number, or split the order"])
    assert not (project / "output").exists()


def test_sheet_counts_are_exact_whole_numbers(project: Path) -> None:
    edit(KIT, "format: wallet-card, quantity: 500", "format: wallet-card, quantity: {en: 7}")
    edit(KIT, "format: fact-sheet, quantity: 50", "format: fact-sheet, quantity: 1000000")
    ok(kit())
    with (OUT / "print-order.csv").open() as f:
        rows = {r["item"]: r["home sheets"] for r in csv.DictReader(f)}
    assert rows["demo wallet-card"] == "1"  # 7 cards, 10 to a sheet
    assert rows["naloxone fact-sheet"] == "1000000"  # two pages: one sheet, both sides, each copy


def test_jobs_are_capped_at_the_number_of_documents(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures as cf

    seen: list[int] = []

    class Pool(cf.ProcessPoolExecutor):
        def __init__(self, max_workers: int, **kwargs: object) -> None:
            seen.append(max_workers)
            super().__init__(max_workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", Pool)
    ok(kit("--jobs", "64"))
    # three documents: the first is built in this process (the workers then start as warm copies of it), and two
    # workers build the other two, not 64
    assert seen == [2]
    edit(Path("content/demo/en.yaml"), "Add water and mix.", "Add a little water and mix.")
    ok(kit("--jobs", "64"))
    assert seen == [2]  # only the two demo documents changed: one here, and one left is not worth a worker


def _lent_resolver(key: str) -> bool:
    from pamphlets import build

    return key in build._WORKER


def _frozen() -> int:
    import gc

    return gc.get_freeze_count()


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="warm workers need processes that fork")
def test_workers_start_as_warm_copies_and_this_process_keeps_no_resolver(project: Path) -> None:
    from pamphlets import build
    from pamphlets.project import Project
    from pamphlets.resolve import Resolver

    resolver, warmed = Resolver(Project.at(project)), []
    pool = build.worker_pool(2, project, resolver, warm=lambda: warmed.append(True))
    try:
        assert warmed == [True]
        assert pool.submit(_lent_resolver, str(project)).result()  # the worker has the run's resolver
        assert not _lent_resolver(str(project))  # this process does not: a later run reads the files anew
        # The workers' collector leaves what they were forked with alone; this process collects as before.
        assert pool.submit(_frozen).result() > 0 and _frozen() == 0
    finally:
        pool.shutdown()


def test_two_previews_with_the_same_name_do_not_overwrite_each_other(project: Path) -> None:
    ok(build_card(out="east"))
    edit(Path("local/test.yaml"), "Riverside Outreach", "Westside Outreach")
    ok(build_card(out="west"))
    result = confined(("png",), "preview", "east/demo.wallet-card.en.pdf", "west/demo.wallet-card.en.pdf",
                      "--dpi", "20", "-o", "png")
    ok(result)
    pngs = sorted(str(p.relative_to("png")) for p in Path("png").rglob("*.png"))
    assert pngs == ["east/demo.wallet-card.en-1.png", "east/demo.wallet-card.en-2.png",
                    "west/demo.wallet-card.en-1.png", "west/demo.wallet-card.en-2.png"]
    assert Path("png/east/demo.wallet-card.en-1.png").read_bytes() != Path(
        "png/west/demo.wallet-card.en-1.png").read_bytes()  # the fronts carry each program's own name


def test_ctrl_c_keeps_what_finished(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C in the parent while workers build: the finished document keeps its cache entry; exit 130."""
    import pamphlets.build

    real, calls = pamphlets.build.write_atomic, []

    def write(path: Path, data: bytes) -> None:
        calls.append(path.name)
        if len(calls) == 3:  # the wallet card's two files are written; the fact sheet is next
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(pamphlets.build, "write_atomic", write)
    failed(kit("--jobs", "2"), ["interrupted; 1 document(s) built are kept; build again to finish"], code=130)
    assert multiprocessing.active_children() == []  # the workers are stopped, not left running
    assert list(json.loads((OUT / ".pamphlets-cache.json").read_text())) == ["demo.wallet-card.en.pdf"]
    assert not [p for p in OUT.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(pamphlets.build, "write_atomic", real)
    before = stamps()
    ok(kit("--jobs", "2"))
    assert rewritten(before) == sorted([".pamphlets-cache.json", *DOCS[2:], *EXTRAS, "test.zip"])  # not the card


def test_ctrl_c_while_the_print_order_is_written(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The documents are kept; the next run redoes the whole print order, so its files never disagree."""
    import pamphlets.kit

    real = pamphlets.kit.contact_sheet

    def interrupted(*args: object) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(pamphlets.kit, "contact_sheet", interrupted)
    failed(kit(), ["interrupted; 3 document(s) built are kept; build again to finish"], code=130)
    monkeypatch.setattr(pamphlets.kit, "contact_sheet", real)
    before = stamps()
    ok(kit())
    assert rewritten(before) == sorted([*EXTRAS, "test.zip"])  # the print order again, no document


# ---- also: a summary instead of a line per file ----------------------------------------------------------------
def test_the_report_has_a_one_line_summary_and_groups_notes(project: Path) -> None:
    from pamphlets.build import Request, build

    request = Request(Path("."), Path("local/test.yaml"), ("demo", "naloxone"), ("poster",), ("en",),
                      out_dir=Path("out"))
    report = build(request)
    assert report.summary() == "2 document(s) built (2 file(s) written to out/)"
    assert [b.path.name for b in report.written] == ["demo.poster.en.pdf", "naloxone.poster.en.pdf"]
    assert report.notes == ["demo.poster.en.pdf and 1 more: larger than letter paper, so no home-print sheet; "
                            "send the print-shop file to a printer"]
    again = build(request)
    assert again.summary() == "nothing changed: 2 document(s) up to date"
    assert again.notes == [] and again.written == []  # a rebuild repeats no notes
    os.utime("content/demo/en.yaml")  # the same bytes: still nothing to do
    assert build(request).summary() == "nothing changed: 2 document(s) up to date"
