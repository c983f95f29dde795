"""Errors a user can cause, each carrying where it happened and what to do.

Exit codes, as MkDocs and the BSD sysexits convention have them: a user error
(:class:`HandoutError`) is one readable line and exit 1; a command line asking for
something that does not exist (:class:`UsageError`, and argparse's own) exits 2;
anything else is a bug: it exits 70 (EX_SOFTWARE) and keeps its traceback, printed
with ``--debug``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERNAL_ERROR = 70


@dataclass
class HandoutError(Exception):
    """A problem in the user's input or environment, with location and advice."""

    problem: str
    file: Path | str | None = None
    line: int | None = None
    advice: str = ""
    msgid: str | None = None

    exit_code = EXIT_USER_ERROR

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


class VerifyError(HandoutError):
    """A file given to ``verify`` cannot be read as a PDF."""


class ToolMissingError(HandoutError):
    """A program a command was asked to run is not installed (veraPDF, Java)."""


class UsageError(HandoutError):
    """The command line asks for something that does not exist."""

    exit_code = EXIT_USAGE
