"""Where jobs run: this process, a local pool of worker processes, or a Dask cluster
(:mod:`handout.builder.cluster`), all behind ``concurrent.futures.Executor``.

Workers are recycled so that a long build stays healthy: a worker is replaced after
``Recycling.jobs`` handouts, or as soon as its resident memory passes
``Recycling.memory_mb``. The pool does it by starting a fresh generation of workers
for new jobs and letting the old one finish what it holds; nothing is lost or
repeated, and a recycled worker gives the same bytes (tests/test_build.py).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any

from ..builder.health import DEFAULT_RECYCLING, Recycling, resident_memory
from ..builder.workers import close_workshop, init_pool_worker


class Remote:
    """Workers that do not share this machine's files (a cluster): their executor, the
    project bundle (or a handle the executor turns into it, such as a Dask future)
    and its digest. :meth:`after_job` sees every result, to recycle workers."""

    def __init__(self, executor: Executor, bundle: Any, digest: str) -> None:
        self.executor, self.bundle, self.digest = executor, bundle, digest

    def after_job(self, worker: str, memory: int) -> None:
        """Called by the build with each job's worker and its memory afterwards."""


class InlineExecutor(Executor):
    """Runs jobs in this process (``--jobs 1``); same interface as a pool."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller via the future
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        close_workshop()


def _measured(fn: Callable[..., Any], *args: Any) -> tuple[Any, int, int]:
    """In a worker: the job's result, this worker's pid and its memory afterwards."""
    return fn(*args), os.getpid(), resident_memory()


class LocalPool(Executor):
    """A process pool whose workers are replaced by :class:`Recycling`'s rules."""

    def __init__(self, workers: int, recycling: Recycling = DEFAULT_RECYCLING) -> None:
        self.workers = workers
        self.recycling = recycling
        self.lock = threading.Lock()
        self.pool = self._new_pool()
        self.retired: list[ProcessPoolExecutor] = []
        self.pids: set[int] = set()          # every worker that ran a job, for the tests

    def _new_pool(self) -> ProcessPoolExecutor:
        # forkserver: workers fork from a clean server process that has already imported
        # WeasyPrint, so they start fast (like fork) without inheriting the threads and
        # locks of the calling process (a plain fork from a busy process can deadlock).
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["handout.builder.engine", "weasyprint"])
        else:
            context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                   initializer=init_pool_worker, initargs=(os.getpid(),),
                                   max_tasks_per_child=self.recycling.jobs)

    def submit(self, fn, /, *args, **kwargs) -> Future:
        if kwargs:
            raise TypeError("LocalPool.submit takes positional arguments only")
        outer: Future = Future()
        outer.set_running_or_notify_cancel()
        with self.lock:
            inner = self.pool.submit(_measured, fn, *args)
            pool = self.pool
        inner.add_done_callback(lambda done: self._finished(done, outer, pool))
        return outer

    def _finished(self, inner: Future, outer: Future, pool: ProcessPoolExecutor) -> None:
        try:
            result, pid, memory = inner.result()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller via the future
            outer.set_exception(exc)
            return
        self.pids.add(pid)
        if memory > self.recycling.memory_mb * 1024 * 1024:
            self._retire(pool)
        outer.set_result(result)

    def _retire(self, pool: ProcessPoolExecutor) -> None:
        """New jobs go to a fresh generation; the old one finishes what it holds."""
        with self.lock:
            if pool is not self.pool:
                return
            self.retired.append(pool)
            self.pool = self._new_pool()
        pool.shutdown(wait=False)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self.lock:
            pools = [*self.retired, self.pool]
        for pool in pools:
            pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def make_executor(jobs: int, recycling: Recycling = DEFAULT_RECYCLING) -> Executor:
    """Our own executor: this process for one job at a time, else a local pool."""
    if jobs <= 1:
        return InlineExecutor()
    return LocalPool(jobs, recycling)
