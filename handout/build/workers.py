"""Pool workers clean up after themselves and never outlive the build.

A worker keeps a WeasyPrint set-up whose font folder (about 3 MB, in the temporary
directory) WeasyPrint removes only when its object is garbage-collected, which never
happens in a process that exits through multiprocessing. And when the build is
killed (``kill -9``, an out-of-memory kill), nothing tells its workers: they wait on
their queue forever. So each worker registers a clean-up for its normal exit and
runs a watcher thread that ends the worker, after the same clean-up, once the
process that started the pool is gone.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

POLL_SECONDS = 0.5


def on_exit(cleanup: Callable[[], None]) -> None:
    """Run ``cleanup`` when this worker process exits normally (pool shutdown)."""
    from multiprocessing import util

    util.Finalize(None, cleanup, exitpriority=10)


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
