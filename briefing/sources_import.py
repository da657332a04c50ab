"""``briefing sources import``: new entries for content/sources.yaml from a reference manager's export.

It reads CSL-JSON (the exchange format of Zotero and Pandoc) and BibTeX (through
pybtex), told apart by their content, and maps each record onto a source: title,
outlet, authors, date, URL, access date and kind. Only records whose id is new
are added. They are appended as text to the end of sources.yaml, so existing
entries and every comment stay byte for byte as they were, and the file is
replaced in one step, only once the result has been read back and validated.

Nothing is invented: what a record does not give is left out and reported. A
record without a field every source needs (a title, an outlet, a date) is
appended commented out, for the analyst to finish. A new source has no archived
text yet, so it says ``archive: none`` until the analyst saves one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from briefing.checks.characters import BIDI_CONTROLS
from briefing.errors import BriefingError
from briefing.files import replacing
from briefing.model import NOT_ARCHIVED, SLUG_PATTERN, Source
from briefing.project import Project, Unreadable
from briefing.yamlfile import MAX_BYTES, read_yaml, scalar

#: An export of a whole library is a few megabytes; anything far larger is not one.
MAX_INPUT_BYTES = 20_000_000

#: What each CSL type is called in the source list, per language; other languages use English.
KINDS: dict[str, dict[str, str]] = {
    "article": {"en": "Article", "fr": "Article", "de": "Artikel"},
    "article-journal": {"en": "Journal article", "fr": "Article de revue", "de": "Zeitschriftenartikel"},
    "article-magazine": {"en": "Magazine article", "fr": "Article de magazine", "de": "Magazinartikel"},
    "article-newspaper": {"en": "Newspaper article", "fr": "Article de presse", "de": "Zeitungsartikel"},
    "book": {"en": "Book", "fr": "Livre", "de": "Buch"},
    "broadcast": {"en": "Broadcast", "fr": "Émission", "de": "Sendung"},
    "chapter": {"en": "Book chapter", "fr": "Chapitre d’ouvrage", "de": "Buchkapitel"},
    "dataset": {"en": "Dataset", "fr": "Jeu de données", "de": "Datensatz"},
    "document": {"en": "Document", "fr": "Document", "de": "Dokument"},
    "entry-encyclopedia": {"en": "Encyclopedia entry", "fr": "Article d’encyclopédie", "de": "Lexikonartikel"},
    "hearing": {"en": "Hearing", "fr": "Audition", "de": "Anhörung"},
    "interview": {"en": "Interview", "fr": "Entretien", "de": "Interview"},
    "legislation": {"en": "Legislation", "fr": "Texte législatif", "de": "Rechtsvorschrift"},
    "manuscript": {"en": "Manuscript", "fr": "Manuscrit", "de": "Manuskript"},
    "map": {"en": "Map", "fr": "Carte", "de": "Karte"},
    "paper-conference": {"en": "Conference paper", "fr": "Communication de colloque", "de": "Konferenzbeitrag"},
    "personal_communication": {
        "en": "Personal communication",
        "fr": "Communication personnelle",
        "de": "Persönliche Mitteilung",
    },
    "post": {"en": "Online post", "fr": "Publication en ligne", "de": "Online-Beitrag"},
    "post-weblog": {"en": "Blog post", "fr": "Billet de blog", "de": "Blogbeitrag"},
    "report": {"en": "Report", "fr": "Rapport", "de": "Bericht"},
    "speech": {"en": "Speech", "fr": "Discours", "de": "Rede"},
    "thesis": {"en": "Thesis", "fr": "Thèse", "de": "Hochschulschrift"},
    "treaty": {"en": "Treaty", "fr": "Traité", "de": "Vertrag"},
    "webpage": {"en": "Web page", "fr": "Page web", "de": "Webseite"},
}

#: BibTeX and BibLaTeX entry types as CSL types, as Pandoc maps them.
BIBTEX_TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "book",
    "collection": "book",
    "proceedings": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "bookinbook": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "report": "report",
    "techreport": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "dataset": "dataset",
    "unpublished": "manuscript",
    "misc": "document",
}
#: BibLaTeX's ``entrysubtype`` of an @article that is not in a journal.
_ARTICLE_SUBTYPES = {"newspaper": "article-newspaper", "magazine": "article-magazine"}
#: Where a BibTeX record names its outlet, in order of preference.
_BIBTEX_OUTLETS = ("journal", "journaltitle", "booktitle", "publisher", "institution", "organization", "school")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_ISO_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_BIBTEX_ENTRY = re.compile(r"@\s*[A-Za-z]+\s*[{(]")
_URL_COMMAND = re.compile(r"\\url\s*\{([^}]*)\}")
#: Font commands reference managers wrap words in; the words stay, the command goes.
_FONT_COMMAND = re.compile(r"\\(?:emph|text(?:it|bf|sc|sf|tt|up|sl|normal)|mbox|mkbibemph|enquote|mkbibquote)\s*(?=\{)")
#: A % that is text, not LaTeX's comment sign (which would cut off the rest of a title).
_BARE_PERCENT = re.compile(r"(?<!\\)%")
#: The rich-text markup CSL allows in titles (https://citeproc-js.readthedocs.io, "Rich text").
_CSL_MARKUP = re.compile(r"</?(?:i|b|sup|sub|span)(?:\s[^>]*)?>", re.IGNORECASE)
#: An entry a previous import left commented out still counts as present.
_COMMENTED_ID = re.compile(r"^[ \t]*#[ \t]*-[ \t]+id:[ \t]*[\"']?([^\s\"'#]+)", re.MULTILINE)


@dataclass
class Reference:
    """One record of the export, read into what a source records."""

    key: str
    """The record's own citation key or id, as given."""
    type: str = "document"
    """Its CSL type; BibTeX entry types are mapped onto CSL's."""
    title: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    """YYYY, YYYY-MM or YYYY-MM-DD: as precise as the record."""
    approximate: bool = False
    url: str | None = None
    accessed: str | None = None
    notes: list[str] = field(default_factory=list)
    """What could not be mapped, for the report."""

    def missing(self) -> list[str]:
        """The fields every source needs that the record does not give, as ``published.date``."""
        needed = {"title": self.title, "outlet": self.outlet, "published.date": self.date}
        return [name for name, value in needed.items() if not value]


#: What the report says of a field every source needs and a record lacks, and its short name.
_MISSING = {
    "title": ("title", "no title; add title by hand"),
    "outlet": ("outlet", "no outlet (container, journal or publisher); add outlet by hand"),
    "published.date": ("date", "no date; add published.date by hand"),
}


@dataclass
class ImportReport:
    """What an import added, left to finish, and skipped, and what it could not map."""

    sources_file: str
    added: list[str] = field(default_factory=list)
    unfinished: list[str] = field(default_factory=list)
    """Appended commented out: the record lacks a field every source needs."""
    present: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report, one line each: notes first, in record order, then the totals and what to do next."""
        lines = list(self.notes)
        if self.added:
            lines.append(f"Added {_count(self.added, 'source')} to {self.sources_file}: {', '.join(self.added)}")
        if self.unfinished:
            lines.append(
                f"Appended {_count(self.unfinished, 'entry', 'entries')} commented out, to finish by hand: "
                f"{', '.join(self.unfinished)}"
            )
        if self.present:
            lines.append(f"Skipped {len(self.present)} already in {self.sources_file}: {', '.join(self.present)}")
        if self.added or self.unfinished:
            lines.append(
                f"Each new source says archive: {NOT_ARCHIVED}. Save its text under content/sources/ "
                "and point archive: at it, so its quotes and figures can be checked."
            )
        else:
            lines.append(f"Nothing new: {self.sources_file} is unchanged.")
        return lines


def import_sources(project: Project, export: Path) -> ImportReport:
    """Append the records of ``export`` whose ids are new to the project's content/sources.yaml.

    Raises ``BriefingError`` (and writes nothing) when the export cannot be read
    or is neither CSL-JSON nor BibTeX, or when sources.yaml cannot take new entries.
    """
    references, notes = read_references(export)
    target = project.content / "sources.yaml"
    shown = project.display(target)
    original = _read_sources(project, target)
    layout = _Layout.of(original, shown)
    language = _language(project)

    report = ImportReport(shown, notes=notes)
    taken = set(layout.ids)
    blocks: list[str] = []
    for reference in references:
        source_id = _slug(reference.key)
        if not source_id:
            report.notes.append(f"{reference.key}: its key has no letter or digit to make an id of; skipped")
            continue
        if source_id in layout.ids:
            report.present.append(source_id)
            continue
        if source_id in taken:
            report.notes.append(f"{reference.key}: the id {source_id} is given twice in the export; skipped")
            continue
        taken.add(source_id)
        if source_id != reference.key:
            report.notes.append(f"{reference.key}: imported as {source_id}")
        kind = _kind(reference.type, language)
        if reference.type not in KINDS:
            reference.notes.append(
                f"its type '{reference.type}' has no kind of its own; kind says {kind}: say what it is"
            )
        report.notes += [f"{source_id}: {note}" for note in reference.notes]
        missing = reference.missing()
        report.notes += [f"{source_id}: {_MISSING[name][1]}" for name in missing]
        (report.unfinished if missing else report.added).append(source_id)
        blocks.append(layout.entry(source_id, reference, kind, missing))

    if blocks:
        header = layout.comment(f"Imported from {_clean(export.name)} by `briefing sources import`.")
        appended = "\n" + header + "".join(blocks)
        _write(target, shown, original, appended, layout, report.added)
    return report


# --- reading the export ----------------------------------------------------------------


def read_references(export: Path) -> tuple[list[Reference], list[str]]:
    """The records of a CSL-JSON or BibTeX file, and notes on records that could not be read at all."""
    text = _read_export(export)
    if text.lstrip().startswith(("[", "{")):
        references, notes = _from_csl_json(text, export.name)
    elif _BIBTEX_ENTRY.search(text):
        references, notes = _from_bibtex(text, export.name)
    else:
        raise BriefingError(f"{export.name} is neither CSL-JSON nor BibTeX; export the references in one of those")
    if not references and not notes:
        raise BriefingError(f"{export.name} holds no references")
    return references, notes


def _read_export(export: Path) -> str:
    """The text of the export, or one line saying why it cannot be had."""
    shown = export.name or str(export)
    try:
        info = export.stat()
    except FileNotFoundError:
        raise BriefingError(f"cannot read {export}: no such file") from None
    except (OSError, ValueError) as err:
        raise BriefingError(f"cannot read {export}: {_reason(err)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise BriefingError(f"cannot read {export}: it is a folder; give the exported file")
    if not stat.S_ISREG(info.st_mode):
        raise BriefingError(f"cannot read {export}: it is not a regular file")
    if info.st_size > MAX_INPUT_BYTES:
        raise BriefingError(f"{shown} is {info.st_size:,} bytes; the limit is {MAX_INPUT_BYTES:,}")
    try:
        with export.open("rb") as handle:
            raw = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as err:
        raise BriefingError(f"cannot read {export}: {_reason(err)}") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise BriefingError(f"{shown} is over {MAX_INPUT_BYTES:,} bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise BriefingError(
            f"{shown} is not UTF-8 (byte 0x{raw[err.start]:02x} on line {line}); export it as UTF-8"
        ) from None


def _from_csl_json(text: str, shown: str) -> tuple[list[Reference], list[str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise BriefingError(f"{shown} is not valid JSON: {err.msg} (line {err.lineno}, column {err.colno})") from None
    except RecursionError:
        raise BriefingError(f"{shown} is not valid JSON: it is nested too deeply") from None
    records = data if isinstance(data, list) else [data]
    if not all(isinstance(r, dict) and r.keys() & {"id", "citation-key", "type", "title"} for r in records):
        raise BriefingError(
            f"{shown} is JSON but not CSL-JSON: it should be a list of records with an id, a type and a title"
        )
    references, notes = [], []
    for number, record in enumerate(records, start=1):
        key = _clean(_text(record.get("citation-key")) or _text(record.get("id")) or "")
        if not key:
            notes.append(f"record {number} ({_text(record.get('title')) or 'no title'}): no id; skipped")
            continue
        references.append(_csl_reference(key, record))
    return references, notes


def _csl_reference(key: str, record: dict[str, Any]) -> Reference:
    reference = Reference(key, type=_text(record.get("type")) or "document")
    reference.title = _csl_text(record.get("title"))
    reference.outlet = _csl_text(record.get("container-title")) or _csl_text(record.get("publisher"))
    reference.authors = _csl_names(record.get("author"))
    if not reference.authors and _csl_names(record.get("editor")):
        reference.notes.append("the record names editors, not authors; author left out")
    _set_date(reference, _csl_date(record.get("issued")))
    reference.url = _url(reference, _text(record.get("URL")), _text(record.get("DOI")))
    _set_accessed(reference, _csl_date(record.get("accessed")))
    return reference


def _csl_text(value: Any) -> str | None:
    text = _text(value)
    return _clean(_CSL_MARKUP.sub("", text)) if text is not None else None


def _csl_names(value: Any) -> list[str]:
    names = []
    for name in value if isinstance(value, list) else []:
        if not isinstance(name, dict):
            continue
        literal = _clean(_text(name.get("literal")) or "")
        parts = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")
        written = literal or " ".join(filter(None, (_clean(_text(name.get(part)) or "") for part in parts)))
        if written:
            names.append(written)
    return names


@dataclass(frozen=True)
class _Date:
    """A date as a record gives it, read as far as it goes."""

    value: str | None = None
    """YYYY, YYYY-MM or YYYY-MM-DD."""
    approximate: bool = False
    unreadable: str | None = None
    """The record's text when it is no date briefing can write."""
    is_range: bool = False


def _set_date(reference: Reference, date: _Date) -> None:
    reference.date, reference.approximate = date.value, date.approximate
    if date.unreadable:
        reference.notes.append(f"the date '{date.unreadable}' is not YYYY-MM-DD")
    if date.is_range:
        reference.notes.append(f"the date is a range; published.date is its start, {date.value}")
    if date.approximate:
        reference.notes.append("the record marks its date as approximate; say why in published.basis")


def _set_accessed(reference: Reference, date: _Date) -> None:
    if date.value and len(date.value) == 10 and not date.approximate:
        reference.accessed = date.value
    elif date.value or date.unreadable:
        shown = date.unreadable or date.value
        reference.notes.append(f"the access date '{shown}' is not one day; left out (accessed: takes YYYY-MM-DD)")


def _csl_date(value: Any) -> _Date:
    """A CSL date: date-parts, or else raw or literal text."""
    if isinstance(value, str):
        return _text_date(value)
    if not isinstance(value, dict):
        return _Date()
    circa = bool(value.get("circa"))
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = [_integer(part) for part in parts[0][:3]]
        date = _iso(*numbers) if None not in numbers else None
        if date is None:
            return _Date(unreadable="-".join(str(part) for part in parts[0]))
        return _Date(date, circa, is_range=len(parts) > 1)
    text = _text(value.get("raw")) or _text(value.get("literal"))
    if text is None:
        return _Date()
    read = _text_date(text)
    return _Date(read.value, read.approximate or (circa and read.value is not None), read.unreadable, read.is_range)


def _text_date(text: str) -> _Date:
    """An ISO 8601 date as text (BibLaTeX's date, CSL's raw date); EDTF's ~ and ? mark it approximate."""
    start, *rest = text.strip().split("/")
    match = _ISO_DATE.match(start.rstrip("~?%"))
    date = _iso(*(int(part) if part else None for part in match.groups())) if match else None
    if date is None:
        return _Date(unreadable=_clean(text))
    return _Date(date, start.endswith(("~", "?", "%")), is_range=bool(rest))


def _iso(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD, as far as the parts go; None when they are no calendar date."""
    if year is None or not 1 <= year <= 9999 or (day is not None and month is None):
        return None
    try:
        # Not `month or 1`: a month or day of 0 is no date, and would print as 2021-00.
        dt.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return None
    return "-".join([f"{year:04d}"] + [f"{part:02d}" for part in (month, day) if part is not None])


def _url(reference: Reference, url: str | None, doi: str | None) -> str | None:
    """A web address from the record's URL, or else its DOI; anything else is left out and reported."""
    if url:
        url = _clean(url)
        if re.match(r"^https?://\S+$", url, re.IGNORECASE):
            return url
        reference.notes.append(f"the URL '{url}' is not a web address; left out")
    if doi:
        doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", _clean(doi), flags=re.IGNORECASE)
        return f"https://doi.org/{doi}" if doi and " " not in doi else None
    return None


def _from_bibtex(text: str, shown: str) -> tuple[list[Reference], list[str]]:
    from pybtex.database import parse_string
    from pybtex.exceptions import PybtexError

    try:
        data = parse_string(text, "bibtex")
    except PybtexError as err:
        raise BriefingError(f"{shown} is not valid BibTeX: {' '.join(str(err).split())}") from None
    return [_bibtex_reference(key, entry) for key, entry in data.entries.items()], []


def _bibtex_reference(key: str, entry: Any) -> Reference:
    fields = {name.lower(): value for name, value in entry.fields.items()}
    entry_type = entry.type.lower()
    csl_type = BIBTEX_TYPES.get(entry_type, entry_type)
    if csl_type == "article-journal":
        csl_type = _ARTICLE_SUBTYPES.get(fields.get("entrysubtype", "").strip().lower(), csl_type)
    reference = Reference(key, type=csl_type)
    reference.title = _latex(fields.get("title"))
    reference.outlet = next(filter(None, (_latex(fields.get(name)) for name in _BIBTEX_OUTLETS)), None)
    reference.authors = [_person(person) for person in entry.persons.get("author", [])]
    written = {"title": reference.title, "outlet": reference.outlet, "author": ", ".join(reference.authors)}
    reference.notes += [
        f"the {name} keeps LaTeX that briefing cannot read ('{value}'); correct it by hand"
        for name, value in written.items()
        if value and "\\" in value
    ]
    if not reference.authors and entry.persons.get("editor"):
        reference.notes.append("the record names editors, not authors; author left out")
    _bibtex_date(reference, fields)
    url = fields.get("url") or next(iter(_URL_COMMAND.findall(fields.get("howpublished", ""))), None)
    reference.url = _url(reference, url, fields.get("doi"))
    _set_accessed(reference, _text_date(fields["urldate"]) if "urldate" in fields else _Date())
    return reference


def _bibtex_date(reference: Reference, fields: dict[str, str]) -> None:
    """BibLaTeX's ``date``, or else ``year``, ``month`` and ``day``, as precise as they go."""
    if "date" in fields:
        _set_date(reference, _text_date(fields["date"]))
        return
    year_text = _latex(fields.get("year")) or ""
    if not year_text:
        return
    if not year_text.isdigit() or _iso(int(year_text)) is None:
        reference.notes.append(f"the year '{year_text}' is not a year")
        return
    year = int(year_text)
    reference.date = _iso(year)
    month_text = (_latex(fields.get("month")) or "").rstrip(".")
    day_text = _latex(fields.get("day")) or ""
    if month_text:
        month = _MONTHS.get(month_text.lower()) or (int(month_text) if month_text.isdigit() else None)
        with_month = _iso(year, month) if month else None
        if with_month is None:
            reference.notes.append(f"the month '{month_text}' is not a month; published.date gives the year only")
            return
        reference.date = with_month
        if day_text:
            with_day = _iso(year, month, int(day_text)) if day_text.isdigit() else None
            if with_day is None:
                reference.notes.append(
                    f"the day '{day_text}' is not a day of {with_month}; published.date leaves it out"
                )
            reference.date = with_day or with_month


def _person(person: Any) -> str:
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names + person.lineage_names
    return " ".join(filter(None, (_latex(part) for part in parts)))


def _latex(value: str | None) -> str | None:
    """BibTeX's LaTeX as plain text: {\\"u} is ü, braces go, -- is an en dash."""
    if value is None:
        return None
    from pybtex.exceptions import PybtexError
    from pybtex.richtext import Text

    try:
        text = Text.from_latex(_BARE_PERCENT.sub(r"\\%", _FONT_COMMAND.sub("", value))).render_as("text")
    except PybtexError:
        text = value
    return _clean(text)


# --- writing sources.yaml ----------------------------------------------------------------


def _read_sources(project: Project, target: Path) -> bytes:
    if not target.exists() and not target.is_symlink():
        return b""
    try:
        return project.read(target, limit=MAX_BYTES, what="sources file")
    except Unreadable as err:
        raise BriefingError(str(err)) from None


@dataclass(frozen=True)
class _Layout:
    """How sources.yaml lays out its list, so appended entries continue it."""

    ids: frozenset[str]
    """The ids already in the file, commented-out entries included."""
    entries: list[Any]
    """The entries as the file holds them, to make sure appending leaves them as they were."""
    dash: int = 2
    """The column (from 0) of each entry's '-'."""
    key: int = 4
    """The column of each entry's keys."""
    newline: str = "\n"

    @classmethod
    def of(cls, raw: bytes, shown: str) -> _Layout:
        if not raw:
            return cls(frozenset(), [])
        doc, problems = read_yaml(raw, shown)
        if doc is None:
            raise BriefingError(f"{problems[0].format()}; fix it, then import again")
        newline = "\r\n" if b"\r\n" in raw else "\n"
        text = raw.decode("utf-8-sig")
        entries = doc.data.get("sources") if isinstance(doc.data, dict) else None
        if not isinstance(doc.data, dict) or not (entries is None or isinstance(entries, list)):
            raise BriefingError(f"{shown} has no list under 'sources:'; fix it, then import again")
        ids = {source_id for source_id in map(_id_of, entries or []) if source_id is not None}
        ids |= set(_COMMENTED_ID.findall(text))
        if not entries:
            if entries == [] or list(doc.data)[-1] != "sources":
                raise BriefingError(f"{shown} has no entries to add to; write one '- id: …' entry, then import again")
            return cls(frozenset(ids), [], newline=newline)
        line, col = doc.positions[("sources", 0)]
        prefix = text.splitlines()[line - 1][: col - 1]
        if prefix.strip() != "-":
            raise BriefingError(
                f"{shown} does not list its sources one '- id: …' entry after another; "
                "write them that way, then import again"
            )
        return cls(frozenset(ids), entries, dash=prefix.index("-"), key=col - 1, newline=newline)

    @property
    def count(self) -> int:
        return len(self.entries)

    def comment(self, text: str) -> str:
        return f"{' ' * self.dash}# {text}\n"

    def entry(self, source_id: str, reference: Reference, kind: str, missing: list[str]) -> str:
        """One entry in the file's indentation; commented out, under a line saying why, when it lacks a field."""
        pad, nested = " " * self.key, " " * (self.key + 2)
        lines = [" " * self.dash + "-" + " " * (self.key - self.dash - 1) + f"id: {scalar(source_id)}"]
        lines.append(f"{pad}title:" + (f" {scalar(reference.title)}" if reference.title else ""))
        lines.append(f"{pad}outlet:" + (f" {scalar(reference.outlet)}" if reference.outlet else ""))
        if reference.authors:
            lines.append(f"{pad}author: {scalar(', '.join(reference.authors))}")
        lines.append(f"{pad}published:")
        lines.append(f"{nested}date:" + (f" {scalar(reference.date)}" if reference.date else ""))
        if reference.approximate:
            lines.append(f"{nested}approximate: true")
        if reference.url:
            lines.append(f"{pad}url: {scalar(reference.url)}")
        if reference.accessed:
            lines.append(f"{pad}accessed: {scalar(reference.accessed)}")
        lines.append(f"{pad}kind: {scalar(kind)}")
        lines.append(f"{pad}archive: {NOT_ARCHIVED}")
        if not missing:
            return "".join(f"{line}\n" for line in lines)
        lacks = ", no ".join(_MISSING[name][0] for name in missing)
        why = self.comment(f"Not yet a source: no {lacks}. Fill it in, then delete the '# ' before each line below.")
        return why + "".join(f"{' ' * self.dash}# {line[self.dash :]}\n" for line in lines)


def _write(target: Path, shown: str, original: bytes, appended: str, layout: _Layout, added: list[str]) -> None:
    """Append to sources.yaml in one step, once the result reads back with the new entries valid."""
    head = original if not original or original.endswith(b"\n") else original + layout.newline.encode()
    if not original:
        appended = "sources:\n" + appended.lstrip("\n")
    result = head + appended.replace("\n", layout.newline).encode("utf-8")
    if len(result) > MAX_BYTES:
        raise BriefingError(f"{shown} would grow past {MAX_BYTES:,} bytes; import fewer records at a time")
    doc, problems = read_yaml(result, shown)
    entries = doc.data.get("sources") if doc is not None and isinstance(doc.data, dict) else None
    new = entries[layout.count :] if isinstance(entries, list) else []
    if problems or [_id_of(entry) for entry in new] != added:
        raise BriefingError(
            f"cannot append to {shown}: its end does not continue the list of sources; nothing was written"
        )
    if (entries or [])[: layout.count] != layout.entries:  # e.g. text kept with '|+' would take in the new lines
        raise BriefingError(f"cannot append to {shown} without changing its last entry; nothing was written")
    try:
        for entry in new:
            Source.model_validate(entry)
    except ValidationError as err:  # a bug here, not in the content: say so plainly
        raise BriefingError(f"an imported entry is not valid ({err.errors()[0]['msg']}); nothing was written") from None
    with replacing(target.resolve() if target.exists() else target) as temporary:
        Path(temporary).write_bytes(result)


# --- small helpers ----------------------------------------------------------------------


def _language(project: Project) -> str:
    """The briefing's primary language, for the kind words; English when briefing.yaml cannot say."""
    try:
        raw = project.read(project.content / "briefing.yaml", limit=MAX_BYTES)
    except Unreadable:
        return "en"
    doc, _problems = read_yaml(raw, "content/briefing.yaml")
    meta = doc.data.get("meta") if doc is not None and isinstance(doc.data, dict) else None
    language = meta.get("language") if isinstance(meta, dict) else None
    return str(language).split("-")[0].lower() if language else "en"


def _id_of(entry: Any) -> str | None:
    return str(entry["id"]).strip() if isinstance(entry, dict) and entry.get("id") is not None else None


def _kind(csl_type: str, language: str) -> str:
    words = KINDS.get(csl_type, KINDS["document"])
    return words.get(language, words["en"])


def _slug(key: str) -> str:
    """An id in the slug pattern from a citation key: Müller:2020 is muller-2020."""
    if re.match(r"^https?://", key):  # Zotero's own export gives each record its item URI as id
        key = key.rstrip("/").rsplit("/", 1)[-1]
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9_-]+", "-", ascii_key.lower()).strip("-_")
    return slug if re.match(SLUG_PATTERN, slug) else ""


def _text(value: Any) -> str | None:
    """A JSON value as text, when it is one (numbers count: CSL allows numeric ids)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value).strip() or None


def _clean(text: str) -> str:
    """One line of text: whitespace folded, and no control or reordering characters (the checks refuse them)."""
    folded = " ".join(text.split())
    return "".join(
        c for c in folded if ord(c) not in BIDI_CONTROLS and unicodedata.category(c) not in ("Cc", "Cs", "Co")
    )


def _integer(value: Any) -> int | None:
    text = _text(value)
    return int(text) if text is not None and re.fullmatch(r"-?\d+", text) else None


def _count(items: Iterable[str], noun: str, plural: str | None = None) -> str:
    number = len(list(items))
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def _reason(err: Exception) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()
    return str(err)
