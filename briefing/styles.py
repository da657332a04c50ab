"""The stylesheets a project prints with, and the design tokens (custom properties) they declare.

The palette has one home, the stylesheet's ``:root`` custom properties; the
charts read their colours from there, so a house style recolours them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import tinycss2

from briefing.errors import BriefingError
from briefing.project import Project, Unreadable

#: A stylesheet is a few tens of kilobytes.
MAX_STYLESHEET_BYTES = 1_000_000


def stylesheets(project: Project) -> list[Path]:
    """The project's stylesheets, in the order they apply."""
    return sorted(project.styles.glob("*.css"))


def custom_properties(project: Project, sheets: list[Path]) -> dict[str, str]:
    """The ``:root`` custom properties of ``sheets`` (later sheets win), with ``var()`` resolved."""
    found: dict[str, str] = {}
    for sheet in sheets:
        try:
            text = project.read(sheet, limit=MAX_STYLESHEET_BYTES, what="stylesheet").decode("utf-8", "replace")
        except Unreadable as err:
            raise BriefingError(str(err)) from None
        for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
            if rule.type != "qualified-rule" or tinycss2.serialize(rule.prelude).strip() != ":root":
                continue
            for declaration in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
                if declaration.type == "declaration" and declaration.name.startswith("--"):
                    found[declaration.name] = tinycss2.serialize(declaration.value).strip()
    return {name: _resolve(value, found) for name, value in found.items()}


def _resolve(value: str, properties: dict[str, str], depth: int = 0) -> str:
    if depth > 10:
        return value
    return re.sub(
        r"var\(\s*(--[\w-]+)\s*\)",
        lambda m: _resolve(properties.get(m.group(1), m.group(0)), properties, depth + 1),
        value,
    )


@dataclass(frozen=True)
class Palette:
    """The colours a chart is drawn in, from the stylesheet's custom properties."""

    ink: str
    muted: str
    grid: str
    fills: tuple[str, ...]
    """Fills that stay distinct in grayscale, darkest first; one per producer in a panel."""

    @classmethod
    def from_properties(cls, properties: dict[str, str]) -> Palette:
        names = ("--ink", "--muted", "--chart-grid", "--chart-fill-1", "--chart-fill-2", "--chart-fill-3")
        missing = [name for name in names if name not in properties]
        if missing:
            raise BriefingError("the stylesheet defines no " + ", ".join(missing) + " in :root; charts need them")
        fills = tuple(properties[f"--chart-fill-{n}"] for n in (1, 2, 3))
        return cls(properties["--ink"], properties["--muted"], properties["--chart-grid"], fills)
