"""What each subcommand does, in terms of the engine's stages. Prints; never parses."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

from .builder import run as builder
from .builder.health import Recycling
from .builder.options import BuildOptions
from .builder.run import Outcome, Request, papers_from, sizes_from, standards_from
from .content.clinic import load_profile
from .content.load import discover_guides, load_guide
from .errors import EXIT_INTERNAL_ERROR, EXIT_USER_ERROR, HandoutError, UsageError
from .pdf.harfbuzz import harfbuzz_subset_available
from .project import Project
from .translation.catalogs import language_problem


def _progress(stream=None):
    stream = stream or sys.stderr
    interactive = stream.isatty()

    def report(outcome: Outcome, done: int, total: int) -> None:
        mark = {"built": "built", "skipped": "unchanged", "failed": "FAILED"}[outcome.status]
        line = f"[{done}/{total}] {mark:9} {outcome.job.label()}"
        if interactive:
            width = 30
            filled = int(width * done / total) if total else width
            bar = "#" * filled + "-" * (width - filled)
            stream.write(f"\r[{bar}] {done}/{total} {outcome.job.label()[:50]:50}")
            if done == total:
                stream.write("\n")
            stream.flush()
        else:
            print(line, file=stream, flush=True)

    return report


def run_build(project: Project, args) -> int:
    if not harfbuzz_subset_available():
        print("warning: libharfbuzz-subset not found; WeasyPrint falls back to fontTools, "
              "which is much slower (16x for Chinese) and not byte-reproducible. Install it "
              "(Debian/Ubuntu: apt-get install libharfbuzz-subset0; macOS: brew install "
              "harfbuzz).", file=sys.stderr)
    for code in [*args.lang, *args.bilingual]:
        problem = language_problem(code)
        if problem:
            raise UsageError(problem, advice="Use a language code such as es, fr-CA or zh")
    request = Request(
        guides=tuple(args.guide), languages=tuple(args.lang), audiences=tuple(args.audience),
        sizes=sizes_from(args.size), papers=papers_from(args.paper),
        standards=standards_from(args.pdf_standard), out=args.out,
        force=args.force, jobs=args.jobs, bilingual=tuple(dict.fromkeys(args.bilingual)),
        options=BuildOptions(allow_fallback=args.allow_fallback,
                             clinic=load_profile(args.clinic) if args.clinic else None),
        recycling=Recycling(args.recycle_after, args.worker_memory))
    started = time.perf_counter()
    if args.scheduler:
        from .builder.cluster import connect

        with connect(args.scheduler, project, request.recycling) as remote:
            plan, outcomes = builder.run_build(project, request, progress=_progress(),
                                               remote=remote)
    else:
        plan, outcomes = builder.run_build(project, request, progress=_progress())
    elapsed = time.perf_counter() - started
    for notice in plan.notices:
        print(f"note: {notice}", file=sys.stderr)
    failures = [*plan.failures, *(o.error for o in outcomes if o.status == "failed")]
    for failure in failures:
        print(f"error: {failure}", file=sys.stderr)
    counts = {status: sum(1 for o in outcomes if o.status == status)
              for status in ("built", "skipped", "failed")}
    print(f"{'built':>8} {'skipped':>8} {'failed':>8} {'time':>8}")
    print(f"{counts['built']:>8} {counts['skipped']:>8} {len(failures):>8} {elapsed:>7.1f}s")
    if not outcomes and not failures:
        print("nothing to build: no guide, language or audience matched", file=sys.stderr)
        return EXIT_USER_ERROR
    bugs = [o for o in outcomes if o.traceback]
    if bugs:
        return _report_internal_errors(bugs, args.debug)
    return EXIT_USER_ERROR if failures else 0


def _report_internal_errors(bugs: list[Outcome], debug: bool) -> int:
    if debug:
        for outcome in bugs:
            print(f"\ntraceback of {outcome.job.label()}:\n{outcome.traceback}",
                  file=sys.stderr)
    else:
        print(f"{len(bugs)} handout(s) failed on an internal error, a bug in this tool: "
              "run again with --debug to print the traceback, and report it",
              file=sys.stderr)
    return EXIT_INTERNAL_ERROR


def run_lint(project: Project, args) -> int:
    from .content.lint import lint_guide
    from .content.readability import readability
    from .matrix import AUDIENCE_NAMES

    status = 0
    for guide_id in args.guide or discover_guides(project.guides):
        guide = load_guide(project.guide_folder(guide_id))
        for warning in guide.warnings:
            print(f"warning: {warning}")
        for audience in AUDIENCE_NAMES:
            result = readability(guide, audience)
            target = f"target <= {result.target:g}" if result.target else "no target"
            print(f"{guide_id} {audience:9} Flesch-Kincaid grade {result.grade:5.2f} "
                  f"({target}), SMOG {result.smog:5.2f}, {result.words} words")
        problems = lint_guide(guide)
        for problem in problems:
            print(f"error: {problem}")
        print(f"{guide_id}: {len(problems)} problems")
        if problems:
            status = EXIT_USER_ERROR
    return status


def _pdfs(paths: list[Path], default: Path) -> list[Path]:
    """The PDFs to verify: files named, and *.pdf under folders named (links inside a
    folder are not followed)."""
    found = []
    for path in paths or [default]:
        if path.is_dir():
            for folder, folders, names in os.walk(path, followlinks=False):
                folders.sort()
                found.extend(Path(folder) / name for name in sorted(names)
                             if name.lower().endswith(".pdf")
                             and not (Path(folder) / name).is_symlink())
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"no such file or folder: {path}")
    return found


def run_verify(project: Project, args) -> int:
    with contextlib.ExitStack() as stack:
        batch = None
        if args.vera:
            from .verify import verapdf

            verapdf.command()       # Java, veraPDF and JAXB are there, before any work
            batch = stack.enter_context(verapdf.Batch())
        return _verify(project, args, batch)


def _verify(project: Project, args, batch) -> int:
    """verify's loop; with a veraPDF ``batch``, results are printed once it has run."""
    import pikepdf
    from pypdfium2 import PdfiumError

    from .matrix import PRINT_SIZES
    from .verify.document import read_for_verify, verify_pdf

    status = 0
    checked: list = []              # (path, report) of the PDFs in the veraPDF batch
    for path in _pdfs(args.paths, project.default_output):
        language, size = _expected_by_manifest(path)
        if args.min_size is not None:
            size = args.min_size
        elif size is None:
            size = next((s.body_pt for name, s in PRINT_SIZES.items()
                         if f"-{name}-" in path.name), None)
        try:
            # Each file on its own: a bad one is reported and the next is checked.
            data = read_for_verify(path)
            report = verify_pdf(data, language, size, standard=args.pdf_standard)
        except HandoutError as exc:
            status = EXIT_USER_ERROR
            print(f"{path}: error: {exc.problem}" + (f". {exc.advice}" if exc.advice
                                                    else ""))
            continue
        except (pikepdf.PdfError, PdfiumError) as exc:
            status = EXIT_USER_ERROR
            print(f"{path}: error: the PDF cannot be read: {str(exc)[:200]}")
            continue
        if batch is not None:
            batch.add(data, report.standard)
            checked.append((path, report))
            continue
        status = max(status, _print_verified(path, report, None))
    if checked:
        for (path, report), problems in zip(checked, batch.problems(), strict=True):
            status = max(status, _print_verified(path, report, problems))
    return status


def _expected_by_manifest(path: Path) -> tuple[str | None, float | None]:
    """The language and print size a build recorded for ``path`` in its output
    folder's manifest; (None, None) for a PDF from elsewhere (file names cannot say:
    guide ids and language codes may hold dashes, as in my-guide-es-MX-...)."""
    from .builder.publish import read_manifest
    from .matrix import PRINT_SIZES

    for out in path.resolve().parents[:3]:
        if not (out / "manifest.json").is_file():
            continue
        try:
            entries = read_manifest(out)
        except HandoutError:
            return None, None
        entry = entries.get(path.resolve().relative_to(out).as_posix())
        if entry is not None and entry["size"] in PRINT_SIZES:
            return entry["language"], PRINT_SIZES[entry["size"]].body_pt
    return None, None


def _print_verified(path: Path, report, vera: list[str] | None) -> int:
    """One line per problem, or one ``ok`` line; ``vera`` holds veraPDF's problems
    (None: not run)."""
    errors = report.errors + (vera or [])
    for error in errors:
        print(f"{path}: {error}")
    if errors:
        return EXIT_USER_ERROR
    from .matrix import PDF_STANDARDS

    standard = PDF_STANDARDS.get(report.standard)
    checked = f"{standard.label} " if standard else ""
    checked += "veraPDF: no failed rules" if vera is not None else report.pdfua
    print(f"{path}: ok ({report.pages} pages, smallest glyph "
          f"{report.min_glyph_pt:.1f} pt, contrast {report.min_contrast:.1f}:1, "
          f"{checked})")
    return 0


def run_extract(project: Project, args) -> int:
    from .translation.workflow import extract

    for path in extract(project):
        print(f"wrote {path.relative_to(project.root)}")
    return 0


def run_init(project: Project, args) -> int:
    from .translation.workflow import init

    for path in init(project, args.language):
        print(f"created {path.relative_to(project.root)}")
    return 0


def run_update(project: Project, args) -> int:
    from .translation.workflow import update

    notes: list[str] = []
    refused: list = []
    for path in update(project, args.languages or None, notes, refused):
        print(f"updated {path.relative_to(project.root)}")
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    for error in refused:
        print(f"error: {error} (not updated)", file=sys.stderr)
    return EXIT_USER_ERROR if refused else 0


def _statuses(project: Project, guides: list[str], languages: list[str] | None):
    from .translation.catalogs import discover_languages
    from .translation.status import expected_messages, language_status

    for language in languages or ():
        problem = language_problem(language)
        if problem:
            raise UsageError(problem, advice="Name a folder under locales/")
    notes: list[str] = []
    for guide_id in guides or discover_guides(project.guides):
        guide = load_guide(project.guide_folder(guide_id))
        expected = expected_messages(project, guide)
        for language in languages or discover_languages(project.locales, guide_id, notes):
            yield language_status(project, guide, language, toolkit=True, expected=expected)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)


def run_stats(project: Project, args) -> int:
    print(f"{'guide':8} {'lang':6} {'translated':>10} {'fuzzy':>6} {'untransl.':>9} "
          f"{'QA errors':>9} {'warnings':>8}  review")
    for status in _statuses(project, args.guide, None):
        warnings = sum(1 for p in status.problems if p.severity == "warning")
        print(f"{status.guide:8} {status.language:6} {status.translated:>10} "
              f"{status.fuzzy:>6} {status.untranslated:>9} {len(status.qa_errors):>9} "
              f"{warnings:>8}  {status.broken or status.review}")
    return 0


def run_check(project: Project, args) -> int:
    status_code = 0
    for status in _statuses(project, args.guide, args.languages or None):
        if status.broken:
            print(f"error: {status.broken}")
            status_code = EXIT_USER_ERROR
        for problem in status.problems:
            print(problem)
        if status.errors:
            status_code = EXIT_USER_ERROR
        print(f"{status.guide}/{status.language}: {len(status.errors)} errors, "
              f"{len(status.problems) - len(status.errors)} warnings")
    return status_code


def run_proof(project: Project, args) -> int:
    from .builder.engine import Workshop, build_pdf
    from .builder.publish import output_lock, remove_temp_folder, write_output
    from .matrix import Job, paper_for

    problem = language_problem(args.language)
    if problem:
        raise UsageError(problem, advice="Name a language folder under locales/")
    guides = discover_guides(project.guides)
    guide_id = args.guide or (guides[0] if len(guides) == 1 else None)
    if guide_id is None or guide_id not in guides:
        raise UsageError("several guides: choose one with --guide" if guide_id is None
                         else f"no guide {guide_id!r} in {project.guides}")
    guide = load_guide(project.guide_folder(guide_id))
    job = Job(guide_id, args.language, args.audience, "standard",
              paper_for(args.language, "auto"))
    workshop = Workshop.open(project)
    try:
        pdf = build_pdf(workshop, guide, job,
                        BuildOptions(allow_fallback=True, proof=True)).pdf
    finally:
        workshop.close()
    base = args.out or project.default_output
    out = base / "proof" / job.filename
    with output_lock(base):
        try:
            write_output(base, out, pdf)
        finally:
            remove_temp_folder(base)
    print(f"wrote {out}")
    return 0

