"""Translators' tools: approved terms, each language's alphabetical order."""

from __future__ import annotations

import pytest

from handout.translation.catalogs import read_catalog
from handout.translation.collation import sort_key
from handout.translation.terms import missing_terms, read_terms, terms_path


@pytest.mark.parametrize("language", ["es", "fr", "ar", "zh"])
def test_shipped_catalogs_use_their_approved_terms(project, language):
    terms = read_terms(terms_path(project.locales, language), language)
    assert terms, f"no term base for {language}"
    catalog = read_catalog(project.locales / language / "LC_MESSAGES" / "poh.po")
    missing = [(entry.line, term.source) for entry in catalog.entries.values()
               if entry.msgstr and not entry.fuzzy
               for term in missing_terms(entry.msgid, entry.msgstr, terms)]
    assert missing == []


def test_an_unapproved_term_is_found_with_the_approved_one(project):
    terms = read_terms(terms_path(project.locales, "fr"), "fr")
    found = missing_terms("Bone forms (HO) in the skin.", "De l'os se forme (HO) dans la peau.",
                          terms)
    assert [(t.source, t.approved) for t in found] == [("HO", "OH")]
    assert missing_terms("Bone forms (HO) in the skin.", "Os (OH) dans la peau.", terms) == []


def test_the_longest_term_wins(project):
    terms = read_terms(terms_path(project.locales, "zh"), "zh")
    assert missing_terms("Progressive osseous heteroplasia is rare.",
                         "进行性骨发育异常很罕见。", terms) == []
    assert [t.approved for t in missing_terms("Heteroplasia means growth elsewhere.",
                                              "发育异常的意思是……", terms)] == ["异质增生"]


def test_chinese_sorts_by_pinyin():
    words = ["遗传咨询师", "基因", "变异", "发育", "假性"]
    assert sorted(words, key=lambda w: sort_key(w, "zh")) == [
        "变异", "发育", "基因", "假性", "遗传咨询师"]


def test_arabic_ignores_the_article():
    words = ["الجين", "مستشار وراثي", "إخصاب", "بروتين"]
    assert sorted(words, key=lambda w: sort_key(w, "ar")) == [
        "إخصاب", "بروتين", "الجين", "مستشار وراثي"]


def test_spanish_puts_enye_after_n_and_ignores_accents_and_isolates():
    words = ["ñu", "nube", "oso", "Ósea", "\u2066GNAS\u2069", "gen"]
    assert sorted(words, key=lambda w: sort_key(w, "es")) == [
        "gen", "\u2066GNAS\u2069", "nube", "ñu", "Ósea", "oso"]


@pytest.mark.parametrize("language", ["zh", "ar", "es"])
def test_printed_glossary_follows_the_language_order(project, language):
    """The glossary a teen reads is in their language's dictionary order."""
    import re

    from handout.builder.engine import Workshop, render_job
    from handout.content.load import load_guide
    from handout.matrix import Job
    from handout.translation.collation import visible

    rendered = render_job(Workshop.open(project), load_guide(project.guide_folder("poh")),
                          Job("poh", language, "teen", "large", "a4"))
    glossary = rendered.html.split('class="glossary-list"')[1].split("</ul>")[0]
    terms = [visible(t).rstrip(":：\u00a0 ") for t in
             re.findall(r"<li><strong>(.*?)</strong>", glossary, re.S)]
    assert len(terms) >= 3
    assert terms == sorted(terms, key=lambda t: sort_key(t, language))
    if language == "ar":
        # Sorted as if the article were not there: no term starting with ال is out of
        # order against the same term without it.
        stripped = [re.sub(r"^ال", "", t) for t in terms]
        assert stripped == sorted(stripped, key=lambda t: sort_key(t, "ar"))
