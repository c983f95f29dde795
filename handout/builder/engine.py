"""One job, start to finish: guide + catalogs + styles -> PDF bytes.

This is the function the build runs for every handout; it reads files but writes
none (publishing is the build's job), so it can run in any process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment

from ..content.clinic import ClinicProfile
from ..content.load import load_guide
from ..content.model import Guide
from ..content.select import select
from ..errors import RenderError
from ..matrix import PAPERS, PRINT_SIZES, Job, PdfStandard, language
from ..pdf.expected import expected_structure
from ..pdf.structure import fix_structure
from ..pdf.writer import PdfWriter
from ..project import Project
from ..rendering.fonts import FontStack, coverage, load_font_stacks, missing_glyphs
from ..rendering.html import (
    RenderedHandout,
    RenderOptions,
    SecondLanguage,
    make_environment,
    render_handout,
)
from ..rendering.web import render_web
from ..translation.catalogs import TEMPLATE_DOMAIN, Catalog, catalog_path, read_catalog
from ..translation.localize import Localizer
from ..verify.document import VerifyReport, read_pages, verify_pdf
from ..verify.page_checks import figures_after_short_pages
from .options import DEFAULT_OPTIONS, BuildOptions


@dataclass
class Workshop:
    """What one process keeps between handouts: templates, fonts, WeasyPrint set-up."""

    project: Project
    env: Environment
    stacks: dict[str, FontStack]
    writer: PdfWriter | None = None
    catalogs: dict[Path, tuple[float, Catalog]] = field(default_factory=dict)
    guides: dict[str, Guide] = field(default_factory=dict)

    @classmethod
    def open(cls, project: Project) -> Workshop:
        return cls(project=project, env=make_environment(project.styles),
                   stacks=load_font_stacks(project.styles))

    def pdf_writer(self) -> PdfWriter:
        if self.writer is None:
            roots = [self.project.styles, self.project.guides,
                     *{face.path.parent for stack in self.stacks.values()
                       for face in stack.faces}]
            self.writer = PdfWriter(roots)
        return self.writer

    def guide(self, guide_id: str) -> Guide:
        """The guide, loaded once per workshop (a workshop lives for one build)."""
        if guide_id not in self.guides:
            self.guides[guide_id] = load_guide(self.project.guide_folder(guide_id))
        return self.guides[guide_id]

    def close(self) -> None:
        """Remove what WeasyPrint keeps on disk for this process (its font folder)."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    def catalog(self, path: Path) -> Catalog | None:
        if not path.is_file():
            return None
        mtime = path.stat().st_mtime
        cached = self.catalogs.get(path)
        if cached is None or cached[0] != mtime:
            cached = (mtime, read_catalog(path))
            self.catalogs[path] = cached
        return cached[1]

    def localizer(self, guide: Guide, language: str, allow_fallback: bool) -> Localizer:
        locales = self.project.locales
        return Localizer(
            language=language, source_language=guide.source_language,
            content=self.catalog(catalog_path(locales, language, guide.id)),
            ui=self.catalog(catalog_path(locales, language, TEMPLATE_DOMAIN)),
            allow_fallback=allow_fallback)

    def stack_for(self, code: str) -> FontStack:
        script = language(code).script
        if script not in self.stacks:
            raise RenderError(f"no fonts for the {script} script of language "
                              f"'{code}'", self.project.styles / "fonts.yaml",
                              advice=f"Add a '{script}:' font stack")
        return self.stacks[script]


def render_job(workshop: Workshop, guide: Guide, job: Job,
               options: BuildOptions = DEFAULT_OPTIONS,
               deferred: frozenset[int] = frozenset()) -> RenderedHandout:
    """HTML and CSS for one job, with every glyph proved drawable."""
    selection = select(guide, job.audience)
    localizer = workshop.localizer(guide, job.language, options.allow_fallback)
    stack = workshop.stack_for(job.language)
    second = SecondLanguage(workshop.localizer(guide, job.second, options.allow_fallback),
                            workshop.stack_for(job.second)) if job.second else None
    rendered = render_handout(
        guide, selection, localizer,
        RenderOptions(language=job.language, audience=job.audience, size=job.size,
                      paper=PAPERS[job.paper], proof=options.proof, clinic=options.clinic,
                      deferred=deferred, web_address=web_address(job, options.clinic)),
        stack, workshop.env, second=second)
    check_glyphs(rendered, stack)
    if second is not None:
        check_glyphs(rendered, second.stack, rendered.second_texts)
    return rendered


def web_address(job: Job, clinic: ClinicProfile | None) -> str | None:
    """Where the clinic publishes this handout's web edition (the output folder's
    layout under the clinic's address), when its profile says where it publishes."""
    if clinic is None or not clinic.web_editions:
        return None
    relative = job.web_path(Path()).as_posix()
    return clinic.web_editions.rstrip("/") + "/" + relative


@dataclass(frozen=True)
class BuiltHandout:
    """A handout's PDF and, as plain data for ``verify``, the structure its HTML implies;
    and its web edition, made from the same rendering."""

    pdf: bytes
    expected_structure: dict[str, int]
    web: bytes = b""


def build_pdf(workshop: Workshop, guide: Guide, job: Job,
              options: BuildOptions = DEFAULT_OPTIONS,
              deferred: frozenset[int] = frozenset(), web: bool = True) -> BuiltHandout:
    """The PDF for one job, its figures placed as ``deferred`` says (see
    :func:`make_handout`), and its web edition (``web``; benchmarks of the PDF path
    alone leave it out), made from the same rendering."""
    rendered = render_job(workshop, guide, job, options, deferred)
    pdf = _write(workshop, rendered, job.conformance)
    stacks = [workshop.stack_for(code) for code in (job.language, job.second) if code]
    page = render_web(rendered, workshop.env, stacks).encode("utf-8") if web else b""
    return BuiltHandout(pdf, expected_structure(rendered.html), page)


def make_handout(workshop: Workshop, guide: Guide, job: Job,
                 options: BuildOptions = DEFAULT_OPTIONS) -> tuple[BuiltHandout, VerifyReport]:
    """The PDF for one job and its verification, read back once.

    A figure that did not fit where it stands leaves the page before it less than
    half full; the pages verify reads show such figures, which are then set once more
    after the block that follows them (and verified again).
    """
    built = build_pdf(workshop, guide, job, options)
    pages = read_pages(built.pdf)
    report = _verify(built, job, pages)
    if report.errors and _has_figures(guide, job.audience):
        late = figures_after_short_pages(pages)
        if late:
            built = build_pdf(workshop, guide, job, options, late)
            report = _verify(built, job, read_pages(built.pdf))
    return built, report


def _has_figures(guide: Guide, audience: str) -> bool:
    return any(block.kind == "figure" for section in select(guide, audience).sections
               for block in section.blocks)


def _verify(built: BuiltHandout, job: Job, pages) -> VerifyReport:
    return verify_pdf(built.pdf, job.language, PRINT_SIZES[job.size].body_pt,
                      expected_structure=built.expected_structure, pages=pages,
                      standard=job.pdf_standard)


def _write(workshop: Workshop, rendered: RenderedHandout, standard: PdfStandard) -> bytes:
    tagged = workshop.pdf_writer().write(rendered, workshop.project.styles, standard)
    return fix_structure(tagged, standard)


def check_glyphs(rendered: RenderedHandout, stack: FontStack,
                 texts: list[tuple[str, str]] | None = None) -> None:
    """Refuse to render text the chosen fonts cannot draw (no accidental fallback face).

    ``texts``: those to check, if not the handout's own language's (the bilingual
    edition's second language is checked against its own fonts)."""
    covered = _coverage(stack)
    for origin, text in rendered.texts if texts is None else texts:
        missing = missing_glyphs(text, covered)
        if missing:
            char = missing[0]
            raise RenderError(
                f"no font in the {stack.script} stack ({', '.join(stack.families)}) has "
                f"the character {char!r} U+{ord(char):04X}",
                getattr(origin, "file", None), getattr(origin, "line", None),
                advice="Replace the character, or add a font that has it to "
                "styles/fonts.yaml", msgid=str(origin))


@lru_cache(maxsize=8)
def _coverage(stack: FontStack) -> frozenset[int]:
    return coverage(stack)
