"""Tables of the things the engine knows by name: audiences, print sizes, papers.

New rows here, not new branches in code.
"""

from __future__ import annotations

from dataclasses import dataclass

AUDIENCES: tuple[str, ...] = ("teen", "parent", "clinician")

# Audiences that get a lay glossary appended.
GLOSSARY_AUDIENCES: frozenset[str] = frozenset({"teen", "parent"})


@dataclass(frozen=True)
class PrintSize:
    name: str
    body_pt: float


PRINT_SIZES: dict[str, PrintSize] = {
    "standard": PrintSize("standard", 12),
    "large": PrintSize("large", 18),
    "xlarge": PrintSize("xlarge", 24),
}
DEFAULT_SIZE = "large"


@dataclass(frozen=True)
class Paper:
    name: str
    css_size: str
    width_pt: float
    height_pt: float


# Page margins (Access Board, UMT: at least 1 in) and the measure that keeps lines
# near 70 characters; styles/handout.css.j2 receives both.
PAGE_MARGIN_PT = 72.0
MEASURE_EM = 34


# The bottom margin is a little deeper: it holds the page number.
BOTTOM_MARGIN_PT = PAGE_MARGIN_PT * 1.1


def text_height_pt(paper: Paper) -> float:
    """Height of the text area: the page less the top and bottom margins."""
    return paper.height_pt - PAGE_MARGIN_PT - BOTTOM_MARGIN_PT


def text_width_pt(paper: Paper, size: PrintSize) -> float:
    """Width of the text column: the page less margins, capped at the measure."""
    return min(paper.width_pt - 2 * PAGE_MARGIN_PT, MEASURE_EM * size.body_pt)


PAPERS: dict[str, Paper] = {
    "a4": Paper("a4", "A4", 595.28, 841.89),
    "letter": Paper("letter", "letter", 612, 792),
}

# Territories that use US Letter (CLDR supplemental "paperSize" data, which Babel
# does not expose): US and its territories, Canada, Mexico, the Philippines,
# Chile, Colombia, Venezuela, Costa Rica, Guatemala, Panama, El Salvador,
# Nicaragua, Dominican Republic, Belize, Puerto Rico.
LETTER_TERRITORIES: frozenset[str] = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "SV", "NI",
     "DO", "BZ", "PR", "AS", "GU", "MP", "UM", "VI"}
)
