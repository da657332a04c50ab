"""Write files so that a failure never leaves half a file or destroys the previous one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(target: Path) -> Iterator[str]:
    """Yield a temporary path beside ``target``; move it into place only if the block succeeds.

    Why: an analyst's last good PDF must survive a failed build.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_text(text: str, target: Path) -> None:
    """Write a text file the same safe way."""
    with replacing(target) as temporary:
        Path(temporary).write_text(text, encoding="utf-8")
