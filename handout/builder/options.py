"""What a build asks of every job beyond the job itself.

Kept apart from the engine so that planning a build (keys, skips) never imports
the renderer or WeasyPrint: a no-op rebuild stays a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.clinic import ClinicProfile


@dataclass(frozen=True)
class BuildOptions:
    allow_fallback: bool = False       # a missing translation prints in English, marked
    proof: bool = False                # each block carries its message id and line
    clinic: ClinicProfile | None = field(default=None, repr=False, compare=False)


DEFAULT_OPTIONS = BuildOptions()
