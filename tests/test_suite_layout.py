"""The test suite's own layout: a test module gets its fixtures by name from
``conftest.py`` and its helpers from ``tests/support/``; it never imports another test
module, nor conftest. So any test file runs alone, and moving a test moves no fixture.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.fast

TESTS = Path(__file__).resolve().parent
TEST_MODULE = re.compile(r"^(tests\.)?test_\w+(\.|$)")
CONFTEST = re.compile(r"^(tests\.)?conftest(\.|$)")


def imported(source: str, package: str = "tests") -> list[tuple[int, str]]:
    """(line, absolute dotted name) of every module ``source`` imports, however deep in
    the code (an import inside a test function counts), relative ones resolved against
    ``package``. ``from P import x`` names P, or P.x where P is a package (``from .
    import test_x``, ``from tests import conftest``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] +
                                ([node.module] if node.module else []))
            else:
                base = node.module or ""
            # A submodule named in the import list counts only when P itself is allowed.
            submodules = [] if forbidden(base, True) else [
                name for name in (f"{base}.{alias.name}" for alias in node.names)
                if forbidden(name, True)]
            found += [(node.lineno, name) for name in submodules or [base]]
    return found


def forbidden(name: str, conftest_too: bool) -> bool:
    return bool(TEST_MODULE.match(name) or (conftest_too and CONFTEST.match(name)))


def problems(source: str, *, package: str = "tests", conftest_allowed: bool = False
             ) -> list[str]:
    """'line N: imports X' for each import of a test module (or of conftest)."""
    return [f"line {line}: imports {name}" for line, name in imported(source, package)
            if forbidden(name, not conftest_allowed)]


def module_problems(path: Path) -> list[str]:
    package = ".".join(path.parent.relative_to(TESTS.parent).parts)
    found = problems(path.read_text("utf-8"), package=package,
                     conftest_allowed=path.name == "conftest.py")
    return [f"{path.relative_to(TESTS.parent)} {problem}" for problem in found]


def test_no_test_module_imports_another_or_conftest():
    modules = sorted(TESTS.glob("test_*.py"))
    assert len(modules) > 10, modules
    assert [p for path in modules for p in module_problems(path)] == []


def test_conftest_and_support_import_no_test_module():
    """Fixtures and helpers sit below the tests: they never reach back into one (and
    the support modules take nothing from conftest either)."""
    modules = [TESTS / "conftest.py", *sorted((TESTS / "support").glob("*.py"))]
    assert len(modules) > 2, modules
    assert [p for path in modules for p in module_problems(path)] == []


# The check itself: each source below has exactly the problem named.
BAD = {
    "relative import of a test module": ("from .test_hostile import build", "tests.test_hostile"),
    "absolute import of a test module": ("from tests.test_languages import x",
                                         "tests.test_languages"),
    "import statement": ("import tests.test_hostile", "tests.test_hostile"),
    "from the package": ("from . import test_hostile", "tests.test_hostile"),
    "from the package, absolute": ("from tests import test_hostile", "tests.test_hostile"),
    "inside a test function": ("def test_x():\n    from .test_languages import y\n",
                               "tests.test_languages"),
    "a fixture kept alive by name": ("from .test_translation import mini  # noqa: F401\n",
                                     "tests.test_translation"),
    "relative import of conftest": ("from .conftest import MINI_GUIDE", "tests.conftest"),
    "absolute import of conftest": ("from tests.conftest import ROOT", "tests.conftest"),
    "conftest on sys.path": ("from conftest import ROOT", "conftest"),
    "conftest from the package": ("from . import conftest", "tests.conftest"),
}


@pytest.mark.parametrize("case", BAD)
def test_the_layout_check_finds_each_forbidden_import(case):
    source, name = BAD[case]
    found = problems(source)
    assert len(found) == 1 and found[0].endswith(f"imports {name}"), found


def test_the_layout_check_resolves_imports_from_inside_support():
    assert problems("from ..test_hostile import build", package="tests.support") == [
        "line 1: imports tests.test_hostile"]
    assert problems("from ..conftest import x\n", package="tests.support") == [
        "line 1: imports tests.conftest"]
    assert problems("from .projects import ROOT", package="tests.support") == []


@pytest.mark.parametrize("source", [
    "from .support.projects import MINI_GUIDE, make_project",
    "from .support import pdf",
    "from tests.support.sandbox import refusal_line",
    "from handout.cli import main",
    "import pytest\nfrom hypothesis import strategies as st",
    "from .support.testing_tools import x",        # a name that only starts with test
    "def test_x(mini):\n    return mini\n",
])
def test_the_layout_check_allows_support_and_libraries(source):
    assert problems(source) == []
