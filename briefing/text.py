"""Reading text as people write it: quotes found in an archive, and the numbers in a sentence.

Shared by the checks (which trace quotes and figures), the charts (which plot a
figure's number) and the renderer. Every function here does work bounded by the
size of its input: no backtracking, no quadratic comparisons.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

#: How far apart two fragments of a quote (split at "…" or "[insertion]") may lie in the source.
MAX_QUOTE_GAP = 400
#: A quote with more gaps than this is a collage, not a quotation; it also bounds the matcher's work.
MAX_QUOTE_FRAGMENTS = 40

_QUOTE_CHARS = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "―": "-",
        "−": "-",
        "‐": "-",
    }
)


@dataclass(frozen=True)
class Folded:
    """Text with the differences a quote may have from its source folded away.

    ``origin[i]`` is the index in the original text of folded character ``i``,
    so a passage found in the folded text can be shown exactly as written.
    """

    text: str
    origin: tuple[int, ...]
    original: str

    def passage(self, start: int, end: int) -> str:
        """The original text behind folded characters ``start`` to ``end``."""
        if start >= end:
            return ""
        return self.original[self.origin[start] : self.origin[end - 1] + 1]


def fold(text: str) -> Folded:
    """Fold whitespace runs, quote marks and dash forms; "A—B", "A - B" and "A -- B" compare equal."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char).translate(_QUOTE_CHARS):
            if piece.isspace():
                piece = " "
            if piece == "-":
                while chars and chars[-1] == " ":  # a dash takes one space either side
                    chars.pop()
                    origin.pop()
                if chars and chars[-1] == "-":  # a run of dashes is one dash
                    chars.append(" ")
                    origin.append(index)
                    continue
                if chars:
                    chars.append(" ")
                    origin.append(index)
                chars += ["-", " "]
                origin += [index, index]
                continue
            if piece == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(piece)
            origin.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return Folded("".join(chars), tuple(origin), text)


def normalise(text: str) -> str:
    """``text`` folded for comparison (see ``fold``)."""
    return fold(text).text


def quote_fragments(quote: str) -> list[str]:
    """The parts of a quote that must appear in order: split at ellipses and [insertions]."""
    parts = re.split(r"\s*(?:\.\.\.|…|\[[^\]]*\])\s*", normalise(quote))
    return [part.strip(" ,;:\"'") for part in parts if part.strip(" .,;:\"'")]


def _occurrences(text: str, fragment: str) -> list[int]:
    """Every start of ``fragment`` in ``text``; a quote may begin in lower case or capitalised."""
    starts = set()
    for form in {fragment, fragment[:1].swapcase() + fragment[1:]}:
        found = text.find(form)
        while found >= 0:
            starts.add(found)
            found = text.find(form, found + 1)
    return sorted(starts)


def quote_found(quote: str, archive: Folded) -> bool:
    """Whether the quote's fragments appear in ``archive`` in order, each within MAX_QUOTE_GAP of the last.

    Works backwards over the fragments, keeping the starts from which the rest of
    the quote can still be completed: linear in the archive's length per fragment,
    where trying every occurrence of every fragment in turn would be exponential.
    """
    fragments = quote_fragments(quote)
    if not fragments or len(fragments) > MAX_QUOTE_FRAGMENTS:
        return False
    occurrences: dict[str, list[int]] = {}
    viable = _occurrences(archive.text, fragments[-1])
    for fragment in reversed(fragments[:-1]):
        if fragment not in occurrences:
            occurrences[fragment] = _occurrences(archive.text, fragment)
        end = len(fragment)
        kept = []
        for start in occurrences[fragment]:
            following = bisect.bisect_left(viable, start + end)
            if following < len(viable) and viable[following] - (start + end) <= MAX_QUOTE_GAP:
                kept.append(start)
        viable = kept
        if not viable:
            return False
    return bool(viable)


def closest_passage(quote: str, archive: Folded) -> str:
    """The passage of the archive most like the quote's longest fragment, exactly as archived."""
    from rapidfuzz import fuzz

    fragment = max(quote_fragments(quote), key=len, default="")
    text = archive.text
    if not fragment or not text:
        return ""
    alignment = fuzz.partial_ratio_alignment(fragment, text)
    if alignment is None:
        return ""
    start, end = alignment.dest_start, alignment.dest_end
    if len(fragment) <= _REFINE_LIMIT:
        start, end = _refine(fragment, text, start, end)
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    # Widen to whole words so the author sees complete words, punctuation included.
    while start > 0 and text[start - 1] != " ":
        start -= 1
    while end < len(text) and text[end] != " ":
        end += 1
    passage = " ".join(archive.passage(start, end).split()).strip("\"',;: ")
    return passage if len(passage) <= 160 else passage[:157] + "..."


#: Fragments longer than this are aligned by rapidfuzz alone, without the quadratic refinement.
_REFINE_LIMIT = 600


def _refine(fragment: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Trim an approximate alignment to the stretch that really matches, one word of context wider."""
    offset = max(0, start - len(fragment) // 2)
    window = text[offset : end + len(fragment) // 2]
    matcher = difflib.SequenceMatcher(None, window, fragment, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size >= 3]
    if not blocks:
        return start, end
    first, last = blocks[0], blocks[-1]
    start, end = offset + first.a, offset + last.a + last.size
    if first.b > 0:  # the quote's first words differ: show the archive's word before the match
        start = _word_before(text, start)
    if last.b + last.size < len(fragment):
        end = _word_after(text, end)
    return start, end


def _word_before(text: str, index: int) -> int:
    """The start of the word before the one at ``index``."""
    while index < len(text) and text[index] == " ":
        index += 1
    word_start = text.rfind(" ", 0, index) + 1
    if word_start <= 1:
        return 0
    return text.rfind(" ", 0, word_start - 1) + 1


def _word_after(text: str, index: int) -> int:
    index = text.find(" ", index)
    if index < 0:
        return len(text)
    following = text.find(" ", index + 1)
    return len(text) if following < 0 else following


# --- numbers ---------------------------------------------------------------------------

_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s*(%|per\s?cent|percent)|\s*(bn|billion|million|m)\b)?",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(r"\b((\d{2})\d{2})\s*[–-]\s*(\d{2})\b(?![\d,])")
#: Longer runs of digits are not quantities anyone writes in a briefing; read them as text.
_MAX_DIGITS = 30

Number = tuple[Decimal, str]


def numbers_in(text: str) -> set[Number]:
    """Numbers in ``text`` as (value, unit): 6,000 = 6000; 51% = 51 percent; $7bn = $7 billion."""
    text = _YEAR_RANGE.sub(lambda m: f"{m.group(1)} to {m.group(2)}{m.group(3)}", text)
    found = set()
    for match in _NUMBER.finditer(text):
        digits = match.group(1).replace(",", "")
        if len(digits) > _MAX_DIGITS:
            continue
        try:
            value = Decimal(digits)
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            continue
        unit = "%" if match.group(2) else (match.group(3) or "").lower()
        unit = {"bn": "billion", "m": "million"}.get(unit, unit)
        found.add((value.normalize(), unit))
    return found


def shown(number: Number) -> str:
    """A number as a message shows it: 2024 (a year, no separator), 7,500, 51%, 7 billion."""
    value, unit = number
    if value != value.to_integral_value():
        text = f"{value:,f}"
    else:
        text = f"{value:.0f}" if value < 10_000 else f"{value:,.0f}"
    return text + ("%" if unit == "%" else f" {unit}" if unit else "")
