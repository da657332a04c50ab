"""Test how text is read: quotes found through allowed differences, closest passages, numbers."""

from __future__ import annotations

import signal
from contextlib import contextmanager
from decimal import Decimal

import pytest

from briefing.text import (
    MAX_QUOTE_FRAGMENTS,
    abbreviations_in,
    closest_passage,
    difference,
    fold,
    normalise,
    numbers_in,
    quote_found,
    quote_fragments,
)

ARCHIVE = (
    "He was a very responsible, caring, and loving person, said his brother. "
    "“We keep requesting the Afghan Taliban. Maybe they will listen,” an official said. "
    "Losses from leaking canals — a third of all water released — were “apparently underestimated”."
)


@contextmanager
def bounded(seconds: int):
    """Fail instead of hanging: a guard against runaway work, not a timing assertion."""

    def stop(_signum, _frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_normalise_folds_quotes_dashes_and_spaces():
    """Curly and straight quotes, dash forms and runs of whitespace compare equal."""
    assert normalise("didn’t  —\n“this”") == normalise('didn\'t - "this"') == 'didn\'t - "this"'


def test_fold_keeps_the_way_back_to_the_original():
    """A passage of folded text maps back to the characters as written."""
    folded = fold("a  —  b\n“c”")
    assert folded.text == 'a - b "c"'
    assert folded.passage(0, len(folded.text)) == "a  —  b\n“c”"


def test_quote_fragments_split_at_ellipses_and_insertions():
    """An ellipsis or a [bracketed insertion] is a gap between fragments."""
    assert quote_fragments("keep requesting [things of] the Afghan Taliban … Maybe they will listen.") == [
        "keep requesting",
        "the Afghan Taliban",
        "Maybe they will listen",
    ]


@pytest.mark.parametrize(
    "quote",
    [
        "He was a very responsible, caring, and loving person",
        "he was a very responsible,   caring, and loving person",  # starts mid-sentence, spacing differs
        "He was a very responsible … loving person",
        "keep requesting [things of] the Afghan Taliban. Maybe they will listen",
        "leaking canals - a third of all water released",  # a dash typed as a hyphen
    ],
)
def test_quote_found(quote):
    """Quotes are found through the allowed differences."""
    assert quote_found(quote, fold(ARCHIVE))


@pytest.mark.parametrize("quote", ["He was a very caring person", "loving person … He was", ""])
def test_quote_not_found(quote):
    """A changed word, fragments out of order, or nothing at all is not a quote."""
    assert not quote_found(quote, fold(ARCHIVE))


def test_quote_fragments_far_apart_are_not_stitched():
    """Fragments from distant paragraphs do not make a quote."""
    archive = "Alpha beta gamma. " + "x " * 400 + "Delta epsilon."
    assert not quote_found("Alpha beta … Delta epsilon", fold(archive))


def test_many_fragments_against_a_long_archive_finish():
    """Many short fragments against a long archive neither hang nor recurse; thousands are no quote."""
    archive = fold(("the cat and the dog " * 20_000) + "zebra")
    with bounded(60):
        assert quote_found("the … the … the … the … the … the … the … zebra", archive)
        assert not quote_found(" … ".join(["the"] * (MAX_QUOTE_FRAGMENTS - 1) + ["unicorn"]), archive)
        assert quote_found(" … ".join(["the"] * MAX_QUOTE_FRAGMENTS), archive)
        assert not quote_found(" … ".join(["the"] * 1_500), archive)


def test_closest_passage_is_shown_as_archived():
    """A misquote shows the closest passage with the archive's own dashes, quotes and spacing."""
    passage = closest_passage("leaking canals - a third of all the water", fold(ARCHIVE))
    assert passage == "leaking canals — a third of all water"


def test_closest_passage_in_a_long_archive_finishes():
    """Finding the closest passage to a long quote in a large archive is bounded work."""
    archive = fold("word " * 180_000 + "the needle in the haystack is here")
    with bounded(60):
        assert "needle in the haystack" in closest_passage("the needle in a haystack", archive)


@pytest.mark.parametrize(
    ("figure", "archive"),
    [
        ("6,000", "about 6000 fighters"),
        ("6000", "about 6,000 fighters"),
        ("51%", "a 51 percent rise"),
        ("51 per cent", "a 51% rise"),
        ("$7 billion", "worth $7bn"),
        ("$7bn", "worth an estimated $7 billion"),
        ("more than 450", "killing more than 450 people"),
        ("7.5 million", "(7.5 million rupees)"),
    ],
)
def test_number_forms_match(figure, archive):
    """A number matches its common written forms."""
    assert numbers_in(figure).keys() <= numbers_in(archive).keys()


def test_numbers_do_not_match_across_units():
    """51% is not 51 people, and 7 billion is not 7."""
    assert not numbers_in("51%").keys() <= numbers_in("51 people").keys()
    assert not numbers_in("$7 billion").keys() <= numbers_in("7 days").keys()


def test_year_ranges_expand():
    """'2021–22' is 2021 and 2022, not 22."""
    assert set(numbers_in("the 2021–22 talks")) == {(Decimal(2021), ""), (Decimal(2022), "")}


def test_absurdly_long_numbers_do_not_overflow():
    """A 400-digit run is read exactly (Decimal), not as a float that overflows."""
    ((value, _unit),) = numbers_in("1" * 400)
    assert value == Decimal("1" * 400)


@pytest.mark.parametrize(
    ("written", "language", "value"),
    [
        ("6 000", "en", Decimal(6000)),  # SI spaces group thousands in any language
        ("6\u202f000", "fr", Decimal(6000)),
        ("29,4", "fr", Decimal("29.4")),
        ("6.000", "de", Decimal(6000)),
        ("29,4", "de", Decimal("29.4")),
        ("3,5 milliards", "fr", Decimal("3.5e9")),
        ("2 Mio.", "de", Decimal("2e6")),
        ("7,000 million", "en", Decimal("7e9")),
        ("$7bn", "en", Decimal("7e9")),
    ],
)
def test_numbers_as_each_language_writes_them(written, language, value):
    """Group and decimal marks follow the language (from the CLDR); scale words multiply."""
    assert list(numbers_in(written, language)) == [(value.normalize(), "")]


def test_m_is_not_million():
    """'5 m' is five metres, not five million."""
    assert list(numbers_in("a wall 5 m high")) == [(Decimal(5), "")]


def test_an_abbreviated_unit_matches_its_spelled_out_form():
    """'29.4 MAF' matches a source that says '29.4 million acre-feet (MAF)'."""
    archive = "storage of 29.4 million acre-feet (MAF) in the reservoirs"
    abbreviations = abbreviations_in(archive)
    assert abbreviations == {"MAF": 6}
    assert numbers_in("29.4 MAF", abbreviations=abbreviations).keys() == numbers_in(archive).keys()


@pytest.mark.parametrize(
    ("quote", "said"),
    [
        ("Rationing is no longer a question of whether, but of when.", "'whether,' where the archive has 'if,'"),
        (
            "Rationing is no longer a question of if but of when",
            "the punctuation differs ('if' where the archive has 'if,')",
        ),
        (
            "we are drawing down water and we cannot rebuild it",
            "the archive has more words here ('that took a decade to store,'); mark a gap with …",
        ),
        ("no longer a question of if, really, but of when", "'really,' is not in the archive here"),
    ],
)
def test_a_miss_says_what_differs(quote, said):
    """A quote that is not found is told what differs: a word, the punctuation, words left out without a gap."""
    archive = fold(
        "“Rationing is no longer a question of if, but of when.” The Kessler Institute said, “we are "
        "drawing down water that took a decade to store, and we cannot rebuild it.”"
    )
    assert difference(quote, archive) == said
