"""Test content errors end to end: one line per problem at file:line:col, exit 1, old PDF kept."""

from __future__ import annotations

import pytest

from conftest import edit, line_of

EARLIER_PDF = b"%PDF-1.7 the analyst's last good build\n"
SUPPLY = "content/sections/supply.yaml"


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


def test_missing_required_field(run, veld):
    """A missing field is reported at the mapping that should hold it."""
    edit(veld / SUPPLY, "title: Storage at a record low\n", "")
    result, after = build_broken(run, veld)
    assert_refused(result, after, [f"{SUPPLY}:1:1: error: missing required field 'title'; add it"])


def test_unknown_key_suggests_the_right_one(run, veld):
    """A misspelt key is an error at its own line, with the likely intended key."""
    edit(veld / SUPPLY, "summary: Two failed", "sumary: Two failed")
    line = line_of(veld / SUPPLY, "sumary:")
    result, after = build_broken(run, veld)
    assert_refused(
        result,
        after,
        [
            f"{SUPPLY}:1:1: error: missing required field 'summary'; add it",
            f"{SUPPLY}:{line}:1: error: unknown key 'sumary'; did you mean 'summary'?",
        ],
    )


def test_wrong_type(run, veld):
    """A mapping where a list is expected names the field and what it got."""
    accord = veld / "content/sections/accord.yaml"
    edit(
        accord,
        "    advocates:\n      - Olav Brandt, a former authority director [@herald-2025].\n",
        "    advocates: {who: Brandt}\n",
    )
    line = line_of(accord, "advocates: {who: Brandt}")
    result, after = build_broken(run, veld)
    assert_refused(
        result,
        after,
        [
            f"content/sections/accord.yaml:{line}:5: error: 'advocates' must be a list (lines starting with '- '), not a mapping"
        ],
    )


def test_empty_required_string(run, veld):
    """An empty title is as missing as no title."""
    edit(veld / "content/briefing.yaml", "  author: Basin Desk", '  author: ""')
    line = line_of(veld / "content/briefing.yaml", 'author: ""')
    result, after = build_broken(run, veld)
    assert_refused(result, after, [f"content/briefing.yaml:{line}:3: error: 'author' must not be empty"])


def test_date_that_is_not_a_date(run, veld):
    """A date must be a real calendar date."""
    edit(veld / SUPPLY, "date: 2025-06-02", "date: 2025-02-30")
    line = line_of(veld / SUPPLY, "date: 2025-02-30")
    result, after = build_broken(run, veld)
    assert_refused(result, after, [f"{SUPPLY}:{line}:5: error: 'date': '2025-02-30' is not a real calendar date"])


def test_likelihood_off_the_scale(run, veld):
    """A likelihood term must come from the ICD 203 scale, which the message lists."""
    edit(veld / "content/briefing.yaml", "likelihood: roughly even chance", "likelihood: plausible")
    line = line_of(veld / "content/briefing.yaml", "likelihood: plausible")
    result, after = build_broken(run, veld)
    assert_refused(
        result,
        after,
        [
            f"content/briefing.yaml:{line}:5: error: 'plausible' is not on the ICD 203 likelihood scale; "
            "use one of: almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, almost certain"
        ],
    )


def test_unknown_source_id_in_citation(run, veld):
    """A citation of an unknown source is reported at its field, with the closest known id."""
    edit(veld / SUPPLY, "basin's water [@ledger-2024]", "basin's water [@ledger-2042]")
    line = line_of(veld / SUPPLY, "Irrigated farms draw")
    result, after = build_broken(run, veld)
    assert_refused(
        result, after, [f"{SUPPLY}:{line}:5: error: unknown source id 'ledger-2042'; did you mean 'ledger-2024'?"]
    )


def test_unknown_source_id_in_source_field(run, veld):
    """A quote's source must be a known id too."""
    edit(
        veld / SUPPLY,
        "    role: chief hydrologist, Basin Water Authority\n    source: ledger-2024",
        "    role: chief hydrologist, Basin Water Authority\n    source: the-ledger",
    )
    line = line_of(veld / SUPPLY, "source: the-ledger")
    result, after = build_broken(run, veld)
    assert_refused(
        result, after, [f"{SUPPLY}:{line}:5: error: unknown source id 'the-ledger'; add it to content/sources.yaml"]
    )


def test_missing_archive_file(run, veld):
    """Every source needs its archived text, reported at the archive key."""
    (veld / "content/sources/herald-2025.txt").unlink()
    line = line_of(veld / "content/sources.yaml", "archive: content/sources/herald-2025.txt")
    result, after = build_broken(run, veld)
    assert_refused(
        result,
        after,
        [
            f"content/sources.yaml:{line}:5: error: archive file 'content/sources/herald-2025.txt' is missing; "
            "save the article text there"
        ],
    )


def test_section_listed_without_file(run, veld):
    """A section named in briefing.yaml must exist under content/sections/."""
    (veld / "content/sections/accord.yaml").unlink()
    line = line_of(veld / "content/briefing.yaml", "- accord")
    result, after = build_broken(run, veld)
    assert_refused(
        result,
        after,
        [
            f"content/briefing.yaml:{line}:5: error: section 'accord' has no file; "
            "create content/sections/accord.yaml or remove it"
        ],
    )


def test_bad_yaml(run, veld):
    """Malformed YAML is reported at its line like any other problem."""
    edit(veld / SUPPLY, "title: Storage at a record low", "title: [Storage at a record low")
    result, after = build_broken(run, veld)
    assert result.exit_code == 1
    (line,) = error_lines(result)
    assert line.startswith(f"{SUPPLY}:2:")
    assert ": error: YAML syntax: " in line
    assert after == EARLIER_PDF


def test_all_problems_reported_together(run, veld):
    """A field error in one file hides nothing: problems in every file come out in one run, sorted."""
    edit(veld / SUPPLY, "title: Storage at a record low\n", "")
    edit(veld / "content/sections/accord.yaml", "fixed share [@herald-2025]", "fixed share [@herald-2052]")
    (veld / "content/sources/herald-2025.txt").unlink()
    edit(veld / "content/briefing.yaml", "confidence: low", "confidence: slight")
    edit(veld / "content/briefing.yaml", "fell to 31 percent", "fell to 13 percent")
    result, after = build_broken(run, veld)
    lines = error_lines(result)
    assert [line.split(":")[0] for line in lines] == [
        "content/briefing.yaml",
        "content/sections/accord.yaml",
        SUPPLY,
        "content/sources.yaml",
    ]
    assert "'confidence' must be one of 'high', 'moderate' or 'low', not 'slight'" in lines[0]
    assert "unknown source id 'herald-2052'" in lines[1]
    # The invalid briefing.yaml is still read for what can be checked: its numbers are traced too.
    assert (
        f"content/briefing.yaml:{line_of(veld / 'content/briefing.yaml', 'fell to 13')}:3: warning: 13 percent is not in the cited source"
        in result.stderr
    )
    assert result.stderr.splitlines()[-1] == "Error: 4 content errors; nothing was written."
    assert after == EARLIER_PDF


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("[@", "citation '[@' is never closed; end it with ']'"),
        ("[@ herald-2025]", "malformed citation '[@ herald-2025]'; write [@id] or [@id; @other]"),
        ("[@herald-2025", "citation '[@' is never closed; end it with ']'"),
    ],
)
def test_malformed_citation(run, veld, bad, message):
    """Citation syntax that is not [@id] or [@a; @b] is an error, not silently printed."""
    accord = veld / "content/sections/accord.yaml"
    edit(accord, "summary: A draft accord would", f"summary: A {bad} draft accord would")
    line = line_of(accord, "summary:")
    result, after = build_broken(run, veld)
    assert_refused(result, after, [f"content/sections/accord.yaml:{line}:1: error: {message}"])


def test_unlisted_section_file_warns(run, minimal_project):
    """A section file that briefing.yaml does not list is a warning; the build goes on."""
    (minimal_project / "content/sections/draft.yaml").write_text("title: Draft\n", encoding="utf-8")
    result = run("build", minimal_project)
    assert result.exit_code == 0, result.output
    assert (
        "content/sections/draft.yaml:1:1: warning: section file is not listed in content/briefing.yaml sections"
        in result.stderr
    )
    strict = run("build", minimal_project, "--strict")
    assert strict.exit_code == 1
    assert "content/sections/draft.yaml:1:1: error: section file is not listed" in strict.stderr


def test_huge_file_refused_before_reading(run, veld, monkeypatch):
    """A content file over the size limit is refused with the limit named."""
    from briefing import load

    monkeypatch.setattr(load, "MAX_BYTES", 10_000)
    (veld / SUPPLY).write_text("title: " + "x" * 20_000 + "\n", encoding="utf-8")
    result = run("check", veld)
    assert result.exit_code == 1
    assert f"{SUPPLY}:1:1: error: file '{SUPPLY}' is 20,008 bytes; the limit is 10,000" in result.stderr
