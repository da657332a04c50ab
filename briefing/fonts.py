"""The bundled fonts: Source Serif Pro and Source Sans Pro, from their PyPI packages.

Every machine prints with the same fonts, and no system font is ever used.
"""

from __future__ import annotations

from pathlib import Path

import font_source_sans_pro
import font_source_serif_pro

#: (CSS family, font package, {file stem suffix: (weight, style)}).
_FONTS = (
    ("Source Serif Pro", font_source_serif_pro, "SourceSerifPro"),
    ("Source Sans Pro", font_source_sans_pro, "SourceSansPro"),
)
_FACES = {
    "Regular": ("400", "normal"),
    "It": ("400", "italic"),
    "Semibold": ("600", "normal"),
    "SemiboldIt": ("600", "italic"),
    "Bold": ("700", "normal"),
    "BoldIt": ("700", "italic"),
}


def chart_font_files() -> list[Path]:
    """The sans faces charts are drawn in (regular first), so their labels match the document's."""
    folder = Path(font_source_sans_pro.font_directory)
    return [folder / "SourceSansPro-Regular.otf", folder / "SourceSansPro-Bold.otf"]


def font_dirs() -> list[Path]:
    return [Path(package.font_directory).resolve() for _family, package, _stem in _FONTS]


def font_face_css() -> str:
    """@font-face rules pointing at the font files inside the installed font packages."""
    rules = []
    for family, package, stem in _FONTS:
        for suffix, (weight, style) in _FACES.items():
            file = Path(package.font_directory) / f"{stem}-{suffix}.otf"
            rules.append(
                f"@font-face {{ font-family: '{family}'; font-style: {style}; "
                f"font-weight: {weight}; src: url('{file.resolve().as_uri()}'); }}"
            )
    return "\n".join(rules)
