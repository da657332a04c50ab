"""The build recipe: load → check → draw charts → render HTML → lay out → write the PDF."""

from __future__ import annotations

import contextlib
import datetime
import json
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.checks import CheckReport, check_project
from briefing.errors import BriefingError, ContentError
from briefing.files import TargetRefused, check_target, make_folder, write_text
from briefing.load import Briefing, Content
from briefing.project import Project
from briefing.styles import Palette, Stylesheet, custom_properties, font_warnings, stylesheets

if TYPE_CHECKING:
    from briefing.pdf import Layout, WriteOptions

DEFAULT_OUTPUT = Path("output") / "briefing.pdf"
#: What ``--format`` may ask for, and where each goes by default.
FORMATS = {"pdf": DEFAULT_OUTPUT, "evidence": Path("output") / "evidence.pdf"}
#: The two-page brief's default place, beside the full edition.
BRIEF_OUTPUT = Path("output") / "brief.pdf"
#: What ``--edition`` may ask for.
EDITIONS = ("full", "brief")
#: Where a build keeps the pages its anchors landed on, for the next build's page numbers.
PAGES_CACHE = "pages.json"
PAGES_CACHE_VERSION = 1
#: Layouts tried for the printed page numbers to settle before CSS is left to count them.
SETTLE_ATTEMPTS = 3
#: The brief's length: two sides of one sheet.
BRIEF_PAGES = 2


#: Told the name of each step of a build as it starts, for a progress line on a terminal.
Progress = Callable[[str], None]


def _quiet(step: str) -> None:
    """No progress shown: a build called from code or a test."""


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and what it noticed on the way."""

    pdf: Path
    pages: int
    seconds: float
    html: Path | None
    warnings: list[str]
    """Lines to show the author: content warnings at file:line, then WeasyPrint's."""
    report: CheckReport
    charts_drawn: int = 0
    """How many charts had to be drawn (the rest came from the cache)."""


def build(
    project: Project,
    *,
    output: Path | None = None,
    html: bool = False,
    strict: bool = False,
    paper: str | None = None,
    output_format: str = "pdf",
    pdf_variant: str = "pdf/ua-1",
    draft: bool = False,
    print_marks: bool = False,
    edition: str = "full",
    progress: Progress | None = None,
) -> BuildResult:
    """Build the project's PDF; raise ``BriefingError`` and leave old output alone on any error.

    ``paper`` (a4 or letter) overrides the briefing's ``meta.paper``. ``output_format``
    "evidence" writes the evidence record instead (output/evidence.pdf by default).
    ``pdf_variant`` "pdf/a-3a" writes an archival PDF that carries the archived sources.
    ``draft`` draws DRAFT across every page; ``print_marks`` adds bleed and crop marks for a print shop.
    ``edition`` "brief" prints the two-page executive edition (output/brief.pdf by default).
    ``progress`` is told each step as it starts ("Checking the content", "Laying out", …).
    """
    # WeasyPrint is slow to import; keep it out of `briefing --help` and of failed loads.
    from briefing import pdf
    from briefing.charts import draw_charts
    from briefing.maps import draw_maps
    from briefing.render import render_html

    started = time.perf_counter()
    if edition not in EDITIONS:
        raise BriefingError(f"unknown edition '{edition}'; use one of: {', '.join(EDITIONS)}")
    if edition == "brief" and output_format != "pdf":
        raise BriefingError(f"the brief is a PDF edition; --format {output_format} is for the full one")
    default = BRIEF_OUTPUT if edition == "brief" else FORMATS[output_format]
    target = Path(output) if output is not None else project.root / default
    say = progress or _quiet
    say("Checking the content")
    content, report = check_project(project, strict=strict)
    if report.errors:
        raise ContentError(report.problems)
    briefing = content.complete()
    html_path = _check_targets(project, briefing, target, html=html)
    make_folder(project.cache)  # charts and the font configuration are kept there; fail early and plainly
    sheets = stylesheets(project, paper=paper or briefing.meta.paper, print_marks=print_marks, brief=edition == "brief")
    fonts = font_warnings(project, sheets)
    if strict and fonts:
        raise BriefingError("stylesheets name fonts that are not bundled (--strict):\n" + "\n".join(fonts))

    if output_format == "evidence":
        return _build_evidence(
            project,
            content,
            report,
            sheets,
            target,
            strict=strict,
            started=started,
            pdf_variant=pdf_variant,
            draft=draft,
        )

    if edition == "brief":
        document, _ = render_html(briefing, report, template="brief.html.j2")
        say("Laying out")
        laid_out = pdf.layout(document, project, sheets)
        if laid_out.page_count > BRIEF_PAGES:
            raise BriefingError(_too_long_for_a_brief(briefing, laid_out))
        options = _write_options(briefing, pdf_variant, document, laid_out.anchor_pages(), "brief", draft=draft)
        say("Writing the PDF")
        laid_out.warnings += pdf.save(laid_out, target, options, strict=strict)
        warnings = [problem.format() for problem in report.warnings] + fonts
        warnings += [f"warning: weasyprint: {m}" for m in dict.fromkeys(laid_out.warnings)]
        return BuildResult(target, laid_out.page_count, time.perf_counter() - started, None, warnings, report)

    charts, maps = {}, {}
    if any(section.content.charts or section.content.maps for section in briefing.sections):
        palette = Palette.from_properties(custom_properties(sheets))
        say("Drawing charts and maps")
        charts = draw_charts(briefing, project.cache / "charts", palette)
        maps = draw_maps(briefing, project.cache / "maps", palette)

    # SVGs this build drew itself: the only ones the renderer takes without reading them for references.
    trusted = frozenset([*(chart.path for chart in charts.values()), *(m.path for m in maps.values())])

    def lay_out(document: str) -> Layout:
        say("Laying out")
        return pdf.layout(document, project, sheets, trusted=trusted)

    document, final = settled_layout(
        lambda pages, printed=True: render_html(
            briefing, report, charts=charts, maps=maps, pages=pages, print_pages=printed
        )[0],
        lay_out,
        project.cache / PAGES_CACHE,
    )

    if strict and final.warnings:
        raise BriefingError("WeasyPrint warned (--strict): " + "; ".join(dict.fromkeys(final.warnings)))

    options = _write_options(briefing, pdf_variant, document, final.anchor_pages(), draft=draft)
    say("Writing the PDF")
    final.warnings += pdf.save(final, target, options, strict=strict)
    if html_path is not None:
        write_text(document, html_path)
    weasyprint = dict.fromkeys(final.warnings)  # the same message comes once per font or page
    warnings = [problem.format() for problem in report.warnings] + fonts
    warnings += [f"warning: weasyprint: {m}" for m in weasyprint]
    drawn = sum(chart.drawn for chart in charts.values()) + sum(drawing.drawn for drawing in maps.values())
    return BuildResult(target, final.page_count, time.perf_counter() - started, html_path, warnings, report, drawn)


def settled_layout(
    render: Callable[..., str],
    lay_out: Callable[[str], Layout],
    cache: Path,
) -> tuple[str, Layout]:
    """The HTML whose printed page numbers are those its own layout gives, and that layout.

    Page numbers (the contents', the appendix's "Cited on") are printed as text,
    from the pages the previous build found (``cache``) or, on a first build, from a
    layout with placeholders: the pages of the sections and citations do not depend
    on the numbers printed for them. A layout whose anchors would print the same
    HTML again is final; a wrong or stale cache costs a layout, never a wrong number.
    Numbers that never settle (a number's width moving a line) are left to CSS,
    with the back-references the last layout chose: ``render(pages, printed=False)``.
    """
    pages = _cached_pages(cache)
    for _attempt in range(SETTLE_ATTEMPTS):
        consulted = Consulted(pages)
        document = render(consulted)
        laid_out = lay_out(document)
        pages = laid_out.anchor_pages()
        if consulted.agrees_with(pages):  # it would render the same HTML again
            _keep_pages(cache, pages)
            return document, laid_out
        del laid_out  # free its boxes before the next layout: a layout is megabytes per page
    document = render(pages, printed=False)
    return document, lay_out(document)


class Consulted(Mapping[str, int]):
    """Anchor pages that note which anchors were looked up: what a render's HTML depends on."""

    def __init__(self, pages: Mapping[str, int]) -> None:
        self.pages = pages
        self.asked: dict[str, int | None] = {}
        self.listed = False

    def __getitem__(self, anchor: str) -> int:
        self.asked[anchor] = self.pages.get(anchor)
        return self.pages[anchor]

    def __iter__(self) -> Iterator[str]:
        self.listed = True
        return iter(self.pages)

    def __len__(self) -> int:
        self.listed = True
        return len(self.pages)

    def agrees_with(self, pages: Mapping[str, int]) -> bool:
        """Whether ``pages`` answers every lookup made so far as these did (so renders the same)."""
        if self.listed:
            return dict(self.pages) == dict(pages)
        return all(pages.get(anchor) == page for anchor, page in self.asked.items())


def _cached_pages(cache: Path) -> dict[str, int]:
    """The anchor pages of the last build, or none: a missing or damaged cache is only slower."""
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        pages = data["pages"] if data.get("version") == PAGES_CACHE_VERSION else {}
        return {str(anchor): int(page) for anchor, page in pages.items()}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return {}


def _keep_pages(cache: Path, pages: Mapping[str, int]) -> None:
    # A cache that cannot be written makes the next build slower, not wrong.
    with contextlib.suppress(BriefingError):
        write_text(json.dumps({"version": PAGES_CACHE_VERSION, "pages": dict(sorted(pages.items()))}), cache)


def _build_evidence(
    project: Project,
    content: Content,
    report: CheckReport,
    sheets: list[Stylesheet],
    target: Path,
    *,
    strict: bool,
    started: float,
    pdf_variant: str,
    draft: bool,
) -> BuildResult:
    """The evidence record: one layout, no charts, the same sealed PDF step."""
    from briefing import pdf
    from briefing.evidence import evidence_record
    from briefing.render import render_evidence

    document = render_evidence(content.complete(), evidence_record(content, report))
    laid_out = pdf.layout(document, project, sheets)
    briefing = content.complete()
    options = _write_options(briefing, pdf_variant, document, laid_out.anchor_pages(), what="evidence", draft=draft)
    laid_out.warnings += pdf.save(laid_out, target, options, strict=strict)
    warnings = [problem.format() for problem in report.warnings]
    return BuildResult(target, laid_out.page_count, time.perf_counter() - started, None, warnings, report)


def _check_targets(project: Project, briefing: Briefing, target: Path, *, html: bool) -> Path | None:
    """Refuse output paths that are inputs or devices before any work is done; return the HTML path."""
    inputs = [project.root / source.archive for source in briefing.sources if source.archived]
    protected = [project.content, project.styles, project.root / "templates"]
    check_target(target, inputs=inputs, protected=protected)
    if not html:
        return None
    html_path = target.with_suffix(".html")
    if html_path.resolve() == target.resolve():
        raise TargetRefused(f"the PDF and the HTML would both be written to {target}; name the PDF .pdf")
    check_target(html_path, inputs=inputs, protected=protected, what="the HTML")
    return html_path


def _write_options(
    briefing: Briefing, variant: str, document: str, pages: dict[str, int], what: str = "", *, draft: bool
) -> WriteOptions:
    """How the PDF is finished: its identity, what each link is called, and (PDF/A) the sources it carries."""
    from briefing.pdf import VARIANTS, Attached, WriteOptions
    from briefing.render import link_targets

    if variant not in VARIANTS:
        raise BriefingError(f"unknown PDF variant '{variant}'; use one of: {', '.join(VARIANTS)}")
    names = link_targets(document)
    page_before = briefing.labels["page_before"]
    for anchor, page in pages.items():
        # A link to a citation mark would be called "3" (the mark); call it by the page it is on.
        if not any(character.isalpha() for character in names.get(anchor, "")):
            names[anchor] = f"{page_before}{page}".strip()
    attachments: tuple[Attached, ...] = ()
    if variant.startswith("pdf/a"):
        attachments = tuple(
            Attached(Path(source.archive).name, source.title, briefing.archives[source.id].encode("utf-8"))
            for source in briefing.sources
            if source.id in briefing.archives
        )
    dated = datetime.datetime.fromisoformat(briefing.meta.date).replace(tzinfo=datetime.UTC)
    edition = "\n".join(filter(None, [briefing.meta.edition, what]))
    watermark = briefing.labels["draft"] if draft else None
    return WriteOptions(edition, dated, variant, names, attachments, watermark)


def _too_long_for_a_brief(briefing: Briefing, laid_out: Layout) -> str:
    """Which side of the brief is too long, by how much, and which parts of the YAML hold the words to cut."""
    back = laid_out.anchor_pages().get("brief-back", laid_out.page_count + 1)
    page = laid_out.content_height_mm()
    file = briefing.project.display(briefing.project.content / "briefing.yaml")
    if back > 2:  # the front ran onto a second page, so the back starts on a third
        over = laid_out.used_mm(2, back - 1)
        parts = []
        if briefing.file.bottom_line:
            words = sum(len(text.split()) for _key, text in briefing.file.bottom_line if text)
            parts.append((words, f"the bottom line ({file}, bottom_line: {words} words)"))
        if briefing.file.key_judgments:
            words = sum(len(judgment.text.split()) for judgment in briefing.file.key_judgments)
            count = len(briefing.file.key_judgments)
            parts.append((words, f"the key judgments ({file}, key_judgments: {count}, {words} words)"))
        if briefing.file.watch:
            words = sum(len(item.text.split()) for item in briefing.file.watch)
            parts.append((words, f"the watch list ({file}, watch: {words} words)"))
        side = "its front (the bottom line, the key judgments and what to watch)"
    else:
        over = laid_out.used_mm(back + 1, laid_out.page_count)
        parts = []
        for section in briefing.sections:
            if section.content.options:
                words = sum(len(option.description.split()) for option in section.content.options)
                line, _column = section.doc.where(("options",))
                parts.append((words, f"the options' descriptions ({section.doc.path}:{line}, {words} words)"))
        count = len(briefing.file.at_a_glance)
        if count:
            parts.append((count, f"the key figures ({file}, at_a_glance: {count})"))
        side = "its back (the key figures, the options and the sources)"
    cut = ", ".join(text for _size, text in sorted(parts, key=lambda part: -part[0])) or "the text"
    return (
        f"the two-page brief does not fit on two pages: {side} is about {over:.0f} mm "
        f"({over / page:.0%} of a page) too long. Shorten {cut}"
    )
