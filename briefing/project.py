"""A briefing project on disk: where its content, styles and output live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """A folder holding ``content/`` and ``styles/``; the repository root is one."""

    root: Path

    @classmethod
    def find(cls, folder: Path | str) -> Project:
        """Return the project at ``folder``, or raise ``ValueError`` saying what is missing."""
        root = Path(folder).resolve()
        missing = [name for name in ("content", "styles") if not (root / name).is_dir()]
        if missing:
            raise ValueError(
                f"{root} is not a briefing project: it has no "
                + " or ".join(f"{name}/ folder" for name in missing)
            )
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

    def contains(self, path: Path | str) -> bool:
        """True when ``path``, with symlinks followed, lies inside the project."""
        return is_within(Path(path), self.root)


def is_within(path: Path, folder: Path) -> bool:
    """True when ``path`` resolves (following symlinks) to somewhere under ``folder``."""
    return Path(path).resolve().is_relative_to(folder.resolve())
