"""pamphlets beside Typst, in one interleaved run (not a test): python bench/typst_side.py [--rounds N].

Needs the `typst` package (pip install typst); without it, says so and stops. Both tools set the same documents:
the naloxone fact sheet in English for the test profile (title band, key points, steps, sections, the side
panel with the program's details, a QR code), and the wallet card (its print-shop file, front and back, and its
Letter sheet of ten). Typst gets the same text (read from the same content files), the same font files (Atkinson
Hyperlegible) and the QR code as an SVG of the same modules, so what differs is the engines. Timings alternate
between the tools so both see the same machine load; every document is another program's, new to the process.
Rows: each document warm in one process, the fact sheet in a fresh process, and the fact sheet for 100 programs
with two processes each. The last column is pamphlets' time over Typst's (under 1.0: pamphlets is faster).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PROFILE = ROOT / "tests/data/project/local/test.yaml"


def _content(fmt: str) -> tuple[Any, dict[str, Any]]:
    """The naloxone topic as the test program's document of this format gets it, and the program's profile."""
    import yaml

    from pamphlets.project import Project
    from pamphlets.resolve import Resolver

    resolver = Resolver(Project.at(ROOT))
    topic = resolver.job("naloxone", fmt, "en", resolver.profile(PROFILE)).topic
    return topic, yaml.safe_load(PROFILE.read_text())


def text(source: str) -> str:
    """Our markup as plain text, escaped for Typst's markup mode."""
    from pamphlets.markup import parse, plain

    out = plain(parse(source)).replace("\\", "\\\\")
    for ch in "#*_$@<[]":
        out = out.replace(ch, "\\" + ch)
    return out


def typst_source(workdir: Path) -> Path:
    """The fact sheet as a Typst file (and its QR code as an SVG beside it)."""
    from pamphlets import qr

    topic, local = _content("fact-sheet")

    modules = qr.matrix(local["link"])
    n = len(modules) + 8
    rects = "".join(f'<rect x="{c + 4}" y="{r + 4}" width="1" height="1"/>'
                    for r, row in enumerate(modules) for c, dark in enumerate(row) if dark)
    (workdir / "qr.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" '
                                    f'shape-rendering="crispEdges"><rect width="{n}" height="{n}" fill="#fff"/>'
                                    f"{rects}</svg>")
    body = ["== Know this", *(f"- {text(k.source)}" for k in topic.key_points), "== What to do",
            *(f"+ {text(s.source)}" for s in topic.steps)]
    for section in topic.sections:
        body.append(f"== {text(section.heading.source)}")
        body += [text(p.source) + "\n" for p in section.body]
        body += [f"- {text(b.source)}" for b in section.bullets]
        body += [f"+ {text(s.source)}" for s in section.steps]
    body.append("#text(size: 8pt)[Sources: " + "; ".join(text(f"{s.publisher}, {s.title}, {s.url}")
                                                         for s in topic.sources) + "]")
    side = ["*#sys.inputs.at(\"org\")*", f"*Call:* {text(local['phone'])}", f"*Text:* {local['text_line']}",
            f"*Visit:* {text(local['address'])}", f"*Hours:* {text(local['hours'])}", '#image("qr.svg", width: 1.25in)']
    newline, linebreak = "\n", " \\ "
    source = f"""#set page(paper: "us-letter", margin: 0.5in)
#set text(font: "Atkinson Hyperlegible", size: 12pt)
#show heading: set text(size: 15pt, fill: rgb("#1F4E79"))
#block(fill: rgb("#1F4E79"), inset: 14pt, width: 100%)[
  #text(size: 28pt, fill: white, weight: "bold")[{text(topic.title.source)}] \\
  #text(size: 15pt, fill: white)[{text(topic.summary.source)}]
]
#grid(columns: (64%, 33%), column-gutter: 3%,
[
{newline.join(body)}
],
block(fill: rgb("#EEF3F8"), inset: 12pt, width: 100%)[
{linebreak.join(side)}
])
"""
    path = workdir / "fact-sheet.typ"
    path.write_text(source)
    return path


def card_source(workdir: Path) -> Path:
    """The wallet card as pamphlets builds it: the print-shop file (front and back, 9 pt bleed) and the home sheet
    (ten fronts on a Letter page, ten backs on the next), the same text, fonts and QR code (qr.svg, written by
    typst_source)."""
    topic, local = _content("wallet-card")
    bullets = "\n".join(f"- {text(k.source)}" for k in topic.key_points)
    front = f"""block(fill: rgb("#1F4E79"), width: 100%, height: 100%, inset: (x: 18pt, y: 30pt))[
  #text(size: 15pt, fill: white, weight: "bold")[{text(topic.title.source)}] \\
  #text(size: 10pt, fill: white)[{text(topic.summary.source)}] \\
  #v(8pt) #text(size: 10pt, fill: rgb("#F2C14E"), weight: "bold")[#sys.inputs.at("org")]
]"""
    back = f"""grid(columns: (64%, 36%), inset: 12pt,
  [#text(size: 9pt, weight: "bold")[Know this]
   #set text(size: 8.5pt)
{bullets}],
  align(center)[#image("qr.svg", width: 0.9in) #text(size: 9pt, weight: "bold")[{text(local["phone"])}]])"""
    source = f"""#set text(font: "Atkinson Hyperlegible")
#let front = {front}
#let back = {back}
#set page(width: 3.5in + 18pt, height: 2in + 18pt, margin: 9pt)
#front
#pagebreak()
#back
#set page(paper: "us-letter", margin: (x: 0.75in, y: 0.5in))
#grid(columns: (3.5in, 3.5in), rows: 2in, ..range(10).map(_ => front))
#pagebreak()
#grid(columns: (3.5in, 3.5in), rows: 2in, ..range(10).map(_ => back))
"""
    path = workdir / "wallet-card.typ"
    path.write_text(source)
    return path


def main() -> None:
    try:
        import typst
    except ImportError:
        print("typst is not installed: pip install typst, then run this again")
        return
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
    per_round = 20
    from fontpkg_atkinson_hyperlegible import __file__ as fontpkg

    fonts = str(Path(fontpkg).parent / "files")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = typst_source(work)
        warm = {fmt: _warm(typst, path, fonts, work, fmt, rounds, per_round)
                for fmt, path in (("fact-sheet", source), ("wallet-card", card_source(work)))}
        cold_theirs = _cold([sys.executable, "-c", "import sys, typst; typst.compile(sys.argv[1], font_paths="
                             "[sys.argv[2]], ignore_system_fonts=True, sys_inputs={'org': 'Riverside Outreach'})",
                             str(source), fonts], work, rounds)
        cold_ours = _cold([sys.executable, str(ROOT / "cli.py"), "build", "naloxone", "-f", "fact-sheet", "-l", "en",
                           "-j", "1", "--local", str(PROFILE), "--project", str(ROOT), "-o", str(work / "out")],
                          work, rounds, clean=work / "out")
        batch_theirs, batch_ours = _batch(source, fonts, work, rounds)
    print("| naloxone, English | Typst | pamphlets | ratio |")
    print("|---|---|---|---|")
    for fmt, (theirs, ours) in warm.items():
        print(f"| {fmt}, warm, ms per document in one process | {theirs:.1f} | {ours:.1f} | {ours / theirs:.1f} |")
    print(f"| fact-sheet, one document in a fresh process, ms | {cold_theirs:.0f} | {cold_ours:.0f} | "
          f"{cold_ours / cold_theirs:.1f} |")
    print(f"| fact sheets for {PROGRAMS} programs, two processes, documents per second | {batch_theirs:.0f} | "
          f"{batch_ours:.0f} | {batch_theirs / batch_ours:.1f} |")
    print(f"\n(typst {typst.__version__}; the wallet card is its print-shop file and its Letter sheet of ten, in both "
          "tools; pamphlets writes the print-shop file alone for the fact sheet, which has no home sheet)")


def _warm(typst: Any, source: Path, fonts: str, work: Path, fmt: str, rounds: int, per_round: int
          ) -> tuple[float, float]:
    """Median ms per document, Typst's and pamphlets', timed alternately in this process."""
    from pamphlets.build import Spec, build_one
    from pamphlets.project import Project
    from pamphlets.resolve import Resolver

    compiler = typst.Compiler(str(source), font_paths=[fonts], ignore_system_fonts=True)
    compiler.compile(sys_inputs={"org": "Warm Up"})  # warm: fonts read, the document parsed once
    resolver = Resolver(Project.at(ROOT))
    spec = Spec("naloxone", fmt, "en")
    # Like Typst's runs, each document is another program's, new to the process (no name repeats, in any round):
    # nothing that depends on the name can be reused from an earlier document (the rest may be, as Typst's
    # memoised layout is).
    profiles = []
    for i in range(rounds * per_round):
        profile = work / f"{fmt}-program-{i}.yaml"
        profile.write_text(PROFILE.read_text().replace("Riverside Outreach", f"Program {i} Outreach"))
        profiles.append(profile)
    assert build_one(resolver, PROFILE, spec).error is None
    ours, theirs = [], []
    for k in range(rounds):  # alternate, so both see the same load
        names = range(k * per_round, (k + 1) * per_round)
        start = time.perf_counter()
        for i in names:
            compiler.compile(sys_inputs={"org": f"Program {i} Outreach"})
        theirs.append((time.perf_counter() - start) / per_round)
        start = time.perf_counter()
        for i in names:
            build_one(resolver, profiles[i], spec)
        ours.append((time.perf_counter() - start) / per_round)
    return statistics.median(theirs) * 1000, statistics.median(ours) * 1000


PROGRAMS = 100


def _batch(source: Path, fonts: str, work: Path, rounds: int) -> tuple[float, float]:
    """Documents per second making the fact sheet for PROGRAMS programs, each tool with two processes: Typst as
    two Python processes compiling half each (one compiler per process, a program's name per document), pamphlets
    as one command (--local with every profile, --jobs 2). Fresh processes, so both pay their start-up."""
    import os
    import shutil

    folder = work / "programs"
    folder.mkdir(exist_ok=True)
    for i in range(PROGRAMS):
        (folder / f"program-{i:03d}.yaml").write_text(
            PROFILE.read_text().replace("Riverside Outreach", f"Program {i} Outreach"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    half = ("import sys, typst\nc = typst.Compiler(sys.argv[1], font_paths=[sys.argv[2]], ignore_system_fonts=True)\n"
            "for i in range(int(sys.argv[3]), int(sys.argv[4])):\n"
            "    open(f'{sys.argv[5]}/{i}.pdf', 'wb').write(c.compile(sys_inputs={'org': f'Program {i} Outreach'}))\n")
    out = work / "typst-out"
    ours_cmd = [sys.executable, str(ROOT / "cli.py"), "build", "naloxone", "-f", "fact-sheet", "-l", "en", "-j", "2",
                "--local", str(folder / "*.yaml"), "--project", str(ROOT), "-o", str(work / "batch")]
    theirs, ours = [], []
    for _ in range(rounds):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", half, str(source), fonts, str(a), str(b), str(out)], env=env)
                 for a, b in ((0, PROGRAMS // 2), (PROGRAMS // 2, PROGRAMS))]
        for proc in procs:
            assert proc.wait() == 0
        theirs.append(time.perf_counter() - start)
        shutil.rmtree(work / "batch", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(ours_cmd, cwd=work, check=True, capture_output=True, env=env)
        ours.append(time.perf_counter() - start)
    return PROGRAMS / statistics.median(theirs), PROGRAMS / statistics.median(ours)


def _cold(cmd: list[str], cwd: Path, rounds: int, clean: Path | None = None) -> float:
    """Median milliseconds of a command in a fresh process, as on a user's machine: Python's bytecode caches
    written (an installed package has them; PYTHONDONTWRITEBYTECODE, set on some machines, would make every run
    compile every module from source), and one untimed run first."""
    import os
    import shutil

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times = []
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, env=env)
    for _ in range(rounds):
        if clean is not None:
            shutil.rmtree(clean, ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


if __name__ == "__main__":
    main()
