"""The WeasyPrint seam fails loudly: a tagging extension that did not run, or an
untested WeasyPrint, stops the handout; and verify catches a bad tagging on its own."""

from __future__ import annotations

import contextlib

import pydyf
import pytest

from handout.builder.engine import Workshop, build_pdf
from handout.builder.options import BuildOptions
from handout.cli import main
from handout.content.load import load_guide
from handout.matrix import PRINT_SIZES, Job
from handout.pdf import weasyprint_seam
from handout.pdf.weasyprint_seam import SeamError
from handout.verify.document import verify_pdf


@contextlib.contextmanager
def _not_wrapped(run):
    yield            # WeasyPrint's own _build_box_tree, as if our wrapper were gone


@pytest.mark.fast
def test_untested_weasyprint_refused_with_the_tested_versions():
    with pytest.raises(SeamError) as caught:
        weasyprint_seam.check_version("71.0")
    message = str(caught.value)
    assert "WeasyPrint 71.0" in message and "70.0" in message
    assert "weasyprint_seam.py" in message and "upgrade-check" in message


@pytest.mark.fast
def test_untested_weasyprint_allowed_only_when_asked(monkeypatch):
    monkeypatch.setenv(weasyprint_seam.ALLOW_UNTESTED, "1")
    weasyprint_seam.check_version("71.0")


def _element(tag: str, kids: list) -> pydyf.Dictionary:
    return pydyf.Dictionary({"Type": "/StructElem", "S": tag, "K": pydyf.Array(kids)})


@pytest.mark.fast
def test_proof_fails_when_the_wrapper_missed_nested_elements():
    """As if WeasyPrint's recursion stopped going through the module attribute: the
    top-level element was seen, the nested paragraph was not."""
    section, paragraph = _element("/Sect", []), _element("/P", [])
    text_run = _element("/Span", [0])           # text runs are never yielded: exempt
    pdf = type("Pdf", (), {"objects": [_element("/Document", []), section, paragraph,
                                       text_run]})()
    run = weasyprint_seam._Run(calls=1, seen={id(section)})
    run.finish(None, pdf)
    assert (run.elements, run.unseen) == (2, 1)
    with pytest.raises(SeamError, match=r"1 of 2 structure elements unseen"):
        run.prove()
    run = weasyprint_seam._Run(calls=2, seen={id(section), id(paragraph)})
    run.finish(None, pdf)
    run.prove()


@pytest.mark.fast
def test_proof_fails_when_the_wrapper_never_ran():
    with pytest.raises(SeamError, match="0 wrapper calls"):
        weasyprint_seam._Run().prove()


def test_build_without_the_wrapper_fails_naming_the_seam(project, tmp_path, monkeypatch,
                                                         capsys):
    monkeypatch.setattr(weasyprint_seam, "_wrapped", _not_wrapped)
    out = tmp_path / "out"
    code = main(["--project", str(project.root), "build", "--lang", "en", "--audience",
                 "teen", "--out", str(out), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert "WeasyPrint seam" in err and "_build_box_tree" in err
    assert not list(out.rglob("*.pdf"))


def test_verify_rejects_an_untagged_build_on_its_own_evidence(project, monkeypatch):
    """Force the PDF out (wrapper gone, proof skipped): the structure counts from the
    HTML and the list checks reject it without asking the seam."""
    monkeypatch.setattr(weasyprint_seam, "_wrapped", _not_wrapped)
    monkeypatch.setattr(weasyprint_seam._Run, "prove", lambda self: None)
    guide = load_guide(project.guide_folder("poh"))
    job = Job("poh", "en", "teen", "large", "a4")
    built = build_pdf(Workshop.open(project), guide, job, BuildOptions())
    errors = verify_pdf(built.pdf, "en", PRINT_SIZES["large"].body_pt,
                        expected_structure=built.expected_structure).errors
    split = [e for e in errors if "the tagging split or lost elements" in e]
    assert split, errors
    assert any("/ListNumbering" in e for e in errors), errors


def test_same_input_same_bytes_whatever_the_clock(project, monkeypatch):
    """Arabic uses a variable font that WeasyPrint instantiates with fontTools, which
    would stamp the current time into the embedded font."""
    import time

    guide = load_guide(project.guide_folder("poh"))
    job = Job("poh", "ar", "teen", "standard", "a4")
    workshop = Workshop.open(project)
    options = BuildOptions(allow_fallback=True)      # whatever state the catalog is in
    first = build_pdf(workshop, guide, job, options).pdf
    later = time.time() + 86_400 * 400
    monkeypatch.setattr(time, "time", lambda: later)
    second = build_pdf(workshop, guide, job, options).pdf
    assert first == second
