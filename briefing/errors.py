"""The errors a user can cause, and the one way content problems are printed."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import IO, Any

import click

ERROR = "error"
WARNING = "warning"

#: Where a value sits in a YAML file: mapping keys and list indexes, outermost first.
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at a place in a file."""

    path: str
    line: int
    col: int
    message: str
    severity: str = ERROR

    def __post_init__(self) -> None:
        # Messages quote the author's input, which may hold newlines or control
        # characters; escape them so every problem stays on one line.
        printable = "".join(c if c.isprintable() else repr(c)[1:-1] for c in self.message)
        object.__setattr__(self, "message", printable)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_error(self) -> Problem:
        """The same problem as an error (for --strict)."""
        return replace(self, severity=ERROR)

    def format(self) -> str:
        """``file:line:col: error: message``, the form editors and CI can jump to."""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"


def did_you_mean(word: str, choices: Iterable[str], otherwise: str) -> str:
    """ "did you mean 'x'?" for the closest of ``choices``, or ``otherwise`` when none is close."""
    close = difflib.get_close_matches(str(word), sorted(choices), n=1)
    return f"did you mean '{close[0]}'?" if close else otherwise


class BriefingError(click.ClickException):
    """A failure the user can fix; click prints it without a traceback and exits 1."""

    exit_code = 1


class ContentError(BriefingError):
    """Raised once, after loading and checking, when the content has errors.

    Why: an author fixing a briefing wants every problem at once, not one per run.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.is_error]
        noun = "error" if len(errors) == 1 else "errors"
        super().__init__(f"{len(errors)} content {noun}; nothing was written.")

    def show(self, file: IO[Any] | None = None) -> None:
        for problem in self.problems:
            click.echo(problem.format(), err=True)
        click.echo(f"Error: {self.message}", err=True)
