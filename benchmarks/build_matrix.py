"""Build-level benchmarks, measured in one run on a copy of the project.

Run: .venv/bin/python benchmarks/build_matrix.py [--runs N]

- matrix speed-up: the default matrix with --jobs 2 against --jobs 1 (goal >= 1.85);
- no-op rebuild of the full matrix (every language, size and paper: 90 handouts),
  as a whole command (goal < 0.5 s);
- one catalog message changed: how many handouts are rebuilt (goal: only those of
  that language that print the message) and how long it takes.
Medians of N runs; each timed build is a fresh process, as a user would run it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "make_guide.py"), *args],
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"build failed: {result.stderr[-2000:]}")
    return elapsed, result.stdout


def counts(stdout: str) -> tuple[int, int]:
    built, skipped = stdout.strip().splitlines()[-1].split()[:2]
    return int(built), int(skipped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="handout-bench-"))
    project = work / "project"
    for folder in ("guide", "locales", "styles"):
        shutil.copytree(ROOT / folder, project / folder)
    out = work / "out"
    base = ["--project", str(project), "build", "--out", str(out)]

    serial, parallel = [], []
    for _ in range(args.runs):
        serial.append(timed([*base, "--force", "--jobs", "1"])[0])
        parallel.append(timed([*base, "--force", "--jobs", "2"])[0])
    s, p = statistics.median(serial), statistics.median(parallel)
    print(f"default matrix (15 handouts): --jobs 1 {s:.1f} s, --jobs 2 {p:.1f} s, "
          f"speed-up {s / p:.2f}x (goal >= 1.85)")

    started = time.perf_counter()
    _, stdout = timed([*base, "--size", "all", "--paper", "all", "--jobs", "2"])
    full = time.perf_counter() - started
    print(f"full matrix first build: {counts(stdout)[0]} handouts in {full:.1f} s")
    noop = [timed([*base, "--size", "all", "--paper", "all"]) for _ in range(args.runs)]
    print(f"no-op rebuild of the full matrix: {statistics.median(t for t, _ in noop):.2f} s "
          f"({counts(noop[0][1])[1]} skipped, {counts(noop[0][1])[0]} built; goal < 0.5 s)")

    po = project / "locales" / "fr" / "LC_MESSAGES" / "poh.po"
    text = po.read_text("utf-8")
    marker = 'msgstr "Qu'
    po.write_text(text.replace(marker, 'msgstr "Qu\u2019', 1) if marker in text
                  else text + "\n", "utf-8")
    seconds, stdout = timed([*base, "--size", "all", "--paper", "all", "--jobs", "2"])
    rebuilt, skipped = counts(stdout)
    print(f"one French message changed: {rebuilt} rebuilt, {skipped} skipped, {seconds:.1f} s "
          f"(goal: only French handouts that print the message, at most 18)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
