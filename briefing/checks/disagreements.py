"""Where the sources differ: key figures that measure the same thing for the same period, and do not agree.

Figures with the same ``measures`` and ``period`` are compared as ranges: "3,000
to 4,000", "more than 130" (above 130), "up to 20,000" (0 to 20,000), "about
6,000" (within a tenth), a plain number exactly. Ranges that overlap are
consistent (132 children and "more than 130" agree) and are not listed; the
same measure in different periods is a change over time, not a disagreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from briefing.model import KeyFigure
from briefing.text import numbers_in

_LOWER_BOUND = re.compile(r"\b(more than|over|at least|above|in excess of|plus de|au moins|mehr als|über)\b", re.I)
_UPPER_BOUND = re.compile(
    r"\b(up to|as many as|less than|fewer than|under|at most|nearly|almost|jusqu.à|"
    r"moins de|près de|bis zu|weniger als|fast)\b",
    re.I,
)
_ROUGHLY = re.compile(
    r"\b(about|around|roughly|some|approximately|an estimated|environ|quelque|etwa|rund|ungefähr)\b", re.I
)
_INFINITY = Decimal("Infinity")


@dataclass(frozen=True)
class Disagreement:
    """Figures for the same measure and period whose values do not agree."""

    measures: str
    figures: tuple[KeyFigure, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "measures": self.measures,
            "figures": [
                {"value": f.value, "period": f.period, "producer": f.producer, "source": f.source} for f in self.figures
            ],
        }


def value_range(value: str, language: str = "en") -> tuple[Decimal, Decimal, str] | None:
    """The range a figure's value allows, and its unit ("%" or ""); None if it holds no number."""
    numbers = sorted(numbers_in(value, language))
    if not numbers:
        return None
    low, high = numbers[0][0], numbers[-1][0]
    unit = numbers[0][1]
    if len(numbers) == 1:
        if _LOWER_BOUND.search(value):
            high = _INFINITY
        elif _UPPER_BOUND.search(value):
            low = Decimal(0)
        elif _ROUGHLY.search(value):
            low, high = low * Decimal("0.9"), high * Decimal("1.1")
    return low, high, unit


def _agree(a: tuple[Decimal, Decimal, str], b: tuple[Decimal, Decimal, str]) -> bool:
    return a[2] == b[2] and a[0] <= b[1] and b[0] <= a[1]


def find_disagreements(figures: list[KeyFigure], language_of: Any = None) -> list[Disagreement]:
    """Groups of ``figures`` with the same measure and period whose ranges do not all overlap.

    ``language_of(source_id)`` gives the language a figure's value is written in.
    """
    groups: dict[tuple[str, str], list[KeyFigure]] = {}
    for figure in figures:
        key = (" ".join(figure.measures.casefold().split()), " ".join(figure.period.casefold().split()))
        groups.setdefault(key, []).append(figure)
    found = []
    for group in groups.values():
        ranges = [value_range(f.value, language_of(f.source) if language_of else "en") for f in group]
        known = [r for r in ranges if r is not None]
        if len(known) > 1 and not all(_agree(a, b) for i, a in enumerate(known) for b in known[i + 1 :]):
            found.append(Disagreement(group[0].measures, tuple(group)))
    return found
