"""Stamping a built PDF with pikepdf: a copy line at the foot of every page, and the copy's own identity.

The line is drawn as a pagination artifact (``/Artifact <</Type /Pagination>>
BDC … EMC``, ISO 32000-1 §14.8.2.2), so a tagged PDF stays tagged: the line is
outside the structure tree, as running heads are. It is set in the bundled sans
face (Source Sans Pro), embedded as a subset the way WeasyPrint embeds it
(a CIDFontType0 with the OpenType program and a ToUnicode map, so the text can
be searched and copied). Nothing else of the PDF changes: links, bookmarks,
tags and metadata survive.
"""

from __future__ import annotations

import hashlib
import io
import re
import string
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pikepdf
from fontTools import subset
from fontTools.ttLib import TTFont

from briefing.finish import Identity
from briefing.fonts import faces

MM = 72 / 25.4
#: The copy line's baseline sits this far above the foot of the page, below the running footer.
BASELINE = 10 * MM
#: The running footer's type size and a dark grey: legible on a photocopy, quieter than the text.
SIZE = 8.0
GREY = 0.3
#: The line must fit between the page's side margins (the default stylesheet's 20 mm).
SIDE_MARGIN = 20 * MM
_FONT_RESOURCE = pikepdf.Name("/BriefingCopyLine")


@cache
def _face() -> Path:
    return next(f.file for f in faces() if f.family == "Source Sans Pro" and f.weight == "400" and f.style == "normal")


@cache
def _coverage() -> frozenset[int]:
    return frozenset(TTFont(_face(), lazy=True).getBestCmap())


def unprintable(text: str) -> list[str]:
    """The characters of ``text`` the copy line's font has no glyph for, in order, once each."""
    covered = _coverage()
    return list(dict.fromkeys(char for char in text if ord(char) not in covered))


@dataclass(frozen=True)
class StampFont:
    """A subset of Source Sans Pro Regular holding the glyphs of every line to stamp."""

    program: bytes
    """The subset OpenType (CFF) font program."""
    name: str
    """The PostScript name with its subset tag, e.g. ``KQWZBD+SourceSansPro-Regular``."""
    glyphs: dict[str, int]
    """Glyph id of each character."""
    widths: dict[int, int]
    """Advance width of each glyph id, in thousandths of the type size."""
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]

    @classmethod
    def for_lines(cls, lines: Iterable[str]) -> StampFont:
        """Subset the face to the characters of ``lines`` (which must all be printable)."""
        characters = sorted({char for line in lines for char in line})
        # recalcTimestamp=False: the font's 'modified' date must not be today's, or no copy would repeat.
        font = TTFont(_face(), recalcTimestamp=False)
        options = subset.Options()
        options.layout_features = []  # the line is set glyph by glyph: no kerning or ligatures to keep
        options.name_IDs = ["*"]  # the licence and copyright notices travel with the font
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(char) for char in characters])
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
        program = buffer.getvalue()

        scale = 1000 / font["head"].unitsPerEm
        cmap = font.getBestCmap()
        glyphs = {char: font.getGlyphID(cmap[ord(char)]) for char in characters}
        widths = {font.getGlyphID(cmap[ord(c)]): round(font["hmtx"][cmap[ord(c)]][0] * scale) for c in characters}
        head, os2 = font["head"], font["OS/2"]
        postscript = font["name"].getDebugName(6) or "SourceSansPro-Regular"
        return cls(
            program,
            f"{_subset_tag(program)}+{postscript}",
            glyphs,
            widths,
            round(font["hhea"].ascent * scale),
            round(font["hhea"].descent * scale),
            round(os2.sCapHeight * scale),
            (round(head.xMin * scale), round(head.yMin * scale), round(head.xMax * scale), round(head.yMax * scale)),
        )

    def width(self, text: str, size: float = SIZE) -> float:
        """How wide ``text`` is when set at ``size`` points, in points."""
        return sum(self.widths[self.glyphs[char]] for char in text) * size / 1000

    def encode(self, text: str) -> bytes:
        """``text`` as a PDF hex string of two-byte glyph ids (Identity-H)."""
        return b"<" + "".join(f"{self.glyphs[char]:04X}" for char in text).encode("ascii") + b">"

    def to_unicode(self) -> bytes:
        """A ToUnicode CMap, so the stamped line is searchable and copies as text."""
        pairs = sorted((gid, char) for char, gid in self.glyphs.items())
        blocks = []
        for start in range(0, len(pairs), 100):  # a bfchar block holds at most 100 entries
            chunk = pairs[start : start + 100]
            entries = "\n".join(f"<{gid:04X}> <{char.encode('utf-16-be').hex().upper()}>" for gid, char in chunk)
            blocks.append(f"{len(chunk)} beginbfchar\n{entries}\nendbfchar")
        return (
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            + "\n".join(blocks)
            + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        ).encode("ascii")


def _subset_tag(program: bytes) -> str:
    """Six capital letters naming this subset (ISO 32000-1 §9.6.4), the same for the same glyphs."""
    digest = hashlib.sha256(program).digest()
    return "".join(string.ascii_uppercase[byte % 26] for byte in digest[:6])


def copy_identity(edition: str, number: int, content: bytes) -> Identity:
    """Identifiers for copy ``number`` of ``edition`` (``Meta.edition``), whose unstamped PDF is ``content``."""
    return Identity.of(f"{edition}\ncopy {number}", content)


def narrowest_line_room(pdf: bytes) -> float:
    """The width, in points, the copy line may take on the narrowest page of ``pdf``."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return min(_box(page)[2] - _box(page)[0] for page in document.pages) - 2 * SIDE_MARGIN


def stamp(pdf: bytes, line: str, font: StampFont, identity: Identity) -> bytes:
    """``pdf`` with ``line`` at the foot of every page and the copy's identifiers; the rest unchanged."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        type0 = _embed(document, font)
        text = font.encode(line)
        for page in document.pages:
            left, bottom, right, _top = _box(page)
            x = left + (right - left - font.width(line)) / 2
            page.add_resource(type0, pikepdf.Name.Font, name=_FONT_RESOURCE)
            # Wrap the page's own drawing in q/Q so whatever state it leaves cannot move or recolour the line.
            page.contents_add(pikepdf.Stream(document, b"q\n"), prepend=True)
            drawing = (
                f"\nQ\nq\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n{GREY} g\nBT\n"
                f"{_FONT_RESOURCE} {SIZE:g} Tf\n{x:.2f} {bottom + BASELINE:.2f} Td\n"
            ).encode("ascii")
            page.contents_add(pikepdf.Stream(document, drawing + text + b" Tj\nET\nEMC\nQ\n"))
        identity.apply(document)
        out = io.BytesIO()
        # deterministic_id: the second half of /ID is a hash of the content, not of the time and file name.
        document.save(out, deterministic_id=True, linearize=document.is_linearized)
        return out.getvalue()


#: The draft watermark: large, light and diagonal. Multiplied onto the page rather than laid over it,
#: so the text under it stays as dark as it was and only the white paper turns grey.
WATERMARK_GREY = 0.86
_WATERMARK_FONT = pikepdf.Name("/BriefingWatermark")
_WATERMARK_STATE = pikepdf.Name("/BriefingWatermarkMultiply")


def watermark(pdf: bytes, word: str) -> bytes:
    """``pdf`` with ``word`` (DRAFT) across every page, multiplied onto it as a light grey artifact."""
    if unprintable(word):
        raise ValueError(f"the watermark font has no glyph for {''.join(unprintable(word))!r}")
    font = StampFont.for_lines([word])
    with pikepdf.open(io.BytesIO(pdf)) as document:
        type0 = _embed(document, font)
        multiply = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, BM=pikepdf.Name.Multiply))
        for page in document.pages:
            left, bottom, right, top = _box(page)
            # As large as fits along the diagonal, at 45 degrees, centred.
            diagonal = ((right - left) ** 2 + (top - bottom) ** 2) ** 0.5
            size = 0.7 * diagonal / (font.width(word, 1.0) or 1.0)
            width = font.width(word, size)
            centre_x, centre_y = (left + right) / 2, (bottom + top) / 2
            page.add_resource(type0, pikepdf.Name.Font, name=_WATERMARK_FONT)
            page.add_resource(multiply, pikepdf.Name.ExtGState, name=_WATERMARK_STATE)
            page.contents_add(pikepdf.Stream(document, b"q\n"), prepend=True)
            drawing = (
                f"\nQ\nq\n/Artifact <</Type /Pagination /Subtype /Watermark>> BDC\n{_WATERMARK_STATE} gs\n"
                f"{WATERMARK_GREY} g\n0.7071 0.7071 -0.7071 0.7071 {centre_x:.2f} {centre_y:.2f} cm\nBT\n"
                f"{_WATERMARK_FONT} {size:.2f} Tf\n{-width / 2:.2f} {-size * 0.35:.2f} Td\n"
            ).encode("ascii")
            page.contents_add(pikepdf.Stream(document, drawing + font.encode(word) + b" Tj\nET\nEMC\nQ\n"))
        out = io.BytesIO()
        document.save(out, deterministic_id=True, linearize=document.is_linearized)
        return out.getvalue()


def _box(page: pikepdf.Page) -> tuple[float, float, float, float]:
    """The page as trimmed (the trim box, else the crop or media box): where the reader's page ends."""
    left, bottom, right, top = (float(value) for value in page.trimbox)
    return min(left, right), min(bottom, top), max(left, right), max(bottom, top)


def _embed(document: pikepdf.Pdf, font: StampFont) -> pikepdf.Object:
    program = pikepdf.Stream(document, font.program)
    program.Subtype = pikepdf.Name.OpenType
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=pikepdf.Name("/" + font.name),
        FontFamily=pikepdf.String("Source Sans Pro"),
        Flags=32,  # non-symbolic: Latin text
        FontBBox=list(font.bbox),
        ItalicAngle=0,
        Ascent=font.ascent,
        Descent=font.descent,
        CapHeight=font.cap_height,
        StemV=80,
        FontFile3=program,
    )
    widths: list[int | list[int]] = []
    for gid in sorted(font.widths):
        widths += [gid, [font.widths[gid]]]
    cid_font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.CIDFontType0,
        BaseFont=pikepdf.Name("/" + font.name),
        CIDSystemInfo=pikepdf.Dictionary(
            Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0
        ),
        FontDescriptor=document.make_indirect(descriptor),
        W=widths,
    )
    return document.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type0,
            BaseFont=pikepdf.Name("/" + font.name),
            Encoding=pikepdf.Name("/Identity-H"),
            DescendantFonts=[document.make_indirect(cid_font)],
            ToUnicode=pikepdf.Stream(document, font.to_unicode()),
        )
    )


def document_id(pdf: bytes) -> uuid.UUID | None:
    """The permanent identifier (first half of /ID) of ``pdf``, if it has one, even when the file is damaged."""
    try:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            ids = document.trailer.get("/ID")
            first = bytes(ids[0]) if isinstance(ids, pikepdf.Array) and len(ids) else b""
    except (pikepdf.PdfError, ValueError):
        # A changed byte can leave the page tree unreadable; the trailer, which is never compressed, still says.
        found = _TRAILER_ID.findall(pdf)
        first = bytes.fromhex(found[-1].decode("ascii")) if found else b""
    return uuid.UUID(bytes=first) if len(first) == 16 else None


_TRAILER_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>")
