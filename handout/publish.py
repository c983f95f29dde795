"""Stage 8: the only code that writes handouts: atomic files and the manifest."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import HandoutError

MANIFEST = "manifest.json"


class PublishError(HandoutError):
    """The output folder cannot take the file."""

    exit_code = 5


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that it appears complete or not at all.

    The bytes go to a temporary file in the same folder, are flushed to disk, then
    renamed over the target; a crash leaves the previous file (or none) in place.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                             dir=path.parent)
    except OSError as exc:
        raise PublishError(f"cannot write to the output folder: {exc.strerror}",
                           path.parent, advice="Check the folder exists and is "
                           "writable, or choose another with --out") from None
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


def remove_stale_temporaries(out: Path) -> None:
    """Delete temporary files a killed build left (never a handout at its final path)."""
    if out.is_dir():
        for temporary in out.rglob(".*.part"):
            with contextlib.suppress(OSError):
                temporary.unlink()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """Entries by relative path; entries whose file is gone or changed are dropped."""
    try:
        entries = json.loads((out / MANIFEST).read_text("utf-8")).get("handouts", [])
    except (OSError, ValueError, AttributeError):
        return {}
    found = {}
    for entry in entries:
        path = out / entry.get("path", "")
        try:
            if path.is_file() and path.stat().st_size == entry.get("bytes"):
                found[entry["path"]] = entry
        except (OSError, KeyError, TypeError):
            continue
    return found


def write_manifest(out: Path, entries: dict[str, dict[str, Any]]) -> None:
    """The manifest lists exactly the handouts present on disk."""
    present = [entry for path, entry in sorted(entries.items()) if (out / path).is_file()]
    data = json.dumps({"handouts": present}, indent=2, ensure_ascii=False).encode("utf-8")
    atomic_write(out / MANIFEST, data + b"\n")
