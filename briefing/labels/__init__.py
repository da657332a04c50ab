"""The fixed words a briefing prints, per language, and dates, numbers and lists in that language.

Each language's words live in a YAML table beside this module (en, en-US, fr,
de); a regional table (en-US) holds only what differs from its language's. A
project overrides any word under ``labels:`` in content/briefing.yaml. Dates,
numbers and lists are formatted by Babel from the CLDR, never by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal

from briefing.yamlfile import read_yaml

#: The table every other table falls back on, and that defines the keys.
BASE = "en"
#: Plain "en" (and any language without a table) prints dates the international way, 15 August 2021.
_INTERNATIONAL_ENGLISH = "en_001"


@cache
def _table(name: str) -> dict[str, Any]:
    """One shipped table; an empty dict when there is none for ``name``."""
    try:
        raw = resources.files("briefing.labels").joinpath(f"{name}.yaml").read_bytes()
    except FileNotFoundError:
        return {}
    doc, problems = read_yaml(raw, f"briefing/labels/{name}.yaml")
    if doc is None:  # a broken shipped table is a bug in the package, not in the content
        raise RuntimeError("; ".join(problem.format() for problem in problems))
    return dict(doc.data)


def keys() -> list[str]:
    """Every label key, from the base table."""
    return list(_table(BASE))


def shipped(language: str) -> bool:
    """Whether a table ships for ``language`` or for its primary language."""
    return bool(_table(language) or _table(language.split("-")[0]))


@dataclass(frozen=True)
class Labels:
    """The words and formats of one language, with the project's overrides applied."""

    language: str
    """The BCP 47 tag the briefing gave, e.g. en-GB."""
    words: dict[str, Any]
    locale: Locale

    def __getitem__(self, key: str) -> str:
        return str(self.words[key])

    def format(self, key: str, **values: Any) -> str:
        """A label with its {placeholders} filled in."""
        return str(self.words[key]).format(**values)

    def count(self, n: int, noun: str) -> str:
        """``3 sources``, ``1 source``, ``12 345 sources`` in the language's words and digits."""
        key = f"count_{noun}" if n == 1 else f"count_{noun}s"
        return self.format(key, n=self.number(n))

    def number(self, value: float | int) -> str:
        return format_decimal(value, locale=self.locale)

    def join(self, items: list[str]) -> str:
        """``a, b and c``, as the language writes a list."""
        return format_list(items, locale=self.locale) if items else ""

    def date(self, value: str, style: str = "long") -> str:
        """An ISO date, full (2021-08-15) or partial (2021-08, 2021), as the language prints it.

        ``long``: 15 August 2021; ``short``: 15 Aug 2021 (each in the language's own order).
        """
        parts = [int(part) for part in value.split("-")]
        if len(parts) == 1:
            return str(parts[0])
        day = dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
        if len(parts) == 2:
            return format_skeleton("yMMMM" if style == "long" else "yMMM", day, locale=self.locale)
        if style == "long":
            return format_date(day, format="long", locale=self.locale)
        return format_skeleton("yMMMd", day, locale=self.locale)

    @property
    def quotes(self) -> list[str]:
        """Opening and closing double, then single, quotation marks."""
        marks = self.words["quote_marks"]
        return list(marks) if isinstance(marks, str) else [str(mark) for mark in marks]


def labels_for(language: str, overrides: dict[str, str] | None = None) -> Labels:
    """The labels for a BCP 47 tag: its regional table over its language's over English, then ``overrides``.

    A language without a table prints in English (``shipped`` tells the caller, to warn).
    """
    primary = language.split("-")[0].lower()
    words: dict[str, Any] = dict(_table(BASE))
    if primary != BASE:
        words.update(_table(primary))
    regional = _table(language) if language != primary else {}
    words.update(regional)
    words.update(overrides or {})
    try:
        locale = Locale.parse(language, sep="-") if shipped(language) and language != BASE else None
    except (UnknownLocaleError, ValueError):
        locale = None
    return Labels(language, words, locale or Locale.parse(_INTERNATIONAL_ENGLISH))
