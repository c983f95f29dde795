"""YAML for data edited by many hands: safe types only, line numbers kept, limits enforced.

Every mapping and list that comes out remembers the line it started on and the line
of each of its entries, so validation can say exactly where a problem is.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .. import charset, files
from ..errors import HandoutError
from ..limits import FILE_BYTES, YAML_ALIASES, YAML_DEPTH, YAML_NODES

MAX_FILE_BYTES = FILE_BYTES
MAX_ALIASES = YAML_ALIASES
MAX_DEPTH = YAML_DEPTH
MAX_NODES = YAML_NODES
# YAML 1.1 reads 0x1F, 017, 0b101 and 1:20 as numbers (31, 15, 5, 80): an author who
# writes them never means that. Plain decimal only; anything else must be quoted.
DECIMAL_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")


class LineDict(dict):
    """A mapping that remembers where it and each of its keys start (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list):
    """A list that remembers where it and each of its items start (1-based)."""

    line: int = 0
    item_lines: list[int]


def kind_of(value: Any) -> str:
    """What a YAML value is, in the words of a YAML file's author."""
    if isinstance(value, bool):
        return "true/false"
    for kind, name in ((dict, "a mapping"), (list, "a list"), (str, "text"),
                       ((int, float), "a number"), (type(None), "empty")):
        if isinstance(value, kind):
            return name
    return "a date" if hasattr(value, "isoformat") else type(value).__name__


def line_of(container: Any, key: Any = None, default: int = 0) -> int:
    """Line of ``container[key]`` (or of the container itself when key is None)."""
    if key is None:
        return getattr(container, "line", default)
    if isinstance(container, LineDict):
        return container.key_lines.get(key, container.line)
    if isinstance(container, LineList) and isinstance(key, int) and key < len(container):
        return container.item_lines[key]
    return getattr(container, "line", default)


def _limited_loader(path: Path, error_type: type[HandoutError]) -> type[yaml.SafeLoader]:
    class Loader(yaml.SafeLoader):
        aliases = 0
        nodes = 0
        depth = 0

        def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
            if self.check_event(yaml.AliasEvent):
                self.aliases += 1
                if self.aliases > MAX_ALIASES:
                    mark = self.peek_event().start_mark
                    raise error_type(
                        f"too many YAML aliases (more than {MAX_ALIASES})",
                        path, mark.line + 1,
                        "Write the text out instead of repeating it with '*' aliases")
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise error_type(f"file has more than {MAX_NODES} YAML nodes (YAML_NODES)",
                                 path, self.peek_event().start_mark.line + 1,
                                 "Split the content or remove repeated material")
            self.depth += 1
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise error_type(f"YAML nested deeper than {MAX_DEPTH} levels", path,
                                 mark.line + 1, "Flatten the structure")
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_mapping(self, node, deep=False):
            if not isinstance(node, yaml.MappingNode):
                return super().construct_mapping(node, deep)
            result = LineDict()
            result.line = node.start_mark.line + 1
            result.key_lines = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    raise error_type("a mapping key must be plain text", path,
                                     key_node.start_mark.line + 1)
                if key in result:
                    raise error_type(f"duplicate key {key!r}", path,
                                     key_node.start_mark.line + 1,
                                     "Each key may appear once in a mapping")
                result[key] = self.construct_object(value_node, deep=True)
                result.key_lines[key] = key_node.start_mark.line + 1   # where the key is written
            return result

        def construct_yaml_int(self, node):
            written = str(node.value).strip()
            if not DECIMAL_INT.match(written):
                kind = ("hexadecimal" if "x" in written.lower() else "binary"
                        if "b" in written.lower() else "base-60" if ":" in written else
                        "octal" if written.lstrip("+-").startswith("0") else "non-decimal")
                article = "an" if kind[0] in "aeiou" else "a"
                raise error_type(f"{written!r} is read as {article} {kind} number", path,
                                 node.start_mark.line + 1,
                                 "Write the number in plain decimal digits, or quote it "
                                 "if it is text")
            try:
                return super().construct_yaml_int(node)
            except ValueError:
                raise error_type("number too long to read", path, node.start_mark.line + 1,
                                 "Quote it so it is read as text") from None

        def construct_yaml_float(self, node):
            written = str(node.value).strip()
            value = super().construct_yaml_float(node)
            if ":" in written or value != value or value in (float("inf"), float("-inf")):
                raise error_type(f"{written!r} is not an ordinary number", path,
                                 node.start_mark.line + 1,
                                 "Write the number in plain decimal digits, or quote it "
                                 "if it is text")
            return value

        def construct_sequence(self, node, deep=False):
            result = LineList(self.construct_object(child, deep=True) for child in node.value)
            result.line = node.start_mark.line + 1
            result.item_lines = [child.start_mark.line + 1 for child in node.value]
            return result

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                           Loader.construct_mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
                           Loader.construct_sequence)
    Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
    Loader.add_constructor("tag:yaml.org,2002:float", Loader.construct_yaml_float)
    return Loader


def read_text_capped(path: Path, error_type: type[HandoutError],
                     max_bytes: int = MAX_FILE_BYTES, root: Path | None = None,
                     limit: str = "FILE_BYTES") -> str:
    """Read a UTF-8 text file, refusing one larger than ``max_bytes`` and any symbolic
    link or special file from ``root`` (default: the file's folder) down."""
    data = files.read_bytes(path, error_type, max_bytes, root, limit=limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error_type(f"not valid UTF-8 (byte {exc.start})", path,
                         advice="Save the file as UTF-8") from None


def load_yaml(path: Path, error_type: type[HandoutError], root: Path | None = None) -> Any:
    """Parse a YAML file safely with limits; errors name the file and line."""
    text = read_text_capped(path, error_type, root=root)
    # Lines as an editor counts them: only line feeds end a line (YAML also breaks at
    # U+0085, U+2028 and U+2029, which are refused here with their editor line).
    for number, line in enumerate(text.split("\n"), start=1):
        found = charset.forbidden(line.removesuffix("\r"), allowed="\t")
        if found is not None:
            problem, advice = charset.problem(found)
            raise error_type(f"{problem} in the file", path, number, advice)
    loader = _limited_loader(path, error_type)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise error_type("file is empty", path, advice="Add the content")
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise error_type(f"YAML syntax error: {problem}", path, line,
                         "Check indentation, colons and quotes on that line") from None
    except yaml.reader.ReaderError as exc:
        raise error_type(f"character U+{exc.character:04X} cannot be read as YAML", path,
                         text.count("\n", 0, exc.position) + 1, "Remove it") from None
    except yaml.YAMLError as exc:
        raise error_type(f"YAML error: {exc}", path) from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise error_type(f"a value cannot be read: {exc}", path,
                         advice="Quote long numbers so they are read as text") from None
    finally:
        loader.dispose()
