"""briefing serve: the live preview, driven as an author uses it, with edits from the test and a real browser."""

from __future__ import annotations

import json
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from briefing.watching import changes

from conftest import edit, line_of

#: Every wait below is a bounded poll for something to happen, never a timed assertion.
PATIENCE = 30.0


@dataclass
class Served:
    """A ``briefing serve`` process and the lines it has printed so far."""

    process: subprocess.Popen[str]
    url: str = ""
    lines: list[str] = field(default_factory=list)
    _incoming: queue.Queue[str] = field(default_factory=queue.Queue)

    def wait_for_line(self, pattern: str) -> re.Match[str]:
        """The first printed line (from now on, or already printed) matching ``pattern``."""
        deadline = time.monotonic() + PATIENCE
        seen = 0
        while True:
            for line in self.lines[seen:]:
                match = re.search(pattern, line)
                if match:
                    return match
            seen = len(self.lines)
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no line matching {pattern!r} in:\n" + "\n".join(self.lines)
            try:
                self.lines.append(self._incoming.get(timeout=remaining))
            except queue.Empty:
                continue

    def stop(self) -> tuple[int, str]:
        """Ctrl-C; the exit status and everything the process printed."""
        self.process.send_signal(signal.SIGINT)
        status = self.process.wait(timeout=PATIENCE)
        while not self._incoming.empty():
            self.lines.append(self._incoming.get())
        return status, "\n".join(self.lines)


@pytest.fixture
def serve(tmp_path):
    """Start ``briefing serve`` on a free port against a project; stopped (killed if need be) at the end."""
    started: list[Served] = []

    def start(project: Path, *options: str) -> Served:
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", str(project), "--port", "0", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=project,
        )
        served = Served(process)
        started.append(served)
        threading.Thread(
            target=lambda: [served._incoming.put(line.rstrip("\n")) for line in process.stdout], daemon=True
        ).start()
        served.url = served.wait_for_line(r"at (http://127\.0\.0\.1:\d+/)").group(1)
        return served

    yield start
    for served in started:
        if served.process.poll() is None:
            served.process.kill()
            served.process.wait()


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=PATIENCE) as response:
        return response.read().decode("utf-8")


def test_an_edit_reaches_the_open_page_and_a_bad_one_shows_its_errors(serve, html_veld, open_page):
    """Serve, edit, see the page change; break a file, see file:line over the last good page; fix; Ctrl-C exits 0."""
    served = serve(html_veld)
    watched = open_page(served.url)
    page = watched.page
    assert "Two failed rainy seasons" in page.inner_text("#section-supply .summary")

    # A one-word edit: the open page reloads by itself and shows it.
    section = html_veld / "content" / "sections" / "supply.yaml"
    edit(section, "Two failed rainy seasons", "Three failed rainy seasons")
    summary = page.locator("#section-supply .summary")
    summary.filter(has_text="Three failed").wait_for(timeout=PATIENCE * 1000)

    # A bad edit: its file:line errors lie over the page, escaped, and the last good version stays under them.
    edit(section, "summary: Three failed", "<b>summary</b>: Three failed")
    line = line_of(section, "<b>summary</b>")
    page.locator("#briefing-problems").wait_for(timeout=PATIENCE * 1000)
    problems = page.inner_text("#briefing-problems pre")
    assert f"content/sections/supply.yaml:{line}:1: error: unknown key '<b>summary</b>'" in problems
    assert page.locator("#briefing-problems b").count() == 0  # shown as text, never as markup
    assert "Three failed rainy seasons" in summary.inner_text()
    served.wait_for_line(rf"content/sections/supply\.yaml:{line}:1: error: unknown key")

    # Fixed: the panel goes.
    edit(section, "<b>summary</b>: Three failed", "summary: Three failed")
    page.locator("#briefing-problems").wait_for(state="detached", timeout=PATIENCE * 1000)

    # Nothing was asked of anyone but the server, and nothing went wrong in the page.
    assert watched.errors == []
    assert all(url.startswith(served.url) for url in watched.requests), watched.requests
    status, output = served.stop()
    assert status == 0, output
    assert "Traceback" not in output
    assert output.endswith("Stopped.")
    assert not (html_veld / "output" / "briefing.html").exists()  # served from memory; output/ is for builds


def test_the_page_asks_only_for_later_builds(serve, html_veld):
    """The reload signal: the page's long poll is answered with a later build number once a save is rebuilt."""
    served = serve(html_veld)
    build = int(re.search(r'<meta name="briefing-build" content="(\d+)">', fetch(served.url)).group(1))
    answer: list[int] = []
    poll = threading.Thread(
        target=lambda: answer.append(json.loads(fetch(f"{served.url}__briefing/build?after={build}"))["build"])
    )
    poll.start()
    edit(html_veld / "content" / "sections" / "supply.yaml", "Two failed", "Two dry")
    poll.join(PATIENCE)
    assert answer and answer[0] > build
    assert "Two dry rainy seasons" in fetch(served.url)
    assert served.stop()[0] == 0


def test_pdf_is_rebuilt_in_the_background_after_a_good_save(serve, minimal_project, veld_html):
    """--pdf writes the PDF after the first build and again after a save."""
    shutil.copytree(veld_html.path.parent / ".cache" / "webfonts", minimal_project / "output" / ".cache" / "webfonts")
    served = serve(minimal_project, "--pdf")
    pdf = minimal_project / "output" / "briefing.pdf"
    served.wait_for_line(r"Wrote output/briefing\.pdf \(\d+ pages?\)")
    first = pdf.read_bytes()
    briefing_yaml = minimal_project / "content" / "briefing.yaml"
    text = briefing_yaml.read_text(encoding="utf-8")
    briefing_yaml.write_text(text.replace("title: A minimal briefing", "title: A smaller briefing"), encoding="utf-8")
    deadline = time.monotonic() + PATIENCE
    while pdf.read_bytes() == first:
        assert time.monotonic() < deadline, "the PDF was not rebuilt:\n" + "\n".join(served.lines)
        time.sleep(0.2)
    status, output = served.stop()
    assert status == 0, output


def test_a_port_in_use_is_a_usage_error(run, html_veld):
    """A taken port is refused at once, with exit status 2, before any build."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run("serve", html_veld, "--port", taken.getsockname()[1])
    assert result.exit_code == 2
    assert "is in use; choose another with --port" in result.stderr


def test_changes_come_in_one_batch_per_burst_and_stop_when_asked(tmp_path):
    """A burst of saves is one batch; a save made while a batch is handled comes in the next; stop ends the loop."""
    folder = tmp_path / "content"
    folder.mkdir()
    stop = threading.Event()
    batches: queue.Queue[set[Path]] = queue.Queue()

    def watch() -> None:
        for batch in changes([folder], stop=stop, quiet_ms=200):
            batches.put(batch)
            time.sleep(0.3)  # the caller is busy rebuilding

    watcher = threading.Thread(target=watch)
    watcher.start()
    assert batches.get(timeout=PATIENCE) == set()  # the folder is watched from now on
    for n in range(5):
        (folder / f"{n}.yaml").write_text("x: 1\n", encoding="utf-8")
    first = batches.get(timeout=PATIENCE)
    assert {path.name for path in first} == {f"{n}.yaml" for n in range(5)}
    (folder / "0.yaml").write_text("x: 2\n", encoding="utf-8")  # while the caller is still busy
    assert {path.name for path in batches.get(timeout=PATIENCE)} == {"0.yaml"}
    (folder / ".0.yaml.swp").write_text("swap", encoding="utf-8")  # an editor's swap file: not a save
    stop.set()
    watcher.join(PATIENCE)
    assert not watcher.is_alive()
    assert batches.empty()
