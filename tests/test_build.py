"""The build: incremental, parallel-safe, atomic, with a manifest that tells the truth."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time

import pikepdf

from handout.builder.run import Request, run_build
from handout.cli import main

from .support.catalogs import fill
from .support.projects import MINI_GUIDE, ROOT, make_project


def built(outcomes):
    return sorted(o.job.label() for o in outcomes if o.status == "built")


def test_manifest_matches_files_on_disk(project, matrix_build):
    out = next(iter(matrix_build.values())).parents[2]
    manifest = json.loads((out / "manifest.json").read_text())["handouts"]
    assert len(manifest) == 30                       # 5 languages x 3 readers x 2 papers
    for entry in manifest:
        data = (out / entry["path"]).read_bytes()
        assert len(data) == entry["bytes"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert entry["checks"]["passed"] is True
        assert entry["pages"] == len(pikepdf.open(out / entry["path"]).pages)
        assert {"guide", "language", "audience", "size", "paper", "content_version",
                "translation_status", "pdf_standard"} <= set(entry)
        assert entry["pdf_standard"] == entry["checks"]["standard"] == "ua-1"
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*.pdf")}
    assert on_disk == {e["path"] for e in manifest}


def test_unchanged_build_does_nothing_and_never_imports_the_renderer(tmp_path):
    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    code = ("import sys; from handout.cli import main; "
            f"rc = main(['--project', {str(project.root)!r}, 'build', '--out', {str(out)!r},"
            " '--jobs', '1']); print('RC', rc, sorted(m for m in sys.modules if m in"
            " ('weasyprint', 'handout.builder.engine', 'handout.rendering.html')))")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "RC 0 ['handout.builder.engine', 'handout.rendering.html', 'weasyprint']" \
        in first.stdout
    # Planning a build and skipping every job needs neither the renderer nor WeasyPrint.
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "RC 0 []" in second.stdout
    assert "       0        3        0" in second.stdout   # built, skipped, failed


def test_changed_catalog_rebuilds_only_its_language(mini, tmp_path):
    root = str(mini.root)
    for language in ("es", "fr"):
        assert main(["--project", root, "init", language]) == 0
        for domain in ("mini", "handout"):
            fill(mini.locales / language / "LC_MESSAGES" / f"{domain}.po", {})
    out = tmp_path / "out"
    request = Request(out=out, jobs=1)
    _, first = run_build(mini, request)
    assert len(built(first)) == 9
    po = mini.locales / "es" / "LC_MESSAGES" / "mini.po"
    po.write_text(po.read_text().replace('msgstr "What is it?"', 'msgstr "¿Qué es?"'))
    _, second = run_build(mini, request)
    assert built(second) == [f"mini/es/{a}/large/a4" for a in ("clinician", "parent", "teen")]
    template = mini.styles / "handout.html.j2"
    template.write_text(template.read_text().replace("<main>", "<main class=\"changed\">"))
    _, third = run_build(mini, request)
    assert len(built(third)) == 9


def test_a_failing_job_does_not_stop_the_others(tmp_path, monkeypatch, capsys):
    import handout.builder.engine as build

    original = build.make_handout

    def flaky(workshop, guide, job, options):
        if job.audience == "parent":
            raise RuntimeError("simulated crash in one job")
        return original(workshop, guide, job, options)

    monkeypatch.setattr(build, "make_handout", flaky)
    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    code = main(["--project", str(project.root), "build", "--out", str(out), "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 70                                   # a bug, not the user's mistake
    assert "mini/en/parent/large/letter: internal error: RuntimeError: simulated crash" in err
    assert "run again with --debug" in err and "Traceback" not in err
    assert sorted(p.name for p in out.rglob("*.pdf")) == [
        "mini-en-clinician-large-letter.pdf", "mini-en-teen-large-letter.pdf"]


def test_internal_error_exits_70_with_its_traceback_under_debug(tmp_path, monkeypatch,
                                                               capsys):
    import handout.builder.engine as build

    def broken(workshop, guide, job, options):
        return len(job, 1)                 # a TypeError in the job function: a bug

    monkeypatch.setattr(build, "make_handout", broken)
    project = make_project(tmp_path, MINI_GUIDE)
    args = ["--project", str(project.root), "build", "--audience", "teen",
            "--out", str(tmp_path / "out"), "--jobs", "1"]
    assert main(args) == 70
    err = capsys.readouterr().err
    assert "internal error: TypeError" in err and "--debug" in err
    assert main(["--debug", *args, "--force"]) == 70
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "in broken" in err
    assert "TypeError: len() takes exactly one argument" in err


def test_user_errors_exit_1_and_usage_errors_2(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE.replace("id: mini", "id: [mini"))
    assert main(["--project", str(project.root), "build", "--out", str(tmp_path / "o")]) == 1
    assert "guide.yaml" in capsys.readouterr().err
    assert main(["--project", str(project.root), "build", "--lang", "xx!"]) == 2
    assert main(["--project", str(project.root), "proof", "en", "--guide", "nope"]) == 2


def test_killed_build_leaves_no_partial_pdf(tmp_path):
    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "make_guide.py"), "--project", str(project.root), "build",
         "--out", str(out), "--size", "all", "--paper", "all", "--jobs", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.rglob("*.pdf"))) < 2:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    pdfs = list(out.rglob("*.pdf"))
    assert 2 <= len(pdfs) < 18                      # killed midway
    for path in pdfs:
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        pikepdf.open(path).close()
    manifest = json.loads((out / "manifest.json").read_text())["handouts"]
    for entry in manifest:
        assert (out / entry["path"]).stat().st_size == entry["bytes"]
    # The next build cleans up and finishes the job.
    again = subprocess.run(
        [sys.executable, str(ROOT / "make_guide.py"), "--project", str(project.root), "build",
         "--out", str(out), "--size", "all", "--paper", "all", "--jobs", "2"],
        capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert len(list(out.rglob("*.pdf"))) == 18
    assert not list(out.rglob("*.part"))


def _titles(outcomes) -> set[str]:
    titles = set()
    for outcome in outcomes:
        assert outcome.status == "built", outcome.error
        with pikepdf.open(outcome.path) as pdf, pdf.open_metadata() as meta:
            titles.add(meta["dc:title"])
    return titles


def test_any_executor_builds_each_project_with_its_own_inputs(tmp_path):
    """A thread pool and a plain process pool (no initializer of ours) both work, and
    a second project built by the same executor never reuses the first one's set-up."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    first = make_project(tmp_path / "one", MINI_GUIDE)
    second = make_project(tmp_path / "two", MINI_GUIDE.replace("Mini and you", "Other"))
    request = {"languages": ("en",), "audiences": ("teen",), "jobs": 2}
    with ThreadPoolExecutor(2) as threads:
        _, built = run_build(first, Request(out=tmp_path / "a", **request), executor=threads)
        _, again = run_build(second, Request(out=tmp_path / "b", **request), executor=threads)
    assert _titles(built) == {"Mini and you"} and _titles(again) == {"Other"}
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
        _, built = run_build(first, Request(out=tmp_path / "c", **request), executor=pool)
        _, again = run_build(second, Request(out=tmp_path / "d", **request), executor=pool)
    assert _titles(built) == {"Mini and you"} and _titles(again) == {"Other"}
