"""The estimative yardsticks a briefing may use, their terms per language, and the confidence levels.

One home for these facts: the judgment check reads them and the templates print
the key to the chosen scale. ``meta.estimates`` picks the yardstick: the US
intelligence community's ICD 203 scale (the default), the UK PHIA probability
yardstick, or none. Terms are given per language where a translation ships;
other languages use the English terms.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Confidence levels, strongest first; the words printed for them are labels.
CONFIDENCE_LEVELS = ("high", "moderate", "low")


@dataclass(frozen=True)
class Step:
    """One step of a scale: its probability band and its terms in each language.

    For ICD 203 in English the terms are the directive's two wordings, which a
    briefing must not mix; elsewhere they are synonyms.
    """

    band: str
    terms: dict[str, tuple[str, ...]]

    def terms_in(self, language: str) -> tuple[str, ...]:
        return self.terms.get(language) or self.terms["en"]


@dataclass(frozen=True)
class Scale:
    """A likelihood yardstick."""

    id: str
    steps: tuple[Step, ...]
    separate_wordings: bool = False
    """True when a step's terms are alternative wordings a briefing must not mix (ICD 203)."""

    def languages(self) -> set[str]:
        return {language for step in self.steps for language in step.terms}

    def term_language(self, language: str) -> str:
        """The language whose terms a briefing in ``language`` uses."""
        primary = language.split("-")[0].lower()
        return primary if primary in self.languages() else "en"

    def terms(self, language: str) -> list[str]:
        """Every term of the scale in ``language``, in scale order."""
        lang = self.term_language(language)
        return [term for step in self.steps for term in step.terms_in(lang)]

    def step_for(self, term: str, language: str) -> Step | None:
        lang = self.term_language(language)
        folded = term.casefold()
        return next((step for step in self.steps if folded in (t.casefold() for t in step.terms_in(lang))), None)

    def wording_of(self, term: str, language: str) -> int:
        """Which of a step's wordings ``term`` is (0 or 1); always 0 on scales without separate wordings."""
        step = self.step_for(term, language)
        if step is None or not self.separate_wordings:
            return 0
        return [t.casefold() for t in step.terms_in(self.term_language(language))].index(term.casefold())


ICD203 = Scale(
    "icd203",
    (
        # ICD 203, section D.6.b.(2)(a): seven steps, each in two wordings, with its band.
        Step(
            "01–05%",
            {"en": ("almost no chance", "remote"), "fr": ("presque aucune chance",), "de": ("nahezu ausgeschlossen",)},
        ),
        Step(
            "05–20%",
            {
                "en": ("very unlikely", "highly improbable"),
                "fr": ("très improbable",),
                "de": ("sehr unwahrscheinlich",),
            },
        ),
        Step("20–45%", {"en": ("unlikely", "improbable"), "fr": ("improbable",), "de": ("unwahrscheinlich",)}),
        Step(
            "45–55%",
            {
                "en": ("roughly even chance", "roughly even odds"),
                "fr": ("chances à peu près égales",),
                "de": ("etwa gleich wahrscheinlich",),
            },
        ),
        Step("55–80%", {"en": ("likely", "probable"), "fr": ("probable",), "de": ("wahrscheinlich",)}),
        Step(
            "80–95%",
            {"en": ("very likely", "highly probable"), "fr": ("très probable",), "de": ("sehr wahrscheinlich",)},
        ),
        Step(
            "95–99%", {"en": ("almost certain", "nearly certain"), "fr": ("presque certain",), "de": ("nahezu sicher",)}
        ),
    ),
    separate_wordings=True,
)

PHIA = Scale(
    "phia",
    (
        # The UK Professional Head of Intelligence Analysis probability yardstick; its gaps are deliberate.
        Step("≤5%", {"en": ("remote chance",), "fr": ("chance infime",), "de": ("äußerst geringe Chance",)}),
        Step("10–20%", {"en": ("highly unlikely",), "fr": ("très improbable",), "de": ("sehr unwahrscheinlich",)}),
        Step("25–35%", {"en": ("unlikely",), "fr": ("improbable",), "de": ("unwahrscheinlich",)}),
        Step(
            "40–50%",
            {"en": ("realistic possibility",), "fr": ("possibilité réaliste",), "de": ("realistische Möglichkeit",)},
        ),
        Step("55–75%", {"en": ("likely", "probable"), "fr": ("probable",), "de": ("wahrscheinlich",)}),
        Step("80–90%", {"en": ("highly likely",), "fr": ("très probable",), "de": ("sehr wahrscheinlich",)}),
        Step("≥95%", {"en": ("almost certain",), "fr": ("presque certain",), "de": ("nahezu sicher",)}),
    ),
)

SCALES = {scale.id: scale for scale in (ICD203, PHIA)}
#: The values ``meta.estimates`` takes; "none" prints judgments without likelihood labels.
ESTIMATES = (*SCALES, "none")


def all_terms() -> list[str]:
    """Every term of every yardstick in every language, once each, in scale order (for editors' completion)."""
    terms = (
        term for scale in SCALES.values() for step in scale.steps for words in step.terms.values() for term in words
    )
    return list(dict.fromkeys(terms))
