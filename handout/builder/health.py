"""Keeping workers healthy over long builds: when to replace one, and how big it is.

Plain values and one measurement, importable without the rendering stack (the
command line reads the defaults for its help text).
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass


@dataclass(frozen=True)
class Recycling:
    """When to replace a worker. Defaults from ``benchmarks/scaling.py --recycle-after 0``
    (10 guides, 450 handouts, 2 workers kept for the whole run): a worker holds about
    110 MB after its first handout, 320-340 MB after its 25th, and levels off at
    350-357 MB from its 50th to its 225th. So nothing leaks that recycling must catch;
    a fresh process every 100 handouts costs under 1% (0.8 s of start-up), and the
    ceiling, three times the plateau, catches a runaway document, not normal growth."""

    jobs: int = 100                # handouts per worker, then a fresh process
    memory_mb: int = 1024          # resident memory after a handout, then a fresh process


DEFAULT_RECYCLING = Recycling()


def resident_memory() -> int:
    """The most memory this process has held so far, in bytes (getrusage: no file is
    read, and a worker that once passed the ceiling is replaced)."""
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024     # macOS counts bytes


def worker_identity() -> str:
    """This process on this machine (pids repeat across machines)."""
    # platform.node() (uname), not socket.gethostname(): a build opens no socket.
    return f"{platform.node()}:{os.getpid()}"
