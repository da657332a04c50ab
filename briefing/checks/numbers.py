"""Numbers: every key figure's number in its source, and every number in cited prose in what it cites."""

from __future__ import annotations

import re

from briefing.checks.evidence import Evidence
from briefing.checks.report import CheckReport
from briefing.citations import cited_ids, strip_citations
from briefing.errors import WARNING
from briefing.load import Content
from briefing.model import FIGURE, PROSE, leaves
from briefing.text import Number, numbers_in, shown


def check(content: Content, evidence: Evidence, report: CheckReport) -> None:
    for doc, model in content.documents():
        for leaf in leaves(model):
            if leaf.kind is FIGURE and leaf.sibling_source:
                problem = _figure_problem(leaf.value, leaf.sibling_source, evidence)
                if problem:
                    report.problems.append(doc.problem(leaf.path, problem))
                elif evidence.archive(leaf.sibling_source) is not None:
                    report.figures_traced += 1
            elif leaf.kind is PROSE:
                sources = cited_ids(leaf.value) or ([leaf.sibling_source] if leaf.sibling_source else [])
                for number in _untraced(leaf.value, sources, evidence):
                    plural = "s" if len(sources) > 1 else ""
                    report.problems.append(
                        doc.problem(
                            leaf.path,
                            f"{shown(number)} is not in the cited source{plural} ({', '.join(sources)}); "
                            "check the number or cite where it comes from",
                            WARNING,
                        )
                    )


def _figure_problem(value: str, source_id: str, evidence: Evidence) -> str | None:
    wanted = numbers_in(value)
    if not wanted:
        return f"figure '{value}' has no number in it"
    archive = evidence.archive(source_id)
    if archive is None:
        return None  # unknown source or unreadable archive: reported where it is declared
    missing = wanted - numbers_in(archive.original)
    if missing:
        return (
            f"figure '{value}': {', '.join(sorted(shown(n) for n in missing))} not found in {evidence.path(source_id)}"
        )
    return None


def _untraced(value: str, sources: list[str], evidence: Evidence) -> list[Number]:
    """Numbers in the prose (not in its citation marks or link targets) that no cited source holds."""
    if not sources:
        return []
    prose = re.sub(r"\]\([^)]*\)", " ", strip_citations(value))
    available: set[Number] = set()
    for source_id in sources:
        archive = evidence.archive(source_id)
        if archive is None:
            return []  # an unknown source or unreadable archive: reported where it is declared
        available |= numbers_in(archive.original + " " + evidence.record(source_id))
    return sorted(numbers_in(prose) - available)
