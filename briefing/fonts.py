"""The bundled fonts, and a font configuration that sees nothing else.

Source Serif Pro and Source Sans Pro (Latin, Greek, Cyrillic) and Amiri (Arabic
script in Naskh: Arabic, Persian, Urdu, Pashto) come from PyPI packages. The
renderer is given a fontconfig configuration that lists only their folders, so
every machine prints with the same fonts and no system font leaks in; text in a
script none of them covers is refused before rendering (checks/characters.py)
rather than printed as boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import font_source_sans_pro
import font_source_serif_pro
import fontpkg_amiri
from fontTools.ttLib import TTFont

from briefing.files import write_text


@dataclass(frozen=True)
class Face:
    """One font file and the CSS family, weight and style it serves."""

    family: str
    file: Path
    weight: str
    style: str


_SOURCE_FACES = {
    "Regular": ("400", "normal"),
    "It": ("400", "italic"),
    "Semibold": ("600", "normal"),
    "SemiboldIt": ("600", "italic"),
    "Bold": ("700", "normal"),
    "BoldIt": ("700", "italic"),
}
_AMIRI_FACES = {
    "Regular": ("400", "normal"),
    "Italic": ("400", "italic"),
    "Bold": ("700", "normal"),
    "BoldItalic": ("700", "italic"),
}


@cache
def faces() -> tuple[Face, ...]:
    """Every bundled face."""
    found = []
    for family, package, stem in (
        ("Source Serif Pro", font_source_serif_pro, "SourceSerifPro"),
        ("Source Sans Pro", font_source_sans_pro, "SourceSansPro"),
    ):
        folder = Path(package.font_directory).resolve()
        found += [Face(family, folder / f"{stem}-{suffix}.otf", *spec) for suffix, spec in _SOURCE_FACES.items()]
    amiri = Path(fontpkg_amiri.ROOT).resolve() / "files"
    found += [Face(fontpkg_amiri.FAMILY, amiri / f"Amiri-{suffix}.ttf", *spec) for suffix, spec in _AMIRI_FACES.items()]
    return tuple(found)


def families() -> set[str]:
    """The CSS font families a stylesheet may name."""
    return {face.family for face in faces()}


def font_dirs() -> list[Path]:
    return sorted({face.file.parent for face in faces()})


def chart_font_files() -> list[Path]:
    """The sans faces charts are drawn in (regular first), so their labels match the document's."""
    sans = [face.file for face in faces() if face.family == "Source Sans Pro" and face.style == "normal"]
    return [
        next(f for f in sans if f.name.endswith("-Regular.otf")),
        next(f for f in sans if f.name.endswith("-Bold.otf")),
    ]


def font_face_css() -> str:
    """@font-face rules pointing at the font files inside the installed font packages."""
    return "\n".join(
        f"@font-face {{ font-family: '{face.family}'; font-style: {face.style}; font-weight: {face.weight}; "
        f"src: url('{face.file.as_uri()}'); }}"
        for face in faces()
    )


@cache
def covered() -> frozenset[int]:
    """Every code point some bundled font has a glyph for."""
    points: set[int] = set()
    for face in faces():
        if face.weight == "400" and face.style == "normal":
            points |= set(TTFont(face.file, lazy=True).getBestCmap())
    return frozenset(points)


def fontconfig_file(cache: Path) -> Path:
    """A fontconfig configuration that knows only the bundled fonts (written once under ``cache``).

    Why: WeasyPrint asks fontconfig for fonts, and fontconfig's default
    configuration adds every font on the system, so a stylesheet naming a system
    font, or a character the bundled fonts lack, would print differently on
    every machine.
    """
    dirs = "".join(f"<dir>{escape(str(folder))}</dir>" for folder in font_dirs())
    text = (
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig>{dirs}<cachedir>{escape(str(cache / 'fontconfig'))}</cachedir></fontconfig>\n"
    )
    target = cache / "fonts.conf"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        write_text(text, target)
    return target
