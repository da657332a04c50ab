"""Shared fixtures: briefings built once per session into temporary folders, and throwaway copies.

Every build here writes into a temporary copy of its project, so the chart
cache and the output of one test never leak into another or into the
working tree.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import settings

from briefing.build import BuildResult, build
from briefing.cli import cli
from briefing.project import Project

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# No deadline (speed is the benchmark's business) and, in CI, a fixed seed so a run is repeatable.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def copy_project(source: Path, target: Path) -> Path:
    """A copy of a project's inputs (content/, styles/), without its output."""
    for folder in ("content", "styles"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder)
    return target


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory) -> BuildResult:
    """The repository's own briefing, built once in a temporary copy."""
    project = copy_project(REPO, tmp_path_factory.mktemp("bundled"))
    return build(Project(project))


@pytest.fixture(scope="session")
def bundled_pdf(bundled_build) -> pypdf.PdfReader:
    return pypdf.PdfReader(bundled_build.pdf)


@pytest.fixture(scope="session")
def veld_build(tmp_path_factory) -> BuildResult:
    """The Veld fixture (another topic, every content type), built once in a temporary copy."""
    project = copy_project(FIXTURES / "veld", tmp_path_factory.mktemp("veld"))
    return build(Project(project))


@pytest.fixture(scope="session")
def veld_pdf(veld_build) -> pypdf.PdfReader:
    return pypdf.PdfReader(veld_build.pdf)


@pytest.fixture
def veld(tmp_path, veld_build) -> Path:
    """A copy of the Veld fixture, safe to break, with its charts already drawn (as on an analyst's machine)."""
    project = copy_project(FIXTURES / "veld", tmp_path / "veld")
    shutil.copytree(veld_build.pdf.parent / ".cache", project / "output" / ".cache")
    return project


@pytest.fixture
def fresh_veld(tmp_path) -> Path:
    """A copy of the Veld fixture with nothing cached: its charts are drawn on the first build."""
    return copy_project(FIXTURES / "veld", tmp_path / "fresh-veld")


@pytest.fixture
def minimal_project(tmp_path) -> Path:
    """A copy of the smallest project that builds."""
    return copy_project(FIXTURES / "minimal", tmp_path / "minimal")


@pytest.fixture
def briefing_copy(tmp_path) -> Path:
    """A copy of the bundled briefing's content and styles."""
    return copy_project(REPO, tmp_path / "bundled")


@pytest.fixture
def run():
    """Run the CLI in-process; returns click's Result with separate stdout and stderr."""

    def invoke(*args: str | Path):
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


def problems_of(project: Path) -> list[str]:
    """``briefing check``'s problem lines for ``project``, sorted as printed."""
    from briefing.checks import check_project

    _content, report = check_project(Project(project))
    return [problem.format() for problem in sorted(report.problems)]


def squashed(text: str) -> str:
    """Text without any whitespace: line breaks and SVG glyph runs fall anywhere."""
    return "".join(text.split())


def pdf_text(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def yaml_as_text(path: Path) -> Any:
    """A YAML file through ``yaml.safe_load``, with dates as the text they were written as.

    PyYAML reads ``2021-08-15`` as a date (YAML 1.1); briefing and editors
    (YAML 1.2) read it as text, which is what the editor schema describes.
    """

    def text(data: Any) -> Any:
        if isinstance(data, dict):
            return {key: text(value) for key, value in data.items()}
        if isinstance(data, list):
            return [text(value) for value in data]
        return data.isoformat() if isinstance(data, dt.date) else data

    return text(yaml.safe_load(path.read_text(encoding="utf-8")))
