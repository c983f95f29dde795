"""The translator's workflow on small test catalogs: extract, contexts, update, QA, review."""

from __future__ import annotations

import subprocess
import sys

import pdfplumber
import pytest

from handout.cli import main
from handout.translation.catalogs import read_catalog

from .support.catalogs import fill, translated_mini
from .support.projects import ROOT


def keys(path):
    return {(e.context, e.msgid) for e in read_catalog(path).entries.values()}


def test_pybabel_extract_matches_make_guide_extract(project, tmp_path):
    target = tmp_path / "poh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "pyproject.toml", "-o", str(target), "guide/poh"], cwd=ROOT, check=True,
                   capture_output=True)
    assert keys(target) == keys(project.locales / "poh.pot")
    assert len(keys(target)) > 100


def test_same_sentence_two_contexts(mini):
    found = keys(mini.locales / "mini.pot")
    assert ("teen", "Ask your care team [@b].") in found
    assert ("parent", "Ask your care team [@b].") in found
    text = (mini.locales / "mini.pot").read_text()
    assert "#: guide/mini/guide.yaml:17" in text
    assert "#. guide mini, section intro, paragraph text; audience teen" in text


def test_update_keeps_each_context_on_its_own(mini):
    root = str(mini.root)
    assert main(["--project", root, "init", "es"]) == 0
    po = mini.locales / "es" / "LC_MESSAGES" / "mini.po"
    fill(po, {("teen", "Ask your care team [@b]."): "Pregunta a tu equipo [@b].",
              ("parent", "Ask your care team [@b]."): "Pregunte a su equipo [@b]."})
    guide = mini.guides / "mini" / "guide.yaml"
    guide.write_text(guide.read_text().replace("Ask your care team", "Ask your care team now"))
    assert main(["--project", root, "extract"]) == 0
    assert main(["--project", root, "update"]) == 0
    entries = read_catalog(po).entries
    teen = entries[("teen", "Ask your care team now [@b].")]
    parent = entries[("parent", "Ask your care team now [@b].")]
    assert (teen.msgstr, teen.fuzzy) == ("Pregunta a tu equipo [@b].", True)
    assert (parent.msgstr, parent.fuzzy) == ("Pregunte a su equipo [@b].", True)
    assert "#| msgid \"Ask your care team [@b].\"" in po.read_text()
    assert "X-Review-Status: unreviewed" in po.read_text()


BROKEN = {
    "50 to 5": ("Each child has a 50% chance [@a].", "Cada hijo tiene un 5 % [@a]."),
    "arabic 50 to 5": ("Each child has a 50% chance [@a].", "لكل طفل فرصة ٥٪ [@a]."),
    "dropped citation": ("Each child has a 50% chance [@a].", "Cada hijo tiene un 50 %."),
    "changed link": ("See [the site](https://example.org) for 13 of 18 people [@b].",
                     "Vea [el sitio](https://evil.example) para 13 de 18 personas [@b]."),
}


@pytest.mark.parametrize("case", BROKEN)
def test_qa_errors_fail_check_and_block_the_language(mini, case, tmp_path, capsys):
    msgid, msgstr = BROKEN[case]
    # The shared sentence is read only by the clinician (teen and parent have their own).
    context = "clinician" if msgid.startswith("Each child") else None
    root = translated_mini(mini, "ar" if "arabic" in case else "es",
                           {(context, msgid): msgstr})
    language = "ar" if "arabic" in case else "es"
    assert main(["--project", root, "check", language]) == 1
    out = capsys.readouterr().out
    assert "mini.po:" in out and msgid[:30] in out
    assert main(["--project", root, "build", "--lang", language, "--out",
                 str(tmp_path / "out"), "--allow-fallback"]) == 1
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_arabic_indic_digits_equal_western(mini, capsys):
    root = translated_mini(mini, "ar", {("clinician", "Each child has a 50% chance [@a]."):
                                        "لكل طفل فرصة ٥٠٪ [@a]."})
    main(["--project", root, "check", "ar"])
    out = capsys.readouterr().out
    assert "numbers differ" not in out


def test_incomplete_catalog_refused_unless_fallback(mini, tmp_path, capsys):
    root = translated_mini(mini, "fr")
    po = mini.locales / "fr" / "LC_MESSAGES" / "mini.po"
    text = po.read_text().replace('msgstr "Each child has a 50% chance [@a]."', 'msgstr ""')
    po.write_text(text)
    out = tmp_path / "out"
    assert main(["--project", root, "build", "--lang", "fr", "--out", str(out)]) == 1
    assert "1 untranslated" in capsys.readouterr().err
    assert not list(out.rglob("*.pdf"))
    assert main(["--project", root, "build", "--lang", "fr", "--out", str(out),
                 "--allow-fallback", "--audience", "clinician", "--jobs", "1"]) == 0
    pdf = next(out.rglob("*.pdf"))
    with pdfplumber.open(pdf) as document:
        assert "Each child has a 50% chance" in document.pages[0].extract_text()


def test_review_line_follows_catalog_header(mini, tmp_path):
    root = translated_mini(mini, "es", review={
        "X-Review-Status": "reviewed", "X-Reviewed-By": "Dr Ana Ruiz",
        "X-Review-Date": "2026-11-20", "X-Reviewed-Content-Version": "0.9"})
    out = tmp_path / "out"
    assert main(["--project", root, "build", "--lang", "es", "--audience", "teen",
                 "--out", str(out), "--jobs", "1"]) == 0
    with pdfplumber.open(next(out.rglob("*.pdf"))) as document:
        text = " ".join(document.pages[0].extract_text().split())
    assert "Translation reviewed by Dr Ana Ruiz on 2026-11-20" in text
    assert "The original has changed since this review (now version 1.0)" in text
    assert "not yet been reviewed" not in text


def test_proof_shows_context_and_catalog_line(mini, tmp_path, capsys):
    root = translated_mini(mini, "es", {("teen", "Ask your care team [@b]."):
                                        "Pregunta a tu equipo [@b]."})
    assert main(["--project", root, "proof", "es", "--audience", "teen", "--out",
                 str(tmp_path)]) == 0
    path = tmp_path / "proof" / "mini-es-teen-standard-a4.pdf"
    with pdfplumber.open(path) as document:
        text = " ".join(document.pages[0].extract_text().split())
    assert "Pregunta a tu equipo" in text
    assert "intro · paragraph · teen · mini.po:" in text


def test_stats_table_counts_and_review(mini, capsys):
    root = translated_mini(mini, "fr")
    po = mini.locales / "fr" / "LC_MESSAGES" / "mini.po"
    po.write_text(po.read_text().replace('msgstr "What is it?"', 'msgstr ""'))
    capsys.readouterr()
    assert main(["--project", root, "stats"]) == 0
    line = next(row for row in capsys.readouterr().out.splitlines() if " fr " in row)
    translated, fuzzy, untranslated = (int(v) for v in line.split()[2:5])
    assert untranslated == 1 and fuzzy == 0 and translated > 10
    assert "unreviewed draft" in line


def test_update_never_carries_one_language_into_another(mini):
    """Babel's update shares the template's message objects; a fuzzy match made for one
    language must not appear in the next language's catalog."""
    root = str(mini.root)
    for language in ("ar", "es"):
        assert main(["--project", root, "init", language]) == 0
    ar = mini.locales / "ar" / "LC_MESSAGES" / "mini.po"
    fill(ar, {("teen", "Ask your care team [@b]."): "اسأل فريق الرعاية [@b]."})
    guide = mini.guides / "mini" / "guide.yaml"
    guide.write_text(guide.read_text().replace("Ask your care team", "Ask your care team now"))
    assert main(["--project", root, "extract"]) == 0
    assert main(["--project", root, "update"]) == 0
    spanish = (mini.locales / "es" / "LC_MESSAGES" / "mini.po").read_text("utf-8")
    assert "اسأل" not in spanish
    assert "اسأل" in ar.read_text("utf-8")


@pytest.mark.fast
def test_readiness_follows_problem_kinds_not_wording(tmp_path):
    """Rewording a message never changes which languages build: the kind decides."""
    from handout.translation.qa import Problem
    from handout.translation.status import LanguageStatus

    def status(*problems):
        return LanguageStatus("g", "fr", False, problems=list(problems))

    todo = Problem("error", tmp_path, 1, "m", "untranslated, reworded", "untranslated")
    wrong = Problem("error", tmp_path, 1, "m", "fuzzy-looking wording", "check")
    assert status(todo).buildable(allow_fallback=True)
    assert not status(todo).buildable(allow_fallback=False)
    assert not status(wrong).buildable(allow_fallback=True)
    with pytest.raises(ValueError, match="unknown problem kind"):
        Problem("error", tmp_path, 1, "m", "text", "typo")
