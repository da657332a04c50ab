"""The recipients file: who receives which numbered copy, validated like content."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field, Strict

from briefing.errors import BriefingError, ContentError, KeyPath, Problem
from briefing.load import validate
from briefing.model import Plain, StrictModel
from briefing.yamlfile import MAX_BYTES, YamlDocument, read_yaml


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be on one line: it is printed in the footer of every page")
    return value


OneLine = Annotated[Plain, AfterValidator(_one_line)]
# Strict: `copy: "3"` or `copy: true` is a typo, not a number.
CopyNumber = Annotated[int, Strict(), Field(ge=1)]


class Recipient(StrictModel):
    """One person who receives a numbered copy."""

    name: OneLine
    """Who holds the copy, as printed on every page."""
    organisation: OneLine
    """Where they work, printed after the name."""
    number: CopyNumber | None = Field(default=None, alias="copy")
    """The copy's number (default: the lowest number nobody else has, in file order)."""


class RecipientsFile(StrictModel):
    """A recipients file: one entry per numbered copy."""

    recipients: list[Recipient] = Field(min_length=1)
    """Everyone who receives a copy, one entry each."""


@dataclass(frozen=True)
class Holder:
    """A recipient with the copy number they hold, and where the file names them."""

    number: int
    name: str
    organisation: str
    where: KeyPath


@dataclass(frozen=True)
class Recipients:
    """The recipients of one distribution, in copy-number order."""

    holders: list[Holder]
    doc: YamlDocument

    @property
    def total(self) -> int:
        """The M of "copy N of M": the highest copy number."""
        return max(holder.number for holder in self.holders)


def load_recipients(path: Path, display: str) -> Recipients:
    """Read and validate a recipients file; ``ContentError`` with every problem at file:line:col.

    ``display`` is how messages name the file.
    """
    raw = _read(path, display)
    doc, problems = read_yaml(raw, display)
    if doc is not None and not isinstance(doc.data, dict):
        problems.append(doc.problem((), "the file must be a mapping with a 'recipients:' list"))
    if doc is None or problems:
        raise ContentError(problems)
    file, problems = validate(doc, RecipientsFile)
    if file is None:
        raise ContentError(problems)
    holders, problems = _number(file.recipients, doc)
    if problems:
        raise ContentError(problems)
    return Recipients(holders, doc)


def _read(path: Path, display: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BriefingError(f"recipients file {display} is {size:,} bytes; the limit is {MAX_BYTES:,}")
        return path.read_bytes()
    except OSError as err:
        raise BriefingError(f"cannot read recipients file {display}: {(err.strerror or str(err)).lower()}") from None


def _number(recipients: list[Recipient], doc: YamlDocument) -> tuple[list[Holder], list[Problem]]:
    """Give every recipient a copy number: their own, or the lowest free one, in file order."""
    problems = []
    taken: dict[int, int] = {}
    for index, recipient in enumerate(recipients):
        if recipient.number is None:
            continue
        if recipient.number in taken:
            first = recipients[taken[recipient.number]]
            line = doc.where(("recipients", taken[recipient.number]))[0]
            problems.append(
                doc.problem(
                    ("recipients", index, "copy"),
                    f"copy {recipient.number} is already {first.name}'s (line {line}); give each recipient "
                    "a different number",
                )
            )
            continue
        taken[recipient.number] = index
    free = (n for n in range(1, len(recipients) + len(taken) + 1) if n not in taken)
    holders = [
        Holder(
            recipient.number if recipient.number is not None else next(free),
            recipient.name,
            recipient.organisation,
            ("recipients", index),
        )
        for index, recipient in enumerate(recipients)
    ]
    return sorted(holders, key=lambda holder: holder.number), problems
