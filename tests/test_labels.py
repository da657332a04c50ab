"""Test the label tables: every language complete, dates, numbers and lists by the CLDR, overrides, fallback."""

from __future__ import annotations

import pytest

from briefing.labels import _table, keys, labels_for, shipped


@pytest.mark.parametrize("language", ["fr", "de"])
def test_full_tables_have_every_key(language):
    """A shipped language translates every fixed word; none is left to fall back on English silently."""
    assert set(_table(language)) == set(keys())


def test_regional_table_holds_only_known_keys():
    """en-US only overrides keys the base table has."""
    assert set(_table("en-US")) <= set(keys())


@pytest.mark.parametrize(
    ("language", "long", "short", "month"),
    [
        ("en", "15 August 2021", "15 Aug 2021", "August 2021"),
        ("en-GB", "15 August 2021", "15 Aug 2021", "August 2021"),
        ("en-US", "August 15, 2021", "Aug 15, 2021", "August 2021"),
        ("fr", "15 août 2021", "15 août 2021", "août 2021"),
        ("de", "15. August 2021", "15. Aug. 2021", "August 2021"),
    ],
)
def test_dates_in_each_language(language, long, short, month):
    """Full and partial ISO dates print as each language writes them."""
    labels = labels_for(language)
    assert labels.date("2021-08-15") == long
    assert labels.date("2021-08-15", "short") == short
    assert labels.date("2021-08") == month
    assert labels.date("2007") == "2007"


def test_counts_lists_and_quotes_follow_the_language():
    """Counts, lists and quotation marks come from the language's table and the CLDR."""
    french = labels_for("fr")
    assert french.count(12345, "source") == "12\u202f345 sources"
    assert french.join(["a", "b", "c"]) == "a, b et c"
    assert french.quotes[:2] == ["«\u202f", "\u202f»"]
    assert labels_for("de").quotes[:2] == ["„", "“"]
    assert labels_for("en-GB").count(1, "source") == "1 source"


def test_overrides_replace_single_words():
    """A project's labels: replace only the words it names."""
    labels = labels_for("en-GB", {"key_judgments": "Assessments"})
    assert labels["key_judgments"] == "Assessments"
    assert labels["contents"] == "Contents"


def test_a_language_without_a_table_prints_in_english():
    """An unknown language falls back on English words and international English dates."""
    assert not shipped("sw")
    labels = labels_for("sw")
    assert labels["contents"] == "Contents"
    assert labels.date("2021-08-15") == "15 August 2021"
