"""Turn a loaded ``Briefing`` into one HTML document with Jinja2 templates.

Templates only loop and print: numbering, citation marks, labels, dates and the
views (chronology, options matrix) are computed in Python, and every string is
escaped unless it went through the inline Markdown renderer, which escapes raw
HTML itself. A project's templates/ folder overrides the package's templates of
the same name, as MkDocs' custom_dir does; all of them run in Jinja's sandbox.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from briefing.charts import DrawnChart
from briefing.checks.report import CheckReport
from briefing.citations import Citer, InlineRenderer
from briefing.drawings import labelled
from briefing.errors import BriefingError
from briefing.evidence import EvidenceRecord
from briefing.labels import Labels
from briefing.load import Briefing
from briefing.maps import DrawnMap
from briefing.model import Source
from briefing.project import Project, Unreadable
from briefing.scales import CONFIDENCE_LEVELS, SCALES
from briefing.views import DOTS, chronology, citation, information_as_of, options_matrix

#: A template is a few kilobytes.
MAX_TEMPLATE_BYTES = 200_000


class _ProjectTemplates(jinja2.BaseLoader):
    """A project's own templates/, read through ``Project.read`` so they stay inside the project."""

    def __init__(self, project: Project):
        self.project = project

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        path = self.project.root / "templates" / template
        if ".." in Path(template).parts or not (path.exists() or path.is_symlink()):
            raise jinja2.TemplateNotFound(template)
        try:
            text = self.project.read(path, limit=MAX_TEMPLATE_BYTES, what="template").decode("utf-8")
        except (Unreadable, UnicodeDecodeError) as err:
            raise BriefingError(f"template '{self.project.display(path)}' cannot be used: {err}") from None
        return text, str(path), lambda: False


@functools.lru_cache(maxsize=4)
def environment(project: Project) -> jinja2.Environment:
    """The template environment: the project's templates first, then the package's.

    Kept per project, so a rebuild in `briefing watch` reuses the compiled
    templates; a project's own templates are read again on every render (their
    loader never calls them up to date), the package's when their file changes.
    """
    return SandboxedEnvironment(
        loader=jinja2.ChoiceLoader([_ProjectTemplates(project), jinja2.PackageLoader("briefing", "templates")]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def format_when(dated: Any, labels: Labels, style: str = "long") -> str:
    """When something happened, as printed: its label or its date, with "c." when approximate."""
    label = getattr(dated, "label", None)
    shown = label if label else labels.date(dated.date, style)
    return labels.format("circa", date=shown) if dated.approximate else str(shown)


def render_html(
    briefing: Briefing,
    report: CheckReport,
    *,
    charts: dict[str, DrawnChart] | None = None,
    maps: dict[str, DrawnMap] | None = None,
    pages: Mapping[str, int] | None = None,
    print_pages: bool = True,
    template: str = "briefing.html.j2",
    drawings: Mapping[Path, Markup] | None = None,
) -> tuple[str, Citer]:
    """The whole briefing as HTML, and the ``Citer`` holding every citation anchor.

    ``pages`` (anchor id → page, from a layout) prints page numbers as text: the
    contents' and, for each source, one back-reference per citing page. Without
    it, every back-reference is listed. ``print_pages=False`` keeps the choice of
    back-references but leaves the numbers to CSS ``target-counter()``, which
    WeasyPrint resolves by laying pages out again and again.
    ``template`` "brief.html.j2" renders the two-page executive edition instead.
    ``drawings`` (an SVG file → its markup, see drawings.py) renders the screen
    edition: charts and maps inline, links back to each citation, no page numbers.
    """
    meta, labels = briefing.meta, briefing.labels
    citer = Citer(briefing.source_numbers)
    inline = InlineRenderer(citer, labels.quotes)

    def backrefs(source_id: str) -> list[tuple[str, int | None]]:
        """The anchors the appendix links back to, with their page when it is known: one per citing page."""
        anchors = citer.anchors.get(source_id, [])
        if pages is None:
            return [(anchor, None) for anchor in anchors]
        kept = first_anchor_per_page({source_id: anchors}, pages)
        return [(anchor, page_of(anchor)) for anchor in anchors if anchor in kept]

    def page_of(anchor: str) -> int | None:
        # 0 for an anchor the layout has not placed yet: a first layout only needs the space.
        return pages.get(anchor, 0) if pages is not None and print_pages else None

    def asset(path: Path) -> str:
        """A file's URL in the document, relative to the project (the base URL)."""
        return path.relative_to(briefing.project.root).as_posix()

    def drawing(path: Path, label: str) -> Markup:
        """A chart's or map's SVG, inline, named by ``label`` for a screen reader (the screen edition)."""
        return labelled(drawings[path], label) if drawings is not None else Markup()

    def cite(*source_ids: str) -> Markup:
        return citer.mark(source_ids)

    def label_markdown(key: str, **values: Any) -> Markup:
        return inline(labels.format(key, **values))

    scale = SCALES.get(meta.estimates)
    language = meta.language
    judgments = [
        (judgment, scale.step_for(judgment.likelihood, language) if scale and judgment.likelihood else None)
        for judgment in briefing.file.key_judgments
    ]
    bottom_line = briefing.file.bottom_line
    years = chronology(briefing)
    figures = {f.id: f for s in briefing.sections for f in s.content.figures if f.id}

    def cited_sources() -> list[tuple[int, Source]]:
        """The sources cited so far, numbered: called at the end of a template, those it cites."""
        return [(number, source) for number, source in enumerate(briefing.sources, 1) if source.id in citer.anchors]

    html = (
        environment(briefing.project)
        .get_template(template)
        .render(
            meta=meta,
            L=labels,
            t=labels.format,
            tm=label_markdown,
            md=inline,
            plain=inline.plain,
            when=lambda dated, style="long": format_when(dated, labels, style),
            cite=cite,
            backrefs=backrefs,
            page_of=page_of,
            asset=asset,
            screen=drawings is not None,
            drawing=drawing,
            letter=letter,
            authorship=", ".join(part for part in (meta.author, meta.organisation) if part),
            # The author is in the byline above, so the edition line is the date and version only.
            edition=[labels.date(meta.date)]
            + ([labels.format("version", version=meta.version)] if meta.version else []),
            footer=" · ".join(part for part in (meta.organisation, labels.date(meta.date)) if part),
            bottom_line=[(key, text) for key, text in (bottom_line or {}) if text],
            judgments=judgments,
            scale=scale if judgments else None,
            scale_terms=[(step, step.terms_in(scale.term_language(language))) for step in scale.steps] if scale else [],
            scale_wordings=max((len(step.terms_in(scale.term_language(language))) for step in scale.steps), default=1)
            if scale and scale.separate_wordings
            else 1,
            confidence_used=any(judgment.confidence for judgment in briefing.file.key_judgments),
            confidence_levels=CONFIDENCE_LEVELS,
            rating_dots=[(level, DOTS[level]) for level in CONFIDENCE_LEVELS],
            about=briefing.file.about,
            information_as_of=format_when(as_of, labels) if (as_of := information_as_of(briefing)) else None,
            citation=citation(briefing),
            watch=briefing.file.watch,
            abbreviations=sorted(briefing.file.abbreviations.items(), key=lambda item: item[0].casefold()),
            hidden_blocks={"timeline"} if meta.chronology else set(),
            table_figures=lambda figures: [
                f for f in figures if f.in_table or (f.in_table is None and f.id not in briefing.file.at_a_glance)
            ],
            sections=briefing.sections,
            sources=list(enumerate(briefing.sources, start=1)),
            cited_sources=cited_sources,
            sentences=sentences,
            option_sets=[section for section in briefing.sections if section.content.options],
            report=report,
            sources_by_id={source.id: source for source in briefing.sources},
            charts=charts or {},
            maps=maps or {},
            glance=[figures[figure_id] for figure_id in briefing.file.at_a_glance],
            chronology=years if meta.chronology else [],
            chronology_title=labels.format("chronology", span=_span(years[0].year, years[-1].year)) if years else "",
            matrix=options_matrix,
        )
    )
    return html, citer


def letter(n: int) -> str:
    """a, b, … z, aa, ab: the name of a source's n-th link back to the text, as encyclopaedias print it."""
    name = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        name = chr(ord("a") + rest) + name
    return name


def sentences(*parts: str) -> Markup:
    """The non-empty parts as sentences: "Wire copy. Not archived. No byline." with one full stop each."""
    kept = [Markup(part).rstrip() for part in parts if part and part.strip()]
    return Markup(" ").join(part if part.endswith((".", "!", "?", "…")) else part + "." for part in kept)


def _span(start: str, end: str) -> str:
    """2019–2025, or 2026 alone when the chronology holds one year."""
    return start if start == end else f"{start}–{end}"


def render_evidence(briefing: Briefing, record: EvidenceRecord) -> str:
    """The evidence record as HTML (see evidence.py)."""
    labels = briefing.labels
    inline = InlineRenderer(Citer(briefing.source_numbers), labels.quotes)
    template = environment(briefing.project).get_template("evidence.html.j2")
    return template.render(meta=briefing.meta, L=labels, t=labels.format, plain=inline.plain, record=record)


def first_anchor_per_page(anchors: Mapping[str, list[str]], page_of: Mapping[str, int]) -> set[str]:
    """For each source, keep the first citation anchor on each page that cites it."""
    keep = set()
    for source_anchors in anchors.values():
        pages_seen = set()
        for anchor in source_anchors:
            page = page_of.get(anchor)
            if page is not None and page not in pages_seen:
                pages_seen.add(page)
                keep.add(anchor)
    return keep


#: A link's spoken name is a title or a reference, not a paragraph.
LINK_NAME_CHARACTERS = 120
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
_INLINE = frozenset({"a", "abbr", "b", "cite", "code", "em", "i", "q", "small", "span", "strong", "sub", "sup", "time"})


class _TargetText(HTMLParser):
    """For each element with an id: its first heading's text if it has one, else its own text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str | None]] = []  # (tag, id) of each open element
        self.text: dict[str, list[str]] = {}
        self.heading: dict[str, list[str]] = {}
        self._in_heading: list[str] = []  # ids whose first heading is open now

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        if tag not in _INLINE:
            self.handle_data(" ")  # a new block: its words are not glued to the previous block's
        anchor = dict(attrs).get("id")
        self.open.append((tag, anchor))
        if anchor:
            self.text[anchor] = []
        if tag in _HEADINGS:
            for _, outer in self.open:
                if outer and outer not in self.heading:
                    self.heading[outer] = []
                    self._in_heading.append(outer)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _INLINE:
            self.handle_data(" ")
        while self.open:
            closed, _ = self.open.pop()
            if closed in _HEADINGS:
                self._in_heading.clear()
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, anchor in self.open:
            if anchor:
                self.text[anchor].append(data)
        for anchor in self._in_heading:
            self.heading[anchor].append(data)


def link_targets(document: str) -> dict[str, str]:
    """What each id in ``document`` holds, shortened: the name a screen reader gives a link to it."""
    parser = _TargetText()
    parser.feed(document)
    parser.close()
    names = {}
    for anchor, parts in parser.text.items():
        text = " ".join("".join(parser.heading.get(anchor) or parts).split())
        if len(text) > LINK_NAME_CHARACTERS:
            text = text[:LINK_NAME_CHARACTERS].rsplit(" ", 1)[0] + "…"
        names[anchor] = text
    return names
