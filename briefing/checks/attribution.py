"""Attribution and certainty: who said it, how sure the source was, and how many said it.

The quote and number checks prove that words and figures exist in a source;
these rules look at what surrounds them there:

- **Who said it.** A pull quote's speaker is named in the archive's paragraph
  that holds the quote; words the source prints outside quotation marks (its own
  paraphrase) are not put in someone's mouth in quotation marks.
- **How sure the source was.** Where every passage that carries a quoted or
  traced statement hedges it ("apparently", "reportedly", "suspected"), the
  prose keeps a hedge or an attribution.
- **One source is not "sources agree".** A sentence that speaks for several
  ("analysts agree", "critics say") cites more than one source, or a source that
  itself speaks of several.

All three are warnings: they point at what a fact-checker would query. The word
lists are per language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.checks.evidence import Evidence
from briefing.checks.report import CheckReport
from briefing.citations import cited_ids, strip_citations
from briefing.errors import WARNING
from briefing.load import Content
from briefing.model import PROSE, QUOTE, leaves
from briefing.text import Folded, find_quote, numbers_in, paragraph_around, paragraph_span, quote_spans, sentence_around


@dataclass(frozen=True)
class Vocabulary:
    """The words of one language these rules read."""

    hedges: tuple[str, ...]
    """Words by which a source says it is not sure."""
    attributions: tuple[str, ...]
    """Words by which prose says whose claim it reports."""
    speech: tuple[str, ...]
    """Words that put a quotation in someone's mouth."""
    plurals: tuple[str, ...]
    """Words that speak for several people or sources."""


_EN_HEDGES = (
    "probably",
    "apparently",
    "reportedly",
    "allegedly",
    "alleged",
    "suspected",
    "possibly",
    "perhaps",
    "unconfirmed",
    "unverified",
    "may have",
    "might have",
    "is said to",
    "are said to",
    "is believed to",
    "are believed to",
    "is thought to",
    "are thought to",
    "claimed",
    "claims",
    "observers say",
    "analysts say",
    "according to",
)
VOCABULARIES = {
    "en": Vocabulary(
        hedges=_EN_HEDGES,
        attributions=(
            *_EN_HEDGES,
            "said",
            "says",
            "say",
            "told",
            "reported",
            "reports",
            "report",
            "estimated",
            "estimates",
            "estimate",
            "argued",
            "argues",
            "argue",
            "warned",
            "warns",
            "warn",
            "believes",
            "believe",
            "suggests",
            "suggested",
            "noted",
            "notes",
            "called",
            "calls",
            "described",
            "describes",
            "counted",
            "counts",
            "recorded",
            "put it",
            "in the words of",
            "by the count of",
            "by the account of",
            "by its account",
            "by their account",
            "deny",
            "denies",
            "denied",
            "insists",
            "insisted",
            "maintain",
            "maintains",
            "fear",
            "fears",
            "see",
            "sees",
            "read",
            "reads",
            "wrote",
            "writes",
            "cited",
            "cites",
            "quoted",
            "per",
        ),
        speech=(
            "said",
            "says",
            "say",
            "told",
            "called",
            "calls",
            "described",
            "describes",
            "warned",
            "warns",
            "argued",
            "argues",
            "insisted",
            "insists",
            "declared",
            "stated",
            "put it",
            "in the words of",
            "words",
            "'s phrase",
            "’s phrase",
            "according to",
        ),
        plurals=(
            "analysts",
            "critics",
            "experts",
            "observers",
            "commentators",
            "scholars",
            "diplomats",
            "the sources",
            "sources say",
            "sources agree",
            "both sources",
            "all the sources",
            "widely",
            "consensus",
        ),
    ),
    "fr": Vocabulary(
        hedges=(
            "probablement",
            "apparemment",
            "selon",
            "présumé",
            "présumés",
            "présumée",
            "supposé",
            "aurait",
            "auraient",
            "serait",
            "seraient",
            "non confirmé",
            "d’après",
        ),
        attributions=(
            "probablement",
            "apparemment",
            "selon",
            "d’après",
            "aurait",
            "auraient",
            "a déclaré",
            "déclare",
            "dit",
            "disent",
            "estime",
            "estiment",
            "affirme",
            "affirment",
            "rapporte",
            "rapportent",
            "a averti",
            "avertit",
            "juge",
            "jugent",
            "souligne",
        ),
        speech=(
            "a déclaré",
            "déclare",
            "dit",
            "disent",
            "selon",
            "affirme",
            "a averti",
            "a qualifié",
            "ses mots",
            "a lancé",
        ),
        plurals=(
            "les analystes",
            "des analystes",
            "les experts",
            "des experts",
            "les critiques",
            "les observateurs",
            "les sources",
            "consensus",
            "s’accordent",
        ),
    ),
    "de": Vocabulary(
        hedges=(
            "wahrscheinlich",
            "offenbar",
            "angeblich",
            "mutmaßlich",
            "vermutlich",
            "soll",
            "sollen",
            "unbestätigt",
            "laut",
            "zufolge",
        ),
        attributions=(
            "wahrscheinlich",
            "offenbar",
            "angeblich",
            "mutmaßlich",
            "vermutlich",
            "laut",
            "zufolge",
            "sagte",
            "sagt",
            "sagen",
            "erklärte",
            "erklärt",
            "berichtete",
            "berichtet",
            "schätzt",
            "schätzen",
            "warnte",
            "warnt",
            "meint",
            "meinen",
        ),
        speech=(
            "sagte",
            "sagt",
            "erklärte",
            "erklärt",
            "warnte",
            "nannte",
            "in seinen worten",
            "in ihren worten",
            "laut",
            "zufolge",
        ),
        plurals=("analysten", "experten", "kritiker", "beobachter", "die quellen", "konsens", "sind sich einig"),
    ),
}

#: Attribution that needs no verb: "(CRSS)", "by the authority's count", "by its own account".
_ATTRIBUTED = re.compile(
    r"\([A-Z][A-Z/&]{1,}[^)]*\)|\bby (?:the |its |their |his |her )?[\w’' ]{0,40}?"
    r"(?:count|estimate|account|figures|tally|reckoning)s?\b|\b(?:selon|d’après|laut|zufolge)\b"
)
_INLINE_QUOTE = re.compile(r"[“\"«„]\s*([^”\"»“]+?)\s*[”\"»“]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"«„(\[À-ÖØ-Þ])")


def vocabulary(language: str) -> Vocabulary:
    return VOCABULARIES.get(language.split("-")[0].lower(), VOCABULARIES["en"])


def _has(text: str, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` that ``text`` holds as a whole word, or None."""
    folded = text.casefold().replace("’", "'")
    for word in words:
        if re.search(r"(?<!\w)" + re.escape(word.casefold().replace("’", "'")) + r"(?!\w)", folded):
            return word
    return None


def check(content: Content, evidence: Evidence, report: CheckReport) -> None:
    words = vocabulary(evidence.language)
    for doc, model in content.documents():
        for leaf in leaves(model):
            if leaf.kind is QUOTE and leaf.sibling_source:
                message = _speaker_problem(leaf.value, leaf.owner, leaf.sibling_source, evidence)
            elif leaf.kind is PROSE:
                message = _prose_problem(leaf.value, leaf.sibling_source, evidence, words)
            else:
                continue
            if message:
                report.problems.append(doc.problem(leaf.path, message, WARNING))


def _speaker_problem(quote: str, owner: object, source_id: str, evidence: Evidence) -> str | None:
    """A pull quote whose archived paragraph does not name its speaker."""
    archive = evidence.archive(source_id)
    speaker = getattr(owner, "speaker", None)
    if archive is None or not speaker:
        return None
    span = find_quote(quote, archive)
    if span is None:
        return None  # the quote check reports it
    paragraph = paragraph_around(archive, *span)
    names = list(getattr(owner, "named_as", None) or []) or [speaker.split()[-1].strip(".,;:")]
    if any(_has(paragraph, (name,)) for name in names):
        return None
    shown = " or ".join(f"'{name}'" for name in names)
    return (
        f"the archive does not name {speaker} ({shown}) in the paragraph of this quote; check who said it, "
        "or list in 'named_as' the words the source uses for the speaker"
    )


def _prose_problem(text: str, sibling: str | None, evidence: Evidence, words: Vocabulary) -> str | None:
    """The first attribution or certainty problem in a prose field, sentence by sentence."""
    field_sources = cited_ids(text) or ([sibling] if sibling else [])
    for sentence in _SENTENCE.split(text):
        sources = cited_ids(sentence) or field_sources
        archives = [(source, a) for source, a in ((s, evidence.archive(s)) for s in sources) if a is not None]
        if not archives:
            continue
        prose = strip_citations(sentence)
        for check in (_mouth_problem, _hedge_problem, _plural_problem):
            message = check(prose, sources, archives, evidence, words)
            if message:
                return message
    return None


def _mouth_problem(
    prose: str, sources: list[str], archives: list[tuple[str, Folded]], evidence: Evidence, words: Vocabulary
) -> str | None:
    """Words the source prints outside quotation marks, quoted in the prose as someone's."""
    if not _has(prose, words.speech):
        return None
    if any(_has(prose, _outlet_names(evidence, source)) for source in sources):
        return None  # the prose quotes the outlet itself ("as TNH put it"), which is what it printed
    for quoted in _INLINE_QUOTE.findall(prose):
        found = [(archive, span) for _source, archive in archives for span in quote_spans(quoted, archive)]
        if found and not any(_inside_quotation_marks(archive, span) for archive, span in found):
            return (
                f"“{quoted}” is not a quotation in the source: it prints these words outside quotation marks "
                "(its own paraphrase), but the text quotes them as someone's words; drop the quotation marks "
                "or quote what the speaker said"
            )
    return None


def _outlet_names(evidence: Evidence, source_id: str) -> tuple[str, ...]:
    """How prose may name a source's outlet: its name before any bracket or comma, and its acronyms."""
    source = evidence.content.source(source_id)
    if source is None:
        return ()
    name = re.split(r"[(\[,]", source.outlet)[0].strip()
    acronyms = re.findall(r"\b[A-Z][A-Z/]{1,}[A-Z]\b", source.outlet)
    return tuple(dict.fromkeys([name, name.removeprefix("The "), *acronyms]))


def _inside_quotation_marks(archive: Folded, span: tuple[int, int]) -> bool:
    """Whether the archived words at ``span`` stand inside quotation marks in their paragraph."""
    begin, _finish = paragraph_span(archive, *span)
    return archive.text.count('"', begin, span[0]) % 2 == 1 or archive.text[max(0, span[0] - 1)] == "'"


def _hedge_problem(
    prose: str, sources: list[str], archives: list[tuple[str, Folded]], evidence: Evidence, words: Vocabulary
) -> str | None:
    """A statement every archived passage of which is hedged, stated flatly in the prose."""
    if _has(prose, words.attributions) or _has(prose, words.hedges) or _ATTRIBUTED.search(prose):
        return None
    for quoted in _INLINE_QUOTE.findall(prose):
        passages = [
            sentence_around(archive.original, archive.origin[span[0]], archive.origin[span[1] - 1])
            for _s, archive in archives
            if (span := find_quote(quoted, archive)) is not None
        ]
        hedge = _all_hedged(passages, words)
        if hedge:
            return _hedged_message(hedge, passages[0])
    for number, written in numbers_in(prose, evidence.language).items():
        if not number[1] and (number[0] < 100 or (1900 <= number[0] <= 2100 and number[0] == int(number[0]))):
            continue  # small numbers and years are everywhere in a source; they locate nothing
        passages = [
            sentence_around(archive.original, position, position + len(found))
            for source, archive in archives
            for position, found in _positions(archive.original, number, evidence.language_of(source))
        ]
        hedge = _all_hedged(passages, words)
        if hedge:
            return _hedged_message(hedge, passages[0], written)
    return None


def _positions(text: str, number: tuple[object, str], language: str) -> list[tuple[int, str]]:
    """Where ``number`` is written in ``text``, as (position, the words written there)."""
    found = []
    for written in {w for value, w in ((k, v) for k, v in numbers_in(text, language).items()) if value == number}:
        found += [(match.start(), written) for match in re.finditer(re.escape(written), text)]
    return found


def _all_hedged(passages: list[str], words: Vocabulary) -> str | None:
    if not passages:
        return None
    hedges = [_has(passage, words.hedges) for passage in passages]
    return hedges[0] if all(hedges) else None


def _hedged_message(hedge: str, passage: str, what: str | None = None) -> str:
    shown = passage if len(passage) <= 140 else passage[:137] + "..."
    subject = f"{what} comes from a passage" if what else "the source's passage"
    return (
        f"the source hedges this ('{hedge}': “{shown}”) but the text states it without a hedge or an "
        f"attribution; {subject} that is not sure, so keep the hedge or say whose claim it is"
    )


def _plural_problem(
    prose: str, sources: list[str], archives: list[tuple[str, Folded]], evidence: Evidence, words: Vocabulary
) -> str | None:
    """Several voices claimed on the strength of one source that does not speak of several."""
    plural = _has(prose, words.plurals)
    if not plural or len(set(sources)) != 1:
        return None
    noun = plural.split()[-1]
    if not plural.startswith(("the sources", "sources", "both", "all the")) and _has(archives[0][1].original, (noun,)):
        return None  # the source itself speaks of several
    return (
        f"'{plural}' speaks for several, but the sentence cites one source ({sources[0]}) that does not; "
        "name who says it, or cite the others"
    )
