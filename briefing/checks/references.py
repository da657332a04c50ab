"""Every id in one home: sources and their citations, figures, criteria, and the links in prose.

Ids are checked against what is declared, even where a declaring entry has
other errors, so one mistake does not cascade into a page of "unknown id".
"""

from __future__ import annotations

import re

from briefing.checks.report import CheckReport
from briefing.citations import ALLOWED_LINK_SCHEMES, find_citations
from briefing.errors import WARNING, did_you_mean
from briefing.load import Content
from briefing.model import PROSE, SOURCE_REF, KeyFigure, leaves
from briefing.text import numbers_in
from briefing.yamlfile import YamlDocument

#: More citations than this in one paragraph is a mistake (or an attempt to stall the layout).
MAX_CITATIONS_PER_FIELD = 300


def check(content: Content, report: CheckReport) -> None:
    declared = _declared_sources(content, report)
    cited = _citations(content, declared, report)
    _uncited(content, cited, report)
    _figures(content, report)
    _ratings(content, report)
    _map_layers(content, report)


def _declared_sources(content: Content, report: CheckReport) -> set[str] | None:
    """Ids in sources.yaml, valid entries or not; duplicates are errors. None if the file is unreadable."""
    doc = content.sources_doc
    if doc is None:
        return None
    entries = doc.data.get("sources")
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        source_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(source_id, str):
            continue
        source_id = source_id.strip()
        if source_id in seen:
            report.problems.append(
                doc.problem(
                    ("sources", index, "id"), f"duplicate source id '{source_id}' (also source {seen[source_id] + 1})"
                )
            )
        seen.setdefault(source_id, index)
    return set(seen)


def _citations(content: Content, declared: set[str] | None, report: CheckReport) -> set[str]:
    """Count citations and report unknown ids, malformed marks and unsafe links; return the ids cited."""
    cited: set[str] = set()
    for doc, model in content.documents():
        for leaf in leaves(model):
            if leaf.kind is SOURCE_REF:
                ids = [leaf.value]
            elif leaf.kind is PROSE:
                found, malformed = find_citations(leaf.value)
                ids = [source_id for citation in found for source_id in citation.ids]
                if len(ids) > MAX_CITATIONS_PER_FIELD:
                    report.problems.append(
                        doc.problem(
                            leaf.path,
                            f"{len(ids):,} citations in one field; at most {MAX_CITATIONS_PER_FIELD} are "
                            "allowed: cite each source once per statement",
                        )
                    )
                for _offset, message in malformed:
                    report.problems.append(doc.problem(leaf.path, message))
                _links(doc, leaf.path, leaf.value, report)
            else:
                continue
            report.citations += len(ids)
            cited.update(ids)
            _unknown(doc, leaf.path, ids, declared, report)
    return cited


def _unknown(
    doc: YamlDocument, key_path: tuple[str | int, ...], ids: list[str], declared: set[str] | None, report: CheckReport
) -> None:
    if declared is None:
        return
    for source_id in ids:
        if source_id not in declared:
            hint = did_you_mean(source_id, declared, "add it to content/sources.yaml")
            report.problems.append(doc.problem(key_path, f"unknown source id '{source_id}'; {hint}"))


def _links(doc: YamlDocument, key_path: tuple[str | int, ...], value: str, report: CheckReport) -> None:
    for match in re.finditer(r"\]\(\s*([^)\s]+)", value):
        if not match.group(1).lower().startswith(ALLOWED_LINK_SCHEMES):
            report.problems.append(
                doc.problem(
                    key_path, f"link to '{match.group(1)}' dropped; links may use http, https or mailto", WARNING
                )
            )


def _uncited(content: Content, cited: set[str], report: CheckReport) -> None:
    doc = content.sources_doc
    if doc is None:
        return
    for index, source in enumerate(content.sources):
        if source.id not in cited:
            report.problems.append(
                doc.problem(("sources", index, "id"), f"source '{source.id}' is never cited", WARNING)
            )


def _figures(content: Content, report: CheckReport) -> None:
    """Figure ids are unique; the at-a-glance panel and the charts name figures that exist."""
    figures: dict[str, tuple[str, KeyFigure]] = {}
    for section in content.sections:
        for index, figure in enumerate(section.content.figures):
            if figure.id is None:
                continue
            if figure.id in figures:
                report.problems.append(
                    section.doc.problem(
                        ("figures", index, "id"),
                        f"figure id '{figure.id}' is used twice (also in {figures[figure.id][0]})",
                    )
                )
            else:
                figures[figure.id] = (section.doc.path, figure)

    declared = content.declared_figure_ids()

    def unknown(figure_id: str) -> str:
        return f"unknown figure id '{figure_id}'; " + did_you_mean(
            figure_id, figures, f"add 'id: {figure_id}' to a key figure"
        )

    if content.file is not None and content.briefing_doc is not None:
        for index, figure_id in enumerate(content.file.at_a_glance):
            if declared is not None and figure_id not in declared:
                report.problems.append(content.briefing_doc.problem(("at_a_glance", index), unknown(figure_id)))
    for section in content.sections:
        for c, chart in enumerate(section.content.charts):
            for p, panel in enumerate(chart.panels):
                for i, point in enumerate(panel.points):
                    where = ("charts", c, "panels", p, "points", i, "figure")
                    if point.figure not in figures:
                        if declared is not None and point.figure not in declared:
                            report.problems.append(section.doc.problem(where, unknown(point.figure)))
                        continue
                    value = figures[point.figure][1].value
                    if len(numbers_in(value, content.source_language(figures[point.figure][1].source))) != 1:
                        report.problems.append(
                            section.doc.problem(
                                where, f"figure '{point.figure}' ({value}) needs exactly one number to plot"
                            )
                        )


def _map_layers(content: Content, report: CheckReport) -> None:
    """Every map layer is a readable file inside the project (read again, for drawing, at build time)."""
    from briefing.maps import MAX_LAYER_BYTES
    from briefing.project import Unreadable

    for section in content.sections:
        for m, locator in enumerate(section.content.maps):
            for n, layer in enumerate(locator.layers):
                try:
                    content.project.read(content.project.root / layer.file, limit=MAX_LAYER_BYTES, what="map layer")
                except Unreadable as err:
                    report.problems.append(section.doc.problem(("maps", m, "layers", n, "file"), str(err)))


def _ratings(content: Content, report: CheckReport) -> None:
    """Every option rates every criterion of its section, and nothing else."""
    for section in content.sections:
        criteria = [c.id for c in section.content.criteria]
        for index, option in enumerate(section.content.options):
            for criterion in criteria:
                if criterion not in option.ratings:
                    report.problems.append(
                        section.doc.problem(
                            ("options", index, "ratings"), f"option '{option.name}' has no rating for '{criterion}'"
                        )
                    )
            for criterion in option.ratings:
                if criterion not in criteria:
                    hint = did_you_mean(criterion, criteria, "add it under criteria")
                    report.problems.append(
                        section.doc.problem(
                            ("options", index, "ratings", criterion), f"unknown criterion '{criterion}'; {hint}"
                        )
                    )
