"""Read a project's files into validated models, reporting problems at file:line:col.

Loading goes as far as the content allows: a file with a field error does not
stop the other files from loading, so the checks can still report on them and
the author sees every problem in one run. ``Content`` is what loaded;
``Content.complete()`` gives the ``Briefing`` the renderer needs, once there
are no errors.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from briefing import labels as label_tables
from briefing.errors import ERROR, WARNING, ContentError, KeyPath, Problem, did_you_mean
from briefing.model import SLUG_PATTERN, BriefingFile, Meta, SectionFile, Source, SourcesFile
from briefing.project import Project, Unreadable
from briefing.yamlfile import MAX_BYTES, YamlDocument, read_yaml

#: An archived article is tens of kilobytes; anything this large is not one.
MAX_ARCHIVE_BYTES = 5_000_000

Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class Section:
    """A section file as loaded, with its id (the file name) and where it came from."""

    id: str
    number: int
    content: SectionFile
    doc: YamlDocument


@dataclass
class Content:
    """Whatever of a project loaded, and the problems found loading it."""

    project: Project
    file: BriefingFile | None
    briefing_doc: YamlDocument | None
    sections: list[Section]
    sources: list[Source]
    """The entries of sources.yaml that are valid, in file order."""
    sources_doc: YamlDocument | None
    archives: dict[str, str] = field(default_factory=dict)
    """Each source's archived text, by source id (only those that could be read)."""
    problems: list[Problem] = field(default_factory=list)
    unparsed_sections: int = 0
    """How many listed section files could not be read or parsed as YAML."""
    salvaged: list[tuple[YamlDocument, BaseModel]] = field(default_factory=list)
    """Files that failed validation, with their valid parts: checked like the rest, so one error hides nothing."""

    @property
    def source_numbers(self) -> dict[str, int]:
        """Each source's number is its place in sources.yaml, fixed across editions."""
        return {source.id: number for number, source in enumerate(self.sources, start=1)}

    @property
    def language(self) -> str:
        """The briefing's language (English until briefing.yaml is valid)."""
        return self.file.meta.language if self.file else "en"

    def source_language(self, source_id: str) -> str:
        """The language a source is written in: its own ``language``, or the briefing's."""
        source = self.source(source_id)
        return (source.language if source else None) or self.language

    def documents(self) -> list[tuple[YamlDocument, BaseModel]]:
        """Every valid file that cites sources (briefing.yaml and the sections), with its model."""
        pairs: list[tuple[YamlDocument, BaseModel]] = []
        if self.file is not None and self.briefing_doc is not None:
            pairs.append((self.briefing_doc, self.file))
        pairs += [(section.doc, section.content) for section in self.sections]
        return pairs + [(doc, model) for doc, model in self.salvaged if doc is not self.sources_doc]

    def all_docs(self) -> list[YamlDocument]:
        """Every file that parsed as YAML, valid or not."""
        docs = [self.briefing_doc, *(section.doc for section in self.sections), self.sources_doc]
        docs += [doc for doc, _model in self.salvaged]
        return list({id(doc): doc for doc in docs if doc is not None}.values())

    def declared_figure_ids(self) -> set[str] | None:
        """Ids of key figures in every section file, valid or not, so one error does not cascade.

        None when a listed section file could not be parsed: its ids are unknown.
        """
        if self.unparsed_sections:
            return None
        docs = [section.doc for section in self.sections] + [doc for doc, _model in self.salvaged]
        ids = set()
        for doc in docs:
            figures = doc.data.get("figures")
            for figure in figures if isinstance(figures, list) else []:
                if isinstance(figure, dict) and isinstance(figure.get("id"), str):
                    ids.add(figure["id"].strip())
        return ids

    def source(self, source_id: str) -> Source | None:
        return next((source for source in self.sources if source.id == source_id), None)

    def complete(self) -> Briefing:
        """The briefing, ready to render; ``ContentError`` if anything is missing or wrong."""
        if self.file is None or any(p.severity == ERROR for p in self.problems):
            raise ContentError(self.problems)
        return Briefing(self.project, self.file, self.sections, self.sources, self.archives)


@dataclass(frozen=True)
class Briefing:
    """Everything the renderer needs, validated and cross-checked."""

    project: Project
    file: BriefingFile
    sections: list[Section]
    sources: list[Source]
    archives: dict[str, str]

    @property
    def meta(self) -> Meta:
        return self.file.meta

    def source_language(self, source_id: str) -> str:
        """The language a source is written in: its own ``language``, or the briefing's."""
        source = next((s for s in self.sources if s.id == source_id), None)
        return (source.language if source else None) or self.meta.language

    @property
    def labels(self) -> label_tables.Labels:
        """The fixed words and formats of the briefing's language, with its overrides."""
        return label_tables.labels_for(self.meta.language, self.file.labels)

    @property
    def source_numbers(self) -> dict[str, int]:
        """Each source's number is its place in sources.yaml, fixed across editions."""
        return {source.id: number for number, source in enumerate(self.sources, start=1)}


def load_project(project: Project) -> Content:
    """Read and validate every file of ``project``; problems are collected, never raised."""
    problems: list[Problem] = []
    salvaged: list[tuple[YamlDocument, BaseModel]] = []

    briefing_doc = _read(project, project.content / "briefing.yaml", problems)
    briefing_file = _validate(briefing_doc, BriefingFile, problems, salvaged)
    if briefing_file is not None and briefing_doc is not None:
        problems += _check_language(briefing_file, briefing_doc)
    sections, unparsed = _load_sections(project, briefing_doc, problems, salvaged)

    sources_doc = _read(project, project.content / "sources.yaml", problems)
    sources = _load_sources(sources_doc, problems, salvaged)
    archives = _read_archives(project, sources, sources_doc, problems) if sources_doc else {}

    return Content(
        project, briefing_file, briefing_doc, sections, sources, sources_doc, archives, problems, unparsed, salvaged
    )


def _read(project: Project, file: Path, problems: list[Problem]) -> YamlDocument | None:
    """Parse one YAML file of the project; None (with problems) when it is missing or not YAML."""
    display = project.display(file)
    if not file.exists() and not file.is_symlink():
        problems.append(Problem(display, 1, 1, f"file is missing; create {display}"))
        return None
    try:
        raw = project.read(file, limit=MAX_BYTES)
    except Unreadable as err:
        problems.append(Problem(display, 1, 1, str(err)))
        return None
    doc, yaml_problems = read_yaml(raw, display)
    problems += yaml_problems
    if doc is not None and not isinstance(doc.data, dict):
        problems.append(doc.problem((), "the file must be a mapping of keys (key: value) at the top level"))
        return None
    return doc


def _validate(
    doc: YamlDocument | None,
    model: type[Model],
    problems: list[Problem],
    salvaged: list[tuple[YamlDocument, BaseModel]],
) -> Model | None:
    if doc is None:
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as err:
        problems += [_translate(error, doc, model) for error in err.errors()]
        salvaged.append((doc, salvage(model, doc.data)))
        return None


def validate(doc: YamlDocument, model: type[Model]) -> tuple[Model | None, list[Problem]]:
    """``doc`` validated as ``model``, or None and its problems at file:line:col, in the house voice.

    For YAML files that are not part of a project's content (a recipients list).
    """
    try:
        return model.model_validate(doc.data), []
    except ValidationError as err:
        return None, [_translate(error, doc, model) for error in err.errors()]


def _check_language(file: BriefingFile, doc: YamlDocument) -> list[Problem]:
    """Label overrides must name real labels; a language without a table prints in English, said once."""
    problems = []
    known = label_tables.keys()
    for key in file.labels:
        if key not in known:
            hint = did_you_mean(key, known, "see briefing/labels/en.yaml for the keys")
            problems.append(doc.problem(("labels", key), f"unknown label '{key}'; {hint}"))
    if not label_tables.shipped(file.meta.language):
        problems.append(
            doc.problem(
                ("meta", "language"),
                f"no labels ship for '{file.meta.language}'; the fixed words print in English "
                "(translate them under 'labels:')",
                WARNING,
            )
        )
    return problems


def _load_sections(
    project: Project,
    briefing_doc: YamlDocument | None,
    problems: list[Problem],
    salvaged: list[tuple[YamlDocument, BaseModel]],
) -> tuple[list[Section], int]:
    """The listed sections that are valid; ids are checked before any file is opened."""
    listed = briefing_doc.data.get("sections") if briefing_doc else None
    sections: list[Section] = []
    unparsed = 0
    seen: set[str] = set()
    for index, section_id in enumerate(listed if isinstance(listed, list) else []):
        # A section id is a file name: refuse '../x' or '/etc/x' before touching the disk.
        if not isinstance(section_id, str) or not re.match(SLUG_PATTERN, section_id):
            continue  # the model's validation reports it
        assert briefing_doc is not None
        if section_id in seen:
            problems.append(briefing_doc.problem(("sections", index), f"section '{section_id}' is listed twice"))
            continue
        seen.add(section_id)
        file = project.sections / f"{section_id}.yaml"
        if not file.exists() and not file.is_symlink():
            problems.append(
                briefing_doc.problem(
                    ("sections", index),
                    f"section '{section_id}' has no file; create content/sections/{section_id}.yaml or remove it",
                )
            )
            continue
        doc = _read(project, file, problems)
        unparsed += doc is None
        content = _validate(doc, SectionFile, problems, salvaged)
        if content is not None and doc is not None:
            sections.append(Section(section_id, len(sections) + 1, content, doc))
    if project.sections.is_dir():
        for file in sorted(project.sections.glob("*.yaml")):
            if file.stem not in seen:
                problems.append(
                    Problem(
                        project.display(file),
                        1,
                        1,
                        "section file is not listed in content/briefing.yaml sections",
                        "warning",
                    )
                )
    return sections, unparsed


def _load_sources(
    doc: YamlDocument | None, problems: list[Problem], salvaged: list[tuple[YamlDocument, BaseModel]]
) -> list[Source]:
    """The valid entries of sources.yaml; an invalid entry does not hide the others."""
    if doc is None:
        return []
    sources_file = _validate(doc, SourcesFile, problems, salvaged)
    if sources_file is not None:
        return list(sources_file.sources)
    entries = doc.data.get("sources")
    valid = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            valid.append(Source.model_validate(entry))
        except ValidationError:
            continue  # reported above, at its line
    return valid


def _read_archives(
    project: Project, sources: list[Source], doc: YamlDocument, problems: list[Problem]
) -> dict[str, str]:
    archives = {}
    raw_entries = doc.data.get("sources")
    index_of: dict[str, int] = {}
    for index, entry in enumerate(raw_entries if isinstance(raw_entries, list) else []):
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            index_of.setdefault(entry["id"].strip(), index)
    for source in sources:
        if not source.archived:
            continue  # a book, an interview, a dataset: the checks say what could not be verified
        where = ("sources", index_of.get(source.id, 0), "archive")
        file = project.root / source.archive
        try:
            raw = project.read(file, limit=MAX_ARCHIVE_BYTES, what="archive file")
        except Unreadable as err:
            hint = "; save the article text there" if "missing" in str(err) else ""
            problems.append(doc.problem(where, f"{err}{hint}"))
            continue
        try:
            archives[source.id] = raw.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(doc.problem(where, f"archive '{source.archive}' is not UTF-8; save it as UTF-8"))
    return archives


def salvage(model: type[Model], data: Any) -> Model:
    """The valid parts of ``data`` as an unvalidated ``model``; invalid fields and list items are left out.

    Why: the checks read a file's valid parts, so a typo in one field does not
    hide an unknown citation or a misquote in another until the next run.
    """
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if not isinstance(data, dict) or name not in data:
            continue
        annotation: Any = typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        try:
            values[name] = TypeAdapter(annotation).validate_python(data[name])
            continue
        except ValidationError:
            pass
        inner = _model_in(info.annotation)
        raw = data[name]
        if inner is None:
            continue
        if isinstance(raw, list):  # keep indexes, so positions still point at the right item
            values[name] = [salvage(inner, item) if isinstance(item, dict) else None for item in raw]
        elif isinstance(raw, dict) and typing.get_origin(info.annotation) is dict:
            values[name] = {key: salvage(inner, item) for key, item in raw.items() if isinstance(item, dict)}
        elif isinstance(raw, dict):
            values[name] = salvage(inner, raw)
    return model.model_construct(**values)


# --- pydantic errors in the house voice -------------------------------------------------

_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    dict: "a mapping",
    type(None): "nothing",
}


def _translate(error: Any, doc: YamlDocument, model: type[BaseModel]) -> Problem:
    """One pydantic error as a ``Problem`` at the line the author must edit."""
    loc: KeyPath = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    got = _TYPE_NAMES.get(type(value), type(value).__name__)
    ctx = error.get("ctx", {})
    if kind == "missing":
        return doc.problem(loc[:-1], f"missing required field '{loc[-1]}'; add it")
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = did_you_mean(str(loc[-1]), allowed, "allowed keys: " + ", ".join(allowed))
        return doc.problem(loc, f"unknown key '{loc[-1]}'; {hint}")
    field_name = f"'{loc[-1]}'" if loc and isinstance(loc[-1], str) else "item"
    messages = {
        "string_type": f"{field_name} must be text, not {got}",
        "string_too_short": f"{field_name} must not be empty",
        "string_pattern_mismatch": f"{field_name} must be lower-case letters, digits, '-' or '_' (got '{value}')",
        "list_type": f"{field_name} must be a list (lines starting with '- '), not {got}",
        "model_type": f"{field_name} must be a mapping of keys (key: value), not {got}",
        "dict_type": f"{field_name} must be a mapping of keys (key: value), not {got}",
        "bool_type": f"{field_name} must be true or false",
        "bool_parsing": f"{field_name} must be true or false",
        "int_type": f"{field_name} must be a whole number, not {got}",
        "greater_than_equal": f"{field_name} must be {ctx.get('ge')} or more, not {value}",
        "literal_error": f"{field_name} must be one of {ctx.get('expected')}, not '{value}'",
        "too_short": f"{field_name} needs at least {ctx.get('min_length')} item(s), has {ctx.get('actual_length')}",
        "too_long": f"{field_name} allows at most {ctx.get('max_length')} items, has {ctx.get('actual_length')}",
        "value_error": f"{field_name}: {ctx.get('error', error['msg'])!s}",
    }
    return doc.problem(loc, messages.get(kind, f"{field_name}: {error['msg']}"))


def _fields_at(model: type[BaseModel], loc: KeyPath) -> list[str]:
    """The field names of the model found by following ``loc`` from ``model``."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        by_key = {info.alias or name: info for name, info in current.model_fields.items()}
        if part not in by_key:
            return []
        current = _model_in(by_key[part].annotation)
    return sorted(info.alias or name for name, info in current.model_fields.items()) if current is not None else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
