"""Safe YAML loading with source positions; the only module that imports ``yaml``.

The policy lives here: safe loading only, no anchors or aliases (they allow
"billion laughs" documents), no duplicate keys (PyYAML silently keeps the last),
no tab indentation, UTF-8 only, a size limit, and dates kept as text so the
content model decides what a date is.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from briefing.errors import KeyPath, Problem

#: A hand-written briefing file is a few kilobytes; a megabyte is a mistake or an attack.
MAX_BYTES = 1_000_000


@dataclass
class YamlDocument:
    """A loaded YAML file: plain data plus the line and column of every key and item."""

    path: str
    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, key_path: KeyPath) -> tuple[int, int]:
        """Line and column of ``key_path``, or of its nearest ancestor in the file."""
        key_path = tuple(key_path)
        while key_path not in self.positions and key_path:
            key_path = key_path[:-1]
        return self.positions.get(key_path, (1, 1))

    def strings(self) -> Iterator[tuple[KeyPath, str]]:
        """(key path, text) for every string value in the file, in file order."""

        def walk(data: Any, key_path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
            if isinstance(data, dict):
                for key, value in data.items():
                    yield from walk(value, key_path + (key,))
            elif isinstance(data, list):
                for index, value in enumerate(data):
                    yield from walk(value, key_path + (index,))
            elif isinstance(data, str):
                yield key_path, data

        yield from walk(self.data, ())

    def value_at(self, key_path: KeyPath) -> Any:
        """The value at ``key_path`` (which must exist)."""
        value = self.data
        for part in key_path:
            value = value[part]
        return value

    def problem(self, key_path: KeyPath, message: str, severity: str = "error") -> Problem:
        """A problem located at ``key_path`` in this file."""
        line, col = self.where(key_path)
        return Problem(self.path, line, col, message, severity)


class _Refused(Exception):
    """Input the policy refuses, at the line and column where it starts."""

    def __init__(self, mark: Any, message: str):
        super().__init__(message)
        self.line = mark.line + 1 if mark is not None else 1
        self.col = mark.column + 1 if mark is not None else 1
        self.message = message


_TEXT_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("timestamp", "value", "merge")}
#: Explicit tags an author may use, e.g. `!!str 2021`; anything else (`!python/...`) is refused.
_STANDARD_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")}


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases and custom tags, and leaves dates as strings."""

    # Dates stay text for the model to judge; '=' (value) and '<<' (merge) are
    # plain text too, since the safe constructor cannot build them on their own.
    yaml_implicit_resolvers = {  # noqa: RUF012 (PyYAML reads it as a class attribute)
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _TEXT_TAGS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, "aliases (*name) are not allowed; write the value out")
        if getattr(event, "anchor", None):
            raise _Refused(event.start_mark, "anchors (&name) are not allowed; write the value out")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _STANDARD_TAGS:
            raise _Refused(event.start_mark, f"the tag '{tag}' is not allowed; remove it")
        return super().compose_node(parent, index)


def read_yaml(raw: bytes, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse the bytes of a YAML file; on any problem return ``None`` and the problems found.

    ``display`` is the path shown in messages (relative to the project). The
    caller reads the file, so the size limit (MAX_BYTES) applies before reading.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, [Problem(display, line, col, f"not UTF-8 (byte 0x{raw[err.start]:02x}); save the file as UTF-8")]
    if not text.strip():
        return None, [Problem(display, 1, 1, "file is empty; it needs at least the required fields")]
    tabs = _tab_indents(text, display)
    if tabs:
        return None, tabs

    try:
        loader = _Loader(text)  # the reader checks for unprintable characters here
    except yaml.reader.ReaderError as err:
        return None, [_reader_problem(err, text, display)]
    try:
        node = loader.get_single_node()
    except yaml.reader.ReaderError as err:
        return None, [_reader_problem(err, text, display)]
    except _Refused as err:
        return None, [Problem(display, err.line, err.col, err.message)]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = err.problem or err.context or "malformed YAML"
        return None, [Problem(display, line, col, f"YAML syntax: {reason}")]
    finally:
        loader.dispose()

    if node is None:  # only comments or document markers
        return None, [
            Problem(display, 1, 1, "file has no content, only comments; it needs at least the required fields")
        ]
    doc = YamlDocument(display, None, {(): (1, 1)})
    problems: list[Problem] = []
    doc.data = _build(node, (), doc, loader, problems)
    return (None if problems else doc), problems


def _reader_problem(err: yaml.reader.ReaderError, text: str, display: str) -> Problem:
    line = text.count("\n", 0, err.position) + 1
    col = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
    return Problem(display, line, col, f"character U+{err.character:04X} is not allowed in YAML; remove it")


def _tab_indents(text: str, display: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(
                Problem(display, number, indent.index("\t") + 1, "tab character in indentation; indent with spaces")
            )
    return problems


def _build(node: yaml.Node, key_path: KeyPath, doc: YamlDocument, loader: _Loader, problems: list[Problem]) -> Any:
    """Turn a composed node into plain data, recording positions and duplicate keys."""
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node, doc, loader, problems))
            child = key_path + (key,)
            if key in result:
                first_line = doc.positions[child][0]
                problems.append(
                    Problem(
                        doc.path,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        f"duplicate key '{key}' (first given on line {first_line}); keep one",
                    )
                )
                continue
            doc.positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(value_node, child, doc, loader, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = key_path + (index,)
            doc.positions[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(_build(item, child, doc, loader, problems))
        return items
    return _scalar(node, doc, loader, problems)


def _scalar(node: yaml.Node, doc: YamlDocument, loader: _Loader, problems: list[Problem]) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError):  # e.g. '!!int abc', '!!float x'
        mark = node.start_mark
        tag = node.tag.rsplit(":", 1)[-1]
        problems.append(Problem(doc.path, mark.line + 1, mark.column + 1, f"'{node.value}' is not a valid !!{tag}"))
        return None


def scalar(text: str) -> str:
    """``text`` as a YAML scalar for one line: plain when it reads back as itself, else double-quoted.

    Why: text written into a project's YAML (``briefing sources import``) must
    read back exactly, whatever it holds: "yes", "1.0", "a: b", "# x", "[1]".
    A JSON string is a valid double-quoted YAML scalar.
    """
    if "\n" not in text and text == text.strip():
        loader = _Loader(f"key: {text}\n")
        try:
            if loader.get_single_data() == {"key": text}:
                return text
        except (yaml.YAMLError, _Refused):
            pass
        finally:
            loader.dispose()
    return json.dumps(text, ensure_ascii=False)
