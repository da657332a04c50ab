"""The estimative scales: likelihood terms with their probability bands, and confidence levels.

One home for these facts: the model validates against them, the judgment check
reads them, and the templates print the key to the scale and the definitions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One step of the seven-step likelihood scale, in both of ICD 203's wordings."""

    likelihood: str
    probability: str
    band: str


#: ICD 203, section D.6.b.(2)(a): seven steps, each with its probability band.
SCALE: tuple[Step, ...] = (
    Step("almost no chance", "remote", "01–05%"),
    Step("very unlikely", "highly improbable", "05–20%"),
    Step("unlikely", "improbable", "20–45%"),
    Step("roughly even chance", "roughly even odds", "45–55%"),
    Step("likely", "probable", "55–80%"),
    Step("very likely", "highly probable", "80–95%"),
    Step("almost certain", "nearly certain", "95–99%"),
)

LIKELIHOOD_WORDING = tuple(step.likelihood for step in SCALE)
PROBABILITY_WORDING = tuple(step.probability for step in SCALE)
#: Either wording is accepted; one briefing must not mix them (see checks/judgments.py).
LIKELIHOOD_TERMS = LIKELIHOOD_WORDING + PROBABILITY_WORDING


@dataclass(frozen=True)
class Confidence:
    """A confidence level: what it says about the evidence, in brief and in full."""

    level: str
    gist: str
    """Completes "high confidence when …", for the key under the judgments."""
    definition: str
    """The full definition, for the note on method."""


CONFIDENCE: tuple[Confidence, ...] = (
    Confidence(
        "high",
        "when several independent sources agree",
        "Several independent reports agree and the judgment rests on facts they state directly.",
    ),
    Confidence(
        "moderate",
        "when the evidence is credible but thin or indirect",
        "The evidence is credible but thin, indirect or drawn from few reports, or the reports disagree in part.",
    ),
    Confidence(
        "low",
        "when it rests on one report or on claims that cannot be checked",
        "The judgment rests on a single report, on claims that cannot be checked, or on analysts’ speculation.",
    ),
)
CONFIDENCE_LEVELS = tuple(confidence.level for confidence in CONFIDENCE)


def likelihood_problem(term: str) -> str | None:
    """Why ``term`` is not on the scale, or None when it is."""
    if term in LIKELIHOOD_TERMS:
        return None
    return f"'{term}' is not on the ICD 203 likelihood scale; use one of: " + ", ".join(LIKELIHOOD_WORDING)


def step_for(term: str) -> Step:
    """The scale step a term of either wording names (terms are validated by the model first)."""
    return next(step for step in SCALE if term in (step.likelihood, step.probability))


def wording_of(term: str) -> str:
    """'likelihood' or 'probability': which of ICD 203's two wordings a term belongs to."""
    return "likelihood" if term in LIKELIHOOD_WORDING else "probability"
