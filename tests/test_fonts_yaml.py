"""styles/fonts.yaml is checked like a guide: file, line, what is wrong, what to do."""

from __future__ import annotations

import shutil

import pytest

from handout.errors import ContentError
from handout.rendering.fonts import load_font_stacks

from .support.projects import ROOT

pytestmark = pytest.mark.fast


@pytest.fixture
def styles(tmp_path):
    folder = tmp_path / "styles"
    shutil.copytree(ROOT / "styles", folder)
    return folder


def _replace(styles, old: str, new: str) -> None:
    path = styles / "fonts.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize(("old", "new", "message", "advice"), [
    ("  - family: Noto Sans Arabic\n", "  - name: Noto Sans Arabic\n",
     "unknown key 'name' in a face", "Keys: family"),
    ("    weight: 700\n", "    weight: bold\n", "is not a CSS font weight", "100 900"),
    ("  Hans: [Noto Sans CJK SC]", "  Chinese: [Noto Sans CJK SC]",
     "'Chinese' is not an ISO 15924 script code", "Latn, Arab, Hans"),
    ("  Hans: [Noto Sans CJK SC]", "  Hans: [Noto Serif CJK SC]",
     "script Hans names font 'Noto Serif CJK SC', which has no face", ""),
    ("scripts:\n", "script:\n", "unknown key 'script'", "only 'faces' and 'scripts'"),
    ("    package: fontpkg_noto_sans\n", "    package: os\n",
     "package 'os' is not a font package", "fontpkg_"),
])
def test_mistakes_name_file_line_and_remedy(styles, old, new, message, advice):
    _replace(styles, old, new)
    with pytest.raises(ContentError) as caught:
        load_font_stacks(styles)
    error = caught.value
    assert message in error.problem and advice in error.advice
    assert error.file == styles / "fonts.yaml"
    lines = (styles / "fonts.yaml").read_text("utf-8").splitlines()
    changed = lines.index(new.rstrip("\n")) + 1
    # the changed line, or for a block value (a mapping under the key) its first line
    assert error.line in (changed, changed + 1) or "face" in message and \
        error.line in range(changed - 3, changed + 1)


def test_the_shipped_table_loads(styles):
    stacks = load_font_stacks(styles)
    assert set(stacks) == {"Latn", "Arab", "Hans"}
    assert stacks["Latn"].families == ("Atkinson Hyperlegible", "Noto Sans")
