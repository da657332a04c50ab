"""Numbered copies: build the briefing once, stamp one copy per recipient, sign them, and register them."""

from __future__ import annotations

import hashlib
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from briefing import labels as label_tables
from briefing.build import Progress, build
from briefing.checks import CheckReport
from briefing.errors import BriefingError, ContentError, Problem
from briefing.files import TargetRefused, check_target, replacing
from briefing.load import Content, load_project
from briefing.project import Project
from briefing.recipients import Recipients, load_recipients
from briefing.register import Entry, append, read_register
from briefing.signing import SigningKey, sign
from briefing.stamp import StampFont, copy_identity, narrowest_line_room, stamp, unprintable

#: Where the copies and their register go, inside the project.
COPIES = Path("output") / "copies"
REGISTER = "register.csv"


@dataclass(frozen=True)
class Distribution:
    """What a distribution wrote, and how long its two stages took."""

    entries: list[Entry]
    """The register's new lines, one per copy, in copy order."""
    folder: Path
    register: Path
    pages: int
    build_seconds: float
    stamp_seconds: float
    """Stamping (and signing) every copy, without the build."""
    warnings: list[str]
    report: CheckReport


def distribute(
    project: Project,
    recipients_file: Path,
    *,
    display: str,
    reissue: bool = False,
    key: SigningKey | None = None,
    progress: Progress | None = None,
) -> Distribution:
    """Build ``project`` once and write one numbered copy per recipient, and their lines in the register.

    ``display`` is how messages name the recipients file. Raises ``ContentError``
    for a bad recipients file or content, and ``BriefingError`` when the edition
    was issued before and ``reissue`` is not set. Nothing is built until the
    recipients, the register and the copy line have been checked.
    """
    recipients = load_recipients(recipients_file, display)
    content = load_project(project)
    lines = _copy_lines(recipients, content)
    folder = project.root / COPIES
    register = folder / REGISTER
    shown_register = project.display(register)
    earlier = read_register(register, shown_register)
    meta = content.complete().meta
    edition = meta.date
    issue = _next_issue(earlier, edition, reissue=reissue, shown=shown_register)
    files = {holder.number: _file_name(edition, holder.number, recipients.total) for holder in recipients.holders}
    _check_targets(project, folder, register, files, earlier, reissue=reissue)

    with tempfile.TemporaryDirectory(prefix="briefing-distribute-") as scratch:
        built = build(project, output=Path(scratch) / "briefing.pdf", progress=progress)
        edition_pdf = built.pdf.read_bytes()
    started = time.perf_counter()
    font = StampFont.for_lines(lines.values())
    _check_width(lines, recipients, font, narrowest_line_room(edition_pdf))
    edition_name = meta.edition
    identities = {h.number: copy_identity(edition_name, h.number, edition_pdf) for h in recipients.holders}
    copies: dict[int, bytes] = {}
    for done, holder in enumerate(recipients.holders):
        if progress:
            progress(f"Stamping copy {done + 1} of {len(recipients.holders)}")
        copy = stamp(edition_pdf, lines[holder.number], font, identities[holder.number])
        copies[holder.number] = sign(copy, key) if key is not None else copy
    entries = [
        Entry(
            holder.number,
            holder.name,
            holder.organisation,
            files[holder.number],
            hashlib.sha256(copies[holder.number]).hexdigest(),
            edition,
            issue,
            identities[holder.number].document.urn,
            key.fingerprint if key is not None else "",
        )
        for holder in recipients.holders
    ]
    # The register first: a copy on disk that the register does not record could not be traced.
    append(register, entries)
    for number, data in copies.items():
        with replacing(folder / files[number]) as temporary:
            Path(temporary).write_bytes(data)
    seconds = time.perf_counter() - started
    return Distribution(entries, folder, register, built.pages, built.seconds, seconds, built.warnings, built.report)


def _copy_lines(recipients: Recipients, content: Content) -> dict[int, str]:
    """The line each copy carries, in the briefing's language; ``ContentError`` if the font cannot print one."""
    if content.file is None or content.briefing_doc is None:  # the build would fail: say why now
        raise ContentError(content.problems)
    labels = label_tables.labels_for(content.file.meta.language, content.file.labels)
    total = labels.number(recipients.total)
    lines, problems = {}, []
    for holder in recipients.holders:
        try:
            line = labels.format(
                "copy_line",
                n=labels.number(holder.number),
                total=total,
                name=holder.name,
                organisation=holder.organisation,
            )
        except (KeyError, IndexError, ValueError) as err:
            message = f"'copy_line' may use {{n}}, {{total}}, {{name}} and {{organisation}} only, not {err!s}"
            raise ContentError([content.briefing_doc.problem(("labels", "copy_line"), message)]) from None
        missing = unprintable(line)
        if missing:
            shown = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in missing)
            problems.append(
                recipients.doc.problem(
                    holder.where,
                    f"the copy line cannot print {shown}: its font (Source Sans Pro) has no glyph for it; "
                    "write the name in Latin, Greek or Cyrillic script",
                )
            )
        lines[holder.number] = line
    if problems:
        raise ContentError(problems)
    return lines


def _check_width(lines: dict[int, str], recipients: Recipients, font: StampFont, room: float) -> None:
    """Refuse a copy line wider than the page's text (it would run off the paper)."""
    problems: list[Problem] = []
    for holder in recipients.holders:
        width = font.width(lines[holder.number])
        if width > room:
            problems.append(
                recipients.doc.problem(
                    holder.where,
                    f"the copy line for copy {holder.number} is {width / 72 * 25.4:.0f} mm wide and the page has room "
                    f"for {room / 72 * 25.4:.0f} mm; shorten the name or the organisation",
                )
            )
    if problems:
        raise ContentError(problems)


def _next_issue(earlier: list[Entry], edition: str, *, reissue: bool, shown: str) -> int:
    """The issue number of this distribution; refuses a second issue of an edition without ``reissue``."""
    issues = [entry.issue for entry in earlier if entry.edition_date == edition]
    if issues and not reissue:
        last = max(issues)
        count = sum(1 for entry in earlier if entry.edition_date == edition and entry.issue == last)
        raise BriefingError(
            f"{shown} already records issue {last} of the {edition} edition ({count} copies); "
            "pass --reissue to issue it again (the register keeps the earlier lines)"
        )
    return max(issues, default=0) + 1


def _file_name(edition: str, number: int, total: int) -> str:
    """``briefing-2025-07-15-copy-03.pdf``: the edition and the copy, padded so the files sort in order."""
    return f"briefing-{edition}-copy-{number:0{max(2, len(str(total)))}d}.pdf"


def _check_targets(
    project: Project, folder: Path, register: Path, files: dict[int, str], earlier: list[Entry], *, reissue: bool
) -> None:
    """Refuse, before building, to write over anything that is not an earlier copy of ours."""
    protected = [project.content, project.styles, project.root / "templates"]
    recorded = {entry.file for entry in earlier}
    try:
        check_target(register, inputs=[], protected=protected, what="the register")
        for name in files.values():
            target = folder / name
            check_target(target, inputs=[], protected=protected, what="a copy")
            if target.exists() and name not in recorded and not reissue:
                raise BriefingError(
                    f"{project.display(target)} exists but the register does not record it; "
                    "move it away, or pass --reissue to replace it"
                )
    except TargetRefused as err:
        raise BriefingError(str(err)) from None
