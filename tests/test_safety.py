"""Test that content can never make the renderer read outside the project or touch the network."""

from __future__ import annotations

import errno
import os
import signal
import socket
import stat
import sys
import time
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from weasyprint.urls import URLFetcher

from briefing.build import build
from briefing.project import Project

from conftest import edit, problems_of


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
    earlier.parent.mkdir(exist_ok=True)
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


# --- reading: only what is inside the project --------------------------------------------------


def test_a_symlinked_sources_file_inside_the_project_is_read(veld):
    """A sources.yaml that is a symlink to another file in the project is read like any file."""
    sources = veld / "content/sources.yaml"
    sources.rename(veld / "content/all-sources.yaml")
    sources.symlink_to(veld / "content/all-sources.yaml")
    assert problems_of(veld) == []


def test_a_section_symlinked_out_of_the_project_is_refused(veld, tmp_path):
    """A section file that is a symlink out of the project is not read."""
    outside = tmp_path / "outside.yaml"
    outside.write_text("title: Secret\nsummary: s\nkey_points: [k]\n")
    section = veld / "content/sections/accord.yaml"
    section.unlink()
    section.symlink_to(outside)
    assert problems_of(veld) == [
        "content/sections/accord.yaml:1:1: error: file 'content/sections/accord.yaml' lies outside the project; "
        "keep it inside veld/"
    ]


def test_a_dangling_stylesheet_is_an_error_naming_it(run, veld):
    """A stylesheet that is a broken symlink stops the build with its name, instead of an unstyled PDF."""
    (veld / "styles").mkdir()
    (veld / "styles/house.css").symlink_to(veld / "styles/missing.css")
    result = run("build", veld)
    assert result.exit_code == 1
    assert "Error: stylesheet 'styles/house.css' is missing" in result.stderr


# --- fonts: the bundled ones, and only them ------------------------------------------------------


def embedded_fonts(pdf_path) -> set[str]:
    reader = pypdf.PdfReader(pdf_path)
    return {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }


def test_a_system_font_named_in_a_stylesheet_is_not_used(run, veld):
    """Naming a system font warns at its line, and the PDF still embeds only the bundled fonts."""
    (veld / "styles").mkdir()
    (veld / "styles/house.css").write_text('h2 { font-family: "DejaVu Sans", sans-serif; }\n', encoding="utf-8")
    result = run("build", veld)
    assert result.exit_code == 0
    assert (
        "styles/house.css:1:6: warning: font 'DejaVu Sans' is not bundled, so it is not used; "
        "bundled: Amiri, Source Sans Pro, Source Serif Pro"
    ) in result.stderr
    assert all(name.startswith(("Source-", "Amiri")) for name in embedded_fonts(veld / "output/briefing.pdf"))
    assert run("build", veld, "--strict").exit_code == 1


def test_urdu_and_pashto_print_in_the_bundled_naskh(veld):
    """A quote in Urdu or Pashto prints in Amiri, as text a reader can copy, not as boxes."""
    edit(
        veld / "content/sections/accord.yaml",
        "summary: A draft accord would",
        "summary: (پاکستان ہے، ټول) A draft accord would",
    )
    result = build(Project(veld))
    assert "Amiri" in embedded_fonts(result.pdf)
    assert "ہے" in "".join(page.extract_text() for page in pypdf.PdfReader(result.pdf).pages)


# --- writing: never over an input, never half a file ------------------------------------------------


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "content/briefing.yaml",
            "will not write the PDF to content/briefing.yaml: content/ holds the briefing's inputs",
        ),
        ("content/sources/herald-2025.txt", "content/ holds the briefing's inputs"),
        ("null", "will not write the PDF to null: it is not a regular file"),
        ("pipe", "will not write the PDF to pipe: it is not a regular file"),
        ("output/", "File 'output/' is a directory"),
    ],
)
def test_output_onto_inputs_and_devices_is_refused(run, veld, monkeypatch, target, message):
    """-o never names an input or a non-regular file: a usage error, exit 2, and nothing written.

    The device is a private copy of /dev/null (made only when running as root) and the
    pipe a named pipe, so a regression cannot damage the machine's own /dev/null.
    """
    (veld / "output").mkdir(exist_ok=True)
    os.mkfifo(veld / "pipe")
    if target == "null":
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(veld / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
    monkeypatch.chdir(veld)
    before = (veld / "content/briefing.yaml").read_bytes()
    result = run("build", "-o", target)
    assert result.exit_code == 2
    assert message in result.stderr
    assert (veld / "content/briefing.yaml").read_bytes() == before
    assert (veld / "null").is_char_device() if target == "null" else (veld / "pipe").is_fifo()


def test_a_full_disk_is_said_plainly(run, veld, monkeypatch):
    """A write that fails for want of space says so, exit 1, and leaves the previous PDF and no temporary file."""
    assert run("build", veld).exit_code == 0
    pdf = veld / "output/briefing.pdf"
    good = pdf.read_bytes()

    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    result = run("build", veld)
    assert result.exit_code == 1
    assert f"Error: cannot write {pdf}: no space left on device" in result.stderr
    assert pdf.read_bytes() == good
    assert sorted(p.name for p in pdf.parent.iterdir()) == [".cache", "briefing.pdf"]


def test_an_unwritable_folder_is_said_plainly(run, veld, monkeypatch):
    """A folder the user may not write in gives one line, not a traceback."""
    import tempfile

    assert run("build", veld).exit_code == 0  # charts and fonts cached: only the PDF is left to write

    def denied(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    result = run("build", veld, "-o", veld / "elsewhere/brief.pdf")
    assert result.exit_code == 1
    assert f"Error: cannot write in {veld / 'elsewhere'}: permission denied" in result.stderr


def test_an_output_folder_that_is_a_file(run, fresh_veld):
    """A file named output where the folder should be is named in the message."""
    veld = fresh_veld
    (veld / "output").write_text("not a folder")
    result = run("build", veld)
    assert result.exit_code == 1
    assert f"Error: cannot create the folder {veld / 'output/.cache'}: " in result.stderr


def test_files_are_written_with_the_users_umask(veld):
    """The PDF can be read by colleagues on a shared drive: 0644 under the usual umask, not 0600."""
    previous = os.umask(0o022)
    try:
        result = build(Project(veld))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(result.pdf.stat().st_mode) == 0o644


def test_stale_temporary_files_are_swept(veld):
    """A temporary file a killed build left behind is removed by the next build; a fresh one is left alone."""
    (veld / "output").mkdir(exist_ok=True)
    stale = veld / "output/.briefing.pdf.abc123.tmp"
    fresh = veld / "output/.briefing.pdf.def456.tmp"
    stale.write_bytes(b"half a PDF")
    fresh.write_bytes(b"another build's")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    build(Project(veld))
    assert not stale.exists() and fresh.exists()


def test_sigterm_cleans_up_like_ctrl_c(veld, monkeypatch):
    """SIGTERM while the PDF is being written: exit 1 without a traceback, the previous PDF kept, no temporary file."""
    from briefing import cli

    assert build(Project(veld)).pdf.is_file()
    pdf = veld / "output/briefing.pdf"
    good = pdf.read_bytes()

    def terminated_midway(data, temporary):
        Path(temporary).write_bytes(data[: len(data) // 2])
        os.kill(os.getpid(), signal.SIGTERM)  # as a closed terminal or a CI timeout would

    monkeypatch.setattr("briefing.pdf._write", terminated_midway)
    monkeypatch.setattr(sys, "argv", ["briefing", "build", str(veld)])
    previous = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(SystemExit) as stopped:
            cli.main()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert stopped.value.code == 1
    assert pdf.read_bytes() == good
    assert list(pdf.parent.glob("*.tmp")) == []


# --- the page: nothing runs off it -----------------------------------------------------------------------


def test_a_word_longer_than_its_column_stays_on_the_page(veld):
    """A long URL-like word in a table cell breaks inside the column rather than push the table off the page."""
    long_word = "https://example.org/" + "very-long-path-segment/" * 12
    edit(
        veld / "content/sections/supply.yaml",
        "measures: Reservoir storage\n    period: February 2023",
        f"measures: Reservoir storage {long_word}\n    period: February 2023",
    )
    edit(
        veld / "content/sections/supply.yaml",
        "measures: Reservoir storage\n    period: February 2024",
        f"measures: Reservoir storage {long_word}\n    period: February 2024",
    )
    result = build(Project(veld))
    with pdfplumber.open(result.pdf) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                assert char["x1"] <= page.width - 19 * 72 / 25.4, (char["text"], char["x1"])


def test_dollar_signs_in_a_chart_are_text(veld):
    """'$7 billion, not $1 billion' in a chart title prints as written, not as TeX maths."""
    edit(
        veld / "content/sections/supply.yaml",
        "      - title: Storage (% of capacity)",
        "      - title: $7 billion, not $1 billion",
    )
    result = build(Project(veld))
    (svg,) = (result.pdf.parent / ".cache/charts").glob("storage-*.svg")
    assert "$7 billion, not $1 billion" in svg.read_text(encoding="utf-8")
