"""Before and after the text engine, in one interleaved run: python bench/text_engine.py [BEFORE_COMMIT] [--rounds N]

Checks out BEFORE_COMMIT (default 8b13bd8, the last commit with character-width line breaking) into a temporary
worktree, then alternates fresh worker processes for that tree and this one; each times the English fact sheets
and wallet cards of every topic warm in one process (resolve + compose + impose + draw, no writing), and the
same for the ten new languages where this tree has them. Alternating rounds keep machine noise out of the ratio.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER = r"""
import json, sys, time
from pathlib import Path
root = Path(sys.argv[1]); fmt = sys.argv[2]; langs = sys.argv[3].split(',')
sys.path.insert(0, str(root))
from pamphlets.build import Spec, build_one
from pamphlets.project import Project
from pamphlets.resolve import Resolver
resolver = Resolver(Project.at(root))
profile = root / 'tests/data/project/local/test.yaml'
project = Project.at(root)
specs = [Spec(t, fmt, lang) for t in resolver.topics for lang in langs if lang in project.languages(t)]
# Warm: fonts loaded, files read, shaping cached as a long build would have it; a document that does not build
# (a translation still too long for a layout) is left out of the timing.
specs = [spec for spec in specs if build_one(resolver, profile, spec).error is None]
start = time.perf_counter()
for spec in specs:
    result = build_one(resolver, profile, spec)
    assert result.error is None, result.error
print(json.dumps([len(specs), time.perf_counter() - start]))
"""
NEW = "zh-Hans,zh-Hant,vi,ko,tl,ru,ar,fa,hy,ht"


def run(tree: Path, fmt: str, langs: str) -> float:
    """Milliseconds per document in one warm process of tree."""
    out = subprocess.run([sys.executable, "-c", WORKER, str(tree), fmt, langs], check=True, capture_output=True,
                         text=True, cwd=tree)
    n, seconds = json.loads(out.stdout.strip().splitlines()[-1])
    return seconds / n * 1000


def cold(tree: Path, out: Path) -> float:
    """Milliseconds for one English fact sheet in a fresh process (imports, fonts, build, write)."""
    import time

    start = time.perf_counter()
    subprocess.run([sys.executable, str(tree / "cli.py"), "build", "naloxone", "-f", "fact-sheet", "-l", "en", "-j",
                    "1", "--local", str(tree / "tests/data/project/local/test.yaml"), "-o", str(out)], check=True,
                   capture_output=True, cwd=tree)
    shutil.rmtree(out)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    argv = sys.argv[1:]
    rounds = 5
    if "--rounds" in argv:
        at = argv.index("--rounds")
        rounds = int(argv[at + 1])
        del argv[at:at + 2]
    before = argv[0] if argv else "8b13bd8"
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "before"
        subprocess.run(["git", "worktree", "add", "--detach", str(old), before], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            rows = []
            for fmt in ("fact-sheet", "wallet-card"):
                times: dict[str, list[float]] = {"before": [], "after": []}
                for _ in range(rounds):
                    times["before"].append(run(old, fmt, "en"))
                    times["after"].append(run(ROOT, fmt, "en"))
                b, a = statistics.median(times["before"]), statistics.median(times["after"])
                new = statistics.median(run(ROOT, fmt, NEW) for _ in range(max(1, rounds // 2)))
                rows.append((fmt, b, a, a / b, new))
            firsts: dict[str, list[float]] = {"before": [], "after": []}
            for _ in range(rounds):
                firsts["before"].append(cold(old, Path(tmp) / "out"))
                firsts["after"].append(cold(ROOT, Path(tmp) / "out"))
            first = (statistics.median(firsts["before"]), statistics.median(firsts["after"]))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, check=True,
                           capture_output=True)
    print(f"| English, warm, ms/doc | before ({before}) | text engine | ratio | ten new languages |")
    print("|---|---|---|---|---|")
    for fmt, b, a, ratio, new in rows:
        print(f"| {fmt} | {b:.1f} | {a:.1f} | {ratio:.2f} | {new:.1f} |")
    ratio = first[1] / first[0]
    print(f"| one English fact sheet, fresh process, ms | {first[0]:.0f} | {first[1]:.0f} | {ratio:.2f} | |")


if __name__ == "__main__":
    main()
