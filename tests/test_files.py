"""Test atomic writes: a failure midway leaves the previous file whole and no temporary file behind."""

from __future__ import annotations

import pytest

from briefing import files
from briefing.build import build
from briefing.errors import BriefingError
from briefing.project import Project


def test_replacing_keeps_the_old_file_when_the_block_fails(tmp_path):
    """The target changes only if the whole block succeeds."""
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), files.replacing(target) as temporary:
        with open(temporary, "w") as handle:
            handle.write("half of the new")
        raise RuntimeError("disk gone")
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_a_pdf_write_that_fails_midway_keeps_the_previous_pdf(veld, monkeypatch):
    """A build whose PDF writer dies halfway leaves the earlier PDF byte for byte, and no temporary file."""
    first = build(Project(veld))
    good = first.pdf.read_bytes()

    def write_half_then_fail(data, temporary):
        with open(temporary, "wb") as handle:
            handle.write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("briefing.pdf._write", write_half_then_fail)
    with pytest.raises((OSError, BriefingError)):
        build(Project(veld))
    assert first.pdf.read_bytes() == good
    assert sorted(p.name for p in first.pdf.parent.iterdir() if not p.name.startswith(".cache")) == ["briefing.pdf"]


def test_strict_stops_on_a_warning_raised_while_writing(veld, monkeypatch):
    """With --strict, a warning WeasyPrint logs while writing stops the build before the old PDF is replaced."""
    first = build(Project(veld))
    good = first.pdf.read_bytes()
    import logging

    from weasyprint.document import Document

    original = Document.write_pdf

    def warn_while_writing(self, target=None, **options):
        logging.getLogger("weasyprint").warning("font subsetting fell back to fontTools")
        return original(self, target, **options)

    monkeypatch.setattr(Document, "write_pdf", warn_while_writing)
    with pytest.raises(BriefingError, match="font subsetting fell back"):
        build(Project(veld), strict=True)
    assert first.pdf.read_bytes() == good
