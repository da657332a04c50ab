"""Where the sources differ: key figures that measure the same thing, from different sources or periods."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefing.model import KeyFigure


@dataclass(frozen=True)
class Disagreement:
    """Figures that measure the same thing but come from different sources or periods."""

    measures: str
    figures: tuple[KeyFigure, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "measures": self.measures,
            "figures": [
                {"value": f.value, "period": f.period, "producer": f.producer, "source": f.source} for f in self.figures
            ],
        }


def find_disagreements(figures: list[KeyFigure]) -> list[Disagreement]:
    """Groups of ``figures`` with the same ``measures`` from different sources or periods."""
    groups: dict[str, list[KeyFigure]] = {}
    for figure in figures:
        groups.setdefault(" ".join(figure.measures.casefold().split()), []).append(figure)
    return [
        Disagreement(group[0].measures, tuple(group))
        for group in groups.values()
        if len({(f.source, f.period) for f in group}) > 1
    ]
