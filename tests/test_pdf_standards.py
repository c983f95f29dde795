"""PDF/UA-1 and PDF/UA-2: both matrices pass veraPDF, every structure fix carries over
to PDF 2.0, a broken PDF/UA-2 handout is rejected naming the rule, and the bytes are
reproducible."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pikepdf
import pytest

from handout.builder.engine import Workshop, build_pdf
from handout.builder.options import BuildOptions
from handout.builder.publish import valid_entry
from handout.builder.run import job_key, standards_from
from handout.cli import main
from handout.errors import ToolMissingError
from handout.matrix import DEFAULT_STANDARD, PDF2_NAMESPACE, PDF_STANDARDS, Job
from handout.verify import verapdf
from handout.verify.document import verify_pdf, walk_structure

LANGUAGES = {"en", "es", "fr", "ar", "zh"}


# -- veraPDF over both matrices ---------------------------------------------------------

@pytest.mark.parametrize("standard", ["ua-1", "ua-2"])
def test_every_handout_of_the_matrix_passes_verapdf(standard, verapdf_matrices):
    """PDFUA-1 for PDF/UA-1; PDFUA-2 and WTPDF 1.0 accessibility for PDF/UA-2: not one
    failed rule in any handout, any language."""
    suffix = PDF_STANDARDS[standard].suffix
    results = {path: found for path, found in verapdf_matrices.items()
               if path.stem.endswith(suffix) and (suffix or not path.stem.endswith("-ua2"))}
    assert results
    for path, found in results.items():
        assert [r.profile for r in found] == list(PDF_STANDARDS[standard].verapdf_profiles)
        problems = [p for result in found for p in result.problems()]
        assert problems == [], (path.name, problems)
        assert all(result.compliant for result in found), path.name


@pytest.mark.parametrize("standard", ["ua-1", "ua-2"])
def test_the_verapdf_matrices_hold_every_language(standard, matrix_build, ua2_matrix_build):
    built = matrix_build if standard == "ua-1" else ua2_matrix_build
    languages = {path.parent.name for path in built.values()}
    assert languages == LANGUAGES, f"not built: {sorted(LANGUAGES - languages)}"


def test_ua2_handouts_claim_ua2_and_pass_verify(ua2_matrix_build):
    out = next(iter(ua2_matrix_build.values())).parents[2]
    entries = json.loads((out / "manifest.json").read_text())["handouts"]
    assert {e["pdf_standard"] for e in entries} == {"ua-2"}
    for (language, _), path in ua2_matrix_build.items():
        assert path.name.endswith("-ua2.pdf")
        report = verify_pdf(path, language, 18, standard="ua-2")
        assert report.errors == [] and report.standard == "ua-2"
        with pikepdf.open(path) as pdf:
            assert pdf.pdf_version == "2.0"


# -- every structure fix carries over --------------------------------------------------

def _tree(path: Path) -> list[tuple]:
    """What a reader meets, element by element: type, language, text, numbering,
    scope, alt text, children's types."""
    with pikepdf.open(path) as pdf:
        return [(str(e.S), str(e.get("/Lang", "")), str(e.get("/ActualText", "")),
                 str((e.get("/A") or {}).get("/ListNumbering", "")),
                 str((e.get("/A") or {}).get("/Scope", "")), str(e.get("/Alt", "")),
                 tuple(str(k.S) for k in (e.K if isinstance(e.get("/K"), pikepdf.Array)
                                           else [e.get("/K")])
                       if isinstance(k, pikepdf.Dictionary) and "/S" in k))
                for e in walk_structure(pdf)]


def test_the_ua2_tree_is_the_ua1_tree_with_figures_in_sections(matrix_build,
                                                                ua2_matrix_build):
    """Merged pieces, artifacts, list numbering, table headers, span languages, alt
    text and ActualText: the same in both; only <figure> groups in a Sect, not a Div."""
    for key, ua2 in ua2_matrix_build.items():
        one, two = _tree(matrix_build[key]), _tree(ua2)
        assert len(one) == len(two), key
        regrouped = 0
        for a, b in zip(one, two, strict=True):
            if (a[0], b[0]) == ("/Div", "/Sect"):
                assert b[6][-1] == "/Caption", key
                a, regrouped = ("/Sect", *a[1:]), regrouped + 1
            kids = tuple(k2 if (k1, k2) == ("/Div", "/Sect") else k1
                         for k1, k2 in zip(a[6], b[6], strict=True))
            assert (*a[:6], kids) == b, key
        assert regrouped == sum(1 for e in one if e[0] == "/Div" and e[6][-1:] ==
                                ("/Caption",)), key


def test_the_ua2_clinic_edition_passes_verapdf(ua2_clinic_build, verapdf_matrices):
    """Its QR code is a figure with white space after the picture: WeasyPrint tags that
    run as a Span of the figure's Sect, where PDF/UA-2 allows none; it is an artifact."""
    assert [p for r in verapdf_matrices[ua2_clinic_build] for p in r.problems()] == []
    with pikepdf.open(ua2_clinic_build) as pdf:
        groups = [[str(k.S) for k in e.K if isinstance(k, pikepdf.Dictionary)]
                  for e in walk_structure(pdf) if e.S == "/Sect" and any(
                      isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/Caption"
                      for k in e.K)]
    assert groups.count(["/Div", "/Caption"]) == len(groups) == 3   # 2 figures, QR


def test_ua2_namespaces_destinations_and_declaration(ua2_matrix_build):
    path = ua2_matrix_build[("en", "teen")]
    with pikepdf.open(path) as pdf:
        tree = pdf.Root.StructTreeRoot
        assert [str(k.S) for k in tree.K] == ["/Document"]
        assert str(tree.K[0].NS.NS) == PDF2_NAMESPACE
        assert "/RoleMap" not in tree
        assert all(str(e.NS.NS) == PDF2_NAMESPACE for e in walk_structure(pdf))
        item, titles = pdf.Root.Outlines.First, []
        while item is not None:
            assert "/Dest" not in item
            assert item.A.S == "/GoTo" and item.A.D[0].Type == "/Page"
            target = item.A.SD[0]
            assert str(target.S) in ("/H1", "/H2", "/H3", "/H4"), item.Title
            assert list(item.A.SD)[1:] == list(item.A.D)[1:]
            titles.append(str(item.Title))
            item = item.get("/First") or item.get("/Next") or item.get("/Parent", {}).get(
                "/Next")
        assert len(titles) > 5
        names = pdf.Root.Names.Dests.Names
        assert all("/SD" in names[i] and "/D" in names[i] for i in range(1, len(names), 2))
        groups = [e for e in walk_structure(pdf) if any(
            isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/Caption" for k in e.K)]
        assert groups and all(g.S == "/Sect" and g.K[len(g.K) - 1].S == "/Caption"
                              for g in groups if g.S != "/Table")
        xmp = pdf.Root.Metadata.read_bytes().decode()
    assert 'pdfuaid:part="2"' in xmp and "<pdfuaid:rev>2024</pdfuaid:rev>" in xmp
    assert "http://pdfa.org/declarations/wtpdf#accessibility1.0" in xmp


def test_an_internal_link_names_the_heading_it_jumps_to():
    """The handouts have no internal links yet (guide links are web and mail links
    only); a link to #later must still reach its heading as a structure destination."""
    import weasyprint

    from handout.pdf import weasyprint_seam
    from handout.pdf.structure import fix_structure

    html = ('<html lang="en"><head><title>Links</title></head><body><h1>Top</h1>'
            '<p><a href="#later">Read later</a></p>'
            '<h2 id="later" style="break-before: page">Later</h2><p>Text.</p></body></html>')
    ua2 = PDF_STANDARDS["ua-2"]
    pdf = fix_structure(weasyprint_seam.write_pdf(weasyprint.HTML(string=html), ua2), ua2)
    errors = verify_pdf(pdf, "en").errors
    assert not [e for e in errors if "PDF/UA-2" in e], errors
    with pikepdf.open(io.BytesIO(pdf)) as document:
        link = next(a for page in document.pages for a in page.get("/Annots", [])
                    if "/Dest" in a)
        names = document.Root.Names.Dests.Names
        target = names[[str(n) for n in names[::2]].index(str(link.Dest)) * 2 + 1]
        assert target.SD[0].S == "/H2" and target.D[0].Type == "/Page"
        assert target.SD[0].Pg == target.D[0] == document.pages[1].obj


# -- a broken PDF/UA-2 handout is rejected, naming the rule -----------------------------

def _page_destination_bookmark(pdf: pikepdf.Pdf) -> None:
    item = pdf.Root.Outlines.First
    item.Dest = item.A.D
    del item["/A"]


def _document_without_namespace(pdf: pikepdf.Pdf) -> None:
    del pdf.Root.StructTreeRoot.K[0]["/NS"]


BROKEN = [(_page_destination_bookmark, "(PDF/UA-2 8.8", "veraPDF PDF/UA-2 rule 8.8-1"),
          (_document_without_namespace, "(PDF/UA-2 8.2.5.2)",
           "veraPDF PDF/UA-2 rule 8.2.5.2-2")]


def test_verify_rejects_a_broken_ua2_handout_naming_the_rule(ua2_matrix_build, tmp_path,
                                                              capsys):
    good = ua2_matrix_build[("en", "teen")]
    paths = []
    for index, (change, _, _) in enumerate(BROKEN):
        with pikepdf.open(good) as pdf:
            change(pdf)
            out = io.BytesIO()
            pdf.save(out)
        folder = tmp_path / str(index)
        folder.mkdir()
        paths.append(folder / good.name)
        paths[-1].write_bytes(out.getvalue())
    for path, (_, ours, _) in zip(paths, BROKEN, strict=True):
        assert main(["verify", str(path)]) == 1
        output = capsys.readouterr().out
        assert ours in output, output
        assert f"{path}: ok" not in output
    # veraPDF, over the good and both broken ones in one Java process, names its rule
    assert main(["verify", "--vera", "--pdf-standard", "ua-2", str(good),
                 *map(str, paths)]) == 1
    output = capsys.readouterr().out
    for path, (_, _, theirs) in zip(paths, BROKEN, strict=True):
        assert any(line.startswith(f"{path}: {theirs}") for line in output.splitlines()), \
            output
    assert f"{good}: ok (" in output and "PDF/UA-2 veraPDF: no failed rules" in output


def test_verify_checks_the_claim_asked_for(ua2_matrix_build, capsys):
    path = ua2_matrix_build[("en", "teen")]
    assert main(["verify", "--pdf-standard", "ua-2", str(path)]) == 0
    assert main(["verify", "--pdf-standard", "ua-1", str(path)]) == 1
    assert "claims PDF/UA-2, expected PDF/UA-1" in capsys.readouterr().out


# -- the same bytes for the same input -------------------------------------------------

@pytest.mark.parametrize("language", ["en", "ar"])
def test_ua2_is_byte_reproducible(project, poh_guide, language):
    """Arabic: WeasyPrint instantiates its variable font with fontTools."""
    job = Job("poh", language, "teen", "large", "a4", pdf_standard="ua-2")
    options = BuildOptions(allow_fallback=True)      # whatever the catalog's state
    first = build_pdf(Workshop.open(project), poh_guide, job, options).pdf
    second = build_pdf(Workshop.open(project), poh_guide, job, options).pdf
    assert first == second
    assert first.startswith(b"%PDF-2.0")


# -- pure units ------------------------------------------------------------------------

@pytest.mark.fast
def test_a_ua2_handout_is_named_and_keyed_apart():
    ua1 = Job("poh", "en", "teen", "large", "a4")
    ua2 = Job("poh", "en", "teen", "large", "a4", pdf_standard="ua-2")
    assert ua1.pdf_standard == DEFAULT_STANDARD == "ua-1"
    assert ua1.filename == "poh-en-teen-large-a4.pdf"
    assert ua2.filename == "poh-en-teen-large-a4-ua2.pdf"
    assert ua2.label() == "poh/en/teen/large/a4/ua-2" and ua1.label() == "poh/en/teen/large/a4"
    project = type("P", (), {"locales": Path("/nonexistent")})()
    guide = type("G", (), {})()
    keys = {job_key(project, guide, job, BuildOptions(), "shared", "printed")
            for job in (ua1, ua2)}
    assert len(keys) == 2
    assert standards_from([]) == ("ua-1",) and standards_from(["all"]) == ("ua-1", "ua-2")


@pytest.mark.fast
@pytest.mark.parametrize("path,standard,valid", [
    ("poh/en/poh-en-teen-large-a4.pdf", "ua-1", True),
    ("poh/en/poh-en-teen-large-a4-ua2.pdf", "ua-2", True),
    ("poh/en/poh-en-teen-large-a4.pdf", "ua-2", False),
    ("poh/en/poh-en-teen-large-a4-ua2.pdf", "ua-1", False),
    ("poh/en/poh-en-teen-large-a4.pdf", None, False),
    ("poh/en/poh-en-teen-large-a4.pdf", ["ua-1"], False),
    ("poh/en/poh-en-teen-large-a4.pdf", "ua-3", False),
])
def test_a_manifest_entry_names_the_standard_its_file_claims(path, standard, valid):
    entry = {"path": path, "guide": "poh", "language": "en", "audience": "teen",
             "size": "large", "paper": "a4", "content_version": "2.1",
             "translation_status": "original", "sha256": "0" * 64, "bytes": 1, "pages": 1,
             "checks": {}, "key": ""}
    if standard is not None:
        entry["pdf_standard"] = standard
    assert valid_entry(entry) is valid


@pytest.mark.fast
@pytest.mark.parametrize("missing", ["java", "wheel", "jaxb"])
def test_verify_vera_without_verapdf_is_one_line_saying_how_to_install(
        missing, monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    if missing == "java":
        monkeypatch.setattr(verapdf.shutil, "which", lambda name: None)
    elif missing == "wheel":
        monkeypatch.setattr(verapdf, "DISTRIBUTION", "no-such-distribution-here")
    else:
        monkeypatch.setenv(verapdf.JAXB_CLASSPATH, str(tmp_path / "jaxb-runtime.jar"))
    with pytest.raises(ToolMissingError):
        verapdf.command()
    assert main(["verify", "--vera", str(tmp_path)]) == 1
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "tools/setup.sh --test" in error, error


@pytest.mark.fast
def test_a_verapdf_failure_reads_as_its_rule_count_and_place():
    result = verapdf._result({
        "file": "/x.pdf", "profile": "PDFUA_2", "compliant": False, "ms": 5,
        "failed": [{"clause": "8.8", "test": 1, "count": 11,
                    "description": "All destinations  shall be\n structure destinations",
                    "examples": [{"location": "root/Outlines[0]", "message": None}]}]})
    assert result.problems() == [
        "veraPDF PDF/UA-2 rule 8.8-1 failed 11x: All destinations shall be structure "
        "destinations (first at root/Outlines[0])"]
    broken = verapdf._result({"file": "/x.pdf", "profile": "PDFUA_1", "error": "bad"})
    assert broken.problems() == ["veraPDF could not validate it against PDF/UA-1: bad"]
