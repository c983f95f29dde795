"""Where a project's folders are. Every stage receives paths from here, never guesses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def guides(self) -> Path:
        return self.root / "guide"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def styles(self) -> Path:
        return self.root / "styles"

    @property
    def default_output(self) -> Path:
        return self.root / "output"

    def guide_folder(self, guide_id: str) -> Path:
        return self.guides / guide_id


def find_project(start: Path | None = None) -> Project:
    """The project containing ``start`` (default: the current folder), else this checkout."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "guide").is_dir() and (folder / "styles").is_dir():
            return Project(folder)
    return Project(Path(__file__).resolve().parent.parent)
