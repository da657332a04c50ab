"""Estimative language in the key judgments, by the yardstick the briefing chose (meta.estimates).

Each judgment states its likelihood term in its text, agreeing with its
``likelihood`` field; confidence is given apart, never in the same sentence;
under ICD 203 a briefing keeps to one of the scale's two wordings. With
``estimates: none`` judgments carry no likelihood at all.
"""

from __future__ import annotations

import re

from briefing.checks.report import CheckReport
from briefing.citations import strip_citations
from briefing.errors import ERROR, WARNING
from briefing.labels import labels_for
from briefing.load import Content
from briefing.scales import CONFIDENCE_LEVELS, SCALES, Scale

#: English adverbs that state a term of ICD 203's probability wording.
_ADVERBS = {"probably": "probable", "improbably": "improbable", "almost certainly": "almost certain"}
#: How many key judgments a reader can take in; outside this range is a warning.
ADVISED_JUDGMENTS = range(3, 8)


def _pattern(words: list[str]) -> re.Pattern[str]:
    longest_first = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in longest_first) + r")(?!\w)", re.IGNORECASE)


def check(content: Content, report: CheckReport) -> None:
    doc, file = content.briefing_doc, content.file
    if doc is None or file is None:
        return
    count = len(file.key_judgments)
    if count and count not in ADVISED_JUDGMENTS:
        report.problems.append(
            doc.problem(
                ("key_judgments",),
                f"{count} key judgments; briefings usually give {ADVISED_JUDGMENTS.start} to "
                f"{ADVISED_JUDGMENTS.stop - 1}, which a reader can take in at once",
                WARNING,
            )
        )
    language = file.meta.language
    scale = SCALES.get(file.meta.estimates)
    if scale is None:
        for index, judgment in enumerate(file.key_judgments):
            if judgment.likelihood is not None:
                report.problems.append(
                    doc.problem(
                        ("key_judgments", index, "likelihood"),
                        "'likelihood' is given but meta.estimates is none; remove it or choose a yardstick",
                    )
                )
        return

    terms = scale.terms(language)
    # English adverbs state a term too ("probably" is "probable"), where that term is on the scale.
    on_scale = {term.casefold() for term in terms}
    adverbs = {adverb: term for adverb, term in _ADVERBS.items() if term in on_scale}
    term_pattern = _pattern(terms + list(adverbs))
    levels = [labels_for(language)[f"confidence_{level}"] for level in CONFIDENCE_LEVELS] + list(CONFIDENCE_LEVELS)
    confidence_words = ["confidence", "confiance", "vertrauen", *(labels_for(language)["confidence"],)]
    confidence_pattern = re.compile(
        r"(?:"
        + "|".join(map(re.escape, levels))
        + r")[\s-]+(?:"
        + "|".join(map(re.escape, confidence_words))
        + r")|(?:"
        + "|".join(map(re.escape, confidence_words))
        + r")\s+(?:is\s+|est\s+|ist\s+)?(?:"
        + "|".join(map(re.escape, levels))
        + r")",
        re.IGNORECASE,
    )

    wordings: dict[int, int] = {}
    for index, judgment in enumerate(file.key_judgments):
        where = ("key_judgments", index)
        if judgment.likelihood is None:
            report.problems.append(doc.problem(where, f"missing 'likelihood'; give a term of the {_name(scale)} scale"))
            continue
        if scale.step_for(judgment.likelihood, language) is None:
            report.problems.append(
                doc.problem(
                    where + ("likelihood",),
                    f"'{judgment.likelihood}' is not on the {_name(scale)} likelihood scale; "
                    f"use one of: {', '.join(_first_terms(scale, language))}",
                )
            )
            continue
        wordings.setdefault(scale.wording_of(judgment.likelihood, language), index)
        for message, severity in _text_problems(
            judgment.text, judgment.likelihood, scale, language, term_pattern, confidence_pattern, adverbs
        ):
            report.problems.append(doc.problem(where + ("text",), message, severity))
    if len(wordings) > 1:
        first, other = min(wordings.values()), max(wordings.values())
        report.problems.append(
            doc.problem(
                ("key_judgments", other, "likelihood"),
                f"judgments mix the scale's two wordings (judgment {first + 1} uses one, judgment {other + 1} the other); "
                "use one",
            )
        )


def _first_terms(scale: Scale, language: str) -> list[str]:
    """Each step's first term: the wording a message suggests."""
    return [step.terms_in(scale.term_language(language))[0] for step in scale.steps]


def _name(scale: Scale) -> str:
    return {"icd203": "ICD 203", "phia": "PHIA"}[scale.id]


def _text_problems(
    text: str,
    likelihood: str,
    scale: Scale,
    language: str,
    term_pattern: re.Pattern[str],
    confidence_pattern: re.Pattern[str],
    adverbs: dict[str, str],
) -> list[tuple[str, str]]:
    """(message, severity) for what a judgment's text says against its likelihood field."""
    found_problems = []
    prose = strip_citations(text)
    stated = scale.step_for(likelihood, language)
    for sentence in re.split(r"(?<=[.;!?])\s+", prose):
        found = [adverbs.get(m.group(1).lower(), m.group(1).lower()) for m in term_pattern.finditer(sentence)]
        if found and confidence_pattern.search(sentence):
            found_problems.append(
                ("states likelihood and confidence in the same sentence; give confidence only in 'confidence'", ERROR)
            )
        for term in found:
            if scale.wording_of(term, language) != scale.wording_of(likelihood, language):
                found_problems.append(
                    (f"mixes the scale's two wordings: '{term}' in the text, '{likelihood}' in likelihood", ERROR)
                )
            elif scale.step_for(term, language) is not stated:
                found_problems.append(
                    (f"the text says '{term}' but likelihood is '{likelihood}'; make them agree", ERROR)
                )
    if not term_pattern.search(prose):
        found_problems.append((f"state the likelihood in the text ('{likelihood}')", WARNING))
    return found_problems
