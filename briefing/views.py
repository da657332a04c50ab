"""What the templates print that is computed from the content: the chronology and the options matrix.

Templates only loop and print; sorting, grouping and judging happen here, into
frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.load import Briefing
from briefing.model import Prose, Published, SectionFile, TimelineEvent
from briefing.scales import CONFIDENCE_LEVELS


@dataclass(frozen=True)
class Year:
    """One year of the chronology and its events, in date order."""

    year: str
    events: tuple[TimelineEvent, ...]


def information_as_of(briefing: Briefing) -> Published | None:
    """How current the information is: meta.information_as_of, or the newest source's date.

    The newest source's date comes with its label and "c." when it is inferred:
    a cut-off is never printed more exactly than the source is dated.
    """
    given = briefing.meta.information_as_of
    if isinstance(given, str):
        return Published(date=given)
    if given is not None:
        return given
    dates = [source.published for source in briefing.sources]
    return max(dates, key=lambda published: published.date) if dates else None


def citation(briefing: Briefing) -> str:
    """How to cite the briefing: meta.citation, or author, title, organisation and date as given."""
    meta = briefing.meta
    if meta.citation:
        return meta.citation
    parts = [meta.author, f"{meta.title}", meta.organisation, briefing.labels.date(meta.date)]
    return ", ".join(part for part in parts if part) + "."


def chronology(briefing: Briefing) -> list[Year]:
    """Every timeline event of every section, in date order, grouped by year."""
    events = sorted((e for s in briefing.sections for e in s.content.timeline), key=lambda e: e.date)
    years: dict[str, list[TimelineEvent]] = {}
    for event in events:
        years.setdefault(event.date[:4], []).append(event)
    return [Year(year, tuple(items)) for year, items in years.items()]


#: How many of the matrix's three dots a rating fills when high is good: high 3, moderate 2, low 1.
DOTS = {level: len(CONFIDENCE_LEVELS) - rank for rank, level in enumerate(CONFIDENCE_LEVELS)}


@dataclass(frozen=True)
class MatrixCell:
    """One option's rating against one criterion, as dots that mean "better for this option"."""

    rating: str
    dots: int
    """3 where the rating is the good end of the criterion, 1 where it is the bad end: more is always better."""
    verdict: str
    """favourable, mixed or unfavourable, given which end of the scale is good."""
    basis: Prose


@dataclass(frozen=True)
class MatrixRow:
    """One criterion of the options matrix, with every option's cell."""

    name: str
    direction: str
    """The label key saying which way is good: higher_is_better or lower_is_better."""
    cells: tuple[MatrixCell, ...]


def options_matrix(section: SectionFile) -> list[MatrixRow]:
    """Rows of the options matrix: each criterion with every option's rating."""
    rows = []
    for criterion in section.criteria:
        cells = []
        for option in section.options:
            rating = option.ratings[criterion.id]
            if rating.rating == "moderate":
                verdict = "mixed"
            else:
                verdict = "favourable" if rating.rating == criterion.favourable else "unfavourable"
            # Dots measure how good the rating is for the option, so a low cost fills three dots.
            dots = DOTS[rating.rating] if criterion.favourable == "high" else len(DOTS) + 1 - DOTS[rating.rating]
            cells.append(MatrixCell(rating.rating, dots, verdict, rating.basis))
        direction = "higher_is_better" if criterion.favourable == "high" else "lower_is_better"
        rows.append(MatrixRow(criterion.name, direction, tuple(cells)))
    return rows
