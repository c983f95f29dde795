"""The handout matrix: audiences, languages, print sizes, papers, PDF standards, one job.

Each concept is defined here once, as a small value object, and looked up by name
everywhere else; a new audience or print size is a new row, not new branches. A
:class:`Job` names its row of the matrix with plain strings (stable keys for the
build's cache and cheap to send to a worker) and hands out the value objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark only"
    return message


# -- audiences -----------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    name: str
    label: str                  # the cover's "For …" (a template message)
    index_name: str             # its name on the English index page
    glossary: bool              # gets a lay glossary
    grade_target: float | None  # Flesch-Kincaid grade its body text must not exceed
    cost: float                 # relative render time, to schedule long jobs first


AUDIENCES: dict[str, Audience] = {
    # Targets: AMA/AAFP grade 6 for patients, NIH/CDC grade 8 for adults.
    "teen": Audience("teen", N_("For teenagers"), "Teenagers", True, 6.0, 2.0),
    "parent": Audience("parent", N_("For parents and caregivers"), "Parents and caregivers",
                       True, 8.0, 3.0),
    "clinician": Audience("clinician", N_("For clinicians"), "Clinicians", False, None, 3.0),
}
AUDIENCE_NAMES: tuple[str, ...] = tuple(AUDIENCES)
GLOSSARY_AUDIENCES: frozenset[str] = frozenset(a for a in AUDIENCES
                                               if AUDIENCES[a].glossary)


# -- print sizes and papers ----------------------------------------------------------


@dataclass(frozen=True)
class PrintSize:
    name: str
    body_pt: float
    label: str | None           # the cover's print-size mark (large print only)
    description: str            # what it is and whom it is for (index page)

    @property
    def short_description(self) -> str:
        """What it is, without whom it is for ("Large print, 18 pt")."""
        return self.description.split(":")[0]

    @property
    def purpose(self) -> str:
        """Whom it is for ("For people with low vision")."""
        purpose = self.description.partition(":")[2].strip()
        return purpose[:1].upper() + purpose[1:]


PRINT_SIZES: dict[str, PrintSize] = {
    "standard": PrintSize("standard", 12, None, "Standard print, 12 pt: for most readers"),
    "large": PrintSize("large", 18, N_("Large print"),
                       "Large print, 18 pt: for people with low vision"),
    "xlarge": PrintSize("xlarge", 24, N_("Extra-large print"),
                        "Extra-large print, 24 pt: for people with severe sight loss"),
}
DEFAULT_SIZE = "large"
# Large print from this size up: no landscape pages, no text under this size.
LARGE_PRINT_PT = 18.0


@dataclass(frozen=True)
class Paper:
    name: str
    css_size: str
    width_pt: float
    height_pt: float
    label: str = ""             # its name in words (index page)


PAPERS: dict[str, Paper] = {
    "a4": Paper("a4", "A4", 595.28, 841.89, "A4 (210 × 297 mm)"),
    "letter": Paper("letter", "letter", 612, 792, "US Letter (8.5 × 11 in)"),
}

# Page margins (Access Board, UMT: at least 1 in) and the measure that keeps lines
# near 70 characters; styles/handout.css.j2 receives both. The bottom margin is a
# little deeper: it holds the page number.
PAGE_MARGIN_PT = 72.0
BOTTOM_MARGIN_PT = PAGE_MARGIN_PT * 1.1
MEASURE_EM = 34


def text_height_pt(paper: Paper) -> float:
    """Height of the text area: the page less the top and bottom margins."""
    return paper.height_pt - PAGE_MARGIN_PT - BOTTOM_MARGIN_PT


def text_width_pt(paper: Paper, size: PrintSize) -> float:
    """Width of the text column: the page less margins, capped at the measure."""
    return min(paper.width_pt - 2 * PAGE_MARGIN_PT, MEASURE_EM * size.body_pt)


# Territories that use US Letter (CLDR supplemental "paperSize" data, which Babel
# does not expose): US and its territories, Canada, Mexico, the Philippines,
# Chile, Colombia, Venezuela, Costa Rica, Guatemala, Panama, El Salvador,
# Nicaragua, Dominican Republic, Belize, Puerto Rico.
LETTER_TERRITORIES: frozenset[str] = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "SV", "NI",
     "DO", "BZ", "PR", "AS", "GU", "MP", "UM", "VI"})


# -- languages -----------------------------------------------------------------------

# Relative render time by script (shaping, bigger fonts, the CJK font pass: Arabic and
# Chinese measured at about 1.7 times Latin), to schedule long jobs first.
SCRIPT_COST = {"Latn": 1.0}
OTHER_SCRIPT_COST = 1.7


@dataclass(frozen=True)
class Language:
    """A language code with what the engine needs to know about it, from CLDR."""

    code: str

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.code.replace("-", "_"))

    @cached_property
    def direction(self) -> str:
        """"ltr" or "rtl"."""
        return self.locale.text_direction

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @cached_property
    def script(self) -> str:
        """ISO 15924 script (en -> Latn, zh -> Hans), from CLDR likely subtags."""
        if self.locale.script:
            return self.locale.script
        likely = get_global("likely_subtags")
        for key in (str(self.locale), self.locale.language):
            parts = likely.get(key, "").split("_")
            if len(parts) >= 2 and len(parts[1]) == 4:
                return parts[1]
        return "Latn"

    @cached_property
    def territory(self) -> str | None:
        if self.locale.territory:
            return self.locale.territory
        likely = get_global("likely_subtags").get(self.locale.language, "")
        return likely.split("_")[-1] if likely else None

    @cached_property
    def default_paper(self) -> str:
        """Letter where the language's territory uses it (es-MX, en), else A4 (es)."""
        return "letter" if self.territory in LETTER_TERRITORIES else "a4"

    @cached_property
    def own_name(self) -> str:
        """The language's name in itself, capitalised ("Español", "العربية")."""
        name = self.locale.get_display_name(self.locale) or self.code
        return name[:1].upper() + name[1:]

    def name_in(self, other: Language) -> str:
        """The language's name in another language ("inglés")."""
        return self.locale.get_display_name(other.locale) or self.code

    @property
    def cost(self) -> float:
        return SCRIPT_COST.get(self.script, OTHER_SCRIPT_COST)

    def __repr__(self) -> str:
        return f"Language({self.code!r})"


@cache
def language(code: str) -> Language:
    """The one Language object for ``code`` (``ValueError`` if CLDR does not know it)."""
    found = Language(code)
    try:
        _ = found.locale
    except (ValueError, UnknownLocaleError) as exc:
        raise ValueError(f"unknown language code {code!r}") from exc
    return found


def paper_for(language_code: str, paper: str) -> str:
    """Resolve 'auto' by the language's territory (es-MX -> letter, es -> a4)."""
    return language(language_code).default_paper if paper == "auto" else paper


# -- PDF standards -------------------------------------------------------------------

PDF2_NAMESPACE = "http://iso.org/pdf2/ssn"
PDF17_NAMESPACE = "http://iso.org/pdf/ssn"
WTPDF_ACCESSIBILITY = "http://pdfa.org/declarations/wtpdf#accessibility1.0"
# Standard structure types of each namespace (ISO 32000-2:2020, 14.8.4; ISO 32000-1,
# 14.8.4), headings H1-H6 included; a type in neither would need a role map.
_HEADINGS = frozenset(f"H{level}" for level in range(1, 7))
PDF2_TYPES: frozenset[str] = _HEADINGS | frozenset(
    "Document DocumentFragment Part Sect Div Aside NonStruct P H Title FENote Sub Lbl "
    "Span Em Strong Link Annot Form Ruby RB RT RP Warichu WT WP L LI LBody Table TR TH "
    "TD THead TBody TFoot Caption Figure Formula Artifact".split())
PDF17_TYPES: frozenset[str] = _HEADINGS | frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H "
    "L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry "
    "Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form".split())


@dataclass(frozen=True)
class PdfStandard:
    """An accessibility standard a handout claims, and what claiming it takes.

    Everything that differs between the standards is a field here, so the renderer,
    the structure fixes, ``verify`` and the veraPDF driver read one row instead of
    testing the standard's name.
    """

    name: str                      # on the command line and in the manifest
    label: str                     # for people: "PDF/UA-2"
    part: int                      # XMP pdfuaid:part
    revision: str | None           # XMP pdfuaid:rev (PDF/UA-2 names its 2024 revision)
    pdf_version: str               # the file's PDF version
    variant: str                   # WeasyPrint's pdf_variant
    suffix: str                    # appended to output file names (before .pdf)
    # <figure> groups its Figure and Caption in this element. PDF/UA-2 readers (and
    # veraPDF) see through Div, so a Caption in a Div would sit between the section's
    # other children, where it captions nothing; a Sect holds it as its last child.
    figure_group: str
    # veraPDF's profiles (its PDFAFlavour names) that a handout of this standard passes
    verapdf_profiles: tuple[str, ...]
    # PDF Declarations (XMP pdfd:declarations) the handout makes
    declarations: tuple[str, ...] = ()

    @property
    def pdf2(self) -> bool:
        """PDF 2.0: namespaces, structure destinations."""
        return self.pdf_version >= "2.0"


PDF_STANDARDS: dict[str, PdfStandard] = {
    "ua-1": PdfStandard("ua-1", "PDF/UA-1", 1, None, "1.7", "pdf/ua-1", "", "/Div",
                        ("PDFUA_1",)),
    "ua-2": PdfStandard("ua-2", "PDF/UA-2", 2, "2024", "2.0", "pdf/ua-2", "-ua2", "/Sect",
                        ("PDFUA_2", "WTPDF_1_0_ACCESSIBILITY"), (WTPDF_ACCESSIBILITY,)),
}
# PDF/UA-1 is what accessibility law and procurement cite today (Section 508 and EN 301
# 549 through WCAG, Matterhorn-based checkers such as PAC), and what every reader
# handles; PDF/UA-2 (PDF 2.0) is there on request until its readers catch up.
DEFAULT_STANDARD = "ua-1"


# -- editions -----------------------------------------------------------------------


@dataclass(frozen=True)
class Edition:
    """A kind of handout made from the same content.

    Every job makes a PDF and, beside it, its web edition (an accessible HTML file
    made from the same rendering, so the two cannot drift apart); a bilingual job
    prints every block in the reader's language and then in a second language.
    """

    name: str
    description: str            # what it is, in words (index page)


EDITIONS: dict[str, Edition] = {
    "plain": Edition("plain", "One language"),
    "bilingual": Edition("bilingual", "Two languages, block by block"),
    "web": Edition("web", "Web page: reads on any screen size, at any zoom"),
}
# A bilingual edition's output name gains this and the second language ("-bi-en").
BILINGUAL_MARK = "bi"
WEB_SUFFIX = ".html"


# -- one job -------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Job:
    """One handout to make: (guide, language, audience, print size, paper[, clinic]
    [, second language] [, PDF standard]); its PDF and its web edition."""

    guide: str
    language: str
    audience: str
    size: str
    paper: str          # "a4" or "letter", already resolved from "auto"
    clinic: str | None = None
    pdf_standard: str = DEFAULT_STANDARD      # a key of PDF_STANDARDS
    # The bilingual edition's second language (each block follows in it); None: plain.
    second: str | None = None

    @property
    def lang(self) -> Language:
        return language(self.language)

    @property
    def reader(self) -> Audience:
        return AUDIENCES[self.audience]

    @property
    def print_size(self) -> PrintSize:
        return PRINT_SIZES[self.size]

    @property
    def sheet(self) -> Paper:
        return PAPERS[self.paper]

    @property
    def conformance(self) -> PdfStandard:
        """The PDF standard the handout claims."""
        return PDF_STANDARDS[self.pdf_standard]

    @property
    def edition(self) -> Edition:
        """The PDF's edition: bilingual with a second language, else plain."""
        return EDITIONS["bilingual" if self.second else "plain"]

    @property
    def second_lang(self) -> Language | None:
        return language(self.second) if self.second else None

    @property
    def stem(self) -> str:
        """The output name without its suffix: the PDF's and the web edition's (one web
        edition serves a handout's PDF/UA-1 and PDF/UA-2 PDFs alike)."""
        second = f"-{BILINGUAL_MARK}-{self.second}" if self.second else ""
        clinic = f"-{self.clinic}" if self.clinic else ""
        return (f"{self.guide}-{self.language}-{self.audience}-{self.size}-"
                f"{self.paper}{second}{clinic}")

    @property
    def filename(self) -> str:
        """``<stem>[-ua2].pdf``: a PDF/UA-2 handout sits beside its PDF/UA-1 twin, its
        name saying which it is, so neither replaces the other and a file passed around
        alone still tells its standard."""
        return f"{self.stem}{self.conformance.suffix}.pdf"

    def output_path(self, out: Path) -> Path:
        return out / self.guide / self.language / self.filename

    def web_path(self, out: Path) -> Path:
        """The web edition: an HTML file beside the PDF, with the same name."""
        return out / self.guide / self.language / f"{self.stem}{WEB_SUFFIX}"

    def label(self) -> str:
        return f"{self.guide}/{self.language}/{self.audience}/{self.size}/{self.paper}" + (
            f"/{BILINGUAL_MARK}-{self.second}" if self.second else "") + (
            f"/{self.clinic}" if self.clinic else "") + (
            f"/{self.pdf_standard}" if self.pdf_standard != DEFAULT_STANDARD else "")

    @property
    def expected_cost(self) -> float:
        """Rough relative render time, for scheduling the longest jobs first."""
        cost = self.reader.cost * self.print_size.body_pt * self.lang.cost
        second = self.second_lang
        return cost + (self.reader.cost * self.print_size.body_pt * second.cost
                       if second else 0.0)
