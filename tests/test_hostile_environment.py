"""Hostile input, environment: what a build may reach. A stylesheet that asks for a file
or a URL is refused naming it, and a full build opens nothing outside its folders,
starts only the programs it needs and never connects to the network (checked with the
audit hook of tests/support/sandbox.py, itself checked here). The bug this found in the
engine (relative stylesheet URLs) is fixed; each test now guards its fix.

Hostile-input tests by theme: test_hostile_content.py (guide, references, styles),
test_hostile_catalogs.py (translations), test_hostile_environment.py (files and
network a build may reach) and test_hostile_output.py (the output folder).
"""

from __future__ import annotations

import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from .support.catalogs import add_language
from .support.projects import MINI_GUIDE, build, handout_path, make_project
from .support.sandbox import assert_contained, assert_no_pdf_or_part, refusal_line, unexpected_opens

# == 1. a stylesheet reaching for files or the network ================================

def _hostile_stylesheet(project, url: str, how: str) -> None:
    css = project.styles / "handout.css.j2"
    text = css.read_text("utf-8")
    if how == "background":
        text = text.replace("body {\n", f"body {{\n  background: url({url});\n", 1)
    else:
        text = f"@import url({url});\n" + text
    css.write_text(text, "utf-8")


REFUSED_URLS = ["file:///etc/passwd", "http://example.com/x.png", "https://example.com/x.png",
                "file://localhost/etc/passwd", "ftp://example.com/x.png",
                "data:image/png;base64,iVBORw0KGgo="]
RELATIVE_URLS = ["/etc/passwd", "../../../../../../../../etc/passwd", "//example.com/x.png"]


@pytest.mark.parametrize("how", ["background", "import"])
@pytest.mark.parametrize("url", REFUSED_URLS + RELATIVE_URLS)
def test_stylesheet_url_refused_naming_it(url, how, tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    _hostile_stylesheet(project, url, how)
    out = tmp_path / "out"
    code = build(project, out, "--lang", "en")
    err = capsys.readouterr().err
    assert code != 0
    line = refusal_line(err, "mini/en/teen", "refused to fetch")
    assert url.lstrip("./") in line        # a relative URL is named once resolved
    assert_no_pdf_or_part(out, handout_path(out, "en"))


@pytest.mark.parametrize("url", REFUSED_URLS + RELATIVE_URLS)
def test_stylesheet_url_never_opens_the_file_or_the_network(url, tmp_path, capsys, audit):
    project = make_project(tmp_path, MINI_GUIDE)
    _hostile_stylesheet(project, url, "background")
    with audit.recording():
        build(project, tmp_path / "out", "--lang", "en")
    assert "Traceback" not in capsys.readouterr().err
    assert_contained(audit, tmp_path)


# == 2. a full build touches nothing outside its folders ==============================

def test_full_build_opens_nothing_outside_and_never_connects(translated, tmp_path, capsys, audit):
    # --jobs 1 (in build()): worker processes would record into their own copy of the log.
    add_language(translated, "zh", {})                   # a system font, found by fc-match
    with audit.recording():
        code = build(translated, tmp_path / "out", "--lang", "en", "--lang", "es",
                     "--lang", "zh")
    assert code == 0, capsys.readouterr().err
    opened = audit.opened()
    assert any(p.endswith("guide.yaml") for p in opened)          # the hook saw the build
    assert any(p.endswith("zh/LC_MESSAGES/mini.po") for p in opened)
    assert_contained(audit, tmp_path)


def test_audit_log_sees_files_sockets_and_programs(tmp_path, audit):
    with audit.recording():
        Path("/etc/passwd").read_bytes()
        socket.socket().close()                           # raises socket.__new__
        subprocess.run(["true"], check=True)
    assert "/etc/passwd" in audit.opened()
    assert [event for event, _ in audit.network()] == ["socket.__new__"]
    assert audit.programs() == ["true"]
    with pytest.raises(AssertionError):
        assert_contained(audit, tmp_path)


def test_audit_allow_list_is_not_a_blank_cheque(tmp_path):
    temp = Path(tempfile.gettempdir())
    assert unexpected_opens(["/etc/passwd", "/etc/shadow", str(Path.home() / ".ssh/id_rsa"),
                             str(temp / "secrets.txt"), "/proc/self/environ"], tmp_path) == [
        "/etc/passwd", "/etc/shadow", str(Path.home() / ".ssh/id_rsa"),
        str(temp / "secrets.txt"), "/proc/self/environ"]
