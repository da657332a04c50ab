"""Test the drawings: the trend chart: its values in the PDF, vector output in the document's font, the cache, the palette."""

from __future__ import annotations

import subprocess
import sys

import pypdf

from briefing.charts import Bar, ChartData, Panel, chart_svg
from briefing.fonts import chart_font_files
from briefing.styles import Palette

from conftest import edit, line_of, squashed

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
    assert first.stdout.split() == ["2", "True"]  # the chart and the map
    assert second.stdout.split() == ["0", "False"]
    assert pypdf.PdfReader(fresh_veld / "output/briefing.pdf").pages


def test_unit_words_scale_the_bars(veld_build):
    """'3.1 million' is drawn as 3,100,000 beside '900,000', not as 3.1: bars of one axis share a scale."""
    (svg,) = (veld_build.pdf.parent / ".cache" / "charts").glob("storage-*.svg")
    text = svg.read_text(encoding="utf-8")
    assert "3,000,000" in text  # an axis tick that exists only if the bar reaches 3.1 million
    assert "1e6" not in text


# --- locator maps ----------------------------------------------------------------------------------


def test_a_map_is_drawn_with_its_places_and_credit(veld_build, veld_pdf):
    """The map is vector SVG with live text: its places, its shaded area's name and its data credit print."""
    (svg,) = (veld_build.pdf.parent / ".cache" / "maps").glob("basin-*.svg")
    drawing = svg.read_text(encoding="utf-8")
    assert "<image" not in drawing and "font-family: 'Source Sans Pro'" in drawing
    for name in ("Arnholt", "Selby", "Upper reservoirs", "VELD BASIN"):
        assert f">{name}<" in drawing, name
    (page,) = [p for p in veld_pdf.pages if "THE VELD BASIN" in p.extract_text()]
    assert "Borders: invented for the test suite." in page.extract_text()


def test_a_maps_alt_text_lists_its_places(veld):
    """The map's alternative text names what it shows, for a reader who cannot see it."""
    from briefing.checks import check
    from briefing.load import load_project
    from briefing.maps import draw_maps
    from briefing.project import Project
    from briefing.render import render_html
    from briefing.styles import Palette, custom_properties, stylesheets

    project = Project(veld)
    content = load_project(project)
    briefing = content.complete()
    palette = Palette.from_properties(custom_properties(stylesheets(project, paper="a4")))
    maps = draw_maps(briefing, project.cache / "maps", palette)
    from briefing.charts import draw_charts

    html, _ = render_html(
        briefing, check(content), charts=draw_charts(briefing, project.cache / "charts", palette), maps=maps
    )
    assert 'alt="Map of Veld Basin, showing Arnholt, Selby and Upper reservoirs."' in html


def test_a_map_layer_outside_the_project_is_refused(run, veld, tmp_path):
    """A map's GeoJSON is read like every project file: not from outside the project."""
    (tmp_path / "world.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    edit(
        veld / "content/sections/supply.yaml",
        "      - file: content/maps/veld.geojson",
        f"      - file: {tmp_path / 'world.geojson'}",
    )
    result = run("build", veld)
    assert result.exit_code == 1
    line = line_of(veld / "content/sections/supply.yaml", "world.geojson")
    assert f"content/sections/supply.yaml:{line}:9: error: map layer '" in result.stderr
    assert "lies outside the project" in result.stderr


def test_a_map_layer_that_is_not_geojson(run, veld):
    """Broken GeoJSON in a map layer is one line naming the file, not a traceback."""
    (veld / "content/maps/veld.geojson").write_text(
        '{"type": "FeatureCollection", "features": [{"geometry": {"type": "Polygon", "coordinates": [[1, 2, 3]]}}]}'
    )
    result = run("build", veld)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "map layer 'content/maps/veld.geojson' is not GeoJSON polygons" in result.stderr
