"""The evidence record: what the checks found, source by source, for the editor rather than the reader.

Production data stays out of the printed briefing; it is gathered here instead:
every source with everything known and not known about it (archive path and its
SHA-256, inferred dates with their basis), every quotation with the archived
paragraph it was found in, every key figure with the archived sentence that
holds its number, and every open warning. ``briefing build --format evidence``
prints it as a PDF of its own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from briefing.checks.evidence import Evidence
from briefing.checks.report import CheckReport
from briefing.load import Content
from briefing.model import FIGURE, QUOTE, Source, leaves
from briefing.text import Folded, find_quote, numbers_in, paragraph_around, sentence_around


@dataclass(frozen=True)
class SourceRecord:
    number: int
    source: Source
    sha256: str | None
    """Fingerprint of the archived text, so a later reader can tell it was not changed."""
    citations: int


@dataclass(frozen=True)
class QuoteRecord:
    text: str
    speaker: str | None
    source: str
    where: str
    """file:line of the quote."""
    passage: str | None
    """The archived paragraph it was found in; None when it was not found or cannot be checked."""


@dataclass(frozen=True)
class FigureRecord:
    value: str
    measures: str
    period: str
    producer: str | None
    source: str
    where: str
    passage: str | None


@dataclass(frozen=True)
class EvidenceRecord:
    sources: tuple[SourceRecord, ...]
    quotes: tuple[QuoteRecord, ...]
    figures: tuple[FigureRecord, ...]
    report: CheckReport


def evidence_record(content: Content, report: CheckReport) -> EvidenceRecord:
    """Gather the evidence for every source, quote and figure of ``content``."""
    evidence = Evidence(content)
    cited: dict[str, int] = {}
    quotes, figures = [], []
    for doc, model in content.documents():
        for leaf in leaves(model):
            source = leaf.sibling_source
            for source_id in _cited(leaf.value) + ([leaf.value] if leaf.kind.name == "source" else []):
                cited[source_id] = cited.get(source_id, 0) + 1
            if source is None or leaf.kind not in (QUOTE, FIGURE):
                continue
            line, _col = doc.where(leaf.path)
            where = f"{doc.path}:{line}"
            archive = evidence.archive(source)
            if leaf.kind is QUOTE:
                span = find_quote(leaf.value, archive) if archive else None
                quotes.append(
                    QuoteRecord(
                        leaf.value,
                        getattr(leaf.owner, "speaker", None),
                        source,
                        where,
                        _passage(archive, span) if archive and span else None,
                    )
                )
            else:
                passage = None
                if archive is not None:
                    language = evidence.language_of(source)
                    wanted = numbers_in(leaf.value, language)
                    for value, written in numbers_in(archive.original, language).items():
                        if value in wanted:
                            position = archive.original.find(written)
                            passage = sentence_around(archive.original, position, position + len(written))
                            break
                owner = leaf.owner
                figures.append(
                    FigureRecord(
                        leaf.value,
                        getattr(owner, "measures", ""),
                        getattr(owner, "period", ""),
                        getattr(owner, "producer", None),
                        source,
                        where,
                        passage,
                    )
                )
    records = []
    for position, entry in enumerate(content.sources, start=1):
        text = content.archives.get(entry.id)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest() if text is not None else None
        records.append(SourceRecord(position, entry, digest, cited.get(entry.id, 0)))
    return EvidenceRecord(tuple(records), tuple(quotes), tuple(figures), report)


#: A passage shown as evidence is the quote's paragraph, or its sentences when the paragraph is long.
MAX_PASSAGE = 700


def _passage(archive: Folded, span: tuple[int, int]) -> str:
    paragraph = paragraph_around(archive, *span)
    if len(paragraph) <= MAX_PASSAGE:
        return paragraph
    start, end = archive.origin[span[0]], archive.origin[span[1] - 1] + 1
    first = sentence_around(archive.original, start, start)
    last = sentence_around(archive.original, end - 1, end)
    begin = archive.original.find(first)
    finish = archive.original.find(last, max(begin, 0)) + len(last)
    return archive.original[begin:finish] if 0 <= begin < finish else first


def _cited(text: str) -> list[str]:
    from briefing.citations import find_citations

    found, _malformed = find_citations(text)
    return [source_id for citation in found for source_id in citation.ids]
