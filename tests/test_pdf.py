"""Test real PDFs: pages, contents, outline, every citation link, the appendix, metadata, fonts.

Expectations for the Veld fixture are written out by hand from its YAML; the
bundled briefing, whose content changes edition to edition, is tested for
properties that hold for any briefing.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pdfplumber
import pypdf
import pytest

from briefing.build import build
from briefing.project import Project

from conftest import FIXTURES, REPO, copy_project, edit, squashed

VELD_OUTLINE = [
    "Key judgments",
    "1. Storage at a record low",
    "2. Share the shortage",
    "Chronology, 2019–2025",
    "Where the sources differ",
    "Abbreviations",
    "About this briefing",
    "Sources",
]


def page_text(reader: pypdf.PdfReader, number: int) -> str:
    return reader.pages[number - 1].extract_text()


def flowing(text: str) -> str:
    """Text with line-end hyphenation undone and line breaks as spaces, for phrase searches."""
    return re.sub(r"\s+", " ", re.sub(r"-\n", "", text))


def outline(reader: pypdf.PdfReader) -> list[tuple[str, int]]:
    """Top-level bookmarks as (title, 1-based page)."""
    return [
        (item.title, reader.get_destination_page_number(item) + 1)
        for item in reader.outline
        if not isinstance(item, list)
    ]


def links(reader: pypdf.PdfReader) -> list[tuple[int, str, tuple[float, ...]]]:
    """Every internal link as (page it sits on, named destination, rectangle), in page order.

    WeasyPrint writes one annotation per box of a link (the <a> and its ::after
    page number), with the same rectangle; those count as one link.
    """
    found = {}
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                rect = tuple(round(float(v), 1) for v in annotation["/Rect"])
                found[(number, str(annotation["/Dest"]), rect)] = None
    return list(found)


def destination_page(reader: pypdf.PdfReader, name: str) -> int:
    return reader.get_destination_page_number(reader.named_destinations[name]) + 1


def citation_marks(pdf_path) -> list[tuple[int, str, str]]:
    """(page, destination, the digits printed under the link) for every citation mark, in reading order."""
    reader = pypdf.PdfReader(pdf_path)
    marks = []
    with pdfplumber.open(pdf_path) as plumbed:
        for page_number, dest, rect in links(reader):
            if not dest.startswith("source-"):
                continue
            page = plumbed.pages[page_number - 1]
            x0, x1 = sorted(rect[0::2])
            y0, y1 = sorted(rect[1::2])
            box = (x0 - 0.1, page.height - y1 - 0.1, x1 + 0.1, page.height - y0 + 0.1)
            digits = "".join(
                c["text"]
                for c in page.chars
                if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2] and box[1] <= (c["top"] + c["bottom"]) / 2 <= box[3]
            )
            marks.append((page_number, dest, digits))
    return marks


# --- the Veld fixture: every expectation written out ----------------------------------------


def test_veld_builds_cleanly(veld_build, veld_pdf):
    """The fixture builds to an A4 PDF with no warnings."""
    assert veld_build.warnings == []
    assert veld_build.pages == len(veld_pdf.pages)
    width, height = (float(v) for v in veld_pdf.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


def test_metadata(veld_pdf):
    """Title, author, subject, keywords and language come from the briefing's meta."""
    info = veld_pdf.metadata
    assert info.title == "Water stress in the Veld basin"
    assert info.author == "Basin Desk, Fixture Institute"
    assert info.subject == "Storage, rationing and a water-sharing accord"
    assert info["/Keywords"] == "water, drought, Veld"
    assert veld_pdf.trailer["/Root"]["/Lang"] == "en-GB"


def test_cover(veld_pdf):
    """The cover carries title, subtitle, date, marking, organisation and the bottom line."""
    cover = page_text(veld_pdf, 1)
    for text in (
        "Water stress in the Veld basin",
        "Storage, rationing and a water-sharing accord",
        "15 July 2025",
        "FIXTURE — NOT FOR USE",
        "FIXTURE INSTITUTE",
        "What’s new?",
        "Why does it matter?",
        "What should be done?",
    ):
        assert text in cover


def test_outline(veld_pdf):
    """Bookmarks list the key judgments, each numbered section and the back matter, in order."""
    assert [title for title, _page in outline(veld_pdf)] == VELD_OUTLINE


def test_contents_page_numbers_are_where_sections_start(veld_pdf):
    """Each contents entry's page number is the page its heading is really on."""
    contents = veld_pdf.pages[1].extract_text(extraction_mode="layout")
    rows = {}
    for line in contents.splitlines():
        match = re.match(r"^\s*(?:(\d+)\.)?\s*(\S.*?)\s{2,}(\d+)\s*$", line)
        if match:
            number, title, page = match.groups()
            rows[f"{number}. {title}" if number else title] = int(page)
    starts = dict(outline(veld_pdf))
    assert {title: page for title, page in rows.items() if title in starts} == starts
    assert "Storage at a record low" in page_text(veld_pdf, starts["1. Storage at a record low"])


def test_citation_marks_link_to_the_source_they_print(veld_build):
    """Each mark's link goes to the appendix entry of the number printed under it, one by one."""
    marks = citation_marks(veld_build.pdf)
    assert len(marks) > 20
    for page, dest, digits in marks:
        assert dest == f"source-{digits}", (page, dest, digits)


def test_citation_numbers_follow_sources_yaml(veld_build):
    """On the cover the bottom line cites 1, 2 and 2,3 and the coverage note 1,2,3: numbers are places in sources.yaml."""
    cover = [digits for page, _dest, digits in citation_marks(veld_build.pdf) if page == 1]
    assert cover == ["1", "2", "2", "3", "1", "2", "3"]


def test_appendix_entries_in_sources_yaml_order(veld_pdf):
    """Source N's appendix entry is the Nth entry of sources.yaml."""
    titles = [
        "Reservoirs in the Veld basin fall to record low",
        "After the drought: can the Veld share its water?",
        "Notes from a meeting of basin farmers",
    ]
    for number, title in enumerate(titles, start=1):
        assert title in flowing(page_text(veld_pdf, destination_page(veld_pdf, f"source-{number}")))


def test_appendix_lists_the_pages_that_cite_each_source(veld_pdf):
    """'Cited on' shows exactly the pages holding a citation of that source, each linked there."""
    appendix_start = dict(outline(veld_pdf))["Sources"]
    citing_pages = defaultdict(set)
    backref_pages = defaultdict(list)
    for page, dest, _rect in links(veld_pdf):
        if dest.startswith("source-") and page < appendix_start:
            citing_pages[int(dest.removeprefix("source-"))].add(page)
        if dest.startswith("cite-"):
            assert page >= appendix_start
            backref_pages[int(dest.split("-")[1])].append(destination_page(veld_pdf, dest))
    appendix = " ".join(page_text(veld_pdf, n) for n in range(appendix_start, len(veld_pdf.pages) + 1))
    found = re.findall(r"Cited on (pp?)\. ([\d, ]+\d)", appendix)
    listed = [[int(n) for n in group.split(", ")] for _abbreviation, group in found]
    assert len(listed) == 3
    assert [abbreviation for abbreviation, _group in found] == ["p" if len(p) == 1 else "pp" for p in listed]
    for number, pages in enumerate(listed, start=1):
        assert pages == sorted(citing_pages[number]), f"source {number}"
        assert backref_pages[number] == pages, f"source {number}"


def test_appendix_prints_only_what_is_known(veld_pdf):
    """Author, URL and access date where given, nothing in their place where not; c. for inferred dates;
    no production data (archive paths, "not recorded")."""
    appendix_start = dict(outline(veld_pdf))["Sources"]
    appendix = flowing("\n".join(page_text(veld_pdf, n) for n in range(appendix_start, len(veld_pdf.pages) + 1)))
    assert "https://example.org/ledger/reservoirs" in appendix and "accessed 1 July 2025" in appendix
    assert "Ines Halvorsen" in appendix
    assert "c. June 2025" in appendix
    for production_data in ("not recorded", "content/sources/", "Inferred from the meeting", "descriptive title"):
        assert production_data not in appendix
    # A title of our own (the archive has no headline) is in square brackets, never in quotation marks.
    assert "[Notes from a meeting of basin farmers]" in appendix
    assert "“Notes from a meeting" not in appendix
    assert "“After the drought: can the Veld share its water?”" in appendix


def test_running_heads_and_page_numbers(veld_pdf):
    """Body pages carry their section's title, front matter the short title; every page after the cover the
    organisation and date, and its plain page number. (The marking's place: tests/test_finish.py.)"""
    total = len(veld_pdf.pages)
    starts = dict(outline(veld_pdf))
    expected_head = {
        2: "Veld water stress",
        starts["Key judgments"]: "Veld water stress",
        starts["1. Storage at a record low"]: "1 Storage at a record low",
        starts["Sources"]: "Sources",
    }
    for number in range(2, total + 1):
        lines = page_text(veld_pdf, number).splitlines()
        head, foot = " ".join(lines[-2].split()), " ".join(lines[-1].split())
        assert head.endswith("FIXTURE — NOT FOR USE")
        assert foot == f"Fixture Institute · 15 July 2025 FIXTURE — NOT FOR USE {number}"
        if number in expected_head:
            assert head.startswith(expected_head[number]), (number, head)
    assert "Page" not in page_text(veld_pdf, 2)
    cover = page_text(veld_pdf, 1).splitlines()
    assert cover[-2:] == ["FIXTURE — NOT FOR USE", "FIXTURE — NOT FOR USE"]  # the marking alone on the cover


def test_the_running_head_names_the_section_in_progress_at_the_top_of_the_page(veld_pdf):
    """Section 2 begins halfway down a page that opens with section 1's key points: the head says section 1."""
    page = dict(outline(veld_pdf))["2. Share the shortage"]
    lines = page_text(veld_pdf, page).splitlines()
    assert lines[0] == "KEY POINTS"  # the page opens inside section 1
    assert " ".join(lines[-2].split()).startswith("1 Storage at a record low")
    following = page_text(veld_pdf, page + 1).splitlines()
    assert " ".join(following[-2].split()).startswith("2 Share the shortage")


def test_only_bundled_fonts_are_embedded(veld_pdf):
    """Every font in the PDF comes from the Source Serif/Sans packages, never the system."""
    fonts = set()
    for page in veld_pdf.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert fonts
    assert all(name.startswith(("Source-Serif-Pro", "Source-Sans-Pro")) for name in fonts), fonts


def test_same_content_same_pdf(veld_build, tmp_path):
    """Building the same content again, elsewhere, gives a byte-identical PDF."""
    again = build(Project(copy_project(FIXTURES / "veld", tmp_path / "again")))
    assert again.pdf.read_bytes() == veld_build.pdf.read_bytes()


# --- the bundled briefing: what holds for any edition ------------------------------------------


def test_bundled_briefing_builds_cleanly(bundled_build, bundled_pdf):
    """The bundled content checks clean and builds to an A4 PDF with no warnings."""
    assert bundled_build.warnings == []
    assert bundled_build.report.problems == []
    assert bundled_build.pages == len(bundled_pdf.pages) >= 8


def test_bundled_outline_has_every_section_in_order(bundled_pdf):
    """Each section file listed in briefing.yaml is a numbered bookmark, in the listed order."""
    import yaml

    listed = yaml.safe_load((REPO / "content/briefing.yaml").read_text(encoding="utf-8"))["sections"]
    titles = [
        yaml.safe_load((REPO / f"content/sections/{name}.yaml").read_text(encoding="utf-8"))["title"] for name in listed
    ]
    bookmarks = [title for title, _page in outline(bundled_pdf)]
    assert [t for t in bookmarks if re.match(r"\d+\. ", t)] == [f"{n}. {t}" for n, t in enumerate(titles, start=1)]
    assert bookmarks[0] == "Key judgments" and bookmarks[-1] == "Sources"


def test_bundled_citation_marks_link_to_the_source_they_print(bundled_build):
    """In the bundled briefing too, every mark links to the entry of the number it prints."""
    marks = citation_marks(bundled_build.pdf)
    assert len(marks) > 50
    assert all(dest == f"source-{digits}" for _page, dest, digits in marks)


@pytest.mark.parametrize("fixture", ["minimal"])
def test_small_projects_build(fixture, tmp_path):
    """The smallest project builds too, with squashed text holding its title."""
    result = build(Project(copy_project(FIXTURES / fixture, tmp_path / fixture)))
    assert squashed("A minimal briefing") in squashed(pypdf.PdfReader(result.pdf).pages[0].extract_text())


def test_a_bare_briefing_builds(tmp_path):
    """Only a title, a date, one section and the sources: no cover parts, no judgments page, nothing invented."""
    result = build(Project(copy_project(FIXTURES / "bare", tmp_path / "bare")))
    reader = pypdf.PdfReader(result.pdf)
    assert [title for title, _page in outline(reader)] == ["1. The only section", "About this briefing", "Sources"]
    text = flowing("\n".join(page.extract_text() for page in reader.pages))
    for absent in ("Key judgments", "Bottom line", "Version", "None", "Contact", "What to watch"):
        assert absent not in text
    # The interview has no archived text: the appendix says so, and the About page claims no check it did not run.
    assert "Not archived; its quotations and figures could not be checked against a text" in text
    assert "every quotation was found word for word" not in text
    assert result.warnings == [
        "content/sections/only.yaml:6:5: warning: quote cannot be verified: its source "
        "'interview-2026' has no archived text (archive: none)"
    ]


def test_straight_quotes_print_as_typographic_quotes(veld):
    """Quotes typed straight in any field, titles included, print as the language's quotation marks."""
    edit(veld / "content/sections/accord.yaml", "title: Share the shortage", "title: 'Share the \"shortage\"'")
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(build(Project(veld)).pdf).pages)
    assert "Share the “shortage”" in text
    assert '"shortage"' not in text
