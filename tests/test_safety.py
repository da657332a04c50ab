"""Test that content can never make the renderer read outside the project or touch the network."""

from __future__ import annotations

import socket

import pypdf
import pytest
from conftest import edit
from weasyprint.urls import URLFetcher


@pytest.fixture
def opened(monkeypatch):
    """Every URL actually opened by WeasyPrint's fetcher, and any socket connection attempted."""
    seen = {"urls": [], "connections": []}
    original = URLFetcher.fetch

    def recording_fetch(self, url, headers=None):
        seen["urls"].append(url)
        return original(self, url, headers)

    def no_connect(self, address):
        seen["connections"].append(address)
        raise AssertionError(f"network connection attempted to {address}")

    monkeypatch.setattr(URLFetcher, "fetch", recording_fetch)
    monkeypatch.setattr(socket.socket, "connect", no_connect)
    return seen


HOSTILE = (
    '<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://127.0.0.1:9/x.css"> [x](javascript:alert(1))'
)


def test_html_in_content_is_printed_as_text(run, minimal_project, opened):
    """Tags typed into content print as text; nothing they name is fetched; javascript: is no link."""
    # In an uncited field, so that the checks (which would question the quoted
    # attribute values) stay out of the way: this test is about escaping.
    edit(minimal_project / "content/sections/one.yaml", "A point with *emphasis* [@beta].", f"'{HOSTILE}'")
    result = run("build", minimal_project)
    assert result.exit_code == 0, result.output
    assert "warning: link to 'javascript:alert(1' dropped" in result.stderr
    reader = pypdf.PdfReader(minimal_project / "output/briefing.pdf")
    text = "".join("".join(page.extract_text() for page in reader.pages).split())  # line breaks fall anywhere
    assert "<imgsrc=“file:///etc/passwd”>" in text
    assert "<linkrel=“stylesheet”href=“http://127.0.0.1:9/x.css”>" in text
    uris = [a.get_object().get("/A", {}).get("/URI") for page in reader.pages for a in page.get("/Annots") or []]
    assert not any(uri and "javascript" in uri for uri in uris)
    assert not [url for url in opened["urls"] if "passwd" in url or "127.0.0.1" in url]
    assert opened["connections"] == []


@pytest.mark.parametrize(
    ("css", "refusal"),
    [
        (
            '@import url("http://127.0.0.1:9/x.css");',
            "refused to load http://127.0.0.1:9/x.css: briefings are built offline and never fetch from the network",
        ),
        (
            'body { background: url("https://example.org/x.png"); }',
            "refused to load https://example.org/x.png: briefings are built offline and never fetch from the network",
        ),
        (
            'body { background: url("ftp://example.org/x.png"); }',
            "refused to load ftp://example.org/x.png: briefings are built offline and never fetch from the network",
        ),
        (
            'body { background: url("file:///etc/passwd"); }',
            "refused to load file:///etc/passwd: it lies outside the project",
        ),
        (
            'body { background: url("data:image/png;base64,' + "A" * 20_000 + '"); }',
            "data: URLs over 10,000 characters are not allowed",
        ),
    ],
)
def test_stylesheet_cannot_reach_out(run, minimal_project, opened, css, refusal):
    """A stylesheet naming a network or outside resource stops the build, with nothing read."""
    earlier = minimal_project / "output/briefing.pdf"
    earlier.parent.mkdir()
    earlier.write_bytes(b"%PDF earlier")
    (minimal_project / "styles").mkdir()
    (minimal_project / "styles/briefing.css").write_text(css, encoding="utf-8")
    result = run("build", minimal_project)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert refusal in result.stderr
    assert not [url for url in opened["urls"] if not url.startswith("file:") or "passwd" in url]
    assert opened["connections"] == []
    assert earlier.read_bytes() == b"%PDF earlier"


def test_symlinked_stylesheet_out_of_the_project(run, minimal_project, tmp_path, opened):
    """A stylesheet that is a symlink to a file outside the project is refused unread."""
    outside = tmp_path / "outside.css"
    outside.write_text("body { color: red }")
    (minimal_project / "styles").mkdir()
    (minimal_project / "styles/evil.css").symlink_to(outside)
    result = run("build", minimal_project)
    assert result.exit_code == 1
    assert "stylesheet 'styles/evil.css' lies outside the project" in result.stderr
    assert not [url for url in opened["urls"] if "evil" in url]
