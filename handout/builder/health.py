"""Keeping workers healthy over long builds: when to replace one, and how big it is.

Plain values and one measurement, importable without the rendering stack (the
command line reads the defaults for its help text).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Recycling:
    """When to replace a worker. Defaults from benchmarks/scaling.py: a worker's memory
    grows from about 210 MB after its first handout and levels off near 300 MB."""

    jobs: int = 100                # handouts per worker, then a fresh process
    memory_mb: int = 1024          # resident memory after a handout, then a fresh process


DEFAULT_RECYCLING = Recycling()


def resident_memory() -> int:
    """This process's resident set size in bytes (Linux /proc; else the peak)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def worker_identity() -> str:
    """This process on this machine (pids repeat across machines)."""
    return f"{socket.gethostname()}:{os.getpid()}"
