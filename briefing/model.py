"""The content model: what an analyst may write in each YAML file, declared with pydantic.

Every model forbids unknown keys (a typo must not vanish silently). Fields typed
``Text`` accept inline Markdown (emphasis, links) and Pandoc citations ``[@id]``;
all other strings are printed as plain, escaped text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from briefing.estimative import LIKELIHOOD_TERMS, LIKELIHOOD_WORDING

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SOURCE_ID = r"^[a-z0-9][a-z0-9_-]*$"


def _partial_date(value: str) -> str:
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{value}' is not a real calendar date") from None
    return value


def _full_date(value: str) -> str:
    _partial_date(value)
    if len(value) != 10:
        raise ValueError(f"'{value}' needs a day; write YYYY-MM-DD")
    return value


def _likelihood(value: str) -> str:
    if value not in LIKELIHOOD_TERMS:
        raise ValueError(
            f"'{value}' is not on the ICD 203 likelihood scale; use one of: " + ", ".join(LIKELIHOOD_WORDING)
        )
    return value


Plain = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: Inline Markdown with citations; see citations.py.
Text = Plain
SourceId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=_SOURCE_ID)]
PartialDate = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_partial_date)]
FullDate = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_full_date)]
Likelihood = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_likelihood)]
Level = Literal["high", "moderate", "low"]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=_SOURCE_ID)]


class StrictModel(BaseModel):
    """Base for every content model: unknown keys are errors, since they are usually typos."""

    # Numbers are accepted where text is expected: `version: 1.0` or `date: 2007` are not mistakes.
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, coerce_numbers_to_str=True
    )


class Meta(StrictModel):
    title: Plain
    """The full title, as on the cover."""
    short_title: Plain
    """The title in the running header of every page."""
    subtitle: Plain
    date: FullDate
    """The date of this edition, YYYY-MM-DD."""
    author: Plain
    organisation: Plain
    marking: Plain
    """The handling marking, e.g. OPEN SOURCE — FOR DISCUSSION."""
    version: Plain
    language: Plain = "en"
    """BCP 47 language tag, written into the PDF."""
    keywords: list[Plain] = []
    coverage: Text
    """What the briefing is based on and how current its sources are."""


class BottomLine(StrictModel):
    whats_new: Text
    why_it_matters: Text
    what_to_do: Text


class KeyJudgment(StrictModel):
    text: Text
    """The judgment, stated with its likelihood term; cite its evidence."""
    likelihood: Likelihood
    confidence: Level


class BriefingFile(StrictModel):
    """content/briefing.yaml."""

    meta: Meta
    bottom_line: BottomLine
    key_judgments: list[KeyJudgment] = Field(min_length=4, max_length=7)
    sections: list[Slug] = Field(min_length=1)
    """Section file names under content/sections/, without .yaml, in reading order."""
    at_a_glance: list[Slug] = Field(default=[], max_length=8)
    """Ids of the key figures for the "key figures at a glance" panel, in order."""


class KeyFigure(StrictModel):
    id: Slug | None = None
    """Needed to use the figure in a chart or in the at-a-glance panel."""
    value: Plain
    """The number exactly as the source gives it, e.g. "3,000 to 4,000"."""
    measures: Plain
    """What the number counts; figures with the same ``measures`` are compared."""
    period: Plain
    producer: Plain
    """Who produced the number (e.g. PIPS), as opposed to who reported it."""
    source: SourceId
    """The article that reported it."""
    note: Text | None = None


class Quote(StrictModel):
    text: Plain
    """Verbatim from the archived source."""
    speaker: Plain
    role: Plain
    source: SourceId


class TimelineEvent(StrictModel):
    date: PartialDate
    label: Plain | None = None
    """How to print the date when it is not exact, e.g. "late 2024"."""
    approximate: bool = False
    event: Text
    source: SourceId
    key: bool = False
    """Emphasised in the chronology: a turning point."""


class Criterion(StrictModel):
    id: Slug
    name: Plain
    favourable: Literal["high", "low"]
    """Which end of the scale is good for the policy's aims."""


class Rating(StrictModel):
    rating: Level
    basis: Text
    """The cited statement the rating rests on."""


class PolicyOption(StrictModel):
    name: Plain
    description: Text
    advantages: list[Text] = Field(min_length=1)
    risks: list[Text] = Field(min_length=1)
    advocates: list[Text] = Field(min_length=1)
    """Who argues for it, with a citation."""
    ratings: dict[str, Rating] = {}
    """One rating per criterion of the section, keyed by criterion id."""


class ChartPoint(StrictModel):
    figure: Slug
    """The id of a key figure; the plotted number is the one in its value."""
    label: Plain
    """The bar's label, e.g. the period in short."""


class ChartPanel(StrictModel):
    title: Plain
    points: list[ChartPoint] = Field(min_length=1, max_length=8)


class Chart(StrictModel):
    id: Slug
    title: Plain
    caption: Text | None = None
    panels: list[ChartPanel] = Field(min_length=1, max_length=3)


class SectionFile(StrictModel):
    """One file under content/sections/."""

    title: Plain
    summary: Text
    key_points: list[Text] = Field(min_length=1)
    figures: list[KeyFigure] = []
    quotes: list[Quote] = []
    timeline: list[TimelineEvent] = []
    options: list[PolicyOption] = []
    criteria: list[Criterion] = []
    """What the options are rated against, in the options matrix."""
    charts: list[Chart] = []
    analysis: list[Text] = []
    """Paragraphs of discussion after the key points."""


class Published(StrictModel):
    date: PartialDate
    approximate: bool = False
    basis: Plain | None = None
    """Why the date is what it is, when it is not printed in the source."""


class Source(StrictModel):
    id: SourceId
    title: Plain
    title_descriptive: bool = False
    """True when the archived text has no headline and the title is ours."""
    outlet: Plain
    author: Plain | None = None
    published: Published
    url: Plain | None = None
    accessed: FullDate | None = None
    kind: Plain
    """What kind of source it is, e.g. wire copy citing RFE/RL."""
    archive: Plain
    """Path of the archived article text, relative to the project folder."""
    notes: Plain | None = None


class SourcesFile(StrictModel):
    """content/sources.yaml; the order here is the numbering in the appendix."""

    sources: list[Source] = Field(min_length=1)
