"""The package's layers, as a contract on its import graph.

Lowest first; a module may import its own layer and the layers below it, never one
above. `verify` stands apart: it reads PDFs and may import only itself and the base, so it can
judge any PDF, ours or not, without the renderer's help.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "handout"

# layer name -> the top-level names (modules or subpackages of handout) in it
LAYERS: list[tuple[str, set[str]]] = [
    ("base", {"errors", "limits", "files", "charset", "project", "matrix", "__init__"}),
    ("content", {"content"}),
    ("translation", {"translation"}),
    ("rendering", {"rendering"}),
    ("pdf", {"pdf"}),
    ("verify", {"verify"}),
    ("builder", {"builder"}),
    ("interface", {"cli", "commands"}),
]
# verify may use itself and the base only, whatever its place in the list.
ONLY_BASE = {"verify"}


def layer_of(top: str) -> int:
    for index, (_, names) in enumerate(LAYERS):
        if top in names:
            return index
    raise AssertionError(f"handout.{top} belongs to no layer: add it to LAYERS")


def module_imports(path: Path, root: Path = PACKAGE) -> set[str]:
    """The handout modules a file imports (top level and inside functions), as
    dotted paths under handout."""
    module = ".".join(path.relative_to(root).with_suffix("").parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module
    if path.name != "__init__.py" and "." not in module:
        package = ""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join(base + ([node.module] if node.module else []))
                names = [target] if node.module else [
                    _imported_name(root, target, alias.name) for alias in node.names]
                found.update(names)
            elif node.module and node.module.startswith("handout"):
                found.add(node.module.removeprefix("handout").lstrip("."))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("handout."):
                    found.add(alias.name.removeprefix("handout."))
    return {name for name in found if name}


def _imported_name(root: Path, package: str, name: str) -> str:
    """``from package import name``: the module ``name`` if it is one, else the package
    (``__init__`` for the top), since a plain attribute lives in the package itself."""
    folder = root.joinpath(*package.split(".")) if package else root
    if (folder / f"{name}.py").exists() or (folder / name).is_dir():
        return ".".join(filter(None, [package, name]))
    return package or "__init__"


def violations(graph: dict[str, set[str]]) -> list[str]:
    """Every import that goes up a layer, or out of verify into anything but the base."""
    found = []
    for module, imports in graph.items():
        own = layer_of(module.split(".")[0])
        for target in imports:
            theirs = layer_of(target.split(".")[0])
            if LAYERS[own][0] in ONLY_BASE and theirs not in (0, own):
                found.append(f"{module} imports {target}: verify may import only the base")
            elif theirs > own:
                found.append(f"{module} ({LAYERS[own][0]}) imports {target} "
                             f"({LAYERS[theirs][0]}), a higher layer")
    return sorted(found)


def package_graph() -> dict[str, set[str]]:
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        graph[module] = module_imports(path)
    return graph


@pytest.mark.fast
def test_the_package_keeps_its_layers():
    assert violations(package_graph()) == []


@pytest.mark.fast
def test_the_contract_fails_when_a_lower_layer_imports_a_higher_one(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "__init__.py").write_text("")
    wrong = tmp_path / "content" / "model.py"
    wrong.write_text("from ..rendering.html import render_handout\n"
                     "def f():\n    from handout.builder.run import run_build\n")
    graph = {"content.model": module_imports(wrong, tmp_path)}
    assert violations(graph) == [
        "content.model (content) imports builder.run (builder), a higher layer",
        "content.model (content) imports rendering.html (rendering), a higher layer"]
    reader = tmp_path / "verify.py"
    reader.write_text("from .translation.catalogs import read_catalog\n")
    assert violations({"verify": module_imports(reader, tmp_path)}) == [
        "verify imports translation.catalogs: verify may import only the base"]
