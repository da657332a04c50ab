"""Benchmark the live preview: how long a one-word save in a served briefing takes to reach the browser.

Run by hand, not by pytest: `python benchmarks/serve.py [SAVES]`. Serves a copy of the
bundled briefing with `briefing serve`, opens it in Debian's chromium (Playwright), and for
each save (one word in content/sections/talks.yaml, changed back and forth) measures the
time from the file write to (a) the server's reload signal, the answer to the page's long
poll, and (b) the new word in the open page, reloaded.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
WORDS = ("negotiated with the TTP twice", "negotiated with the TTP two times")


def main(saves: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        for name in ("content", "styles"):
            shutil.copytree(REPO / name, project / name)
        server = subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", str(project), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert server.stdout is not None
        url = ""
        for line in server.stdout:  # the first build (fonts cut, map drawn) comes before the URL
            if match := re.search(r"at (http://\S+/)", line):
                url = match.group(1)
                break
        threading.Thread(target=drain, args=(server.stdout,), daemon=True).start()
        signals, pages = [], []
        section = project / "content" / "sections" / "talks.yaml"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
            page = browser.new_page()
            page.goto(url)
            for n in range(saves):
                old, new = WORDS if n % 2 == 0 else WORDS[::-1]
                signal, shown = one_save(url, page, section, old, new)
                signals.append(signal)
                pages.append(shown)
                time.sleep(0.5)
            browser.close()
        server.send_signal(2)
        server.wait()
    print(f"reload signal: median {statistics.median(signals):.2f} s over {saves} saves (max {max(signals):.2f} s)")
    print(f"new word shown: median {statistics.median(pages):.2f} s over {saves} saves (max {max(pages):.2f} s)")


def drain(stream: object) -> None:
    """Read what the server prints, so it never blocks on a full pipe."""
    for _line in stream:  # type: ignore[attr-defined]
        pass


def one_save(url: str, page: object, section: Path, old: str, new: str) -> tuple[float, float]:
    """Save ``section`` with ``old`` replaced by ``new``; seconds to the reload signal and to the new text shown."""
    with urllib.request.urlopen(url) as response:
        build = int(re.search(r'name="briefing-build" content="(\d+)"', response.read().decode()).group(1))
    answered: list[float] = []

    def long_poll() -> None:
        with urllib.request.urlopen(f"{url}__briefing/build?after={build}", timeout=60) as response:
            json.load(response)
            answered.append(time.perf_counter())

    poll = threading.Thread(target=long_poll)
    poll.start()
    time.sleep(0.3)  # the question is asked before the save
    text = section.read_text(encoding="utf-8")
    started = time.perf_counter()
    section.write_text(text.replace(old, new), encoding="utf-8")
    page.locator("#section-talks .summary").filter(has_text=new.split("TTP ")[1]).wait_for(timeout=60_000)  # type: ignore[attr-defined]
    shown = time.perf_counter()
    poll.join()
    return answered[0] - started, shown - started


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
