"""Test the visuals: trend chart (and its cache), chronology, options matrix, figures at a glance, page bounds."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

import pdfplumber
import pypdf
import pytest

from briefing.charts import Bar, ChartData, Panel, chart_svg
from briefing.checks import figures_by_id
from briefing.fonts import chart_font_files
from briefing.load import load_project
from briefing.project import Project
from briefing.render import chronology
from conftest import REPO

MM = 72 / 25.4


@pytest.fixture(scope="session")
def content():
    return load_project(Project(REPO))


@pytest.fixture(scope="session")
def plumbed(bundled_build):
    with pdfplumber.open(bundled_build.pdf) as pdf:
        yield pdf


def squashed(text: str) -> str:
    """Text without any whitespace: line breaks and SVG glyph runs fall anywhere."""
    return "".join(text.split())


def pages_with(reader, needle: str) -> list[int]:
    return [n for n, page in enumerate(reader.pages) if squashed(needle) in squashed(page.extract_text())]


# --- trend chart ------------------------------------------------------------------------

def test_chart_shows_every_value_from_the_yaml(bundled_pdf, content):
    """The chart's page holds its title, each bar's label and each value as the YAML gives it."""
    figures = figures_by_id(content)
    charts = [chart for section in content.sections for chart in section.content.charts]
    assert charts
    for chart in charts:
        (page,) = pages_with(bundled_pdf, chart.title.upper())
        text = squashed(bundled_pdf.pages[page].extract_text())
        for panel in chart.panels:
            assert squashed(panel.title) in text
            for point in panel.points:
                assert squashed(point.label) in text
                assert squashed(figures[point.figure].value) in text
                assert squashed(figures[point.figure].producer) in text


def test_chart_is_vector_with_the_document_font(bundled_build):
    """The cached chart is SVG with live text in the bundled sans face, so the PDF text is searchable."""
    cache = REPO / "output" / ".cache" / "charts"  # charts are cached in the project, wherever the PDF goes
    (svg,) = cache.glob("violence-*.svg")
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml")
    assert "font-family: 'Source Sans Pro'" in text
    assert "<image" not in text  # no embedded bitmap


def test_chart_svg_is_deterministic_and_keyed_by_data(tmp_path):
    """The same data draws the same bytes; different data gets a different cache entry."""
    data = ChartData("t", (Panel("Deaths", (Bar("2021", 158, "158", "PIPS"), Bar("2024", 2500, "more than 2,500", "CRSS"))),))
    first, drawn = chart_svg(data, tmp_path / "a", chart_font_files())
    second, _ = chart_svg(data, tmp_path / "b", chart_font_files())
    assert drawn and first.read_bytes() == second.read_bytes()
    again, drawn_again = chart_svg(data, tmp_path / "a", chart_font_files())
    assert (again, drawn_again) == (first, False)
    changed = ChartData("t", (Panel("Deaths", (Bar("2021", 159, "159", "PIPS"),)),))
    assert changed.digest() != data.digest()
    replaced, _ = chart_svg(changed, tmp_path / "a", chart_font_files())
    assert list((tmp_path / "a").glob("t-*.svg")) == [replaced]  # the stale chart is gone


def test_unchanged_chart_does_not_import_matplotlib(briefing_copy):
    """A rebuild whose chart data did not change never imports matplotlib (checked in a fresh process)."""
    program = (
        "import sys; from briefing.build import build; from briefing.project import Project; "
        f"r = build(Project.find({str(briefing_copy)!r})); print(r.charts_drawn, 'matplotlib' in sys.modules)"
    )
    first = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert first.stdout.split() == ["1", "True"]
    assert second.stdout.split() == ["0", "False"]


# --- chronology ---------------------------------------------------------------------------

def test_chronology_has_every_event_in_order(bundled_pdf, content):
    """Every timeline event of every section is in the chronology, grouped by year, in date order."""
    years = chronology(content)
    title = f"Chronology, {years[0].year}–{years[-1].year}"
    assert years[0].year == "2007"
    pages = pages_with(bundled_pdf, title)
    text = squashed(" ".join(bundled_pdf.pages[n].extract_text() for n in range(pages[-1], pages[-1] + 2)))
    text = text[text.index(squashed(title)):]
    positions = []
    for year in years:
        for event in year.events:
            words = squashed(re.sub(r"\[@[^\]]*\]", "", event.event))[:40].replace('"', "")
            assert words in text.replace('"', ""), event.event
            positions.append(text.index(words))
    assert positions == sorted(positions)
    total = sum(len(s.content.timeline) for s in content.sections)
    assert len(positions) == total


def test_turning_points_are_bold(plumbed, content):
    """Events marked key are set in bold in the chronology; the others are not."""
    years = chronology(content)
    title = f"Chronology, {years[0].year}"
    page = [p for p in plumbed.pages if title in (p.extract_text() or "")][-1]  # not the contents page
    bold = squashed("".join(c["text"] for c in page.chars if "Bold" in c["fontname"]))
    for year in years:
        for event in year.events:
            start = squashed(event.event)[:25]
            assert (start in bold) == event.key, event.event


# --- options matrix -------------------------------------------------------------------------

def test_options_matrix_ratings_come_from_the_yaml(bundled_pdf, content):
    """Each criterion, each rating and the start of each cited basis is printed in the matrix."""
    (section,) = [s for s in content.sections if s.content.criteria]
    (page,) = pages_with(bundled_pdf, "OPTIONS AGAINST THE CRITERIA")
    text = bundled_pdf.pages[page].extract_text()
    flat = squashed(text)
    expected = Counter()
    for criterion in section.content.criteria:
        assert squashed(criterion.name) in flat
        for option in section.content.options:
            rating = option.ratings[criterion.id]
            expected[rating.rating.capitalize()] += 1
            basis = squashed(re.sub(r"\[@[^\]]*\]", "", rating.basis)).replace("“", "").replace("”", "")[:20]
            assert basis in flat.replace("“", "").replace("”", ""), rating.basis
    matrix_text = text[text.index("OPTIONS AGAINST THE CRITERIA"):]
    printed = Counter(re.findall(r"\b(Low|Moderate|High)\b", matrix_text))
    assert printed == expected
    assert "lower is better" in text and "higher is better" in text


# --- key figures at a glance -----------------------------------------------------------------

def test_key_figures_at_a_glance_near_the_front(bundled_pdf, content):
    """The 6-8 figures chosen in briefing.yaml are on the contents page, each with its period."""
    chosen = content.file.at_a_glance
    assert 6 <= len(chosen) <= 8
    figures = figures_by_id(content)
    page = squashed(bundled_pdf.pages[1].extract_text())
    assert squashed("KEY FIGURES AT A GLANCE") in page
    for figure_id in chosen:
        assert squashed(figures[figure_id].value) in page
        assert squashed(figures[figure_id].period) in page


# --- the page itself ----------------------------------------------------------------------------

def test_no_text_outside_the_printable_area(plumbed):
    """Every character lies 10 mm inside the sheet, and body text inside the side margins."""
    for number, page in enumerate(plumbed.pages, start=1):
        width, height = page.width, page.height
        for char in page.chars:
            if not char["text"].strip():
                continue
            where = f"page {number}: {char['text']!r} at ({char['x0']:.0f}, {char['top']:.0f})"
            assert char["x0"] >= 10 * MM and char["x1"] <= width - 10 * MM, where
            assert char["top"] >= 10 * MM and char["bottom"] <= height - 10 * MM, where
            assert char["x0"] >= 20 * MM - 1 and char["x1"] <= width - 20 * MM + 1, where  # 20 mm side margins


def test_section_headings_are_not_stranded(bundled_pdf, content):
    """No section starts in the bottom fifth of a page, where its heading would stand alone."""
    for section in content.sections:
        destination = bundled_pdf.named_destinations[f"section-{section.id}"]
        page = bundled_pdf.pages[bundled_pdf.get_destination_page_number(destination)]
        assert float(destination.top) > float(page.mediabox.height) * 0.2, section.content.title


def test_dense_chronology_breaks_between_years(run, minimal_project):
    """With many events, the chronology runs over pages but never splits a year across two."""
    for css in (REPO / "styles").glob("*.css"):
        (minimal_project / "styles" / css.name).write_text(css.read_text(encoding="utf-8"), encoding="utf-8")
    words = ["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Ginkgo"]
    events = "".join(
        f"  - date: {year}-0{month}-1{month}\n    event: {tree} happening in the story of {'Larch Maple Oak'.split()[year % 3]}.\n"
        f"    source: alpha\n"
        for year in range(2001, 2011) for month, tree in enumerate(words, start=1)
    )
    section = minimal_project / "content/sections/one.yaml"
    section.write_text(section.read_text(encoding="utf-8") + "timeline:\n" + events, encoding="utf-8")
    result = run("build", minimal_project)
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(minimal_project / "output/briefing.pdf")
    start = next(n for n, p in enumerate(reader.pages) if "Chronology, 2001–2010" in p.extract_text()
                 and "Contents" not in p.extract_text())
    pages_of_year = {}
    for number in range(start, len(reader.pages)):
        text = reader.pages[number].extract_text()
        for year in range(2001, 2011):
            for month in range(1, 8):
                if f"1{month} {['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul'][month - 1]} {year}" in text:
                    pages_of_year.setdefault(year, set()).add(number)
    assert len(pages_of_year) == 10
    assert len(set().union(*pages_of_year.values())) >= 2  # it does run over pages
    assert all(len(pages) == 1 for pages in pages_of_year.values()), pages_of_year
