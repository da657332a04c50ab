"""Test the command line: version, help, build output, options and exit codes."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pypdf
import pytest
from click.testing import CliRunner

from briefing import __version__
from briefing.cli import cli

from conftest import FIXTURES, copy_project


def test_version(run):
    """--version prints the package version."""
    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"briefing, version {__version__}\n"


def test_help_lists_the_commands(run):
    """--help lists the build and check commands."""
    result = run("--help")
    assert result.exit_code == 0
    assert "build" in result.output and "check" in result.output


@pytest.mark.parametrize(
    ("words", "expected"),
    [("briefing ", "build check distribute new schema serve sources verify watch"), ("briefing sources ", "import")],
)
def test_shell_completion(words, expected):
    """The README's `eval "$(_BRIEFING_COMPLETE=bash_source briefing)"` works: click completes commands."""
    script = CliRunner().invoke(cli, [], env={"_BRIEFING_COMPLETE": "bash_source"}, prog_name="briefing")
    assert script.exit_code == 0
    assert script.output.startswith("_briefing_completion() {")
    env = {"_BRIEFING_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()))}
    completed = CliRunner().invoke(cli, [], env=env, prog_name="briefing")
    assert " ".join(line.removeprefix("plain,") for line in completed.output.splitlines()) == expected


def test_build_reports_path_pages_and_time(run, minimal_project, monkeypatch):
    """A build says where the PDF went, how many pages it has and how long it took."""
    monkeypatch.chdir(minimal_project)
    result = run("build")
    assert result.exit_code == 0, result.output
    match = re.fullmatch(
        r"\d+ citations, \d+ quotes? verified, \d+ figures? traced, 0 errors, 0 warnings\n"
        r"Wrote output/briefing\.pdf \((\d+) pages\) in \d+\.\d s\n",
        result.stdout,
    )
    assert match
    assert int(match.group(1)) == len(pypdf.PdfReader(minimal_project / "output/briefing.pdf").pages)


def test_output_option_and_html(run, minimal_project, tmp_path):
    """-o chooses the PDF path; --html writes the intermediate HTML beside it."""
    target = tmp_path / "elsewhere" / "brief.pdf"
    result = run("build", minimal_project, "-o", target, "--html")
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF-")
    assert "<title>A minimal briefing</title>" in target.with_suffix(".html").read_text(encoding="utf-8")
    assert not (minimal_project / "output" / "briefing.pdf").exists()


def test_not_a_project_is_a_usage_error(run, tmp_path):
    """A folder without content/ is refused with exit status 2."""
    result = run("build", tmp_path)
    assert result.exit_code == 2
    assert "is not a briefing project: it has no content/ folder" in result.stderr


def test_unknown_option_is_a_usage_error(run):
    """click's own usage errors exit 2."""
    assert run("build", "--colour").exit_code == 2


def test_failed_build_keeps_the_previous_pdf(run, minimal_project):
    """A content error after a good build leaves the good PDF byte for byte."""
    assert run("build", minimal_project).exit_code == 0
    pdf = minimal_project / "output" / "briefing.pdf"
    good = pdf.read_bytes()
    (minimal_project / "content/sources/alpha.txt").unlink()
    result = run("build", minimal_project)
    assert result.exit_code == 1
    assert pdf.read_bytes() == good
    assert sorted(p.name for p in pdf.parent.iterdir()) == [".cache", "briefing.pdf"]  # no temporary files left


def terminal_output(args: list[str]) -> tuple[str, str]:
    """Run ``briefing ARGS`` with stderr on a pseudo-terminal: (stdout, what the terminal showed)."""
    terminal, attached = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "briefing", *args], stdout=subprocess.PIPE, stderr=attached, text=True, check=False
    )
    os.close(attached)
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # EIO: the terminal's other side is closed and drained
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)
    assert done.returncode == 0, shown
    return done.stdout, shown.decode("utf-8")


def test_a_terminal_sees_each_step_on_a_status_line_a_pipe_does_not(tmp_path):
    project = copy_project(FIXTURES / "minimal", tmp_path / "minimal")
    stdout, shown = terminal_output(["build", str(project)])
    assert "\r\x1b[KChecking the content…\r\x1b[KLaying out…" in shown
    assert shown.endswith("Writing the PDF…\r\x1b[K")  # wiped before the result lines
    assert stdout.splitlines()[-1].startswith("Wrote ")
    piped = subprocess.run(
        [sys.executable, "-m", "briefing", "build", str(project)], capture_output=True, text=True, check=True
    )
    assert piped.stderr == ""
