"""Pandoc-style citations ``[@id; @id]`` and inline Markdown, rendered to safe HTML.

Sources are numbered by their place in content/sources.yaml, so [3] is the same
article on every page and in every edition. Each citation mark gets its own
anchor id so the appendix can link back to the pages that cite a source.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

from briefing.model import SLUG_PATTERN

_ITEM = re.compile("^@(" + SLUG_PATTERN.strip("^$") + ")$")
ALLOWED_LINK_SCHEMES = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Citation:
    """One ``[@a; @b]`` group found in a text, with its offset for error columns."""

    ids: tuple[str, ...]
    start: int


def find_citations(text: str) -> tuple[list[Citation], list[tuple[int, str]]]:
    """Every citation group in ``text``, and every malformed one as (offset, message)."""
    found, malformed = [], []
    for match in re.finditer(r"\[@", text):
        start = match.start()
        end = text.find("]", start)
        next_open = text.find("[", start + 1)
        if end < 0 or 0 <= next_open < end or "\n" in text[start:end]:
            malformed.append((start, "citation '[@' is never closed; end it with ']'"))
            continue
        ids = _parse_group(text[start + 2 : end])
        if ids is None:
            malformed.append((start, f"malformed citation '{text[start : end + 1]}'; write [@id] or [@id; @other]"))
        else:
            found.append(Citation(ids, start))
    return found, malformed


def cited_ids(text: str) -> list[str]:
    """The source ids ``text`` cites, each once, in order of first citation."""
    found, _malformed = find_citations(text)
    return list(dict.fromkeys(source_id for citation in found for source_id in citation.ids))


def strip_citations(text: str) -> str:
    """``text`` without its ``[@...]`` marks, e.g. to read the numbers in the prose alone."""
    return re.sub(r"\[@[^\]]*\]", " ", text)


def _parse_group(inner: str) -> tuple[str, ...] | None:
    ids = []
    for item in ("@" + inner).split(";"):
        match = _ITEM.match(item.strip())
        if match is None:
            return None
        ids.append(match.group(1))
    return tuple(ids)


#: Up to this many numbers, a citation mark never breaks across lines.
SHORT_RUN = 4


@dataclass
class Citer:
    """Numbers citations by source order and remembers every mark's anchor, in document order."""

    numbers: dict[str, int]
    anchors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def mark(self, ids: tuple[str, ...] | list[str], *, after_digit: bool = False) -> Markup:
        """Superscript links ``3,5`` to the appendix entries of the cited sources."""
        links = []
        for source_id in sorted(dict.fromkeys(ids), key=self.numbers.__getitem__):
            number = self.numbers[source_id]
            anchor = f"cite-{number}-{len(self.anchors[source_id]) + 1}"
            self.anchors[source_id].append(anchor)
            links.append(f'<a class="cite-link" href="#source-{number}" id="{anchor}">{number}</a>')
        # A long run of numbers may break after a comma rather than run off the page; a short one
        # stays whole, so no number is left alone at the start of a line.
        separator = ",<wbr>" if len(links) > SHORT_RUN else ","
        css = "cite after-digit" if after_digit else "cite"
        return Markup(f'<sup class="{css}">' + separator.join(links) + "</sup>")


def _citation_rule(state: StateInline, silent: bool) -> bool:
    ids, end = _group_at(state.src, state.pos)
    if ids is None:
        return False
    # Adjacent groups ("[@a] [@b]") print as one mark: a run of marks is one line-breakable unit.
    while True:
        following = len(state.src) - len(state.src[end:].lstrip(" "))
        more, after = _group_at(state.src, following)
        if more is None:
            break
        ids, end = ids + more, after
    if not silent:
        # "text [@id]" prints as "text¹": a superscript number takes no space before it.
        state.pending = state.pending.rstrip(" ")
        before = (state.pending or state.src[: state.pos].rstrip(" "))[-1:]
        token = state.push("citation", "", 0)
        # After a numeral, "2021⁵" would read as a power: the mark then keeps a little distance.
        token.meta = {"ids": ids, "after_digit": before.isdigit()}
    state.pos = end
    return True


def _group_at(text: str, position: int) -> tuple[tuple[str, ...] | None, int]:
    """The ids of the citation group starting at ``position``, and where it ends."""
    if not text.startswith("[@", position):
        return None, position
    end = text.find("]", position)
    ids = _parse_group(text[position + 2 : end]) if end > 0 else None
    return ids, end + 1


def _render_citation(
    self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    citer: Citer = env["citer"]
    return str(citer.mark(tokens[idx].meta["ids"], after_digit=tokens[idx].meta["after_digit"]))


class _Markdown(MarkdownIt):
    """markdown-it with links limited to http, https and mailto."""

    def validateLink(self, url: str) -> bool:
        return url.strip().lower().startswith(ALLOWED_LINK_SCHEMES)


#: The typographer's replacements worth having: "--" and "---" as dashes, "..." as an ellipsis.
#: markdown-it's own set also turns "(c)" into "©" and "(r)" into "®", which changes what an
#: author wrote ("option (c)"), so it stays off.
_DASHES = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"))


def _dashes(state: StateCore) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        for token in block.children:
            if token.type == "text":
                for old, new in _DASHES:
                    token.content = token.content.replace(old, new)


def make_markdown(quotes: Sequence[str] = "“”‘’") -> MarkdownIt:
    """Inline Markdown only: emphasis, code, links and citations; raw HTML is escaped.

    ``quotes`` are the language's opening and closing double, then single, quotation marks.
    """
    md = _Markdown("zero", {"html": False, "typographer": True, "quotes": list(quotes)})
    md.enable(["emphasis", "backticks", "escape", "link", "entity", "smartquotes"])
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.core.ruler.after("inline", "dashes", _dashes)
    md.add_render_rule("citation", _render_citation)
    return md


def make_plain(quotes: Sequence[str] = "“”‘’") -> MarkdownIt:
    """For text printed as written: only straight quotes become the language's quotation marks."""
    md = MarkdownIt("zero", {"html": False, "typographer": True, "quotes": list(quotes)})
    md.enable(["smartquotes"])
    return md


class InlineRenderer:
    """Turns a text field into HTML with citation marks, sharing one ``Citer`` per document."""

    def __init__(self, citer: Citer, quotes: Sequence[str] = "“”‘’"):
        self.citer = citer
        self._md = make_markdown(quotes)
        self._plain = make_plain(quotes)

    def __call__(self, text: str) -> Markup:
        return Markup(self._md.renderInline(text, {"citer": self.citer}))

    def plain(self, text: str) -> Markup:
        """Text printed as written (titles, names): escaped, with typographic quotation marks."""
        return Markup(self._plain.renderInline(text))
