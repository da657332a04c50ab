"""Test the build recipe's page numbers: printed as text from a settled layout, whatever the cache holds."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pypdf
import pytest

from briefing import build as build_module
from briefing.build import PAGES_CACHE, build
from briefing.project import Project

from conftest import FIXTURES, copy_project, edit


def contents_rows(pdf) -> dict[str, int]:
    """The contents page's entries and the page number printed beside each."""
    rows = {}
    for line in pypdf.PdfReader(pdf).pages[1].extract_text(extraction_mode="layout").splitlines():
        match = re.match(r"^\s*(?:(\d+)\.)?\s*(\S.*?)\s{2,}(\d+)\s*$", line)
        if match:
            number, title, page = match.groups()
            rows[f"{number}. {title}" if number else title] = int(page)
    return rows


def contents_and_cited_on(pdf) -> tuple[dict[str, int], list[str]]:
    """The contents' page numbers and every "Cited on" list, as printed."""
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    return contents_rows(pdf), re.findall(r"Cited on pp?\. [\d, ]+", text)


def outline_pages(pdf) -> dict[str, int]:
    reader = pypdf.PdfReader(pdf)
    return {
        item.title: reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }


@pytest.fixture
def layouts(monkeypatch) -> list[str]:
    """Count the layouts a build makes."""
    from briefing import pdf

    made = []
    real = pdf.layout

    def counting(document, *args, **kwargs):
        made.append(document)
        return real(document, *args, **kwargs)

    monkeypatch.setattr(pdf, "layout", counting)
    return made


def test_cold_warm_and_wrong_caches_give_the_same_bytes(tmp_path, layouts):
    project = copy_project(FIXTURES / "veld", tmp_path / "veld")
    cold = build(Project(project)).pdf.read_bytes()
    assert len(layouts) == 2  # placeholders, then the numbers that layout gave
    cache = project / "output" / ".cache" / PAGES_CACHE
    assert (
        json.loads(cache.read_text())["pages"]["section-accord"]
        == outline_pages(project / "output/briefing.pdf")["2. Share the shortage"]
    )

    layouts.clear()
    assert build(Project(project)).pdf.read_bytes() == cold
    assert len(layouts) == 1  # the cache was right: one layout

    wrong = json.loads(cache.read_text())
    wrong["pages"] = {anchor: page + 1 for anchor, page in wrong["pages"].items()}
    cache.write_text(json.dumps(wrong))
    layouts.clear()
    assert build(Project(project)).pdf.read_bytes() == cold
    assert len(layouts) == 2

    cache.write_text("{not json")
    assert build(Project(project)).pdf.read_bytes() == cold


def test_printed_page_numbers_are_the_layouts(tmp_path):
    """Contents entries name the page each section starts on; the first build prints no placeholder."""
    project = copy_project(FIXTURES / "veld", tmp_path / "veld")
    pdf = build(Project(project)).pdf
    starts = outline_pages(pdf)
    rows = contents_rows(pdf)
    assert {title: page for title, page in rows.items() if title in starts} == starts
    assert len(starts) == 8 and set(starts) <= set(rows)
    assert not re.search(r"Cited on pp?\. (\d+, )*0\b", pypdf.PdfReader(pdf).pages[-1].extract_text())


def test_numbers_that_never_settle_are_left_to_css(tmp_path, monkeypatch):
    """If no layout reproduces its own numbers, CSS target-counter() numbers them: still right."""
    project = copy_project(FIXTURES / "veld", tmp_path / "veld")
    expected = build(Project(project)).pdf
    settled = contents_and_cited_on(expected)
    monkeypatch.setattr(build_module, "SETTLE_ATTEMPTS", 0)
    fallback = build(Project(project), output=tmp_path / "fallback.pdf").pdf
    assert contents_and_cited_on(fallback) == settled


def test_a_warm_rebuild_loads_fonts_once_and_writes_what_a_fresh_process_writes(tmp_path, monkeypatch):
    """`briefing watch` rebuilds in one process: stylesheets and fonts are prepared once, the bytes do not change."""
    from briefing import pdf

    made = []
    real = pdf._bundled_fonts_only
    monkeypatch.setattr(pdf, "_bundled_fonts_only", lambda project: made.append(project) or real(project))
    project = copy_project(FIXTURES / "veld", tmp_path / "veld")
    build(Project(project))
    edit(project / "content" / "sections" / "accord.yaml", "title: Share the shortage", "title: Share the drought")
    warm = build(Project(project)).pdf.read_bytes()
    assert len(made) == 1

    fresh = subprocess.run(
        [sys.executable, "-m", "briefing", "build", str(project), "-o", str(tmp_path / "fresh.pdf")],
        capture_output=True,
        text=True,
    )
    assert fresh.returncode == 0, fresh.stderr
    assert (tmp_path / "fresh.pdf").read_bytes() == warm
    assert "Share the drought" in pypdf.PdfReader(tmp_path / "fresh.pdf").pages[1].extract_text()


def test_progress_names_each_step_as_it_starts(tmp_path):
    """What the status line on a terminal shows: a second layout only when the page numbers were not known."""
    project = copy_project(FIXTURES / "veld", tmp_path / "veld")
    steps: list[str] = []
    build(Project(project), progress=steps.append)
    assert steps == ["Checking the content", "Drawing charts and maps", "Laying out", "Laying out", "Writing the PDF"]
    steps.clear()
    build(Project(project), progress=steps.append)
    assert steps == ["Checking the content", "Drawing charts and maps", "Laying out", "Writing the PDF"]
