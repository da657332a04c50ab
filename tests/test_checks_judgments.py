"""Test the estimative-language rules of ICD 203 on key judgments."""

from __future__ import annotations

from conftest import edit, line_of

from briefing.checks import check_project
from briefing.project import Project

BRIEFING = "content/briefing.yaml"


def judgment_problems(veld, old: str, new: str) -> list[str]:
    edit(veld / BRIEFING, old, new)
    _content, report = check_project(Project(veld))
    return [problem.format() for problem in sorted(report.problems)]


def test_text_term_must_match_likelihood(veld):
    """The term in the text and the likelihood field must agree."""
    lines = judgment_problems(veld, "Groundwater will likely stay", "Groundwater will very likely stay")
    line = line_of(veld / BRIEFING, "Groundwater will very likely")
    assert lines == [
        f"{BRIEFING}:{line}:5: error: the text says 'very likely' but likelihood is 'likely'; make them agree"
    ]


def test_mixed_wordings_in_a_judgment(veld):
    """'probably' in a judgment whose likelihood is 'likely' mixes the scale's two wordings."""
    lines = judgment_problems(veld, "Groundwater will likely stay", "Groundwater will probably stay")
    line = line_of(veld / BRIEFING, "Groundwater will probably")
    assert lines == [
        f"{BRIEFING}:{line}:5: error: mixes the scale's two wordings: 'probable' in the text, 'likely' in likelihood"
    ]


def test_mixed_wordings_across_judgments(veld):
    """One judgment in the probability wording among likelihood-wording ones is flagged."""
    edit(veld / BRIEFING, "An accord in 2025 is a roughly even chance", "An accord in 2025 has roughly even odds")
    lines = judgment_problems(veld, "likelihood: roughly even chance", "likelihood: roughly even odds")
    line = line_of(veld / BRIEFING, "likelihood: roughly even odds")
    assert lines == [
        f"{BRIEFING}:{line}:5: error: judgments mix the scale's two wordings "
        "(judgment 1 uses one, judgment 2 the other); use one"
    ]


def test_likelihood_and_confidence_in_one_sentence(veld):
    """Confidence belongs in its own field, not in the sentence that states likelihood."""
    lines = judgment_problems(
        veld, "Groundwater will likely stay", "We assess with moderate confidence that groundwater will likely stay"
    )
    line = line_of(veld / BRIEFING, "We assess with moderate confidence")
    assert lines == [
        f"{BRIEFING}:{line}:5: error: states likelihood and confidence in the same sentence; "
        "give confidence only in 'confidence'"
    ]


def test_judgment_without_its_term_warns(veld):
    """A judgment that never states its likelihood in words is a warning."""
    lines = judgment_problems(veld, "Groundwater will likely stay unregulated", "Groundwater will stay unregulated")
    line = line_of(veld / BRIEFING, "Groundwater will stay")
    assert lines == [f"{BRIEFING}:{line}:5: warning: state the likelihood in the text ('likely')"]
