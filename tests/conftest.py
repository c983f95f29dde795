"""Shared fixtures, handed to a test by name (never imported). Each handout or project
a test only reads is built once per session; a test that changes one gets a fresh copy.
Helpers and constants are in tests/support/."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sys

import pytest

from handout.builder.run import Request, run_build
from handout.cli import main
from handout.project import Project

from .support.catalogs import CATALOG_GUIDE, SAME_SENTENCE, translated_mini
from .support.projects import ROOT, build_english_pdf, make_project
from .support.sandbox import AUDIT

AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def poh_guide(project):
    from handout.content.load import load_guide

    return load_guide(project.guide_folder("poh"))


@pytest.fixture(scope="session")
def english_build(project, tmp_path_factory):
    """The three English handouts in large print, plus teen in xlarge and standard."""
    out = tmp_path_factory.mktemp("english")
    plan, outcomes = run_build(project, Request(languages=("en",), out=out, jobs=2))
    _, more = run_build(project, Request(languages=("en",), audiences=("teen",),
                                         sizes=("xlarge", "standard"), out=out, jobs=2))
    failed = [o.error for o in outcomes + more if o.status == "failed"]
    assert not failed, failed
    return {(o.job.audience, o.job.size): o.path for o in outcomes + more}


@pytest.fixture(scope="session")
def matrix_build(project, tmp_path_factory):
    """Every shipped language × audience in large print on both papers: keyed
    (language, audience, paper), and (language, audience) for the language's own paper."""
    from handout.matrix import paper_for

    out = tmp_path_factory.mktemp("matrix")
    plan, outcomes = run_build(project, Request(papers=("a4", "letter"), out=out, jobs=2))
    failed = [o.error for o in outcomes if o.status == "failed"]
    assert not failed and not plan.failures, failed + plan.failures
    built = {(o.job.language, o.job.audience, o.job.paper): o.path for o in outcomes}
    built.update({(o.job.language, o.job.audience): o.path for o in outcomes
                  if o.job.paper == paper_for(o.job.language, "auto")})
    return built


@pytest.fixture(scope="session")
def full_matrix_build(project, matrix_build, tmp_path_factory):
    """Every language × audience × print size × paper (90 handouts), keyed (language,
    audience, size, paper) -> (outcome, manifest entry). Built on a copy of
    matrix_build's folder, so its 30 large-print handouts are skipped as unchanged and
    the other 60 are built."""
    out = tmp_path_factory.mktemp("full-matrix") / "out"
    shutil.copytree(next(iter(matrix_build.values())).parents[2], out)
    plan, outcomes = run_build(project, Request(
        sizes=("standard", "large", "xlarge"), papers=("a4", "letter"), out=out, jobs=2))
    failed = [o.error for o in outcomes if o.status == "failed"]
    assert not failed and not plan.failures, failed + plan.failures
    manifest = {e["path"]: e for e in json.loads(
        (out / "manifest.json").read_text("utf-8"))["handouts"]}
    return {(o.job.language, o.job.audience, o.job.size, o.job.paper):
            (o, manifest[o.path.relative_to(out).as_posix()]) for o in outcomes}


@pytest.fixture(scope="session")
def english_pdf(tmp_path_factory):
    """The mini guide's English teen handout. Read-only: tests copy it to change it."""
    return build_english_pdf(tmp_path_factory.mktemp("mini-english-pdf"))


# -- small translatable projects: a template built once, copies for the tests ----------

@pytest.fixture
def mini(tmp_path):
    """SAME_SENTENCE in a throwaway project, extracted (no language yet)."""
    project = make_project(tmp_path, SAME_SENTENCE)
    shutil.copy(ROOT / "pyproject.toml", project.root / "pyproject.toml")
    (project.root / "handout").symlink_to(ROOT / "handout")
    assert main(["--project", str(project.root), "extract"]) == 0
    return project


@pytest.fixture(scope="session")
def catalog_template(tmp_path_factory):
    """CATALOG_GUIDE extracted, with es and fr catalogs whose translations equal the
    English. Read-only: tests change a copy (``translated``)."""
    project = make_project(tmp_path_factory.mktemp("hostile-template"), CATALOG_GUIDE)
    shutil.copy(ROOT / "pyproject.toml", project.root / "pyproject.toml")
    (project.root / "handout").symlink_to(ROOT / "handout")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["--project", str(project.root), "extract"]) == 0
        for language in ("es", "fr"):
            translated_mini(project, language)
    return project


@pytest.fixture
def translated(tmp_path, catalog_template):
    """A copy of ``catalog_template`` under the test's own folder."""
    root = tmp_path / "project"
    shutil.copytree(catalog_template.root, root, symlinks=True)
    return type(catalog_template)(root)


# -- the audit hook: installed once (it cannot be removed), recording only when asked ---

@pytest.fixture
def audit():
    """The audit log (tests/support/sandbox.py): ``with audit.recording(): ...``."""
    if not AUDIT.installed:
        sys.addaudithook(AUDIT)
        AUDIT.installed = True
    yield AUDIT
    AUDIT.active = False


@pytest.fixture(scope="session")
def ua2_matrix_build(project, tmp_path_factory):
    """The default matrix (every shipped language × audience, large print, each
    language's own paper) claiming PDF/UA-2: keyed (language, audience)."""
    out = tmp_path_factory.mktemp("matrix-ua2")
    plan, outcomes = run_build(project, Request(standards=("ua-2",), out=out, jobs=2))
    failed = [o.error for o in outcomes if o.status == "failed"]
    assert not failed and not plan.failures, failed + plan.failures
    return {(o.job.language, o.job.audience): o.path for o in outcomes}


@pytest.fixture(scope="session")
def ua2_clinic_build(project, tmp_path_factory):
    """The English parent clinic edition (QR code, contacts) claiming PDF/UA-2."""
    from handout.builder.options import BuildOptions
    from handout.content.clinic import load_profile

    out = tmp_path_factory.mktemp("clinic-ua2")
    _, outcomes = run_build(project, Request(
        languages=("en",), audiences=("parent",), standards=("ua-2",), out=out, jobs=1,
        options=BuildOptions(clinic=load_profile(ROOT / "clinics" / "example"))))
    assert [o.status for o in outcomes] == ["built"], [o.error for o in outcomes]
    return outcomes[0].path


@pytest.fixture(scope="session")
def verapdf_matrices(matrix_build, ua2_matrix_build, ua2_clinic_build):
    """veraPDF over every PDF of both matrices and the PDF/UA-2 clinic edition, in one
    Java process: path -> the results of each profile its standard names (PDF/UA-1;
    PDF/UA-2 and WTPDF)."""
    from handout.matrix import PDF_STANDARDS
    from handout.verify import verapdf

    batch = [(path, PDF_STANDARDS["ua-1"].verapdf_profiles)
             for path in sorted(set(matrix_build.values()))]
    batch += [(path, PDF_STANDARDS["ua-2"].verapdf_profiles)
              for path in sorted({*ua2_matrix_build.values(), ua2_clinic_build})]
    return verapdf.validate(batch)


@pytest.fixture(scope="session")
def bilingual_build(project, tmp_path_factory):
    """Bilingual parent handouts, each language followed by English: Spanish (Latin),
    Arabic (right to left) and Chinese, in standard and large print; keyed (language,
    size). Built with fallback so that a draft catalog's fuzzy entries do not stop
    them (those messages print in English, marked as English)."""
    from handout.builder.options import BuildOptions

    out = tmp_path_factory.mktemp("bilingual")
    plan, outcomes = run_build(project, Request(
        languages=("es", "ar", "zh"), audiences=("parent",), sizes=("standard", "large"),
        bilingual=("en",), out=out, jobs=2, options=BuildOptions(allow_fallback=True)))
    failed = [o.error for o in outcomes if o.status == "failed"]
    assert not failed and not plan.failures, failed + plan.failures
    return {(o.job.language, o.job.size): o.path for o in outcomes}


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Selenium), shared by every test that reads a page as a browser
    does: the index page and the web editions."""
    if not (shutil.which("chromium") and shutil.which("chromedriver") and AXE.is_file()):
        pytest.fail("Chromium, chromedriver or axe-core missing: run tools/setup.sh --test")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--allow-file-access-from-files"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def axe():
    """Runs axe-core on the page the browser shows: its violations as 'id: help'."""
    script = AXE.read_text("utf-8")

    def violations(driver) -> list[str]:
        driver.execute_script(script)
        return driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document).then(r => done(r.violations.map(v => v.id + ': ' + v.help"
            " + ' (' + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', ') + ')')))"
            ".catch(e => done(['axe failed: ' + e]));")

    return violations
