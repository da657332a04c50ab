"""The stylesheets a briefing prints with, and the design tokens (custom properties) they declare.

The package's default stylesheet comes first; a project's styles/*.css apply
after it, to rebrand (override custom properties) or restyle (override rules).
The palette has one home, the ``:root`` custom properties: the charts read
their colours from there, so a house style recolours them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import tinycss2

from briefing.errors import BriefingError
from briefing.fonts import families
from briefing.project import Project, Unreadable

#: A stylesheet is a few tens of kilobytes.
MAX_STYLESHEET_BYTES = 1_000_000
DEFAULT_STYLESHEET = Path(str(resources.files("briefing") / "assets" / "briefing.css"))
#: The two-page brief's own rules, applied over the default's.
BRIEF_STYLESHEET = DEFAULT_STYLESHEET.with_name("brief.css")
#: CSS page sizes for ``meta.paper`` and ``--paper``.
PAPER = {"a4": "A4", "letter": "letter"}


@dataclass(frozen=True)
class Stylesheet:
    """A stylesheet's text and where it came from (its URL resolves its relative url()s)."""

    path: Path
    text: str


#: For a print shop: 3 mm of bleed beyond the trimmed page, and crop and registration marks in it.
PRINT_MARKS = "@page { bleed: 3mm; marks: crop cross; }"


def stylesheets(project: Project, *, paper: str, print_marks: bool = False, brief: bool = False) -> list[Stylesheet]:
    """The package default (and the brief's), the project's stylesheets in name order, and the paper size last."""
    package = [DEFAULT_STYLESHEET, BRIEF_STYLESHEET] if brief else [DEFAULT_STYLESHEET]
    sheets = [Stylesheet(path, path.read_text(encoding="utf-8")) for path in package]
    for path in sorted(project.styles.glob("*.css")) if project.styles.is_dir() else []:
        try:
            raw = project.read(path, limit=MAX_STYLESHEET_BYTES, what="stylesheet")
            sheets.append(Stylesheet(path, raw.decode("utf-8")))
        except Unreadable as err:
            raise BriefingError(str(err)) from None
        except UnicodeDecodeError:
            raise BriefingError(f"stylesheet '{project.display(path)}' is not UTF-8; save it as UTF-8") from None
    sheets.append(Stylesheet(project.root / "paper.css", f"@page {{ size: {PAPER[paper]}; }}"))
    if print_marks:
        sheets.append(Stylesheet(project.root / "print-marks.css", PRINT_MARKS))
    return sheets


#: Font family keywords that name no font.
_GENERIC_FAMILIES = {
    "serif",
    "sans-serif",
    "monospace",
    "cursive",
    "fantasy",
    "system-ui",
    "inherit",
    "initial",
    "unset",
    "revert",
}


def font_warnings(project: Project, sheets: list[Stylesheet]) -> list[str]:
    """A warning at file:line:col for each font family a project stylesheet names that is not bundled.

    Only the bundled fonts are ever used (see fonts.py), so such a family is
    silently replaced; the author should know which one, and where.
    """
    properties = custom_properties(sheets)
    bundled = {family.casefold() for family in families()}
    warnings = []
    for sheet in sheets:
        if not project.contains(sheet.path):
            continue  # the package's own stylesheet names only bundled fonts
        for name, line, col in _font_families(sheet.text, properties):
            if name.casefold() not in bundled and name.casefold() not in _GENERIC_FAMILIES:
                warnings.append(
                    f"{project.display(sheet.path)}:{line}:{col}: warning: font '{name}' is not bundled, "
                    f"so it is not used; bundled: {', '.join(sorted(families()))}"
                )
    return list(dict.fromkeys(warnings))


def _font_families(text: str, properties: dict[str, str]) -> list[tuple[str, int, int]]:
    """(family, line, column) for every family in a font-family or font declaration, at any depth."""
    found = []

    def visit(rules: list[object]) -> None:
        for rule in rules:
            content = getattr(rule, "content", None)
            if content is None:
                continue
            for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
                if item.type == "declaration" and item.name in ("font-family", "font"):
                    value = _resolve(tinycss2.serialize(item.value), properties)
                    if item.name == "font":
                        value = value.split(" ", value.count(" "))[-1] if "," not in value else value
                    for family in value.split(","):
                        family = family.strip().strip("\"'").strip()
                        if family and not family.startswith("var("):
                            found.append((family, item.source_line, item.source_column))
                elif item.type in ("qualified-rule", "at-rule"):
                    visit([item])

    visit(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))
    return found


def custom_properties(sheets: list[Stylesheet]) -> dict[str, str]:
    """The ``:root`` custom properties of ``sheets`` (later sheets win), with ``var()`` resolved."""
    found: dict[str, str] = {}
    for sheet in sheets:
        for rule in tinycss2.parse_stylesheet(sheet.text, skip_comments=True, skip_whitespace=True):
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
            raise BriefingError("the stylesheets define no " + ", ".join(missing) + " in :root; charts need them")
        fills = tuple(properties[f"--chart-fill-{n}"] for n in (1, 2, 3))
        return cls(properties["--ink"], properties["--muted"], properties["--chart-grid"], fills)
