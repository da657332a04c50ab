"""Test the brief a reader receives: who published it, how current it is, nothing said twice, nothing of production.

Against the Veld fixture (which has a watch list, an abbreviation, a contact and a
licence) and, for what holds in any edition, the bundled briefing.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pdfplumber
import pypdf

from conftest import edit, line_of, pdf_text, problems_of


def flowing(reader: pypdf.PdfReader) -> str:
    return " ".join(pdf_text(reader).split())


def outline(reader: pypdf.PdfReader) -> dict[str, int]:
    return {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }


def test_cover_says_who_and_how_current(veld_pdf):
    """The cover carries the author, the edition, how current the information is, the contact and the licence."""
    cover = " ".join(veld_pdf.pages[0].extract_text().split())
    for text in (
        "Basin Desk",
        "15 July 2025 · Version 2",
        "Information as of c. June 2025",  # the newest source is dated only approximately
        "Contact: basin-desk@example.org",
        "© 2025 Fixture Institute. Invented for tests.",
    ):
        assert text in cover, text


def test_the_last_page_says_how_to_cite_it(veld_pdf):
    """The colophon on the last page gives a suggested citation built from what is known, and the contact."""
    last = " ".join(veld_pdf.pages[-1].extract_text().split())
    assert "Cite as Basin Desk, Water stress in the Veld basin, Fixture Institute, 15 July 2025." in last
    assert "Contact basin-desk@example.org" in last


def test_what_to_watch_follows_the_judgments(veld_pdf):
    """The watch list is on the judgments page, cited items with their mark, judgements labelled as such."""
    page = " ".join(veld_pdf.pages[outline(veld_pdf)["Key judgments"] - 1].extract_text().split())
    assert "WHAT TO WATCH" in page
    assert "A vote on the accord in the three provincial assemblies. (our judgement)" in page
    assert "A return to last year" in page  # the last judgment, on the same page


def test_abbreviations_are_listed(veld_pdf):
    """The glossary prints each abbreviation with what it stands for, and is in the contents."""
    assert "Abbreviations" in outline(veld_pdf)
    assert "BWABasinWaterAuthority" in "".join(pdf_text(veld_pdf).split())  # on one line, term then meaning


def test_timelines_print_once_in_the_chronology(veld_pdf):
    """An event prints in the chronology and nowhere else; no section carries a timeline table."""
    text = flowing(veld_pdf)
    assert text.count("Ministers of the three provinces meet in Arnholt.") == 1
    assert "TIMELINE" not in text


def test_timelines_in_place_when_asked(veld):
    """meta.chronology: false prints each section's timeline in place and no chronology."""
    from briefing.build import build
    from briefing.project import Project

    edit(veld / "content/briefing.yaml", "  language: en-GB", "  language: en-GB\n  chronology: false")
    reader = pypdf.PdfReader(build(Project(veld)).pdf)
    text = flowing(reader)
    assert "TIMELINE" in text and text.count("Ministers of the three provinces meet in Arnholt.") == 1
    assert not any(title.startswith("Chronology") for title in outline(reader))


def test_a_figure_at_a_glance_is_not_repeated_in_its_table(veld_pdf):
    """31 percent is on the contents page; the section's table lists the others, not it."""
    text = flowing(veld_pdf)
    assert text.count("31 percent") >= 1
    table = text[text.index("KEY FIGURES: STORAGE AT A RECORD LOW") :]
    table = table[: table.index("2 Share the shortage")] if "2 Share the shortage" in table else table[:400]
    assert "58 percent" in table and "900,000" in table
    assert "31 percent" not in table and "3.1 million" not in table


def test_no_production_data_in_print(bundled_pdf):
    """The printed bundled briefing holds no archive paths, no 'not recorded', no counts of checks."""
    text = flowing(bundled_pdf)
    for production in (
        "content/sources/",
        "not recorded",
        "Producer not named",
        "quotations and",
        "descriptive title;",
        "citations,",
    ):
        assert production not in text, production


def test_options_matrix_dots_mean_better(veld_pdf):
    """More dots is better for the option on every criterion: a low cost fills three dots, a high cost one."""
    text = flowing(veld_pdf)
    assert "better for the option" in text and "worse for the option" in text
    # The accord's cost is rated low (good, as lower is better) and the canals' high (bad).
    from briefing.load import load_project
    from briefing.project import Project
    from briefing.views import options_matrix

    from conftest import FIXTURES

    (section,) = [s for s in load_project(Project(FIXTURES / "veld")).sections if s.content.criteria]
    cost, speed = options_matrix(section.content)
    assert [cell.dots for cell in cost.cells] == [3, 1]  # low cost (good), high cost (bad)
    assert [cell.dots for cell in speed.cells] == [2, 1]  # moderate speed, low speed (bad)


def test_running_text_keeps_a_readable_measure(bundled_build):
    """No line of running text (the body face at body size) holds more than 80 characters."""
    with pdfplumber.open(bundled_build.pdf) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines: dict[int, list[dict]] = defaultdict(list)
            for char in page.chars:
                if "Serif" in char["fontname"] and 10 <= char["size"] <= 11.5:
                    lines[round(char["top"])].append(char)
            for top, chars in lines.items():
                assert len(chars) <= 80, (number, top, "".join(c["text"] for c in chars))


def test_table_text_is_at_least_8_5_points(bundled_build):
    """Table and matrix text is set at 8.5 pt or more (citation marks and the dots aside).

    Pages with a chart or a map are left out: pdfplumber takes a chart's grid for a table.
    """
    import yaml

    from conftest import REPO

    drawings = [
        block["title"].upper()
        for f in (REPO / "content/sections").glob("*.yaml")
        for key in ("charts", "maps")
        for block in yaml.safe_load(f.read_text(encoding="utf-8")).get(key, [])
    ]
    with pdfplumber.open(bundled_build.pdf) as pdf:
        for page in pdf.pages:
            if any(title in (page.extract_text() or "") for title in drawings):
                continue
            for table in page.find_tables():
                for char in page.within_bbox(table.bbox).chars:
                    if char["text"].strip() and char["text"] not in ",0123456789":  # citation marks are smaller
                        assert char["size"] >= 8.45, (char["text"], char["size"])


# --- the checks behind them --------------------------------------------------------------------------


def test_an_abbreviation_used_before_it_is_spelled_out(veld):
    """BWA first used bare (in the watch list, before the supply section) is a warning at that line."""
    edit(
        veld / "content/briefing.yaml",
        "  - text: Whether the Basin Water Authority (BWA) lifts",
        "  - text: Whether the BWA lifts",
    )
    line = line_of(veld / "content/briefing.yaml", "Whether the BWA lifts")
    assert problems_of(veld) == [
        f"content/briefing.yaml:{line}:5: warning: BWA is first used here without being spelled out; write "
        "'Basin Water Authority (BWA)' at its first use"
    ]


def test_a_hyphenated_use_is_a_use(veld):
    """ "BWA-run" is the abbreviation used bare, as much as "the BWA" is."""
    edit(
        veld / "content/briefing.yaml",
        "  - text: Whether the Basin Water Authority (BWA) lifts",
        "  - text: Whether the BWA-run reservoirs lift",
    )
    line = line_of(veld / "content/briefing.yaml", "Whether the BWA-run reservoirs lift")
    assert problems_of(veld) == [
        f"content/briefing.yaml:{line}:5: warning: BWA is first used here without being spelled out; write "
        "'Basin Water Authority (BWA)' at its first use"
    ]


def test_the_glance_panel_is_read_before_the_judgments_and_the_watch_list(veld):
    """A key figure at a glance prints on the contents page: its producer "BWA" is the first use, bare."""
    edit(
        veld / "content/sections/supply.yaml",
        "    period: February 2024\n    producer: Basin Water Authority\n",
        "    period: February 2024\n    producer: BWA\n",
    )
    line = line_of(veld / "content/sections/supply.yaml", "producer: BWA")
    assert problems_of(veld) == [
        f"content/sections/supply.yaml:{line}:5: warning: BWA is first used here without being spelled out; "
        "write 'Basin Water Authority (BWA)' at its first use"
    ]


def test_an_unused_abbreviation(veld):
    """An abbreviation the text never uses is a warning at its entry."""
    edit(
        veld / "content/briefing.yaml",
        "  BWA: Basin Water Authority",
        "  BWA: Basin Water Authority\n  MAF: million acre-feet",
    )
    line = line_of(veld / "content/briefing.yaml", "MAF: million acre-feet")
    assert problems_of(veld) == [
        f"content/briefing.yaml:{line}:3: warning: abbreviation MAF is never used; remove it from the list"
    ]


def test_a_watch_item_needs_grounds(veld):
    """An indicator with neither a citation nor judgement: true is an error."""
    edit(veld / "content/briefing.yaml", "    judgement: true\n", "")
    line = line_of(veld / "content/briefing.yaml", "A vote on the accord")
    assert problems_of(veld) == [
        f"content/briefing.yaml:{line}:5: error: an indicator to watch needs a citation, or 'judgement: true' when "
        "it is the briefing's own judgement"
    ]


def test_an_edition_long_after_its_sources(veld):
    """Dated more than 180 days after its newest source, an edition must say how current it is."""
    edit(veld / "content/briefing.yaml", "  date: 2025-07-15", "  date: 2026-07-15")
    line = line_of(veld / "content/briefing.yaml", "date: 2026-07-15")
    assert problems_of(veld) == [
        f"content/briefing.yaml:{line}:3: warning: this edition is dated 2026-07-15, 380 days after its newest source "
        "(2025-06); say how current it is with meta.information_as_of, or update it"
    ]
    edit(veld / "content/briefing.yaml", "  date: 2026-07-15", "  date: 2026-07-15\n  information_as_of: 2025-06")
    assert problems_of(veld) == []


def test_information_as_of_in_the_words_the_sources_support(veld):
    """A cut-off known only roughly is given with its words: {date, label} prints the label."""
    from briefing.build import build
    from briefing.project import Project

    edit(
        veld / "content/briefing.yaml",
        "  date: 2025-07-15",
        "  date: 2025-07-15\n  information_as_of: {date: 2025-06, label: mid-2025}",
    )
    assert problems_of(veld) == []
    cover = " ".join(pypdf.PdfReader(build(Project(veld)).pdf).pages[0].extract_text().split())
    assert "Information as of mid-2025" in cover


# --- the evidence record -----------------------------------------------------------------------------------


def test_the_evidence_record_holds_what_print_leaves_out(run, veld):
    """--format evidence writes output/evidence.pdf: archive paths and fingerprints, 'not recorded', date bases,
    each quote with the archived passage it was found in."""
    import hashlib

    result = run("build", veld, "--format", "evidence")
    assert result.exit_code == 0, result.output
    text = flowing(pypdf.PdfReader(veld / "output/evidence.pdf"))
    digest = hashlib.sha256((veld / "content/sources/ledger-2024.txt").read_bytes()).hexdigest()
    assert "content/sources/ledger-2024.txt" in text and digest in text.replace(" ", "")
    assert "not recorded" in text
    assert "Inferred from the meeting of 2 June 2025 it reports." in text
    found = text[text.index("Rationing is no longer a question of if, but of when.” — Mara Ekdahl") :]
    assert re.match(
        r".{0,200}Found in: .We are drawing down water.{0,200}Rationing is no longer a question of if, "
        r"but of when",
        found,
    )
    assert not (veld / "output/briefing.pdf").exists()


def test_an_option_cell_with_one_point_is_a_sentence_and_with_two_a_list(veld):
    """A lone bullet reads as something missing: one advantage prints as a paragraph, two as a list."""
    from briefing.build import build
    from briefing.project import Project

    edit(
        veld / "content/sections/accord.yaml",
        "      - Shares the shortage [@herald-2025].\n",
        "      - Shares the shortage [@herald-2025].\n      - Ends the yearly haggling [@herald-2025].\n",
    )
    html = build(Project(veld), html=True).html
    assert html is not None
    table = re.search(r'<table class="data options">.*?</table>', html.read_text(encoding="utf-8"), re.S)
    assert table is not None
    rows = {
        row.group(1): re.findall(r"<td>(.*?)</td>", row.group(2), re.S)
        for row in re.finditer(r'<th scope="row" class="criterion">(.*?)</th>(.*?)</tr>', table.group(0), re.S)
    }
    sign, line = rows["For"]
    assert sign.startswith("<ul><li>Shares the shortage") and sign.count("<li>") == 2
    assert line.startswith("<p>Leaks take a third") and "<li>" not in line
    assert all(cell.startswith("<p>") for cell in rows["Against"] + rows["Who argues for it"])
