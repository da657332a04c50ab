"""Test the reference rules: source ids, figure ids, criteria and links, each in one home."""

from __future__ import annotations

import pytest

from conftest import edit, line_of, problems_of

SUPPLY = "content/sections/supply.yaml"
ACCORD = "content/sections/accord.yaml"


def test_source_never_cited_is_a_warning(veld):
    """A source nobody cites is reported at its id."""
    sources = veld / "content/sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8")
        + (
            "  - id: unused-2024\n    title: Unused\n    outlet: Nobody\n    published:\n      date: 2024\n"
            "    kind: Test\n    archive: content/sources/ledger-2024.txt\n"
        ),
        encoding="utf-8",
    )
    line = line_of(sources, "id: unused-2024")
    assert problems_of(veld) == [f"content/sources.yaml:{line}:5: warning: source 'unused-2024' is never cited"]


def test_duplicate_source_id(veld):
    """Two sources with one id is an error at the second."""
    sources = veld / "content/sources.yaml"
    edit(sources, "  - id: selby-notes-2023", "  - id: ledger-2024")
    _first, line = [n for n, text in enumerate(sources.read_text().splitlines(), 1) if text == "  - id: ledger-2024"]
    assert f"content/sources.yaml:{line}:5: error: duplicate source id 'ledger-2024' (also source 1)" in problems_of(
        veld
    )


@pytest.mark.parametrize("archive", ["../../etc/passwd", "/etc/passwd"])
def test_archive_outside_the_project(veld, archive):
    """An archive path that leaves the project is refused, never read."""
    sources = veld / "content/sources.yaml"
    edit(sources, "archive: content/sources/herald-2025.txt", f"archive: {archive}")
    line = line_of(sources, f"archive: {archive}")
    (problem,) = problems_of(veld)
    assert problem.startswith(f"content/sources.yaml:{line}:5: error: archive file '")
    assert problem.endswith("' lies outside the project; keep it inside veld/")


def test_archive_symlink_out_of_the_project(veld, tmp_path):
    """A symlink inside the project pointing outside it is refused like the path itself."""
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    archive = veld / "content/sources/herald-2025.txt"
    archive.unlink()
    archive.symlink_to(outside)
    line = line_of(veld / "content/sources.yaml", "archive: content/sources/herald-2025.txt")
    assert problems_of(veld) == [
        f"content/sources.yaml:{line}:5: error: archive file 'content/sources/herald-2025.txt' lies outside "
        "the project; keep it inside veld/"
    ]


def test_archive_not_utf8(veld):
    """An archive that is not UTF-8 is an error at its archive key, not a crash."""
    (veld / "content/sources/herald-2025.txt").write_bytes("caf\xe9".encode("latin-1"))
    line = line_of(veld / "content/sources.yaml", "archive: content/sources/herald-2025.txt")
    assert (
        f"content/sources.yaml:{line}:5: error: archive 'content/sources/herald-2025.txt' is not UTF-8; save it as UTF-8"
        in problems_of(veld)
    )


def test_archive_too_large(veld, monkeypatch):
    """An archive over the size limit is refused before it is read."""
    from briefing import load

    monkeypatch.setattr(load, "MAX_ARCHIVE_BYTES", 100)
    line = line_of(veld / "content/sources.yaml", "archive: content/sources/herald-2025.txt")
    assert (
        f"content/sources.yaml:{line}:5: error: archive file 'content/sources/herald-2025.txt' is 1,076 bytes; "
        "the limit is 100"
    ) in problems_of(veld)


def test_javascript_link_dropped_with_warning(veld):
    """A javascript: link is not rendered as a link, and the author is told."""
    edit(veld / ACCORD, "summary: A draft accord", "summary: A [draft](javascript:alert(1)) accord")
    line = line_of(veld / ACCORD, "summary:")
    assert problems_of(veld) == [
        f"{ACCORD}:{line}:1: warning: link to 'javascript:alert(1' dropped; links may use http, https or mailto"
    ]


def test_unknown_figure_in_at_a_glance(veld):
    """An at-a-glance id that no figure has is an error at its line, with the closest id."""
    edit(veld / "content/briefing.yaml", "at_a_glance: [storage-2024,", "at_a_glance: [storage-2042,")
    line = line_of(veld / "content/briefing.yaml", "at_a_glance:")
    assert problems_of(veld) == [
        f"content/briefing.yaml:{line}:15: error: unknown figure id 'storage-2042'; did you mean 'storage-2024'?"
    ]


def test_duplicate_figure_id(veld):
    """Two figures with one id is an error at the second."""
    edit(veld / SUPPLY, "  - id: restricted-2022\n", "  - id: storage-2023\n")
    _first, line = [
        n for n, text in enumerate((veld / SUPPLY).read_text().splitlines(), 1) if "id: storage-2023" in text
    ]
    chart_line = line_of(veld / SUPPLY, "- figure: restricted-2022")
    assert problems_of(veld) == [
        f"{SUPPLY}:{chart_line}:13: error: unknown figure id 'restricted-2022'; did you mean 'restricted-2025'?",
        f"{SUPPLY}:{line}:5: error: figure id 'storage-2023' is used twice (also in {SUPPLY})",
    ]


def test_chart_point_with_unknown_figure(veld):
    """A chart may only plot figures that exist."""
    edit(veld / SUPPLY, "          - figure: storage-2023\n", "          - figure: storag-2023\n")
    line = line_of(veld / SUPPLY, "- figure: storag-2023")
    assert problems_of(veld) == [
        f"{SUPPLY}:{line}:13: error: unknown figure id 'storag-2023'; did you mean 'storage-2023'?"
    ]


def test_chart_point_needs_one_number(veld):
    """A figure plotted in a chart must hold exactly one number."""
    edit(veld / SUPPLY, "value: 58 percent", "value: 58 to 60 percent")
    line = line_of(veld / SUPPLY, "- figure: storage-2023")
    assert (
        f"{SUPPLY}:{line}:13: error: figure 'storage-2023' (58 to 60 percent) needs exactly one number to plot"
        in problems_of(veld)
    )


def test_option_missing_a_rating(veld):
    """Every option is rated against every criterion; a misspelt criterion is named."""
    edit(veld / ACCORD, "      speed:\n        rating: moderate", "      sped:\n        rating: moderate")
    lines = (veld / ACCORD).read_text(encoding="utf-8").splitlines()
    sped = line_of(veld / ACCORD, "sped:")
    ratings = max(n for n, text in enumerate(lines[:sped], 1) if text == "    ratings:")
    assert problems_of(veld) == [
        f"{ACCORD}:{ratings}:5: error: option 'Sign the accord' has no rating for 'speed'",
        f"{ACCORD}:{sped}:7: error: unknown criterion 'sped'; did you mean 'speed'?",
    ]


def test_an_invalid_section_does_not_cascade(veld):
    """A field error in a section does not turn its figure ids into 'unknown figure' errors elsewhere."""
    edit(veld / SUPPLY, "title: Storage at a record low\n", "")
    assert problems_of(veld) == [f"{SUPPLY}:1:1: error: missing required field 'title'; add it"]
