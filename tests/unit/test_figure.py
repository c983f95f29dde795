"""Figures (handout.rendering.figure) laid out on paper, and the SVG sanitizer they
pass first (handout.content.svgsafe). Small SVGs written to tmp_path; no PDF."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from handout.content import svgsafe
from handout.errors import ContentError
from handout.rendering.figure import ASCENT, LABEL_LINE_GAP, SVG_NS, lay_out

pytestmark = pytest.mark.fast

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}">{body}</svg>'


def figure(tmp_path: Path, body: str, box: str = "0 0 200 100", name: str = "f.svg") -> Path:
    path = tmp_path / name
    path.write_text(SVG.format(box=box, body=body), "utf-8")
    return path


def lay(path: Path, labels: dict[str, str], label_pt: float = 10, width_pt: float = 400,
        max_height_pt: float | None = None):
    return lay_out(path, labels, label_pt, width_pt, path.parent / "guide.yaml", 7,
                   max_height_pt=max_height_pt)


def test_figure_fills_the_width_and_keeps_its_proportions(tmp_path):
    diagram = lay(figure(tmp_path, '<rect x="0" y="0" width="10" height="10"/>'), {})
    assert (diagram.width_pt, diagram.height_pt, diagram.labels) == (400, 200, ())


def test_labels_are_placed_where_the_svg_text_was_and_removed_from_it(tmp_path):
    body = ('<text id="start" x="50" y="40"/>'
            '<text id="mid" x="150" y="80" text-anchor="middle" font-weight="bold"/>'
            '<g transform="translate(10 5) scale(0.5)"><text id="moved" x="20" y="30"/></g>')
    diagram = lay(figure(tmp_path, body), {"start": "Father", "mid": "Child",
                                           "moved": "Elsewhere"}, label_pt=10)
    labels = {label.text: label for label in diagram.labels}
    start, mid, moved = labels["Father"], labels["Child"], labels["Elsewhere"]
    assert (start.left_pt, start.top_pt, start.width_pt, start.bold) == (
        100, 80 - ASCENT * 10, 300, False)              # to the figure's right edge
    # Centred on x = 300 pt, as wide as fits on both sides inside the 400 pt figure.
    assert (mid.left_pt, mid.top_pt, mid.width_pt, mid.bold) == (200, 152, 200, True)
    assert (moved.left_pt, moved.top_pt) == ((10 + 0.5 * 20) * 2, (5 + 0.5 * 30) * 2 - 8)
    written = ET.fromstring(diagram.svg)
    assert written.tag == f"{{{SVG_NS}}}svg"
    assert not list(written.iter(f"{{{SVG_NS}}}text"))


def test_view_box_origin_is_subtracted(tmp_path):
    diagram = lay(figure(tmp_path, '<text id="t" x="150" y="90"/>', box="100 50 200 100"),
                  {"t": "Label"})
    assert (diagram.labels[0].left_pt, diagram.labels[0].top_pt) == (100, 72)


def test_a_tall_figure_is_capped_to_the_room_on_the_page(tmp_path):
    diagram = lay(figure(tmp_path, '<rect width="1" height="1"/>', box="0 0 100 200"), {},
                  width_pt=400, max_height_pt=300)
    assert (diagram.width_pt, diagram.height_pt) == (150, 300)


def test_capping_never_makes_stacked_labels_touch(tmp_path):
    # Two labels in one column, 10 user units apart; at 20 pt they need 23 pt between
    # baselines: scale 2.3 at least, even though the room asks for 0.5.
    body = '<text id="a" x="50" y="100"/><text id="b" x="50" y="110"/>'
    diagram = lay(figure(tmp_path, body, box="0 0 100 200"), {"a": "One", "b": "Two"},
                  label_pt=20, width_pt=400, max_height_pt=100)
    a, b = sorted(diagram.labels, key=lambda label: label.top_pt)
    assert b.top_pt - a.top_pt == pytest.approx(LABEL_LINE_GAP * 20)
    assert diagram.width_pt == pytest.approx(230)
    assert diagram.height_pt == pytest.approx(460)


def test_capping_without_stacked_labels_obeys_the_room(tmp_path):
    body = '<text id="a" x="20" y="100"/><text id="b" x="80" y="110"/>'  # side by side
    diagram = lay(figure(tmp_path, body, box="0 0 100 200"), {"a": "One", "b": "Two"},
                  label_pt=20, width_pt=400, max_height_pt=100)
    assert diagram.height_pt == 100


def test_every_text_needs_a_label_and_every_label_a_text(tmp_path):
    path = figure(tmp_path, '<text id="t" x="1" y="1"/>')
    with pytest.raises(ContentError, match="figure text ids without a label: t"):
        lay(path, {})
    with pytest.raises(ContentError, match="labels for ids the SVG does not have: u"):
        lay(path, {"t": "T", "u": "U"})


def test_an_unsafe_figure_is_refused_naming_the_figure_and_the_guide_line(tmp_path):
    path = figure(tmp_path, '<script>alert(1)</script>', name="evil.svg")
    with pytest.raises(ContentError) as caught:
        lay(path, {})
    assert "figure 'evil.svg': forbidden <script> element" in str(caught.value)
    assert caught.value.line == 7


def test_a_label_in_relative_units_cannot_be_placed(tmp_path):
    with pytest.raises(ContentError, match="x in em cannot be placed"):
        lay(figure(tmp_path, '<text id="t" x="5em" y="1"/>'), {"t": "T"})


def test_a_png_is_passed_through(tmp_path):
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG not really")
    diagram = lay(path, {})
    assert (diagram.svg, diagram.width_pt, diagram.labels) == (b"\x89PNG not really", 400, ())


# -- the sanitizer ---------------------------------------------------------------------

XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
REFUSED = {
    "script element": ('<script>alert(1)</script>', "forbidden <script>"),
    "script in another namespace": (
        '<h:script xmlns:h="http://www.w3.org/1999/xhtml">x</h:script>', "forbidden <script>"),
    "style element": ('<style>rect { fill: red }</style>', "forbidden <style>"),
    "foreignObject": ('<foreignObject width="1" height="1"/>', "forbidden <foreignObject>"),
    "image": ('<image width="1" height="1"/>', "forbidden <image>"),
    "use": ('<use/>', "forbidden <use>"),
    "link element": ('<a><rect width="1" height="1"/></a>', "forbidden <a>"),
    "animation": ('<set attributeName="fill" to="red"/>', "forbidden <set>"),
    "event attribute": ('<rect width="1" height="1" onclick="x()"/>', "event attribute"),
    "event attribute in capitals": ('<rect width="1" height="1" ONLOAD="x()"/>',
                                    "event attribute"),
    "external href": ('<rect width="1" height="1" href="https://evil.example/x"/>',
                      "refers to something outside"),
    "xlink:href": (f'<g {XLINK}><rect width="1" height="1" xlink:href="#x"/></g>',
                   "refers to something outside"),
    "url() in fill": ('<rect width="1" height="1" fill="url(https://evil.example/p)"/>',
                      "url( reference"),
    "url () with spaces and capitals": ('<rect width="1" height="1" filter="URL (#f)"/>',
                                        "url( reference"),
    "CSS escape": ('<rect width="1" height="1" fill="u\\72l(#x)"/>', "CSS escape"),
    "invalid transform": ('<g transform="rotate(NaN)"/>', "transform"),
    "unknown transform": ('<g transform="spin(3)"/>', "unknown transform 'spin'"),
}


@pytest.mark.parametrize(("body", "problem"), REFUSED.values(), ids=REFUSED.keys())
def test_sanitizer_refuses(body, problem):
    data = SVG.format(box="0 0 10 10", body=body).encode()
    with pytest.raises(svgsafe.SvgProblem) as caught:
        svgsafe.sanitize(data)
    assert problem in caught.value.describe()


@pytest.mark.parametrize(("document", "problem"), [
    ('<!DOCTYPE svg [<!ENTITY x "boom">]><svg xmlns="http://www.w3.org/2000/svg" '
     'viewBox="0 0 1 1"/>', "DOCTYPE with its own declarations"),
    ('<?xml-stylesheet href="evil.css"?><svg xmlns="http://www.w3.org/2000/svg" '
     'viewBox="0 0 1 1"/>', "processing instruction"),
    ('<html xmlns="http://www.w3.org/1999/xhtml"/>', "the root element is <html>"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect/>', "not valid XML"),
    ('<svg xmlns="http://www.w3.org/2000/svg"/>', "needs a viewBox"),
    ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 -1 5"/>', "must be positive"),
])
def test_sanitizer_refuses_documents(document, problem):
    with pytest.raises(svgsafe.SvgProblem, match=problem):
        svgsafe.sanitize(document.encode())


def test_sanitizer_names_the_line_and_element():
    data = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">\n\n'
            b'<rect onload="x"/>\n</svg>')
    with pytest.raises(svgsafe.SvgProblem) as caught:
        svgsafe.sanitize(data)
    assert (caught.value.line, caught.value.element) == (3, "rect")
    assert caught.value.describe().endswith("(<rect>, line 3 of the SVG)")


def test_sanitizer_accepts_a_drawing_and_reports_its_size(tmp_path):
    data = SVG.format(box="0 0 400 150", body=(
        '<rect x="182" y="6" width="36" height="36" fill="#8a5a1c" stroke="#1a1a1a"/>'
        '<path d="M200 42 V52" fill="none"/><polygon points="83,58 97,58 90,66"/>'
        '<g transform="translate(10, 5) rotate(45 1 1)"><text id="t" x="1 2" y="3"/></g>'))
    assert svgsafe.sanitize(data.encode()) == svgsafe.Checked(400, 150)
    sized = b'<svg xmlns="http://www.w3.org/2000/svg" width="2in" height="72pt"/>'
    assert svgsafe.sanitize(sized) == svgsafe.Checked(192, 96)


def test_the_shipped_figures_pass_the_sanitizer():
    for path in (Path(__file__).resolve().parents[2] / "guide").glob("*/*.svg"):
        svgsafe.sanitize(path.read_bytes())
