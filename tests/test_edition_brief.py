"""Test the two-page brief (``briefing build --edition brief``) on real PDFs: its pages, parts, links and limits.

Expectations for the Veld fixture are written out from its YAML; the bundled
briefing is held to what holds for any briefing: two pages, on A4 and Letter.
"""

from __future__ import annotations

import re

import pikepdf
import pypdf
import pytest

from briefing.build import build
from briefing.project import Project

from conftest import FIXTURES, REPO, copy_project, edit


@pytest.fixture(scope="session")
def veld_brief(tmp_path_factory):
    project = copy_project(FIXTURES / "veld", tmp_path_factory.mktemp("veld-brief"))
    return build(Project(project), edition="brief")


@pytest.fixture(scope="session")
def veld_brief_pages(veld_brief) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(veld_brief.pdf).pages]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("source", [REPO, FIXTURES / "veld"], ids=["bundled", "veld"])
def test_the_brief_is_two_pages_on_either_paper(source, paper, tmp_path):
    result = build(Project(copy_project(source, tmp_path / "p")), edition="brief", paper=paper)
    assert result.pdf == tmp_path / "p" / "output" / "brief.pdf"
    reader = pypdf.PdfReader(result.pdf)
    assert len(reader.pages) == result.pages == 2
    width = float(reader.pages[0].mediabox.width)
    assert width == pytest.approx(595.28 if paper == "a4" else 612, abs=0.1)


def test_the_front_carries_the_argument(veld_brief_pages):
    front = veld_brief_pages[0]
    for text in (
        "FIXTURE — NOT FOR USE",
        "Water stress in the Veld basin",
        "Basin Desk · 15 July 2025 · Version 2 · Information as of c. June 2025",
        "What’s new? Reservoir storage fell to 31 percent of capacity in February 2024",
        "What should be done? Back the water-sharing accord and line the canals",
        "Rationing will very likely widen before the accord is signed",
        "(very likely, 80–95%; moderate confidence)",
        "(roughly even chance, 45–55%; low confidence)",
        "(unlikely, 20–45%; high confidence)",
        "A vote on the accord in the three provincial assemblies. (our judgement)",
        "Fixture Institute · 15 July 2025 FIXTURE — NOT FOR USE Page 1 of 2",
    ):
        assert text in front, text
    assert "SOURCES" not in front and "KEY FIGURES" not in front  # the evidence is on the back


def test_the_back_carries_the_evidence(veld_brief_pages):
    back = veld_brief_pages[1]
    for text in (
        "KEY FIGURES AT A GLANCE 31 percent",
        "3.1 million People under water restrictions",
        "SHARE THE SHORTAGE",
        "Sign the accord Fixed shares, with cuts shared in droughts",
        "Line the canals Stop losses from leaking canals",
        "1 “Reservoirs in the Veld basin fall to record low”, The Arnholt Ledger, 14 March 2024.",
        "[Notes from a meeting of basin farmers], Selby Farmers' Association, 2023.",
        "Page 2 of 2",
    ):
        assert text in back, text
    # Ratings in words as well as dots: cost low (good) and speed moderate for the accord.
    assert re.search(r"Sign the accord .* Low Moderate", back)


def test_citation_marks_lead_to_the_numbered_source_on_the_back(veld_brief):
    reader = pypdf.PdfReader(veld_brief.pdf)
    destinations = {
        name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()
    }
    cited = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            name = str(annotation.get_object().get("/Dest", ""))
            if name.startswith("source-"):
                cited.add(name)
                assert destinations[name] == 2
    assert cited == {"source-1", "source-2", "source-3"}


def test_the_brief_is_tagged_and_repeats_byte_for_byte(veld_brief, tmp_path):
    with pikepdf.open(veld_brief.pdf) as pdf:
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.Lang == "en-GB"
        assert str(pdf.docinfo.Title) == "Water stress in the Veld basin — Two-page brief"
    again = build(Project(copy_project(FIXTURES / "veld", tmp_path / "again")), edition="brief")
    assert again.pdf.read_bytes() == veld_brief.pdf.read_bytes()


def test_a_front_too_long_fails_saying_by_how_much_and_what_to_cut(veld, run):
    built = run("build", veld, "--edition", "brief")
    assert built.exit_code == 0
    good = (veld / "output" / "brief.pdf").read_bytes()
    sentence = "Reservoir storage fell to 31 percent of capacity in February 2024, by the authority's figures"
    edit(
        veld / "content" / "briefing.yaml", f"  whats_new: {sentence} [", f"  whats_new: {'. '.join([sentence] * 45)} ["
    )
    result = run("build", veld, "--edition", "brief")
    assert result.exit_code == 1
    message = result.output.strip().splitlines()[-1]
    assert re.fullmatch(
        r"Error: the two-page brief does not fit on two pages: its front \(the bottom line, the key judgments and "
        r"what to watch\) is about (\d+) mm \((\d+)% of a page\) too long\. Shorten the bottom line "
        r"\(content/briefing\.yaml, bottom_line: 699 words\), the key judgments \(content/briefing\.yaml, "
        r"key_judgments: 4, 38 words\), the watch list \(content/briefing\.yaml, watch: 23 words\)",
        message,
    ), message
    over = int(re.search(r"about (\d+) mm", message).group(1))
    assert 10 < over < 120  # a part of a page, not the page's whole height
    assert (veld / "output" / "brief.pdf").read_bytes() == good


def test_a_back_too_long_names_the_options(veld, run):
    description = "Fixed shares, with cuts shared in droughts [@herald-2025]."
    long = " ".join(["Fixed shares, with cuts shared in droughts and a standing commission to settle disputes."] * 60)
    edit(veld / "content" / "sections" / "accord.yaml", description, f"{long} [@herald-2025].")
    result = run("build", veld, "--edition", "brief")
    assert result.exit_code == 1
    assert "its back (the key figures, the options and the sources) is about" in result.output
    assert "Shorten the options' descriptions (content/sections/accord.yaml:5, 847 words)" in result.output


def test_the_brief_is_a_pdf_edition_only(veld, run):
    result = run("build", veld, "--edition", "brief", "--format", "evidence")
    assert result.exit_code == 2
    assert "--edition brief prints the brief as a PDF; --format evidence is for the full edition" in result.output
    assert run("build", veld, "--edition", "summary").exit_code == 2
