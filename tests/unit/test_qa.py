"""Translation QA (handout.translation.qa): each check refuses a translation that
changes what it must not, and accepts a faithful one. No catalog file, no PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from handout.content.model import Message
from handout.translation.catalogs import Catalog, Entry
from handout.translation.qa import check_catalog, compare, numbers, placeholder_problem

pytestmark = pytest.mark.fast

# name: (msgid, a good msgstr, a bad msgstr, what the refusal says)
CHECKS = {
    "citation dropped": (
        "Each child has a 50% chance [@a].", "Cada niño tiene un 50 % de riesgo [@a].",
        "Cada niño tiene un 50 % de riesgo.", "citations differ"),
    "citation key changed": (
        "It is rare [@a; @b].", "C'est rare [@b; @a].", "C'est rare [@a; @c].",
        "citations differ"),
    "link retargeted": (
        "See [the site](https://example.org) now.", "Voir [le site](https://example.org).",
        "Voir [le site](https://evil.example).", "link targets differ"),
    "link dropped": (
        "See [the site](https://example.org).", "Voir [le site](https://example.org).",
        "Voir le site.", "link targets differ"),
    "link without visible text": (
        "See [the site](https://example.org).", "Voir [le site](https://example.org).",
        "Voir [](https://example.org).", "has no visible text"),
    "link showing another address": (
        "See [the site](https://example.org).", "Voir [le site](https://example.org).",
        "Voir [www.other.example](https://example.org).", "a link shows"),
    "link no longer showing its address": (
        "Visit [example.org](https://example.org).", "Visitez [example.org](https://example.org).",
        "Visitez [le site](https://example.org).", "must show its address"),
    "bold markup dropped": (
        "It is **not** your fault.", "Ce n'est **pas** ta faute.", "Ce n'est pas ta faute.",
        "bold markup"),
    "placeholder renamed": (
        "Page %(page)s of %(pages)s", "Page %(page)s sur %(pages)s",
        "Page %(page)s sur %(total)s", "placeholders such as %(page)s differ"),
    "placeholder dropped": (
        "Page %(page)s of %(pages)s", "Page %(page)s sur %(pages)s", "Page %(page)s",
        "placeholders such as %(page)s differ"),
    "placeholder with a width": (
        "Page %(page)s of %(pages)s", "Page %(page)s sur %(pages)s",
        "Page %(page)99s sur %(pages)s", "has a width or flags"),
    "bare percent sign next to placeholders": (
        "%(label)s:", "%(label)s :", "%(label)s à 50%", "a % sign that is not a placeholder"),
    "number changed": (
        "13 of 18 people", "13 personnes sur 18", "13 personnes sur 19",
        "numbers differ from the source (missing 18; added 19)"),
    "number dropped": (
        "1 in 2 children", "1 enfant sur 2", "un enfant sur deux", "missing 1, 2"),
    "decimal changed": (
        "2.5 cm", "2,5 cm", "25 cm", "numbers differ"),
    "bidi control": (
        "50% of people", "50 % des personnes", "\u202e50 % des personnes", "bidi control"),
    "control character": (
        "Hello", "Bonjour", "Bon\x07jour", "control character"),
    "far too long": (
        "Hello", "Bonjour", "B" * 100, "TRANSLATION_FACTOR"),
}


@pytest.mark.parametrize(("msgid", "good", "bad", "refusal"), CHECKS.values(),
                         ids=CHECKS.keys())
def test_check_refuses_the_bad_and_accepts_the_good(msgid, good, bad, refusal):
    assert compare(msgid, good) == []
    problems = compare(msgid, bad)
    assert any(refusal in problem for problem in problems), problems


@pytest.mark.parametrize(("source", "translation"), [
    ("13 of 18", "١٣ من ١٨"),                  # Arabic-Indic digits
    ("1,000,000 people", "1.000.000 personnes"),  # grouping with points
    ("1,000 people", "1\u202f000 personnes"),     # grouping with a narrow no-break space
    ("2.5 cm", "2,5 cm"),                         # decimal comma
    ("2.5 cm", "٢٫٥ سم"),                          # Arabic decimal separator
])
def test_numbers_compare_across_scripts_and_separators(source, translation):
    assert numbers(source) == numbers(translation)
    assert compare(source, translation) == []


def test_numbers_in_citation_keys_and_addresses_are_not_counted():
    assert numbers("See [x](https://a.org/2020) [@s10]") == numbers("See x")


@pytest.mark.parametrize(("msgstr", "refused"), [
    ("Page %(page)s", False), ("100%%", False), ("no placeholder", False),
    ("%(page)5s", True), ("%(page)-s", True), ("%(page)d", True), ("50%", True),
    ("%s", True), ("%(page).0s", True),
])
def test_placeholder_problem(msgstr, refused):
    assert (placeholder_problem(msgstr) is not None) is refused


def catalog(*entries: Entry) -> Catalog:
    return Catalog(path=Path("locales/fr/LC_MESSAGES/mini.po"), language="fr",
                   entries={(e.context, e.msgid): e for e in entries})


def message(msgid: str, context: str | None = None) -> Message:
    return Message(msgid=msgid, context=context, line=1)


def test_catalog_check_reports_untranslated_missing_and_fuzzy_as_errors():
    found = catalog(Entry("Good", None, "Bon", False, 10),
                    Entry("Empty", None, "", False, 20),
                    Entry("Fuzzy", None, "Flou", True, 30),
                    Entry("Teen", "teen", "Ado", False, 40))
    problems = check_catalog(found, [message("Good"), message("Empty"), message("Fuzzy"),
                                     message("Absent"), message("Teen", "teen"),
                                     message("Good")], toolkit=False)
    assert [(p.severity, p.line, p.msgid, p.text.split(":")[0]) for p in problems] == [
        ("error", 20, "Empty", "untranslated"),
        ("error", 30, "Fuzzy", "fuzzy"),
        ("error", 0, "Absent", "missing from the catalog (run 'make_guide.py update')"),
    ]


def test_catalog_check_wants_the_context_too():
    found = catalog(Entry("Your care team", None, "Ton équipe", False, 5))
    problems = check_catalog(found, [message("Your care team", "parent")], toolkit=False)
    assert [p.text for p in problems] == [
        "missing from the catalog (run 'make_guide.py update')"]


def test_catalog_check_names_the_file_and_line_of_a_changed_translation():
    found = catalog(Entry("13 of 18 [@a]", None, "13 sur 19 [@a]", False, 7))
    [problem] = check_catalog(found, [message("13 of 18 [@a]")], toolkit=False)
    assert str(problem).startswith("locales/fr/LC_MESSAGES/mini.po:7: error: numbers differ")


def test_toolkit_findings_are_warnings_only():
    found = catalog(Entry("Take the pill", None, "Prenez le comprimé(s)", False, 3))
    problems = check_catalog(found, [message("Take the pill")])
    assert [(p.severity, p.text.split(":")[0]) for p in problems] == [
        ("warning", "simpleplurals")]
    assert check_catalog(catalog(Entry("Take the pill", None, "Prenez le comprimé", False, 3)),
                         [message("Take the pill")]) == []
