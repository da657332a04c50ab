"""Lay out HTML with WeasyPrint and write the PDF; the only module that imports WeasyPrint.

Sealed by design: a URL fetcher that reads only files inside the project, the
package's own assets and the bundled font packages (never the network); fonts
from PyPI packages wired in with @font-face so no system font is used; and
output written to a temporary file that replaces the target only on success.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetchingError

from briefing.errors import BriefingError
from briefing.files import replacing
from briefing.fonts import font_dirs, font_face_css
from briefing.project import Project, is_within
from briefing.styles import Stylesheet

PACKAGE_DIR = Path(__file__).resolve().parent

#: Small data: URLs are harmless; large ones are a way to smuggle in anything.
MAX_DATA_URL = 10_000


class FetchRefused(ValueError):
    """A resource the renderer is not allowed to read."""


class ProjectURLFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """Serves ``file:`` URLs under the allowed folders and refuses everything else.

    Why: briefing content is edited by many hands; the renderer must not become a
    way to read /etc/passwd into a PDF or to call out to the network.
    """

    def __init__(self, allowed: list[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.allowed = [folder.resolve() for folder in allowed]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data" and len(url) <= MAX_DATA_URL:
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(urlsplit(url).path))
            if any(is_within(path, folder) for folder in self.allowed):
                return super().fetch(url, headers)
            reason = "it lies outside the project"
        elif scheme == "data":
            reason = f"data: URLs over {MAX_DATA_URL:,} characters are not allowed"
        else:
            reason = "briefings are built offline and never fetch from the network"
        shown = url if scheme != "data" else url[:40] + "..."
        self.refused.append(f"refused to load {shown}: {reason}")
        raise FetchRefused(self.refused[-1])


@dataclass
class Layout:
    """A laid-out document and the warnings WeasyPrint logged on the way."""

    document: Any
    """WeasyPrint's laid-out ``Document``."""
    warnings: list[str] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return len(self.document.pages)

    def anchor_pages(self) -> dict[str, int]:
        """The 1-based page on which each anchor id landed."""
        return {anchor: number for number, page in enumerate(self.document.pages, start=1) for anchor in page.anchors}


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _captured_weasyprint_logs() -> Iterator[list[str]]:
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def layout(html: str, project: Project, stylesheets: list[Stylesheet]) -> Layout:
    """Lay out ``html`` with the stylesheets (already read, inside the project) and the bundled fonts.

    Raises ``BriefingError`` naming every resource the fetcher refused.
    """
    fetcher = ProjectURLFetcher([project.root, PACKAGE_DIR, *font_dirs()])
    fonts = FontConfiguration()
    with _captured_weasyprint_logs() as messages:
        css = [CSS(string=font_face_css(), font_config=fonts, url_fetcher=fetcher)]
        for sheet in stylesheets:
            # The text was read through Project.read; what it imports goes through the fetcher.
            try:
                css.append(CSS(string=sheet.text, base_url=sheet.path.as_uri(), font_config=fonts, url_fetcher=fetcher))
            except URLFetchingError as err:  # WeasyPrint's wrapper around our FetchRefused, or a read error
                if not fetcher.refused:  # a refusal is reported below with the others; anything else here
                    raise BriefingError(f"stylesheet '{project.display(sheet.path)}' cannot be read: {err}") from None
        document = HTML(string=html, base_url=project.root.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=css, font_config=fonts
        )
    if fetcher.refused:
        raise BriefingError("\n".join(["the build was stopped:", *dict.fromkeys(fetcher.refused)]))
    return Layout(document, messages)


def save(result: Layout, target: Path, *, strict: bool = False) -> list[str]:
    """Write the laid-out document to ``target`` as PDF; return what WeasyPrint warned.

    Font subsetting happens here, so so does the warning about a missing
    HarfBuzz-Subset. With ``strict``, a warning raised while writing stops the
    build before the new file replaces the old one.
    """
    with replacing(target) as temporary, _captured_weasyprint_logs() as messages:
        result.document.write_pdf(temporary)
        if strict and messages:
            raise BriefingError("WeasyPrint warned (--strict): " + "; ".join(dict.fromkeys(messages)))
    return messages
