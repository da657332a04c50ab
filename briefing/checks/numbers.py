"""Numbers: every key figure's number in its source, and every number in cited prose in what it cites."""

from __future__ import annotations

import re

from briefing.checks.evidence import Evidence
from briefing.checks.report import CheckReport
from briefing.citations import cited_ids, strip_citations
from briefing.errors import ERROR, WARNING
from briefing.load import Content
from briefing.model import FIGURE, PROSE, leaves
from briefing.text import Number, numbers_in


def check(content: Content, evidence: Evidence, report: CheckReport) -> None:
    for doc, model in content.documents():
        for leaf in leaves(model):
            if leaf.kind is FIGURE and leaf.sibling_source:
                problem = _figure_problem(leaf.value, leaf.sibling_source, evidence)
                if problem:
                    report.problems.append(doc.problem(leaf.path, *problem))
                    report.unverifiable += not evidence.archived(leaf.sibling_source)
                elif evidence.archive(leaf.sibling_source) is not None:
                    report.figures_traced += 1
            elif leaf.kind is PROSE:
                sources = cited_ids(leaf.value) or ([leaf.sibling_source] if leaf.sibling_source else [])
                for written in _untraced(leaf.value, sources, evidence):
                    plural = "s" if len(sources) > 1 else ""
                    report.problems.append(
                        doc.problem(
                            leaf.path,
                            f"{written} is not in the cited source{plural} ({', '.join(sources)}); "
                            "check the number or cite where it comes from",
                            WARNING,
                        )
                    )


def _figure_problem(value: str, source_id: str, evidence: Evidence) -> tuple[str, str] | None:
    """(message, severity) when a key figure's number cannot be found in its source.

    A figure is written exactly as its source gives it, so it is read in the source's language.
    """
    wanted = numbers_in(value, evidence.language_of(source_id))
    if not wanted:
        return f"figure '{value}' has no number in it", ERROR
    if not evidence.archived(source_id):
        return (
            f"figure '{value}' cannot be verified: its source '{source_id}' has no archived text (archive: none)",
            WARNING,
        )
    if evidence.archive(source_id) is None:
        return None  # unknown source or unreadable archive: reported where it is declared
    wanted = numbers_in(value, evidence.language_of(source_id), evidence.abbreviations(source_id))
    missing = wanted.keys() - evidence.numbers(source_id).keys()
    if missing:
        shown = ", ".join(wanted[number] for number in sorted(missing))
        return f"figure '{value}': {shown} not found in {evidence.path(source_id)}", ERROR
    return None


def _untraced(value: str, sources: list[str], evidence: Evidence) -> list[str]:
    """Numbers in the prose (not in its citation marks or link targets) that no cited source holds, as written."""
    if not sources:
        return []
    prose = re.sub(r"\]\([^)]*\)", " ", strip_citations(value))
    available: set[Number] = set()
    abbreviations: dict[str, int] = {}
    for source_id in sources:
        if evidence.archive(source_id) is None:
            return []  # an unknown source, an unreadable archive or none: reported elsewhere
        available |= evidence.numbers(source_id).keys()
        available |= numbers_in(evidence.record(source_id)).keys()  # dates and bases are written in ISO and English
        abbreviations |= evidence.abbreviations(source_id)
    written = numbers_in(prose, evidence.language, abbreviations)
    return [written[number] for number in sorted(written.keys() - available)]
