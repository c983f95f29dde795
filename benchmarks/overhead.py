"""One handout: our pipeline and our checks against plain WeasyPrint's own time.

Run: .venv/bin/python benchmarks/overhead.py [--runs N] [--audience A] [--lang L]

The floor is plain WeasyPrint in a separate process that imports none of this
project's code (benchmarks/plain_weasyprint.py), on the same final HTML, CSS and
figures. Here, in one warmed process as a build worker is:
- pipeline: render the HTML, write the PDF through the seam, fix the structure,
  and the figure check (goal: <= 1.10 x the floor);
- verify: read the PDF back, tags and printed pages (goal: <= 0.25 x the floor).
Medians of N runs.
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
    with tempfile.TemporaryDirectory(prefix="handout-bench-") as temporary:
        export(render_job(workshop, guide, job, options), Path(temporary))
        floor = plain_weasyprint(Path(temporary), args.runs)
    built = build_pdf(workshop, guide, job, options, web=False)
    pipeline = median_seconds(lambda: build_pdf(workshop, guide, job, options, web=False),
                              args.runs)
    checks = median_seconds(lambda: verify_pdf(
        built.pdf, job.language, PRINT_SIZES[job.size].body_pt,
        expected_structure=built.expected_structure), args.runs)
    pages = verify_pdf(built.pdf).pages
    print(f"{job.label()}, {pages} pages, medians of {args.runs}")
    print(f"  plain WeasyPrint, own process      {floor:6.3f} s   1.00")
    print(f"  pipeline (without verify)          {pipeline:6.3f} s   {pipeline / floor:4.2f}"
          "   goal <= 1.10")
    print(f"  verify (tags and printed pages)    {checks:6.3f} s   {checks / floor:4.2f}"
          "   goal <= 0.25")
    print(f"  a handout as a build makes it      {pipeline + checks:6.3f} s   "
          f"{(pipeline + checks) / floor:4.2f}")


if __name__ == "__main__":
    main()
