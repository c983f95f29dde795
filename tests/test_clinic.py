"""The clinic edition: contacts, local service and QR code in every shipped language."""

from __future__ import annotations

import pikepdf
import pytest

from handout.builder.options import BuildOptions
from handout.builder.run import Request, run_build
from handout.cli import main
from handout.content.clinic import load_profile
from handout.verify.document import verify_pdf

from .support.pdf import squash_cited, structure_paragraphs
from .support.projects import MINI_GUIDE, ROOT, make_project

EXAMPLE = ROOT / "clinics" / "example"
LANGUAGES = ("en", "es", "fr", "ar", "zh")


@pytest.fixture(scope="module")
def clinic_build(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("clinic")
    plan, outcomes = run_build(project, Request(
        audiences=("parent",), out=out, jobs=2,
        options=BuildOptions(clinic=load_profile(EXAMPLE))))
    failed = [o.error for o in outcomes if o.status == "failed"]
    assert not failed, failed
    return {o.job.language: o.path for o in outcomes}


def test_clinic_editions_are_named_apart(clinic_build):
    assert sorted(p.name for p in clinic_build.values()) == [
        f"poh-{lang}-parent-large-{'letter' if lang == 'en' else 'a4'}-example-genetics.pdf"
        for lang in sorted(LANGUAGES)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_contacts_local_service_and_labels_in_every_language(project, clinic_build,
                                                             language):
    from handout.translation.catalogs import catalog_path, read_catalog

    text = squash_cited(" ".join(structure_paragraphs(clinic_build[language])))
    assert squash_cited("+44 20 7946 0000") in text and squash_cited("+44 20 7946 0001") in text
    assert "genetics@example.org" in text and "counselling@example.org" in text
    labels = read_catalog(catalog_path(project.locales, language, "handout")) if \
        language != "en" else None

    def word(msgid):
        return labels.entries[(None, msgid)].msgstr if labels else msgid

    headings = structure_paragraphs(clinic_build[language], tags=("/H2", "/H3"))
    assert squash_cited(word("Who to contact")) in [squash_cited(h) for h in headings]
    assert squash_cited(word("Genetic counseling service")) in [squash_cited(h) for h in headings]
    assert squash_cited(word("Phone")) in text
    service = load_profile(EXAMPLE).genetic_counselling.name.get(language)[0]
    assert squash_cited(service) in text
    # The generic "find a genetics professional" section is replaced by the local one.
    assert "American College of Medical Genetics" not in " ".join(
        structure_paragraphs(clinic_build[language]))


@pytest.mark.parametrize("language", LANGUAGES)
def test_qr_code_decodes_to_the_online_version(clinic_build, language):
    import pypdfium2
    import zxingcpp

    from handout.verify.document import walk_structure

    path = clinic_build[language]
    with pikepdf.open(path) as pdf:
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        # The QR figure is the last figure (after the inheritance panels and the logo).
        qr_page = [pages[e.Pg.objgen] for e in walk_structure(pdf) if e.S == "/Figure"][-1]
    document = pypdfium2.PdfDocument(str(path))
    image = document[qr_page].render(scale=3).to_pil()
    decoded = [r.text for r in zxingcpp.read_barcodes(image)]
    document.close()
    assert decoded == ["https://example.org/poh"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_clinic_edition_passes_every_check(clinic_build, language):
    report = verify_pdf(clinic_build[language], language, 18)
    assert report.errors == []
    with pikepdf.open(clinic_build[language]) as pdf:
        from handout.verify.document import walk_structure

        alts = [str(e.Alt) for e in walk_structure(pdf) if e.S == "/Figure"]
    assert any("QR" in alt or "二维码" in alt for alt in alts)
    assert len(alts) == 4          # two inheritance panels, the logo, the QR code


BAD_PROFILES = {
    "missing phone": ("id: x\nname: Clinic\n", None, "clinic.yaml:1",
                      "missing required field 'phone'"),
    "logo outside": ('id: x\nname: Clinic\nphone: "123"\nlogo:\n  file: ../secret.svg\n'
                     '  alt: Logo\n', None, "clinic.yaml:5", "outside the profile's folder"),
    "over-long field": (f'id: x\nname: Clinic\nphone: "123"\naddress: "{"a" * 400}"\n', None,
                        "clinic.yaml:4", "more than 300"),
    "script in logo": ('id: x\nname: Clinic\nphone: "123"\nlogo:\n  file: logo.svg\n  alt: L\n',
                       '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                       "logo.svg", "forbidden <script>"),
}


@pytest.mark.parametrize("case", BAD_PROFILES)
def test_bad_profile_refused_with_file_and_line(case, tmp_path, capsys):
    yaml_text, logo, where, problem = BAD_PROFILES[case]
    project = make_project(tmp_path, MINI_GUIDE)
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "clinic.yaml").write_text(yaml_text)
    (tmp_path / "secret.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    if logo:
        (folder / "logo.svg").write_text(logo)
    out = tmp_path / "out"
    code = main(["--project", str(project.root), "build", "--clinic", str(folder),
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code != 0
    assert where in err and problem in err, err
    assert "Traceback" not in err
    assert not out.exists() or not list(out.rglob("*.pdf"))


def test_without_profile_the_generic_text_stays(matrix_build):
    paragraphs = " ".join(structure_paragraphs(matrix_build[("en", "parent")]))
    assert "American College of Medical Genetics" in paragraphs
    assert "example.org" not in paragraphs



# Formal address in a label: Spanish usted forms, French vous forms, Chinese 您.
FORMAL = {"es": r"\b(usted|su equipo|Escanee|escriba)\b",
          "fr": r"(?<!rendez-)\b(vous|votre|Scannez)\b",
          "zh": "您"}


@pytest.fixture(scope="module")
def teen_clinic_build(project, tmp_path_factory):
    out = tmp_path_factory.mktemp("teen-clinic")
    plan, outcomes = run_build(project, Request(
        languages=tuple(FORMAL), audiences=("teen",), out=out, jobs=2,
        options=BuildOptions(clinic=load_profile(EXAMPLE))))
    failed = [o.error for o in outcomes if o.status == "failed"]
    assert not failed, failed
    return {o.job.language: o.path for o in outcomes}


@pytest.mark.parametrize("language", sorted(FORMAL))
def test_teen_editions_never_address_the_reader_formally(matrix_build, teen_clinic_build,
                                                         language):
    """Labels that speak to the reader carry the audience: a teenager's clinic edition
    says "Tu equipo médico", "Ton équipe soignante", "你的医疗团队"."""
    import re

    for path in (matrix_build[(language, "teen")], teen_clinic_build[language]):
        text = " ".join(structure_paragraphs(path, tags=("/P", "/H2", "/H3", "/Caption",
                                                          "/LBody", "/LI")))
        assert not re.search(FORMAL[language], text, re.IGNORECASE), path.name
    clinic = " ".join(structure_paragraphs(teen_clinic_build[language],
                                            tags=("/P", "/H3", "/Caption")))
    informal = {"es": "Tu equipo médico", "fr": "Ton équipe soignante", "zh": "你的医疗团队"}
    assert squash_cited(informal[language]) in squash_cited(clinic)
