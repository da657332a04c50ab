"""Test the bundled briefing's real PDF: pages, contents, outline, links, appendix, metadata."""

from __future__ import annotations

import re
from collections import defaultdict

import pypdf
import pytest

from briefing.build import build
from briefing.checks import find_disagreements
from briefing.render import chronology
from briefing.load import load_project
from briefing.project import Project
from conftest import REPO


@pytest.fixture(scope="session")
def content():
    """The bundled content as loaded, so expectations come from the YAML, not from copies of it."""
    return load_project(Project(REPO))


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


def links(reader: pypdf.PdfReader) -> list[tuple[int, str]]:
    """Every internal link as (page it sits on, named destination it points to).

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
    return [(number, dest) for number, dest, _rect in found]


def destination_page(reader: pypdf.PdfReader, name: str) -> int:
    return reader.get_destination_page_number(reader.named_destinations[name]) + 1


def expected_outline(content) -> list[str]:
    years = chronology(content)
    back = [f"Chronology, {years[0].year}–{years[-1].year}"] if years else []
    back += ["Where the sources differ"] if find_disagreements(content) else []
    return ["Key judgments", *[f"{s.number}. {s.content.title}" for s in content.sections], *back,
            "About this briefing", "Sources"]


def test_bundled_briefing_builds_cleanly(bundled_build, bundled_pdf):
    """The bundled content builds to a multi-page A4 PDF with no warnings of any kind."""
    assert bundled_build.warnings == []
    assert bundled_build.pages == len(bundled_pdf.pages) >= 10
    width, height = (float(v) for v in bundled_pdf.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


def test_metadata(bundled_pdf, content):
    """Title, author, subject, keywords and language come from the briefing's meta."""
    meta = content.meta
    info = bundled_pdf.metadata
    assert info.title == meta.title
    assert info.author == f"{meta.author}, {meta.organisation}"
    assert info.subject == meta.subtitle
    assert info["/Keywords"] == ", ".join(meta.keywords)
    assert bundled_pdf.trailer["/Root"]["/Lang"] == meta.language


def test_cover(bundled_pdf, content):
    """The cover carries title, subtitle, date, marking, organisation and the bottom line."""
    cover = page_text(bundled_pdf, 1)
    meta = content.meta
    for text in (meta.title, meta.subtitle, "21 November 2026", meta.marking, meta.organisation.upper()):
        assert text in cover
    for question in ("What’s new?", "Why does it matter?", "What should be done?"):
        assert question in cover


def test_outline_has_every_section(bundled_pdf, content):
    """Bookmarks list the key judgments, each numbered section and the sources, in order."""
    assert [title for title, _page in outline(bundled_pdf)] == expected_outline(content)


def test_contents_page_numbers_are_where_sections_start(bundled_pdf, content):
    """Each contents entry's page number is the page its heading is really on."""
    contents = bundled_pdf.pages[1].extract_text(extraction_mode="layout")
    rows = {}
    for line in contents.splitlines():
        match = re.match(r"^\s*(?:(\d+)\.)?\s*(\S.*?)\s{2,}(\d+)\s*$", line)
        if match:
            number, title, page = match.groups()
            rows[f"{number}. {title}" if number else title] = int(page)
    starts = dict(outline(bundled_pdf))
    assert rows == starts
    for section in content.sections:
        start = starts[f"{section.number}. {section.content.title}"]
        assert section.content.title in page_text(bundled_pdf, start)
        if start > 1:
            assert section.content.title not in page_text(bundled_pdf, start - 1).split("\n", 1)[-1]


def test_key_judgments_have_a_page_of_their_own(bundled_pdf, content):
    """The judgments page holds every judgment with its estimate, and nothing of the sections."""
    page = dict(outline(bundled_pdf))["Key judgments"]
    text = page_text(bundled_pdf, page)
    for judgment in content.file.key_judgments:
        assert " ".join(judgment.text.split()[:4]) in text
        assert f"{judgment.confidence.capitalize()} confidence" in text
    for section in content.sections:
        assert section.content.title not in text
    assert page_text(bundled_pdf, page + 1).count("Key judgments") == 0


def test_running_header_and_footer(bundled_pdf, content):
    """Every page after the cover has the short title, the marking and 'Page X of Y'."""
    total = len(bundled_pdf.pages)
    for number in range(2, total + 1):
        text = page_text(bundled_pdf, number)
        assert content.meta.short_title in text
        assert content.meta.marking in text
        assert f"Page {number} of {total}" in text
    assert "Page 1 of" not in page_text(bundled_pdf, 1)


def test_every_citation_links_to_its_appendix_entry(bundled_pdf, content):
    """Each citation mark links to 'source-N', which lands on the appendix entry of source N."""
    appendix_start = dict(outline(bundled_pdf))["Sources"]
    citations = [(page, dest) for page, dest in links(bundled_pdf) if dest.startswith("source-")]
    assert len(citations) > 50
    for number, source in enumerate(content.sources, start=1):
        target = destination_page(bundled_pdf, f"source-{number}")
        assert target >= appendix_start
        assert source.title[:30] in flowing(page_text(bundled_pdf, target))
    assert {dest for _page, dest in citations} == {f"source-{n}" for n in range(1, len(content.sources) + 1)}


def test_appendix_lists_the_pages_that_cite_each_source(bundled_pdf, content):
    """'Cited on' shows exactly the pages holding a citation of that source, each linked there."""
    appendix_start = dict(outline(bundled_pdf))["Sources"]
    citing_pages = defaultdict(set)
    for page, dest in links(bundled_pdf):
        if dest.startswith("source-") and page < appendix_start:
            citing_pages[int(dest.removeprefix("source-"))].add(page)

    appendix = " ".join(page_text(bundled_pdf, n) for n in range(appendix_start, len(bundled_pdf.pages) + 1))
    listed = [[int(n) for n in group.split(", ")] for group in re.findall(r"Cited on ([\d, ]+\d)", appendix)]
    assert len(listed) == len(content.sources)

    backref_pages = defaultdict(list)
    for page, dest in links(bundled_pdf):
        if dest.startswith("cite-"):
            assert page >= appendix_start
            number = int(dest.split("-")[1])
            backref_pages[number].append(destination_page(bundled_pdf, dest))

    for number, pages in enumerate(listed, start=1):
        assert pages == sorted(citing_pages[number]), f"source {number}"
        assert backref_pages[number] == pages, f"source {number}"


def test_appendix_has_full_bibliographic_detail(bundled_pdf, content):
    """Each source shows outlet, kind, archive path, and 'not recorded' where the text gives no URL."""
    appendix_start = dict(outline(bundled_pdf))["Sources"]
    appendix = flowing("\n".join(page_text(bundled_pdf, n) for n in range(appendix_start, len(bundled_pdf.pages) + 1)))
    for source in content.sources:
        assert source.outlet in appendix
        assert source.archive in appendix
        if source.author:
            assert source.author in appendix
    assert appendix.count("URL not recorded") == sum(1 for s in content.sources if s.url is None)
    assert "descriptive title" in appendix


def test_only_bundled_fonts_are_embedded(bundled_pdf):
    """Every font in the PDF comes from the Source Serif/Sans packages, never the system."""
    fonts = set()
    for page in bundled_pdf.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    assert fonts
    assert all(name.startswith(("Source-Serif-Pro", "Source-Sans-Pro")) for name in fonts), fonts


def test_same_content_same_pdf(bundled_build, tmp_path):
    """Building the same content again gives a byte-identical PDF."""
    again = build(Project(REPO), output=tmp_path / "again.pdf")
    assert again.pdf.read_bytes() == bundled_build.pdf.read_bytes()
