"""SVG that can only draw: one sanitizer for figures and clinic logos, and a parser
for the attributes the engine reads (transform, viewBox, lengths).

The sanitizer refuses, wherever they appear and in any namespace: elements that run
code, fetch or embed other content, or restyle the page (script, foreignObject,
image, use, a, style, animation); any ``href``; any ``on*`` event attribute; any
``url(`` reference; a DOCTYPE with an internal subset (entity definitions); and
processing instructions (``<?xml-stylesheet?>``). It reads the document with expat
event by event, so a refusal names the element's line in the SVG.

Attributes are read with the SVG 1.1 grammars (a lexer for numbers, a recursive
descent for the lists), not with ``float(value.split()[0])``: ``translate(10 5)
scale(1)`` is a valid transform list and is applied whole; ``NaN`` is not a number.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

FORBIDDEN_ELEMENTS = frozenset({
    "script", "foreignObject", "image", "use", "a", "style", "iframe", "feImage",
    "animate", "animateMotion", "animateTransform", "animateColor", "set", "handler",
    "listener", "discard",
})
# Attributes holding lengths the sanitizer checks (WeasyPrint reads them too).
LENGTH_ATTRIBUTES = frozenset({"x", "y", "width", "height", "cx", "cy", "r", "rx", "ry",
                               "x1", "y1", "x2", "y2"})
LIST_ATTRIBUTES = frozenset({"x", "y"})    # on <text>: a list, the first one counts
UNITS_PX = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54,
            "in": 96.0}
RELATIVE_UNITS = {"%", "em", "ex"}

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class SvgProblem(ValueError):
    """What is wrong, and where in the SVG (1-based line, element name)."""

    def __init__(self, problem: str, line: int | None = None, element: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.element = element

    def describe(self) -> str:
        where = []
        if self.element:
            where.append(f"<{self.element}>")
        if self.line:
            where.append(f"line {self.line} of the SVG")
        return self.problem + (f" ({', '.join(where)})" if where else "")


# -- the attribute grammars ----------------------------------------------------------

# SVG 1.1 number: sign? (digits ('.' digits?)? | '.' digits) exponent?
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_WSP = " \t\r\n"


class _Scanner:
    """A cursor over an attribute value, with the grammar's terminals."""

    def __init__(self, text: str, what: str) -> None:
        self.text = text
        self.pos = 0
        self.what = what

    def fail(self, expected: str) -> SvgProblem:
        found = self.text[self.pos:self.pos + 12] or "the end"
        return SvgProblem(f"{self.what} {self.text[:80]!r} is not valid: expected "
                          f"{expected} at {found!r}")

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in _WSP:
            self.pos += 1

    def skip_comma_space(self) -> None:
        self.skip_space()
        if self.pos < len(self.text) and self.text[self.pos] == ",":
            self.pos += 1
            self.skip_space()

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def peek_number(self) -> bool:
        return _NUMBER.match(self.text, self.pos) is not None

    def number(self) -> float:
        match = _NUMBER.match(self.text, self.pos)
        if not match:
            raise self.fail("a number")
        value = float(match.group(0))
        if not math.isfinite(value):
            raise self.fail("a finite number")
        self.pos = match.end()
        return value

    def literal(self, word: str) -> bool:
        if self.text.startswith(word, self.pos):
            self.pos += len(word)
            return True
        return False

    def name(self) -> str:
        match = re.compile(r"[A-Za-z]+").match(self.text, self.pos)
        if not match:
            raise self.fail("a transform name")
        self.pos = match.end()
        return match.group(0)


def parse_numbers(value: str, what: str, count: int | None = None) -> list[float]:
    """A list of numbers separated by commas and/or white space."""
    scanner = _Scanner(value, what)
    numbers = []
    scanner.skip_space()
    while not scanner.at_end():
        numbers.append(scanner.number())
        scanner.skip_comma_space()
    if count is not None and len(numbers) != count:
        raise SvgProblem(f"{what} {value[:80]!r} is not valid: expected {count} numbers, "
                         f"found {len(numbers)}")
    return numbers


def parse_viewbox(value: str) -> tuple[float, float, float, float]:
    x, y, width, height = parse_numbers(value, "viewBox", 4)
    if width <= 0 or height <= 0:
        raise SvgProblem(f"viewBox {value[:80]!r} is not valid: width and height must be "
                         "positive")
    return x, y, width, height


def parse_length(value: str, what: str) -> tuple[float, str]:
    """(number, unit) of one SVG length; unit is '' (user units), px, pt, …, % , em, ex."""
    scanner = _Scanner(value.strip(), what)
    number = scanner.number()
    unit = scanner.text[scanner.pos:]
    if unit not in UNITS_PX and unit not in RELATIVE_UNITS:
        raise scanner.fail("a length such as 12, 12px or 50%")
    return number, unit


def parse_lengths(value: str, what: str) -> list[tuple[float, str]]:
    """A list of lengths (the x and y of <text>)."""
    parts = [p for p in re.split(r"[\s,]+", value.strip()) if p]
    if not parts:
        raise SvgProblem(f"{what} is empty")
    return [parse_length(part, what) for part in parts]


def user_units(length: tuple[float, str], what: str) -> float:
    number, unit = length
    if unit in RELATIVE_UNITS:
        raise SvgProblem(f"{what} in {unit} cannot be placed; use user units")
    return number * UNITS_PX[unit]


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m · n (apply n first, then m)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
            a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


_ARGUMENTS = {"matrix": (6,), "translate": (1, 2), "scale": (1, 2), "rotate": (1, 3),
              "skewX": (1,), "skewY": (1,)}


def _transform_matrix(name: str, args: list[float]) -> Matrix:
    if name == "matrix":
        return tuple(args)  # type: ignore[return-value]
    if name == "translate":
        return (1.0, 0.0, 0.0, 1.0, args[0], args[1] if len(args) > 1 else 0.0)
    if name == "scale":
        sx = args[0]
        return (sx, 0.0, 0.0, args[1] if len(args) > 1 else sx, 0.0, 0.0)
    if name == "rotate":
        angle = math.radians(args[0])
        rotation = (math.cos(angle), math.sin(angle), -math.sin(angle), math.cos(angle),
                    0.0, 0.0)
        if len(args) == 3:
            cx, cy = args[1], args[2]
            return multiply(multiply((1.0, 0.0, 0.0, 1.0, cx, cy), rotation),
                            (1.0, 0.0, 0.0, 1.0, -cx, -cy))
        return rotation
    if name == "skewX":
        return (1.0, 0.0, math.tan(math.radians(args[0])), 1.0, 0.0, 0.0)
    return (1.0, math.tan(math.radians(args[0])), 0.0, 1.0, 0.0, 0.0)   # skewY


def parse_transform(value: str) -> Matrix:
    """The matrix of an SVG 1.1 transform list, e.g. ``translate(10 5) scale(1)``.

    transform-list: wsp* (transform (comma-wsp+ transform)*)? wsp*
    transform: name wsp* "(" wsp* number (comma-wsp number)* wsp* ")"
    """
    scanner = _Scanner(value, "transform")
    matrix = IDENTITY
    scanner.skip_space()
    while not scanner.at_end():
        name = scanner.name()
        if name not in _ARGUMENTS:
            raise SvgProblem(f"transform {value[:80]!r} is not valid: unknown "
                             f"transform {name!r}")
        scanner.skip_space()
        if not scanner.literal("("):
            raise scanner.fail("'('")
        scanner.skip_space()
        args = [scanner.number()]
        while True:
            scanner.skip_comma_space()
            if not scanner.peek_number():
                break
            args.append(scanner.number())
        scanner.skip_space()
        if not scanner.literal(")"):
            raise scanner.fail("a number or ')'")
        if len(args) not in _ARGUMENTS[name]:
            counts = " or ".join(str(n) for n in _ARGUMENTS[name])
            raise SvgProblem(f"transform {value[:80]!r} is not valid: {name} takes "
                             f"{counts} numbers, not {len(args)}")
        matrix = multiply(matrix, _transform_matrix(name, args))
        scanner.skip_comma_space()
    if not all(math.isfinite(v) for v in matrix):
        raise SvgProblem(f"transform {value[:80]!r} is not finite")
    return matrix


# -- the sanitizer -------------------------------------------------------------------

def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1] if isinstance(name, str) else ""


@dataclass(frozen=True)
class Checked:
    """What the sanitizer learnt: the drawing's size in user units."""

    width: float
    height: float


def _has_url(value: str) -> bool:
    return "url(" in re.sub(r"\s+", "", value).lower() or "\\" in value


def sanitize(data: bytes) -> Checked:
    """Check an SVG document; raise :class:`SvgProblem` for anything but drawing."""
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: dict[str, str] = {}
    seen_root = []

    def line() -> int:
        return parser.CurrentLineNumber

    def doctype(name, system_id, public_id, has_internal_subset) -> None:
        if has_internal_subset:
            raise SvgProblem("a DOCTYPE with its own declarations (entities, default "
                             "attributes) is not allowed", line())

    def entity(name, *args) -> None:
        raise SvgProblem(f"entity declaration {name!r} is not allowed", line())

    def instruction(target, data) -> None:
        raise SvgProblem(f"processing instruction <?{target}?> is not allowed", line())

    def start(name: str, attributes: dict[str, str]) -> None:
        tag = _local(name)
        if not seen_root:
            if tag != "svg":
                raise SvgProblem(f"the root element is <{tag}>, not <svg>", line(), tag)
            seen_root.append(tag)
            root.update(attributes)
        if tag in FORBIDDEN_ELEMENTS:
            raise SvgProblem(f"forbidden <{tag}> element: figures and logos may hold "
                             "shapes and text only", line(), tag)
        for qualified, value in attributes.items():
            attribute = _local(qualified)
            if attribute == "href":
                raise SvgProblem(f"attribute {attribute!r} refers to something outside "
                                 "the drawing", line(), tag)
            if attribute.lower().startswith("on"):
                raise SvgProblem(f"event attribute {attribute!r} is not allowed", line(),
                                 tag)
            if _has_url(value):
                raise SvgProblem(f"attribute {attribute!r} holds a url( reference or a "
                                 "CSS escape", line(), tag)
            try:
                _check_attribute(tag, attribute, value)
            except SvgProblem as exc:
                raise SvgProblem(exc.problem, line(), tag) from None

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.NotationDeclHandler = entity
    parser.ProcessingInstructionHandler = instruction
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise SvgProblem(f"not valid XML: {expat.ErrorString(exc.code)}", exc.lineno) from None
    try:
        return Checked(*size(root.get("viewBox"), root.get("width"), root.get("height")))
    except SvgProblem as exc:
        raise SvgProblem(exc.problem, 1, "svg") from None


def _check_attribute(tag: str, attribute: str, value: str) -> None:
    if attribute == "transform":
        parse_transform(value)
    elif attribute == "viewBox":
        parse_viewbox(value)
    elif attribute in LIST_ATTRIBUTES and tag in ("text", "tspan"):
        parse_lengths(value, attribute)
    elif attribute in LENGTH_ATTRIBUTES and value.strip() != "auto":
        parse_length(value, attribute)


def size(view_box: str | None, width: str | None, height: str | None) -> tuple[float, float]:
    """The drawing's width and height in user units: the viewBox, else width/height."""
    if view_box is not None:
        _, _, w, h = parse_viewbox(view_box)
        return w, h
    if width is None or height is None:
        raise SvgProblem("the SVG needs a viewBox (or width and height)")
    w = user_units(parse_length(width, "width"), "width")
    h = user_units(parse_length(height, "height"), "height")
    if w <= 0 or h <= 0:
        raise SvgProblem("the SVG's width and height must be positive")
    return w, h
