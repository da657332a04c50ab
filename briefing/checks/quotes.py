"""Quotes: every pull quote, and every quotation inside prose, found word for word in its source."""

from __future__ import annotations

import re

from briefing.checks.evidence import Evidence
from briefing.checks.report import CheckReport
from briefing.citations import cited_ids
from briefing.load import Content
from briefing.model import PROSE, QUOTE, leaves
from briefing.text import MAX_QUOTE_FRAGMENTS, closest_passage, quote_found, quote_fragments

_INLINE_QUOTE = re.compile(r"[“\"]([^”\"]+)[”\"]")


def check(content: Content, evidence: Evidence, report: CheckReport) -> None:
    for doc, model in content.documents():
        for leaf in leaves(model):
            if leaf.kind is QUOTE and leaf.sibling_source:
                archive = evidence.archive(leaf.sibling_source)
                if archive is None:
                    continue  # unknown source or unreadable archive: reported where it is declared
                gaps = len(quote_fragments(leaf.value)) - 1
                if gaps >= MAX_QUOTE_FRAGMENTS:
                    report.problems.append(
                        doc.problem(
                            leaf.path,
                            f"quote has {gaps:,} gaps (… or [insertions]); at most {MAX_QUOTE_FRAGMENTS - 1} "
                            "are allowed: quote less, or in parts",
                        )
                    )
                elif quote_found(leaf.value, archive):
                    report.quotes_verified += 1
                else:
                    report.problems.append(
                        doc.problem(
                            leaf.path,
                            f"quote not found verbatim in {evidence.path(leaf.sibling_source)}; "
                            f"closest passage: “{closest_passage(leaf.value, archive)}”",
                        )
                    )
            elif leaf.kind is PROSE:
                sources = cited_ids(leaf.value) or ([leaf.sibling_source] if leaf.sibling_source else [])
                for quoted in _INLINE_QUOTE.findall(leaf.value):
                    problem = _quotation_problem(quoted, sources, evidence)
                    if problem:
                        report.problems.append(doc.problem(leaf.path, problem))


def _quotation_problem(quoted: str, sources: list[str], evidence: Evidence) -> str | None:
    """A quotation inside prose must be in one of the sources the field cites, like any quote."""
    archives = [a for a in (evidence.archive(s) for s in sources) if a is not None]
    if not archives or any(quote_found(quoted, archive) for archive in archives):
        return None
    from rapidfuzz import fuzz

    closest = max(
        (closest_passage(quoted, archive) for archive in archives), key=lambda passage: fuzz.ratio(passage, quoted)
    )
    plural = "s" if len(sources) > 1 else ""
    return f"quotation “{quoted}” is not in the cited source{plural}; closest passage: “{closest}”"
