"""Translation checks run on every catalog before anything is rendered.

Errors (the language is not built): untranslated or fuzzy messages, and a
translation that changes a number, drops or changes a citation key, a link target,
bold markup or a template placeholder. Numbers are compared after normalising digits
across scripts, so Arabic-Indic "٥٠" equals "50". translate-toolkit's checks add
warnings; its own number check is replaced by ours (it reports "٢" != "2").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .catalogs import Catalog
from .inline import citation_keys, link_targets
from .model import Message

NUMBER_RE = re.compile(r"\d+(?:[.,\u066B\u066C\u00A0\u202F ]\d+)*")
GROUP_RE = re.compile(r"[.,\u066C\u00A0\u202F ](?=\d{3}(?!\d))")
PLACEHOLDER_RE = re.compile(r"%\([a-z_]+\)s")
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

    def __str__(self) -> str:
        short = self.msgid if len(self.msgid) <= 60 else self.msgid[:57] + "..."
        return f"{self.file}:{self.line}: {self.severity}: {self.text} (msgid {short!r})"


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


def compare(msgid: str, msgstr: str) -> list[str]:
    """What a translation changed that it must not."""
    problems = []
    control = next((c for c in msgstr if ord(c) < 0x20 and c not in "\n\t"), None)
    if control is not None:
        problems.append(f"control character U+{ord(control):04X} in the translation")
    names = PLACEHOLDER_RE.findall(msgid)
    if names:
        try:
            msgstr % {name[2:-2]: "" for name in names}
        except (TypeError, ValueError, KeyError):
            problems.append("a % sign that is not a placeholder: write %% for a percent sign")
    if Counter(citation_keys(msgid)) != Counter(citation_keys(msgstr)):
        problems.append(f"citations differ: source has {citation_keys(msgid)}, "
                        f"translation has {citation_keys(msgstr)}")
    if Counter(link_targets(msgid)) != Counter(link_targets(msgstr)):
        problems.append("link targets differ from the source")
    if msgid.count("**") != msgstr.count("**"):
        problems.append("bold markup (**) differs from the source")
    if Counter(PLACEHOLDER_RE.findall(msgid)) != Counter(PLACEHOLDER_RE.findall(msgstr)):
        problems.append("placeholders such as %(page)s differ from the source")
    source_numbers, target_numbers = numbers(msgid), numbers(msgstr)
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
                                    "missing from the catalog (run 'make_guide.py update')"))
            continue
        if entry.fuzzy:
            problems.append(Problem("error", catalog.path, entry.line, message.msgid,
                                    "fuzzy: check the translation and remove the fuzzy flag"))
        for text in compare(message.msgid, entry.msgstr):
            problems.append(Problem("error", catalog.path, entry.line, message.msgid, text))
        if checker is not None:
            for name, text in _toolkit_failures(checker, message.msgid, entry.msgstr):
                problems.append(Problem("warning", catalog.path, entry.line, message.msgid,
                                        f"{name}: {text}"))
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
