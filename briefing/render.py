"""Turn a loaded ``Briefing`` into one HTML document with Jinja2 templates.

Templates only loop and print: numbering, citation marks, dates and the views
(chronology, options matrix) are computed in Python, and every string is
escaped unless it went through the inline Markdown renderer, which escapes raw
HTML itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from briefing.charts import DrawnChart
from briefing.checks.report import CheckReport
from briefing.citations import Citer, InlineRenderer
from briefing.load import Briefing
from briefing.scales import CONFIDENCE, SCALE, step_for
from briefing.views import chronology, options_matrix


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("briefing", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = format_date
    env.filters["when"] = format_when
    return env


def format_date(value: str, style: str = "long") -> str:
    """``2021-08-15`` as ``15 August 2021`` (long) or ``15 Aug 2021`` (short); partial dates too."""
    parts = [int(part) for part in value.split("-")]
    month_format = "%B" if style == "long" else "%b"
    if len(parts) == 1:
        return str(parts[0])
    day = dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    text = day.strftime(f"{month_format} %Y")
    return f"{day.day} {text}" if len(parts) == 3 else text


def format_when(dated: Any, style: str = "long") -> str:
    """When something happened, as printed: its label or its date, with "c." when approximate."""
    label = getattr(dated, "label", None)
    shown = label if label else format_date(dated.date, style)
    return f"c. {shown}" if dated.approximate else shown


def render_html(
    briefing: Briefing,
    report: CheckReport,
    *,
    charts: dict[str, DrawnChart] | None = None,
    keep_backrefs: Collection[str] | None = None,
) -> tuple[str, Citer]:
    """The whole briefing as HTML, and the ``Citer`` holding every citation anchor.

    ``keep_backrefs`` limits the appendix's back-references to those anchors
    (one per page, chosen after a first layout); ``None`` lists them all.
    """
    citer = Citer(briefing.source_numbers)
    inline = InlineRenderer(citer)

    def backrefs(source_id: str) -> list[str]:
        anchors = citer.anchors.get(source_id, [])
        return [a for a in anchors if keep_backrefs is None or a in keep_backrefs]

    def asset(path: Path) -> str:
        """A file's URL in the document, relative to the project (the base URL)."""
        return path.relative_to(briefing.project.root).as_posix()

    def cite(*source_ids: str) -> Markup:
        return citer.mark(source_ids)

    figures = {f.id: f for s in briefing.sections for f in s.content.figures if f.id}
    template = _environment().get_template("briefing.html.j2")
    html = template.render(
        meta=briefing.meta,
        bottom_line=briefing.file.bottom_line,
        judgments=[(judgment, step_for(judgment.likelihood)) for judgment in briefing.file.key_judgments],
        scale=SCALE,
        confidence=CONFIDENCE,
        sections=briefing.sections,
        sources=list(enumerate(briefing.sources, start=1)),
        report=report,
        sources_by_id={source.id: source for source in briefing.sources},
        charts=charts or {},
        glance=[figures[figure_id] for figure_id in briefing.file.at_a_glance],
        chronology=chronology(briefing),
        matrix=options_matrix,
        md=inline,
        cite=cite,
        backrefs=backrefs,
        asset=asset,
    )
    return html, citer


def first_anchor_per_page(anchors: dict[str, list[str]], page_of: dict[str, int]) -> set[str]:
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
