"""What ``briefing check`` found and what it verified: the report every rule writes into."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from briefing.checks.disagreements import Disagreement
from briefing.errors import Problem


def counted(n: int, noun: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass
class CheckReport:
    """Everything ``briefing check`` found, and what it verified."""

    problems: list[Problem] = field(default_factory=list)
    citations: int = 0
    quotes_verified: int = 0
    figures_traced: int = 0
    unverifiable: int = 0
    """Quotes and figures whose source has no archived text (archive: none), so no check could run."""
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def summary(self) -> str:
        return (
            f"{counted(self.citations, 'citation')}, {counted(self.quotes_verified, 'quote')} verified, "
            f"{counted(self.figures_traced, 'figure')} traced, {counted(len(self.errors), 'error')}, "
            f"{counted(len(self.warnings), 'warning')}"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "summary": {
                "citations": self.citations,
                "quotes_verified": self.quotes_verified,
                "figures_traced": self.figures_traced,
                "errors": len(self.errors),
                "warnings": len(self.warnings),
            },
            "problems": [asdict(p) for p in sorted(self.problems)],
            "disagreements": [d.as_json() for d in self.disagreements],
        }
