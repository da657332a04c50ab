"""The register of issued copies (output/copies/register.csv): read it and add to it, never rewrite a line."""

from __future__ import annotations

import csv
import io
from dataclasses import astuple, dataclass
from pathlib import Path

from briefing.errors import BriefingError
from briefing.files import replacing

#: The register's columns, in order; the header line names them.
COLUMNS = ("copy", "recipient", "organisation", "file", "sha256", "edition_date", "issue", "document_id", "signer")
#: Thousands of copies make a register of a few hundred kilobytes; anything this large is not one.
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Entry:
    """One line of the register: one copy as it was issued."""

    copy: int
    recipient: str
    organisation: str
    file: str
    """The copy's file name, beside the register."""
    sha256: str
    """The SHA-256 of the file as issued, in hex."""
    edition_date: str
    """The edition's date (meta.date)."""
    issue: int
    """1 for the edition's first issue, 2 for its first reissue, and so on."""
    document_id: str
    """The copy's permanent identifier (the first half of its /ID), as a URN."""
    signer: str
    """The SHA-256 fingerprint of the certificate that signed the copy; empty when unsigned."""


def read_register(path: Path, display: str) -> list[Entry]:
    """Every line of the register at ``path`` (none when there is no file yet); ``BriefingError`` if malformed."""
    if not path.exists():
        return []
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BriefingError(f"{display} is over {MAX_BYTES:,} bytes; it is not a register of copies")
        text = path.read_bytes().decode("utf-8")
    except OSError as err:
        raise BriefingError(f"cannot read {display}: {(err.strerror or str(err)).lower()}") from None
    except UnicodeDecodeError:
        raise BriefingError(f"{display} is not UTF-8 text; it is not a register of copies") from None
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, None)
    if header is None or tuple(header) != COLUMNS:
        raise BriefingError(f"{display}:1: not a register of copies: its first line must be {','.join(COLUMNS)}")
    return [_entry(row, display, rows.line_num) for row in rows]


def _entry(row: list[str], display: str, line: int) -> Entry:
    if len(row) != len(COLUMNS):
        raise BriefingError(f"{display}:{line}: {len(row)} fields; a line of the register has {len(COLUMNS)}")
    fields = dict(zip(COLUMNS, row, strict=True))
    for column in ("copy", "issue"):
        if not fields[column].isdigit():
            raise BriefingError(f"{display}:{line}: '{column}' must be a whole number, not '{fields[column]}'")
    f = fields
    return Entry(
        int(f["copy"]),
        f["recipient"],
        f["organisation"],
        f["file"],
        f["sha256"],
        f["edition_date"],
        int(f["issue"]),
        f["document_id"],
        f["signer"],
    )


def append(path: Path, entries: list[Entry]) -> None:
    """Add ``entries`` at the end of the register, keeping every earlier byte; written atomically.

    Why: the register is the record of who holds which copy; a reissue adds to
    it and nothing ever takes a line away.
    """
    earlier = path.read_bytes() if path.exists() else b""
    if earlier and not earlier.endswith(b"\n"):
        earlier += b"\n"
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    if not earlier:
        writer.writerow(COLUMNS)
    writer.writerows(astuple(entry) for entry in entries)
    with replacing(path) as temporary:
        Path(temporary).write_bytes(earlier + buffer.getvalue().encode("utf-8"))
