"""One handout to make: (guide, language, audience, print size, paper)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.core import get_global

from .registry import LETTER_TERRITORIES


@dataclass(frozen=True, order=True)
class Job:
    guide: str
    language: str
    audience: str
    size: str
    paper: str          # "a4" or "letter", already resolved from "auto"
    clinic: str | None = None

    @property
    def filename(self) -> str:
        clinic = f"-{self.clinic}" if self.clinic else ""
        return (f"{self.guide}-{self.language}-{self.audience}-{self.size}-"
                f"{self.paper}{clinic}.pdf")

    def output_path(self, out: Path) -> Path:
        return out / self.guide / self.language / self.filename

    def label(self) -> str:
        return f"{self.guide}/{self.language}/{self.audience}/{self.size}/{self.paper}" + (
            f"/{self.clinic}" if self.clinic else "")


def paper_for(language: str, paper: str) -> str:
    """Resolve 'auto' by the language's territory (es-MX -> letter, es -> a4, en -> letter)."""
    if paper != "auto":
        return paper
    locale = Locale.parse(language.replace("-", "_"))
    territory = locale.territory
    if territory is None:
        likely = get_global("likely_subtags").get(locale.language, "")
        territory = likely.split("_")[-1] if likely else None
    return "letter" if territory in LETTER_TERRITORIES else "a4"
