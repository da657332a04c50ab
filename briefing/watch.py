"""Watch a project's sources and call back on every burst of saves: the loop behind `briefing watch`."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from briefing.project import Project

#: Saves closer together than this are one change: an editor's save-all, a `git checkout`.
DEBOUNCE_MS = 300


def watched_folders(project: Project) -> list[Path]:
    """The folders an edit can change the output from: content/, and styles/ and templates/ if present."""
    folders = [project.content, project.styles, project.root / "templates"]
    return [folder for folder in folders if folder.is_dir()]


def watch(
    project: Project,
    rebuild: Callable[[list[Path]], None],
    *,
    stop: threading.Event | None = None,
    debounce_ms: int = DEBOUNCE_MS,
) -> None:
    """Call ``rebuild([])`` once, then ``rebuild(changed paths)`` after each burst of saves.

    Runs until ``stop`` is set; Ctrl-C raises ``KeyboardInterrupt`` wherever it
    lands (in a build or in the wait), for the caller to end on. ``rebuild`` runs in this thread, so saves made while it works are
    gathered into the next call rather than starting builds side by side.
    """
    import watchfiles  # a compiled extension: only this command pays for loading it

    rebuild([])
    folders = watched_folders(project)
    changes = watchfiles.watch(
        *folders, debounce=debounce_ms, stop_event=stop, raise_interrupt=True, ignore_permission_denied=True
    )
    for batch in changes:
        changed = edited(batch)
        if changed:
            rebuild(changed)


def edited(batch: Iterable[tuple[Any, str]]) -> list[Path]:
    """The files a burst of changes edited, without scratch files made and removed within it (sed -i, editors)."""
    from watchfiles import Change

    kinds: dict[str, set[Change]] = {}
    for change, path in batch:
        kinds.setdefault(path, set()).add(change)
    scratch = {Change.added, Change.deleted}
    return sorted(Path(path) for path, seen in kinds.items() if not scratch <= seen)
