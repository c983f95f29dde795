"""Errors a user can cause, each carrying where it happened and what to do.

The CLI turns any :class:`HandoutError` into one readable line and an exit code;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class HandoutError(Exception):
    """A problem in the user's input or environment, with location and advice."""

    problem: str
    file: Path | str | None = None
    line: int | None = None
    advice: str = ""
    msgid: str | None = None

    exit_code = 2

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line:
                where += f":{self.line}"
            where += ": "
        text = where + self.problem
        if self.msgid is not None:
            short = self.msgid if len(self.msgid) <= 60 else self.msgid[:57] + "..."
            text += f" (msgid {short!r})"
        if self.advice:
            text += f". {self.advice}"
        return text


class ContentError(HandoutError):
    """The guide's YAML, references or images are wrong."""


class CatalogError(HandoutError):
    """A translation catalog is broken, incomplete or fails its checks."""


class ProfileError(HandoutError):
    """A clinic profile is wrong."""


class RenderError(HandoutError):
    """The HTML could not become a trustworthy PDF."""

    exit_code = 3


class VerifyError(HandoutError):
    """A written PDF fails an accessibility or print check."""

    exit_code = 4


class UsageError(HandoutError):
    """The command line asks for something that does not exist."""

    exit_code = 64
