"""Trust, second round (issue 15), class 2: the output folder is untrusted input.

Anyone may have put files in --out, edited its manifest, or be building into it at
the same time. A tampered manifest entry never forms a path outside --out; a user's
own ``*.part`` file is left alone (the build removes only its own temporaries, in its
private folder); two builds into one folder take turns and both records survive;
nothing is written through a link in --out; WeasyPrint's font folders go when a
worker ends, and workers end when the build is killed.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from .support.projects import MINI_GUIDE, ROOT, build, handout_path, make_project
from .support.sandbox import assert_contained, refusal_line


@pytest.fixture
def outside(tmp_path):
    folder = tmp_path.parent / f"{tmp_path.name}-outside"
    folder.mkdir()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def manifest(out: Path) -> list[dict]:
    return json.loads((out / "manifest.json").read_text())["handouts"]


def test_tampered_manifest_never_forms_a_path_outside_out(tmp_path, outside, capsys, audit):
    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    assert build(project, out, "--lang", "en") == 0
    pdf = handout_path(out, "en")
    good = manifest(out)[0]
    # A real PDF outside --out, and one inside --out that this build does not make.
    shutil.copy(pdf, outside / "victim.pdf")
    other = pdf.with_name("mini-en-parent-large-letter.pdf")
    shutil.copy(pdf, other)
    at_root = Path("/") / f"handout-test-{uuid.uuid4().hex[:6]}"    # sha256[:16] + .png
    tampered = [
        # The thumbnail of an entry was written at thumbnails/<sha256[:16]>.png: an
        # absolute "hash" put it at the filesystem root.
        dict(good, path="mini/en/mini-en-parent-large-letter.pdf", audience="parent",
             sha256=str(at_root)),
        # A path out of --out, to a real PDF of the same size.
        dict(good, path=f"mini/en/../../../../{outside.name}/victim.pdf"),
        dict(good, path=str(outside / "victim.pdf")),
        # A language folder that is not a language (was a traceback in the index).
        dict(good, language="xx", path="mini/xx/mini-xx-teen-large-letter.pdf"),
        # Not entries at all, or with the wrong types.
        "mini/en/mini-en-teen-large-letter.pdf", None, [1, 2], {"path": 7},
        dict(good, bytes="many"), dict(good, checks=["passed"]),
    ]
    (out / "manifest.json").write_text(json.dumps({"handouts": [good, *tampered]}))
    capsys.readouterr()
    with audit.recording():
        code = build(project, out, "--lang", "en", "--force")
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err
    assert not Path(str(at_root)[:16] + ".png").exists()
    assert sorted(p.name for p in outside.iterdir()) == ["victim.pdf"]
    assert [e["path"] for e in manifest(out)] == [good["path"]]
    index = (out / "index.html").read_text()
    assert "victim" not in index and "mini-xx" not in index
    assert_contained(audit, tmp_path)
    assert str(outside / "victim.pdf") not in audit.opened()


@pytest.mark.fast
@pytest.mark.parametrize("how", ["not json", "a list", "handouts not a list", "deep"])
def test_corrupt_manifest_is_one_rebuild_not_a_traceback(how, tmp_path, capsys):
    from handout.builder.publish import read_manifest

    out = tmp_path / "out"
    out.mkdir()
    text = {"not json": "{", "a list": "[1, 2]", "handouts not a list": '{"handouts": 5}',
            "deep": '{"handouts": ' + "[" * 100_000 + "]" * 100_000 + "}"}[how]
    (out / "manifest.json").write_text(text)
    assert read_manifest(out) == {}


def test_a_users_part_files_in_out_are_left_alone(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    theirs = [out / ".x.part", out / "notes.part", out / "mini" / "en" / ".draft.pdf.part",
              # named like the temporaries of earlier versions, next to a handout
              out / "mini" / "en" / ".mini-en-teen-large-letter.pdf.k2j4h5.part"]
    for path in theirs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("mine")
    assert build(project, out, "--lang", "en") == 0, capsys.readouterr().err
    assert all(path.read_text() == "mine" for path in theirs)
    assert handout_path(out, "en").is_file()
    assert not (out / ".handout-tmp").exists()         # its own folder, removed empty


def test_a_killed_builds_temporaries_are_removed_from_its_folder_only(tmp_path, capsys):
    from handout.builder.publish import TEMP_FOLDER

    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    private = out / TEMP_FOLDER
    private.mkdir(parents=True)
    stale = private / ".handout-abc123xy.part"           # what mkstemp names
    stale.write_text("left by a killed build")
    user = private / "keep-me.txt"
    user.write_text("not a temporary")
    assert build(project, out, "--lang", "en") == 0, capsys.readouterr().err
    assert not stale.exists()
    assert user.read_text() == "not a temporary"


def _reader(stream, lines: list[str]) -> threading.Thread:
    thread = threading.Thread(target=lambda: lines.extend(stream), daemon=True)
    thread.start()
    return thread


def test_two_concurrent_builds_into_one_out_keep_both_records(tmp_path):
    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    out.mkdir()
    # Hold the build lock, so both builds are certainly running at once, then let go.
    held = os.open(out / ".handout.lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(held, fcntl.LOCK_EX)
    processes, errors = [], []
    for audience in ("teen", "parent"):
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "make_guide.py"), "--project", str(project.root),
             "build", "--out", str(out), "--jobs", "1", "--audience", audience],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        lines: list[str] = []
        _reader(process.stderr, lines)
        processes.append(process)
        errors.append(lines)
    try:
        deadline = time.monotonic() + 120
        while not all(any("waiting: another build is writing to" in line for line in lines)
                      for lines in errors):
            assert time.monotonic() < deadline, errors
            assert all(p.poll() is None for p in processes), errors
            time.sleep(0.1)
    finally:
        os.close(held)
    for process in processes:
        assert process.wait(timeout=300) == 0, errors
    paths = sorted(e["path"] for e in manifest(out))
    assert paths == ["mini/en/mini-en-parent-large-letter.pdf",
                     "mini/en/mini-en-teen-large-letter.pdf"]
    index = (out / "index.html").read_text()
    assert "mini-en-parent-large-letter.pdf" in index and "mini-en-teen-large-letter.pdf" \
        in index
    assert "Traceback" not in "".join(sum(errors, []))


@pytest.mark.parametrize("link", ["guide folder", "language folder", "dangling handout"])
def test_nothing_is_written_through_a_link_in_out(link, tmp_path, outside, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    out.mkdir()
    target = outside / "created.pdf"
    if link == "guide folder":
        (out / "mini").symlink_to(outside)
    elif link == "language folder":
        (out / "mini").mkdir()
        (out / "mini" / "en").symlink_to(outside)
    else:
        handout_path(out, "en").parent.mkdir(parents=True)
        handout_path(out, "en").symlink_to(target)
    code = build(project, out, "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "symbolic link")
    assert list(outside.iterdir()) == []


@pytest.mark.fast
def test_proof_is_not_written_through_a_link(tmp_path, outside, capsys, monkeypatch):
    import handout.builder.engine

    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    out.mkdir()
    (out / "proof").symlink_to(outside)
    monkeypatch.setattr(handout.builder.engine, "build_pdf", lambda *args, **kwargs:
                        handout.builder.engine.BuiltHandout(b"%PDF-1.7\n", {}))
    code = __import__("handout.cli").cli.main(["--project", str(project.root), "proof", "en",
                                               "--out", str(out)])
    assert code != 0
    refusal_line(capsys.readouterr().err, "proof", "symbolic link")
    assert list(outside.iterdir()) == []


def test_jobs_capped_at_the_cores(tmp_path, capsys):
    from handout.limits import cores

    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    code = build(project, out, "--lang", "en", "--jobs", "1000")
    err = capsys.readouterr().err
    assert code == 0, err
    refusal_line(err, "note:", f"--jobs 1000 is more than the {cores()} cores",
                 f"using {cores()}")


# -- workers: font folders and the death of the build ---------------------------------

def _font_folders(temp: Path) -> list[Path]:
    return sorted(temp.glob("weasyprint-*"))


def _command(project, out: Path, *args: str) -> list[str]:
    return [sys.executable, str(ROOT / "make_guide.py"), "--project", str(project.root),
            "build", "--out", str(out), "--jobs", "2", *args]


def test_worker_font_folders_are_removed_when_workers_end(tmp_path):
    project = make_project(tmp_path, MINI_GUIDE)
    temp = tmp_path / "tmp"
    temp.mkdir()
    result = subprocess.run(_command(project, tmp_path / "out", "--audience", "teen",
                                     "--audience", "parent"),
                            env={**os.environ, "TMPDIR": str(temp)}, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "out").rglob("*.pdf"))) == 2
    assert _font_folders(temp) == []


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_workers_exit_when_the_build_is_killed(tmp_path):
    project = make_project(tmp_path, MINI_GUIDE)
    temp = tmp_path / "tmp"
    temp.mkdir()
    process = subprocess.Popen(_command(project, tmp_path / "out", "--size", "all",
                                        "--paper", "all"),
                               env={**os.environ, "TMPDIR": str(temp)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while len(_font_folders(temp)) < 2:          # both workers are rendering
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        workers = _descendants(process.pid)
        assert len(workers) >= 2
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    deadline = time.monotonic() + 20
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [pid for pid in workers if _running(pid)]
    for pid in survivors:                              # do not leave them behind
        os.kill(pid, signal.SIGKILL)
    assert survivors == []
    assert _font_folders(temp) == []                  # each cleaned up on its way out
