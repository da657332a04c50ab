"""Shared fixtures: the bundled briefing built once, and throwaway project copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from briefing.build import build
from briefing.cli import cli
from briefing.project import Project

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory):
    """The repository's own briefing, built once for every PDF test."""
    out = tmp_path_factory.mktemp("bundled") / "briefing.pdf"
    return build(Project(REPO), output=out)


@pytest.fixture(scope="session")
def bundled_pdf(bundled_build) -> pypdf.PdfReader:
    return pypdf.PdfReader(bundled_build.pdf)


def _copy_project(source: Path, target: Path) -> Path:
    for folder in ("content", "styles"):
        shutil.copytree(source / folder, target / folder)
    return target


@pytest.fixture
def briefing_copy(tmp_path) -> Path:
    """A copy of the bundled content and styles, safe to break."""
    return _copy_project(REPO, tmp_path / "project")


@pytest.fixture
def minimal_project(tmp_path) -> Path:
    """A copy of the smallest project that builds."""
    return _copy_project(FIXTURES / "minimal", tmp_path / "minimal")


@pytest.fixture
def run():
    """Run the CLI in-process; returns click's Result with separate stdout and stderr."""

    def invoke(*args: str):
        return CliRunner().invoke(cli, [str(arg) for arg in args])

    return invoke


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in a file, so a test edit cannot silently miss."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based number of the only line of ``path`` containing ``needle``."""
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines} of {path}"
    return lines[0]
