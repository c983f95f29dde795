"""The build: plan the job matrix, skip what is unchanged, run the rest, publish.

Jobs are independent: each gets a key hashed from everything that can change its
bytes, so an unchanged handout is skipped without importing WeasyPrint, and a
changed catalog rebuilds only its language. Jobs run on any
``concurrent.futures.Executor``; the process pool keeps one WeasyPrint set-up per
worker.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__, files
from ..builder.executors import Remote, make_executor
from ..builder.health import Recycling
from ..builder.index_page import write_index_page
from ..builder.options import BuildOptions
from ..builder.publish import (
    output_lock,
    read_manifest,
    remove_stale_temporaries,
    remove_temp_folder,
    sha256,
    write_manifest,
    write_output,
)
from ..builder.report import write_accessibility_report
from ..builder.workers import Session, run_job
from ..content.load import discover_guides, guide_files, load_guide
from ..content.model import Guide
from ..content.select import select
from ..errors import ContentError, HandoutError
from ..limits import CATALOG_BYTES, FILE_BYTES, cores
from ..matrix import (
    AUDIENCE_NAMES,
    DEFAULT_SIZE,
    DEFAULT_STANDARD,
    PAPERS,
    PDF_STANDARDS,
    PRINT_SIZES,
    Job,
    paper_for,
)
from ..project import Project
from ..translation.catalogs import (
    TEMPLATE_DOMAIN,
    Catalog,
    catalog_path,
    discover_languages,
    language_problem,
)
from ..translation.status import (
    ExpectedMessages,
    LanguageStatus,
    expected_messages,
    language_status,
)


@dataclass(frozen=True)
class Request:
    """What the user asked for; empty tuples mean "all"."""

    guides: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    sizes: tuple[str, ...] = (DEFAULT_SIZE,)
    papers: tuple[str, ...] = ("auto",)
    standards: tuple[str, ...] = (DEFAULT_STANDARD,)      # keys of PDF_STANDARDS
    out: Path | None = None
    force: bool = False
    jobs: int = 0
    options: BuildOptions = BuildOptions()
    recycling: Recycling = Recycling()
    # Second languages: build bilingual editions (each language followed by one of
    # these) instead of plain ones.
    bilingual: tuple[str, ...] = ()


@dataclass
class Outcome:
    job: Job
    status: str                  # built, skipped, failed
    path: Path | None = None
    error: str = ""
    seconds: float = 0.0
    entry: dict[str, Any] = field(default_factory=dict)
    traceback: str = ""          # set for an internal error (a bug), never a user's
    worker: int = 0              # the worker's pid, its memory after the job (bytes) and
    memory: int = 0              # the job's own time: for benchmarks and recycling tests
    job_seconds: float = 0.0
    worker_id: str = ""


@dataclass
class Plan:
    jobs: list[tuple[Job, str]]                   # (job, input key)
    guides: dict[str, Guide]
    languages: dict[tuple[str, str], LanguageStatus]
    failures: list[str]                           # things refused before any job ran
    notices: list[str]                            # languages left out of a default build


def plan_build(project: Project, request: Request) -> Plan:
    """Load guides, check languages and list the jobs, without rendering anything."""
    failures: list[str] = []
    notices: list[str] = []
    guides: dict[str, Guide] = {}
    known = discover_guides(project.guides)
    for guide_id in request.guides or known:
        if guide_id not in known:
            failures.append(f"guide '{guide_id}': no such guide folder in {project.guides}")
            continue
        try:
            guides[guide_id] = load_guide(project.guide_folder(guide_id))
        except HandoutError as exc:
            failures.append(str(exc))
    jobs: list[tuple[Job, str]] = []
    statuses: dict[tuple[str, str], LanguageStatus] = {}
    for guide in guides.values():
        shared = shared_key(project, guide)
        expected = expected_messages(project, guide)
        available = [guide.source_language] + [
            lang for lang in discover_languages(project.locales, guide.id, notices)
            if lang != guide.source_language]
        for language in request.languages or available:
            if language not in available:
                problem = language_problem(language)
                failures.append(f"{guide.id}/{language}: {problem}" if problem else
                                f"{guide.id}/{language}: no catalog "
                                f"{catalog_path(project.locales, language, guide.id)}")
                continue
            status = language_status(project, guide, language, expected=expected)
            statuses[(guide.id, language)] = status
            if not status.buildable(request.options.allow_fallback):
                reason = f"{guide.id}/{language}: not built: {status.summary()}"
                (failures if request.languages else notices).append(reason)
                continue
            catalog = status.catalog
            seconds = _second_languages(project, guide, language, available, request,
                                        statuses, failures, expected)
            for audience in request.audiences or AUDIENCE_NAMES:
                printed = printed_key(guide, audience, catalog)
                for second in seconds:
                    both = printed if not second else hashlib.sha256((printed + printed_key(
                        guide, audience, statuses[(guide.id, second)].catalog)
                    ).encode()).hexdigest()
                    for size in request.sizes:
                        for paper in dict.fromkeys(paper_for(language, p)
                                                   for p in request.papers):
                            clinic = request.options.clinic
                            for standard in request.standards:
                                job = Job(guide.id, language, audience, size, paper,
                                          clinic.id if clinic else None, standard, second)
                                jobs.append((job, job_key(project, guide, job,
                                                          request.options, shared, both)))
    return Plan(jobs, guides, statuses, failures, notices)


def _second_languages(project: Project, guide: Guide, language: str, available: list[str],
                      request: Request, statuses: dict[tuple[str, str], LanguageStatus],
                      failures: list[str], expected: ExpectedMessages) -> list[str | None]:
    """The second languages of ``language``'s bilingual editions ([None]: plain only).

    A language is never paired with itself; a second language must be shipped and
    buildable like any other."""
    if not request.bilingual:
        return [None]
    seconds: list[str | None] = []
    for second in request.bilingual:
        if second == language:
            continue
        if second not in available:
            problem = language_problem(second)
            failures.append(f"{guide.id}/{language}/bi-{second}: " + (
                problem or f"no catalog {catalog_path(project.locales, second, guide.id)}"))
            continue
        status = statuses.get((guide.id, second)) or language_status(
            project, guide, second, expected=expected)
        statuses[(guide.id, second)] = status
        if not status.buildable(request.options.allow_fallback):
            failures.append(f"{guide.id}/{language}/bi-{second}: not built: "
                            f"{status.summary()}")
            continue
        seconds.append(second)
    return seconds


def _file_digest(paths: Iterable[Path], digest, max_bytes: int = CATALOG_BYTES) -> None:
    for path in sorted(paths):
        if path.is_file() or path.is_symlink():     # a link is refused, not followed
            digest.update(str(path).encode() + b"\0")
            digest.update(files.read_bytes(path, ContentError, max_bytes))


def shared_key(project: Project, guide: Guide) -> str:
    """Hash of the inputs every job of a guide shares: content, styles, fonts, engine."""
    digest = hashlib.sha256()
    digest.update(repr((__version__, _tool_versions())).encode())
    _file_digest(guide_files(guide), digest)      # never a stray file in the folder
    _file_digest(files.regular_files(project.styles, ContentError), digest, FILE_BYTES)
    # The engine itself: every module of the package, in every subpackage.
    _file_digest(Path(__file__).resolve().parents[1].rglob("*.py"), digest)
    for font in _font_files(project):
        stat = font.stat()
        digest.update(f"{font}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def job_key(project: Project, guide: Guide, job: Job, options: BuildOptions,
            shared: str, printed: str) -> str:
    """A hash of everything that can change the job's bytes.

    ``printed`` is :func:`printed_key` of the job's language and audience: the
    translations this handout prints, not the whole catalog, so a change to a
    teen-only message rebuilds only the teen handouts of that language. The template
    catalog (running headers, labels) is shared by all and hashed whole.
    """
    digest = hashlib.sha256(shared.encode())
    digest.update(repr((job, options)).encode())
    digest.update(printed.encode())
    if options.clinic:
        _file_digest(options.clinic.files, digest)
    _file_digest([catalog_path(project.locales, code, TEMPLATE_DOMAIN)
                  for code in (job.language, job.second) if code], digest)
    return digest.hexdigest()


def printed_key(guide: Guide, audience: str, catalog: Catalog | None) -> str:
    """Hash of what one audience's handout prints from the guide's catalog: each of its
    messages with its translation and fuzzy flag, and the review header it quotes."""
    digest = hashlib.sha256()
    for message in select(guide, audience).messages():
        entry = catalog.entries.get((message.context, message.msgid)) if catalog else None
        digest.update(repr((message.context, message.msgid,
                            (entry.msgstr, entry.fuzzy) if entry else None)).encode())
    digest.update(repr(catalog.review if catalog else None).encode())
    return digest.hexdigest()


def _tool_versions() -> tuple[str, ...]:
    return tuple(_version(name) for name in ("weasyprint", "pydyf", "jinja2", "babel",
                                              "markdown-it-py", "fonttools"))


def _version(name: str) -> str:
    try:
        return f"{name}={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name}=missing"


def _font_files(project: Project) -> list[Path]:
    from ..rendering.fonts import load_font_stacks

    return sorted({face.path for stack in load_font_stacks(project.styles).values()
                   for face in stack.faces})


# -- workers -------------------------------------------------------------------------

# -- the build ----------------------------------------------------------------------

Progress = Callable[[Outcome, int, int], None]


def run_build(project: Project, request: Request, progress: Progress | None = None,
              executor: Executor | None = None,
              remote: Remote | None = None) -> tuple[Plan, list[Outcome]]:
    """Build what ``request`` asks for; return the plan and one outcome per job.

    ``executor`` may be any :class:`concurrent.futures.Executor` (a process pool, a
    thread pool); the caller keeps it open. Jobs and their arguments are plain
    picklable data; each process opens what it needs for this build's
    :class:`~handout.builder.workers.Session` on its first job. ``remote`` is for
    workers that do not share this machine's files (a Dask cluster): they get the
    project as a bundle.

    The output folder is locked while the build writes to it: a second build into
    the same folder waits for this one, then sees its manifest records.
    """
    plan = plan_build(project, request)
    out = request.out or project.default_output
    if not plan.jobs:
        return plan, []
    with output_lock(out, on_wait=lambda: print(
            f"waiting: another build is writing to {out}", file=sys.stderr, flush=True)):
        try:
            return plan, _build(project, request, plan, out, progress, executor, remote)
        finally:
            remove_temp_folder(out)


def _build(project: Project, request: Request, plan: Plan, out: Path,
           progress: Progress | None, executor: Executor | None,
           remote: Remote | None) -> list[Outcome]:
    remove_stale_temporaries(out)
    manifest = read_manifest(out)
    outcomes: list[Outcome] = []
    todo: list[tuple[Job, str]] = []
    for job, key in plan.jobs:
        relative = job.output_path(Path()).as_posix()
        entry = manifest.get(relative)
        if not request.force and entry and entry.get("key") == key:
            outcomes.append(Outcome(job, "skipped", out / relative, entry=entry))
            if progress:
                progress(outcomes[-1], len(outcomes), len(plan.jobs))
        else:
            todo.append((job, key))
    if todo:
        if request.jobs > cores():
            plan.notices.append(f"--jobs {request.jobs} is more than the {cores()} cores "
                                f"this build may use; using {cores()}")
        workers = min(request.jobs or cores(), cores())
        if remote is not None:
            executor = remote.executor
            session = Session(None, os.urandom(8).hex(), remote.digest)
            extra: tuple = (remote.bundle,)
        else:
            session, extra = Session(str(project.root), os.urandom(8).hex()), ()
        own_executor = executor is None
        executor = executor or make_executor(min(workers, len(todo)), request.recycling)
        try:
            started = time.perf_counter()
            # Longest jobs first, so the workers finish together (15-handout matrix, 2
            # workers: 1.71x -> 1.81x faster than one).
            todo.sort(key=lambda item: item[0].expected_cost, reverse=True)
            futures = {executor.submit(run_job, session, job.guide, job, request.options,
                                       *extra): (job, key) for job, key in todo}
            for future in as_completed(futures):
                job, key = futures[future]
                outcome = _publish(out, plan, job, key, future)
                outcome.seconds = time.perf_counter() - started
                if remote is not None and outcome.worker_id:
                    remote.after_job(outcome.worker_id, outcome.memory)
                outcomes.append(outcome)
                if outcome.status == "built":
                    # After every handout, so a killed build leaves a true manifest.
                    manifest[outcome.entry["path"]] = outcome.entry
                    write_manifest(out, manifest)
                if progress:
                    progress(outcome, len(outcomes), len(plan.jobs))
        finally:
            if own_executor:
                executor.shutdown(cancel_futures=True)
    changed = any(o.status == "built" for o in outcomes)
    if changed or (plan.jobs and not (out / "manifest.json").is_file()):
        write_manifest(out, manifest)
        published = list(read_manifest(out).values())    # what is on disk, as written
        write_index_page(out, published, project)
        for guide in plan.guides.values():
            entries = [e for e in published if e["guide"] == guide.id]
            if entries:
                write_accessibility_report(out, guide, entries)
    return outcomes


def _publish(out: Path, plan: Plan, job: Job, key: str, future: Future) -> Outcome:
    path = job.output_path(out)
    try:
        result = future.result()
        pdf, report, web = result.pdf, result.report, result.web
        if report.errors:
            return Outcome(job, "failed", error=f"{job.label()}: verification failed: "
                           + "; ".join(report.errors[:3]))
        write_output(out, job.web_path(out), web)
        write_output(out, path, pdf)
    except HandoutError as exc:
        return Outcome(job, "failed", error=f"{job.label()}: {exc}")
    except Exception as exc:  # noqa: BLE001 - one broken job must not stop the others
        # A bug: keep the traceback (a pool worker's comes along as __cause__).
        return Outcome(job, "failed", error=f"{job.label()}: internal error: "
                       f"{type(exc).__name__}: {exc}",
                       traceback="".join(traceback.format_exception(exc)))
    guide = plan.guides[job.guide]
    status = plan.languages.get((job.guide, job.language))
    entry = {
        "path": job.output_path(Path()).as_posix(), "guide": job.guide,
        "language": job.language, "audience": job.audience, "size": job.size,
        "paper": job.paper, "pdf_standard": job.pdf_standard,
        "pages": report.pages, "bytes": len(pdf), "sha256": sha256(pdf),
        "content_version": guide.content_version,
        "translation_status": status.review if status else "original",
        "checks": report.summary(), "key": key,
        "edition": job.edition.name, "second_language": job.second, "clinic": job.clinic,
        "web": {"path": job.web_path(Path()).as_posix(), "bytes": len(web),
                "sha256": sha256(web)},
    }
    return Outcome(job, "built", path, entry=entry, worker=result.pid, memory=result.rss,
                   job_seconds=result.seconds, worker_id=result.worker)


def sizes_from(values: list[str]) -> tuple[str, ...]:
    """The print sizes asked for (``--size`` may be repeated; "all" means every size)."""
    if "all" in values:
        return tuple(PRINT_SIZES)
    return tuple(dict.fromkeys(values)) or (DEFAULT_SIZE,)


def papers_from(values: list[str]) -> tuple[str, ...]:
    """The papers asked for (``--paper`` may be repeated; "all" means both)."""
    if "all" in values:
        return tuple(PAPERS)
    return tuple(dict.fromkeys(values)) or ("auto",)


def standards_from(values: list[str]) -> tuple[str, ...]:
    """The PDF standards asked for (``--pdf-standard`` may be repeated; "all" means
    both)."""
    if "all" in values:
        return tuple(PDF_STANDARDS)
    return tuple(dict.fromkeys(values)) or (DEFAULT_STANDARD,)
