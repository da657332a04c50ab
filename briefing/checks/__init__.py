"""``briefing check``: every citation, quote and figure traced to its archived source.

The rules live one concern to a module (references, quotes, numbers,
judgments); each reads the loaded ``Content`` and writes into one
``CheckReport``. They run on whatever loaded, so an error in one file does not
hide the problems of another. ``briefing build`` runs the same checks first.
"""

from __future__ import annotations

from briefing.checks import attribution, characters, judgments, numbers, quotes, reading, references
from briefing.checks.disagreements import find_disagreements
from briefing.checks.evidence import Evidence
from briefing.checks.report import CheckReport
from briefing.load import Content, load_project
from briefing.project import Project

__all__ = ["CheckReport", "check", "check_project"]


def check_project(project: Project, *, strict: bool = False) -> tuple[Content, CheckReport]:
    """Load and check ``project``. With ``strict``, every warning counts as an error."""
    content = load_project(project)
    report = check(content)
    if strict:
        report.problems = [problem.as_error() for problem in report.problems]
    return content, report


def check(content: Content) -> CheckReport:
    """Run every rule on what loaded; the loading problems come first in the report."""
    report = CheckReport(problems=list(content.problems))
    evidence = Evidence(content)
    references.check(content, report)
    characters.check(content, report)
    quotes.check(content, evidence, report)
    numbers.check(content, evidence, report)
    judgments.check(content, report)
    attribution.check(content, evidence, report)
    reading.check(content, report)
    report.disagreements = find_disagreements(figures_of(content), content.source_language)
    return report


def figures_of(content: Content) -> list:  # type: ignore[type-arg]
    """Every key figure of every section, in reading order."""
    return [figure for section in content.sections for figure in section.content.figures]
