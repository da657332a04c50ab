"""Test the attribution rules: who said it, how sure the source was, and how many said it.

Each rule has a pair: content that passes and content that warns, with the
warning's exact line; --strict makes them errors like any warning.
"""

from __future__ import annotations

from conftest import edit, line_of, problems_of

SUPPLY = "content/sections/supply.yaml"
ACCORD = "content/sections/accord.yaml"
BRIEFING = "content/briefing.yaml"


def test_the_fixture_is_attributed():
    """The Veld fixture passes every attribution rule (the pairs below break it one way at a time)."""
    from conftest import FIXTURES

    assert problems_of(FIXTURES / "veld") == []


# --- who said it ----------------------------------------------------------------------------------


def test_a_pull_quote_from_someone_the_archive_does_not_name_there(veld):
    """A speaker not named in the quote's paragraph of the archive is queried."""
    edit(veld / SUPPLY, "    speaker: Mara Ekdahl\n", "    speaker: Olav Brandt\n")
    line = line_of(veld / SUPPLY, "text: Rationing is no longer")
    assert problems_of(veld) == [
        f"{SUPPLY}:{line}:5: warning: the archive does not name Olav Brandt ('Brandt') in the paragraph of this quote; "
        "check who said it, or list in 'named_as' the words the source uses for the speaker"
    ]


def test_a_speaker_named_by_role(veld):
    """An anonymous speaker passes when the archive names them by the words given in named_as."""
    edit(
        veld / SUPPLY,
        "    speaker: Mara Ekdahl\n",
        "    speaker: The chief hydrologist\n    named_as: [chief hydrologist]\n",
    )
    assert problems_of(veld) == []


def test_paraphrase_put_in_someones_mouth(veld):
    """Words the source prints as its own paraphrase may not be quoted as the authority's words."""
    edit(
        veld / SUPPLY,
        "The BWA says the Kessler count is probably too high",
        'The authority calls the Kessler count "probably too high"',
    )
    line = line_of(veld / SUPPLY, "probably too high")
    assert problems_of(veld) == [
        f"{SUPPLY}:{line}:5: warning: “probably too high” is not a quotation in the source: it prints these words "
        "outside quotation marks (its own paraphrase), but the text quotes them as someone's words; drop the "
        "quotation marks or quote what the speaker said"
    ]


def test_words_quoted_in_the_source_may_be_quoted_as_the_speakers(veld):
    """A phrase the source itself puts in quotation marks can be quoted as the speaker's words."""
    edit(
        veld / SUPPLY,
        "The BWA says the Kessler count is probably too high [@herald-2025]",
        'Ekdahl said rationing "is no longer a question of if" [@ledger-2024]',
    )
    assert problems_of(veld) == []


def test_the_outlets_own_words_may_be_quoted_as_its_own(veld):
    """Quoting the outlet's own phrase, as the outlet's, is what it printed."""
    edit(
        veld / SUPPLY,
        "The BWA says the Kessler count is probably too high",
        'The Veld Herald calls the Kessler count "probably too high"',
    )
    assert problems_of(veld) == []


# --- how sure the source was ------------------------------------------------------------------------


def test_a_hedged_number_stated_flatly(veld):
    """The source says the authority thinks 3.1 million is probably too high: the prose may not state it flatly."""
    edit(
        veld / BRIEFING,
        "3.1 million people live under water restrictions, by the Kessler Institute's count",
        "3.1 million people live under water restrictions",
    )
    line = line_of(veld / BRIEFING, "3.1 million people live")
    (problem,) = problems_of(veld)
    assert problem.startswith(
        f"{BRIEFING}:{line}:3: warning: the source hedges this ('probably': “The Kessler "
        "Institute now counts 3.1 million people"
    )
    assert problem.endswith("so keep the hedge or say whose claim it is")


def test_a_number_attributed_in_the_source_and_not_in_the_prose(veld):
    """'according to figures published by the authority' in the source; the prose drops the attribution."""
    edit(
        veld / BRIEFING,
        "in February 2024, by the authority's figures [@ledger-2024]",
        "in February 2024 [@ledger-2024]",
    )
    (problem,) = problems_of(veld)
    assert "warning: the source hedges this ('according to'" in problem


def test_a_hedge_kept(veld):
    """Prose that keeps the hedge, or says whose claim it is, passes."""
    edit(
        veld / BRIEFING,
        "3.1 million people live under water restrictions, by the Kessler Institute's count",
        "3.1 million people probably live under water restrictions",
    )
    assert problems_of(veld) == []


# --- one source is not "sources agree" -------------------------------------------------------------------


def test_experts_on_the_strength_of_one_source(veld):
    """'Experts say' with one cited source that speaks of no experts is queried."""
    edit(veld / ACCORD, "summary: A draft accord would", "summary: Experts say a draft accord would")
    line = line_of(veld / ACCORD, "summary:")
    assert problems_of(veld) == [
        f"{ACCORD}:{line}:1: warning: 'experts' speaks for several, but the sentence cites one source "
        "(herald-2025) that does not; name who says it, or cite the others"
    ]


def test_critics_when_the_source_speaks_of_critics(veld):
    """'Critics say' passes when the one cited source itself reports critics."""
    edit(veld / ACCORD, "summary: A draft accord would", "summary: Critics say a draft accord would")
    assert problems_of(veld) == []


def test_the_sources_agree_needs_more_than_one(veld):
    """'The sources agree' citing a single source always warns."""
    edit(veld / ACCORD, "summary: A draft accord would", "summary: The sources agree that a draft accord would")
    (problem,) = problems_of(veld)
    assert "warning: 'the sources' speaks for several, but the sentence cites one source (herald-2025)" in problem


def test_strict_makes_them_errors(run, veld):
    """Under --strict an attribution warning stops the build like any other."""
    edit(veld / ACCORD, "summary: A draft accord would", "summary: Experts say a draft accord would")
    assert run("build", veld).exit_code == 0
    assert run("build", veld, "--strict").exit_code == 1
