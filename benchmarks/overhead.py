"""Per-handout overhead: our pipeline against plain WeasyPrint on the same HTML and CSS.

Run: .venv/bin/python benchmarks/overhead.py [--runs N]
Prints medians and the ratio (goal <= 1.05). Both sides run in one warmed process with
one FontConfiguration, as the build's workers do.
"""

from __future__ import annotations

import argparse
import statistics
import time

from handout.builder.engine import Workshop, build_pdf, render_job
from handout.content.load import load_guide
from handout.matrix import Job
from handout.project import find_project


def median_seconds(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--audience", default="parent")
    args = parser.parse_args()
    project = find_project()
    workshop = Workshop.open(project)
    guide = load_guide(project.guide_folder("poh"))
    job = Job("poh", "en", args.audience, "large", "letter")
    rendered = render_job(workshop, guide, job)
    writer = workshop.pdf_writer()
    build_pdf(workshop, guide, job)  # warm caches on both paths

    import weasyprint

    fetcher = writer._fetcher_class(writer.allowed_roots, rendered.assets)
    css = weasyprint.CSS(string=rendered.css, url_fetcher=fetcher,
                         font_config=writer.font_config)

    def plain() -> bytes:
        return weasyprint.HTML(string=rendered.html, base_url=str(project.styles),
                               url_fetcher=fetcher).write_pdf(
            stylesheets=[css], font_config=writer.font_config, pdf_variant="pdf/ua-1")

    def ours() -> object:
        return build_pdf(workshop, guide, job, web=False)

    def ours_no_verify_load() -> object:
        return build_pdf(workshop, load_guide(project.guide_folder("poh")), job, web=False)

    from handout.rendering.web import render_web
    from handout.verify.document import verify_pdf

    built = ours().pdf

    def web_edition() -> str:
        return render_web(rendered, workshop.env, [workshop.stack_for(job.language)])

    def check() -> object:
        return verify_pdf(built, job.language, 18)

    base = median_seconds(plain, args.runs)
    pipeline = median_seconds(ours, args.runs)
    with_load = median_seconds(ours_no_verify_load, args.runs)
    print(f"plain WeasyPrint (same HTML+CSS, pdf/ua-1): {base:.3f} s")
    print(f"pipeline (select, localize, cite, render, glyph check, WeasyPrint, "
          f"structure fix): {pipeline:.3f} s  ratio {pipeline / base:.2f}")
    print(f"pipeline including YAML load: {with_load:.3f} s  ratio {with_load / base:.2f}")
    web = median_seconds(web_edition, args.runs)
    print(f"web edition (same view, template, fonts subset and embedded): {web:.3f} s")
    checked = median_seconds(check, args.runs)
    print(f"verify (read back: tags, fonts, sizes, contrast, PDF/UA-1): {checked:.3f} s  "
          f"ratio with pipeline {(pipeline + checked) / base:.2f}")


if __name__ == "__main__":
    main()
