"""A briefing project on disk: where its content, styles and output live, and what may be read.

Every file the tool reads from a project goes through ``Project.read``, which
refuses paths outside the project (symlinks followed), files that are not
regular files, and files over a size limit before reading a byte of them.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path


class Unreadable(Exception):
    """A project file that may not or cannot be read; the message says why, for the author."""


@dataclass(frozen=True)
class Project:
    """A folder holding ``content/``, and optionally ``styles/`` and ``templates/``; the repository is one."""

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root).resolve())

    @classmethod
    def find(cls, folder: Path | str) -> Project:
        """Return the project at ``folder``, or raise ``ValueError`` saying what is missing."""
        root = Path(folder).resolve()
        if not (root / "content").is_dir():
            raise ValueError(f"{root} is not a briefing project: it has no content/ folder")
        return cls(root)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def sections(self) -> Path:
        return self.content / "sections"

    @property
    def styles(self) -> Path:
        return self.root / "styles"

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def cache(self) -> Path:
        """Where derived files (drawn charts) are kept between builds."""
        return self.output / ".cache"

    def contains(self, path: Path | str) -> bool:
        """True when ``path``, with symlinks followed, lies inside the project."""
        return is_within(Path(path), self.root)

    def display(self, path: Path) -> str:
        """``path`` as messages show it: relative to the project when inside it."""
        return relative(path, self.root)

    def read(self, path: Path, *, limit: int, what: str = "file") -> bytes:
        """The bytes of a project file, or ``Unreadable`` saying why not.

        Why: content is edited by many hands, and a path in it must not become a
        way to read /etc/passwd, a device, or a 3 GB file into memory.
        """
        shown = self.display(path)
        try:
            if not self.contains(path):
                raise Unreadable(f"{what} '{shown}' lies outside the project; keep it inside {self.root.name}/")
            info = path.stat()
        except FileNotFoundError:
            raise Unreadable(f"{what} '{shown}' is missing") from None
        except (OSError, ValueError) as err:  # a NUL byte in the path, a loop of symlinks, no permission
            raise Unreadable(f"{what} '{shown}' cannot be read ({_reason(err)})") from None
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(f"{what} '{shown}' is not a regular file")
        if info.st_size > limit:
            raise Unreadable(f"{what} '{shown}' is {info.st_size:,} bytes; the limit is {limit:,}")
        try:
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as err:
            raise Unreadable(f"{what} '{shown}' cannot be read ({_reason(err)})") from None
        if len(data) > limit:
            raise Unreadable(f"{what} '{shown}' is over {limit:,} bytes")
        return data


def _reason(err: Exception) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()
    return str(err)


def is_within(path: Path, folder: Path) -> bool:
    """True when ``path`` resolves (following symlinks) to somewhere under ``folder``."""
    return Path(path).resolve().is_relative_to(folder.resolve())


def relative(path: Path, root: Path) -> str:
    """Show a path relative to ``root`` when it lies inside it."""
    try:
        return Path(os.path.abspath(path)).relative_to(root.resolve()).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            return path.as_posix()
