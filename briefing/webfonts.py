"""The bundled fonts as @font-face rules with subset WOFF2 data: URIs, for a page that carries its own fonts.

The full faces weigh 2.6 MB; a page needs only the characters it prints. Each
face is cut down with fontTools' subsetter (every OpenType feature kept, so old-
style numerals and kerning survive), compressed as WOFF2 (Brotli) and kept in the
project's cache under a digest of the characters, so a rebuild that adds no new
character reuses it. The character set always holds printable ASCII, Latin-1
and common punctuation, so a one-word edit rarely changes it.
"""

from __future__ import annotations

import base64
import hashlib
import io
from functools import cache
from pathlib import Path

from briefing.files import make_folder, replacing
from briefing.fonts import Face, faces

#: Bump when the subsetting below changes, so cached subsets are cut again.
SUBSET_VERSION = 1
#: Always in the subset: the Latin letters of European languages, punctuation, superscripts and the
#: symbols a briefing uses. A briefing whose text holds nothing else gets the same subset every time,
#: so an edit never waits for the fonts to be cut again.
BASE_CHARACTERS = frozenset(
    chr(point)
    for start, end in (
        (0x20, 0x7E),  # ASCII
        (0xA0, 0x17F),  # Latin-1 and Latin Extended-A
        (0x2000, 0x209F),  # general punctuation, spaces, superscripts and subscripts
        (0x20AC, 0x20AC),  # euro
        (0x2116, 0x2116),  # numero
        (0x2122, 0x2122),  # trade mark
        (0x2190, 0x2193),  # arrows
        (0x2212, 0x2212),  # minus
        (0x2248, 0x2248),  # almost equal
        (0x2260, 0x2260),  # not equal
        (0x2264, 0x2265),  # less and greater or equal
    )
    for point in range(start, end + 1)
)
#: The families the default stylesheet sets text in; a face of any other family is embedded only for
#: characters these lack (Amiri, for Arabic script).
TEXT_FAMILIES = ("Source Serif Pro", "Source Sans Pro")


def font_face_css(text: str, cache: Path) -> str:
    """@font-face rules for every bundled face ``text`` needs, each subset to ``text``'s characters."""
    chosen = tuple(face for face in faces() if face.family in TEXT_FAMILIES)
    extra = tuple(face for face in faces() if face.family not in TEXT_FAMILIES)
    main, more = _covered(chosen), _covered(extra)
    # Amiri only when the text itself has a character that only it can print (Arabic script).
    if any(ord(character) not in main and ord(character) in more for character in set(text)):
        chosen, main = chosen + extra, main | more
    # Only characters a face can print: the key of the cached subset then ignores line breaks and
    # the like, and stays the same for every text within BASE_CHARACTERS.
    needed = {character for character in set(text) | BASE_CHARACTERS if ord(character) in main}
    make_folder(cache)
    rules = []
    for face in chosen:
        data = base64.b64encode(_subset(face, needed, cache)).decode("ascii")
        rules.append(
            f"@font-face {{ font-family: '{face.family}'; font-style: {face.style}; font-weight: {face.weight}; "
            f"src: url(data:font/woff2;base64,{data}) format('woff2'); }}"
        )
    return "\n".join(rules)


@cache
def _covered(chosen: tuple[Face, ...]) -> frozenset[int]:
    """Every code point the regular face of one of ``chosen``'s families has a glyph for."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for face in chosen:
        if face.weight == "400" and face.style == "normal":
            points |= set(TTFont(face.file, lazy=True).getBestCmap())
    return frozenset(points)


def _subset(face: Face, characters: set[str], cache: Path) -> bytes:
    """The face cut down to ``characters``, as WOFF2: from the cache, or cut now and cached."""
    key = "".join(sorted(characters)) + f"|{face.file.name}|{face.file.stat().st_size}|{SUBSET_VERSION}"
    target = cache / f"{face.file.stem}-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}.woff2"
    if target.is_file():
        return target.read_bytes()
    data = _cut(face.file, characters)
    with replacing(target) as temporary:
        Path(temporary).write_bytes(data)
    for stale in cache.glob(f"{face.file.stem}-*.woff2"):
        if stale != target:
            stale.unlink(missing_ok=True)
    return data


def _cut(file: Path, characters: set[str]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # recalcTimestamp off: the font's own date stays, so the same characters give the same bytes.
    font = TTFont(file, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # old-style and lining numerals, small caps, kerning: as in the PDF
    options.name_IDs = ["*"]  # the licence and copyright travel with the font
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(character) for character in characters))
    subsetter.subset(font)
    font.flavor = "woff2"
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()
