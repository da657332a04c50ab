"""Test the editor schema: generated from the model, valid for every bundled file, strict about keys."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from briefing.model import BriefingFile, Meta, SectionFile, SourcesFile
from briefing.new import new
from briefing.scales import SCALES
from briefing.schema import as_json, schema, schemas

from conftest import FIXTURES, REPO, yaml_as_text

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
LANGUAGES = ["en-GB", "fr", "de"]


def content_files(project: Path) -> dict[str, list[Path]]:
    """A project's YAML files by the kind of schema that describes them."""
    content = project / "content"
    return {
        "briefing": [content / "briefing.yaml"],
        "section": sorted((content / "sections").glob("*.yaml")),
        "sources": [content / "sources.yaml"],
    }


def errors(kind: str, path: Path) -> list[str]:
    """The schema's complaints about one file, as 'where: message'."""
    found = Draft202012Validator(schema(kind)).iter_errors(yaml_as_text(path))
    return [f"{'.'.join(map(str, error.absolute_path))}: {error.message}" for error in found]


@pytest.fixture(scope="module")
def scaffolds(tmp_path_factory) -> dict[str, Path]:
    """A fresh `briefing new` project in each shipped language."""
    root = tmp_path_factory.mktemp("scaffolds")
    for language in LANGUAGES:
        new(root / language, language=language, today=dt.date(2026, 11, 21))
    return {language: root / language for language in LANGUAGES}


def test_schema_command_prints_a_schema_per_kind_of_file(run):
    """`briefing schema` prints one JSON object: a draft 2020-12 schema for briefing, section and sources files."""
    result = run("schema")
    assert result.exit_code == 0
    assert result.stderr == ""
    printed = json.loads(result.stdout)
    assert list(printed) == ["briefing", "section", "sources"]
    for kind, model in zip(printed, (BriefingFile, SectionFile, SourcesFile), strict=True):
        assert printed[kind]["$schema"] == DRAFT_2020_12
        assert printed[kind]["title"] == model.__name__
        assert printed[kind]["description"] == model.__doc__
        Draft202012Validator.check_schema(printed[kind])
    assert result.stdout == as_json(schemas())


FIXTURE_PROJECTS = sorted(path for path in FIXTURES.iterdir() if (path / "content").is_dir())


@pytest.mark.parametrize("project", [REPO, *FIXTURE_PROJECTS], ids=["repository", *(p.name for p in FIXTURE_PROJECTS)])
def test_every_bundled_file_is_valid(project):
    """The repository's briefing and every fixture project pass the schema, file by file."""
    files = content_files(project)
    assert all(files.values())
    assert {str(path): errors(kind, path) for kind, paths in files.items() for path in paths} == {
        str(path): [] for paths in files.values() for path in paths
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_scaffolded_file_is_valid(scaffolds, language):
    """A project fresh from `briefing new` passes the schema in every shipped language."""
    files = content_files(scaffolds[language])
    assert len(files["section"]) == 2
    assert {str(path): errors(kind, path) for kind, paths in files.items() for path in paths} == {
        str(path): [] for paths in files.values() for path in paths
    }


@pytest.mark.parametrize(
    ("kind", "file", "old", "new", "expected"),
    [
        (
            "section",
            "sections/situation.yaml",
            "\nsummary:",
            "\nsumary:",
            [": Additional properties are not allowed ('sumary' was unexpected)", ": 'summary' is a required property"],
        ),
        (
            "briefing",
            "briefing.yaml",
            "  subtitle:",
            "  subtitel:",
            ["meta: Additional properties are not allowed ('subtitel' was unexpected)"],
        ),
        (
            "sources",
            "sources.yaml",
            "      approximate:",
            "      aproximate:",
            ["sources.0.published: Additional properties are not allowed ('aproximate' was unexpected)"],
        ),
    ],
    ids=["section", "meta", "sources"],
)
def test_a_misspelt_key_fails(scaffolds, tmp_path, kind, file, old, new, expected):
    """A misspelt key, at the top or deep inside, is refused, as `briefing check` refuses it."""
    path = scaffolds["en-GB"] / "content" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    misspelt = tmp_path / "misspelt.yaml"
    misspelt.write_text(text.replace(old, new), encoding="utf-8")
    assert errors(kind, misspelt) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("paper: a4", "paper: a5", "meta.paper: 'a5' is not one of ['a4', 'letter']"),
        ("estimates: icd203", "estimates: nic", "meta.estimates: 'nic' is not one of ['icd203', 'phia', 'none']"),
        (
            "confidence: moderate",
            "confidence: slight",
            "key_judgments.0.confidence: 'slight' is not valid under any of the given schemas",
        ),
        ("  date: 2026-11-21", "  date: 2026-11", "meta.date: '2026-11' does not match '^\\\\d{4}-\\\\d{2}-\\\\d{2}$'"),
    ],
    ids=["paper", "estimates", "confidence", "date"],
)
def test_enums_and_dates_are_checked(scaffolds, tmp_path, old, new, expected):
    """Fields with a fixed set of values, and dates, are checked as the analyst types."""
    path = scaffolds["en-GB"] / "content/briefing.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    (tmp_path / "wrong.yaml").write_text(text.replace(old, new), encoding="utf-8")
    assert errors("briefing", tmp_path / "wrong.yaml") == [expected]


def test_place_kinds_and_ratings_are_enums():
    """A place's kind and an option's rating offer their values to the editor."""
    section = schema("section")["$defs"]
    assert section["Place"]["properties"]["kind"]["enum"] == ["capital", "city", "town", "area"]
    assert section["Rating"]["properties"]["rating"]["enum"] == ["high", "moderate", "low"]
    assert section["Criterion"]["properties"]["favourable"]["enum"] == ["high", "low"]


def test_likelihood_offers_every_term_and_refuses_none():
    """likelihood lists the terms of every yardstick and language, but a term's case or yardstick is the check's call."""
    likelihood = schema("briefing")["$defs"]["KeyJudgment"]["properties"]["likelihood"]
    expected = {term for scale in SCALES.values() for lang in scale.languages() for term in scale.terms(lang)}
    assert len(likelihood["examples"]) == len(expected) == 34
    assert set(likelihood["examples"]) == expected
    judgment = {"text": "It is Likely [@a].", "likelihood": "Likely"}
    assert list(Draft202012Validator(schema("briefing")["$defs"]["KeyJudgment"]).iter_errors(judgment)) == []


def test_text_fields_take_numbers_as_the_model_does():
    """`version: 1.0` and `date: 2007` are numbers to an editor's YAML; the model takes them, and so does the schema."""
    data = {"meta": {"title": 1984, "date": "2026-11-21", "version": 1.0}, "sections": ["a"]}
    BriefingFile.model_validate(data)
    assert list(Draft202012Validator(schema("briefing")).iter_errors(data)) == []
    sources = {
        "sources": [
            {"id": "a", "title": "T", "outlet": "O", "published": {"date": 2007}, "kind": "K", "archive": "none"}
        ]
    }
    SourcesFile.model_validate(sources)
    assert list(Draft202012Validator(schema("sources")).iter_errors(sources)) == []


def test_every_object_forbids_unknown_keys():
    """Every object with named fields has additionalProperties false, as every model forbids extra keys."""

    def objects(node: Any) -> list[dict[str, Any]]:
        if isinstance(node, dict):
            return ([node] if "properties" in node else []) + [o for value in node.values() for o in objects(value)]
        return [o for value in node for o in objects(value)] if isinstance(node, list) else []

    found = [o for kind_schema in schemas().values() for o in objects(kind_schema)]
    assert len(found) > 20
    assert all(o["additionalProperties"] is False for o in found)


def test_the_schema_is_the_model():
    """Fields and docstrings come from the model at run time: one source of truth."""
    meta = schema("briefing")["$defs"]["Meta"]
    assert list(meta["properties"]) == list(Meta.model_fields)
    assert meta["required"] == ["title", "date"]
    assert meta["properties"]["paper"]["description"] == "The paper size; `briefing build --paper` overrides it."


@pytest.mark.parametrize("language", LANGUAGES)
def test_new_writes_the_schemas_and_points_each_yaml_file_at_them(scaffolds, language):
    """`briefing new` writes the generated schemas, and each YAML file's first line points at its own."""
    project = scaffolds[language]
    for kind in ("briefing", "section", "sources"):
        assert (project / f"schemas/{kind}.schema.json").read_text(encoding="utf-8") == as_json(schema(kind))
    files = content_files(project)
    lines = {path: path.read_text(encoding="utf-8").splitlines()[0] for paths in files.values() for path in paths}
    assert lines == {
        files["briefing"][0]: "# yaml-language-server: $schema=../schemas/briefing.schema.json",
        files["section"][0]: "# yaml-language-server: $schema=../../schemas/section.schema.json",
        files["section"][1]: "# yaml-language-server: $schema=../../schemas/section.schema.json",
        files["sources"][0]: "# yaml-language-server: $schema=../schemas/sources.schema.json",
    }
    for path, line in lines.items():
        assert path.parent.joinpath(line.split("=", 1)[1]).resolve().is_file()


def test_new_reports_the_schema_files(run, tmp_path):
    """`briefing new` counts the schemas among the files it wrote."""
    result = run("new", tmp_path / "brief")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"Wrote 10 files to {tmp_path / 'brief'}/"
    assert sorted(p.name for p in (tmp_path / "brief/schemas").iterdir()) == [
        "briefing.schema.json",
        "section.schema.json",
        "sources.schema.json",
    ]
