"""Test the trend chart: its values in the PDF, vector output in the document's font, the cache, the palette."""

from __future__ import annotations

import subprocess
import sys

import pypdf

from briefing.charts import Bar, ChartData, Panel, chart_svg
from briefing.fonts import chart_font_files
from briefing.styles import Palette

from conftest import squashed

PALETTE = Palette("#111111", "#555555", "#dddddd", ("#1d3a5c", "#8797ab", "#d5dce4"))
LEGEND = "Produced by"


def test_chart_shows_every_value_from_the_yaml(veld_pdf):
    """The chart's page holds its title, panel titles, each bar's label, each value as written and each producer."""
    (page,) = [p for p in veld_pdf.pages if "RESERVOIR STORAGE AND RESTRICTIONS" in p.extract_text()]
    text = squashed(page.extract_text())
    for expected in (
        "Storage (% of capacity)",
        "People under restrictions",
        "Feb 2023",
        "Feb 2024",
        "58 percent",
        "31 percent",
        "900,000",
        "3.1 million",
        "Basin Water Authority",
        "Kessler Institute",
    ):
        assert squashed(expected) in text, expected


def test_chart_is_vector_with_the_document_font(veld_build):
    """The cached chart is SVG with live text in the bundled sans face, so the PDF text is searchable."""
    (svg,) = (veld_build.pdf.parent / ".cache" / "charts").glob("storage-*.svg")
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml")
    assert "font-family: 'Source Sans Pro'" in text
    assert "<image" not in text  # no embedded bitmap


def test_chart_colours_come_from_the_stylesheet(veld):
    """The chart's fills come from the stylesheets' custom properties: a house style's accent recolours the chart."""
    from briefing.build import build
    from briefing.project import Project

    (veld / "styles").mkdir()
    (veld / "styles/house.css").write_text(":root { --accent: #c0ffee; }", encoding="utf-8")
    result = build(Project(veld))
    (svg,) = (result.pdf.parent / ".cache" / "charts").glob("storage-*.svg")
    assert "#c0ffee" in svg.read_text(encoding="utf-8")


def test_chart_svg_is_deterministic_and_keyed_by_data(tmp_path):
    """The same data draws the same bytes; different data gets a different cache entry."""
    data = ChartData(
        "t",
        (Panel("Deaths", (Bar("2021", 158, "158", "A"), Bar("2024", 2500, "more than 2,500", "B"))),),
        PALETTE,
        LEGEND,
    )
    first, drawn = chart_svg(data, tmp_path / "a", chart_font_files())
    second, _ = chart_svg(data, tmp_path / "b", chart_font_files())
    assert drawn and first.read_bytes() == second.read_bytes()
    again, drawn_again = chart_svg(data, tmp_path / "a", chart_font_files())
    assert (again, drawn_again) == (first, False)
    changed = ChartData("t", (Panel("Deaths", (Bar("2021", 159, "159", "A"),)),), PALETTE, LEGEND)
    assert changed.digest() != data.digest()
    replaced, _ = chart_svg(changed, tmp_path / "a", chart_font_files())
    assert list((tmp_path / "a").glob("t-*.svg")) == [replaced]  # the stale chart is gone


def test_unchanged_chart_does_not_import_matplotlib(fresh_veld):
    """A rebuild whose chart data did not change never imports matplotlib (checked in a fresh process)."""
    program = (
        "import sys; from briefing.build import build; from briefing.project import Project; "
        f"r = build(Project.find({str(fresh_veld)!r})); print(r.charts_drawn, 'matplotlib' in sys.modules)"
    )
    first = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert first.stdout.split() == ["1", "True"]
    assert second.stdout.split() == ["0", "False"]
    assert pypdf.PdfReader(fresh_veld / "output/briefing.pdf").pages


def test_unit_words_scale_the_bars(veld_build):
    """'3.1 million' is drawn as 3,100,000 beside '900,000', not as 3.1: bars of one axis share a scale."""
    (svg,) = (veld_build.pdf.parent / ".cache" / "charts").glob("storage-*.svg")
    text = svg.read_text(encoding="utf-8")
    assert "3,000,000" in text  # an axis tick that exists only if the bar reaches 3.1 million
    assert "1e6" not in text
