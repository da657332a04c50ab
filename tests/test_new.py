"""Test `briefing new`: a project that builds at once, in English, French or German, and never over files."""

from __future__ import annotations

import re

import pypdf
import pytest

from conftest import pdf_text


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en-GB", "Key judgments"), ("fr", "Principales évaluations"), ("de", "Kernaussagen"), ("en-US", "Key judgments")],
)
def test_new_project_builds_cleanly(run, tmp_path, language, heading):
    """`briefing new x && briefing build x` works with no warning, in each shipped language."""
    target = tmp_path / "brief"
    created = run("new", target, "--title", 'Port "congestion": what next', "--language", language)
    assert created.exit_code == 0, created.output
    assert created.stdout.splitlines()[-1] == f"Next: briefing build {target}"
    built = run("build", target)
    assert built.exit_code == 0, built.output
    assert built.stderr == ""
    text = pdf_text(pypdf.PdfReader(target / "output/briefing.pdf"))
    assert heading in text
    assert "congestion" in text


def test_new_project_shows_every_content_type(tmp_path):
    """The scaffold uses every section content type and comments every meta field."""
    from briefing.load import load_project
    from briefing.model import PRINTED_FIELDS, Meta
    from briefing.new import new
    from briefing.project import Project

    new(tmp_path / "x")
    content = load_project(Project(tmp_path / "x"))
    assert {block.field for section in content.sections for block in section.content.blocks()} == set(PRINTED_FIELDS)
    briefing_yaml = (tmp_path / "x/content/briefing.yaml").read_text(encoding="utf-8")
    assert all(re.search(rf"^  (# )?{field}:", briefing_yaml, re.MULTILINE) for field in Meta.model_fields)


def test_new_refuses_a_folder_that_is_not_empty(run, tmp_path):
    """An existing file is never overwritten: exit 2 with a message, and the folder is left as it was."""
    (tmp_path / "notes.txt").write_text("mine")
    result = run("new", tmp_path)
    assert result.exit_code == 2
    assert f"{tmp_path} is not an empty folder; choose a new one" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_new_into_an_empty_folder(run, tmp_path):
    """An empty folder is as good as a new one."""
    (tmp_path / "empty").mkdir()
    assert run("new", tmp_path / "empty").exit_code == 0
    assert (tmp_path / "empty/content/briefing.yaml").is_file()


def test_a_language_without_a_table_warns_once(run, tmp_path):
    """A language with no labels prints in English, with one warning at meta.language."""
    run("new", tmp_path / "sw", "--language", "sw")
    result = run("build", tmp_path / "sw")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert "warning: no labels ship for 'sw'; the fixed words print in English" in warnings[0]
