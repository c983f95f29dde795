"""Project inputs are regular files inside their folder, read with a size cap.

Git stores symbolic links, so one merged pull request can turn
``locales/fr/LC_MESSAGES/poh.po`` into a link to a shell start-up file, or a figure
into a named pipe that blocks the build. Files under ``locales/``, ``guide/``,
``styles/`` and ``clinics/`` are read only when the file and every folder between
its root and it are real: no symbolic link, no device, pipe or socket. Writing
follows the same rule (``atomic_write`` below).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import HandoutError

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | \
    getattr(os, "O_CLOEXEC", 0)


def _relative_parts(path: Path, root: Path) -> tuple[str, ...] | None:
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return None
    return None if ".." in parts else parts


def unsafe(path: Path, root: Path | None = None, *, must_exist: bool = True) -> str | None:
    """Why ``path`` must not be read or replaced, or None when it is safe.

    Safe: inside ``root`` (default: its own folder) without ``..``; no component from
    ``root`` down is a symbolic link; the folders are folders; the file, if it
    exists, is a regular file.
    """
    root = path.parent if root is None else root
    parts = _relative_parts(path, root)
    if parts is None or not parts:
        return f"is not inside {root}"
    current = root
    for index, part in enumerate(parts):
        current = current / part
        last = index == len(parts) - 1
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            if last and not must_exist:
                return None
            return "does not exist" if last else f"folder {current} does not exist"
        except OSError as exc:
            return f"cannot be read: {exc.strerror}"
        if stat.S_ISLNK(info.st_mode):
            where = "" if last else f" (its folder {current})"
            return (f"is a symbolic link{where}; links are not followed, so a project "
                    "file can never read or overwrite a file elsewhere")
        if not last and not stat.S_ISDIR(info.st_mode):
            return f"{current} is not a folder"
        if last and not stat.S_ISREG(info.st_mode):
            return "is not a regular file (a folder, device, pipe or socket)"
    return None


def check(path: Path, error_type: type[HandoutError], root: Path | None = None,
          line: int | None = None, file: Path | None = None) -> None:
    """Raise ``error_type`` naming ``file`` (default: the path) unless ``path`` is safe."""
    problem = unsafe(path, root)
    if problem is not None:
        subject = "" if file is None or file == path else f"{path} "
        raise error_type(f"{subject}{problem}", file or path, line,
                         "Replace it with a regular file in the project")


def read_bytes(path: Path, error_type: type[HandoutError], max_bytes: int,
               root: Path | None = None, *, limit: str = "", line: int | None = None,
               file: Path | None = None) -> bytes:
    """The bytes of a regular file under ``root``, refusing one over ``max_bytes``.

    The size is read from the open file, before any of it is read. ``limit`` names the
    limit (handout.limits) in the message; ``file``/``line`` say where the file was
    named (e.g. the guide.yaml line of a figure), default the file itself.
    """
    check(path, error_type, root, line, file)
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise error_type(f"cannot read {path.name}: {exc.strerror}", file or path, line,
                         "Check the file's permissions") from None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise error_type("is not a regular file", file or path, line)
        if info.st_size > max_bytes:
            name = f" ({limit})" if limit else ""
            subject = "file" if file is None or file == path else f"{path.name}"
            raise error_type(f"{subject} is {info.st_size:,} bytes, more than the "
                             f"{max_bytes:,} allowed{name}", file or path, line,
                             "Split it or remove what does not belong there")
        try:
            data = stream.read(max_bytes + 1)
        except OSError as exc:
            raise error_type(f"cannot read {path.name}: {exc.strerror}", file or path,
                             line) from None
    if len(data) > max_bytes:       # grew while being read
        raise error_type(f"file is more than the {max_bytes:,} bytes allowed", file or path,
                         line)
    return data


def regular_files(folder: Path, error_type: type[HandoutError]) -> Iterator[Path]:
    """Every file under ``folder``, sorted; a link or special file is refused."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise error_type("is a symbolic link or not a folder", folder,
                         advice="Replace it with a real folder")
    for current, folders, names in os.walk(folder, followlinks=False):
        folders.sort()
        here = Path(current)
        for name in [*folders]:
            if os.path.islink(here / name):
                raise error_type("is a symbolic link; links are not followed", here / name,
                                 advice="Replace it with a real folder")
        for name in sorted(names):
            path = here / name
            problem = unsafe(path, here)
            if problem is not None:
                raise error_type(problem, path, advice="Replace it with a regular file")
            yield path


# Writing: every file appears complete or not at all, never through a link.

_TEMP_PREFIX = ".handout-"
_TEMP_SUFFIX = ".part"


class PublishError(HandoutError):
    """The output folder cannot take the file."""


def folder_error(folder: Path, exc: OSError) -> PublishError:
    return PublishError(f"cannot write to the output folder: {exc.strerror}", folder,
                        advice="Check the folder exists and is writable, or choose "
                        "another with --out")


def ensure_folder(folder: Path, root: Path) -> None:
    """Make ``folder`` and the folders between ``root`` and it; each must be a real
    folder (a symbolic link on the way is refused, never followed)."""
    try:
        root.mkdir(parents=True, exist_ok=True)       # the folder the user chose
    except OSError as exc:
        raise folder_error(root, exc) from None
    try:
        parts = folder.relative_to(root).parts
    except ValueError:
        raise PublishError(f"{folder} is not inside {root}", folder) from None
    if ".." in parts:
        raise PublishError(f"{folder} is not inside {root}", folder)
    current = root
    for part in parts:
        current = current / part
        try:
            os.mkdir(current)
        except FileExistsError:
            pass
        except OSError as exc:
            raise folder_error(current, exc) from None
        info = os.lstat(current)
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            raise PublishError("is a symbolic link or not a folder; nothing is written "
                               "through it", current,
                               advice="Remove it, or choose another folder")


def atomic_write(path: Path, data: bytes, root: Path | None = None,
                 temp_folder: Path | None = None) -> None:
    """Write ``data`` to ``path`` so that it appears complete or not at all.

    The bytes go to a new temporary file (in ``temp_folder``, default the target's
    folder), are flushed to disk, then renamed over the target; a crash leaves the
    previous file (or none) in place. Folders from ``root`` (default: the target's
    folder) down are checked; a target that is a symbolic link or not a regular file
    is refused, never written through.
    """
    root = path.parent if root is None else root
    ensure_folder(path.parent, root)
    problem = unsafe(path, path.parent, must_exist=False)
    if problem is not None:
        raise PublishError(f"{problem}; refusing to replace it", path,
                           advice="Remove it, or choose another folder")
    folder = temp_folder or path.parent
    if temp_folder is not None:
        ensure_folder(temp_folder, temp_folder.parent)
    try:
        handle, temporary = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX,
                                             dir=folder)
    except OSError as exc:
        raise folder_error(folder, exc) from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; handouts are shared
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise PublishError(f"writing failed: {exc.strerror}", path,
                           advice="Free disk space or check permissions; the previous "
                           "file, if any, is unchanged") from None
