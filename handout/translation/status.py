"""Is a language ready to print? Completeness, QA and review status of its catalogs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..content.model import Guide, Message
from ..content.select import select
from ..errors import HandoutError
from ..matrix import AUDIENCE_NAMES
from ..project import Project
from ..translation.catalogs import (
    TEMPLATE_DOMAIN,
    Catalog,
    catalog_path,
    read_catalog,
    template_path,
)
from ..translation.qa import Problem, check_catalog


@dataclass
class LanguageStatus:
    guide: str
    language: str
    is_source: bool
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    problems: list[Problem] = field(default_factory=list)
    broken: str = ""                      # a catalog that cannot be read at all
    review: str = "original"
    # The guide's catalog as checked, so the build keys handouts on what was checked
    # without reading it again.
    catalog: Catalog | None = field(default=None, repr=False, compare=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def qa_errors(self) -> list[Problem]:
        """Errors other than missing or fuzzy translations (never built, even with fallback)."""
        return [p for p in self.errors if not p.incomplete]

    def buildable(self, allow_fallback: bool) -> bool:
        if self.is_source:
            return True
        if self.broken or self.qa_errors:
            return False
        return allow_fallback or not self.errors

    def summary(self) -> str:
        if self.broken:
            return self.broken
        parts = []
        if self.untranslated:
            parts.append(f"{self.untranslated} untranslated")
        if self.fuzzy:
            parts.append(f"{self.fuzzy} fuzzy")
        if self.qa_errors:
            parts.append(f"{len(self.qa_errors)} QA errors (first: {self.qa_errors[0]})")
        return ", ".join(parts) + ("; run 'make_guide.py check " + self.language +
                                   "', or build with --allow-fallback" if parts else "")



def guide_messages(guide: Guide) -> list[Message]:
    """Every message some audience of the guide reads, in reading order."""
    found: list[Message] = []
    for audience in AUDIENCE_NAMES:
        found.extend(select(guide, audience).messages())
    return found


def template_messages(project: Project) -> list[Message]:
    """The template's fixed words, from locales/handout.pot."""
    path = template_path(project.locales, TEMPLATE_DOMAIN)
    if not path.is_file():
        return []
    catalog = read_catalog(path)
    return [Message(e.msgid, e.context, e.line) for e in catalog.entries.values()]


# Punctuation each language sets its own way (CLDR and the national style guides):
# French puts a no-break space before : ; ? ! (a thin one before ; ? ! is also
# correct); Chinese uses full-width punctuation after Chinese text.
TYPOGRAPHY = {
    "fr": (re.compile(r"(?<![\s\u00a0\u202f])(?<!https)(?<!http)(?<!mailto)[:;?!](?=\s|$)"),
           "French sets a no-break space before ':', ';', '?' and '!'"),
    "zh": (re.compile(r"(?<=[\u4e00-\u9fff])[:;,?!](?=\s|$|[\u4e00-\u9fff])"),
           "Chinese text takes full-width punctuation ('：', '；', '，', '？', '！')"),
}


def typography_problems(catalog: Catalog, language: str,
                        messages: list[Message]) -> list[Problem]:
    """Punctuation set the way the language does not set it (warnings: the text is
    right, its typography is not; a text left as the source is not judged)."""
    rule = TYPOGRAPHY.get(language.split("-")[0])
    if rule is None:
        return []
    pattern, advice = rule
    wanted = {(m.context, m.msgid) for m in messages}
    problems = []
    for key, entry in catalog.entries.items():
        if key not in wanted or not entry.msgstr or entry.fuzzy or \
                entry.msgstr == entry.msgid:
            continue
        # Citations, link targets, addresses, placeholders and quoted titles (« What is
        # POH? ») keep their own marks.
        text = re.sub(r"\[@[^\]]*\]|\]\([^)]*\)|https?://\S+|%\([a-z_]+\)s|«[^»]*»", " ",
                      entry.msgstr)
        match = pattern.search(text)
        if match:
            around = text[max(0, match.start() - 12):match.end() + 2]
            problems.append(Problem("warning", catalog.path, entry.line, entry.msgid,
                                    f"{advice} (at {around!r})", "typography"))
    return problems


def term_problems(project: Project, catalog: Catalog, language: str,
                  messages: list[Message]) -> list[Problem]:
    """Translations that do not use the language's approved terms (locales/<lang>/
    terms.tbx): an error naming the catalog line and the approved term."""
    from ..translation.terms import missing_terms, read_terms, terms_path

    path = terms_path(project.locales, language)
    terms = read_terms(path, language)
    problems = []
    wanted = {(m.context, m.msgid) for m in messages}
    for key, entry in catalog.entries.items():
        if key not in wanted or not entry.msgstr or entry.fuzzy:
            continue
        for term in missing_terms(entry.msgid, entry.msgstr, terms):
            problems.append(Problem(
                "error", catalog.path, entry.line, entry.msgid,
                f"term {term.source!r} must be translated as {term.approved!r} "
                f"(approved in {path.name})", "term"))
    return problems


@dataclass(frozen=True)
class ExpectedMessages:
    """What every catalog of a guide is checked against: the same for each language,
    so a caller checking several languages gathers it once."""

    guide: list[Message]          # the guide's messages, every audience
    template: list[Message]       # the template's fixed words (locales/handout.pot)


def expected_messages(project: Project, guide: Guide) -> ExpectedMessages:
    return ExpectedMessages(guide_messages(guide), template_messages(project))


def language_status(project: Project, guide: Guide, language: str,
                    toolkit: bool = False,
                    expected: ExpectedMessages | None = None) -> LanguageStatus:
    """Check both catalogs a handout in ``language`` needs."""
    status = LanguageStatus(guide.id, language, language == guide.source_language)
    if status.is_source:
        return status
    expected = expected or expected_messages(project, guide)
    pairs = [(catalog_path(project.locales, language, guide.id), expected.guide),
             (catalog_path(project.locales, language, TEMPLATE_DOMAIN), expected.template)]
    for path, messages in pairs:
        if not path.is_file():
            status.broken = f"missing catalog {path}"
            return status
        try:
            catalog: Catalog = read_catalog(path)
        except HandoutError as exc:
            status.broken = str(exc)
            return status
        problems = check_catalog(catalog, messages, toolkit=toolkit)
        if path.name == f"{guide.id}.po":
            problems += term_problems(project, catalog, language, messages)
        problems += typography_problems(catalog, language, messages)
        status.problems.extend(problems)
        unique = {(m.context, m.msgid) for m in messages}
        status.total += len(unique)
        status.untranslated += sum(1 for p in problems
                                   if p.kind in ("untranslated", "missing"))
        status.fuzzy += sum(1 for p in problems if p.kind == "fuzzy")
        if path.name == f"{guide.id}.po":
            status.catalog = catalog
            review = catalog.review
            status.review = (f"reviewed by {review.reviewer} ({review.date})"
                             if review.reviewed else "unreviewed draft")
    status.translated = status.total - status.untranslated - status.fuzzy
    return status
