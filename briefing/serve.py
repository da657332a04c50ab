"""``briefing serve``: the HTML edition on 127.0.0.1, checked and rendered again on every save, the page reloading itself.

The MkDocs habit. The main thread builds, then watches content/ and styles/
(watching.py) and rebuilds after each burst of saves; the standard library's
HTTP server answers in threads. Every build attempt, good or bad, gets a
number; the page carries the number it was built as and asks the server (a long
poll) for a later one, then reloads. A bad edit keeps the last good page and
lays its file:line errors over it. ``pdf`` also writes the PDF after each good
save, in one background thread, so the page never waits for the layout.
"""

from __future__ import annotations

import errno
import json
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from markupsafe import escape

from briefing.errors import BriefingError, ContentError
from briefing.project import Project, relative
from briefing.watching import changes, watched_folders

HOST = "127.0.0.1"
LIVE_SCRIPT = resources.files("briefing").joinpath("assets", "live.js").read_text(encoding="utf-8")
LIVE_STYLES = resources.files("briefing").joinpath("assets", "live.css").read_text(encoding="utf-8")
#: How long the page's question "is there a later build?" waits for one before it is answered "no".
LONG_POLL_SECONDS = 20.0
#: Where the page asks.
BUILD_PATH = "/__briefing/build"

Echo = Callable[[str], None]


class PortInUse(ValueError):
    """The port is taken (a usage error: choose another with --port)."""


@dataclass
class _Published:
    """What the server shows: the last good page, the latest attempt's number and its errors."""

    page: str | None = None
    build: int = 0
    problems: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, page: str | None, problems: list[str]) -> int:
        """Record a build attempt (``page`` None: it failed, keep the last good one); wake the waiting pages."""
        with self.changed:
            if page is not None:
                self.page = page
            self.problems = problems
            self.build += 1
            self.changed.notify_all()
            return self.build

    def wait_after(self, build: int, timeout: float) -> int:
        """The latest build number, as soon as it is later than ``build`` or after ``timeout`` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.build > build, timeout)
            return self.build

    def document(self) -> str:
        """The page as served: the last good one (or an empty one) carrying its build number and any errors."""
        with self.changed:
            page, build, problems = self.page, self.build, list(self.problems)
        if page is None:  # no good build yet: an empty page, to show the errors and wait for a fix
            page = "<!DOCTYPE html>\n<html>\n<head>\n<title>briefing serve</title>\n</head>\n<body>\n</body>\n</html>\n"
        page = page.replace("<head>", f'<head>\n<meta name="briefing-build" content="{build}">', 1)
        if problems:
            at = page.rfind("</body>")
            page = page[:at] + _overlay(problems, build) + page[at:]
        return page


def _overlay(problems: list[str], build: int) -> str:
    """The errors of a bad edit, escaped, in a panel over the page."""
    errors = sum(": error: " in line for line in problems)
    title = f"{errors} content error{'s' if errors != 1 else ''}" if errors else "The briefing could not be built"
    return (
        f'<aside id="briefing-problems" role="alert" data-build="{build}"><style>{LIVE_STYLES}</style>'
        '<button type="button" class="hide">Hide</button>'
        f'<p class="title">{escape(title)}; below is the last good version.</p>'
        f"<pre>{escape(chr(10).join(problems))}</pre></aside>\n"
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a page's long poll never holds up Ctrl-C
    published: _Published


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # the standard library's name
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(200, "text/html; charset=utf-8", self.server.published.document().encode("utf-8"))
        elif url.path == BUILD_PATH:
            after = parse_qs(url.query).get("after", ["0"])[0]
            shown = int(after) if after.isdigit() else 0
            build = self.server.published.wait_after(shown, LONG_POLL_SECONDS)
            self._send(200, "application/json", json.dumps({"build": build}).encode("utf-8"))
        elif url.path == "/favicon.ico":
            self._send(204, "image/x-icon", b"")  # a browser asks for it; the page has none
        else:
            self._send(404, "text/plain; charset=utf-8", b"Not found: briefing serve serves the briefing at /\n")

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would drown the build messages in the terminal


class _PdfWorker:
    """Builds the PDF in one background thread; saves that come while it works ask for one more build."""

    def __init__(self, project: Project, echo: Echo):
        self.project, self.echo = project, echo
        self.wanted = threading.Event()
        threading.Thread(target=self._run, name="briefing-pdf", daemon=True).start()

    def request(self) -> None:
        self.wanted.set()

    def _run(self) -> None:
        from briefing.build import build

        while True:
            self.wanted.wait()
            self.wanted.clear()
            try:
                result = build(self.project)
            except BriefingError as err:  # the content changed again under the build: the next save retries
                self.echo(f"PDF not written: {err.format_message()}")
                continue
            shown = relative(result.pdf, Path.cwd())
            self.echo(f"Wrote {shown} ({result.pages} pages) in {result.seconds:.1f} s")


def serve(
    project: Project,
    *,
    port: int = 8000,
    pdf: bool = False,
    echo: Echo = print,
    stop: threading.Event | None = None,
) -> None:
    """Serve the HTML edition until Ctrl-C (or ``stop``), rebuilding after every save; return normally then.

    ``port`` 0 takes a free port. ``echo`` receives the lines to show the author, from
    this thread and from the PDF thread: a long-running command talks as it goes.
    """
    stop = stop or threading.Event()
    published = _Published()
    try:
        server = _Server((HOST, port), _Handler)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {port} is in use; choose another with --port") from None
        raise BriefingError(f"cannot serve on {HOST}:{port}: {err.strerror or err}") from None
    server.published = published
    # Serving from the start: a page opened during the first build shows when it is done.
    threading.Thread(target=server.serve_forever, name="briefing-http", daemon=True).start()
    worker = _PdfWorker(project, echo) if pdf else None
    try:
        # The first batch is empty and comes once the folders are watched: the first build.
        for changed in changes(watched_folders(project), stop=stop):
            saved = _saved(project, changed)
            if saved:
                echo("Changed " + ", ".join(saved))
            if _rebuild(project, published, echo) and worker is not None:
                worker.request()
            if published.build == 1:
                echo(f"Serving the HTML edition at http://{HOST}:{server.server_port}/ (Ctrl-C to stop)")
    except KeyboardInterrupt:
        pass  # Ctrl-C is how serve is meant to end
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
    echo("Stopped.")


def _saved(project: Project, changed: set[Path]) -> list[str]:
    """The changed files worth naming: those there now, and deleted ones that look like content
    (an editor's or sed's temporary file, gone by now, has no extension)."""
    return sorted(project.display(path) for path in changed if path.exists() or path.suffix)


def _rebuild(project: Project, published: _Published, echo: Echo) -> bool:
    """Check and render the HTML edition; publish it, or publish the errors over the last good page."""
    from briefing.html_edition import render_edition

    started = time.perf_counter()
    try:
        edition = render_edition(project, script=LIVE_SCRIPT)
    except ContentError as err:
        lines = [problem.format() for problem in err.problems]
        build = published.publish(None, lines)
        for line in lines:
            echo(line)
        summary = err.format_message().removesuffix(" nothing was written.")
        echo(f"Error: {summary} the page shows them over its last good version (build {build})")
        return False
    except BriefingError as err:
        build = published.publish(None, [f"error: {err.format_message()}"])
        echo(f"Error: {err.format_message()} (build {build})")
        return False
    except Exception:  # a bug must not end the session the author is editing in; its traceback goes to the terminal
        build = published.publish(None, ["error: briefing failed; the terminal shows why (a bug: please report it)"])
        echo(traceback.format_exc().rstrip())
        return False
    build = published.publish(edition.document, [])
    for line in edition.warnings:
        echo(line)
    echo(f"{edition.report.summary()}; page updated in {time.perf_counter() - started:.1f} s (build {build})")
    return True
