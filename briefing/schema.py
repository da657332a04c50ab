"""The editor schema: a JSON Schema (draft 2020-12) for each kind of content file, generated from the model.

Editors that speak the YAML language server (VS Code's YAML extension, Neovim,
JetBrains IDEs) complete keys, show each field's docstring and flag a misspelt
key as the analyst types. The schema is made from ``briefing.model`` every time
it is asked for, so it cannot drift from what ``briefing check`` accepts.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from briefing.model import BriefingFile, SectionFile, SourcesFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: Each kind of content file, by the name ``briefing schema`` gives its schema.
KINDS: dict[str, type[BaseModel]] = {"briefing": BriefingFile, "section": SectionFile, "sources": SourcesFile}
#: Where ``briefing new`` writes the schemas, relative to the project folder.
FOLDER = PurePosixPath("schemas")


class _EditorSchema(GenerateJsonSchema):
    """pydantic's generator, with text fields that also take a number, as the model does.

    Why: ``StrictModel`` coerces numbers to text (``version: 1.0``, ``date: 2007``),
    and editors read YAML 1.2, where those are numbers; a schema that refused
    them would flag briefings that build.
    """

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        json_schema = super().str_schema(schema)
        json_schema["type"] = ["string", "number"]
        return json_schema


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of content file: briefing, section or sources."""
    generated = KINDS[kind].model_json_schema(schema_generator=_EditorSchema)
    return {"$schema": DIALECT, **generated}


def schemas() -> dict[str, dict[str, Any]]:
    """Every kind's schema, by kind: what ``briefing schema`` prints."""
    return {kind: schema(kind) for kind in KINDS}


def as_json(value: object) -> str:
    """JSON as ``briefing schema`` prints it and ``briefing new`` writes it."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def schema_path(kind: str) -> PurePosixPath:
    """Where a project keeps the schema of ``kind``, e.g. schemas/briefing.schema.json."""
    return FOLDER / f"{kind}.schema.json"


def kind_of(path: PurePosixPath) -> str | None:
    """The kind of a content file from its path in the project, or None for other files."""
    if path == PurePosixPath("content/briefing.yaml"):
        return "briefing"
    if path == PurePosixPath("content/sources.yaml"):
        return "sources"
    if path.parent == PurePosixPath("content/sections") and path.suffix == ".yaml":
        return "section"
    return None


def modeline(path: PurePosixPath) -> str | None:
    """The comment that points the YAML language server at the schema of the file at ``path``.

    The schema's path is relative to the file, so the project can move.
    """
    kind = kind_of(path)
    if kind is None:
        return None
    target = posixpath.relpath(schema_path(kind).as_posix(), path.parent.as_posix())
    return f"# yaml-language-server: $schema={target}"
