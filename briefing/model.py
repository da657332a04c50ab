"""The content model: what an analyst may write in each YAML file, declared with pydantic.

Every model forbids unknown keys (a typo must not vanish silently). Each string
field says what it is through its type, and the checks and the renderer read
that from the model, never from a list of field names:

- ``Prose``: inline Markdown with Pandoc citations ``[@id]``, traced by the checks;
- ``Plain``: printed exactly as written, escaped;
- ``QuoteText`` and ``FigureValue``: evidence, found in the archive of the
  sibling ``source`` field;
- ``SourceRef``: the id of an entry in content/sources.yaml.

A section's content types are the ``Printed`` fields of ``SectionFile``; each
names the one partial template that prints it (see "Adding a content type" in
the README). A field of ``SectionFile`` without ``Printed`` is refused at import.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, GetJsonSchemaHandler, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from briefing.errors import KeyPath
from briefing.scales import CONFIDENCE_LEVELS, ESTIMATES, all_terms

#: Ids of sources, figures, criteria and sections: lower-case words joined by '-' or '_'.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Kind:
    """What a string field holds; attached to the field's type as metadata."""

    name: str


PLAIN = Kind("plain")
PROSE = Kind("prose")
QUOTE = Kind("quote")
FIGURE = Kind("figure")
SOURCE_REF = Kind("source")


@dataclass(frozen=True)
class Printed:
    """Marks a field of ``SectionFile`` as a content type printed by ``partials/<partial>.html.j2``."""

    partial: str


@dataclass(frozen=True)
class EditorPattern:
    """A pattern for editors in the JSON Schema (``briefing schema``); validation stays the field's own.

    Why: an editor can flag "2021-5" as the analyst types, while the model's
    validator still gives the message that says what to write.
    """

    pattern: str

    def __get_pydantic_json_schema__(self, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        json_schema = handler(core_schema)
        json_schema["pattern"] = self.pattern
        return json_schema


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


def _language_tag(value: str) -> str:
    """A BCP 47 tag in its usual case: en-GB, fr, zh-Hant-TW."""
    if not _LANGUAGE_TAG.match(value):
        raise ValueError(f"'{value}' is not a language tag; write e.g. en-GB, fr or de")
    primary, *rest = value.split("-")
    return "-".join([primary.lower(), *(p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p for p in rest)])


_Text = StringConstraints(strip_whitespace=True, min_length=1)
Plain = Annotated[str, _Text, PLAIN]
Prose = Annotated[str, _Text, PROSE]
QuoteText = Annotated[str, _Text, QUOTE]
FigureValue = Annotated[str, _Text, FIGURE]
Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=SLUG_PATTERN)]
SourceRef = Annotated[str, StringConstraints(strip_whitespace=True, pattern=SLUG_PATTERN), SOURCE_REF]
PartialDate = Annotated[
    str, StringConstraints(strip_whitespace=True), AfterValidator(_partial_date), EditorPattern(_PARTIAL_DATE.pattern)
]
FullDate = Annotated[
    str, StringConstraints(strip_whitespace=True), AfterValidator(_full_date), EditorPattern(_FULL_DATE.pattern)
]
LanguageTag = Annotated[
    str, StringConstraints(strip_whitespace=True), AfterValidator(_language_tag), EditorPattern(_LANGUAGE_TAG.pattern)
]
Level = Literal[CONFIDENCE_LEVELS]  # type: ignore[valid-type]
Estimates = Literal[ESTIMATES]  # type: ignore[valid-type]


class StrictModel(BaseModel):
    """Base for every content model: unknown keys are errors, since they are usually typos."""

    # Numbers are accepted where text is expected: `version: 1.0` or `date: 2007` are not mistakes.
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True, coerce_numbers_to_str=True)


class Meta(StrictModel):
    """Title, edition, marking and language: the cover and the PDF's metadata.

    Only the title and the date are required; everything else prints when given.
    """

    title: Plain
    """The full title, as on the cover."""
    short_title: Plain | None = None
    """The title in the running header (default: the title)."""
    subtitle: Plain | None = None
    date: FullDate
    """The date of this edition, YYYY-MM-DD."""
    information_as_of: PartialDate | Published | None = None
    """How current the information is, printed under the title: a date (2025-06), or a date with the
    words to print (``{date: 2025-03, label: early 2025}``). Default: the newest source's date, as printed."""
    author: Plain | None = None
    """The author or authors, as they should be credited."""
    organisation: Plain | None = None
    contact: Plain | None = None
    """A contact line for readers, e.g. an address or a desk's e-mail."""
    citation: Plain | None = None
    """How to cite this briefing (default: built from author, title, organisation and date)."""
    licence: Plain | None = None
    """A copyright or licence line, e.g. © 2026 Briefing Project, CC BY 4.0."""
    marking: Plain | None = None
    """The handling marking, e.g. OPEN SOURCE — FOR DISCUSSION, printed on every page."""
    version: Plain | None = None
    language: LanguageTag = "en"
    """BCP 47 language tag (en-GB, en-US, fr, de): the labels, dates, quotation marks and the PDF's language."""
    keywords: list[Plain] = []
    coverage: Prose | None = None
    """What the briefing is based on and how current its sources are."""
    paper: Literal["a4", "letter"] = "a4"
    """The paper size; `briefing build --paper` overrides it."""
    estimates: Estimates = "icd203"
    """The likelihood yardstick: icd203 (US), phia (UK) or none (judgments without likelihood labels)."""
    chronology: bool = True
    """Gather every timeline into one chronology (true), or print each section's timeline in place (false)."""

    @property
    def edition(self) -> str:
        """Title, date and version: what names this edition; its document IDs are derived from it."""
        return "\n".join([self.title, self.date, self.version or ""])


class BottomLine(StrictModel):
    """The cover's bottom line up front: three questions a reader asks first. Each prints when given."""

    whats_new: Prose | None = None
    why_it_matters: Prose | None = None
    what_to_do: Prose | None = None


class KeyJudgment(StrictModel):
    """One key judgment, with its likelihood and the confidence behind it."""

    text: Prose
    """The judgment, stated with its likelihood term; cite its evidence."""
    # The terms depend on meta.estimates and the language, so editors are offered every one, none enforced.
    likelihood: Plain | None = Field(default=None, json_schema_extra={"examples": [*all_terms()]})
    """A term of the chosen yardstick (meta.estimates), in the briefing's language; required unless it is none."""
    confidence: Level | None = None


class WatchItem(StrictModel):
    """An indicator a reader should look for, cited or marked as the briefing's own judgement."""

    text: Prose
    judgement: bool = False
    """True when the indicator is the briefing's own judgement rather than a source's; it then needs no citation."""


class About(StrictModel):
    """What the note on method says about this briefing's sources and limits, when the defaults do not fit."""

    method: Prose | None = None
    """How the sources were chosen and used; by default, a sentence built from the counts."""
    limits: Prose | None = None
    """What the sources cannot tell; printed only when given."""


class BriefingFile(StrictModel):
    """content/briefing.yaml."""

    meta: Meta
    bottom_line: BottomLine | None = None
    key_judgments: list[KeyJudgment] = []
    sections: list[Slug] = Field(min_length=1)
    """Section file names under content/sections/, without .yaml, in reading order."""
    at_a_glance: list[Slug] = Field(default=[], max_length=8)
    """Ids of the key figures for the "key figures at a glance" panel, in order."""
    watch: list[WatchItem] = []
    """What to watch: indicators printed after the key judgments."""
    abbreviations: dict[str, Plain] = {}
    """Abbreviations and what they stand for, printed as a list; each must be spelled out at first use."""
    about: About | None = None
    labels: dict[str, Plain] = {}
    """Fixed words to print differently, by label key (see briefing/labels/en.yaml)."""


class KeyFigure(StrictModel):
    """A number as a source gives it, with what it measures, its period and who produced it."""

    id: Slug | None = None
    """Needed to use the figure in a chart or in the at-a-glance panel."""
    value: FigureValue
    """The number exactly as the source gives it, e.g. "3,000 to 4,000"."""
    measures: Plain
    """What the number counts; figures with the same ``measures`` are compared."""
    period: Plain
    producer: Plain | None = None
    """Who produced the number (e.g. PIPS), as opposed to who reported it; printed only when known."""
    source: SourceRef
    """The article that reported it."""
    note: Prose | None = None
    in_table: bool | None = None
    """Print in the section's table of figures; by default a figure shown at a glance is not repeated there."""


class Quote(StrictModel):
    """A pull quote, verbatim from the archived source."""

    text: QuoteText
    """Verbatim from the archived source."""
    speaker: Plain
    role: Plain
    source: SourceRef
    named_as: list[Plain] = []
    """How the source names the speaker near the quote, when not by surname (e.g. "a religious scholar")."""


class TimelineEvent(StrictModel):
    """A dated event; every section's events also make up the chronology."""

    date: PartialDate
    label: Plain | None = None
    """How to print the date when it is not exact, e.g. "late 2024"."""
    approximate: bool = False
    event: Prose
    source: SourceRef
    key: bool = False
    """Emphasised in the chronology: a turning point."""


class Criterion(StrictModel):
    """What the options matrix rates every option against."""

    id: Slug
    name: Plain
    favourable: Literal["high", "low"]
    """Which end of the scale is good for the policy's aims."""


class Rating(StrictModel):
    """One cell of the options matrix."""

    rating: Level
    basis: Prose
    """The cited statement the rating rests on."""


class PolicyOption(StrictModel):
    """A policy option, compared side by side with the others."""

    name: Plain
    description: Prose
    advantages: list[Prose] = Field(min_length=1)
    risks: list[Prose] = Field(min_length=1)
    advocates: list[Prose] = Field(min_length=1)
    """Who argues for it, with a citation."""
    ratings: dict[str, Rating] = {}
    """One rating per criterion of the section, keyed by criterion id."""


class ChartPoint(StrictModel):
    """One bar: a key figure's number and its label."""

    figure: Slug
    """The id of a key figure; the plotted number is the one in its value."""
    label: Plain
    """The bar's label, e.g. the period in short."""


class ChartPanel(StrictModel):
    """One panel of bars, side by side with the chart's other panels."""

    title: Plain
    points: list[ChartPoint] = Field(min_length=1, max_length=8)


class Chart(StrictModel):
    """A bar chart of key figures, drawn with matplotlib."""

    id: Slug
    title: Plain
    caption: Prose | None = None
    panels: list[ChartPanel] = Field(min_length=1, max_length=3)


class Place(StrictModel):
    """A place on a locator map, from a gazetteer (say which in a comment)."""

    name: Plain
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    kind: Literal["capital", "city", "town", "area"] = "city"
    """capital and city get a filled dot, town a hollow one, area (a province, a district) only its name."""


class MapLayer(StrictModel):
    """A GeoJSON file in the project, drawn as borders or as areas."""

    file: Plain
    """Path of the GeoJSON file, relative to the project folder (features need a 'name' property)."""
    highlight: list[Plain] = []
    """Names of features to shade: the places the briefing is about."""
    style: Literal["borders", "areas"] = "borders"
    """borders: countries, solid lines; areas: provinces or districts, dashed, with their names."""


class LocatorMap(StrictModel):
    """A locator map drawn from GeoJSON in the project, with the places the text names."""

    id: Slug
    title: Plain
    caption: Prose | None = None
    bounds: list[float] = Field(min_length=4, max_length=4)
    """west, south, east, north, in degrees."""
    layers: list[MapLayer] = Field(min_length=1)
    places: list[Place] = []
    attribution: Plain
    """Who made the map's data, as its licence asks (e.g. "Borders: Natural Earth")."""


class Box(StrictModel):
    """A boxed aside: a case study, a profile or a definition, set apart from the argument."""

    title: Plain
    text: Prose
    """One paragraph, with citations like any prose."""


class SectionFile(StrictModel):
    """One file under content/sections/. Its content types print in the order declared here."""

    title: Plain
    summary: Prose
    maps: Annotated[list[LocatorMap], Printed("map")] = []
    charts: Annotated[list[Chart], Printed("chart")] = []
    key_points: Annotated[list[Prose], Printed("key_points"), Field(min_length=1)]
    analysis: Annotated[list[Prose], Printed("analysis")] = []
    """Paragraphs of discussion after the key points."""
    boxes: Annotated[list[Box], Printed("box")] = []
    quotes: Annotated[list[Quote], Printed("quote")] = []
    figures: Annotated[list[KeyFigure], Printed("figures")] = []
    timeline: Annotated[list[TimelineEvent], Printed("timeline")] = []
    options: Annotated[list[PolicyOption], Printed("options")] = []
    criteria: Annotated[list[Criterion], Printed("matrix")] = []
    """What the options are rated against, in the options matrix."""

    def blocks(self) -> list[Block]:
        """The section's content types that have something to print, in print order."""
        return [
            Block(printed.partial, name, getattr(self, name))
            for name, printed in PRINTED_FIELDS.items()
            if getattr(self, name)
        ]


@dataclass(frozen=True)
class Block:
    """One content type of a section, ready for its partial template."""

    partial: str
    field: str
    items: list[Any]


def _printed_fields(model: type[BaseModel], heading: set[str]) -> dict[str, Printed]:
    """Every field's ``Printed`` marker; a field with none would validate and never print."""
    printed = {}
    for name, info in model.model_fields.items():
        marker = next((m for m in info.metadata if isinstance(m, Printed)), None)
        if marker is None and name not in heading:
            raise TypeError(f"{model.__name__}.{name} has no Printed(...) marker: say which partial prints it")
        if marker is not None:
            printed[name] = marker
    return printed


PRINTED_FIELDS = _printed_fields(SectionFile, heading={"title", "summary"})


#: What ``archive:`` says for a source that has no archived text.
NOT_ARCHIVED = "none"


class Published(StrictModel):
    """When a source was published, and how we know."""

    date: PartialDate
    label: Plain | None = None
    """How to print the date when the source supports no more, e.g. "autumn 2022"."""
    approximate: bool = False
    basis: Plain | None = None
    """Why the date is what it is, when it is not printed in the source."""


class Source(StrictModel):
    """One entry of the source list."""

    id: Slug
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
    """Path of the archived text, relative to the project folder; ``none`` for a book, an interview or a dataset."""
    notes: Plain | None = None
    language: LanguageTag | None = None
    """The language of the archived text, when it is not the briefing's (for reading its numbers)."""

    @property
    def archived(self) -> bool:
        return self.archive.casefold() != NOT_ARCHIVED


class SourcesFile(StrictModel):
    """content/sources.yaml; the order here is the numbering in the appendix."""

    sources: list[Source] = Field(min_length=1)


# --- reading a model by what its fields are ---------------------------------------------


@dataclass(frozen=True)
class Leaf:
    """One string in a loaded model: where it is, what kind it is, and the model that holds it."""

    path: KeyPath
    kind: Kind
    value: str
    owner: BaseModel

    @property
    def sibling_source(self) -> str | None:
        """The ``source`` of the model holding this string (a figure's note cites its figure's source)."""
        source = getattr(self.owner, "source", None)
        return source if isinstance(source, str) else None


def leaves(model: BaseModel, path: KeyPath = ()) -> Iterator[Leaf]:
    """Every string in ``model``, depth first in field order, with its kind from the field's type."""
    for name, info in type(model).model_fields.items():
        if name in model.model_fields_set or name in model.__dict__:  # a salvaged model may lack fields
            yield from _walk(getattr(model, name), info.annotation, list(info.metadata), path + (name,), model)


def _walk(value: Any, annotation: Any, metadata: list[Any], path: KeyPath, owner: BaseModel) -> Iterator[Leaf]:
    while typing.get_origin(annotation) is Annotated:
        annotation, *extra = typing.get_args(annotation)
        metadata = metadata + extra
    if value is None:
        return
    if isinstance(value, BaseModel):
        yield from leaves(value, path)
        return
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
        yield from _walk(value, annotation, metadata, path, owner)
        return
    if isinstance(value, list):
        (item,) = typing.get_args(annotation)
        for index, element in enumerate(value):
            yield from _walk(element, item, [], path + (index,), owner)
    elif isinstance(value, dict):
        _key, item = typing.get_args(annotation)
        for key, element in value.items():
            yield from _walk(element, item, [], path + (key,), owner)
    elif isinstance(value, str):
        kind = next((m for m in metadata if isinstance(m, Kind)), PLAIN)
        yield Leaf(path, kind, value, owner)
