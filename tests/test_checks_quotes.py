"""Test the quote rules: pull quotes and quotations in prose, found word for word in what they cite."""

from __future__ import annotations

from briefing.checks import check_project
from briefing.project import Project

from conftest import edit, line_of, problems_of

SUPPLY = "content/sections/supply.yaml"


def test_fixture_quotes_verify(veld):
    """The fixture's pull quote is found, and counted as verified."""
    _content, report = check_project(Project(veld))
    assert report.problems == []
    assert report.quotes_verified == 1


def test_misquote_is_an_error_with_the_closest_passage(veld):
    """A changed word makes the quote an error at its line, showing what the source says."""
    edit(
        veld / SUPPLY,
        "text: Rationing is no longer a question of if, but of when.",
        "text: Rationing is no longer a question of whether, but of when.",
    )
    line = line_of(veld / SUPPLY, "question of whether")
    assert problems_of(veld) == [
        f"{SUPPLY}:{line}:5: error: quote not found verbatim in content/sources/ledger-2024.txt: "
        "'whether,' where the archive has 'if,'; "
        "closest passage: “Rationing is no longer a question of if, but of when.”"
    ]


def test_misquote_stops_the_build(run, veld):
    """build runs the checks first: a misquote prints nothing and keeps the earlier PDF."""
    earlier = veld / "output" / "briefing.pdf"
    earlier.parent.mkdir(exist_ok=True)
    earlier.write_bytes(b"%PDF earlier")
    edit(veld / SUPPLY, "but of when.", "but of how.")
    result = run("build", veld)
    assert result.exit_code == 1
    assert "error: quote not found verbatim" in result.stderr
    assert earlier.read_bytes() == b"%PDF earlier"


def test_quote_with_too_many_gaps(veld):
    """A quote stitched from dozens of fragments is refused with the limit, not matched for minutes."""
    edit(
        veld / SUPPLY,
        "text: Rationing is no longer a question of if, but of when.",
        "text: " + " … ".join(["the"] * 60),
    )
    line = line_of(veld / SUPPLY, "text: the … the")
    assert problems_of(veld) == [
        f"{SUPPLY}:{line}:5: error: quote has 59 gaps (… or [insertions]); at most 39 are allowed: quote less, or in parts"
    ]


def test_quotation_in_prose_must_be_in_the_cited_source(veld):
    """Words in quotation marks inside cited prose are checked like a pull quote."""
    edit(veld / SUPPLY, "says the Kessler count is probably too high", 'says the Kessler count is "far too high"')
    line = line_of(veld / SUPPLY, "far too high")
    assert problems_of(veld) == [
        f"{SUPPLY}:{line}:5: error: quotation “far too high” is not in the cited source: "
        "'far' where the archive has 'probably'; "
        "closest passage: “probably too high”"
    ]


def test_quotation_in_a_judgment_is_checked(veld):
    """Key judgments are prose like any other: a quotation in one is traced to what it cites."""
    briefing = veld / "content/briefing.yaml"
    edit(
        briefing,
        "Groundwater will likely stay unregulated",
        'Groundwater, "pumped without limit", will likely stay unregulated',
    )
    line = line_of(briefing, "pumped without limit")
    (problem,) = problems_of(veld)
    assert problem.startswith(
        f"content/briefing.yaml:{line}:5: error: quotation “pumped without limit” is not in the cited source"
    )


def test_quotation_in_a_rating_basis_is_checked(veld):
    """Quotations in an options matrix cell are checked too."""
    accord = veld / "content/sections/accord.yaml"
    edit(
        accord,
        "basis: No new dam is needed [@herald-2025].",
        'basis: Brandt calls it "worth more than any dam" [@herald-2025].',
    )
    line = line_of(accord, "worth more than any dam")
    assert problems_of(veld) == [
        f"content/sections/accord.yaml:{line}:9: error: quotation “worth more than any dam” is not in the cited source: "
        "the archive has 'new' here; "
        "closest passage: “worth more than any new dam”"
    ]
