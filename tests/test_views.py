"""Test the computed views in print: the chronology, the options matrix, key figures at a glance, page bounds."""

from __future__ import annotations

import re
from collections import Counter

import pdfplumber
import pypdf
import pytest

from conftest import pdf_text, squashed

MM = 72 / 25.4


@pytest.fixture(scope="session")
def plumbed(veld_build):
    with pdfplumber.open(veld_build.pdf) as pdf:
        yield pdf


def page_with(reader, needle: str) -> int:
    """The 0-based page of the bookmark titled ``needle``, or the last page whose text holds it."""
    for item in reader.outline:
        if not isinstance(item, list) and item.title == needle:
            return reader.get_destination_page_number(item)
    return [n for n, page in enumerate(reader.pages) if squashed(needle) in squashed(page.extract_text())][-1]


def test_chronology_has_every_event_in_date_order(veld_pdf):
    """Every timeline event of every section is in the chronology, in date order, under its year."""
    page = page_with(veld_pdf, "Chronology, 2019–2025")
    text = squashed(veld_pdf.pages[page].extract_text())
    text = text[text.index(squashed("Chronology, 2019–2025")) :]
    order = [
        "Water-sharing talks collapse.",
        "Feb 2024",
        "Storage falls to a record low.",
        "2 Jun 2025",
        "Ministers of the three provinces meet in Arnholt.",
    ]
    positions = [text.index(squashed(item)) for item in order]
    assert positions == sorted(positions)


def test_turning_points_are_bold(plumbed):
    """Events marked key are set in bold in the chronology; the others are not."""
    page = [p for p in plumbed.pages if "Chronology, 2019" in (p.extract_text() or "")][-1]
    bold = squashed("".join(c["text"] for c in page.chars if "Bold" in c["fontname"]))
    assert "Storagefallstoarecordlow." in bold
    assert "Water-sharingtalkscollapse." not in bold


def test_options_matrix_ratings_come_from_the_yaml(veld_pdf):
    """Each criterion, each option's rating and the start of its cited basis is printed in the matrix."""
    page = page_with(veld_pdf, "OPTIONS AGAINST THE CRITERIA")
    text = veld_pdf.pages[page].extract_text()
    matrix = text[text.index("OPTIONS AGAINST THE CRITERIA") :]
    assert Counter(re.findall(r"\b(Low|Moderate|High)\b", matrix)) == Counter({"Low": 2, "Moderate": 1, "High": 1})
    for words in (
        "Cost",
        "Speed",
        "No new dam is needed",
        "Talks resumed in June 2025",
        "A province-wide programme",
        "Works take more than one season",
        "lower is better",
        "higher is better",
    ):
        assert squashed(words) in squashed(matrix), words


def test_key_figures_at_a_glance_on_the_contents_page(veld_pdf):
    """The figures chosen in briefing.yaml are on the contents page, each with its period and producer."""
    page = squashed(veld_pdf.pages[1].extract_text())
    assert squashed("KEY FIGURES AT A GLANCE") in page
    for text in (
        "31 percent",
        "February 2024",
        "Basin Water Authority",
        "3.1 million",
        "June 2025",
        "Kessler Institute",
    ):
        assert squashed(text) in page, text


def test_where_the_sources_differ(veld_pdf):
    """Figures for the same measure and period that do not agree are listed side by side; a change over
    time (storage in 2023 and 2024) is not a disagreement."""
    start = page_with(veld_pdf, "Where the sources differ")
    text = veld_pdf.pages[start].extract_text()
    table = text[text.index("Where the sources differ") :].split("About this briefing")[0]
    for expected in (
        "People under water restrictions",
        "3.1 million",
        "2.6 million",
        "Kessler Institute",
        "Basin Water Authority",
        "June 2025",
    ):
        assert expected in table
    for absent in ("Reservoir storage", "58 percent", "900,000"):
        assert absent not in table


@pytest.mark.parametrize(
    ("values", "listed"),
    [
        (("132", "more than 130"), False),  # a bound that holds the exact number agrees with it
        (("3,000 to 4,000", "up to 3,500"), False),
        (("3,000 to 4,000", "6,000 to 6,500"), True),
        (("about 6,000", "6,300"), False),
        (("51%", "51"), True),  # a share and a count are not the same thing
    ],
)
def test_what_counts_as_a_disagreement(values, listed):
    """Ranges and bounds that overlap are consistent; only values that cannot both be true are listed."""
    from briefing.checks.disagreements import find_disagreements
    from briefing.model import KeyFigure

    figures = [
        KeyFigure(value=v, measures="Children killed", period="2014", producer=p, source="s")
        for v, p in zip(values, ("A", "B"), strict=True)
    ]
    assert bool(find_disagreements(figures)) is listed


def test_the_method_note_is_short_and_the_scale_printed_once(veld_pdf):
    """The printed note on method carries no production counts, and the likelihood scale is printed once."""
    text = " ".join(pdf_text(veld_pdf).split())
    assert "1 quotation" not in text and "key figures in this edition" not in text
    assert text.count("Almost no chance") == 1
    about = " ".join(veld_pdf.pages[page_with(veld_pdf, "About this briefing")].extract_text().split())
    assert "This briefing rests on 3 sources" in about


def test_no_text_outside_the_printable_area(plumbed):
    """Every character lies 10 mm inside the sheet, and body text inside the 20 mm side margins."""
    for number, page in enumerate(plumbed.pages, start=1):
        for char in page.chars:
            if not char["text"].strip():
                continue
            where = f"page {number}: {char['text']!r} at ({char['x0']:.0f}, {char['top']:.0f})"
            assert char["top"] >= 10 * MM and char["bottom"] <= page.height - 10 * MM, where
            assert char["x0"] >= 20 * MM - 1 and char["x1"] <= page.width - 20 * MM + 1, where


def test_section_headings_are_not_stranded(bundled_pdf):
    """No section of the bundled briefing starts in the bottom fifth of a page, where its heading would stand alone."""
    sections = [name for name in bundled_pdf.named_destinations if name.startswith("section-")]
    assert sections
    for name in sections:
        destination = bundled_pdf.named_destinations[name]
        page = bundled_pdf.pages[bundled_pdf.get_destination_page_number(destination)]
        assert float(destination.top) > float(page.mediabox.height) * 0.2, name


def test_dense_chronology_breaks_between_years(run, minimal_project):
    """With many events, the chronology runs over pages but never splits a year across two."""
    words = ["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Ginkgo"]
    events = "".join(
        f"  - date: {year}-0{month}-1{month}\n    event: {tree} happening in the story of {['Larch', 'Maple', 'Oak'][year % 3]}.\n"
        f"    source: alpha\n"
        for year in range(2001, 2011)
        for month, tree in enumerate(words, start=1)
    )
    section = minimal_project / "content/sections/one.yaml"
    section.write_text(section.read_text(encoding="utf-8") + "timeline:\n" + events, encoding="utf-8")
    result = run("build", minimal_project)
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(minimal_project / "output/briefing.pdf")
    start = next(
        n
        for n, p in enumerate(reader.pages)
        if "Chronology, 2001–2010" in p.extract_text() and "Contents" not in p.extract_text()
    )
    pages_of_year: dict[int, set[int]] = {}
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul"]
    for number in range(start, len(reader.pages)):
        text = reader.pages[number].extract_text()
        for year in range(2001, 2011):
            for month in range(1, 8):
                if f"1{month} {months[month - 1]} {year}" in text:
                    pages_of_year.setdefault(year, set()).add(number)
    assert len(pages_of_year) == 10
    assert len(set().union(*pages_of_year.values())) >= 2  # it does run over pages
    assert all(len(pages) == 1 for pages in pages_of_year.values()), pages_of_year
