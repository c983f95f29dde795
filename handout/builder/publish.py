"""Stage 8: the only code that writes handouts: atomic files, the manifest, the lock.

The output folder is untrusted input too: anyone may have put files in it, edited its
manifest or be building into it at the same time. So:

- every file is written as a new regular file and renamed into place, in folders
  that are checked on the way down (never through a symbolic link, never creating
  the target of a dangling one);
- a build's temporary files live in one private folder, ``.handout-tmp/`` inside
  the output folder, and only files there are ever removed;
- manifest entries are checked by shape (``<guide>/<lang>/<name>.pdf``, its web
  edition ``<name>.html`` beside it, hex sha256s) before any path is formed from them;
- a lock (``.handout.lock``, flock) makes two builds into one folder take turns, so
  neither loses the other's manifest records.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .. import files
from ..errors import HandoutError
from ..files import PublishError, atomic_write, folder_error
from ..limits import LOCK_WAIT_SECONDS, MANIFEST_BYTES
from ..matrix import PDF_STANDARDS

MANIFEST = "manifest.json"
TEMP_FOLDER = ".handout-tmp"
LOCK_FILE = ".handout.lock"
_TEMP_NAME = re.compile(r"^\.handout-[A-Za-z0-9_]{8,}\.part$")     # what mkstemp makes

# <guide>/<language>/<guide>-<language>-<audience>-<size>-<paper>[-bi-<lang>][-<clinic>]
# [-ua2].pdf, and its web edition beside it with the same name (no -ua2) in .html
_ENTRY_PATH = re.compile(
    r"^(?P<guide>[a-z0-9][a-z0-9-]{0,62})/(?P<language>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,2})"
    r"/(?P=guide)-(?P=language)-[a-z0-9-]{1,120}\.(?P<suffix>pdf|html)$")
_EDITIONS = ("plain", "bilingual")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_TEXT_FIELDS = ("guide", "language", "audience", "size", "paper", "content_version",
                "translation_status")


def write_output(out: Path, path: Path, data: bytes) -> None:
    """Write a file of a build under ``out``, its temporary in the private folder."""
    atomic_write(path, data, root=out, temp_folder=out / TEMP_FOLDER)


def remove_stale_temporaries(out: Path) -> None:
    """Delete the temporary files a killed build left: only files named as this module
    names them, only in the private folder, never following a link."""
    folder = out / TEMP_FOLDER
    try:
        info = os.lstat(folder)
    except OSError:
        return
    if not stat.S_ISDIR(info.st_mode):          # a link or a file: not ours, left alone
        return
    with os.scandir(folder) as entries:
        for entry in entries:
            if _TEMP_NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def remove_temp_folder(out: Path) -> None:
    """Remove the private folder once it is empty (the end of a build)."""
    folder = out / TEMP_FOLDER
    if not folder.is_symlink():
        with contextlib.suppress(OSError):
            folder.rmdir()


@contextlib.contextmanager
def output_lock(out: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold ``out/.handout.lock`` (flock) while building into ``out``.

    A second build into the same folder waits for the first (calling ``on_wait``
    once), up to LOCK_WAIT_SECONDS, then gives up with a message.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise folder_error(out, exc) from None
    path = out / LOCK_FILE
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags, 0o644)
    except OSError as exc:
        raise PublishError(f"cannot open the lock file: {exc.strerror}", path,
                           advice="Remove it if it is a link or a folder, or choose "
                           "another --out") from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise PublishError("the lock file is not a regular file", path)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while True:
                time.sleep(0.2)
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise PublishError(
                            f"another build has been writing to this folder for more "
                            f"than {LOCK_WAIT_SECONDS} s (LOCK_WAIT_SECONDS)", out,
                            advice="Wait for it to finish, or build into another "
                            "folder with --out") from None
        yield
    finally:
        os.close(descriptor)            # releases the lock


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def valid_entry(entry: Any) -> bool:
    """A manifest entry of the shape a build writes; nothing else is trusted."""
    from ..translation.catalogs import language_problem

    if not isinstance(entry, dict):
        return False
    path = entry.get("path")
    match = _ENTRY_PATH.match(path) if isinstance(path, str) else None
    if match is None or ".." in path.split("/") or match.group("suffix") != "pdf":
        return False
    if not _valid_web(entry.get("web"), _without_standard(path)):
        return False
    if entry.get("edition", "plain") not in _EDITIONS or not all(
            isinstance(entry.get(name) or "", str) for name in ("second_language", "clinic")):
        return False
    if entry.get("second_language") and language_problem(entry["second_language"]):
        return False
    if entry.get("guide") != match.group("guide") or \
            entry.get("language") != match.group("language"):
        return False
    if not all(isinstance(entry.get(name), str) for name in _TEXT_FIELDS):
        return False
    if not isinstance(entry.get("sha256"), str) or not _SHA256.match(entry["sha256"]):
        return False
    for name in ("bytes", "pages"):
        value = entry.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return False
    if not isinstance(entry.get("checks", {}), dict) or not isinstance(entry.get("key", ""),
                                                                       str):
        return False
    # The standard it claims, which its name must tell (a PDF/UA-2 name ends -ua2.pdf).
    name = entry.get("pdf_standard")
    standard = PDF_STANDARDS.get(name) if isinstance(name, str) else None
    named = next((s.suffix for s in PDF_STANDARDS.values()
                  if s.suffix and path.endswith(s.suffix + ".pdf")), "")
    if standard is None or named != standard.suffix:
        return False
    from ..translation.catalogs import language_problem

    return language_problem(entry["language"]) is None


def _without_standard(pdf_path: str) -> str:
    """The PDF's path without its standard's suffix: a PDF/UA-2 handout shares the web
    edition of its PDF/UA-1 twin (``…-ua2.pdf`` and ``….pdf`` both have ``….html``)."""
    for standard in PDF_STANDARDS.values():
        if standard.suffix and pdf_path.endswith(standard.suffix + ".pdf"):
            return pdf_path[:-len(standard.suffix + ".pdf")] + ".pdf"
    return pdf_path


def _valid_web(web: Any, pdf_path: str) -> bool:
    """The web edition's record: beside its PDF, with the same name, in .html."""
    if web is None:
        return True
    if not isinstance(web, dict) or web.get("path") != pdf_path[:-len(".pdf")] + ".html":
        return False
    if not isinstance(web.get("sha256"), str) or not _SHA256.match(web["sha256"]):
        return False
    size = web.get("bytes")
    return isinstance(size, int) and not isinstance(size, bool) and size >= 0


def _present(out: Path, relative: str, size: int) -> bool:
    try:
        return files.unsafe(out / relative, out) is None and \
            (out / relative).stat().st_size == size
    except OSError:
        return False


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """Entries by relative path; entries that are malformed, or whose file is gone,
    changed or reached through a link, are dropped."""
    source = out / MANIFEST
    if files.unsafe(source, out) is not None:
        return {}
    try:
        text = files.read_bytes(source, PublishError, MANIFEST_BYTES, out).decode("utf-8")
        entries = json.loads(text).get("handouts", [])
    except (HandoutError, OSError, ValueError, AttributeError, RecursionError):
        return {}
    if not isinstance(entries, list):
        return {}
    found = {}
    for entry in entries:
        if not valid_entry(entry):
            continue
        web = entry.get("web")
        if _present(out, entry["path"], entry["bytes"]) and (
                web is None or _present(out, web["path"], web["bytes"])):
            found[entry["path"]] = entry
    return found


def write_manifest(out: Path, entries: dict[str, dict[str, Any]]) -> None:
    """The manifest lists exactly the handouts present on disk."""
    present = [entry for path, entry in sorted(entries.items())
               if files.unsafe(out / path, out) is None]
    data = json.dumps({"handouts": present}, indent=2, ensure_ascii=False).encode("utf-8")
    write_output(out, out / MANIFEST, data + b"\n")
