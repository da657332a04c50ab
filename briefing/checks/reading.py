"""What a reader meets: abbreviations spelled out at first use, a grounded watch list, current information.

- Each abbreviation in ``abbreviations:`` is spelled out where it is first used,
  in reading order (cover, judgments, what to watch, then each section from its
  title on), as "Pakistan Institute for Peace Studies (PIPS)" or the reverse.
- Each indicator in ``watch:`` cites a source or says it is the briefing's own
  judgement (``judgement: true``).
- An edition dated long after its newest source says how current it is
  (``meta.information_as_of``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from briefing.checks.report import CheckReport
from briefing.citations import cited_ids, strip_citations
from briefing.errors import WARNING
from briefing.load import Content
from briefing.model import PROSE, leaves
from briefing.yamlfile import YamlDocument

#: An edition this long after its newest source should say how current it is.
STALE_DAYS = 180


def check(content: Content, report: CheckReport) -> None:
    if content.file is None or content.briefing_doc is None:
        return
    _abbreviations(content, report)
    _watch(content, content.briefing_doc, report)
    _currency(content, content.briefing_doc, report)


def _reading_order(content: Content) -> list[tuple[YamlDocument, tuple[str | int, ...], str]]:
    """Every string a reader meets, in the order they meet it."""
    assert content.file is not None and content.briefing_doc is not None
    front = ("meta", "bottom_line", "at_a_glance", "key_judgments", "watch")
    ranked: list[tuple[int, YamlDocument, tuple[str | int, ...], str]] = [
        (front.index(str(leaf.path[0])), content.briefing_doc, leaf.path, leaf.value)
        for leaf in leaves(content.file)
        if leaf.path[0] in front and leaf.path[0] != "at_a_glance" and leaf.path[:2] != ("meta", "keywords")
    ]
    # The key figures at a glance sit on the contents page, after the cover and before the judgments.
    glance = front.index("at_a_glance")
    for figure_id in content.file.at_a_glance:
        for section in content.sections:
            for index, figure in enumerate(section.content.figures):
                if figure.id == figure_id:
                    printed = {"measures": figure.measures, "period": figure.period, "producer": figure.producer}
                    ranked += [
                        (glance, section.doc, ("figures", index, name), value)
                        for name, value in printed.items()
                        if value
                    ]
    strings = [(doc, path, text) for _rank, doc, path, text in sorted(ranked, key=lambda item: item[0])]
    for section in content.sections:
        strings += [
            (section.doc, leaf.path, leaf.value)
            for leaf in leaves(section.content)
            if leaf.kind is PROSE
            or leaf.path[0] not in ("figures", "charts", "criteria")
            or leaf.path[-1] in ("measures", "title", "name")
        ]
    return strings


def _abbreviations(content: Content, report: CheckReport) -> None:
    assert content.file is not None and content.briefing_doc is not None
    order = _reading_order(content)
    for term, expansion in content.file.abbreviations.items():
        # "US-made" and "TTP-led" are uses too: only letters and digits make a longer word.
        pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)")
        for doc, path, text in order:
            text = strip_citations(text)
            if pattern.search(text):
                if expansion.casefold() not in text.casefold():
                    report.problems.append(
                        doc.problem(
                            path,
                            f"{term} is first used here without being spelled out; write "
                            f"'{expansion} ({term})' at its first use",
                            WARNING,
                        )
                    )
                break
        else:
            report.problems.append(
                content.briefing_doc.problem(
                    ("abbreviations", term), f"abbreviation {term} is never used; remove it from the list", WARNING
                )
            )


def _watch(content: Content, doc: YamlDocument, report: CheckReport) -> None:
    assert content.file is not None
    for index, item in enumerate(content.file.watch):
        if not item.judgement and not cited_ids(item.text):
            report.problems.append(
                doc.problem(
                    ("watch", index, "text"),
                    "an indicator to watch needs a citation, or 'judgement: true' when it is "
                    "the briefing's own judgement",
                )
            )


def _currency(content: Content, doc: YamlDocument, report: CheckReport) -> None:
    assert content.file is not None
    meta = content.file.meta
    if meta.information_as_of or not content.sources:
        return
    newest = max(source.published.date for source in content.sources)
    age = (dt.date.fromisoformat(meta.date) - _last_day(newest)).days
    if age > STALE_DAYS:
        report.problems.append(
            doc.problem(
                ("meta", "date"),
                f"this edition is dated {meta.date}, {age} days after its newest source ({newest}); "
                "say how current it is with meta.information_as_of, or update it",
                WARNING,
            )
        )


def _last_day(partial: str) -> dt.date:
    """The last day a partial ISO date (2025, 2025-01, 2025-01-31) can mean."""
    parts = [int(part) for part in partial.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    year, month = parts[0], parts[1] if len(parts) == 2 else 12
    return dt.date(year, month, calendar.monthrange(year, month)[1])
