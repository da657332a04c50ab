"""The ``briefing check`` rules: every quote, figure and citation traced to its archived source.

Pure functions from a loaded ``Briefing`` (plus the archived texts it points to)
to a ``CheckReport``. ``briefing build`` runs the same checks before printing.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from briefing.citations import ALLOWED_LINK_SCHEMES, find_citations, strip_citations
from briefing.errors import ERROR, WARNING, ContentError, Problem, did_you_mean
from briefing.estimative import CONFIDENCE_LEVELS, LIKELIHOOD_TERMS, wording_of
from briefing.load import Briefing, load_project
from briefing.project import Project
from briefing.yamlfile import YamlDocument

#: An archived article is tens of kilobytes; anything this large is not one.
MAX_ARCHIVE_BYTES = 5_000_000

#: How far apart two fragments of a quote (split at "…" or "[insertion]") may lie in the source.
MAX_QUOTE_GAP = 400

#: Fields whose text is not prose and carries no numbers to trace.
_NOT_PROSE = {"text", "source", "date", "label", "value", "period", "producer", "measures", "speaker",
              "role", "title", "short_title", "subtitle", "likelihood", "confidence", "name",
              "id", "archive", "url", "kind", "outlet", "author", "marking", "version", "language",
              "organisation", "keywords", "sections", "at_a_glance", "rating", "favourable", "figure"}


@dataclass(frozen=True)
class Disagreement:
    """Figures that measure the same thing but come from different sources or periods."""

    measures: str
    figures: list[dict[str, str]]


@dataclass
class CheckReport:
    """Everything ``briefing check`` found, and what it verified."""

    problems: list[Problem] = field(default_factory=list)
    citations: int = 0
    quotes_verified: int = 0
    figures_traced: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def summary(self) -> str:
        def count(n: int, noun: str) -> str:
            return f"{n} {noun}{'' if n == 1 else 's'}"

        return (
            f"{count(self.citations, 'citation')}, {count(self.quotes_verified, 'quote')} verified, "
            f"{count(self.figures_traced, 'figure')} traced, {count(len(self.errors), 'error')}, "
            f"{count(len(self.warnings), 'warning')}"
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
            "disagreements": [asdict(d) for d in self.disagreements],
        }


def check_project(project: Project, *, strict: bool = False) -> tuple[Briefing | None, CheckReport]:
    """Load and check ``project``; loading errors come back in the report, not as an exception.

    With ``strict``, every warning counts as an error.
    """
    try:
        briefing = load_project(project)
    except ContentError as err:
        briefing, report = None, CheckReport(problems=err.problems)
    else:
        report = check(briefing)
    if strict:
        report.problems = [problem.as_error() for problem in report.problems]
    return briefing, report


def check(briefing: Briefing) -> CheckReport:
    """Run every rule on a loaded briefing."""
    report = CheckReport(problems=list(briefing.warnings))
    archives = _read_archives(briefing, report)
    _check_quotes(briefing, archives, report)
    _check_figures(briefing, archives, report)
    _check_text(briefing, archives, report)
    _check_judgments(briefing, report)
    _check_figure_references(briefing, report)
    _check_options(briefing, report)
    report.disagreements = find_disagreements(briefing)
    return report


def _read_archives(briefing: Briefing, report: CheckReport) -> dict[str, str]:
    doc = briefing.docs["content/sources.yaml"]
    archives = {}
    for index, source in enumerate(briefing.sources):
        file = briefing.project.root / source.archive
        where = ("sources", index, "archive")
        archives[source.id] = ""
        if file.stat().st_size > MAX_ARCHIVE_BYTES:
            report.problems.append(doc.problem(where, f"archive '{source.archive}' is over {MAX_ARCHIVE_BYTES:,} bytes; keep only the article text"))
            continue
        try:
            archives[source.id] = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            report.problems.append(doc.problem(where, f"archive '{source.archive}' is not UTF-8; save it as UTF-8"))
    return archives


# --- quotes --------------------------------------------------------------------------

_QUOTE_CHARS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"',
                              "‟": '"', "″": '"', "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-", "‐": "-"})


def normalise(text: str) -> str:
    """Fold the differences a quote may have from its source: whitespace, quote marks, dashes."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTE_CHARS)
    text = re.sub(r"\s*-+\s*", " - ", text)  # "A—B", "A - B" and "A -- B" all compare equal
    return re.sub(r"\s+", " ", text).strip()


def quote_fragments(quote: str) -> list[str]:
    """The parts of a quote that must appear in order: split at ellipses and [insertions]."""
    parts = re.split(r"\s*(?:\.\.\.|…|\[[^\]]*\])\s*", normalise(quote))
    return [part.strip(" ,;:\"'") for part in parts if part.strip(" .,;:\"'")]


def find_quote(quote: str, archive: str) -> tuple[bool, str]:
    """Whether ``quote`` appears in ``archive`` (gaps allowed), and otherwise the closest passage."""
    text = normalise(archive)
    fragments = quote_fragments(quote)
    if _match_from(text, fragments, 0, None):
        return True, ""
    # Report against the longest fragment: it says most about where the quote went wrong.
    return False, closest_passage(max(fragments, key=len, default=""), text)


def _match_from(text: str, fragments: list[str], start: int, previous_end: int | None) -> bool:
    """Match fragments in order, trying every occurrence, each within MAX_QUOTE_GAP of the last."""
    if not fragments:
        return True
    fragment, rest = fragments[0], fragments[1:]
    found = _find_fragment(text, fragment, start)
    while found >= 0:
        if previous_end is not None and found - previous_end > MAX_QUOTE_GAP:
            return False
        if _match_from(text, rest, found + len(fragment), found + len(fragment)):
            return True
        found = _find_fragment(text, fragment, found + 1)
    return False


def _find_fragment(text: str, fragment: str, start: int) -> int:
    # A quote may begin mid-sentence in lower case, or be capitalised at its start.
    found = text.find(fragment, start)
    if found < 0 and fragment:
        found = text.find(fragment[0].swapcase() + fragment[1:], start)
    return found


def closest_passage(fragment: str, text: str) -> str:
    """The stretch of ``text`` sharing the longest run with ``fragment``, as long as the fragment."""
    matcher = difflib.SequenceMatcher(None, text, fragment, autojunk=False)
    match = matcher.find_longest_match(0, len(text), 0, len(fragment))
    start = max(0, match.a - match.b)
    end = min(len(text), start + len(fragment))
    # Widen to whole words so the author sees complete words, punctuation included.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    passage = text[start:end].strip("\"',;: ")  # the message wraps it in quote marks itself
    return passage if len(passage) <= 160 else passage[:157] + "..."


def _check_quotes(briefing: Briefing, archives: dict[str, str], report: CheckReport) -> None:
    paths = {s.id: s.archive for s in briefing.sources}
    for section in briefing.sections:
        for index, quote in enumerate(section.content.quotes):
            found, closest = find_quote(quote.text, archives.get(quote.source, ""))
            if found:
                report.quotes_verified += 1
            else:
                report.problems.append(
                    section.doc.problem(
                        ("quotes", index, "text"),
                        f"quote not found verbatim in {paths[quote.source]}; closest passage: “{closest}”",
                    )
                )


# --- numbers and figures -------------------------------------------------------------

_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s*(%|per\s?cent|percent)|\s*(bn|billion|million|m)\b)?",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(r"\b((\d{2})\d{2})\s*[–-]\s*(\d{2})\b(?![\d,])")


def numbers_in(text: str) -> set[tuple[float, str]]:
    """Numbers in ``text`` as (value, unit): 6,000 = 6000; 51% = 51 percent; $7bn = $7 billion."""
    text = _YEAR_RANGE.sub(lambda m: f"{m.group(1)} to {m.group(2)}{m.group(3)}", text)
    found = set()
    for match in _NUMBER.finditer(text):
        value = float(match.group(1).replace(",", ""))
        unit = "%" if match.group(2) else (match.group(3) or "").lower()
        unit = {"bn": "billion", "m": "million"}.get(unit, unit)
        found.add((value, unit))
    return found


def _shown(number: tuple[float, str]) -> str:
    value, unit = number
    if value != int(value):
        text = f"{value:,}"
    else:
        text = f"{value:.0f}" if value < 10_000 else f"{value:,.0f}"  # years print as 2024, not 2,024
    return text + ("%" if unit == "%" else f" {unit}" if unit else "")


def _check_figures(briefing: Briefing, archives: dict[str, str], report: CheckReport) -> None:
    paths = {s.id: s.archive for s in briefing.sources}
    for section in briefing.sections:
        for index, figure in enumerate(section.content.figures):
            wanted = numbers_in(figure.value)
            missing = wanted - numbers_in(archives.get(figure.source, ""))
            if not wanted:
                report.problems.append(section.doc.problem(("figures", index, "value"), f"figure '{figure.value}' has no number in it"))
            elif missing:
                shown = ", ".join(sorted(_shown(n) for n in missing))
                report.problems.append(
                    section.doc.problem(("figures", index, "value"), f"figure '{figure.value}': {shown} not found in {paths[figure.source]}")
                )
            else:
                report.figures_traced += 1


def _check_text(briefing: Briefing, archives: dict[str, str], report: CheckReport) -> None:
    """Count citations, trace numbers in cited prose, flag unsafe links and uncited sources."""
    cited: set[str] = set()
    # A number in prose may also come from what the appendix prints about a source:
    # its date and the stated basis of an inferred date ("'last year' (2024)").
    records = {s.id: f"{s.published.date} {s.published.basis or ''}" for s in briefing.sources}
    for path, doc in briefing.docs.items():
        if path == "content/sources.yaml":
            continue
        for key_path, value, sibling_source in _prose(doc):
            found, _malformed = find_citations(value)
            ids = [i for c in found for i in c.ids]
            report.citations += len(ids)
            cited.update(ids)
            _check_links(doc, key_path, value, report)
            sources = ids or ([sibling_source] if sibling_source else [])
            if sources:
                _trace_numbers(doc, key_path, value, sources, archives, records, report)
                _check_inline_quotes(doc, key_path, value, sources, archives, report)
        for key_path, value in doc.strings():
            if key_path[-1] == "source":
                report.citations += 1
                cited.add(value)
    doc = briefing.docs["content/sources.yaml"]
    for index, source in enumerate(briefing.sources):
        if source.id not in cited:
            report.problems.append(doc.problem(("sources", index, "id"), f"source '{source.id}' is never cited", WARNING))


def _trace_numbers(doc, key_path, value, sources, archives, records, report) -> None:
    sources = list(dict.fromkeys(sources))
    prose = re.sub(r"\]\([^)]*\)", " ", strip_citations(value))  # not the digits of ids or URLs
    available = set().union(*(numbers_in(archives.get(s, "") + " " + records.get(s, "")) for s in sources))
    for number in sorted(numbers_in(prose) - available):
        report.problems.append(
            doc.problem(key_path, f"{_shown(number)} is not in the cited source{'s' if len(sources) > 1 else ''} "
                        f"({', '.join(sources)}); check the number or cite where it comes from", WARNING)
        )


_INLINE_QUOTE = re.compile(r"[“\"]([^”\"]+)[”\"]")


def _check_inline_quotes(doc, key_path, value, sources, archives, report) -> None:
    """A quotation inside prose must be in one of the sources the field cites, like any quote."""
    for match in _INLINE_QUOTE.finditer(value):
        quoted = match.group(1)
        if not any(find_quote(quoted, archives.get(s, ""))[0] for s in dict.fromkeys(sources)):
            closest = max((closest_passage(quoted, normalise(archives.get(s, ""))) for s in sources),
                          key=lambda passage: difflib.SequenceMatcher(None, passage, quoted).ratio())
            report.problems.append(
                doc.problem(key_path, f"quotation “{quoted}” is not in the cited source{'s' if len(set(sources)) > 1 else ''}; "
                            f"closest passage: “{closest}”")
            )


def _check_links(doc: YamlDocument, key_path, value: str, report: CheckReport) -> None:
    for match in re.finditer(r"\]\(\s*([^)\s]+)", value):
        if not match.group(1).lower().startswith(ALLOWED_LINK_SCHEMES):
            report.problems.append(
                doc.problem(key_path, f"link to '{match.group(1)}' dropped; links may use http, https or mailto", WARNING)
            )


def _prose(doc: YamlDocument):
    """(key path, text, the enclosing mapping's 'source' id if any) for every prose string."""
    for key_path, value in doc.strings():
        if any(part in _NOT_PROSE for part in key_path if isinstance(part, str)):
            continue
        mappings = (doc.value_at(key_path[:n]) for n in range(len(key_path) - 1, -1, -1))
        owner = next((m for m in mappings if isinstance(m, dict)), {})
        source = owner.get("source")
        yield key_path, value, source if isinstance(source, str) else None


# --- figure ids, charts, the at-a-glance panel, the options matrix --------------------

def figures_by_id(briefing: Briefing) -> dict[str, Any]:
    """Every key figure that has an id, across all sections."""
    return {f.id: f for s in briefing.sections for f in s.content.figures if f.id}


def _check_figure_references(briefing: Briefing, report: CheckReport) -> None:
    seen: dict[str, str] = {}
    for section in briefing.sections:
        for index, figure in enumerate(section.content.figures):
            if figure.id in seen:
                report.problems.append(section.doc.problem(("figures", index, "id"), f"figure id '{figure.id}' is used twice (also in {seen[figure.id]})"))
            elif figure.id:
                seen[figure.id] = section.doc.path
    known = sorted(seen)

    def unknown(figure_id: str) -> str:
        return f"unknown figure id '{figure_id}'; " + did_you_mean(figure_id, known, f"add 'id: {figure_id}' to a key figure")

    doc = briefing.docs["content/briefing.yaml"]
    for index, figure_id in enumerate(briefing.file.at_a_glance):
        if figure_id not in seen:
            report.problems.append(doc.problem(("at_a_glance", index), unknown(figure_id)))
    figures = figures_by_id(briefing)
    for section in briefing.sections:
        for c, chart in enumerate(section.content.charts):
            for p, panel in enumerate(chart.panels):
                for i, point in enumerate(panel.points):
                    where = ("charts", c, "panels", p, "points", i, "figure")
                    if point.figure not in seen:
                        report.problems.append(section.doc.problem(where, unknown(point.figure)))
                    elif len(numbers_in(figures[point.figure].value)) != 1:
                        report.problems.append(section.doc.problem(where, f"figure '{point.figure}' ({figures[point.figure].value}) needs exactly one number to plot"))


def _check_options(briefing: Briefing, report: CheckReport) -> None:
    """Every option rates every criterion of its section, and nothing else."""
    for section in briefing.sections:
        criteria = [c.id for c in section.content.criteria]
        for index, option in enumerate(section.content.options):
            for criterion in criteria:
                if criterion not in option.ratings:
                    report.problems.append(section.doc.problem(("options", index, "ratings"), f"option '{option.name}' has no rating for '{criterion}'"))
            for criterion in option.ratings:
                if criterion not in criteria:
                    hint = did_you_mean(criterion, criteria, "add it under criteria")
                    report.problems.append(section.doc.problem(("options", index, "ratings", criterion), f"unknown criterion '{criterion}'; {hint}"))


# --- disagreements -------------------------------------------------------------------

def find_disagreements(briefing: Briefing) -> list[Disagreement]:
    """Groups of figures with the same ``measures`` from different sources or periods."""
    groups: dict[str, list] = {}
    for section in briefing.sections:
        for figure in section.content.figures:
            groups.setdefault(" ".join(figure.measures.casefold().split()), []).append(figure)
    found = []
    for figures in groups.values():
        if len({(f.source, f.period) for f in figures}) > 1:
            found.append(
                Disagreement(
                    figures[0].measures,
                    [{"value": f.value, "period": f.period, "producer": f.producer, "source": f.source} for f in figures],
                )
            )
    return found


# --- analytic standards (ICD 203) ----------------------------------------------------

_ADVERBS = {"probably": "probable", "improbably": "improbable", "almost certainly": "almost certain"}
_TERMS_LONGEST_FIRST = sorted(LIKELIHOOD_TERMS + tuple(_ADVERBS), key=len, reverse=True)
_TERM_PATTERN = re.compile(r"\b(" + "|".join(re.escape(t) for t in _TERMS_LONGEST_FIRST) + r")\b", re.IGNORECASE)
_CONFIDENCE_PATTERN = re.compile(
    r"\b(?:(?:" + "|".join(CONFIDENCE_LEVELS) + r")(?:-|\s)confidence|confidence\s+(?:is\s+)?(?:"
    + "|".join(CONFIDENCE_LEVELS) + r"))\b", re.IGNORECASE
)


def _term(word: str) -> str:
    word = word.lower()
    return _ADVERBS.get(word, word)


def _check_judgments(briefing: Briefing, report: CheckReport) -> None:
    doc = briefing.docs["content/briefing.yaml"]
    wordings = {}
    for index, judgment in enumerate(briefing.file.key_judgments):
        where = ("key_judgments", index)
        wordings.setdefault(wording_of(judgment.likelihood), index)
        text = strip_citations(judgment.text)
        for sentence in re.split(r"(?<=[.;!?])\s+", text):
            terms = [_term(m.group(1)) for m in _TERM_PATTERN.finditer(sentence)]
            if terms and _CONFIDENCE_PATTERN.search(sentence):
                report.problems.append(doc.problem(where + ("text",), "states likelihood and confidence in the same sentence; give confidence only in 'confidence'"))
            for term in terms:
                if wording_of(term) != wording_of(judgment.likelihood):
                    report.problems.append(doc.problem(where + ("text",), f"mixes the scale's two wordings: '{term}' in the text, '{judgment.likelihood}' in likelihood"))
                elif term != judgment.likelihood:
                    report.problems.append(doc.problem(where + ("text",), f"the text says '{term}' but likelihood is '{judgment.likelihood}'; make them agree"))
        if not _TERM_PATTERN.search(text):
            report.problems.append(doc.problem(where + ("text",), f"state the likelihood in the text ('{judgment.likelihood}')", WARNING))
    if len(wordings) > 1:
        first = min(wordings.values())
        other = max(wordings.values())
        report.problems.append(
            doc.problem(("key_judgments", other, "likelihood"),
                        f"judgments mix the scale's two wordings (judgment {first + 1} uses one, judgment {other + 1} the other); use one")
        )
