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
from decimal import Decimal, localcontext
from functools import cache

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
    """The parts of a quote that must appear in order: split at ellipses and [insertions].

    The punctuation at either end of a part is not compared: a quote may end with a
    full stop where the source goes on with a comma, as editors allow.
    """
    parts = re.split(r"\s*(?:\.\.\.|…|\[[^\]]*\])\s*", normalise(quote))
    return [part.strip(" .,;:!?\"'") for part in parts if part.strip(" .,;:!?\"'")]


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
    """Whether the quote's fragments appear in ``archive`` in order, each within MAX_QUOTE_GAP of the last."""
    return find_quote(quote, archive) is not None


def find_quote(quote: str, archive: Folded) -> tuple[int, int] | None:
    """Where the quote's fragments appear in ``archive`` (folded start and end), or None.

    Works backwards over the fragments, keeping the starts from which the rest of
    the quote can still be completed: linear in the archive's length per fragment,
    where trying every occurrence of every fragment in turn would be exponential.
    Then walks forwards through the earliest viable start of each fragment.
    """
    fragments = quote_fragments(quote)
    if not fragments or len(fragments) > MAX_QUOTE_FRAGMENTS:
        return None
    occurrences: dict[str, list[int]] = {}
    viable_per_fragment = [_occurrences(archive.text, fragments[-1])]
    for fragment in reversed(fragments[:-1]):
        if fragment not in occurrences:
            occurrences[fragment] = _occurrences(archive.text, fragment)
        viable = viable_per_fragment[0]
        end = len(fragment)
        kept = []
        for start in occurrences[fragment]:
            following = bisect.bisect_left(viable, start + end)
            if following < len(viable) and viable[following] - (start + end) <= MAX_QUOTE_GAP:
                kept.append(start)
        if not kept:
            return None
        viable_per_fragment.insert(0, kept)
    spans = _spans(fragments, viable_per_fragment, limit=1)
    return spans[0] if spans else None


def quote_spans(quote: str, archive: Folded, limit: int = 50) -> list[tuple[int, int]]:
    """Every place (up to ``limit``) the quote appears in ``archive``, as folded (start, end)."""
    fragments = quote_fragments(quote)
    if not fragments or len(fragments) > MAX_QUOTE_FRAGMENTS or find_quote(quote, archive) is None:
        return []
    viable_per_fragment = [_occurrences(archive.text, fragments[-1])]
    for fragment in reversed(fragments[:-1]):
        viable = viable_per_fragment[0]
        viable_per_fragment.insert(
            0,
            [
                start
                for start in _occurrences(archive.text, fragment)
                if (i := bisect.bisect_left(viable, start + len(fragment))) < len(viable)
                and viable[i] - (start + len(fragment)) <= MAX_QUOTE_GAP
            ],
        )
    return _spans(fragments, viable_per_fragment, limit)


def _spans(fragments: list[str], viable_per_fragment: list[list[int]], limit: int) -> list[tuple[int, int]]:
    """From each viable start of the first fragment, the earliest viable start of each next one."""
    spans = []
    for start in viable_per_fragment[0][:limit]:
        end = start + len(fragments[0])
        for fragment, viable in zip(fragments[1:], viable_per_fragment[1:], strict=True):
            end = viable[bisect.bisect_left(viable, end)] + len(fragment)
        spans.append((start, end))
    return spans


def paragraph_span(archive: Folded, start: int, end: int) -> tuple[int, int]:
    """The folded span of the paragraph holding folded characters ``start`` to ``end``.

    Paragraphs are separated by blank lines, or by line breaks in a text that has no blank line.
    """
    text = archive.original
    if not archive.origin:
        return 0, 0
    first, last = archive.origin[start], archive.origin[max(start, end - 1)]
    breaks = _BLANK_LINE if _BLANK_LINE.search(text) else _LINE_BREAK
    begin = max((m.end() for m in breaks.finditer(text, 0, first + 1) if m.end() <= first), default=0)
    after = breaks.search(text, last)
    finish = after.start() if after else len(text)
    return bisect.bisect_left(archive.origin, begin), bisect.bisect_left(archive.origin, finish)


_BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n")
_LINE_BREAK = re.compile(r"\r?\n")


def paragraph_around(archive: Folded, start: int, end: int) -> str:
    """The original text of the paragraph holding folded characters ``start`` to ``end``."""
    begin, finish = paragraph_span(archive, start, end)
    return archive.passage(begin, finish).strip()


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``start`` to ``end`` (split at ., ! or ? followed by a space)."""
    before = max((text.rfind(mark, 0, start) for mark in (". ", "! ", "? ", "\n")), default=-1)
    after = [i for i in (text.find(mark, end) for mark in (". ", "! ", "? ", "\n")) if i >= 0]
    return text[before + 1 if before >= 0 else 0 : (min(after) + 1) if after else len(text)].strip()


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
    passage = " ".join(archive.passage(start, end).split()).strip(_QUOTES_AND_STOPS)
    return passage if len(passage) <= 160 else passage[:157] + "..."


def difference(quote: str, archive: Folded) -> str:
    """What a quote that was not found does differently from the closest passage, in a few words."""
    fragment = max(quote_fragments(quote), key=len, default="")
    passage = normalise(closest_passage(quote, archive))
    said, found = fragment.split(), passage.split()
    if not found:
        return "nothing like it is in the archive"
    bare_said, bare_found = [w.strip(_PUNCTUATION) for w in said], [w.strip(_PUNCTUATION) for w in found]
    matcher = difflib.SequenceMatcher(
        None, [w.casefold() for w in bare_said], [w.casefold() for w in bare_found], autojunk=False
    )
    opcodes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if not opcodes:  # the same words: the punctuation or the capitals differ
        for ours, theirs in zip(said, found, strict=False):
            if ours != theirs:
                return f"the punctuation differs ('{ours}' where the archive has '{theirs}')"
        return "the punctuation differs"
    op, i1, i2, j1, j2 = opcodes[0]
    ours, theirs = " ".join(said[i1:i2]), " ".join(found[j1:j2])
    if op == "replace":
        return f"'{ours}' where the archive has '{theirs}'"
    if op == "delete":
        return f"'{ours}' is not in the archive here"
    if j2 - j1 >= 3:
        return f"the archive has more words here ('{_clip(theirs)}'); mark a gap with …"
    return f"the archive has '{theirs}' here"


_PUNCTUATION = ".,;:!?\"'“”‘’«»„()"
#: What a passage shown in a message is trimmed of: the message wraps it in quotation marks itself.
_QUOTES_AND_STOPS = "\"',;: “”‘’«»„‚"


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: Fragments longer than this are aligned by rapidfuzz alone, without the quadratic refinement.
_REFINE_LIMIT = 600


def _refine(fragment: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Trim an approximate alignment to the stretch that really matches, one word of context wider."""
    offset = max(0, start - len(fragment))
    window = text[offset : end + len(fragment)]
    matcher = difflib.SequenceMatcher(None, window, fragment, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size >= 3]
    if not blocks:
        return start, end
    first, last = blocks[0], blocks[-1]
    start, end = offset + first.a, offset + last.a + last.size
    # Where the quote's first or last word is not matched, show the archive's word there too
    # (but not for a stray punctuation mark).
    if re.search(r"\w\w", fragment[: first.b]):
        start = _word_before(text, start)
    if re.search(r"\w\w", fragment[last.b + last.size :]):
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

#: How each language writes the parts of a number: percent words and scale words (all lower case).
#: "m" is not read as million: it is metres far more often.
_NUMBER_WORDS: dict[str, dict[str, dict[str, int]]] = {
    "en": {
        "percent": {"%": 0, "percent": 0, "per cent": 0},
        "scale": {
            "thousand": 3,
            "million": 6,
            "millions": 6,
            "mn": 6,
            "billion": 9,
            "billions": 9,
            "bn": 9,
            "trillion": 12,
            "tn": 12,
        },
    },
    "fr": {
        "percent": {"%": 0, "pour cent": 0},
        "scale": {"mille": 3, "million": 6, "millions": 6, "milliard": 9, "milliards": 9, "md": 9, "mds": 9, "mrd": 9},
    },
    "de": {
        "percent": {"%": 0, "prozent": 0},
        "scale": {
            "tausend": 3,
            "million": 6,
            "millionen": 6,
            "mio.": 6,
            "mio": 6,
            "milliarde": 9,
            "milliarden": 9,
            "mrd.": 9,
            "mrd": 9,
        },
    },
}
#: Spaces that group thousands in any language (SI style): space, no-break, narrow no-break, thin.
_SPACES = " \u00a0\u202f\u2009"
_YEAR_RANGE = re.compile(r"\b((\d{2})\d{2})\s*[–-]\s*(\d{2})\b(?![\d,])")
#: A number as compared: its value with any scale word applied, and "%" or "".
Number = tuple[Decimal, str]


#: Every language's words, so a French briefing may cite "31 percent" from an English source.
_PERCENT = {word: 0 for words in _NUMBER_WORDS.values() for word in words["percent"]}
_SCALE = {word: power for words in _NUMBER_WORDS.values() for word, power in words["scale"].items()}


@cache
def _number_pattern(language: str) -> tuple[re.Pattern[str], str]:
    """The pattern for a number in ``language``, and the mark that groups its thousands.

    Thousands are grouped by the language's mark (from the CLDR: "," in English,
    "." in German) or by a space; a "." or "," that does not group three digits is
    a decimal mark, so 29,4 and 29.4 both read as 29.4 in any language.
    """
    from babel import Locale
    from babel.numbers import get_group_symbol

    group = get_group_symbol(Locale.parse(language, sep="-") if language != "en" else Locale.parse("en"))
    groups = re.escape("".join(dict.fromkeys(group + _SPACES)))
    percent = "|".join(re.escape(w).replace("\\ ", r"\s?") for w in sorted(_PERCENT, key=len, reverse=True))
    scale = "|".join(re.escape(w) for w in sorted(_SCALE, key=len, reverse=True))
    pattern = re.compile(
        rf"(?<![\w.,])(\d{{1,3}}(?:[{groups}]\d{{3}})+(?:[.,]\d+)?(?![\d])|\d+(?:[.,]\d+)?)"
        rf"(?:\s*({percent})|\s*({scale})(?![\w]))?",
        re.IGNORECASE,
    )
    return pattern, group


def _language(language: str) -> str:
    primary = language.split("-")[0].lower()
    return language if primary in _NUMBER_WORDS else "en"


def numbers_in(text: str, language: str = "en", abbreviations: dict[str, int] | None = None) -> dict[Number, str]:
    """Numbers in ``text`` as written in ``language``, each with the words that gave it.

    6,000 = 6000 = 6 000; 51% = 51 percent = 51 per cent; $7bn = $7 billion = 7,000 million;
    in French 29,4 is 29.4 and 6 000 is 6000. ``abbreviations`` (from ``abbreviations_in``)
    scale a number followed by a unit the source spells out: 29.4 MAF = 29.4 million acre-feet (MAF).
    """
    language = _language(language)
    pattern, group = _number_pattern(language)
    text = _YEAR_RANGE.sub(lambda m: f"{m.group(1)} to {m.group(2)}{m.group(3)}", text)
    found: dict[Number, str] = {}
    for match in pattern.finditer(text):
        digits = match.group(1)
        decimal = re.search(r"[.,](\d+)$", digits)
        if decimal and (len(decimal.group(1)) != 3 or digits[decimal.start()] != group):
            whole, fraction = digits[: decimal.start()], decimal.group(1)
        else:
            whole, fraction = digits, ""
        whole = re.sub(r"\D", "", whole)
        value = Decimal(f"{whole}.{fraction}" if fraction else whole)
        unit = "%" if match.group(2) else ""
        exponent = _SCALE.get((match.group(3) or "").lower(), 0)
        if not match.group(2) and not match.group(3) and abbreviations:
            after = re.match(r"\s*([A-Z][A-Za-z]{1,7})\b", text[match.end() :])
            if after and after.group(1) in abbreviations:
                exponent = abbreviations[after.group(1)]
        with localcontext() as exact:  # as many digits as written: no rounding of long numbers
            exact.prec = len(whole) + len(fraction) + 20
            found.setdefault(((value.scaleb(exponent)).normalize(), unit), match.group(0).strip())
    return found


def abbreviations_in(text: str, language: str = "en") -> dict[str, int]:
    """Units a text spells out with a scale word and then abbreviates: "million acre-feet (MAF)" → MAF: 6."""
    words = _SCALE
    scale = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    found: dict[str, int] = {}
    for match in re.finditer(rf"\b({scale})\s+[^()\d]{{1,40}}?\(([A-Z][A-Za-z]{{1,7}})\)", text, re.IGNORECASE):
        found.setdefault(match.group(2), words[match.group(1).lower()])
    return found
