"""Estimative language in the key judgments, by the analytic standards of ICD 203.

Each judgment states its likelihood term in its text, agreeing with its
``likelihood`` field; confidence is given apart, never in the same sentence;
and a briefing keeps to one of the scale's two wordings.
"""

from __future__ import annotations

import re

from briefing.checks.report import CheckReport
from briefing.citations import strip_citations
from briefing.errors import WARNING
from briefing.load import Content
from briefing.scales import CONFIDENCE_LEVELS, LIKELIHOOD_TERMS, wording_of

_ADVERBS = {"probably": "probable", "improbably": "improbable", "almost certainly": "almost certain"}
_TERMS_LONGEST_FIRST = sorted(LIKELIHOOD_TERMS + tuple(_ADVERBS), key=len, reverse=True)
_TERM_PATTERN = re.compile(r"\b(" + "|".join(re.escape(t) for t in _TERMS_LONGEST_FIRST) + r")\b", re.IGNORECASE)
_CONFIDENCE_PATTERN = re.compile(
    r"\b(?:(?:"
    + "|".join(CONFIDENCE_LEVELS)
    + r")(?:-|\s)confidence|confidence\s+(?:is\s+)?(?:"
    + "|".join(CONFIDENCE_LEVELS)
    + r"))\b",
    re.IGNORECASE,
)


def _term(word: str) -> str:
    word = word.lower()
    return _ADVERBS.get(word, word)


def check(content: Content, report: CheckReport) -> None:
    doc, file = content.briefing_doc, content.file
    if doc is None or file is None:
        return
    wordings: dict[str, int] = {}
    for index, judgment in enumerate(file.key_judgments):
        where = ("key_judgments", index, "text")
        wordings.setdefault(wording_of(judgment.likelihood), index)
        text = strip_citations(judgment.text)
        for sentence in re.split(r"(?<=[.;!?])\s+", text):
            terms = [_term(m.group(1)) for m in _TERM_PATTERN.finditer(sentence)]
            if terms and _CONFIDENCE_PATTERN.search(sentence):
                report.problems.append(
                    doc.problem(
                        where,
                        "states likelihood and confidence in the same sentence; give confidence only in 'confidence'",
                    )
                )
            for term in terms:
                if wording_of(term) != wording_of(judgment.likelihood):
                    report.problems.append(
                        doc.problem(
                            where,
                            f"mixes the scale's two wordings: '{term}' in the text, '{judgment.likelihood}' in likelihood",
                        )
                    )
                elif term != judgment.likelihood:
                    report.problems.append(
                        doc.problem(
                            where, f"the text says '{term}' but likelihood is '{judgment.likelihood}'; make them agree"
                        )
                    )
        if not _TERM_PATTERN.search(text):
            report.problems.append(
                doc.problem(where, f"state the likelihood in the text ('{judgment.likelihood}')", WARNING)
            )
    if len(wordings) > 1:
        first, other = min(wordings.values()), max(wordings.values())
        report.problems.append(
            doc.problem(
                ("key_judgments", other, "likelihood"),
                f"judgments mix the scale's two wordings (judgment {first + 1} uses one, judgment {other + 1} the other); use one",
            )
        )
