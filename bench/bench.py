"""Time pamphlets by hand (not a test): python bench/bench.py [--quick]. Prints a Markdown table for the README.

What it measures, on this machine:
- `pamphlets --help`, and one document of each format, each in a fresh process (start, imports, build, write);
- each format's documents per second in one warm process (resolve + compose + impose + draw, no writing);
- the 120-document target (15 topics x 2 languages x fact sheet, wallet card, poster, trifold; both files each)
  with --jobs 1 and --jobs 2 into an empty folder, and a rebuild with nothing changed;
- the sample starter kit (pamphlets init + kit), serial and parallel.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLI = [sys.executable, str(ROOT / "cli.py")]
FORMATS = ["fact-sheet", "wallet-card", "poster", "trifold", "booklet"]
TARGET_FORMATS = ["fact-sheet", "wallet-card", "poster", "trifold"]


def timed(cmd: list[str], cwd: Path, runs: int = 3) -> float:
    """Median wall time of a command, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process(fmt: str) -> tuple[int, float]:
    """Documents of one format per second in one warm process (no file writing)."""
    from pamphlets.build import Spec, build_one
    from pamphlets.project import Project
    from pamphlets.resolve import Resolver

    resolver = Resolver(Project.at(ROOT))
    profile = ROOT / "local/example.yaml"
    specs = [Spec(t, fmt, lang) for t in resolver.topics for lang in ("en", "es")]
    build_one(resolver, profile, specs[0])  # warm: fonts registered, files read
    start = time.perf_counter()
    for spec in specs:
        result = build_one(resolver, profile, spec)
        assert result.error is None, result.error
    return len(specs), time.perf_counter() - start


def main() -> None:
    quick = "--quick" in sys.argv
    runs = 1 if quick else 3
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows.append(("`pamphlets --help`, fresh process", f"{timed([*CLI, '--help'], ROOT, runs) * 1000:.0f} ms"))
        for fmt in FORMATS:
            t = timed([*CLI, "build", "naloxone", "-f", fmt, "-l", "en", "-j", "1", "-o", str(work / "one")], ROOT,
                      runs)
            rows.append((f"one {fmt} (both files), fresh process", f"{t * 1000:.0f} ms"))
        for fmt in FORMATS:
            n, t = in_process(fmt)
            rows.append((f"{fmt}: {n} documents in one process", f"{n / t:.0f} docs/s ({t / n * 1000:.1f} ms each)"))
        target = [*CLI, "build", *(arg for f in TARGET_FORMATS for arg in ("-f", f))]
        for jobs in ("1", "2"):
            out = work / f"target-{jobs}"
            start = time.perf_counter()
            subprocess.run([*target, "-j", jobs, "-o", str(out)], cwd=ROOT, check=True, capture_output=True)
            rows.append((f"120 documents (4 formats x 15 topics x 2 languages), --jobs {jobs}",
                         f"{time.perf_counter() - start:.2f} s"))
        t = timed([*target, "-j", "2", "-o", str(work / "target-2")], ROOT, runs)
        rows.append(("the same 120, rebuilt with nothing changed", f"{t:.2f} s"))
        subprocess.run([*CLI, "init", "sample", "--dir", str(work)], check=True, capture_output=True)
        # a kit refuses the sample's example details (555 numbers, example.org); the test program's are real
        shutil.copy(ROOT / "tests/data/project/local/test.yaml", work / "sample" / "local" / "sample.yaml")
        for jobs in ("1", "2"):
            shutil.rmtree(work / "sample" / "output", ignore_errors=True)
            start = time.perf_counter()
            subprocess.run([*CLI, "kit", "kits/starter.yaml", "-j", jobs], cwd=work / "sample", check=True,
                           capture_output=True)
            rows.append((f"starter kit (6 documents + print order, contact sheet, zip), --jobs {jobs}",
                         f"{time.perf_counter() - start:.2f} s"))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"Machine: {platform.machine()}, {cpus} cores, Python {platform.python_version()}, {platform.system()}")
    print()
    print("| what | time |")
    print("|---|---|")
    for what, value in rows:
        print(f"| {what} | {value} |")


if __name__ == "__main__":
    main()
