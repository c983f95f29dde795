"""Trust, second round (issue 15), class 4: limits on everything derived.

Each limit is in one table (handout/limits.py, listed in docs/limits.md); each refusal
names the file, the line and the limit, comes quickly without reading or decoding
the bomb, and leaves the other languages built.
"""

from __future__ import annotations

import re
import struct
import time
import tracemalloc
import zlib
from pathlib import Path

import pikepdf
import pytest

from handout import limits
from handout.cli import main

from .support.catalogs import SHARED_50, catalog, check, entry_line, fill
from .support.projects import (
    FIGURE,
    MINI_GUIDE,
    MINI_REFERENCES,
    ROOT,
    build,
    handout_path,
    make_project,
)
from .support.sandbox import QUICK, assert_no_pdf_or_part, refusal_line


@pytest.mark.fast
def test_every_limit_is_in_the_docs_with_its_value():
    docs = (ROOT / "docs" / "limits.md").read_text("utf-8")
    for limit in limits.TABLE:
        row = next((line for line in docs.splitlines() if f"| `{limit.name}` |" in line), "")
        assert f"{limit.value:,} {limit.unit}" in row, (limit.name, row)
    assert "`--jobs`" in docs


@pytest.mark.fast
def test_modules_take_their_limits_from_the_table():
    from handout.content import clinic, load, safeyaml
    from handout.translation import catalogs

    assert safeyaml.MAX_FILE_BYTES == limits.FILE_BYTES
    assert (safeyaml.MAX_ALIASES, safeyaml.MAX_DEPTH, safeyaml.MAX_NODES) == (
        limits.YAML_ALIASES, limits.YAML_DEPTH, limits.YAML_NODES)
    assert (load.MAX_TEXT_CHARS, load.MAX_SECTIONS, load.MAX_BLOCKS, load.MAX_ITEMS,
            load.MAX_IMAGE_BYTES) == (limits.TEXT_CHARS, limits.SECTIONS, limits.BLOCKS,
                                      limits.ITEMS, limits.IMAGE_BYTES)
    assert catalogs.MAX_CATALOG_BYTES == limits.CATALOG_BYTES
    assert (clinic.MAX_FIELD_CHARS, clinic.MAX_NOTE_CHARS, clinic.MAX_LOGO_BYTES,
            clinic.MAX_ORGANISATIONS) == (limits.CLINIC_FIELD_CHARS, limits.CLINIC_NOTE_CHARS,
                                          limits.LOGO_BYTES, limits.CLINIC_ORGANISATIONS)


# -- translations ------------------------------------------------------------------------

def test_a_1_mb_msgstr_is_refused_quickly_and_the_others_build(translated, tmp_path, capsys):
    fill(catalog(translated, "fr"), {(None, SHARED_50): "Chaque enfant " * 75_000 + "[@a]."})
    line = entry_line(translated, "fr", SHARED_50)
    out = tmp_path / "out"
    started = time.perf_counter()
    code, report = check(translated, "fr")
    assert time.perf_counter() - started < QUICK
    assert code != 0
    refusal_line(report, f"fr/LC_MESSAGES/mini.po:{line}:", "translation is 1,050,005 "
                 "characters", "TRANSLATION_FACTOR")
    assert build(translated, out, "--lang", "fr", "--lang", "en") != 0
    refusal_line(capsys.readouterr().err, "mini/fr: not built", f"mini.po:{line}",
                 "TRANSLATION_FACTOR")
    assert_no_pdf_or_part(out, handout_path(out, "fr"))
    assert handout_path(out, "en").is_file()


@pytest.mark.fast
@pytest.mark.parametrize("msgstr", ["Page %(page)999999999s sur %(pages)s",
                                    "Page %(page)-*s sur %(pages)s",
                                    "Page %(page).999999999f sur %(pages)s"])
def test_a_huge_placeholder_width_is_refused_before_formatting(msgstr, translated):
    po = catalog(translated, "fr", "handout")
    fill(po, {(None, "Page %(page)s of %(pages)s"): msgstr})
    tracemalloc.start()
    try:
        code, report = check(translated, "fr")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code != 0
    assert peak < 200 * 1024 * 1024
    refusal_line(report, "fr/LC_MESSAGES/handout.po:", "placeholder")


# -- guide content -----------------------------------------------------------------------

def _table(rows: int, columns: int) -> str:
    cell = "[" + ", ".join(["x"] * columns) + "]"
    return ("      - type: table\n        header: " + cell + "\n        rows:\n"
            + "".join(f"          - {cell}\n" for _ in range(rows)))


def _glossary(entries: int) -> str:
    body = "".join(f"  - term: T{i}\n    definition: D{i}.\n" for i in range(entries))
    return MINI_GUIDE.replace("sections:\n", "glossary:\n" + body + "sections:\n")


CONTENT_LIMITS = {
    "table rows": (MINI_GUIDE + _table(limits.TABLE_ROWS + 1, 2), "guide.yaml:22:",
                   "TABLE_ROWS"),
    "table columns": (MINI_GUIDE + _table(1, limits.TABLE_COLUMNS + 1), "guide.yaml:21:",
                      "TABLE_COLUMNS"),
    "glossary entries": (_glossary(limits.GLOSSARY_ENTRIES + 1), "guide.yaml:10:",
                         "GLOSSARY_ENTRIES"),
}


@pytest.mark.fast
@pytest.mark.parametrize("case", CONTENT_LIMITS)
def test_content_limits_name_file_line_and_limit(case, tmp_path, capsys):
    text, where, limit = CONTENT_LIMITS[case]
    project = make_project(tmp_path, text)
    out = tmp_path / "out"
    assert build(project, out, "--lang", "en") != 0
    refusal_line(capsys.readouterr().err, where, limit)
    assert_no_pdf_or_part(out, handout_path(out, "en"))


def png(width: int, height: int, rows: int = 1) -> bytes:
    """A small PNG whose header declares width x height (a grey image of zeros)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * (width + 1) * rows, 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


@pytest.mark.fast
def test_a_pixel_bomb_png_is_refused_from_its_header(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE + FIGURE.format("bomb.png"))
    bomb = png(40_000, 40_000)            # 1.6 gigapixels, a few kilobytes
    assert len(bomb) < 100_000
    (project.guides / "mini" / "bomb.png").write_bytes(bomb)
    out = tmp_path / "out"
    tracemalloc.start()
    started = time.perf_counter()
    try:
        code = build(project, out, "--lang", "en")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < QUICK
    assert peak < 50 * 1024 * 1024, peak
    assert code != 0
    refusal_line(capsys.readouterr().err, "guide.yaml:21:", "'bomb.png'",
                 "40,000 x 40,000 pixels", "IMAGE_PIXELS")
    assert_no_pdf_or_part(out, handout_path(out, "en"))


@pytest.mark.fast
def test_a_pixel_bomb_logo_is_refused(tmp_path, capsys):
    project = make_project(tmp_path, MINI_GUIDE)
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "clinic.yaml").write_text('id: x\nname: Clinic\nphone: "123"\nlogo:\n'
                                        '  file: logo.png\n  alt: Logo\n')
    (folder / "logo.png").write_bytes(png(30_000, 30_000))
    code = main(["--project", str(project.root), "build", "--clinic", str(folder),
                 "--out", str(tmp_path / "out")])
    assert code != 0
    refusal_line(capsys.readouterr().err, "clinic.yaml:5:", "'logo.png'", "IMAGE_PIXELS")


YAML_NUMBERS = {"hexadecimal": "0x1F", "octal": "017", "binary": "0b101", "base-60": "1:20"}


@pytest.mark.fast
@pytest.mark.parametrize("kind", YAML_NUMBERS)
def test_yaml_numbers_that_are_not_decimal_are_refused(kind, tmp_path, capsys):
    text = MINI_GUIDE + f"      - type: questions\n        lines: {YAML_NUMBERS[kind]}\n" \
                        "        items: [a]\n"
    project = make_project(tmp_path, text)
    assert build(project, tmp_path / "out", "--lang", "en") != 0
    article = "an" if kind == "octal" else "a"
    refusal_line(capsys.readouterr().err, "guide.yaml:21:", f"is read as {article} {kind} number")


@pytest.mark.fast
@pytest.mark.parametrize("value", ["1e999", "'[' * 50_000 + ']' * 50_000",
                                   "[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]", "9" * 5000,
                                   "NaN"])
def test_references_json_bombs_are_refused(value, tmp_path, capsys):
    value = eval(value) if value.startswith("'[") else value      # noqa: S307 - test data
    references = MINI_REFERENCES.replace('"volume": "1"', f'"volume": {value}')
    project = make_project(tmp_path, MINI_GUIDE, references=references)
    assert build(project, tmp_path / "out", "--lang", "en") != 0
    err = capsys.readouterr().err
    line = refusal_line(err, "refs.json")
    assert re.search(r"JSON nested deeper|cannot be read|must be text or a whole number", line)


# -- verify ----------------------------------------------------------------------------------

def test_verify_refuses_a_decompression_bomb_without_decoding_it(tmp_path, capsys):
    """A 1 GB stream compresses to about 1 MB: measured 64 KB at a time, refused."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    bomb = zlib.compressobj(9)
    compressed = b"".join(bomb.compress(b"\0" * (64 * 1024 * 1024)) for _ in range(16))
    compressed += bomb.flush()
    stream = pikepdf.Stream(pdf, compressed)
    stream.Filter = pikepdf.Name.FlateDecode
    pdf.Root.Bomb = pdf.make_indirect(stream)
    path = tmp_path / "bomb.pdf"
    pdf.save(path, compress_streams=False)
    assert path.stat().st_size < 2_000_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        code = main(["verify", str(path)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    out = capsys.readouterr().out
    assert code != 0
    assert time.perf_counter() - started < 30
    assert peak < 100 * 1024 * 1024, peak
    refusal_line(out, str(path), "VERIFY_STREAM_BYTES")


@pytest.mark.fast
def test_verify_refuses_a_declared_decoded_size_over_the_limit(tmp_path, capsys):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pikepdf.Stream(pdf, zlib.compress(b"x"))
    stream.Filter = pikepdf.Name.FlateDecode
    stream.DL = limits.VERIFY_STREAM_BYTES + 1
    pdf.Root.Big = pdf.make_indirect(stream)
    path = tmp_path / "declared.pdf"
    pdf.save(path, compress_streams=False)
    assert main(["verify", str(path)]) != 0
    refusal_line(capsys.readouterr().out, str(path), "declares", "VERIFY_STREAM_BYTES")


@pytest.mark.fast
def test_verify_refuses_a_file_over_its_size_limit_without_reading_it(tmp_path, capsys,
                                                                      monkeypatch):
    import handout.verify.document

    monkeypatch.setattr(handout.verify.document, "VERIFY_FILE_BYTES", 1000)
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"0" * 5000)
    assert main(["verify", str(path)]) != 0
    refusal_line(capsys.readouterr().out, str(path), "more than the 1,000 allowed",
                 "VERIFY_FILE_BYTES")


def test_readme_of_the_limits_is_linked():
    assert "docs/limits.md" in (ROOT / "docs" / "content-format.md").read_text()
    assert Path(ROOT / "docs" / "limits.md").is_file()
