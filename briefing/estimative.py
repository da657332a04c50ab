"""The estimative-language scale of ICD 203 (US intelligence community analytic standards)."""

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
#: Either wording is accepted; one briefing must not mix them (see checks.py).
LIKELIHOOD_TERMS = LIKELIHOOD_WORDING + PROBABILITY_WORDING
CONFIDENCE_LEVELS = ("high", "moderate", "low")


def step_for(term: str) -> Step:
    """The scale step a term of either wording names (terms are validated by the model first)."""
    return next(step for step in SCALE if term in (step.likelihood, step.probability))


def wording_of(term: str) -> str:
    """'likelihood' or 'probability': which of ICD 203's two wordings a term belongs to."""
    return "likelihood" if term in LIKELIHOOD_WORDING else "probability"
