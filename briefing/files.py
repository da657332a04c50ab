"""Writing output: never over an input or a device, never half a file, never the previous one lost.

Every file the tool writes goes through ``replacing``: a temporary file beside
the target, moved into place only when complete, with the permissions other
tools give new files (the user's umask), and temporary files that an earlier,
killed build left behind swept away. ``check_target`` refuses, before any work,
a target that is an input of the project or not a regular file.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefing.errors import BriefingError

#: A temporary file of ours older than this belongs to a build that was killed.
STALE_SECONDS = 600


class TargetRefused(ValueError):
    """An output path the tool will not write to; the message says why (a usage error)."""


def check_target(target: Path, *, inputs: list[Path], protected: list[Path], what: str = "the PDF") -> None:
    """Refuse ``target`` if it is an input, lies in a folder of inputs, or exists and is not a regular file."""
    if not str(target).strip():
        raise TargetRefused("the output path is empty")
    resolved = target.resolve()
    for folder in protected:
        if resolved.is_relative_to(folder.resolve()):
            raise TargetRefused(f"will not write {what} to {target}: {folder.name}/ holds the briefing's inputs")
    if any(resolved == path.resolve() for path in inputs):
        raise TargetRefused(f"will not write {what} to {target}: it is an input of the briefing")
    if target.exists() or target.is_symlink():
        try:
            mode = target.stat().st_mode
        except OSError as err:
            raise TargetRefused(f"will not write {what} to {target}: {_reason(err)}") from None
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            raise TargetRefused(f"will not write {what} to {target}: it is {kind}")


@contextmanager
def replacing(target: Path) -> Iterator[str]:
    """Yield a temporary path beside ``target``; move it into place only if the block succeeds.

    Why: an analyst's last good PDF must survive a failed build, a full disk or a Ctrl-C.
    """
    make_folder(target.parent)
    _sweep(target)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise BriefingError(f"cannot write in {target.parent}: {_reason(err)}") from None
    os.close(handle)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as err:
        raise BriefingError(f"cannot write {target}: {_reason(err)}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_text(text: str, target: Path) -> None:
    """Write a text file the same safe way."""
    with replacing(target) as temporary:
        Path(temporary).write_text(text, encoding="utf-8")


def make_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents), or say plainly why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise BriefingError(f"cannot create the folder {folder}: a file of that name is in the way") from None
    except OSError as err:
        raise BriefingError(f"cannot create the folder {folder}: {_reason(err)}") from None


def _sweep(target: Path) -> None:
    """Remove our own temporary files for ``target`` that a killed build left behind."""
    cutoff = time.time() - STALE_SECONDS
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            if leftover.is_file() and leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            continue  # another build's, or not ours to remove: leave it


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _reason(err: OSError) -> str:
    return (err.strerror or str(err)).lower() if isinstance(err, OSError) else str(err)
