"""Test the estimative-language rules of ICD 203 on key judgments."""

from __future__ import annotations

from briefing.checks import check_project
from briefing.project import Project

from conftest import edit, line_of, problems_of

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


PHIA_JUDGMENTS = """key_judgments:
  - text: Rationing will highly likely widen before the accord [@ledger-2024].
    likelihood: highly likely
    confidence: moderate
  - text: An accord in 2025 is a realistic possibility [@herald-2025].
    likelihood: realistic possibility
    confidence: low
  - text: Groundwater will probably stay unregulated [@herald-2025].
    likelihood: likely
    confidence: moderate
"""


def with_judgments(veld, estimates: str, judgments: str) -> None:
    import re

    briefing_yaml = veld / BRIEFING
    text = briefing_yaml.read_text(encoding="utf-8").replace(
        "  language: en-GB", f"  language: en-GB\n  estimates: {estimates}"
    )
    briefing_yaml.write_text(re.sub(r"key_judgments:\n(?:  - .*\n(?:    .*\n)*)+", judgments, text), encoding="utf-8")


def test_the_phia_yardstick(veld):
    """With estimates: phia, its terms are the scale; 'likely' and 'probable' name one step."""
    with_judgments(veld, "phia", PHIA_JUDGMENTS)
    assert problems_of(veld) == []


def test_an_icd_term_on_the_phia_yardstick(veld):
    """A term of another yardstick is named as off the chosen one."""
    with_judgments(
        veld, "phia", PHIA_JUDGMENTS.replace("likelihood: realistic possibility", "likelihood: roughly even chance")
    )
    line = line_of(veld / BRIEFING, "likelihood: roughly even chance")
    assert problems_of(veld) == [
        f"{BRIEFING}:{line}:5: error: 'roughly even chance' is not on the PHIA likelihood scale; use one of: remote "
        "chance, highly unlikely, unlikely, realistic possibility, likely, highly likely, almost certain"
    ]


def test_no_yardstick(veld):
    """With estimates: none, judgments carry no likelihood; one that does is told to drop it."""
    with_judgments(
        veld,
        "none",
        "key_judgments:\n  - text: Rationing will widen [@ledger-2024].\n    confidence: low\n"
        "  - text: Groundwater stays unregulated [@herald-2025].\n    likelihood: likely\n",
    )
    line = line_of(veld / BRIEFING, "likelihood: likely")
    assert problems_of(veld) == [
        f"{BRIEFING}:{line_of(veld / BRIEFING, 'key_judgments:')}:1: warning: 2 key judgments; briefings usually give "
        "3 to 7, which a reader can take in at once",
        f"{BRIEFING}:{line}:5: error: 'likelihood' is given but meta.estimates is none; remove it or choose a yardstick",
    ]


def test_a_missing_likelihood_under_a_yardstick(veld):
    """Under a yardstick every judgment needs its likelihood."""
    edit(veld / BRIEFING, "    likelihood: unlikely\n", "")
    line = line_of(veld / BRIEFING, "A return to last year")
    assert problems_of(veld) == [f"{BRIEFING}:{line}:5: error: missing 'likelihood'; give a term of the ICD 203 scale"]
