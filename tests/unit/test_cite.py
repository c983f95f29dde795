"""The Vancouver formatter, from CSL-JSON items to reference-list entries, and the
numbering of works by first citation. No handout is built."""

from __future__ import annotations

from typing import Any

import pytest

from handout.rendering.cite import PDI, RLI, Citations, format_references

pytestmark = pytest.mark.fast


def english(word: str) -> str:
    return word


ARABIC = {"Available from": "متاح على", "Accessed": "تاريخ الاطلاع", "In": "في",
          "editors": "محرّرون", "et al.": "وآخرون", "Internet": "إنترنت",
          "%(edition)s ed.": "الطبعة %(edition)s"}


def arabic(word: str) -> str:
    return ARABIC.get(word, word)


def entry(item: dict[str, Any], words=english, rtl: bool = False):
    return format_references(["x"], {"x": {"id": "x", **item}}, words, rtl=rtl)[0]


def text(item: dict[str, Any]) -> str:
    return entry(item).text


def person(family: str, given: str = "", **more: str) -> dict[str, str]:
    return {"family": family, "given": given, **more} if given else {"family": family, **more}


def year(*parts: int) -> dict[str, list[list[int]]]:
    return {"date-parts": [list(parts)]}


JOURNAL = {"type": "article-journal", "title": "A paper",
           "author": [person("Smith", "John A.")], "container-title": "Journal of Tests",
           "container-title-short": "J Test", "issued": year(2020, 3), "volume": "1",
           "issue": "2", "page": "3-4"}

CASES = {
    "journal article": (
        JOURNAL,
        "Smith JA. A paper. J Test. 2020;1(2):3-4."),
    "journal without short title, volume without issue": (
        {**JOURNAL, "container-title-short": "", "issue": ""},
        "Smith JA. A paper. Journal of Tests. 2020;1:3-4."),
    "book with edition": (
        {"type": "book", "title": "Big book", "author": [person("Doe", "Jane")],
         "edition": 2, "publisher": "Press", "publisher-place": "London",
         "issued": year(2019)},
        "Doe J. Big book. 2 ed. London: Press; 2019."),
    "book chapter with editors": (
        {"type": "chapter", "title": "A chapter", "author": [person("Roe", "Rita")],
         "editor": [person("Adam", "Margaret P."), person("Feldman", "Jerry")],
         "container-title": "GeneReviews", "publisher": "UW",
         "publisher-place": "Seattle (WA)", "issued": year(2017, 10, 26)},
        "Roe R. A chapter. In: Adam MP, Feldman J, editors. GeneReviews. "
        "Seattle (WA): UW; 2017."),
    "web page with access date": (
        {"type": "webpage", "title": "A page.", "author": [{"literal": "Org"}],
         "container-title": "Site", "accessed": year(2024, 1, 9),
         "URL": "https://example.org/p"},
        "Org. A page [Internet]. Site. Accessed 2024-01-09. "
        "Available from: https://example.org/p"),
    "more than six authors": (
        {**JOURNAL, "author": [person(f"N{i}", "Al") for i in range(1, 8)]},
        "N1 A, N2 A, N3 A, N4 A, N5 A, N6 A, et al. A paper. J Test. 2020;1(2):3-4."),
    "exactly six authors: no et al.": (
        {**JOURNAL, "author": [person(f"N{i}", "Al") for i in range(1, 7)]},
        "N1 A, N2 A, N3 A, N4 A, N5 A, N6 A. A paper. J Test. 2020;1(2):3-4."),
    "et al. written in the item": (
        {**JOURNAL, "author": [person("Smith", "Ann"), {"literal": "et al."}]},
        "Smith A, et al. A paper. J Test. 2020;1(2):3-4."),
    "given name already initials": (
        {**JOURNAL, "author": [person("Smith", "EM")]},
        "Smith EM. A paper. J Test. 2020;1(2):3-4."),
    "initials with points and spaces": (
        {**JOURNAL, "author": [person("Shore", "E. M."), person("Gardner", "R. J. McKinlay")]},
        "Shore EM, Gardner RJM. A paper. J Test. 2020;1(2):3-4."),
    "hyphenated given name": (
        {**JOURNAL, "author": [person("Dupont", "Jean-Pierre"), person("Roux", "J.-P."),
                               person("Curras-Tuala", "María José")]},
        "Dupont J-P, Roux J-P, Curras-Tuala MJ. A paper. J Test. 2020;1(2):3-4."),
    "particles and suffix": (
        {**JOURNAL, "author": [person("Sanctis", "Luisa", **{"non-dropping-particle": "de"}),
                               person("Beethoven", "Ludwig", **{"dropping-particle": "van"}),
                               person("King", "Martin Luther", suffix="Jr.")]},
        "de Sanctis L, van Beethoven L, King ML Jr. A paper. J Test. 2020;1(2):3-4."),
    "organization as author": (
        {**JOURNAL, "author": [{"literal": "National Society of Genetic Counselors (NSGC)"}]},
        "National Society of Genetic Counselors (NSGC). A paper. J Test. 2020;1(2):3-4."),
    "no author": (
        {**JOURNAL, "author": []},
        "A paper. J Test. 2020;1(2):3-4."),
    "missing year": (
        {**JOURNAL, "issued": None},
        "Smith JA. A paper. J Test;1(2):3-4."),
    "web page without year or container": (
        {"type": "webpage", "title": "A page", "URL": "https://example.org/p"},
        "A page [Internet]. Available from: https://example.org/p"),
    "book without publisher or year: no trailing space": (
        {"type": "book", "title": "Big book", "author": [person("Doe", "Jane")]},
        "Doe J. Big book."),
    "other type: container, event, year, volume": (
        {"type": "paper-conference", "title": "A talk", "container-title": "Proceedings",
         "event": "Congress", "issued": year(2018), "volume": "7"},
        "A talk. Proceedings; Congress; 2018;7."),
    "DOI only": (
        {**JOURNAL, "DOI": "10.1/x"},
        "Smith JA. A paper. J Test. 2020;1(2):3-4. doi: 10.1/x"),
    "DOI and its doi.org address: the address is not repeated": (
        {**JOURNAL, "DOI": "10.1/x", "URL": "https://doi.org/10.1/x"},
        "Smith JA. A paper. J Test. 2020;1(2):3-4. doi: 10.1/x"),
    "DOI and another address: both": (
        {**JOURNAL, "DOI": "10.1/x", "URL": "https://example.org/x"},
        "Smith JA. A paper. J Test. 2020;1(2):3-4. doi: 10.1/x "
        "Available from: https://example.org/x"),
}


@pytest.mark.parametrize(("item", "expected"), CASES.values(), ids=CASES.keys())
def test_vancouver_entry(item, expected):
    assert text(item) == expected


def test_links_are_on_lines_of_their_own_and_everything_is_escaped():
    html = str(entry({**JOURNAL, "title": "Genes & <you>", "DOI": "10.1/x",
                      "URL": "https://example.org/a?b=1&c=2"}).html)
    assert html == (
        "Smith JA. Genes &amp; &lt;you&gt;. J Test. 2020;1(2):3-4."
        '<div class="ref-link">doi: <a class="url" href="https://doi.org/10.1/x">10.1/x</a>'
        '</div><div class="ref-link">Available from: <a class="url" '
        'href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a></div>')


def test_translated_fixed_words():
    item = {"type": "chapter", "title": "A chapter", "container-title": "Book",
            "editor": [person("Adam", "Margaret")], "author": [person(f"N{i}") for i in "1234567"],
            "URL": "https://example.org/c"}
    assert entry(item, arabic).text == (
        "N1, N2, N3, N4, N5, N6, وآخرون. A chapter. في: Adam M, محرّرون. Book. "
        "متاح على: https://example.org/c")


def test_citations_are_numbered_by_first_use():
    citations = Citations()
    assert citations.cite(["b", "a"]) == [1, 2]
    assert citations.cite(["a", "c", "b"]) == [2, 3, 1]
    assert citations.cite(["c", "c"]) == [3, 3]
    assert citations.order == ["b", "a", "c"]


def test_reference_list_follows_the_citation_order():
    items = {key: {"id": key, "type": "webpage", "title": f"Page {key}"} for key in "abc"}
    entries = format_references(["c", "a"], items, english)
    assert [(e.number, e.key, e.text) for e in entries] == [
        (1, "c", "Page c [Internet]."), (2, "a", "Page a [Internet].")]


def test_right_to_left_isolates_only_the_translated_words():
    item = {"type": "book", "title": "Big book", "edition": 3, "publisher": "Press",
            "author": [person(f"N{i}") for i in "1234567"], "URL": "https://example.org/b"}
    found = entry(item, arabic, rtl=True)
    html = str(found.html)
    for word in ("وآخرون", "الطبعة 3", "متاح على"):
        assert f"{RLI}{word}{PDI}" in html
    assert html.count(RLI) == html.count(PDI) == 3
    assert f"{RLI}Big book" not in html and "N1" in html
    assert RLI not in found.text        # the plain text (search, checks) has no controls
    assert RLI not in str(entry(item, arabic, rtl=False).html)


def test_right_to_left_leaves_english_words_alone():
    html = str(entry({"type": "webpage", "title": "A page", "URL": "https://example.org"},
                     english, rtl=True).html)
    assert RLI not in html and PDI not in html
