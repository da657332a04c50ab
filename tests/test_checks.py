"""Test briefing check: quotes, figures, numbers, references, disagreements and ICD 203 rules."""

from __future__ import annotations

import json

import pytest

from briefing.checks import check_project, find_quote, normalise, numbers_in, quote_fragments
from briefing.project import Project
from conftest import REPO, edit, line_of


def problems_of(project) -> list[str]:
    _briefing, report = check_project(Project(project))
    return [problem.format() for problem in sorted(report.problems)]


# --- the bundled briefing -----------------------------------------------------------

def test_bundled_content_is_clean(run):
    """The bundled briefing checks clean, with every quote and key figure verified."""
    briefing, report = check_project(Project(REPO))
    quotes = sum(len(s.content.quotes) for s in briefing.sections)
    figures = sum(len(s.content.figures) for s in briefing.sections)
    assert report.problems == []
    assert (report.quotes_verified, report.figures_traced) == (quotes, figures)
    result = run("check", REPO)
    assert result.exit_code == 0
    assert result.stdout == (
        f"{report.citations} citations, {quotes} quotes verified, {figures} figures traced, 0 errors, 0 warnings\n"
    )


def test_json_report(run, briefing_copy):
    """--format json gives counts, problems with file/line/col and the disagreements."""
    edit(briefing_copy / "content/sections/talks.yaml", "Talks yield a one-month ceasefire.", "Talks yield a 99-day ceasefire.")
    result = run("check", briefing_copy, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 0 and report["summary"]["warnings"] == 1
    (problem,) = report["problems"]
    assert problem["path"] == "content/sections/talks.yaml" and problem["severity"] == "warning"
    assert problem["line"] == line_of(briefing_copy / "content/sections/talks.yaml", "99-day")
    assert {d["measures"] for d in report["disagreements"]} >= {"TTP fighters"}


# --- quotes ---------------------------------------------------------------------------

def test_normalise_folds_quotes_dashes_and_spaces():
    """Curly and straight quotes, dash forms and runs of whitespace compare equal."""
    assert normalise("didn’t  —\n“this”") == normalise("didn't - \"this\"")


def test_quote_fragments_split_at_ellipses_and_insertions():
    """An ellipsis or a [bracketed insertion] is a gap between fragments."""
    assert quote_fragments("keep requesting [things of] the Afghan Taliban … Maybe they will listen.") == [
        "keep requesting", "the Afghan Taliban", "Maybe they will listen.",
    ]


@pytest.mark.parametrize(
    "quote",
    [
        "He was a very responsible, caring, and loving person",
        "he was a very responsible,   caring, and loving person",  # starts mid-sentence, spacing differs
        "He was a very responsible … loving person",
        "keep requesting [things of] the Afghan Taliban. Maybe they will listen.",
    ],
)
def test_quote_found(quote):
    """Quotes are found through the allowed differences."""
    archive = (REPO / "content/sources/tnh-2023.txt").read_text(encoding="utf-8")
    assert find_quote(quote, archive) == (True, "")


def test_quote_fragments_far_apart_are_not_stitched():
    """Fragments from distant paragraphs do not make a quote."""
    archive = "Alpha beta gamma. " + "x " * 400 + "Delta epsilon."
    assert find_quote("Alpha beta … Delta epsilon", archive)[0] is False


def test_misquote_is_an_error_with_the_closest_passage(briefing_copy):
    """A changed word makes the quote an error at its line, showing what the source says."""
    section = briefing_copy / "content/sections/human-cost.yaml"
    edit(section, "text: Many, including women and children, are dying in the crossfire.",
         "text: Many, including women and children, are dying in the fighting.")
    line = line_of(section, "are dying in the fighting")
    assert problems_of(briefing_copy) == [
        f"content/sections/human-cost.yaml:{line}:5: error: quote not found verbatim in content/sources/week-2025.txt; "
        "closest passage: “Many, including women and children, are dying in the crossfire.”"
    ]


def test_misquote_stops_the_build(run, briefing_copy):
    """build runs the checks first: a misquote prints nothing and keeps the earlier PDF."""
    earlier = briefing_copy / "output" / "briefing.pdf"
    earlier.parent.mkdir()
    earlier.write_bytes(b"%PDF earlier")
    edit(briefing_copy / "content/sections/human-cost.yaml", "are dying in the crossfire.", "are dying in the fighting.")
    result = run("build", briefing_copy)
    assert result.exit_code == 1
    assert "error: quote not found verbatim" in result.stderr
    assert earlier.read_bytes() == b"%PDF earlier"


# --- figures and numbers ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("figure", "archive"),
    [("6,000", "about 6000 fighters"), ("6000", "about 6,000 fighters"), ("51%", "a 51 percent rise"),
     ("51 per cent", "a 51% rise"), ("$7 billion", "worth $7bn"), ("$7bn", "worth an estimated $7 billion"),
     ("more than 450", "killing more than 450 people"), ("7.5 million", "(7.5 million rupees)")],
)
def test_number_forms_match(figure, archive):
    """A number matches its common written forms."""
    assert numbers_in(figure) <= numbers_in(archive)


def test_numbers_do_not_match_across_units():
    """51% is not 51 people, and 7 billion is not 7."""
    assert not numbers_in("51%") <= numbers_in("51 people")
    assert not numbers_in("$7 billion") <= numbers_in("7 days")


def test_year_ranges_expand():
    """'2021–22' is 2021 and 2022, not 22."""
    assert numbers_in("the 2021–22 talks") == {(2021.0, ""), (2022.0, "")}


def test_figure_not_in_source_is_an_error(briefing_copy):
    """A key figure whose number is not in its source's archive is an error at its value."""
    section = briefing_copy / "content/sections/resurgence.yaml"
    edit(section, "    value: 6,000 to 6,500", "    value: 6,000 to 7,500")
    line = line_of(section, "value: 6,000 to 7,500")
    assert problems_of(briefing_copy) == [
        f"content/sections/resurgence.yaml:{line}:5: error: figure '6,000 to 7,500': 7500 not found in content/sources/week-2025.txt",
    ]


def test_untraced_number_in_cited_text_is_a_warning(run, briefing_copy):
    """A number in cited prose that none of its sources contains is a warning naming it."""
    section = briefing_copy / "content/sections/talks.yaml"
    edit(section, "four soldiers in North Waziristan on 30 December 2021", "14 soldiers in North Waziristan on 30 December 2021")
    line = line_of(section, "Talks in 2021 produced") - 1
    assert problems_of(briefing_copy) == [
        f"content/sections/talks.yaml:{line}:5: warning: 14 is not in the cited sources (tnh-2023, ians-rferl-2022); "
        "check the number or cite where it comes from"
    ]
    result = run("build", briefing_copy)  # a warning prints and the build goes on
    assert result.exit_code == 0
    assert "warning: 14 is not in the cited sources" in result.stderr
    assert run("build", briefing_copy, "--strict").exit_code == 1


# --- references -----------------------------------------------------------------------------

def test_source_never_cited_is_a_warning(briefing_copy):
    """A source nobody cites is reported at its id."""
    sources = briefing_copy / "content/sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + (
        "  - id: unused-2024\n    title: Unused\n    outlet: Nobody\n    published:\n      date: 2024\n"
        "    kind: Test\n    archive: content/sources/tnh-2023.txt\n"), encoding="utf-8")
    line = line_of(sources, "id: unused-2024")
    assert problems_of(briefing_copy) == [f"content/sources.yaml:{line}:5: warning: source 'unused-2024' is never cited"]


def test_duplicate_source_id(briefing_copy):
    """Two sources with one id is an error at the second."""
    sources = briefing_copy / "content/sources.yaml"
    edit(sources, "  - id: week-2025", "  - id: tnh-2023")
    _first, line = [n for n, text in enumerate(sources.read_text().splitlines(), 1) if text == "  - id: tnh-2023"]
    assert f"content/sources.yaml:{line}:5: error: duplicate source id 'tnh-2023' (also source 4)" in problems_of(briefing_copy)


@pytest.mark.parametrize("archive", ["../../etc/passwd", "/etc/passwd"])
def test_archive_outside_the_project(briefing_copy, archive):
    """An archive path that leaves the project is refused, never read."""
    sources = briefing_copy / "content/sources.yaml"
    edit(sources, "archive: content/sources/tnh-2023.txt", f"archive: {archive}")
    line = line_of(sources, f"archive: {archive}")
    assert problems_of(briefing_copy) == [
        f"content/sources.yaml:{line}:5: error: archive path '{archive}' lies outside the project; keep archives in content/sources/"
    ]


def test_archive_symlink_out_of_the_project(briefing_copy, tmp_path):
    """A symlink inside the project pointing outside it is refused like the path itself."""
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    archive = briefing_copy / "content/sources/tnh-2023.txt"
    archive.unlink()
    archive.symlink_to(outside)
    line = line_of(briefing_copy / "content/sources.yaml", "archive: content/sources/tnh-2023.txt")
    assert problems_of(briefing_copy) == [
        f"content/sources.yaml:{line}:5: error: archive path 'content/sources/tnh-2023.txt' lies outside the project; "
        "keep archives in content/sources/"
    ]


def test_javascript_link_dropped_with_warning(briefing_copy):
    """A javascript: link is not rendered as a link, and the author is told."""
    section = briefing_copy / "content/sections/talks.yaml"
    edit(section, "Pakistan refused: FATA", "Pakistan [refused](javascript:alert(1)): FATA")
    line = line_of(section, "A second round in May 2022") - 1
    assert problems_of(briefing_copy) == [
        f"content/sections/talks.yaml:{line}:5: warning: link to 'javascript:alert(1' dropped; links may use http, https or mailto"
    ]


# --- ICD 203 ----------------------------------------------------------------------------------

def judgment_problems(briefing_copy, old: str, new: str) -> list[str]:
    edit(briefing_copy / "content/briefing.yaml", old, new)
    return problems_of(briefing_copy)


def test_text_term_must_match_likelihood(briefing_copy):
    """The term in the text and the likelihood field must agree."""
    lines = judgment_problems(briefing_copy, "The TTP has likely grown since 2022.", "The TTP has very likely grown since 2022.")
    line = line_of(briefing_copy / "content/briefing.yaml", "The TTP has very likely grown") - 1
    assert lines == [f"content/briefing.yaml:{line}:5: error: the text says 'very likely' but likelihood is 'likely'; make them agree"]


def test_mixed_wordings_in_a_judgment(briefing_copy):
    """'probably' in the text of a judgment whose likelihood is 'likely' mixes the two wordings."""
    lines = judgment_problems(briefing_copy, "The TTP has likely grown since 2022.", "The TTP has probably grown since 2022.")
    line = line_of(briefing_copy / "content/briefing.yaml", "The TTP has probably grown") - 1
    assert lines == [f"content/briefing.yaml:{line}:5: error: mixes the scale's two wordings: 'probable' in the text, 'likely' in likelihood"]


def test_mixed_wordings_across_judgments(briefing_copy):
    """One judgment in the probability wording among likelihood-wording ones is flagged."""
    yaml_file = briefing_copy / "content/briefing.yaml"
    edit(yaml_file, "It is a roughly even chance that", "There are roughly even odds that")
    edit(yaml_file, "likelihood: roughly even chance", "likelihood: roughly even odds")
    line = line_of(yaml_file, "likelihood: roughly even odds")
    assert problems_of(briefing_copy) == [
        f"content/briefing.yaml:{line}:5: error: judgments mix the scale's two wordings "
        "(judgment 1 uses one, judgment 6 the other); use one"
    ]


def test_likelihood_and_confidence_in_one_sentence(briefing_copy):
    """Confidence belongs in its own field, not in the sentence that states likelihood."""
    lines = judgment_problems(briefing_copy, "The TTP has likely grown since 2022.", "We assess with moderate confidence that the TTP has likely grown since 2022.")
    line = line_of(briefing_copy / "content/briefing.yaml", "We assess with moderate confidence") - 1
    assert lines == [f"content/briefing.yaml:{line}:5: error: states likelihood and confidence in the same sentence; give confidence only in 'confidence'"]


# --- in the PDF ---------------------------------------------------------------------------

def test_differences_and_about_pages_in_pdf(bundled_pdf, bundled_build):
    """'Where the sources differ' lists each disagreeing figure; 'About this briefing' states the counts."""
    report = bundled_build.report
    pages = {item.title: bundled_pdf.get_destination_page_number(item) for item in bundled_pdf.outline if not isinstance(item, list)}
    differ = bundled_pdf.pages[pages["Where the sources differ"]].extract_text()
    assert report.disagreements
    for disagreement in report.disagreements:
        assert disagreement.measures in differ
        for figure in disagreement.figures:
            assert figure["value"] in differ and figure["period"] in differ.replace("\n", " ")
    about = " ".join(bundled_pdf.pages[pages["About this briefing"]].extract_text().split())
    assert f"{report.citations} citations, {report.quotes_verified} quotations and {report.figures_traced} key figures" in about
    for term in ("Almost no chance", "Roughly even chance", "Almost certain", "95–99%"):
        assert term in about


# --- figure ids, charts, ratings ---------------------------------------------------------

def test_unknown_figure_in_at_a_glance(briefing_copy):
    """An at-a-glance id that no figure has is an error at its line, with the closest id."""
    edit(briefing_copy / "content/briefing.yaml", "  - killed-rise-2024\n", "  - killed-rise-2023\n")
    line = line_of(briefing_copy / "content/briefing.yaml", "- killed-rise-2023")
    assert problems_of(briefing_copy) == [
        f"content/briefing.yaml:{line}:5: error: unknown figure id 'killed-rise-2023'; did you mean 'killed-rise-2024'?"
    ]


def test_duplicate_figure_id(briefing_copy):
    """Two figures with one id is an error at the second."""
    section = briefing_copy / "content/sections/sanctuary.yaml"
    edit(section, "  - id: us-equipment\n", "  - id: airstrike-deaths-2022\n")
    _first, line = [n for n, text in enumerate(section.read_text().splitlines(), 1) if "id: airstrike-deaths-2022" in text]
    glance_line = line_of(briefing_copy / "content/briefing.yaml", "- us-equipment")
    assert problems_of(briefing_copy) == [
        f"content/briefing.yaml:{glance_line}:5: error: unknown figure id 'us-equipment'; add 'id: us-equipment' to a key figure",
        f"content/sections/sanctuary.yaml:{line}:5: error: figure id 'airstrike-deaths-2022' is used twice "
        "(also in content/sections/sanctuary.yaml)",
    ]


def test_chart_point_with_unknown_figure(briefing_copy):
    """A chart may only plot figures that exist."""
    section = briefing_copy / "content/sections/resurgence.yaml"
    edit(section, "          - figure: killed-2022\n", "          - figure: kiled-2022\n")
    line = line_of(section, "- figure: kiled-2022")
    assert problems_of(briefing_copy) == [
        f"content/sections/resurgence.yaml:{line}:13: error: unknown figure id 'kiled-2022'; did you mean 'killed-2022'?"
    ]


def test_option_missing_a_rating(briefing_copy):
    """Every option is rated against every criterion; a misspelt criterion is named."""
    section = briefing_copy / "content/sections/options.yaml"
    edit(section, "      kabul:\n        rating: high\n        basis: The talks", "      kabull:\n        rating: high\n        basis: The talks")
    lines = section.read_text(encoding="utf-8").splitlines()
    kabull = line_of(section, "kabull:")
    ratings = max(n for n, text in enumerate(lines[:kabull], 1) if text == "    ratings:")
    assert problems_of(briefing_copy) == [
        f"content/sections/options.yaml:{ratings}:5: error: option 'Negotiate with the TTP' has no rating for 'kabul'",
        f"content/sections/options.yaml:{kabull}:7: error: unknown criterion 'kabull'; did you mean 'kabul'?",
    ]


def test_misquote_in_a_rating_basis(briefing_copy):
    """Quotations in every rating's basis are checked, feasibility included."""
    section = briefing_copy / "content/sections/options.yaml"
    edit(section, "better border\n          cooperation may be tough", "better border\n          cooperation will be hard")
    line = line_of(section, "“With tensions high between Pakistan and the Taliban") - 1
    (problem,) = problems_of(briefing_copy)
    assert problem.startswith(f"content/sections/options.yaml:{line}:9: error: quotation “With tensions high between "
                              "Pakistan and the Taliban, better border cooperation will be hard,” is not in the cited source")


def test_archive_not_utf8(briefing_copy):
    """An archive that is not UTF-8 is an error at its archive key, not a crash."""
    (briefing_copy / "content/sources/tnh-2023.txt").write_bytes("caf\xe9".encode("latin-1"))
    line = line_of(briefing_copy / "content/sources.yaml", "archive: content/sources/tnh-2023.txt")
    problems = problems_of(briefing_copy)
    assert f"content/sources.yaml:{line}:5: error: archive 'content/sources/tnh-2023.txt' is not UTF-8; save it as UTF-8" in problems


def test_archive_too_large(briefing_copy, monkeypatch):
    """An archive over the size limit is refused before it is read."""
    from briefing import checks

    monkeypatch.setattr(checks, "MAX_ARCHIVE_BYTES", 1_000)
    line = line_of(briefing_copy / "content/sources.yaml", "archive: content/sources/tnh-2023.txt")
    problems = problems_of(briefing_copy)
    assert (f"content/sources.yaml:{line}:5: error: archive 'content/sources/tnh-2023.txt' is over 1,000 bytes; "
            "keep only the article text") in problems
