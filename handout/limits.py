"""Every limit on input, in one table: the number, its unit and why it is there.

A guide, a catalog, a clinic profile or a PDF handed to ``verify`` may come from a
careless hand or a hostile one. Each limit below is far above what real content needs
(the shipped POH guide and its catalogs use a small fraction of each) and far below
what would make a build slow, huge or out of memory. Modules import the number from
here; ``docs/limits.md`` lists the same table (a test keeps the two in step). A refusal
names the file, the line and the limit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    name: str
    value: int
    unit: str
    applies_to: str
    reason: str


TABLE: list[Limit] = []


def _limit(name: str, value: int, unit: str, applies_to: str, reason: str) -> int:
    TABLE.append(Limit(name, value, unit, applies_to, reason))
    return value


# -- text files: YAML and JSON --------------------------------------------------------

FILE_BYTES = _limit(
    "FILE_BYTES", 2_000_000, "bytes", "guide.yaml, references, fonts.yaml, clinic.yaml, "
    "each file in styles/",
    "The POH guide is 55 KB; a bigger file is a mistake and is refused before it is read.")
YAML_ALIASES = _limit(
    "YAML_ALIASES", 20, "aliases", "one YAML file",
    "'*' aliases repeat text; a few are handy, many are a 'billion laughs' bomb.")
YAML_DEPTH = _limit(
    "YAML_DEPTH", 30, "levels", "one YAML file",
    "Guides nest about 8 levels; deep nesting exhausts the parser's stack.")
YAML_NODES = _limit(
    "YAML_NODES", 200_000, "nodes", "one YAML file",
    "The POH guide has about 1,500 nodes; more is a repeated-material bomb.")
JSON_DEPTH = _limit(
    "JSON_DEPTH", 20, "levels", "references (CSL-JSON)",
    "CSL-JSON nests 5 levels; deep nesting exhausts the parser's stack.")

# -- guide content --------------------------------------------------------------------

TEXT_CHARS = _limit(
    "TEXT_CHARS", 4000, "characters", "one text of a guide",
    "A paragraph of a large-print handout; longer text belongs in several blocks.")
SECTIONS = _limit(
    "SECTIONS", 200, "sections", "one guide", "A handout of a few dozen pages.")
BLOCKS = _limit(
    "BLOCKS", 300, "blocks", "one section", "A handout of a few dozen pages.")
ITEMS = _limit(
    "ITEMS", 200, "items", "one list, questions or key points block",
    "A list longer than a handout is not a list.")
TABLE_ROWS = _limit(
    "TABLE_ROWS", 60, "rows", "one table",
    "About 10 large-print pages; a longer table does not belong in a handout.")
TABLE_COLUMNS = _limit(
    "TABLE_COLUMNS", 10, "columns", "one table",
    "Wider tables cannot be read in large print, even on a landscape page.")
GLOSSARY_ENTRIES = _limit(
    "GLOSSARY_ENTRIES", 200, "entries", "one guide's glossary",
    "The POH glossary has 24 entries; every entry is matched against every text.")
IMAGE_BYTES = _limit(
    "IMAGE_BYTES", 2_000_000, "bytes", "one figure (SVG or PNG)",
    "Figures are diagrams; a large file is read on every build.")
IMAGE_PIXELS = _limit(
    "IMAGE_PIXELS", 25_000_000, "pixels (width x height)", "one PNG figure or logo",
    "Read from the PNG header before decoding: a small file can declare a huge image "
    "(a 657 KB PNG of 176 megapixels took 1.5 GB to decode).")

URL_CHARS = _limit(
    "URL_CHARS", 2000, "characters", "one reference URL",
    "Longer addresses are not typed by anyone and break lines in print.")

# -- catalogs -------------------------------------------------------------------------

CATALOG_BYTES = _limit(
    "CATALOG_BYTES", 5_000_000, "bytes", "one .po or .pot file",
    "The POH catalogs are at most 150 KB each.")
TRANSLATION_FACTOR = _limit(
    "TRANSLATION_FACTOR", 4, "x the source length", "one msgstr",
    "Source text is capped, so translations are too: a 1 MB msgstr made an 821-page "
    "handout. The longest shipped translation is 4.7x a 7-character label.")
TRANSLATION_SLACK = _limit(
    "TRANSLATION_SLACK", 60, "characters", "one msgstr (added to the above)",
    "Short labels legitimately grow more than 4x ('CT scan' in Arabic).")

# -- clinic profiles ------------------------------------------------------------------

CLINIC_FIELD_CHARS = _limit(
    "CLINIC_FIELD_CHARS", 300, "characters", "one clinic profile field",
    "Names, addresses and hours fit in the contact block.")
CLINIC_NOTE_CHARS = _limit(
    "CLINIC_NOTE_CHARS", 600, "characters", "a clinic note",
    "The note must fit on the contact page.")
LOGO_BYTES = _limit(
    "LOGO_BYTES", 500_000, "bytes", "a clinic logo", "A logo is small.")
CLINIC_ORGANISATIONS = _limit(
    "CLINIC_ORGANISATIONS", 6, "organisations", "one clinic profile",
    "The contact page has room for six.")

# -- the output folder and verify -----------------------------------------------------

MANIFEST_BYTES = _limit(
    "MANIFEST_BYTES", 10_000_000, "bytes", "output/manifest.json",
    "About 600 bytes a handout; a bigger manifest was not written by a build.")
VERIFY_FILE_BYTES = _limit(
    "VERIFY_FILE_BYTES", 100_000_000, "bytes", "one PDF given to verify",
    "Handouts are under 1 MB; verify reads the whole file into memory.")
VERIFY_STREAM_BYTES = _limit(
    "VERIFY_STREAM_BYTES", 50_000_000, "bytes (decoded)", "one PDF stream in verify",
    "Measured before anything decodes it: a 1 MB PDF with a 1 GB stream took verify to "
    "2.2 GB of memory.")
LOCK_WAIT_SECONDS = _limit(
    "LOCK_WAIT_SECONDS", 900, "seconds", "a build waiting for another build into the "
    "same output folder", "Two builds into one folder take turns; a build that waits "
    "longer than this gives up with a message.")


# -- building on a cluster ------------------------------------------------------------

BUNDLE_BYTES = _limit(
    "BUNDLE_BYTES", 200_000_000, "bytes", "the project bundle sent to cluster workers "
    "(guide/, styles/, locales/)", "This project's bundle is about 250 KB; a worker "
    "unpacks it into its temporary folder, and refuses more than this.")
BUNDLE_FILES = _limit(
    "BUNDLE_FILES", 50_000, "files", "files in the project bundle",
    "A library of 1,000 guides in 20 languages is about 21,000 catalogs and guide "
    "files: room for it twice over.")


def cores() -> int:
    """Cores this process may run on (the ``--jobs`` limit)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# Not a fixed number, but a limit like the others (listed in docs/limits.md).
JOBS_REASON = ("--jobs is capped at the number of cores: more workers only add memory "
               "(one WeasyPrint set-up each) and start-up time.")
