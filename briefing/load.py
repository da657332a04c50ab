"""Read a project's YAML into a validated ``Briefing``, reporting problems at file:line:col."""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from briefing.citations import find_citations
from briefing.errors import ERROR, WARNING, ContentError, Problem, did_you_mean, relative
from briefing.model import BriefingFile, SectionFile, Source, SourcesFile
from briefing.project import Project
from briefing.yamlfile import YamlDocument, read_yaml


@dataclass(frozen=True)
class Section:
    """A section file as loaded, with its id (the file name) and where it came from."""

    id: str
    number: int
    content: SectionFile
    doc: YamlDocument


@dataclass
class Briefing:
    """Everything the renderer needs, validated and cross-checked."""

    project: Project
    file: BriefingFile
    sections: list[Section]
    sources: list[Source]
    docs: dict[str, YamlDocument]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def meta(self):
        return self.file.meta

    @property
    def source_numbers(self) -> dict[str, int]:
        """Each source's number is its place in sources.yaml, fixed across editions."""
        return {source.id: number for number, source in enumerate(self.sources, start=1)}


def load_project(project: Project) -> Briefing:
    """Load and cross-check the content; raise ``ContentError`` listing every error found."""
    problems: list[Problem] = []
    docs: dict[str, YamlDocument] = {}

    briefing_file, briefing_doc = _load_model(project, project.content / "briefing.yaml", BriefingFile, problems, docs)
    sources_file, _ = _load_model(project, project.content / "sources.yaml", SourcesFile, problems, docs)

    # Check the section files even when briefing.yaml has errors elsewhere, so
    # the author sees every problem in one run.
    sections: list[Section] = []
    if briefing_doc is not None:
        sections = _load_sections(project, _section_ids(briefing_doc), briefing_doc, problems, docs)

    if sources_file is not None:
        problems += _check_sources(project, sources_file, docs["content/sources.yaml"])
        known = {source.id for source in sources_file.sources}
        for path, doc in docs.items():
            if path != "content/sources.yaml":
                problems += _check_citations(doc, known)

    errors = [p for p in problems if p.severity == ERROR]
    if errors or briefing_file is None or sources_file is None:
        raise ContentError(problems)
    return Briefing(
        project=project,
        file=briefing_file,
        sections=sections,
        sources=list(sources_file.sources),
        docs=docs,
        warnings=[p for p in problems if p.severity == WARNING],
    )


def _load_model(project: Project, file: Path, model: type[BaseModel], problems: list[Problem], docs: dict):
    """Read and validate one file; return the model (or None on errors) and the parsed document."""
    display = relative(file, project.root)
    if not file.is_file():
        problems.append(Problem(display, 1, 1, f"file is missing; create {display}"))
        return None, None
    doc, yaml_problems = read_yaml(file, display)
    problems += yaml_problems
    if doc is None:
        return None, None
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "the file must be a mapping of keys (key: value) at the top level"))
        return None, None
    docs[display] = doc
    try:
        return model.model_validate(doc.data), doc
    except ValidationError as err:
        problems += [_translate(error, doc, model) for error in err.errors()]
        return None, doc


def _section_ids(briefing_doc: YamlDocument) -> list[str]:
    listed = briefing_doc.data.get("sections")
    return [item for item in listed if isinstance(item, str)] if isinstance(listed, list) else []


def _load_sections(project, section_ids, briefing_doc, problems, docs) -> list[Section]:
    sections = []
    listed = set()
    for index, section_id in enumerate(section_ids):
        file = project.sections / f"{section_id}.yaml"
        if section_id in listed:
            problems.append(briefing_doc.problem(("sections", index), f"section '{section_id}' is listed twice"))
            continue
        listed.add(section_id)
        if not file.is_file():
            problems.append(
                briefing_doc.problem(
                    ("sections", index),
                    f"section '{section_id}' has no file; create content/sections/{section_id}.yaml or remove it",
                )
            )
            continue
        content, doc = _load_model(project, file, SectionFile, problems, docs)
        if content is not None:
            sections.append(Section(section_id, len(sections) + 1, content, doc))
    for file in sorted(project.sections.glob("*.yaml")):
        if file.stem not in listed:
            display = relative(file, project.root)
            problems.append(
                Problem(display, 1, 1, "section file is not listed in content/briefing.yaml sections", WARNING)
            )
    return sections


def _check_sources(project: Project, sources_file: SourcesFile, doc: YamlDocument) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for index, source in enumerate(sources_file.sources):
        if source.id in seen:
            problems.append(
                doc.problem(("sources", index, "id"), f"duplicate source id '{source.id}' (also source {seen[source.id] + 1})")
            )
        seen.setdefault(source.id, index)
        archive = project.root / source.archive
        where = ("sources", index, "archive")
        if not project.contains(archive):
            problems.append(doc.problem(where, f"archive path '{source.archive}' lies outside the project; keep archives in content/sources/"))
        elif not archive.is_file():
            problems.append(doc.problem(where, f"archive file '{source.archive}' is missing; save the article text there"))
        if source.url is not None and not source.url.startswith(("http://", "https://")):
            problems.append(doc.problem(("sources", index, "url"), f"url '{source.url}' must start with http:// or https://"))
    return problems


def _check_citations(doc: YamlDocument, known: set[str]) -> list[Problem]:
    """Unknown ids in ``[@id]`` marks and in ``source:`` fields, at the line of their field."""
    problems = []
    for key_path, value in doc.strings():
        if key_path and key_path[-1] == "source":
            ids, malformed = [value], []
        else:
            found, malformed = find_citations(value)
            ids = [source_id for citation in found for source_id in citation.ids]
        for _offset, message in malformed:
            problems.append(doc.problem(key_path, message))
        for source_id in ids:
            if source_id not in known:
                problems.append(doc.problem(key_path, _unknown_id(source_id, known)))
    return problems


def _unknown_id(source_id: str, known: set[str]) -> str:
    return f"unknown source id '{source_id}'; " + did_you_mean(source_id, known, "add it to content/sources.yaml")


# --- pydantic errors in the house voice -------------------------------------------------

_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
               list: "a list", dict: "a mapping", type(None): "nothing"}


def _translate(error: dict, doc: YamlDocument, model: type[BaseModel]) -> Problem:
    """One pydantic error as a ``Problem`` at the line the author must edit."""
    loc = tuple(error["loc"])
    kind = error["type"]
    got = _TYPE_NAMES.get(type(error.get("input")), type(error.get("input")).__name__)
    ctx = error.get("ctx", {})
    if kind == "missing":
        return doc.problem(loc[:-1], f"missing required field '{loc[-1]}'; add it")
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = did_you_mean(loc[-1], allowed, "allowed keys: " + ", ".join(allowed))
        return doc.problem(loc, f"unknown key '{loc[-1]}'; {hint}")
    field_name = f"'{loc[-1]}'" if loc and isinstance(loc[-1], str) else "item"
    messages = {
        "string_type": f"{field_name} must be text, not {got}",
        "string_too_short": f"{field_name} must not be empty",
        "string_pattern_mismatch": f"{field_name} must be lower-case letters, digits, '-' or '_' (got '{error.get('input')}')",
        "list_type": f"{field_name} must be a list (lines starting with '- '), not {got}",
        "model_type": f"{field_name} must be a mapping of keys (key: value), not {got}",
        "dict_type": f"{field_name} must be a mapping of keys (key: value), not {got}",
        "bool_type": f"{field_name} must be true or false",
        "bool_parsing": f"{field_name} must be true or false",
        "literal_error": f"{field_name} must be one of {ctx.get('expected')}, not '{error.get('input')}'",
        "too_short": f"{field_name} needs at least {ctx.get('min_length')} item(s), has {ctx.get('actual_length')}",
        "too_long": f"{field_name} allows at most {ctx.get('max_length')} items, has {ctx.get('actual_length')}",
        "value_error": f"{field_name}: {str(ctx.get('error', error['msg']))}",
    }
    return doc.problem(loc, messages.get(kind, f"{field_name}: {error['msg']}"))


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names of the model found by following ``loc`` from ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation
        current = _model_in(annotation)
        if current is None:
            return []
    return sorted(current.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
