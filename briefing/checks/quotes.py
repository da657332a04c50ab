"""Quotes: every pull quote, and every quotation inside prose, found word for word in its source."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from briefing.checks.evidence import Evidence
from briefing.checks.report import CheckReport
from briefing.citations import cited_ids
from briefing.errors import WARNING
from briefing.load import Content
from briefing.model import PROSE, QUOTE, leaves
from briefing.text import MAX_QUOTE_FRAGMENTS, Folded, closest_passage, difference, quote_found, quote_fragments

_INLINE_QUOTE = re.compile(r"[“\"«„]\s*([^”\"»“]+?)\s*[”\"»“]")


def check(content: Content, evidence: Evidence, report: CheckReport) -> None:
    for doc, model in content.documents():
        for leaf in leaves(model):
            if leaf.kind is QUOTE and leaf.sibling_source:
                problem = _quote_problem(leaf.value, leaf.sibling_source, evidence)
                if problem is None:
                    report.quotes_verified += 1
                elif problem:
                    report.problems.append(doc.problem(leaf.path, *problem))
                    report.unverifiable += not evidence.archived(leaf.sibling_source)
            elif leaf.kind is PROSE:
                sources = cited_ids(leaf.value) or ([leaf.sibling_source] if leaf.sibling_source else [])
                for quoted in _INLINE_QUOTE.findall(leaf.value):
                    message = _quotation_problem(quoted, sources, evidence)
                    if message:
                        report.problems.append(doc.problem(leaf.path, message))


def _quote_problem(quote: str, source_id: str, evidence: Evidence) -> tuple[str, str] | tuple[()] | None:
    """(message, severity) for a pull quote; None when it is verified; () when there is nothing to check."""
    if not evidence.archived(source_id):
        return f"quote cannot be verified: its source '{source_id}' has no archived text (archive: none)", WARNING
    archive = evidence.archive(source_id)
    if archive is None:
        return ()  # unknown source or unreadable archive: reported where it is declared
    gaps = len(quote_fragments(quote)) - 1
    if gaps >= MAX_QUOTE_FRAGMENTS:
        return (
            f"quote has {gaps:,} gaps (… or [insertions]); at most {MAX_QUOTE_FRAGMENTS - 1} are allowed: "
            "quote less, or in parts",
            "error",
        )
    if quote_found(quote, archive):
        return None
    return (
        f"quote not found verbatim in {evidence.path(source_id)}: {difference(quote, archive)}; "
        f"closest passage: “{closest_passage(quote, archive)}”",
        "error",
    )


def _quotation_problem(quoted: str, sources: list[str], evidence: Evidence) -> str | None:
    """A quotation inside prose must be in one of the sources the field cites, like any quote."""
    archives: list[Folded] = [a for a in (evidence.archive(s) for s in sources) if a is not None]
    if not archives or any(quote_found(quoted, archive) for archive in archives):
        return None
    best = max(archives, key=lambda archive: fuzz.ratio(closest_passage(quoted, archive), quoted))
    plural = "s" if len(sources) > 1 else ""
    return (
        f"quotation “{quoted}” is not in the cited source{plural}: {difference(quoted, best)}; "
        f"closest passage: “{closest_passage(quoted, best)}”"
    )
