"""Stage 6: HTML + CSS -> PDF/UA-1 or PDF/UA-2 bytes with WeasyPrint, through a
restricted fetcher.

One :class:`PdfWriter` per process keeps WeasyPrint's font configuration and parsed
stylesheets across handouts (measured: fresh ones cost +11% time and much memory).
WeasyPrint is imported only here, so skipped jobs never pay for it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import RenderError
from ..matrix import DEFAULT_STANDARD, PDF_STANDARDS, PdfStandard
from ..rendering.html import ASSET_SCHEME, RenderedHandout
from . import weasyprint_seam
from .weasyprint_seam import TaggedPdf


class _LogCollector(logging.Handler):
    """Collects WeasyPrint's warnings and errors for one document."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def make_fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class RestrictedFetcher(URLFetcher):
        """Serves generated assets and files under the allowed folders; refuses the rest.

        No network, no data: URLs, no file outside the project's asset folders.
        A refusal stops the rendering (it would otherwise be only a warning).
        """

        def __init__(self, roots: Iterable[Path], assets: dict[str, bytes]) -> None:
            super().__init__(allowed_protocols=("file",))
            self.roots = tuple(Path(root).resolve() for root in roots)
            self.assets = assets
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if url.startswith(ASSET_SCHEME):
                name = url[len(ASSET_SCHEME):]
                if name in self.assets:
                    mime = "image/svg+xml" if name.endswith(".svg") else "image/png"
                    return URLFetcherResponse(url, self.assets[name],
                                              {"Content-Type": mime})
            parsed = urlparse(url)
            if parsed.scheme == "file" and parsed.netloc in ("", "localhost"):
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                    return URLFetcherResponse(url, path.read_bytes())
            self.refused.append(url)
            raise FatalURLFetchingError(f"refused to fetch {url[:200]}")

    return RestrictedFetcher


class PdfWriter:
    """Reusable WeasyPrint set-up for one process."""

    def __init__(self, allowed_roots: Iterable[Path]) -> None:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        weasyprint_seam.check_version(weasyprint.__version__)
        self._weasyprint = weasyprint
        self.font_config = FontConfiguration()
        self.allowed_roots = tuple(allowed_roots)
        self._fetcher_class = make_fetcher_class()
        self._css_cache: dict[str, object] = {}
        self.logger = logging.getLogger("weasyprint")

    def close(self) -> None:
        """Remove what WeasyPrint keeps on disk for this writer (its font folder)."""
        weasyprint_seam.remove_font_folder(self.font_config)
        self._css_cache.clear()

    def _stylesheet(self, css: str, fetcher, base_url: Path) -> object:
        sheet = self._css_cache.get(css)
        if sheet is None:
            # A base URL, so relative url()s resolve (inside styles/, or refused).
            sheet = self._weasyprint.CSS(string=css, url_fetcher=fetcher,
                                         base_url=base_url.as_uri() + "/",
                                         font_config=self.font_config)
            self._css_cache[css] = sheet
        return sheet

    def write(self, handout: RenderedHandout, base_url: Path,
              standard: PdfStandard = PDF_STANDARDS[DEFAULT_STANDARD]) -> TaggedPdf:
        """Render to PDF bytes claiming ``standard``; any WeasyPrint warning or error
        fails the handout."""
        from weasyprint.urls import FatalURLFetchingError

        fetcher = self._fetcher_class(self.allowed_roots, handout.assets)
        collector = _LogCollector()
        self.logger.addHandler(collector)
        try:
            stylesheet = self._stylesheet(handout.css, fetcher, base_url)
            document = self._weasyprint.HTML(string=handout.html, base_url=str(base_url),
                                              url_fetcher=fetcher)
            pdf = weasyprint_seam.write_pdf(
                document, standard, stylesheets=[stylesheet], font_config=self.font_config,
                uncompressed_pdf=False)
        except FatalURLFetchingError as exc:
            raise RenderError(str(exc), advice="Only files in styles/, the guide's "
                              "folder and the font packages may be used") from None
        finally:
            self.logger.removeHandler(collector)
        problems = [r.getMessage() for r in collector.records
                    if r.levelno >= logging.ERROR or "Failed to load" in r.getMessage()]
        if fetcher.refused:
            problems += [f"refused to fetch {url[:200]}" for url in fetcher.refused]
        if problems:
            raise RenderError("WeasyPrint reported: " + "; ".join(problems[:5]),
                              advice="The PDF would claim PDF/UA without deserving it")
        return pdf
