"""The archived texts as the checks read them: folded for comparison, once per source."""

from __future__ import annotations

from functools import cached_property

from briefing.load import Content
from briefing.text import Folded, Number, abbreviations_in, fold, numbers_in


class Evidence:
    """Each source's archive, folded once, and what the appendix records about it."""

    def __init__(self, content: Content):
        self.content = content
        self._numbers: dict[str, dict[Number, str]] = {}
        self._abbreviations: dict[str, dict[str, int]] = {}

    @cached_property
    def _folded(self) -> dict[str, Folded]:
        return {source_id: fold(text) for source_id, text in self.content.archives.items()}

    def archive(self, source_id: str) -> Folded | None:
        """The folded archive of ``source_id``; None when it could not be read (already reported)."""
        return self._folded.get(source_id)

    def numbers(self, source_id: str) -> dict[Number, str]:
        """The numbers in a source's archive, read in its language: every claim citing it asks again."""
        if source_id not in self._numbers:
            archive = self._folded[source_id]
            self._numbers[source_id] = numbers_in(archive.original, self.language_of(source_id))
        return self._numbers[source_id]

    def abbreviations(self, source_id: str) -> dict[str, int]:
        """The scaled units a source's archive spells out and abbreviates ("million acre-feet (MAF)")."""
        if source_id not in self._abbreviations:
            archive = self._folded[source_id]
            self._abbreviations[source_id] = abbreviations_in(archive.original, self.language_of(source_id))
        return self._abbreviations[source_id]

    def record(self, source_id: str) -> str:
        """What the appendix prints about a source's date: numbers there may be cited too."""
        source = self.content.source(source_id)
        if source is None:
            return ""
        return f"{source.published.date} {source.published.basis or ''}"

    @property
    def language(self) -> str:
        """The briefing's language, in which its own prose and figures are written."""
        return self.content.file.meta.language if self.content.file else "en"

    def language_of(self, source_id: str) -> str:
        """The language of a source's archived text: its own ``language``, or the briefing's."""
        return self.content.source_language(source_id)

    def archived(self, source_id: str) -> bool:
        """False for a source declared ``archive: none`` (a book, an interview, a dataset)."""
        source = self.content.source(source_id)
        return source is None or source.archived

    def path(self, source_id: str) -> str:
        source = self.content.source(source_id)
        return source.archive if source else source_id
