"""Translation checks run on every catalog before anything is rendered.

Errors (the language is not built): untranslated or fuzzy messages, and a
translation that changes a number, drops or changes a citation key, a link target,
bold markup or a template placeholder. Numbers are compared after normalising digits
across scripts, so Arabic-Indic "٥٠" equals "50". translate-toolkit's checks add
warnings; its own number check is replaced by ours (it reports "٢" != "2").

Markup is compared as the renderer sees it: both sides are parsed with the Markdown
parser of handout.inline (same configuration), and the resulting link targets,
visible link texts, citations and bold spans are compared, so a link retargeted
through a title (``[text](https://other "")``) or hidden in an empty link is caught.
A translation may not carry bidi controls (they reorder what is printed: "50" as
"05"), may not be much longer than its source (TRANSLATION_FACTOR), and may not give
a placeholder a width ("%(page)999999999s" would take all memory when formatted).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from .. import charset
from ..content.model import Message
from ..limits import TRANSLATION_FACTOR, TRANSLATION_SLACK
from ..translation.catalogs import Catalog

NUMBER_RE = re.compile(r"\d+(?:[.,\u066B\u066C\u00A0\u202F ]\d+)*")
GROUP_RE = re.compile(r"[.,\u066C\u00A0\u202F ](?=\d{3}(?!\d))")
PLACEHOLDER_RE = re.compile(r"%\([a-z_]+\)s")
# Every printf-style conversion Python's % operator would read (its grammar).
CONVERSION_RE = re.compile(r"%(?:\((?P<name>[^)]*)\))?(?P<flags>[-#0 +]*)"
                           r"(?P<width>\*|[0-9]+)?(?:\.(?P<precision>\*|[0-9]*))?"
                           r"(?P<length>[hlL])?(?P<type>.?)", re.S)
# Characters the inline rules (emphasis, link, escape, backticks, citation) start at.
MARKUP_CHARS = "[]*_`\\"
ADDRESS_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}"
                        r"(?:/\S*)?$", re.I)
# translate-toolkit checks that duplicate ours or misfire on this content.
SKIPPED_TTK_CHECKS = {
    "numbers",        # replaced by the digit-normalising check below
    "untranslated",   # reported as an error below
    "unchanged",      # gene names, references and URLs legitimately stay the same
    "simplecaps", "startcaps", "startpunc",  # scripts without case, RTL punctuation
    "sentencecount", "long", "short",        # translations legitimately differ
    "doublespacing", "puncspacing", "endpunc", "endwhitespace", "startwhitespace",
    "acronyms",       # medical acronyms are kept in brackets, not always
    "brackets",       # citation brackets are checked exactly below
    "singlequoting", "doublequoting", "escapes", "newlines", "tabs",
    "options", "filepaths", "kdecomments", "validchars", "musttranslatewords",
    "notranslatewords", "validxml", "accelerators", "printf", "pythonbraceformat",
    "xmltags", "urls", "emails", "compendiumconflicts", "credits", "blank",
    "nplurals", "purepunc", "spellcheck", "variables", "functions", "hassuggestion",
    "isfuzzy", "isreview", "dialogsizes", "gconf", "doubleacronyms", "doublewords",
}


@dataclass(frozen=True)
class Problem:
    severity: str       # "error" or "warning"
    file: Path
    line: int
    msgid: str
    text: str
    kind: str = "check"  # one of KINDS: what decides whether a language builds

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown problem kind {self.kind!r}")

    @property
    def incomplete(self) -> bool:
        """A translation still to do, which --allow-fallback may print in the source."""
        return self.kind in INCOMPLETE

    def __str__(self) -> str:
        short = self.msgid if len(self.msgid) <= 60 else self.msgid[:57] + "..."
        return f"{self.file}:{self.line}: {self.severity}: {self.text} (msgid {short!r})"


# untranslated / missing / fuzzy: work still to do; check: numbers, citations, links
# or markup differ; term: an unapproved term; typography: punctuation set the way the
# language does not set it; toolkit: translate-toolkit's advice.
KINDS = frozenset({"untranslated", "missing", "fuzzy", "check", "term", "typography",
                   "toolkit"})
INCOMPLETE = frozenset({"untranslated", "missing", "fuzzy"})


def normalise_digits(text: str) -> str:
    """Digits of any script as ASCII digits ("٥٠" -> "50")."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and unicodedata.digit(c, None)
                   is not None else c for c in text)


def numbers(text: str) -> Counter:
    """The numbers in ``text`` (digits normalised; decimal commas read as points)."""
    text = re.sub(r"\[@[^\]]*\]|\]\([^)]*\)", " ", text)  # citation keys and URLs
    found = Counter()
    for match in NUMBER_RE.findall(normalise_digits(text)):
        # "1,000,000" = "1.000.000" = "1 000 000"; a separator before exactly three
        # digits groups thousands, any other is a decimal point ("2,5" = "2.5").
        for number in re.split(r"[ \u00A0\u202F](?!\d{3}(?!\d))", match):
            number = GROUP_RE.sub("", number)
            found[re.sub(r"[,\u066B]", ".", number)] += 1
    return found


@dataclass(frozen=True)
class Parsed:
    """What the renderer makes of a message: its links, citations, bold and text."""

    links: tuple[tuple[str, str], ...] = ()     # (target, visible text)
    citations: tuple[str, ...] = ()
    bold: int = 0
    visible: str = ""


@cache
def _markdown():
    from ..content.markup import make_markdown

    return make_markdown()


@lru_cache(maxsize=8192)      # a source text is parsed once for all languages
def parse_inline(text: str) -> Parsed:
    """Parse ``text`` with the renderer's Markdown parser."""
    if not any(c in text for c in MARKUP_CHARS):
        return Parsed(visible=text)         # nothing the parser would treat as markup
    links: list[tuple[str, str]] = []
    citations: list[str] = []
    bold = 0
    visible: list[str] = []
    link: list | None = None
    for block in _markdown().parseInline(text):
        for token in block.children or ():
            if token.type == "link_open":
                link = [token.attrGet("href") or "", []]
            elif token.type == "link_close" and link is not None:
                links.append((link[0], "".join(link[1]).strip()))
                link = None
            elif token.type == "citation":
                citations.extend(token.meta["keys"])
            elif token.type in ("strong_open", "em_open"):
                bold += 1
            elif token.type in ("text", "code_inline", "softbreak", "hardbreak"):
                piece = "\n" if token.type.endswith("break") else token.content
                visible.append(piece)
                if link is not None:
                    link[1].append(piece)
    return Parsed(tuple(links), tuple(citations), bold, "".join(visible))


def _host(address: str) -> str:
    if "://" not in address:
        address = "http://" + address
    host = (urlsplit(address).hostname or "").lower()
    return host.removeprefix("www.")


def _link_problems(source: Parsed, target: Parsed) -> list[str]:
    problems = []
    if Counter(t for t, _ in source.links) != Counter(t for t, _ in target.links):
        problems.append("link targets differ from the source")
    for href, text in target.links:
        if not text:
            problems.append(f"a link to {href} has no visible text")
        elif ADDRESS_RE.match(text) and not href.lower().startswith("mailto:") \
                and _host(text) != _host(href):
            problems.append(f"a link shows {text!r} but goes to {href}")
    source_texts = {href: text for href, text in source.links if ADDRESS_RE.match(text)}
    for href, text in target.links:
        if href in source_texts and text != source_texts[href]:
            problems.append(f"the link to {href} must show its address "
                            f"{source_texts[href]!r}, as the source does")
    return problems


def placeholder_problem(msgstr: str) -> str | None:
    """Why ``msgstr`` cannot be %-formatted safely, or None (checked before formatting)."""
    for match in CONVERSION_RE.finditer(msgstr):
        if match.group(0) == "%%":
            continue
        name = match.group("name")
        plain = not (match.group("flags") or match.group("width") or match.group("length")
                     or match.group("precision") is not None)
        if name is not None and plain and match.group("type") == "s":
            continue
        if name is not None and not plain:
            return (f"placeholder {match.group(0)[:40]!r} has a width or flags: write "
                    f"%({name[:20]})s")
        return "a % sign that is not a placeholder: write %% for a percent sign"
    return None


def compare(msgid: str, msgstr: str) -> list[str]:
    """What a translation changed that it must not."""
    problems = []
    found = charset.forbidden(msgstr)
    if found is not None:
        problems.append(f"{charset.problem(found)[0]} in the translation")
    limit = TRANSLATION_FACTOR * len(msgid) + TRANSLATION_SLACK
    if len(msgstr) > limit:
        # Nothing else is looked at: a 1 MB msgstr must not cost the checks below.
        problems.append(f"translation is {len(msgstr):,} characters, more than "
                        f"{TRANSLATION_FACTOR} x the source's {len(msgid):,} + "
                        f"{TRANSLATION_SLACK} (TRANSLATION_FACTOR, TRANSLATION_SLACK)")
        return problems
    names = PLACEHOLDER_RE.findall(msgid)
    if names:
        problem = placeholder_problem(msgstr)
        if problem is None:
            try:
                msgstr % {name[2:-2]: "" for name in names}
            except (TypeError, ValueError, KeyError):
                problem = "a % sign that is not a placeholder: write %% for a percent sign"
        if problem:
            problems.append(problem)
    source, target = parse_inline(msgid), parse_inline(msgstr)
    if Counter(source.citations) != Counter(target.citations):
        problems.append(f"citations differ: source has {source.citations}, "
                        f"translation has {target.citations}")
    problems.extend(_link_problems(source, target))
    if source.bold != target.bold:
        problems.append("bold markup (**) differs from the source")
    if Counter(PLACEHOLDER_RE.findall(msgid)) != Counter(PLACEHOLDER_RE.findall(msgstr)):
        problems.append("placeholders such as %(page)s differ from the source")
    source_numbers, target_numbers = numbers(source.visible), numbers(target.visible)
    if source_numbers != target_numbers:
        lost = sorted((source_numbers - target_numbers).elements())
        added = sorted((target_numbers - source_numbers).elements())
        detail = "; ".join(p for p in (
            f"missing {', '.join(lost)}" if lost else "",
            f"added {', '.join(added)}" if added else "") if p)
        problems.append(f"numbers differ from the source ({detail})")
    return problems


def check_catalog(catalog: Catalog, messages: list[Message], *,
                  toolkit: bool = True) -> list[Problem]:
    """Problems of ``catalog`` for the messages a guide (or template) needs."""
    problems: list[Problem] = []
    checker = _toolkit_checker(catalog.language) if toolkit else None
    seen: set[tuple[str | None, str]] = set()
    for message in messages:
        key = (message.context, message.msgid)
        if key in seen:
            continue
        seen.add(key)
        entry = catalog.entries.get(key)
        if entry is None or not entry.msgstr:
            problems.append(Problem("error", catalog.path, entry.line if entry else 0,
                                    message.msgid, "untranslated" if entry else
                                    "missing from the catalog (run 'make_guide.py update')",
                                    "untranslated" if entry else "missing"))
            continue
        if entry.fuzzy:
            # Never printed (the source is, with --allow-fallback), so its numbers and
            # links are checked once the translator has updated it.
            problems.append(Problem("error", catalog.path, entry.line, message.msgid,
                                    "fuzzy: check the translation and remove the fuzzy flag",
                                    "fuzzy"))
            continue
        found = compare(message.msgid, entry.msgstr)
        for text in found:
            problems.append(Problem("error", catalog.path, entry.line, message.msgid, text))
        if checker is not None and not any(text.startswith("translation is ") for text in found):
            for name, text in _toolkit_failures(checker, message.msgid, entry.msgstr):
                problems.append(Problem("warning", catalog.path, entry.line, message.msgid,
                                        f"{name}: {text}", "toolkit"))
    return problems


def _toolkit_checker(language: str):
    from translate.filters import checks

    config = checks.CheckerConfig(targetlanguage=language.split("-")[0])
    return checks.StandardChecker(checkerconfig=config,
                                  excludefilters={name: True for name in SKIPPED_TTK_CHECKS})


def _toolkit_failures(checker, source: str, target: str) -> list[tuple[str, str]]:
    from translate.storage.pypo import pounit

    unit = pounit(source)
    unit.target = target
    failures = checker.run_filters(unit, categorised=True)
    return [(name, str(info.get("message", ""))) for name, info in failures.items()]
