"""Test the finished PDF with pikepdf: tagged for PDF/UA-1, archival PDF/A-3a, the marking, drafts and print marks.

No validator runs offline (veraPDF is not packaged), so these read the
structure a validator reads: the structure tree and its parent tree, the
marked content of every page, /Lang, the viewer preferences, the XMP packet,
associated files and page boxes.
"""

from __future__ import annotations

import itertools
import uuid
from collections import Counter
from pathlib import Path

import pdfplumber
import pikepdf
import pypdf
import pytest

from briefing.build import build
from briefing.finish import NAMESPACE, structure_elements
from briefing.project import Project

from conftest import FIXTURES, copy_project

MARKING = "FIXTURE — NOT FOR USE"
#: Operators that put ink on the page: text, paths, images and shadings.
PAINTING = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh", "BI"}


@pytest.fixture(scope="session")
def tagged(veld_build) -> pikepdf.Pdf:
    return pikepdf.open(veld_build.pdf)


@pytest.fixture(scope="session")
def archival_build(tmp_path_factory):
    """The Veld fixture as PDF/A-3a, as a draft, with print marks: every option of the finished file at once."""
    project = copy_project(FIXTURES / "veld", tmp_path_factory.mktemp("archival"))
    return build(Project(project), pdf_variant="pdf/a-3a", draft=True, print_marks=True)


@pytest.fixture(scope="session")
def archival(archival_build) -> pikepdf.Pdf:
    return pikepdf.open(archival_build.pdf)


def reachable(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    return {element.objgen for element, _ in structure_elements(pdf.Root.StructTreeRoot.K)}


def marked_content(pdf: pikepdf.Pdf, number: int) -> list[tuple[str, tuple[str, ...]]]:
    """Every painting operator on page ``number`` with the stack of marked-content tags around it."""
    painted, stack = [], []
    for instruction in pikepdf.parse_content_stream(pdf.pages[number - 1]):
        operator = str(instruction.operator)
        if operator in ("BDC", "BMC"):
            operands = list(instruction.operands)
            properties = operands[1] if len(operands) > 1 else None
            mcid = (
                int(properties.MCID) if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties else None
            )
            stack.append(f"{operands[0]}#{mcid}" if mcid is not None else str(operands[0]))
        elif operator == "EMC":
            stack.pop()
        elif operator in PAINTING:
            painted.append((operator, tuple(stack)))
    return painted


@pytest.mark.parametrize("which", ["tagged", "archival"])
def test_nothing_is_drawn_outside_a_tag_or_an_artifact(which, request):
    """Every glyph, path and image is inside a tag the structure tree reaches, or inside an artifact."""
    pdf = request.getfixturevalue(which)
    known = reachable(pdf)
    parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    for number, page in enumerate(pdf.pages, start=1):
        marked = parents[int(page.obj.StructParents)]
        for operator, stack in marked_content(pdf, number):
            assert stack, f"page {number}: {operator} drawn outside any marked content"
            if any(tag.startswith("/Artifact") for tag in stack):
                continue
            innermost = stack[-1]
            assert "#" in innermost, f"page {number}: {operator} in {innermost} without an MCID"
            element = marked[int(innermost.split("#")[1])]
            assert isinstance(element, pikepdf.Dictionary), f"page {number}: MCID {innermost} has no element"
            assert element.objgen in known, f"page {number}: {operator} tagged by an element outside the tree"


def test_running_heads_and_page_numbers_are_pagination_artifacts(tagged):
    """The marking, running head, footer and page number are read by no screen reader: /Artifact /Pagination."""
    for number in range(1, len(tagged.pages) + 1):
        artifact_text = []
        stack: list[str] = []
        for instruction in pikepdf.parse_content_stream(tagged.pages[number - 1]):
            operator = str(instruction.operator)
            if operator in ("BDC", "BMC"):
                operands = list(instruction.operands)
                pagination = len(operands) > 1 and isinstance(operands[1], pikepdf.Dictionary)
                stack.append("pagination" if pagination and operands[1].get("/Type") == "/Pagination" else "other")
            elif operator == "EMC":
                stack.pop()
            elif operator in ("Tj", "TJ") and stack and stack[-1] == "pagination":
                artifact_text.append(operator)
        # The cover: the marking, top and foot; other pages also a running head, a footer and a number.
        assert len(artifact_text) >= (2 if number == 1 else 5), (number, artifact_text)


def test_document_language_title_and_pdfua_identification(tagged):
    root = tagged.Root
    assert root.Lang == "en-GB"
    assert root.MarkInfo.Marked is True
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert root.PageMode == "/UseOutlines"  # the bookmarks panel opens with the file
    with tagged.open_metadata() as xmp:
        assert xmp["pdfuaid:part"] == "1"
        assert xmp["dc:title"] == "Water stress in the Veld basin"


def test_headings_run_h1_then_h2_and_h3_without_skipping(tagged):
    levels = [int(str(e.S)[2]) for e, _ in structure_elements(tagged.Root.StructTreeRoot.K) if str(e.S)[:2] == "/H"]
    assert levels[0] == 1 and levels.count(1) == 1
    assert {2, 3} <= set(levels) <= {1, 2, 3}
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels)), levels


def test_every_table_header_has_a_scope(tagged):
    """Column headers in the head of a table, row headers (the options matrix's criteria) in its body."""
    scopes = Counter()
    tables = 0
    for element, ancestors in structure_elements(tagged.Root.StructTreeRoot.K):
        tables += element.S == "/Table"
        if element.S == "/TH":
            assert element.A.O == "/Table"
            scopes[str(element.A.Scope)] += 1
            assert str(element.A.Scope) == ("/Column" if "/THead" in ancestors else "/Row")
    assert tables >= 3
    assert scopes["/Column"] > 0 and scopes["/Row"] > 0


def test_the_chart_says_its_numbers(tagged, veld_build):
    """A chart's text alternative gives every plotted figure as printed, not only its title."""
    alternatives = [
        str(element.Alt) for element, _ in structure_elements(tagged.Root.StructTreeRoot.K) if element.S == "/Figure"
    ]
    chart = next(text for text in alternatives if text.startswith("Reservoir storage"))
    assert chart == (
        "Reservoir storage and restrictions. Storage (% of capacity): 58 percent (Feb 2023, Basin Water "
        "Authority) and 31 percent (Feb 2024, Basin Water Authority). People under restrictions: 900,000 "
        "(2022, Kessler Institute) and 3.1 million (2025, Kessler Institute)."
    )
    assert all(alternatives), "every figure has a text alternative"


def test_links_are_named_by_what_they_lead_to(tagged):
    """A citation link is read out as its source, a back-link as its page; never as an id like 'source-2'."""
    names = Counter()
    for page in tagged.pages:
        for annotation in page.obj.get("/Annots", []):
            if "/Dest" in annotation:
                names[str(annotation.Contents)] += 1
    assert names, "the PDF has internal links"
    assert not [name for name in names if name.startswith(("source-", "cite-", "section-"))]
    assert any("Ines Halvorsen. “After the drought: can the Veld share its water?”" in name for name in names), names
    assert any(name.startswith("Page ") for name in names), names


def test_document_id_names_the_edition(tagged):
    """The first half of /ID is the edition's permanent ID, the same as the XMP's; the file is linearized."""
    permanent = uuid.UUID(bytes=bytes(tagged.trailer.ID[0]))
    assert permanent == uuid.uuid5(NAMESPACE, "Water stress in the Veld basin\n2025-07-15\n2")
    with tagged.open_metadata() as xmp:
        assert xmp["xmpMM:DocumentID"] == permanent.urn
    assert tagged.is_linearized


def test_the_contents_page_draws_no_leader_dots(tagged, veld_build):
    """The contents once drew each dot of its rules as a path and each leader as empty text runs."""
    contents = next(n for n, page in enumerate(tagged.pages, 1) if "Contents" in _text(veld_build.pdf, n))
    operators = Counter(
        str(instruction.operator) for instruction in pikepdf.parse_content_stream(tagged.pages[contents - 1])
    )
    assert operators["c"] < 100, operators  # a dotted rule is a curve per dot: over 15,000 here
    assert operators["BT"] == operators["TJ"] + operators["Tj"], operators  # no text object that shows nothing


def test_the_marking_is_centred_at_the_top_and_the_foot_of_every_page(veld_build):
    with pdfplumber.open(veld_build.pdf) as document:
        for page in document.pages:
            lines = _lines(page)
            top, foot = lines[0], lines[-1]
            for where, line in (("top", top), ("foot", foot)):
                marking = [word for word in line if word["text"] in MARKING.split()]
                assert " ".join(word["text"] for word in marking) == MARKING, (page.page_number, where, line)
                middle = (marking[0]["x0"] + marking[-1]["x1"]) / 2
                assert abs(middle - page.width / 2) < 1.5, (page.page_number, where, middle, page.width)


def test_archival_pdf_carries_the_archived_sources(archival, archival_build):
    """PDF/A-3a: each archived source is an associated file (Source), byte for byte, listed once."""
    project = archival_build.pdf.parent.parent
    assert {str(spec.F) for spec in archival.Root.AF} == set(archival.attachments)
    archived = {path.name for path in (project / "content" / "sources").iterdir()}
    assert set(archival.attachments) == archived and len(archival.Root.AF) == len(archived)
    for name, spec in archival.attachments.items():
        assert spec.obj.AFRelationship == "/Source"
        assert spec.get_file().read_bytes() == (project / "content" / "sources" / name).read_bytes()
    assert "/OutputIntents" in archival.Root


def test_archival_pdf_claims_pdfa_and_pdfua(archival):
    with archival.open_metadata() as xmp:
        assert xmp["pdfaid:part"] == "3"
        assert xmp["pdfaid:conformance"] == "A"
        assert xmp["pdfuaid:part"] == "1"
    # PDF/A admits only declared schemas: pdfuaid comes with its extension schema.
    assert b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in archival.Root.Metadata.read_bytes()


def test_a_draft_says_draft_on_every_page(archival_build):
    # pypdf, not pdfplumber: it reads the diagonal word as one word.
    for number, page in enumerate(pypdf.PdfReader(archival_build.pdf).pages, start=1):
        assert "DRAFT" in page.extract_text(), number


def test_a_french_draft_says_projet(tmp_path, run):
    assert run("new", tmp_path / "note", "--language", "fr").exit_code == 0
    assert run("build", tmp_path / "note", "--draft").exit_code == 0
    assert all("PROJET" in page.extract_text() for page in pypdf.PdfReader(tmp_path / "note/output/briefing.pdf").pages)


def test_print_marks_add_bleed_around_the_trimmed_page(archival, tagged):
    """3 mm of bleed (8.5 pt) on every side of an A4 trim box, for crop marks and colour that runs off."""
    bleed = 3 / 25.4 * 72
    for page in archival.pages:
        trim, media = [float(v) for v in page.trimbox], [float(v) for v in page.mediabox]
        assert trim[2] - trim[0] == pytest.approx(595.28, abs=0.01)
        assert [t - m for t, m in zip(trim[:2], media[:2], strict=True)] == pytest.approx([bleed, bleed], abs=0.01)
        assert [m - t for t, m in zip(trim[2:], media[2:], strict=True)] == pytest.approx([bleed, bleed], abs=0.01)
    assert all(page.trimbox == page.mediabox for page in tagged.pages)


def test_same_options_same_bytes(archival_build, tmp_path):
    project = copy_project(FIXTURES / "veld", tmp_path / "again")
    again = build(Project(project), pdf_variant="pdf/a-3a", draft=True, print_marks=True)
    assert again.pdf.read_bytes() == archival_build.pdf.read_bytes()


def test_an_unknown_variant_is_a_usage_error(veld, run):
    result = run("build", veld, "--pdf-variant", "pdf/x-4")
    assert result.exit_code == 2
    assert "Invalid value for '--pdf-variant': 'pdf/x-4' is not one of 'pdf/ua-1', 'pdf/a-3a'." in result.output


def test_a_marking_in_a_script_the_watermark_lacks_is_refused_plainly(veld, run):
    """The watermark word comes from the labels; one the bundled sans cannot print is an error, not a box."""
    with (veld / "content" / "briefing.yaml").open("a", encoding="utf-8") as briefing_yaml:
        briefing_yaml.write("labels:\n  draft: مسودة\n")
    result = run("build", veld, "--draft")
    assert result.exit_code == 1
    assert "the draft watermark 'مسودة' cannot be printed" in result.output
    assert not (veld / "output" / "briefing.pdf").exists()


def _text(path: Path, number: int) -> str:
    with pdfplumber.open(path) as document:
        return document.pages[number - 1].extract_text()


def _lines(page) -> list[list[dict]]:
    """The page's words grouped into lines by their top, top to bottom."""
    rows: dict[int, list[dict]] = {}
    for word in page.extract_words(keep_blank_chars=False, use_text_flow=False):
        rows.setdefault(round(word["top"]), []).append(word)
    return [sorted(rows[top], key=lambda word: word["x0"]) for top in sorted(rows)]
