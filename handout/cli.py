"""The command line: parse arguments, call the engine, print one line per problem.

User errors (HandoutError) become one readable line and exit 1 (2 for usage); anything
else is a bug: exit 70, with its traceback printed under --debug (see errors.py).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from .builder.health import Recycling
from .errors import EXIT_INTERNAL_ERROR, HandoutError
from .matrix import AUDIENCE_NAMES, DEFAULT_SIZE, DEFAULT_STANDARD, PDF_STANDARDS, PRINT_SIZES
from .project import Project, find_project


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number above 0")
    return value


def _build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--guide", action="append", default=[], metavar="ID",
                        help="guide to build (repeatable; default: all)")
    parser.add_argument("--lang", action="append", default=[], metavar="CODE",
                        help="language to build (repeatable; default: all that pass checks)")
    parser.add_argument("--audience", action="append", default=[], choices=AUDIENCE_NAMES,
                        help="audience to build (repeatable; default: all)")
    parser.add_argument("--size", action="append", default=[],
                        choices=[*PRINT_SIZES, "all"],
                        help=f"print size (repeatable; default: {DEFAULT_SIZE})")
    parser.add_argument("--paper", action="append", default=[],
                        choices=["a4", "letter", "auto", "all"],
                        help="paper (repeatable); auto picks by the language's territory "
                             "(default: auto)")
    parser.add_argument("--pdf-standard", action="append", default=[],
                        choices=[*PDF_STANDARDS, "all"],
                        help="accessibility standard the PDF claims (repeatable): ua-1 "
                             "(PDF/UA-1, PDF 1.7) or ua-2 (PDF/UA-2 and WTPDF, PDF 2.0; "
                             f"file names end -ua2) (default: {DEFAULT_STANDARD})")
    parser.add_argument("--out", type=Path, metavar="DIR",
                        help="output folder (default: output/)")
    parser.add_argument("--jobs", type=int, default=0, metavar="N",
                        help="parallel jobs (default: number of cores)")
    parser.add_argument("--force", action="store_true", help="rebuild even if unchanged")
    parser.add_argument("--clinic", type=Path, metavar="PROFILE",
                        help="clinic profile (clinic.yaml or its folder): prints the "
                             "clinic's contacts; output names end with the clinic's id")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run the jobs on a Dask cluster: the scheduler's address, "
                             "e.g. tcp://10.0.0.5:8786 (see the README)")
    parser.add_argument("--recycle-after", type=_positive, default=Recycling.jobs,
                        metavar="N", help="replace a worker process after N handouts "
                                          f"(default {Recycling.jobs})")
    parser.add_argument("--worker-memory", type=_positive, default=Recycling.memory_mb,
                        metavar="MB", help="replace a worker process whose memory passes "
                                           f"MB megabytes (default {Recycling.memory_mb})")
    parser.add_argument("--bilingual", action="append", default=[], metavar="CODE",
                        help="build bilingual editions instead: every block in the "
                             "handout's language, then in CODE (repeatable); output names "
                             "gain -bi-CODE")
    parser.add_argument("--allow-fallback", action="store_true",
                        help="build incomplete translations with the missing text in the "
                             "source language (marked with its language)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make_guide.py",
        description="Build accessible, large-print PDF handouts from guide/ and locales/.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("--project", type=Path, help="project folder (default: this one)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build handouts (the default command)",
                                description="Build handouts; each option narrows the matrix.")
    _build_arguments(build)

    lint = commands.add_parser("lint", help="check guide content and readability",
                               description="Validate guide YAML and citations and report "
                                           "the reading grade of each audience's text.")
    lint.add_argument("--guide", action="append", default=[], metavar="ID")

    verify = commands.add_parser("verify", help="check PDFs for accessibility and print rules",
                                 description="Read PDFs back and check tags, language, "
                                             "fonts, sizes, contrast and PDF/UA-1 or "
                                             "PDF/UA-2.")
    verify.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="PDFs or folders (default: output/)")
    verify.add_argument("--min-size", type=float, metavar="PT",
                        help="smallest allowed glyph (default: from the file name's size)")
    verify.add_argument("--pdf-standard", choices=list(PDF_STANDARDS),
                        help="the standard each PDF must claim (default: check each "
                             "against the standard it claims)")
    verify.add_argument("--vera", action="store_true",
                        help="also run veraPDF (PDF/UA-1; PDF/UA-2 and WTPDF) over all "
                             "the PDFs, in one Java process; needs Java and veraPDF "
                             "(tools/setup.sh --test)")

    commands.add_parser("extract", help="write locales/<domain>.pot from guides and templates",
                        description="Extract messages with Babel (the mappings in "
                                    "pyproject.toml) into one .pot per domain.")
    init = commands.add_parser("init", help="start catalogs for a new language",
                               description="Create locales/LANG/LC_MESSAGES/*.po, marked "
                                           "unreviewed.")
    init.add_argument("language", metavar="LANG")
    update = commands.add_parser("update", help="merge catalogs with the current .pot files",
                                 description="Keep translations; changed sources become "
                                             "fuzzy with the previous msgid shown.")
    update.add_argument("languages", nargs="*", metavar="LANG")
    stats = commands.add_parser("stats", help="translation progress per language",
                                description="A table per language: translated, fuzzy, "
                                            "untranslated, QA problems, review status.")
    stats.add_argument("--guide", action="append", default=[], metavar="ID")
    check = commands.add_parser("check", help="check catalogs (exit non-zero on errors)",
                                description="Completeness, numbers, citations, links, "
                                            "markup, and translate-toolkit checks.")
    check.add_argument("languages", nargs="*", metavar="LANG")
    check.add_argument("--guide", action="append", default=[], metavar="ID")
    proof = commands.add_parser("proof", help="a translator's proof with message context",
                                description="Render one handout with each block's section, "
                                            "audience and catalog line beside it.")
    proof.add_argument("language", metavar="LANG")
    proof.add_argument("--audience", default="parent", choices=AUDIENCE_NAMES)
    proof.add_argument("--guide", metavar="ID")
    proof.add_argument("--out", type=Path, metavar="DIR")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser()
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--debug",
                                                                "--project"):
        argv = ["build", *argv]
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "build"])
    project = Project(args.project.resolve()) if args.project else find_project()
    from . import commands

    try:
        return getattr(commands, f"run_{args.command}")(project, args)
    except HandoutError as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: say so, keep the traceback
        if args.debug:
            traceback.print_exc()
        else:
            print(f"internal error: {type(exc).__name__}: {exc}\nThis is a bug in this "
                  "tool: run again with --debug to print the traceback, and report it",
                  file=sys.stderr)
        return EXIT_INTERNAL_ERROR

