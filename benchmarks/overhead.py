"""One handout: our pipeline and our checks against plain WeasyPrint's own time.

Run: .venv/bin/python benchmarks/overhead.py [--runs N] [--audience A] [--lang L]

The floor is plain WeasyPrint in a separate process that imports none of this
project's code (benchmarks/plain_weasyprint.py), on the same final HTML, CSS and
figures. Here, in one warmed process as a build worker is:
- pipeline: render the HTML, write the PDF through the seam, fix the structure,
  and the figure check (goal: <= 1.10 x the floor);
- verify: read the PDF back, tags and printed pages (goal: <= 0.25 x the floor).

The machine's speed drifts (a shared machine can be a third faster one minute than
the next), so the two are measured in turn: N rounds, each of 3 plain runs then 3 of
ours, and each ratio is taken within its round. Printed: the seconds and the ratio
as medians over the rounds, with the lowest and highest round's ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from handout.builder.engine import Workshop, build_pdf, render_job
from handout.builder.options import BuildOptions
from handout.matrix import PRINT_SIZES, Job, paper_for
from handout.project import find_project
from handout.rendering.html import ASSET_SCHEME
from handout.verify.document import verify_pdf

HERE = Path(__file__).resolve().parent
PER_ROUND = 3


def median_seconds(function, runs: int) -> float:
    function()                                         # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def export(rendered, folder: Path) -> None:
    """The job's final HTML, CSS and figures as plain files for plain WeasyPrint."""
    (folder / "handout.css").write_text(rendered.css, "utf-8")
    html = rendered.html
    for name, data in rendered.assets.items():
        (folder / name).write_bytes(data)
        html = html.replace(ASSET_SCHEME + name, name)
    (folder / "handout.html").write_text(html, "utf-8")


def plain_weasyprint(folder: Path, runs: int) -> float:
    result = subprocess.run([sys.executable, str(HERE / "plain_weasyprint.py"), str(folder),
                             str(runs)], capture_output=True, text=True, check=True)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["modules_from_project"] == [], report     # the floor is plain
    return statistics.median(report["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--audience", default="parent")
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    project = find_project()
    workshop = Workshop.open(project)
    job = Job("poh", args.lang, args.audience, "large", paper_for(args.lang, "auto"))
    guide = workshop.guide("poh")
    options = BuildOptions(allow_fallback=True)
    built = build_pdf(workshop, guide, job, options, web=False)
    rounds: list[tuple[float, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="handout-bench-") as temporary:
        export(render_job(workshop, guide, job, options), Path(temporary))
        for _ in range(args.runs):
            floor = plain_weasyprint(Path(temporary), PER_ROUND)
            pipeline = median_seconds(
                lambda: build_pdf(workshop, guide, job, options, web=False), PER_ROUND)
            checks = median_seconds(lambda: verify_pdf(
                built.pdf, job.language, PRINT_SIZES[job.size].body_pt,
                expected_structure=built.expected_structure), PER_ROUND)
            rounds.append((floor, pipeline, checks))
    pages = verify_pdf(built.pdf).pages
    print(f"{job.label()}, {pages} pages, {args.runs} rounds of {PER_ROUND} runs each "
          "(median; lowest-highest round)")

    def row(name: str, index: int | None, goal: str) -> None:
        seconds = [r[index] if index is not None else r[1] + r[2] for r in rounds]
        ratios = sorted(s / r[0] for s, r in zip(seconds, rounds, strict=True))
        print(f"  {name:34} {statistics.median(seconds):6.3f} s   "
              f"{statistics.median(ratios):4.2f} ({ratios[0]:.2f}-{ratios[-1]:.2f})   {goal}")

    row("plain WeasyPrint, own process", 0, "")
    row("pipeline (without verify)", 1, "goal <= 1.10")
    row("verify (tags and printed pages)", 2, "goal <= 0.25")
    row("a handout as a build makes it", None, "")


if __name__ == "__main__":
    main()
