"""Building on a Dask distributed cluster (``build --scheduler tcp://HOST:PORT``).

The cluster is one more ``concurrent.futures.Executor`` (the Dask client's): the build
plans, keys, skips and publishes exactly as it does locally, so the output, the
manifest and the incremental cache are the same. What differs:

- the workers may be on other machines, so the project's inputs travel as one bundle
  (:mod:`handout.builder.bundle`), sent once to every worker and unpacked there once;
- each worker keeps its WeasyPrint set-up between jobs in its process cache
  (:mod:`handout.builder.workers`), like a local pool's worker;
- the client replaces a worker after ``Recycling.jobs`` handouts or above
  ``Recycling.memory_mb``, right after receiving that worker's result (its nanny
  starts a fresh process; a job it had just started runs again elsewhere).

Every worker needs this project installed the way ``tools/setup.sh`` installs it (the
same versions: the build key includes them) and its fonts; nothing else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager

from ..builder.bundle import make_bundle
from ..builder.executors import Remote
from ..builder.health import Recycling, worker_identity
from ..errors import HandoutError, UsageError
from ..project import Project

CONNECT_SECONDS = 20
ATTEMPTS = 3            # a job lost with its worker (recycled, crashed) runs again


class ClusterError(HandoutError):
    """The Dask scheduler cannot be reached or refused the build."""


class DaskExecutor(Executor):
    """The Dask client as an Executor whose jobs survive a worker being replaced.

    ``distributed``'s own ``ClientExecutor`` reports a task that was running on a
    worker when it restarted as cancelled; a handout is pure, so it is submitted
    again (up to :data:`ATTEMPTS` times) and only a real error fails it.
    """

    def __init__(self, client) -> None:
        self.client = client

    def submit(self, fn, /, *args, **kwargs) -> Future:
        outer: Future = Future()
        outer.set_running_or_notify_cancel()
        self._submit(outer, fn, args, kwargs, ATTEMPTS)
        return outer

    def _submit(self, outer: Future, fn, args, kwargs, attempts: int) -> None:
        future = self.client.submit(fn, *args, pure=False, **kwargs)
        future.add_done_callback(
            lambda done: self._done(done, outer, fn, args, kwargs, attempts))

    def _done(self, future, outer: Future, fn, args, kwargs, attempts: int) -> None:
        if future.status == "finished":
            outer.set_result(future.result())
        elif future.status == "cancelled" and attempts > 1:
            self._submit(outer, fn, args, kwargs, attempts - 1)
        elif future.status == "cancelled":
            outer.set_exception(ClusterError(
                f"the cluster cancelled the job {ATTEMPTS} times (workers lost)"))
        else:
            outer.set_exception(future.exception())

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """The client is closed by :func:`connect`."""


class DaskRemote(Remote):
    """A Dask client's executor, with workers recycled from the client's side."""

    def __init__(self, client, bundle, digest: str, recycling: Recycling) -> None:
        super().__init__(DaskExecutor(client), bundle, digest)
        self.client, self.recycling = client, recycling
        self.done: Counter[str] = Counter()
        self.addresses: dict[str, str] = {}
        self.restarted = 0

    def after_job(self, worker: str, memory: int) -> None:
        self.done[worker] += 1
        if self.done[worker] < self.recycling.jobs and \
                memory <= self.recycling.memory_mb * 1024 * 1024:
            return
        del self.done[worker]
        if worker not in self.addresses:
            self.addresses = {identity: address for address, identity in
                              self.client.run(worker_identity).items()}
        address = self.addresses.pop(worker, None)
        if address is not None:
            self.client.restart_workers([address], raise_for_error=False)
            self.restarted += 1


@contextmanager
def connect(address: str, project: Project, recycling: Recycling) -> Iterator[DaskRemote]:
    """A connection to the scheduler at ``address``, with the project sent to workers."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("--scheduler needs Dask's 'distributed' package",
                         advice="Install it: .venv/bin/pip install 'distributed>=2024.8'"
                         ) from None
    try:
        client = Client(address, timeout=f"{CONNECT_SECONDS}s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}",
                           advice="Start one with 'dask scheduler' and give its address "
                           "(tcp://HOST:8786); see the README") from None
    try:
        data, digest = make_bundle(project)
        bundle = client.scatter(data, broadcast=True, hash=True)
        yield DaskRemote(client, bundle, digest, recycling)
    finally:
        client.close()
