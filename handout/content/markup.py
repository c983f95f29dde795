"""Inline markup: a small, translator-safe Markdown subset rendered with raw HTML off.

Allowed: **bold**, [links](https://…), citations [@key] or [@a; @b]. Anything else is
text and is escaped. Italics render as bold, since large print forbids italics.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

CITATION_RE = re.compile(r"\[(@[A-Za-z0-9_.:-]+(?:\s*;\s*@[A-Za-z0-9_.:-]+)*)\]")
LINK_RE = re.compile(r"\]\(([^)\s]+)\)")
ALLOWED_SCHEMES = ("https://", "http://", "mailto:")
# A run of Latin-script words, numbers and the punctuation inside them (gene names,
# doses, English terms). In right-to-left text each run is isolated as left-to-right
# so its words and punctuation keep their order; parentheses stay outside the run so
# the bidi algorithm mirrors them correctly.
LATIN_RUN = re.compile(r"[A-Za-z0-9\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F\u03B1 .,%/+:'?!\-\u2013]*"
                       r"[A-Za-z0-9\u00C0-\u024F\u03B1%?!]|[A-Za-z0-9\u00C0-\u024F]")
UNBROKEN_RUN = 24   # runs up to this length never wrap (doses, gene names)
INLINE_BOXES = ("link_open", "em_open", "strong_open")

Citer = Callable[[list[str]], list[int]]


def citation_keys(text: str) -> list[str]:
    """Citation keys in the order they appear in ``text``."""
    return [key.strip().lstrip("@") for group in CITATION_RE.findall(text)
            for key in group.split(";")]


def plain_text(text: str) -> str:
    """The words a reader sees, without citations or markup (for readability, search)."""
    text = re.sub(r"[ \t]*" + CITATION_RE.pattern, "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("**", "").replace("__", "")
    return re.sub(r"[ \t]+", " ", text).strip()


def _citation_rule(state, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    match = CITATION_RE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"keys": [k.strip().lstrip("@") for k in match.group(1).split(";")]}
    state.pos = match.end()
    return True


def _validate_link(url: str) -> bool:
    return url.lower().startswith(ALLOWED_SCHEMES)


def format_numbers(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> '1–3, 5' (ranges collapsed, as Vancouver style does)."""
    numbers = sorted(set(numbers))
    parts: list[str] = []
    start = prev = None
    for n in numbers + [None]:
        if start is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            if prev - start >= 2:
                parts.append(f"{start}\u2013{prev}")
            elif prev != start:
                parts.append(f"{start}, {prev}")
            else:
                parts.append(str(start))
        start = prev = n
    return ", ".join(parts)


# Unicode isolates (UAX #9): LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE. A run
# between them is ordered on its own and never reorders the punctuation around it.
# Characters, not <span>s: WeasyPrint 70 breaks lines too early before an inline box
# that ends a line (Kozea/WeasyPrint#1614), and Pango honours the isolates.
LRI, PDI = "\u2066", "\u2069"
NO_BREAK_SPACE = "\u00a0"


def isolate_ltr(text: str, keep_together: bool = True) -> str:
    """``text`` as a left-to-right isolate, its spaces unbreakable if ``keep_together``."""
    if keep_together:
        text = text.replace(" ", NO_BREAK_SPACE)
    return f"{LRI}{text}{PDI}"


def isolate_latin(text: str) -> str:
    """Escaped ``text`` with each Latin-script run isolated as left-to-right.

    Short runs (doses, gene names, "50%") are also kept on one line.
    """
    out = []
    position = 0
    for match in LATIN_RUN.finditer(text):
        out.append(str(escape(text[position:match.start()])))
        run = match.group(0)
        out.append(str(escape(isolate_ltr(run, len(run) <= UNBROKEN_RUN))))
        position = match.end()
    out.append(str(escape(text[position:])))
    return "".join(out)


def make_markdown() -> MarkdownIt:
    """The Markdown parser of the inline subset: the renderer and the catalog QA
    (handout.qa) both use this one, so QA compares what is printed."""
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "escape", "backticks"])
    md.validateLink = _validate_link
    md.inline.ruler.before("link", "citation", _citation_rule)
    return md


def make_inline_renderer() -> Callable[[str, Citer], Markup]:
    """A function rendering one message's markup to safe HTML, numbering citations."""
    md = make_markdown()

    def render_citation(self, tokens, idx, options, env) -> str:
        # Full size, on one line, glued to the word before it; isolated left to right
        # in right-to-left text, so "[19, 28]" never reads "[28 ,19]".
        numbers = env["citer"](tokens[idx].meta["keys"])
        return str(escape(isolate_ltr(f"[{format_numbers(numbers)}]")))

    # The space before an inline element goes inside it: WeasyPrint 70 breaks a line
    # far too early when an inline box follows a text ending in a space and does not
    # fit on the line (Kozea/WeasyPrint#1614; seen as "(POHA," alone on a line).
    def leading_space(tokens, idx) -> str:
        previous = tokens[idx - 1] if idx else None
        return " " if previous is not None and previous.type == "text" and \
            previous.content.endswith((" ", "\t")) else ""

    def render_text(self, tokens, idx, options, env) -> str:
        text = tokens[idx].content
        following = tokens[idx + 1] if idx + 1 < len(tokens) else None
        previous = tokens[idx - 1] if idx else None
        after_box = previous is not None and previous.type in ("link_close", "strong_close",
                                                                "em_close")
        if following is not None and following.type == "citation" and not (
                after_box and not text.strip()):
            # A citation stays with the word before it; not with a link, which may be
            # long enough to need a line of its own.
            text = re.sub(r"[ \t]+$", NO_BREAK_SPACE, text)
        elif following is not None and following.type in INLINE_BOXES:
            text = re.sub(r"[ \t]+$", "", text)
        if not env.get("rtl"):
            return str(escape(text))
        return isolate_latin(text)

    def render_em_open(self, tokens, idx, options, env) -> str:
        return "<strong>" + leading_space(tokens, idx)

    def render_em_close(self, tokens, idx, options, env) -> str:
        return "</strong>"

    def render_link_open(self, tokens, idx, options, env) -> str:
        href = tokens[idx].attrGet("href") or ""
        return f'<a href="{escape(href)}">' + leading_space(tokens, idx)

    md.add_render_rule("text", render_text)
    md.add_render_rule("citation", render_citation)
    md.add_render_rule("em_open", render_em_open)
    md.add_render_rule("em_close", render_em_close)
    md.add_render_rule("strong_open", render_em_open)
    md.add_render_rule("strong_close", render_em_close)
    md.add_render_rule("link_open", render_link_open)

    def render(text: str, citer: Citer, rtl: bool = False) -> Markup:
        # renderInline never emits raw HTML here ("html": False); the output is safe.
        return Markup(md.renderInline(text, {"citer": citer, "rtl": rtl}).strip())

    return render
