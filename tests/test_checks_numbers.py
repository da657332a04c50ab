"""Test the number rules: key figures in their source, and numbers in cited prose in what they cite."""

from __future__ import annotations

from briefing.checks import check_project
from briefing.project import Project

from conftest import edit, line_of, problems_of

SUPPLY = "content/sections/supply.yaml"


def test_fixture_figures_trace(veld):
    """Every key figure of the fixture is found in its source."""
    _content, report = check_project(Project(veld))
    assert (report.figures_traced, report.problems) == (5, [])


def test_figure_not_in_source_is_an_error(veld):
    """A key figure whose number is not in its source's archive is an error at its value."""
    edit(veld / SUPPLY, 'value: "900,000"', 'value: "950,000"')
    line = line_of(veld / SUPPLY, 'value: "950,000"')
    assert problems_of(veld) == [
        f"{SUPPLY}:{line}:5: error: figure '950,000': 950,000 not found in content/sources/ledger-2024.txt"
    ]


def test_figure_without_a_number(veld):
    """A key figure must hold a number to trace."""
    edit(veld / SUPPLY, "value: 58 percent", "value: more than half")
    line = line_of(veld / SUPPLY, "value: more than half")
    assert f"{SUPPLY}:{line}:5: error: figure 'more than half' has no number in it" in problems_of(veld)


def test_untraced_number_in_cited_text_is_a_warning(run, veld):
    """A number in cited prose that none of its sources contains is a warning naming it; --strict fails."""
    edit(veld / SUPPLY, "about 70 percent of the basin's water", "about 80 percent of the basin's water")
    line = line_of(veld / SUPPLY, "about 80 percent")
    assert problems_of(veld) == [
        f"{SUPPLY}:{line}:5: warning: 80 percent is not in the cited source (ledger-2024); "
        "check the number or cite where it comes from"
    ]
    result = run("build", veld)  # a warning prints and the build goes on
    assert result.exit_code == 0
    assert "warning: 80 percent is not in the cited source" in result.stderr
    assert run("build", veld, "--strict").exit_code == 1


def test_number_in_a_judgment_is_traced(veld):
    """Numbers in key judgments are traced like any prose."""
    briefing = veld / "content/briefing.yaml"
    edit(briefing, "An accord in 2025 is a roughly even chance", "An accord in 2027 is a roughly even chance")
    line = line_of(briefing, "An accord in 2027")
    assert problems_of(veld) == [
        f"content/briefing.yaml:{line}:5: warning: 2027 is not in the cited source (herald-2025); "
        "check the number or cite where it comes from"
    ]


def test_number_in_a_plain_field_is_not_traced(veld):
    """A title or a place name holds no claim to trace: its numbers never warn."""
    edit(veld / SUPPLY, "title: Storage at a record low", "title: Storage at a record low in 1999")
    edit(veld / SUPPLY, "role: chief hydrologist, Basin Water Authority", "role: chief hydrologist, Route 66 office")
    assert problems_of(veld) == []


def test_numbers_may_come_from_the_recorded_date_basis(veld):
    """A number the appendix records about a source (its inferred date's basis) may be cited."""
    accord = veld / "content/sections/accord.yaml"
    edit(accord, "Talks resumed in June 2025 [@herald-2025].", "Talks resumed on 2 June 2025 [@herald-2025].")
    assert problems_of(veld) == []
