"""Turn a loaded ``Briefing`` into one HTML document with Jinja2 templates.

Templates only loop and print: numbering, citation marks and date formats are
computed here, and every string is escaped unless it went through the inline
Markdown renderer, which escapes raw HTML itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import jinja2

from briefing.checks import CheckReport, figures_by_id
from briefing.citations import Citer, InlineRenderer
from briefing.estimative import SCALE, step_for
from briefing.load import Briefing
from briefing.model import TimelineEvent


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("briefing", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = format_date
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


def render_html(
    briefing: Briefing,
    report: CheckReport,
    *,
    charts: dict[str, dict] | None = None,
    keep_backrefs: Collection[str] | None = None,
) -> tuple[str, Citer]:
    """The whole briefing as HTML, and the ``Citer`` holding every citation anchor.

    ``charts`` maps chart ids to their drawn SVG (see charts.draw_charts).
    ``keep_backrefs`` limits the appendix's back-references to those anchors
    (one per page, chosen after a first layout); ``None`` lists them all.
    """
    citer = Citer(briefing.source_numbers)
    inline = InlineRenderer(citer)

    def backrefs(source_id: str) -> list[str]:
        anchors = citer.anchors.get(source_id, [])
        return [a for a in anchors if keep_backrefs is None or a in keep_backrefs]

    figures = figures_by_id(briefing)
    template = _environment().get_template("briefing.html.j2")
    html = template.render(
        meta=briefing.meta,
        bottom_line=briefing.file.bottom_line,
        judgments=[(judgment, step_for(judgment.likelihood)) for judgment in briefing.file.key_judgments],
        scale=SCALE,
        sections=briefing.sections,
        sources=list(enumerate(briefing.sources, start=1)),
        report=report,
        sources_by_id={source.id: source for source in briefing.sources},
        charts={key: {**value, "src": value["path"].relative_to(briefing.project.root).as_posix()}
                for key, value in (charts or {}).items()},
        glance=[figures[figure_id] for figure_id in briefing.file.at_a_glance],
        chronology=chronology(briefing),
        matrix=options_matrix,
        md=inline,
        cite=lambda *source_ids: citer.mark(source_ids),
        backrefs=backrefs,
    )
    return html, citer


@dataclass(frozen=True)
class Year:
    """One year of the chronology and its events, in date order."""

    year: str
    events: list[TimelineEvent]


def chronology(briefing: Briefing) -> list[Year]:
    """Every timeline event of every section, in date order, grouped by year."""
    events = sorted((e for s in briefing.sections for e in s.content.timeline), key=lambda e: e.date)
    years: dict[str, list[TimelineEvent]] = {}
    for event in events:
        years.setdefault(event.date[:4], []).append(event)
    return [Year(year, items) for year, items in years.items()]


_DOTS = {"low": 1, "moderate": 2, "high": 3}


def options_matrix(section_content) -> list[dict]:
    """Rows of the options matrix: each criterion with every option's rating, judged for shading."""
    rows = []
    for criterion in section_content.criteria:
        cells = []
        for option in section_content.options:
            rating = option.ratings[criterion.id]
            if rating.rating == "moderate":
                verdict = "mixed"
            else:
                verdict = "favourable" if rating.rating == criterion.favourable else "unfavourable"
            cells.append({"rating": rating.rating, "dots": _DOTS[rating.rating], "verdict": verdict, "basis": rating.basis})
        direction = "higher is better" if criterion.favourable == "high" else "lower is better"
        rows.append({"name": criterion.name, "direction": direction, "cells": cells})
    return rows


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
