"""What a process that runs jobs keeps between them, and how it cleans up.

A :class:`~handout.builder.engine.Workshop` (templates, fonts, WeasyPrint's set-up) is
worth keeping across the handouts one process builds: opening one per handout costs
11% more time. It is cached per process, keyed by the :class:`Session`, the project
folder and the build it belongs to, so a job finds the right one whatever executor
ran it (our process pool, ``--jobs 1`` in this process, Dask, a thread pool): a job
of another build or another project never reuses a stale one. WeasyPrint's seam
patches a module for the length of one document, so jobs in one process take turns
(a lock), which makes a thread pool correct, if not parallel.

A worker's WeasyPrint set-up has a font folder (about 3 MB, in the temporary
directory) that WeasyPrint removes only when its object is garbage-collected, which
never happens in a process that exits through multiprocessing. And when the build is
killed (``kill -9``, an out-of-memory kill), nothing tells its workers: they wait on
their queue forever. So each worker registers a clean-up for its normal exit and our
own pool's workers run a watcher thread that ends the worker, after the same
clean-up, once the process that started the pool is gone.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..builder.health import resident_memory, worker_identity
from ..matrix import Job
from ..project import Project
from .options import BuildOptions

if TYPE_CHECKING:       # the engine (renderer, WeasyPrint) is imported by the first job
    from ..builder.engine import Workshop
    from ..verify.document import VerifyReport

POLL_SECONDS = 0.5


@dataclass(frozen=True)
class Session:
    """Which project, and which build of it, a job belongs to (plain, picklable).

    ``root`` is the project folder when workers share this machine's files; for
    workers elsewhere it is None and the project travels as a bundle
    (:mod:`handout.builder.bundle`) named by its ``bundle`` digest.
    """

    root: str | None
    build_id: str
    bundle: str | None = None


@dataclass
class JobResult:
    """What a worker sends back: the PDF, its verification, and how the worker is."""

    pdf: bytes
    report: VerifyReport
    pid: int
    rss: int                     # the worker's resident memory after the job, bytes
    seconds: float
    worker: str = ""             # host:pid, for recycling on a cluster
    web: bytes = b""             # the web edition, made from the same rendering


def run_job(session: Session, guide_id: str, job: Job, options: BuildOptions,
            bundle: bytes | None = None) -> JobResult:
    """In a worker: make the PDF and read it back (both in parallel, not in the parent).

    The guide is loaded by the worker, once per build, from its own copy of the
    project, so its figures are read where the job runs.
    """
    from . import engine

    started = time.perf_counter()
    with workshop_for(session, bundle) as workshop:
        built, report = engine.make_handout(workshop, workshop.guide(guide_id), job, options)
    return JobResult(built.pdf, report, os.getpid(), resident_memory(),
                     time.perf_counter() - started, worker_identity(), built.web)


class _WorkshopCache:
    """The one workshop this process keeps, for the session of its latest job."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.session: Session | None = None
        self.workshop: Workshop | None = None
        self.cleanup_registered = False

    def close(self) -> None:
        if self.workshop is not None:
            self.workshop.close()
        self.session = self.workshop = None


_CACHE = _WorkshopCache()    # per process by nature: it holds this process's WeasyPrint


@contextmanager
def workshop_for(session: Session, bundle: bytes | None = None) -> Iterator[Workshop]:
    """This process's workshop for ``session``, held for the length of one job."""
    with _CACHE.lock:
        if _CACHE.session != session or _CACHE.workshop is None:
            _CACHE.close()
            root = Path(session.root) if session.root else _unpacked(session, bundle)
            from .engine import Workshop

            _CACHE.workshop = Workshop.open(Project(root))
            _CACHE.session = session
            if not _CACHE.cleanup_registered:
                on_exit(close_workshop)
                _CACHE.cleanup_registered = True
        yield _CACHE.workshop


def _unpacked(session: Session, bundle: bytes | None) -> Path:
    from .bundle import unpack

    if bundle is None or session.bundle is None:
        raise RuntimeError("a session without a project folder needs its bundle")
    return unpack(bundle, session.bundle)


def close_workshop() -> None:
    """Remove what this process's WeasyPrint set-up keeps on disk (its font folder)."""
    _CACHE.close()


def on_exit(cleanup: Callable[[], None]) -> None:
    """Run ``cleanup`` when this process exits normally: a multiprocessing worker at
    pool shutdown (its atexit handlers do not run), any other process at exit."""
    if multiprocessing.parent_process() is not None:
        from multiprocessing import util

        util.Finalize(None, cleanup, exitpriority=10)
    else:
        atexit.register(cleanup)


def init_pool_worker(parent: int) -> None:
    """Initializer of our own pool's workers: never outlive the build."""
    watch_parent(parent, close_workshop)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def watch_parent(parent: int, cleanup: Callable[[], None]) -> threading.Thread:
    """End this process (after ``cleanup``) when the build process ``parent`` dies.

    The worker's own parent may be a fork server rather than the build itself, so
    both are watched: the build's pid, and a change of this process's parent (which
    happens when the fork server, seeing the build gone, exits).
    """
    started_under = os.getppid()
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(POLL_SECONDS):
            if os.getppid() != started_under or not _alive(parent):
                try:
                    cleanup()
                finally:
                    os._exit(1)

    thread = threading.Thread(target=watch, name="handout-parent-watch", daemon=True)
    thread.start()
    return thread
