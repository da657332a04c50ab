"""Which numbered copy a file is, and whether it is byte for byte the one issued (and its signature sound)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from briefing.distribute import COPIES, REGISTER
from briefing.errors import BriefingError
from briefing.register import Entry, read_register
from briefing.signing import SignatureCheck, check_signatures
from briefing.stamp import document_id

#: A briefing is megabytes; a file this large is not a copy of one.
MAX_BYTES = 500_000_000

ISSUED = "issued"
ALTERED = "altered"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Verdict:
    """What the register and the file's own identifiers say about a file."""

    status: str
    """``issued`` (byte for byte a copy in the register), ``altered`` (a copy, changed since) or ``unknown``."""
    entries: list[Entry]
    """The register lines the file matches: by its SHA-256 when issued, by its document ID when altered."""
    total: int
    """The M of "copy N of M" in the issue the file belongs to."""
    sha256: str
    signatures: list[SignatureCheck] | None
    """Its signatures, checked; None when they cannot be read."""

    @property
    def signed_as_recorded(self) -> bool:
        """Every signature is sound, and made by the certificate the register records (or none is expected)."""
        expected = {entry.signer for entry in self.entries} - {""}
        if self.signatures is None:
            return False
        if expected and not self.signatures:
            return False
        return all(check.ok and (not expected or check.fingerprint in expected) for check in self.signatures)

    @property
    def ok(self) -> bool:
        return self.status == ISSUED and self.signed_as_recorded

    def lines(self, shown: str, register: str) -> list[str]:
        """What ``briefing verify`` prints, one finding a line."""
        if self.status == UNKNOWN:
            found = [f"{shown}: unknown: {register} records no copy with its SHA-256 or its document ID"]
        else:
            entry = self.entries[-1]
            issues = " and ".join(str(e.issue) for e in self.entries)
            noun = "issue" if len(self.entries) == 1 else "issues"
            who = (
                f"{shown}: copy {entry.copy} of {self.total} of the {entry.edition_date} edition ({noun} {issues}), "
                f"issued to {entry.recipient}, {entry.organisation}"
            )
            if self.status == ISSUED:
                found = [who, "Byte for byte the file issued."]
            else:
                found = [who, f"ALTERED: not the file issued (its SHA-256 is {self.sha256}, not {entry.sha256})."]
        return found + self._signature_lines()

    def _signature_lines(self) -> list[str]:
        if self.signatures is None:
            return ["Signature: cannot be read."]
        expected = {entry.signer for entry in self.entries} - {""}
        if not self.signatures:
            return ["Signature: none, though the register records one."] if expected else []
        found = []
        for check in self.signatures:
            if not check.intact:
                state = "BROKEN: the signed bytes were changed"
            elif not check.whole_file:
                state = "valid, but it covers only part of the file: something was added after signing"
            else:
                state = "valid"
            by = f"by {check.subject} (certificate SHA-256 {check.fingerprint})"
            if expected:
                recorded = (
                    "the certificate the register records"
                    if check.fingerprint in expected
                    else "NOT the certificate the register records"
                )
                by += f", {recorded}"
            found.append(f"Signature: {state}; {by}.")
        return found


def default_register(file: Path) -> Path:
    """The register of the project ``file`` lives in, else the one beside it."""
    for folder in file.resolve().parents:
        if (folder / "content").is_dir() and (folder / COPIES / REGISTER).is_file():
            return folder / COPIES / REGISTER
    return file.parent / REGISTER


def verify(file: Path, register: Path, *, display: str, register_display: str) -> Verdict:
    """Find ``file`` in ``register`` by its SHA-256, else by its document ID; check its signatures."""
    data = _read(file, display)
    entries = read_register(register, register_display) if register.is_file() else None
    if entries is None:
        raise BriefingError(f"no register at {register_display}; pass the register with --register CSV")
    digest = hashlib.sha256(data).hexdigest()
    matches = [entry for entry in entries if entry.sha256 == digest]
    status = ISSUED
    if not matches:
        identifier = document_id(data)
        matches = [entry for entry in entries if identifier is not None and entry.document_id == identifier.urn]
        status = ALTERED if matches else UNKNOWN
    total = 0
    if matches:
        last = matches[-1]
        same_issue = [e.copy for e in entries if e.edition_date == last.edition_date and e.issue == last.issue]
        total = max(same_issue)
    return Verdict(status, matches, total, digest, check_signatures(data))


def _read(file: Path, display: str) -> bytes:
    try:
        if file.stat().st_size > MAX_BYTES:
            raise BriefingError(f"{display} is over {MAX_BYTES:,} bytes; it is not a copy of a briefing")
        data = file.read_bytes()
    except OSError as err:
        raise BriefingError(f"cannot read {display}: {(err.strerror or str(err)).lower()}") from None
    if b"%PDF-" not in data[:1024]:
        raise BriefingError(f"{display} is not a PDF (it has no %PDF- header); verify checks copies of a briefing")
    return data
