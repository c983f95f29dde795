"""The project as one bundle of bytes, for workers that do not share this machine's files.

A worker on another machine needs the guide folders, the styles and the catalogs the
build reads; fonts come from the worker's own installation (``tools/setup.sh``). The
bundle is a tar archive made deterministically (sorted names, no owners, no times), so
its digest names its content: a worker unpacks each bundle once, into its temporary
folder, and every job of the build finds it there.

Unpacking trusts nothing: only regular files and folders, names inside the target,
sizes and counts capped (:data:`~handout.limits.BUNDLE_BYTES`).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from .. import files
from ..errors import ContentError, HandoutError
from ..limits import BUNDLE_BYTES, BUNDLE_FILES, CATALOG_BYTES, FILE_BYTES, IMAGE_BYTES
from ..project import Project

FOLDERS = ("guide", "styles", "locales")
PREFIX = "handout-project-"
MEMBER_BYTES = max(FILE_BYTES, CATALOG_BYTES, IMAGE_BYTES)   # the largest a reader takes


class BundleError(HandoutError):
    """The project cannot be bundled, or a bundle is not one this code made."""


def make_bundle(project: Project) -> tuple[bytes, str]:
    """(tar bytes, sha256 hex) of the project's inputs."""
    buffer = io.BytesIO()
    count = 0
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for folder in FOLDERS:
            for path in files.regular_files(project.root / folder, ContentError):
                count += 1
                if count > BUNDLE_FILES:
                    raise BundleError(f"more than {BUNDLE_FILES} files to send to the "
                                      "cluster (BUNDLE_FILES)", project.root)
                data = files.read_bytes(path, ContentError, MEMBER_BYTES, project.root)
                info = tarfile.TarInfo(path.relative_to(project.root).as_posix())
                info.size, info.mode, info.mtime = len(data), 0o644, 0
                archive.addfile(info, io.BytesIO(data))
    data = buffer.getvalue()
    if len(data) > BUNDLE_BYTES:
        raise BundleError(f"the project bundle is {len(data):,} bytes, more than "
                          f"{BUNDLE_BYTES:,} (BUNDLE_BYTES)", project.root)
    return data, hashlib.sha256(data).hexdigest()


def unpack(data: bytes, digest: str) -> Path:
    """The folder holding bundle ``digest`` on this machine, unpacked on first use."""
    if hashlib.sha256(data).hexdigest() != digest:
        raise BundleError("the project bundle does not match its digest")
    target = Path(tempfile.gettempdir()) / f"{PREFIX}{digest[:24]}"
    if (target / ".complete").is_file():
        return target
    staging = Path(tempfile.mkdtemp(prefix=f"{PREFIX}partial-"))
    try:
        _extract(data, staging)
        (staging / ".complete").write_text(digest)
        try:
            os.rename(staging, target)       # another worker may have won the race
        except OSError:
            if not (target / ".complete").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _extract(data: bytes, folder: Path) -> None:
    total = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
        for count, member in enumerate(archive, start=1):
            name = PurePosixPath(member.name)
            if (count > BUNDLE_FILES or not member.isfile() or name.is_absolute()
                    or ".." in name.parts or name.parts[0] not in FOLDERS):
                raise BundleError(f"the bundle holds {member.name[:100]!r}, which a "
                                  "project bundle never holds")
            total += member.size
            if total > BUNDLE_BYTES:
                raise BundleError("the bundle unpacks to more than BUNDLE_BYTES")
            path = folder.joinpath(*name.parts)
            path.parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(member)
            assert source is not None              # a regular file always has data
            with open(path, "xb") as out:         # never through an existing name
                out.write(source.read())
