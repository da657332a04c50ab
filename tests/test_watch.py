"""Test `briefing watch` as an analyst runs it (a real process, real saves, Ctrl-C), and the watching loop."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pypdf
import pytest

from briefing.project import Project
from briefing.watching import edited, watched_folders

from conftest import FIXTURES, copy_project, edit

#: Generous bounds for a build on a loaded 2-core machine; a wait, not a timed assertion.
BUILD_WAIT = 180


class Watcher:
    """`briefing watch` in a subprocess, with its merged output read line by line."""

    def __init__(self, project: Path, *args: str) -> None:
        command = [sys.executable, "-m", "briefing", "watch", str(project), *args]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=project, env=env
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, start: str) -> list[str]:
        """The lines printed up to and including the first one that starts with ``start``."""
        deadline = time.monotonic() + BUILD_WAIT
        got = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, f"watch exited early: {self.seen}"
                continue
            got.append(line)
            self.seen.append(line)
            if line.startswith(start):
                return got
        pytest.fail(f"no line starting {start!r} within {BUILD_WAIT} s; saw {self.seen}")

    def interrupt(self) -> tuple[int, list[str]]:
        """Ctrl-C: the exit status and the lines printed after it."""
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)
        self.reader.join(timeout=60)
        return self.process.returncode, list(self.lines.queue)


@pytest.fixture
def watcher(tmp_path):
    project = copy_project(FIXTURES / "minimal", tmp_path / "minimal")
    started = Watcher(project)
    yield started
    if started.process.poll() is None:
        started.process.kill()
        started.process.wait()


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_watch_rebuilds_on_save_keeps_the_last_good_pdf_and_stops_on_ctrl_c(watcher):
    project = Path(watcher.process.args[4])
    pdf = project / "output" / "briefing.pdf"
    section = project / "content" / "sections" / "one.yaml"

    assert watcher.wait_for("Watching")[-1] == "Watching content/; Ctrl-C stops."
    watcher.wait_for("Wrote output/briefing.pdf")
    assert "The only section" in pdf_text(pdf)

    edit(section, "title: The only section", "title: The single section")
    lines = watcher.wait_for("Wrote output/briefing.pdf")
    assert any(line.endswith("changed: content/sections/one.yaml") for line in lines)
    assert "The single section" in pdf_text(pdf)
    good = pdf.read_bytes()

    edit(section, "title: The single section", "title: The single section\ntitel: misspelt")
    lines = watcher.wait_for("The last good PDF is unchanged")
    assert "content/sections/one.yaml:2:1: error: unknown key 'titel'; did you mean 'title'?" in "\n".join(lines)
    assert pdf.read_bytes() == good

    edit(section, "\ntitel: misspelt", "")
    watcher.wait_for("Wrote output/briefing.pdf")

    status, rest = watcher.interrupt()
    assert status == 0
    assert rest == ["Stopped."]


def test_watched_folders_are_the_inputs_that_exist(tmp_path):
    project = copy_project(FIXTURES / "veld", tmp_path / "veld")
    (project / "templates").mkdir()
    (project / "styles").mkdir(exist_ok=True)
    assert watched_folders(Project(project)) == [project / "content", project / "styles", project / "templates"]
    assert watched_folders(Project(copy_project(FIXTURES / "minimal", tmp_path / "minimal"))) == [
        tmp_path / "minimal" / "content"
    ]


def test_a_scratch_file_made_and_removed_in_one_burst_is_not_an_edit(tmp_path):
    from watchfiles import Change

    section, scratch = str(tmp_path / "one.yaml"), str(tmp_path / "sedX1b2")
    batch = {(Change.added, scratch), (Change.modified, scratch), (Change.deleted, scratch), (Change.modified, section)}
    assert edited(batch) == [Path(section)]
    assert edited({(Change.deleted, section)}) == [Path(section)]  # a removed section is an edit
    assert edited({(Change.added, scratch), (Change.deleted, scratch)}) == []
