"""Watching a project's input folders for saves: batches of changed paths, debounced, until told to stop.

Shared by the commands that rebuild on save, ``briefing serve`` and ``briefing watch``. The operating system's file events come
through watchfiles (inotify, FSEvents, ReadDirectoryChangesW), so nothing polls;
an editor's swap and backup files are ignored.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from briefing.project import Project

#: A burst of saves ends when nothing more changes for this long (an editor may write a file in
#: several steps: a temporary file, a rename, a chmod).
QUIET_MS = 100
#: How soon the first, empty, batch says that the folders are watched (and how often an idle watch wakes).
READY_MS = 250
#: A burst that never settles (a script writing many files) is still reported this often.
LONGEST_MS = 1600


def watched_folders(project: Project) -> list[Path]:
    """The folders whose files a build reads: content/, and styles/ and templates/ when the project has them."""
    return [folder for folder in (project.content, project.styles, project.root / "templates") if folder.is_dir()]


def changes(
    folders: Iterable[Path],
    *,
    stop: threading.Event,
    quiet_ms: int = QUIET_MS,
    longest_ms: int = LONGEST_MS,
) -> Iterator[set[Path]]:
    """Yield the paths changed (written, created, deleted) under ``folders``, one set per burst of saves.

    The first set is empty and comes as soon as the folders are watched: build then, and a
    save made during that build comes in the next set rather than being missed. Changes
    made while the caller handles a set are not lost either. Returns once ``stop`` is set
    (within ``quiet_ms``); Ctrl-C raises ``KeyboardInterrupt`` in the iterating thread,
    which must then be the main thread.
    """
    import watchfiles  # only the commands that watch need it

    yield_empty = True
    for batch in watchfiles.watch(
        *[Path(folder) for folder in folders],
        watch_filter=watchfiles.DefaultFilter(),
        debounce=longest_ms,
        step=quiet_ms,
        stop_event=stop,
        # An empty batch after this long without changes: the first says the watch is in place.
        rust_timeout=READY_MS,
        yield_on_timeout=True,
        raise_interrupt=True,
    ):
        saved = edited(batch)
        if saved or yield_empty:
            yield set(saved)
            yield_empty = False


def edited(batch: Iterable[tuple[Any, str]]) -> list[Path]:
    """The files a burst of changes edited, without scratch files made and removed within it (sed -i, editors)."""
    from watchfiles import Change

    kinds: dict[str, set[Change]] = {}
    for change, path in batch:
        kinds.setdefault(path, set()).add(change)
    scratch = {Change.added, Change.deleted}
    return sorted(Path(path) for path, seen in kinds.items() if not scratch <= seen)
