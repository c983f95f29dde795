"""Hostile input, output: an output folder that cannot be written, and a disk that fills
up, are one readable line on stderr and a non-zero exit code, with no traceback; the
previous handout is kept and no partial file is left.

Hostile-input tests by theme: test_hostile_content.py (guide, references, styles),
test_hostile_catalogs.py (translations), test_hostile_environment.py (files and
network a build may reach) and test_hostile_output.py (the output folder).
"""

from __future__ import annotations

import errno
import os
import stat

import pytest

from .support.projects import MINI_GUIDE, build, handout_path, make_project
from .support.sandbox import assert_no_pdf_or_part, refusal_line

# == 1. an output folder that cannot be written =======================================

def test_output_under_a_regular_file_is_one_readable_error(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder's parent should be")
    code = build(project, blocker / "out", "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, str(blocker / "out"), "cannot write to the output folder")
    assert blocker.read_text() == "a file where the output folder's parent should be"


def test_read_only_output_folder_is_one_readable_error(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        if os.access(out, os.W_OK):
            pytest.skip("running as root: chmod does not stop writes (see the test above)")
        code = build(project, out, "--lang", "en")
        err = capsys.readouterr().err
        assert code != 0
        refusal_line(err, "Permission denied")
        assert list(out.rglob("*")) == []
    finally:
        out.chmod(stat.S_IRWXU)


# == 2. disk full =====================================================================

def test_disk_full_keeps_the_previous_handout(tmp_path, capsys, monkeypatch):
    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"
    assert build(project, out, "--lang", "en") == 0
    path = handout_path(out, "en")
    before = path.read_bytes()
    capsys.readouterr()

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    code = build(project, out, "--lang", "en", "--force")
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "mini/en/teen", "No space left on device")
    assert path.read_bytes() == before
    assert_no_pdf_or_part(out)


def test_disk_full_on_a_first_build_leaves_nothing(tmp_path, capsys, monkeypatch):
    project = make_project(tmp_path, MINI_GUIDE)
    out = tmp_path / "out"

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    code = build(project, out, "--lang", "en")
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code != 0
    refusal_line(err, "No space left on device")
    assert_no_pdf_or_part(out, handout_path(out, "en"))
