"""The HTML edition: the briefing as one self-contained page for the screen, to read, mail or post on an intranet.

The same templates and content as the PDF, rendered for the screen (charts and
maps inline as SVG, links back from each source to its citations, a contents
list without page numbers), with the PDF's stylesheets for print, a screen
stylesheet from the package, and the bundled fonts embedded. The page refers to
no file beside it and to nothing on the network: a Content-Security-Policy says
so to the browser, and the build refuses a page that would (a project template
pointing at a file, say) rather than write one that breaks when mailed.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import tinycss2
from markupsafe import escape

from briefing.charts import DrawnChart
from briefing.checks import CheckReport, check_project
from briefing.errors import BriefingError, ContentError
from briefing.files import check_target, make_folder, write_text
from briefing.load import Briefing
from briefing.maps import DrawnMap
from briefing.project import Project, Unreadable
from briefing.styles import (
    DEFAULT_STYLESHEET,
    Palette,
    Stylesheet,
    custom_properties,
    font_warnings,
    stylesheets,
)

DEFAULT_OUTPUT = Path("output") / "briefing.html"
SCREEN_STYLESHEET = DEFAULT_STYLESHEET.with_name("screen.css")
#: A drawing of ours is a few hundred kilobytes; a map of a whole region, a few megabytes.
MAX_DRAWING_BYTES = 20_000_000
#: A house style's logo or texture, carried in the page as a data: URL.
MAX_STYLE_RESOURCE_BYTES = 2_000_000
#: What the page may load: its own inline styles, and fonts and images from data: URLs. Nothing else,
#: so a reference that slipped through fails in the browser too, instead of calling out.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"


@dataclass(frozen=True)
class Edition:
    """The page, and what the check found on the way."""

    document: str
    report: CheckReport
    warnings: list[str]
    """Lines to show the author: content warnings at file:line, then stylesheet warnings."""


@dataclass(frozen=True)
class HtmlResult:
    """What ``build_html`` wrote."""

    path: Path
    size: int
    """Bytes written."""
    seconds: float
    warnings: list[str]
    report: CheckReport


def build_html(
    project: Project, *, output: Path | None = None, strict: bool = False, paper: str | None = None
) -> HtmlResult:
    """Check the content and write the HTML edition; on any error, raise and leave the old file alone."""
    started = time.perf_counter()
    target = Path(output) if output is not None else project.root / DEFAULT_OUTPUT
    edition = _edition(project, strict=strict, paper=paper, target=target)
    write_text(edition.document, target)
    size = len(edition.document.encode("utf-8"))
    return HtmlResult(target, size, time.perf_counter() - started, edition.warnings, edition.report)


def render_edition(
    project: Project, *, strict: bool = False, paper: str | None = None, script: str | None = None
) -> Edition:
    """Check the content and render the HTML edition in memory (``briefing serve``).

    ``script`` is JavaScript to run in the page; the page's policy allows that one script and
    requests to the server that sent it, nothing more.
    """
    return _edition(project, strict=strict, paper=paper, script=script)


def _edition(
    project: Project,
    *,
    strict: bool,
    paper: str | None,
    target: Path | None = None,
    script: str | None = None,
) -> Edition:
    from briefing.charts import draw_charts
    from briefing.drawings import inline_svg
    from briefing.maps import draw_maps
    from briefing.render import render_html
    from briefing.webfonts import font_face_css

    content, report = check_project(project, strict=strict)
    if report.errors:
        raise ContentError(report.problems)
    briefing = content.complete()
    if target is not None:
        _check_target(project, briefing, target)
    make_folder(project.cache)
    sheets = stylesheets(project, paper=paper or briefing.meta.paper)
    fonts = font_warnings(project, sheets)
    if strict and fonts:
        raise BriefingError("stylesheets name fonts that are not bundled (--strict):\n" + "\n".join(fonts))

    charts: dict[str, DrawnChart] = {}
    maps: dict[str, DrawnMap] = {}
    if any(section.content.charts or section.content.maps for section in briefing.sections):
        palette = Palette.from_properties(custom_properties(sheets))
        charts = draw_charts(briefing, project.cache / "charts", palette)
        maps = draw_maps(briefing, project.cache / "maps", palette)
    drawings = {}
    # Drawn by this build or kept in its cache: our own drawings, cleaned all the same.
    for path in [chart.path for chart in charts.values()] + [drawn.path for drawn in maps.values()]:
        try:
            data = project.read(path, limit=MAX_DRAWING_BYTES, what="drawing")
        except Unreadable as err:
            raise BriefingError(str(err)) from None
        drawings[path] = inline_svg(data, re.sub(r"[^A-Za-z0-9_-]", "-", f"svg-{path.stem}"))
    document, _citer = render_html(briefing, report, charts=charts, maps=maps, drawings=drawings)

    css = "\n".join(_stylesheet_text(project, sheet) for sheet in [*sheets, _screen_stylesheet()])
    css = font_face_css(document + css, project.cache / "webfonts") + "\n" + css
    page = _assemble(document, css, script)
    found = external_references(page)
    if found:
        raise BriefingError(
            "the HTML edition would refer to files or the network, so it would break when mailed: "
            + "; ".join(found[:5])
            + ("; …" if len(found) > 5 else "")
            + ". A project template that links a file must inline it (a data: URL) instead"
        )
    warnings = [problem.format() for problem in report.warnings] + fonts
    return Edition(page, report, warnings)


def _check_target(project: Project, briefing: Briefing, target: Path) -> None:
    """Refuse an output path that is an input or a device, before any rendering."""
    inputs = [project.root / source.archive for source in briefing.sources if source.archived]
    protected = [project.content, project.styles, project.root / "templates"]
    check_target(target, inputs=inputs, protected=protected, what="the HTML")


def _screen_stylesheet() -> Stylesheet:
    return Stylesheet(SCREEN_STYLESHEET, SCREEN_STYLESHEET.read_text(encoding="utf-8"))


def _stylesheet_text(project: Project, sheet: Stylesheet) -> str:
    """A stylesheet as it goes into the page: headed by its name, its url()s carried inline."""
    if project.contains(sheet.path):
        name, text = project.display(sheet.path), _inline_urls(project, sheet)
    else:
        name, text = f"briefing/assets/{sheet.path.name}", sheet.text
    # "</style" inside the text would end the <style> element and let the rest be read as HTML.
    text = re.sub(r"</(style)", r"<\\/\1", text, flags=re.IGNORECASE)
    return f"/* {name} */\n{text}"


def _inline_urls(project: Project, sheet: Stylesheet) -> str:
    """A project stylesheet with each url() to a project file replaced by a data: URL.

    Why: a house style may set a logo; the page must carry it, not point at it.
    """
    if "url(" not in sheet.text.lower():
        return sheet.text
    rules = tinycss2.parse_stylesheet(sheet.text)
    _visit_urls(project, sheet, rules)
    return str(tinycss2.serialize(rules))


def _visit_urls(project: Project, sheet: Stylesheet, tokens: list[Any]) -> None:
    for index, token in enumerate(tokens):
        url = None
        if token.type == "url":
            url = token.value
        elif token.type == "function" and token.lower_name == "url":
            url = next((arg.value for arg in token.arguments if arg.type == "string"), None)
        if url is not None:
            if not url.startswith(("data:", "#")):
                where = f"{project.display(sheet.path)}:{token.source_line}:{token.source_column}"
                data = _data_url(project, sheet.path.parent, url, where)
                # base64 and a MIME type need no escaping in an unquoted url().
                tokens[index] = tinycss2.ast.URLToken(token.source_line, token.source_column, data, f"url({data})")
            continue
        for attribute in ("prelude", "content", "arguments"):
            inner = getattr(token, attribute, None)
            if isinstance(inner, list):
                _visit_urls(project, sheet, inner)


def _data_url(project: Project, folder: Path, url: str, where: str) -> str:
    """``url``, relative to ``folder``, as a data: URL of the project file it names."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE):
        raise BriefingError(f"{where}: url({url}) is not a project file; the HTML edition fetches nothing")
    path = folder / url.split("?")[0].split("#")[0]
    try:
        data = project.read(path, limit=MAX_STYLE_RESOURCE_BYTES, what="stylesheet resource")
    except Unreadable as err:
        raise BriefingError(f"{where}: {err}") from None
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _assemble(document: str, css: str, script: str | None) -> str:
    """The rendered document with its viewport, policy, styles and (when served) script in <head>."""
    policy = CONTENT_SECURITY_POLICY
    if script is not None:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        policy += f"; script-src 'sha256-{digest}'; connect-src 'self'"
    head = [
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">',
        f"<style>\n{css}\n</style>",
    ]
    if script is not None:
        head.append(f"<script>{script}</script>")
    if "</head>" not in document or "<head>" not in document:
        raise BriefingError("the page template has no <head>; the HTML edition needs one for its styles")
    opening, _, rest = document.partition("<head>")
    # The policy first: it governs only what comes after it.
    return (
        opening + "<head>\n  " + "\n  ".join(head[:2]) + rest.replace("</head>", "\n".join(head[2:]) + "\n</head>", 1)
    )


#: Attributes that make a browser load something.
_LOADING_ATTRIBUTES = frozenset(
    {"src", "srcset", "poster", "data", "action", "formaction", "background", "ping", "manifest", "codebase"}
)
_LINK_SCHEMES = ("#", "http://", "https://", "mailto:")
_CSS_URL = re.compile(r"url\(\s*['\"]?(?!data:|#)[^)'\"]*|@import", re.IGNORECASE)


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            value = (value or "").strip()
            if name in _LOADING_ATTRIBUTES and not value.startswith("data:"):
                self.found.append(f"<{tag} {name}='{value}'>")
            elif name in ("href", "xlink:href") and not (tag == "a" and value.lower().startswith(_LINK_SCHEMES)):
                if not value.startswith("#"):
                    self.found.append(f"<{tag} {name}='{value}'>")
            elif name == "style" and _CSS_URL.search(value):
                self.found.append(f"<{tag} style='{value}'>")
            elif name == "http-equiv" and value.lower() == "refresh":
                self.found.append(f"<{tag} http-equiv='refresh'>")
        if tag == "base":
            self.found.append("<base>")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += [f"{match.group(0)}… in <style>" for match in _CSS_URL.finditer(data)]


def external_references(page: str) -> list[str]:
    """Everything in ``page`` that would make a browser load a file or call the network, as written.

    Links a reader follows (``<a href>`` to http, https or mailto) are not loads.
    """
    parser = _References()
    parser.feed(page)
    parser.close()
    return parser.found
