"""Lay out HTML with WeasyPrint and write the PDF; the only module that imports WeasyPrint.

Sealed by design: a URL fetcher that reads only files inside the project, the
package's own assets and the bundled font packages (never the network); fonts
from PyPI packages wired in with @font-face so no system font is used; and
output written to a temporary file that replaces the target only on success.
"""

from __future__ import annotations

import datetime
import gc
import io
import logging
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

from briefing.errors import BriefingError
from briefing.files import replacing
from briefing.fonts import font_dirs, font_face_css, fontconfig_file
from briefing.project import Project, is_within
from briefing.styles import Stylesheet

PACKAGE_DIR = Path(__file__).resolve().parent

#: Small data: URLs are harmless; large ones are a way to smuggle in anything.
MAX_DATA_URL = 10_000
#: An image or stylesheet a briefing uses is a few megabytes at most.
MAX_RESOURCE_BYTES = 20_000_000


class FetchRefused(ValueError):
    """A resource the renderer is not allowed to read."""


class ProjectURLFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """Serves ``file:`` URLs under the allowed folders and refuses everything else.

    Why: briefing content is edited by many hands; the renderer must not become a
    way to read /etc/passwd into a PDF or to call out to the network.
    """

    def __init__(self, allowed: list[Path], trusted: frozenset[Path] = frozenset()) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.allowed = [folder.resolve() for folder in allowed]
        self.trusted = frozenset(path.resolve() for path in trusted)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        scheme = urlsplit(url).scheme.lower()
        shown = url if scheme != "data" else url[:40] + "..."
        path = Path(url2pathname(urlsplit(url).path)) if scheme == "file" else None
        if scheme == "data" and len(url) > MAX_DATA_URL:
            return self._refuse(shown, f"data: URLs over {MAX_DATA_URL:,} characters are not allowed")
        if path is not None and not any(is_within(path, folder) for folder in self.allowed):
            return self._refuse(shown, "it lies outside the project")
        if scheme not in ("data", "file"):
            return self._refuse(shown, "briefings are built offline and never fetch from the network")
        response = super().fetch(url, headers)
        body = response.read(MAX_RESOURCE_BYTES + 1)
        if len(body) > MAX_RESOURCE_BYTES:
            return self._refuse(shown, f"it is over {MAX_RESOURCE_BYTES:,} bytes")
        if _is_svg(body) and (path is None or path.resolve() not in self.trusted):
            reason = _unsafe_svg(body)
            if reason:
                return self._refuse(shown, reason)
        return URLFetcherResponse(response.url, body, response.headers, response.status)

    def _refuse(self, shown: str, reason: str) -> Any:
        self.refused.append(f"refused to load {shown}: {reason}")
        raise FetchRefused(self.refused[-1])


def _is_svg(body: bytes) -> bool:
    head = body[:1000].lstrip().lower()
    return head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in head


#: What an SVG from outside the package may not hold: references to other resources,
#: <use> (which can nest into billions of copies), entities, scripts and foreign content.
_UNSAFE_SVG = re.compile(
    rb"<\s*(?:use|image|foreignObject|script|iframe|feImage)\b|<!ENTITY|href\s*=|url\(|@import", re.IGNORECASE
)


def _unsafe_svg(body: bytes) -> str | None:
    match = _UNSAFE_SVG.search(body)
    if match is None:
        return None
    return f"an SVG may not reference other resources or reuse elements ('{match.group(0).decode('utf-8', 'replace')}')"


@dataclass
class Layout:
    """A laid-out document and the warnings WeasyPrint logged on the way."""

    document: Any
    """WeasyPrint's laid-out ``Document``."""
    fetcher: ProjectURLFetcher
    """The fetcher it was laid out with; images may still be fetched while writing."""
    warnings: list[str] = field(default_factory=list)
    page_count: int = field(init=False)

    def __post_init__(self) -> None:
        self.page_count = len(self.document.pages)

    def release(self) -> None:
        """Let the pages' boxes go once they are drawn: finishing the PDF needs only its bytes."""
        self.document.pages.clear()
        # Boxes point at their parents: only the cycle collector frees them. It costs
        # 0.08 s for the bundled briefing and lowers its peak memory by a tenth.
        gc.collect()

    def content_height_mm(self) -> float:
        """The height of a page's content area (inside the margins), in millimetres."""
        return float(self.document.pages[0]._page_box.height) * MM_PER_PX

    def used_mm(self, first: int, last: int) -> float:
        """How much content pages ``first`` to ``last`` (1-based, inclusive) hold, in millimetres."""
        return sum(self._used_height(page) for page in self.document.pages[first - 1 : last]) * MM_PER_PX

    @staticmethod
    def _used_height(page: Any) -> float:
        """How far down its content area the page's content reaches, in CSS pixels."""
        from weasyprint.formatting_structure.boxes import LineBox, ReplacedBox

        box = page._page_box
        top = box.content_box_y()
        # Lines and images, not blocks: a block split across pages reaches the foot of every page it is on.
        bottoms = [
            inner.position_y + inner.margin_height()
            for child in box.children
            if not _is_margin_box(child)
            for inner in child.descendants()
            if isinstance(inner, LineBox | ReplacedBox)
        ]
        return float(max(bottoms, default=top) - top)

    def anchor_pages(self) -> dict[str, int]:
        """The 1-based page on which each anchor id landed (the first, for an element split across pages)."""
        pages: dict[str, int] = {}
        for number, page in enumerate(self.document.pages, start=1):
            for anchor in page.anchors:
                pages.setdefault(anchor, number)
        return pages


#: CSS pixels (1/96 in) to millimetres: WeasyPrint lays out in CSS pixels.
MM_PER_PX = 25.4 / 96


def _is_margin_box(box: Any) -> bool:
    return type(box).__name__ == "MarginBox"


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


def _bundled_fonts_only(project: Project) -> FontConfiguration:
    """A WeasyPrint font configuration whose fontconfig sees only the bundled fonts.

    fontconfig reads FONTCONFIG_FILE when a configuration is created, so it is
    set just for that moment and the process environment is left as it was.
    """
    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(fontconfig_file(project.cache))
    try:
        return FontConfiguration()
    finally:
        if previous is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = previous


@dataclass(frozen=True)
class _Prepared:
    """A font configuration and the stylesheets parsed against it: what every layout of a project shares."""

    fonts: FontConfiguration
    css: list[CSS]


#: The last few projects' prepared stylesheets, by font setup and stylesheet text: a second
#: layout, and every rebuild in `briefing watch`, skip parsing CSS and loading fonts again.
_PREPARED: dict[tuple[str, tuple[tuple[Path, str], ...]], _Prepared] = {}
_PREPARED_KEPT = 4


def _prepare(project: Project, stylesheets: list[Stylesheet], fetcher: ProjectURLFetcher) -> _Prepared:
    """Parse ``stylesheets`` with a font configuration that sees only the bundled fonts (cached)."""
    key = (str(fontconfig_file(project.cache)), tuple((sheet.path, sheet.text) for sheet in stylesheets))
    if key in _PREPARED:
        return _PREPARED[key]
    fonts = _bundled_fonts_only(project)
    css = [CSS(string=font_face_css(), font_config=fonts, url_fetcher=fetcher)]
    for sheet in stylesheets:
        # The text was read through Project.read; what it imports goes through the fetcher.
        try:
            css.append(CSS(string=sheet.text, base_url=sheet.path.as_uri(), font_config=fonts, url_fetcher=fetcher))
        except URLFetchingError as err:  # WeasyPrint's wrapper around our FetchRefused, or a read error
            if not fetcher.refused:  # a refusal is reported below with the others; anything else here
                raise BriefingError(f"stylesheet '{project.display(sheet.path)}' cannot be read: {err}") from None
    prepared = _Prepared(fonts, css)
    if not fetcher.refused:  # a refusal fails this build; the next must meet it again
        while len(_PREPARED) >= _PREPARED_KEPT:
            del _PREPARED[next(iter(_PREPARED))]
        _PREPARED[key] = prepared
    return prepared


def layout(
    html: str, project: Project, stylesheets: list[Stylesheet], *, trusted: frozenset[Path] = frozenset()
) -> Layout:
    """Lay out ``html`` with the stylesheets (already read, inside the project) and the bundled fonts.

    Raises ``BriefingError`` naming every resource the fetcher refused.
    """
    fetcher = ProjectURLFetcher([project.root, PACKAGE_DIR, *font_dirs()], trusted)
    with _captured_weasyprint_logs() as messages:
        prepared = _prepare(project, stylesheets, fetcher)
        try:
            document = HTML(string=html, base_url=project.root.as_uri() + "/", url_fetcher=fetcher).render(
                stylesheets=prepared.css, font_config=prepared.fonts
            )
        except (TypeError, ValueError, AssertionError, AttributeError, KeyError, IndexError) as err:
            # WeasyPrint's own limits (e.g. "min-content width for TextBox not handled yet"), reached through
            # a stylesheet rule: say so plainly instead of a traceback.
            raise BriefingError(
                f"the layout engine (WeasyPrint) could not lay out this briefing: {err}. This usually comes "
                "from a stylesheet rule it does not support; undo the last change to styles/ or templates/"
            ) from None
    if fetcher.refused:
        raise BriefingError("\n".join(["the build was stopped:", *dict.fromkeys(fetcher.refused)]))
    return Layout(document, fetcher, messages)


#: What ``--pdf-variant`` may ask for. Both are tagged; PDF/A-3a also carries the archived sources.
VARIANTS = ("pdf/ua-1", "pdf/a-3a")


@dataclass(frozen=True)
class Attached:
    """A file carried inside the PDF (PDF/A-3 associated file): an archived source."""

    name: str
    description: str
    data: bytes


@dataclass(frozen=True)
class WriteOptions:
    """How the written PDF is finished: its variant, its identity, its links' names and attachments."""

    edition: str
    """Title, date and version: the permanent document ID is derived from it."""
    dated: datetime.datetime
    """The edition's date, used as the attachments' dates so the bytes repeat."""
    variant: str = VARIANTS[0]
    link_names: Mapping[str, str] = field(default_factory=dict)
    attachments: tuple[Attached, ...] = ()
    watermark: str | None = None
    """A word (DRAFT) drawn across every page."""


def save(result: Layout, target: Path, options: WriteOptions, *, strict: bool = False) -> list[str]:
    """Write the laid-out document to ``target`` as a finished, tagged PDF; return what WeasyPrint warned.

    Font subsetting happens here, so so does the warning about a missing
    HarfBuzz-Subset. With ``strict``, a warning raised while writing stops the
    build before the new file replaces the old one.
    """
    from briefing.finish import finish as finished

    if options.variant not in VARIANTS:
        raise BriefingError(f"unknown PDF variant '{options.variant}'; use one of: {', '.join(VARIANTS)}")
    attachments = [
        Attachment(
            file_obj=io.BytesIO(attached.data),
            name=attached.name,
            description=attached.description,
            created=options.dated,
            modified=options.dated,
            relationship="Source",
        )
        for attached in options.attachments
    ]
    with _captured_weasyprint_logs() as messages:
        written = result.document.write_pdf(
            pdf_variant=options.variant, pdf_identifier=True, attachments=attachments or None
        )
    result.release()  # before the finishing pass, which would otherwise peak with them alive
    if result.fetcher.refused:  # an image refused only now, while drawing: the file is not kept
        raise BriefingError("\n".join(["the build was stopped:", *dict.fromkeys(result.fetcher.refused)]))
    if strict and messages:
        raise BriefingError("WeasyPrint warned (--strict): " + "; ".join(dict.fromkeys(messages)))
    claims_pdfua = options.variant.startswith("pdf/a")  # tagged for PDF/UA too; WeasyPrint claims one standard
    data = finished(written, edition=options.edition, link_names=options.link_names, claims_pdfua=claims_pdfua)
    if options.watermark:
        from briefing.stamp import watermark

        try:
            data = watermark(data, options.watermark)
        except ValueError as err:
            raise BriefingError(f"the draft watermark '{options.watermark}' cannot be printed: {err}") from None
    with replacing(target) as temporary:
        _write(data, Path(temporary))
    return messages


def _write(data: bytes, temporary: Path) -> None:
    """Write the finished bytes to the temporary file that replaces the target on success."""
    with temporary.open("wb") as handle:
        handle.write(data)
