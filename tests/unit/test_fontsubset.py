"""Re-subsetting embedded CJK fonts (handout.pdf.fontsubset).

One tiny PDF is made by WeasyPrint at module scope (a line of Chinese and Latin in
Noto Sans CJK SC, well under a second); each test compacts its own copy. The
ToUnicode CMap is also tested on its own, with hand-written maps holding what
WeasyPrint never writes but a CMap may: bfrange ranges in both forms and several
blocks.
"""

from __future__ import annotations

import io
import re

import pikepdf
import pypdfium2
import pytest
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont

from handout.pdf import fontsubset
from handout.pdf.fontsubset import compact_cid_fonts

pytestmark = pytest.mark.fast

TEXT = "中文字体测试 ABC 中文"
HTML = f"<p style='font-family: \"Noto Sans CJK SC\"; font-size: 20pt'>{TEXT}</p>"


@pytest.fixture(scope="module")
def cjk_pdf() -> bytes:
    import weasyprint

    data = weasyprint.HTML(string=HTML).write_pdf()
    with pikepdf.open(io.BytesIO(data)) as document:
        if not fontsubset._has_large_cid_font(document):
            pytest.skip("Noto Sans CJK SC (fonts-noto-cjk) is not installed")
    return data


def the_font(document: pikepdf.Pdf) -> pikepdf.Dictionary:
    [font] = document.pages[0].Resources.Font.values()
    return font


def font_file(font: pikepdf.Dictionary) -> TTFont:
    data = font.DescendantFonts[0].FontDescriptor.FontFile3.read_bytes()
    return TTFont(io.BytesIO(data))


def shown_codes(document: pikepdf.Pdf) -> list[int]:
    codes = []
    for operands, operator in pikepdf.parse_content_stream(document.pages[0], "Tj TJ"):
        for item in operands[0] if str(operator) == "TJ" else [operands[0]]:
            if isinstance(item, pikepdf.String):
                assert len(bytes(item)) % 2 == 0          # Identity-H: two bytes a code
                codes += fontsubset._codes(bytes(item))
    return codes


def to_unicode(font: pikepdf.Dictionary) -> dict[int, str]:
    """The map a viewer reads, from bfchar entries only (what compaction writes)."""
    data = font.ToUnicode.read_bytes()
    assert b"bfrange" not in data
    return {int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
            for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S)
            for code, text in re.findall(rb"<([0-9a-f]+)>\s*<([0-9a-f]*)>", block)}


def widths(font: pikepdf.Dictionary) -> dict[int, float]:
    array, found, i = font.DescendantFonts[0].W, {}, 0
    while i < len(array):          # c [w1 w2 ...]  or  c_first c_last w
        if isinstance(array[i + 1], pikepdf.Array):
            found.update({int(array[i]) + k: float(w) for k, w in enumerate(array[i + 1])})
            i += 2
        else:
            found.update({c: float(array[i + 2])
                          for c in range(int(array[i]), int(array[i + 1]) + 1)})
            i += 3
    return found


def page_text(data: bytes) -> str:
    return pypdfium2.PdfDocument(data)[0].get_textpage().get_text_range()


def compacted(data: bytes, edit=None) -> tuple[pikepdf.Pdf, pikepdf.Pdf, bytes]:
    """(the original, the compacted document, its bytes); ``edit`` changes the copy first."""
    before = pikepdf.open(io.BytesIO(data))
    after = pikepdf.open(io.BytesIO(data))
    if edit:
        edit(after)
    compact_cid_fonts(after)
    out = io.BytesIO()
    after.save(out)
    return before, pikepdf.open(io.BytesIO(out.getvalue())), out.getvalue()


def test_compaction_keeps_every_drawn_glyph_and_drops_the_rest(cjk_pdf):
    before, after, data = compacted(cjk_pdf)
    old_font, new_font = font_file(the_font(before)), font_file(the_font(after))
    old_codes, new_codes = shown_codes(before), shown_codes(after)
    used = sorted(set(old_codes) - {0})
    assert len(old_font.getGlyphOrder()) > fontsubset.MIN_GLYPHS
    assert len(new_font.getGlyphOrder()) == len(used) + 1          # .notdef + drawn
    assert sorted(set(new_codes)) == list(range(1, len(used) + 1))
    # The same glyph is drawn at every place, outline for outline.
    old_set, new_set = old_font.getGlyphSet(), new_font.getGlyphSet()
    old_order, new_order = old_font.getGlyphOrder(), new_font.getGlyphOrder()
    for old, new in zip(old_codes, new_codes, strict=True):
        old_pen, new_pen = RecordingPen(), RecordingPen()
        old_set[old_order[old]].draw(old_pen)
        new_set[new_order[new]].draw(new_pen)
        assert old_pen.value == new_pen.value
        assert old_set[old_order[old]].width == new_set[new_order[new]].width
    assert len(data) < len(cjk_pdf) / 5


def test_compaction_keeps_widths_and_text(cjk_pdf):
    before, after, data = compacted(cjk_pdf)
    pairs = set(zip(shown_codes(before), shown_codes(after), strict=True))
    old_map, new_map = to_unicode(the_font(before)), to_unicode(the_font(after))
    old_widths, new_widths = widths(the_font(before)), widths(the_font(after))
    for old, new in pairs:
        assert new_map[new] == old_map[old]
        assert new_widths[new] == old_widths[old]
    assert page_text(data) == page_text(cjk_pdf) == TEXT


def cmap(blocks: list[tuple[str, list[str]]]) -> bytes:
    """A ToUnicode CMap with WeasyPrint's head and tail and the given blocks."""
    head = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n"
            "<0000> <ffff>\nendcodespacerange\n")
    body = "".join(f"{len(lines)} begin{kind}\n" + "\n".join(lines) + f"\nend{kind}\n"
                   for kind, lines in blocks)
    return (head + body + "endcmap\nCMapName currentdict /CMap defineresource pop\n"
            "end\nend").encode()


@pytest.fixture
def remap():
    """Rewrite a ToUnicode CMap for new codes; the font dictionary it was in."""
    document = pikepdf.new()        # kept alive while the test reads the stream

    def rewrite(data: bytes, mapping: dict[int, int]) -> pikepdf.Dictionary:
        font = pikepdf.Dictionary(ToUnicode=document.make_stream(data))
        fontsubset._remap_to_unicode(font, mapping)
        return font

    yield rewrite
    document.close()


def test_to_unicode_single_entries_in_several_blocks(remap):
    lines = [f"<{0x100 + i:04x}> <{0x4e00 + i:04x}>" for i in range(150)]
    font = remap(cmap([("bfchar", lines[:100]), ("bfchar", lines[100:])]),
                 {0: 0, 0x100: 1, 0x101: 2, 0x190: 3})
    # The codespace range "<0000> <ffff>" is not an entry (it once became 0 -> U+FFFF).
    assert to_unicode(font) == {1: "一", 2: "丁", 3: chr(0x4e00 + 0x90)}
    data = font.ToUnicode.read_bytes()
    assert data.startswith(b"/CIDInit") and data.rstrip().endswith(b"end\nend")
    assert b"begincodespacerange\n<0000> <ffff>\nendcodespacerange" in data


def test_to_unicode_ranges_in_both_forms_mixed_with_single_entries(remap):
    data = cmap([
        ("bfchar", ["<0001> <0020>", "<0050> <00660069>"]),      # "fi": two code units
        ("bfrange", ["<0022> <0024> <0041>",                       # A, B, C
                     "<0030> <0032> [<4e2d> <6587> <d83dde00>]"]),  # 中, 文, an emoji
        ("bfchar", ["<0040> <0031>"]),
    ])
    font = remap(data, {1: 1, 0x22: 2, 0x24: 3, 0x30: 4, 0x31: 5, 0x32: 6, 0x40: 7,
                        0x50: 8, 0x99: 9})
    assert to_unicode(font) == {1: " ", 2: "A", 3: "C", 4: "中", 5: "文", 6: "\U0001f600",
                                7: "1", 8: "fi"}


def test_to_unicode_range_destination_counts_across_a_byte(remap):
    font = remap(cmap([("bfrange", ["<0010> <0012> <00fe>"])]), {0x10: 1, 0x12: 2})
    assert to_unicode(font) == {1: "\u00fe", 2: "\u0100"}


def test_to_unicode_that_cannot_be_renumbered_fails_loudly(remap):
    data = cmap([("bfchar", ["<0001> <0020>"]), ("bfchar", ["<0002> <0041>"])])
    data = data.replace(b"endbfchar\n1 beginbfchar", b"endbfchar\n<0003> <0042>\n1 beginbfchar")
    with pytest.raises(ValueError, match="between its mapping blocks"):
        remap(data, {1: 1, 2: 2, 3: 3})


def test_a_pdf_whose_to_unicode_uses_ranges_keeps_its_text(cjk_pdf):
    def as_ranges(document: pikepdf.Pdf) -> None:
        font = the_font(document)
        entries = sorted(to_unicode(font).items())
        lines = [f"<{code:04x}> <{code:04x}> <{text.encode('utf-16-be').hex()}>"
                 for code, text in entries]
        font.ToUnicode = document.make_stream(cmap([("bfrange", lines)]))

    _, after, data = compacted(cjk_pdf, as_ranges)
    assert page_text(data) == TEXT
    assert set(to_unicode(the_font(after))) == set(shown_codes(after))


def test_two_byte_big_endian_codes():
    assert fontsubset._codes(b"\x25\x48\x00\x01\x4e\x44") == [0x2548, 1, 0x4E44]
    assert fontsubset._codes(b"") == []


def test_a_font_with_another_encoding_is_left_alone(cjk_pdf):
    def other_encoding(document: pikepdf.Pdf) -> None:
        the_font(document).Encoding = pikepdf.Name("/UniGB-UCS2-H")

    before, after, _ = compacted(cjk_pdf, other_encoding)
    assert len(font_file(the_font(after)).getGlyphOrder()) == \
        len(font_file(the_font(before)).getGlyphOrder())
    assert shown_codes(after) == shown_codes(before)


def test_small_fonts_are_left_alone(cjk_pdf, monkeypatch):
    monkeypatch.setattr(fontsubset, "MIN_GLYPHS", 10**6)
    before, after, _ = compacted(cjk_pdf)
    assert the_font(after).DescendantFonts[0].FontDescriptor.FontFile3.read_bytes() == \
        the_font(before).DescendantFonts[0].FontDescriptor.FontFile3.read_bytes()
