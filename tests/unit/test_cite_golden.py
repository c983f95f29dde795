"""Every reference of every guide, formatted in every shipped language, is unchanged.

``tests/data/cite_expected.json`` was written by the citation formatter as it was
before it was made table-driven; the rewrite must give the same bytes for the real
references, and for a few made-up ones (EDGE_CASES) that reach the branches the real
ones do not (access dates, events, a chapter without editors, a book's edition...).
Regenerate it only for an intended change of output:

    python -m tests.unit.test_cite_golden --write
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from handout.content.references import read_references
from handout.matrix import language
from handout.rendering.cite import format_references
from handout.translation.catalogs import TEMPLATE_DOMAIN, catalog_path, read_catalog
from handout.translation.localize import Localizer

pytestmark = pytest.mark.fast

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "tests" / "data" / "cite_expected.json"
SOURCE_LANGUAGE = "en"


def _languages() -> list[str]:
    found = sorted(p.parent.parent.name for p in
                   (ROOT / "locales").glob(f"*/LC_MESSAGES/{TEMPLATE_DOMAIN}.po"))
    return [SOURCE_LANGUAGE, *found]


def _words(code: str):
    if code == SOURCE_LANGUAGE:
        return Localizer(code, SOURCE_LANGUAGE).plain
    catalog = read_catalog(catalog_path(ROOT / "locales", code, TEMPLATE_DOMAIN))
    return Localizer(code, SOURCE_LANGUAGE, ui=catalog).plain


EDGE_GUIDE = "(edge cases)"
EDGE_CASES: dict[str, dict[str, Any]] = {item["id"]: item for item in [
    {"id": "e1", "type": "webpage", "title": "A page.", "container-title": "Site",
     "event": "Congress", "volume": "3", "issued": {"date-parts": [[2019, 5]]},
     "accessed": {"date-parts": [[2024, 1, 9]]}, "URL": "https://example.org/a?b=1&c=2"},
    {"id": "e2", "type": "article-journal", "title": "No journal?",
     "author": [{"family": "Roe", "given": "Ann"}], "issued": {"date-parts": [[2001]]},
     "page": "5-9"},
    {"id": "e3", "type": "article-journal", "title": "Journal only",
     "container-title": "Journal of Things", "volume": "2", "issue": "4",
     "DOI": "10.1000/xyz", "URL": "https://doi.org/10.1000/xyz"},
    {"id": "e4", "type": "chapter", "title": "A chapter", "container-title": "A book",
     "author": [{"literal": "A Group"}, {"literal": "et al"}], "publisher": "Press",
     "issued": {"date-parts": [[1999]]}, "DOI": "10.1000/abc",
     "URL": "https://example.org/chapter"},
    {"id": "e5", "type": "book", "title": "A book", "edition": 3, "publisher": "Press",
     "publisher-place": "Paris", "author": [{"family": "Doe", "given": "Jane"}],
     "editor": [{"family": "Ed", "given": "Itor"}]},
    {"id": "e6", "type": "report", "title": "A report", "container-title": "Series <1>",
     "author": [{"family": f"Author{i}", "given": "Bob"} for i in range(8)]},
    {"id": "e7", "type": "article-journal", "title": "Seven", "container-title-short": "J",
     "container-title": "Journal", "issued": {"date-parts": [["2020", "2"]]},
     "author": [{"family": f"Name{i}", "given": "Al Bo"} for i in range(6)]
     + [{"literal": "et al."}], "volume": 9, "page": "e12"},
]}


def _guides() -> dict[str, dict[str, dict[str, Any]]]:
    guides = {EDGE_GUIDE: EDGE_CASES}
    for guide_file in sorted((ROOT / "guide").glob("*/guide.yaml")):
        name = yaml.safe_load(guide_file.read_text("utf-8")).get("references")
        if name:
            folder = guide_file.parent
            guides[folder.name] = read_references(folder / name, folder)
    return guides


def current_outputs() -> dict[str, dict[str, list[dict[str, Any]]]]:
    """{guide: {language: [entry, ...]}}, every reference cited once in file order."""
    outputs: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for guide, items in _guides().items():
        for code in _languages():
            entries = format_references(list(items), items, _words(code),
                                        rtl=language(code).rtl)
            outputs.setdefault(guide, {})[code] = [
                {"number": e.number, "key": e.key, "html": str(e.html), "text": e.text}
                for e in entries]
    return outputs


def test_the_expected_outputs_cover_every_guide_and_language():
    expected = json.loads(EXPECTED.read_text("utf-8"))
    assert set(expected) == set(_guides()) and len(expected) > 1
    for guide, by_language in expected.items():
        assert set(by_language) == set(_languages()), guide
        assert {e["key"] for e in by_language["en"]} == set(_guides()[guide])


@pytest.mark.parametrize("code", _languages())
def test_every_real_reference_formats_as_before(code):
    expected = json.loads(EXPECTED.read_text("utf-8"))
    for guide, by_language in current_outputs().items():
        assert by_language[code] == expected[guide][code], (guide, code)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    EXPECTED.write_text(json.dumps(current_outputs(), ensure_ascii=False, indent=1) + "\n",
                        "utf-8")
