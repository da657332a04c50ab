"""Run the hostile corpus (tests/hostile/*.yaml) through check and build: a clear refusal, nothing lost or read."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import sysconfig
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

import briefing
from briefing import fonts

from conftest import FIXTURES, copy_project

CORPUS = Path(__file__).parent / "hostile"
CASES = sorted(CORPUS.glob("*.yaml"))
EARLIER_PDF = b"%PDF-1.7 the analyst's last good build\n"
#: Far beyond any honest build of the fixture; only a hang gets here.
BOUND_SECONDS = 120

_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _opened is not None and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@contextmanager
def recording_opens():
    """Every file Python opens inside the block (audit hooks see imports and C extensions' Python opens)."""
    global _opened
    _opened = []
    try:
        yield _opened
    finally:
        _opened = None


@contextmanager
def bounded(seconds: int):
    def stop(_signum, _frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _text(spec) -> str:
    return spec if isinstance(spec, str) else spec.get("prefix", "") + spec["text"] * spec["times"]


def apply_case(case: dict, project: Path) -> None:
    for name in case.get("fifos") or []:  # a stand-in for a device that no test run can damage
        os.mkfifo(project / name)
    for name, text in (case.get("files") or {}).items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    for name, text in (case.get("append") or {}).items():
        with open(project / name, "a", encoding="utf-8") as handle:
            handle.write(text)
    for name, spec in (case.get("repeat") or {}).items():
        (project / name).write_text(_text(spec), encoding="utf-8")
    for name, replacements in (case.get("replace") or {}).items():
        text = (project / name).read_text(encoding="utf-8")
        for old, new in replacements.items():
            assert text.count(old) == 1, f"{old!r} in {name}"
            text = text.replace(old, _text(new))
        (project / name).write_text(text, encoding="utf-8")


def allowed_roots(project: Path) -> list[str]:
    """Where a build may read: the project; Python and its packages (code, fonts, Babel's data); the
    temporary folder (WeasyPrint keeps @font-face fonts there, and tempfile probes it); and the
    standard library's own system files (mimetypes' tables, /dev/null)."""
    import mimetypes

    roots = {
        project,
        Path(briefing.__file__).parent,
        Path(sys.prefix),
        Path(sys.base_prefix),
        *fonts.font_dirs(),
        Path(tempfile.gettempdir()),
        Path(sysconfig.get_paths()["purelib"]),
        Path(sysconfig.get_paths()["stdlib"]),
    }
    return [str(root.resolve()) for root in roots] + [*mimetypes.knownfiles, "/dev/null", "/dev/urandom"]


@pytest.fixture(scope="session")
def drawn_charts(veld_build) -> Path:
    """The fixture's chart cache, as an everyday build finds it: charts already drawn.

    Drawing a chart the first time in a project imports matplotlib, which lists the
    system's fonts once to build its font cache; that is matplotlib's start-up, not
    the content reaching out, so the corpus runs with the cache in place.
    """
    return veld_build.pdf.parent / ".cache"


@pytest.mark.parametrize("case_file", CASES, ids=[case.stem for case in CASES])
def test_hostile_input_is_refused_cleanly(case_file, run, tmp_path, monkeypatch, drawn_charts):
    """Each hostile input: exit 1 or 2, its line, no traceback, valid JSON, the old PDF intact, nothing read outside."""
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    project = copy_project(FIXTURES / "veld", tmp_path / "project")
    shutil.copytree(drawn_charts, project / "output" / ".cache")
    apply_case(case, project)
    (project / "output").mkdir(exist_ok=True)
    earlier = project / "output" / "briefing.pdf"
    earlier.write_bytes(EARLIER_PDF)
    monkeypatch.chdir(project)
    expected = case["expect"]

    with recording_opens() as opened, bounded(BOUND_SECONDS):
        built = run("build", ".", "--strict", *case.get("args", []))
        checked = run("check", ".", "--strict")
        as_json = run("check", ".", "--strict", "--format", "json")

    assert built.exit_code == expected["exit"], built.output
    assert expected["line"] in built.stderr, built.stderr
    for result in (built, checked, as_json):
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert earlier.read_bytes() == EARLIER_PDF
    assert [p for p in project.rglob("*.tmp")] == []
    report = json.loads(as_json.stdout)  # valid JSON whatever happened
    # A wrong -o, or a resource only the renderer fetches, is build's business: check has nothing to say.
    if "-o" not in case.get("args", []) and case.get("stage") != "build":
        assert checked.exit_code in (1, 2) and as_json.exit_code == checked.exit_code
        lines = [
            f"{p['path']}:{p['line']}:{p['col']}: {p['severity']}: {p['message']}" for p in report.get("problems", [])
        ]
        if ": error: " in expected["line"] and checked.exit_code == 1:
            assert any(expected["line"].split(": error: ")[0] in line for line in lines), lines
    roots = allowed_roots(project)
    outside = sorted({path for path in opened if not os.path.abspath(path).startswith(tuple(roots))})
    assert outside == [], outside
