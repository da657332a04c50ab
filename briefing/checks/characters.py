"""Characters: none that disguise text, and none the bundled fonts cannot print.

Bidirectional overrides and isolates can make a title read backwards in the
running head, and control characters end up in the PDF's metadata; both are
refused wherever they come from: typed, written as a YAML escape, or as an HTML
entity in Markdown. A character no bundled font covers would print as a box on
one machine and in a system font on another, so it is refused too, by name.
"""

from __future__ import annotations

import html
import unicodedata

from briefing.checks.report import CheckReport
from briefing.fonts import covered
from briefing.load import Content

#: Bidirectional embeddings, overrides and isolates (Unicode TR 9): they reorder what follows them.
BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
#: Characters that need no glyph: spaces, line ends, and joiners Arabic script uses for shaping.
_NO_GLYPH = {"\n", "\r", "\t", "\u200c", "\u200d", "\u00ad"}


def check(content: Content, report: CheckReport) -> None:
    glyphs = covered()
    for doc in content.all_docs():
        for key_path, value in doc.strings():
            for char in dict.fromkeys(value + html.unescape(value)):
                problem = _problem(char, glyphs)
                if problem:
                    report.problems.append(doc.problem(key_path, problem))


def _problem(char: str, glyphs: frozenset[int]) -> str | None:
    point = ord(char)
    name = unicodedata.name(char, "")
    code = f"U+{point:04X} ({name})" if name else f"U+{point:04X}"
    if point in BIDI_CONTROLS:
        return f"character {code} is not allowed: it reorders the text around it; remove it"
    if char in _NO_GLYPH or char == " ":
        return None
    if unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn"):
        return f"control character {code} is not allowed; remove it"
    if point not in glyphs and not char.isspace() and unicodedata.category(char) != "Cf":
        return (
            f"character {code} is in no bundled font (they cover the Latin, Greek, Cyrillic "
            "and Arabic scripts); it would print as a box: remove it or bundle a font for its script"
        )
    return None
