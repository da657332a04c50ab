"""Test content errors end to end: one line per problem at file:line:col, exit 1, old PDF kept."""

from __future__ import annotations

import pytest

from conftest import edit, line_of

EARLIER_PDF = b"%PDF-1.7 the analyst's last good build\n"


def build_broken(run, project):
    """Build ``project`` over an earlier PDF; return the result and the PDF's bytes afterwards."""
    earlier = project / "output" / "briefing.pdf"
    earlier.parent.mkdir(exist_ok=True)
    earlier.write_bytes(EARLIER_PDF)
    result = run("build", project)
    return result, earlier.read_bytes()


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": error: " in line]


def assert_refused(result, after: bytes, expected: list[str]):
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr
    assert error_lines(result) == expected
    assert result.stderr.splitlines()[-1].startswith("Error: ")
    assert after == EARLIER_PDF


def test_missing_required_field(run, briefing_copy):
    """A missing field is reported at the mapping that should hold it."""
    talks = briefing_copy / "content/sections/talks.yaml"
    edit(talks, "title: Talks that failed\n", "")
    result, after = build_broken(run, briefing_copy)
    assert_refused(result, after, ["content/sections/talks.yaml:1:1: error: missing required field 'title'; add it"])


def test_unknown_key_suggests_the_right_one(run, briefing_copy):
    """A misspelt key is an error at its own line, with the likely intended key."""
    talks = briefing_copy / "content/sections/talks.yaml"
    edit(talks, "summary: >-", "sumary: >-")
    line = line_of(talks, "sumary:")
    result, after = build_broken(run, briefing_copy)
    assert_refused(
        result,
        after,
        [
            "content/sections/talks.yaml:1:1: error: missing required field 'summary'; add it",
            f"content/sections/talks.yaml:{line}:1: error: unknown key 'sumary'; did you mean 'summary'?",
        ],
    )


def test_wrong_type(run, briefing_copy):
    """A mapping where a list is expected names the field and what it got."""
    options = briefing_copy / "content/sections/options.yaml"
    edit(options, "    advocates:\n      - Michael Kugelman, Wilson Center [@tnh-2023]\n    ratings:\n      feasibility:\n        rating: low\n        basis: >-\n          “With",
         "    advocates: {who: Kugelman}\n    ratings:\n      feasibility:\n        rating: low\n        basis: >-\n          “With")
    line = line_of(options, "advocates: {who: Kugelman}")
    result, after = build_broken(run, briefing_copy)
    assert_refused(
        result, after,
        [f"content/sections/options.yaml:{line}:5: error: 'advocates' must be a list (lines starting with '- '), not a mapping"],
    )


def test_empty_required_string(run, briefing_copy):
    """An empty title is as missing as no title."""
    edit(briefing_copy / "content/briefing.yaml", "  author: South Asia Security Desk", '  author: ""')
    line = line_of(briefing_copy / "content/briefing.yaml", 'author: ""')
    result, after = build_broken(run, briefing_copy)
    assert_refused(result, after, [f"content/briefing.yaml:{line}:3: error: 'author' must not be empty"])


def test_date_that_is_not_a_date(run, briefing_copy):
    """A date must be a real calendar date."""
    edit(briefing_copy / "content/sections/talks.yaml", "date: 2021-12-30", "date: 2021-02-30")
    line = line_of(briefing_copy / "content/sections/talks.yaml", "date: 2021-02-30")
    result, after = build_broken(run, briefing_copy)
    assert_refused(result, after, [f"content/sections/talks.yaml:{line}:5: error: 'date': '2021-02-30' is not a real calendar date"])


def test_likelihood_off_the_scale(run, briefing_copy):
    """A likelihood term must come from the ICD 203 scale, which the message lists."""
    edit(briefing_copy / "content/briefing.yaml", "likelihood: roughly even chance", "likelihood: plausible")
    line = line_of(briefing_copy / "content/briefing.yaml", "likelihood: plausible")
    result, after = build_broken(run, briefing_copy)
    assert_refused(
        result, after,
        [f"content/briefing.yaml:{line}:5: error: 'likelihood': 'plausible' is not on the ICD 203 likelihood scale; "
         "use one of: almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, almost certain"],
    )


def test_unknown_source_id_in_citation(run, briefing_copy):
    """A citation of an unknown source is reported at its field, with the closest known id."""
    talks = briefing_copy / "content/sections/talks.yaml"
    edit(talks, "TTP grievances directly [@voa-urdu-2022].", "TTP grievances directly [@voa-urdu-2023].")
    line = line_of(talks, "After Kabul fell") - 1  # the list item starts on the line before its text
    result, after = build_broken(run, briefing_copy)
    assert_refused(
        result, after,
        [f"content/sections/talks.yaml:{line}:5: error: unknown source id 'voa-urdu-2023'; did you mean 'voa-urdu-2022'?"],
    )


def test_unknown_source_id_in_source_field(run, briefing_copy):
    """A quote's source must be a known id too."""
    sanctuary = briefing_copy / "content/sections/sanctuary.yaml"
    edit(sanctuary, "    role: Prime Minister of Pakistan\n    source: week-2025", "    role: Prime Minister of Pakistan\n    source: the-week")
    line = line_of(sanctuary, "source: the-week")
    result, after = build_broken(run, briefing_copy)
    assert_refused(
        result, after,
        [f"content/sections/sanctuary.yaml:{line}:5: error: unknown source id 'the-week'; add it to content/sources.yaml"],
    )


def test_missing_archive_file(run, briefing_copy):
    """Every source needs its archived text, reported at the archive key."""
    (briefing_copy / "content/sources/tnh-2023.txt").unlink()
    line = line_of(briefing_copy / "content/sources.yaml", "archive: content/sources/tnh-2023.txt")
    result, after = build_broken(run, briefing_copy)
    assert_refused(
        result, after,
        [f"content/sources.yaml:{line}:5: error: archive file 'content/sources/tnh-2023.txt' is missing; save the article text there"],
    )


def test_section_listed_without_file(run, briefing_copy):
    """A section named in briefing.yaml must exist under content/sections/."""
    (briefing_copy / "content/sections/human-cost.yaml").unlink()
    line = line_of(briefing_copy / "content/briefing.yaml", "- human-cost")
    result, after = build_broken(run, briefing_copy)
    assert_refused(
        result, after,
        [f"content/briefing.yaml:{line}:5: error: section 'human-cost' has no file; "
         "create content/sections/human-cost.yaml or remove it"],
    )


def test_bad_yaml(run, briefing_copy):
    """Malformed YAML is reported at its line like any other problem."""
    edit(briefing_copy / "content/sections/talks.yaml", "title: Talks that failed", "title: [Talks that failed")
    result, after = build_broken(run, briefing_copy)
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert line.startswith("content/sections/talks.yaml:2:")
    assert ": error: YAML syntax: " in line
    assert after == EARLIER_PDF


def test_all_problems_reported_together(run, briefing_copy):
    """Problems in several files come out in one run, sorted by file and line."""
    edit(briefing_copy / "content/sections/talks.yaml", "title: Talks that failed\n", "")
    (briefing_copy / "content/sources/tnh-2023.txt").unlink()
    edit(briefing_copy / "content/briefing.yaml", "confidence: low", "confidence: slight")
    result, after = build_broken(run, briefing_copy)
    lines = error_lines(result)
    assert [line.split(":")[0] for line in lines] == [
        "content/briefing.yaml", "content/sections/talks.yaml", "content/sources.yaml"
    ]
    assert "'confidence' must be one of 'high', 'moderate' or 'low', not 'slight'" in lines[0]
    assert result.stderr.splitlines()[-1] == "Error: 3 content errors; nothing was written."
    assert after == EARLIER_PDF


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("[@", "citation '[@' is never closed; end it with ']'"),
        ("[@ tnh-2023]", "malformed citation '[@ tnh-2023]'; write [@id] or [@id; @other]"),
        ("[@tnh-2023", "citation '[@' is never closed; end it with ']'"),
    ],
)
def test_malformed_citation(run, briefing_copy, bad, message):
    """Citation syntax that is not [@id] or [@a; @b] is an error, not silently printed."""
    talks = briefing_copy / "content/sections/talks.yaml"
    edit(talks, "Pakistan refused: FATA", f"Pakistan refused {bad} FATA")
    line = line_of(talks, "A second round in May 2022") - 1
    result, after = build_broken(run, briefing_copy)
    assert_refused(result, after, [f"content/sections/talks.yaml:{line}:5: error: {message}"])


def test_unlisted_section_file_warns(run, minimal_project):
    """A section file that briefing.yaml does not list is a warning; the build goes on."""
    (minimal_project / "content/sections/draft.yaml").write_text("title: Draft\n", encoding="utf-8")
    result = run("build", minimal_project)
    assert result.exit_code == 0, result.output
    assert "content/sections/draft.yaml:1:1: warning: section file is not listed in content/briefing.yaml sections" in result.stderr
    strict = run("build", minimal_project, "--strict")
    assert strict.exit_code == 1
    assert "content/sections/draft.yaml:1:1: error: section file is not listed" in strict.stderr
