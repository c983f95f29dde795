"""Refusals and containment: what a refused build prints and leaves, and the audit hook
that records which files, programs and network a build touched."""

from __future__ import annotations

import contextlib
import mimetypes
import os
import site
import sys
import sysconfig
import tempfile
from pathlib import Path

import handout

QUICK = 5.0     # seconds: a refusal of a bomb must come at least this fast


def refusal_line(err: str, *needles: str) -> str:
    """The one stderr line that carries every needle; no traceback anywhere."""
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if all(n in line for n in needles)]
    assert lines, f"no single stderr line contains {needles}:\n{err}"
    return lines[0]


def assert_no_pdf_or_part(out: Path, *refused: Path) -> None:
    """No PDF at any refused handout's path, and no partial file anywhere under out."""
    for path in refused:
        assert not path.exists(), path
    assert not list(out.rglob("*.part")), list(out.rglob("*.part"))


# -- the audit hook: one per session, switched on around the build under test ---------

class AuditLog:
    """Records file, process and network events while ``active``.

    ``sys.addaudithook`` cannot be undone, so the hook is installed once (by the
    ``audit`` fixture) and records only inside ``recording()``. Only Python-level
    operations raise audit events: what C libraries open themselves (fontconfig reading
    /etc/fonts and its cache, Pango and HarfBuzz loading the font files it was handed)
    is invisible here.
    """

    FILES = ("open",)
    PROCESSES = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn",
                 "os.startfile", "pty.spawn")
    NETWORK = ("socket.", "urllib.", "http.client.", "ftplib.", "smtplib.", "poplib.",
               "imaplib.", "nntplib.", "telnetlib.", "webbrowser.")

    def __init__(self) -> None:
        self.installed = False
        self.active = False
        self.events: list[tuple[str, tuple]] = []

    def __call__(self, event: str, args: tuple) -> None:
        if self.active and (event in self.FILES or event in self.PROCESSES
                            or event.startswith(self.NETWORK)):
            self.events.append((event, args))

    @contextlib.contextmanager
    def recording(self):
        self.events.clear()
        self.active = True
        try:
            yield self
        finally:
            self.active = False

    def opened(self) -> list[str]:
        """Absolute paths passed to open() (file descriptors are skipped: the call
        that made them was recorded with its path)."""
        paths = []
        for event, args in self.events:
            if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
                paths.append(os.path.abspath(os.fsdecode(args[0])))
        return paths

    def network(self) -> list[tuple[str, tuple]]:
        return [(e, a) for e, a in self.events if e.startswith(self.NETWORK)]

    def programs(self) -> list[str]:
        names = []
        for event, args in self.events:
            if event == "subprocess.Popen":
                executable, argv = args[0], args[1]
                program = executable or (argv[0] if isinstance(argv, (list, tuple))
                                         else str(argv).split()[0])
                names.append(os.path.basename(os.fsdecode(program)))
            elif event in self.PROCESSES:
                names.append(f"{event}: {args[0]!r}")
        return names


# The one log: the ``audit`` fixture installs it as an audit hook on first use.
AUDIT = AuditLog()


def _python_folders() -> list[Path]:
    """The standard library and the virtual environment, not the whole prefix: with a
    system Python sys.base_prefix is /usr, which would allow all of /usr/share."""
    paths = sysconfig.get_paths()
    return [Path(p) for p in {sys.prefix, paths["stdlib"], paths["platstdlib"],
                              paths["purelib"], paths["platlib"], *site.getsitepackages()}]


def unexpected_opens(opened: list[str], workspace: Path) -> list[str]:
    """Paths a build opened that it has no business opening.

    Not allowed, because nothing Python-level opens them: /etc/fonts and
    /var/cache/fontconfig (fontconfig reads them from C, invisible to audit hooks),
    /usr/lib and the rest of /usr/share, /proc and /sys.
    """
    temp = Path(tempfile.gettempdir()).resolve()
    allowed_folders = [
        # The throwaway project (guide, catalogs, styles) and the --out folder.
        workspace.resolve(),
        # The engine's own package: imported lazily, and build.shared_key hashes its
        # source files into every job key.
        Path(handout.__file__).resolve().parent,
        # Python and the virtual environment: lazy imports (WeasyPrint on the first
        # handout), Babel's CLDR data, pyphen's dictionaries, the fontpkg-* fonts.
        *_python_folders(),
        # System fonts found with fc-match (Noto Sans CJK): fonts.py reads their cmap.
        Path("/usr/share/fonts"),
        # The system's time zone, read once by Babel's date module when it is first
        # imported (babel.localtime), wherever that import happens.
        Path("/usr/share/zoneinfo"),
    ]
    allowed_files = {
        # Zip archives on sys.path (python311.zip), which the import system probes.
        *(entry for entry in sys.path if entry.endswith(".zip")),
        # Python's mimetypes module reads the system MIME table once, when WeasyPrint
        # first guesses a content type.
        *(str(Path(f)) for f in mimetypes.knownfiles),
        # Standard input of fc-match and of ctypes.util.find_library's probes.
        "/dev/null",
    }
    bad = []
    for name in opened:
        path = Path(name)
        if name in allowed_files:
            continue
        if any(candidate.is_relative_to(folder) for candidate in (path, path.resolve())
               for folder in (*allowed_folders, *(f.resolve() for f in allowed_folders))):
            continue
        # Temporary files, but only those the tempfile module names in the temporary
        # folder: mkstemp's tmpXXXXXXXX (find_library's probes, verify's copy for the
        # PDF/UA validator), WeasyPrint's weasyprint-XXXXXXXX folder handing font data
        # to fontconfig, and the folder itself (TemporaryFile opens it with O_TMPFILE).
        resolved = path.resolve()
        made_by_tempfile = resolved.parent == temp and resolved.name.startswith(
            ("tmp", "weasyprint-"))
        in_weasyprint_folder = resolved.parent.parent == temp and \
            resolved.parent.name.startswith("weasyprint-")
        if resolved == temp or made_by_tempfile or in_weasyprint_folder:
            continue
        bad.append(name)
    return bad


# Programs a build may start: fc-match (fonts.py locates system fonts), and the probes
# of ctypes.util.find_library (harfbuzz_subset_available() looks for libharfbuzz-subset
# with ldconfig -p, then gcc, then ld).
ALLOWED_PROGRAMS = {"fc-match", "ldconfig", "ldconfig.real", "gcc", "cc", "ld", "objdump"}


def assert_contained(log: AuditLog, workspace: Path) -> None:
    opened = log.opened()
    assert "/etc/passwd" not in opened
    assert unexpected_opens(opened, workspace) == []
    assert log.network() == []
    assert set(log.programs()) <= ALLOWED_PROGRAMS, log.programs()


def run(project, *args: str) -> tuple[int, str, str]:
    """``make_guide.py --project ROOT ARGS`` in this process: (exit code, stdout,
    stderr); a traceback on stderr fails the test (a user's mistake never shows one)."""
    import contextlib
    import io

    from handout.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--project", str(project.root), *args])
    assert "Traceback" not in err.getvalue()
    return code, out.getvalue(), err.getvalue()
