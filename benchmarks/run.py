"""Benchmark `briefing` against WeasyPrint's own floor: builds, warm rebuilds, checks, copies and scaling.

One command from a fresh clone (after the README's install): ``python benchmarks/run.py``.
Every timed run is a fresh process, as a user's would be, and reports its wall time and
peak memory (from ``wait4``); the warm rebuild runs in one process, as `briefing watch`
does. Writes ``benchmarks/results.md``, the table the README quotes. Not part of pytest:
speed is measured here, never asserted in a test.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import json
import os
import platform
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.md"
SCALES = (1, 5, 10)
COPIES = 20

#: The floor: a fresh process that imports WeasyPrint and renders the build's final HTML,
#: once, with the same stylesheets, bundled-fonts-only configuration and PDF options.
FLOOR = """
import json, os, sys
job = json.load(open(sys.argv[1]))
os.environ["FONTCONFIG_FILE"] = job["fontconfig"]
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
fonts = FontConfiguration()
css = [CSS(string=text, base_url=url, font_config=fonts) for text, url in job["stylesheets"]]
document = HTML(string=job["html"], base_url=job["base_url"]).render(stylesheets=css, font_config=fonts)
document.write_pdf(job["target"], pdf_variant=job["variant"], pdf_identifier=True)
"""

#: A warm rebuild: one process builds, then times builds after one-word edits (as watch does).
WARM = """
import json, sys, time
from pathlib import Path
from briefing.build import build
from briefing.project import Project
project, section, runs, results = Project(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
build(project)
original = section.read_text(encoding="utf-8")
times = []
for run in range(runs):
    # One word, changed back and forth: the title moves the contents and every running head.
    section.write_text(original.replace("title: ", "title: Now " if run % 2 == 0 else "title: ", 1), encoding="utf-8")
    started = time.perf_counter()
    build(project)
    times.append(time.perf_counter() - started)
section.write_text(original, encoding="utf-8")
with results.open("a", encoding="utf-8") as file:
    file.write(json.dumps(times) + "\\n")
"""


@dataclass
class Runs:
    """Wall times (s) and peak resident memory (MiB) of repeated runs."""

    seconds: list[float]
    peak_mib: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def spread(self) -> str:
        return f"{min(self.seconds):.2f}–{max(self.seconds):.2f}"

    @property
    def peak(self) -> float:
        return max(self.peak_mib)


def spawn(args: list[str]) -> tuple[float, float]:
    """Run ``python ARGS`` in a fresh process, quietly; its wall time and peak RSS in MiB.

    Linux carries a process's peak RSS across exec, so this process must stay small:
    everything that imports the package runs in a child (``in_child``).
    """
    actions = [
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    started = time.perf_counter()
    pid = os.posix_spawn(sys.executable, [sys.executable, *args], os.environ, file_actions=actions)
    _pid, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"benchmark step failed: python {' '.join(args)} (run it by hand to see why)")
    return seconds, usage.ru_maxrss / 1024  # Linux reports KiB


def in_child(function: str, *args: str) -> object:
    """``function(*args)`` of this module, run in a fresh process; its JSON result."""
    from subprocess import run as run_process

    program = f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import run; "
    program += f"print(json.dumps(run.{function}(*sys.argv[1:])))"
    done = run_process([sys.executable, "-c", program, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"benchmark step {function} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def repeat(runs: int, args: list[str], before: Callable[[], None] = lambda: None) -> Runs:
    return interleaved(runs, {"only": (args, before)})["only"]


def interleaved(runs: int, steps: dict[str, tuple[list[str], Callable[[], None]]]) -> dict[str, Runs]:
    """Run each step once per round, round after round: a machine that slows down mid-run slows all alike."""
    results = {name: Runs([], []) for name in steps}
    for _ in range(runs):
        for name, (args, before) in steps.items():
            before()
            seconds, peak = spawn(args)
            results[name].seconds.append(seconds)
            results[name].peak_mib.append(peak)
    return results


def scaled_project(folder: Path, factor: int) -> Path:
    """The bundled briefing with its sections repeated ``factor`` times, ids renamed so it still validates."""
    project = folder / f"x{factor}"
    for name in ("content", "styles"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, project / name)
    briefing_file = project / "content" / "briefing.yaml"
    meta = yaml.safe_load(briefing_file.read_text(encoding="utf-8"))
    sections = project / "content" / "sections"
    originals = list(meta["sections"])
    for copy in range(2, factor + 1):
        for name in originals:
            data = yaml.safe_load((sections / f"{name}.yaml").read_text(encoding="utf-8"))
            for kind in ("figures", "charts", "maps"):  # ids unique across the briefing
                for item in data.get(kind) or []:
                    item["id"] = f"{item['id']}-{copy}"
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            (sections / f"{name}-{copy}.yaml").write_text(text, encoding="utf-8")
            meta["sections"].append(f"{name}-{copy}")
    briefing_file.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def page_count(pdf: str) -> int:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


def floor_job(project_dir: str, folder_dir: str) -> str:
    """Build in this process once, keeping the final HTML and stylesheets for the floor to render."""
    from briefing import pdf
    from briefing.build import build
    from briefing.fonts import font_face_css, fontconfig_file
    from briefing.project import Project

    project, folder = Path(project_dir), Path(folder_dir)
    seen: list[tuple[str, list]] = []
    real = pdf.layout

    def recording(html, project_, sheets, **kwargs):
        seen.append((html, sheets))
        return real(html, project_, sheets, **kwargs)

    pdf.layout = recording
    try:
        build(Project(project))
    finally:
        pdf.layout = real
    html, sheets = seen[-1]
    job = {
        "html": html,
        "base_url": project.resolve().as_uri() + "/",
        "stylesheets": [(font_face_css(), None), *((s.text, s.path.as_uri()) for s in sheets)],
        "fontconfig": str(fontconfig_file(project / "output" / ".cache")),
        "target": str(folder / "floor.pdf"),
        "variant": "pdf/ua-1",
    }
    path = folder / "floor.json"
    path.write_text(json.dumps(job), encoding="utf-8")
    return str(path)


def phase_split(project: str) -> list[tuple[str, float]]:
    """Where one build's time goes (cProfile, in process, imports excluded)."""
    from briefing.build import build
    from briefing.project import Project

    build(Project(project))  # imports and caches, as in a fresh build with a cache on disk
    profile = cProfile.Profile()
    profile.enable()
    build(Project(project))
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    phases = {
        "load and check": ("checks/__init__.py", "check_project"),
        "charts and maps": ("charts.py", "draw_charts"),
        "maps": ("maps.py", "draw_maps"),
        "render HTML": ("render.py", "render_html"),
        "layout (WeasyPrint)": ("pdf.py", "layout"),
        "write PDF (WeasyPrint, then tags fixed with pikepdf)": ("pdf.py", "save"),
        "whole build": ("build.py", "build"),
    }
    found = {}
    for (filename, _line, function), (_cc, _nc, _tt, cumulative, _callers) in stats.items():
        for phase, (file_end, name) in phases.items():
            if function == name and filename.endswith(file_end):
                found[phase] = found.get(phase, 0.0) + cumulative
    found["charts and maps"] = found.get("charts and maps", 0.0) + found.pop("maps", 0.0)
    return [(phase, found.get(phase, 0.0)) for phase in phases if phase != "maps"]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import weasyprint

    return (
        f"{cpu}, {os.cpu_count()} cores, Linux {platform.release()}, Python {platform.python_version()}, "
        f"WeasyPrint {weasyprint.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per measurement (default 5)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the Markdown table")
    options = parser.parse_args()
    runs = options.runs

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        project = scaled_project(folder, 1)
        pdf = project / "output" / "briefing.pdf"
        cache = project / "output" / ".cache" / "pages.json"
        build_args = ["-m", "briefing", "build", str(project)]
        print("preparing: one build to draw the charts and keep the page numbers", flush=True)
        job = in_child("floor_job", str(project), str(folder))

        first_section = yaml.safe_load((project / "content" / "briefing.yaml").read_text())["sections"][0]
        section = project / "content" / "sections" / f"{first_section}.yaml"
        rebuilds = folder / "rebuilds.jsonl"
        recipients = folder / "recipients.yaml"
        recipients.write_text(
            yaml.safe_dump(
                {"recipients": [{"name": f"Reader {n}", "organisation": "Ministry"} for n in range(COPIES)]}
            ),
            encoding="utf-8",
        )
        copies_dir = project / "output" / "copies"
        print("(a), (a'), (b), (c), (d) and (f), one of each per round", flush=True)
        measured = interleaved(
            runs,
            {
                "first": (build_args, lambda: cache.unlink(missing_ok=True)),
                "build": (build_args, lambda: None),
                "floor": (["-c", FLOOR, str(job)], lambda: None),
                # One process: a build, then two rebuilds after one-word edits, each timed inside.
                "warm": (["-c", WARM, str(project), str(section), "2", str(rebuilds)], lambda: None),
                "check": (["-m", "briefing", "check", str(project)], lambda: None),
                "copies": (
                    ["-m", "briefing", "distribute", str(project), "--recipients", str(recipients)],
                    lambda: shutil.rmtree(copies_dir, ignore_errors=True),
                ),
            },
        )
        names = ("build", "first", "floor", "check", "copies")
        warm_cache, first, floor, check, copies = (measured[name] for name in names)
        rebuild = [t for line in rebuilds.read_text().splitlines() for t in json.loads(line)]
        pages = in_child("page_count", str(pdf))
        print("(e) scaling", flush=True)
        scaling = []
        for factor in SCALES:
            scaled = project if factor == 1 else scaled_project(folder, factor)
            if factor != 1:
                spawn(["-m", "briefing", "build", str(scaled)])  # draw its charts, keep its page numbers
            measured = (
                warm_cache if factor == 1 else repeat(max(1, runs // 2), ["-m", "briefing", "build", str(scaled)])
            )
            scaling.append((factor, in_child("page_count", str(scaled / "output" / "briefing.pdf")), measured))
        print("phase split", flush=True)
        phases = in_child("phase_split", str(project))

    lines = report(warm_cache, first, floor, rebuild, check, copies, pages, scaling, phases, runs)
    print("\n".join(lines))
    options.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nWrote {options.output}")


def report(
    warm_cache: Runs,
    first: Runs,
    floor: Runs,
    rebuild: list[float],
    check: Runs,
    copies: Runs,
    pages: object,
    scaling: list[tuple[int, object, Runs]],
    phases: object,
    runs: int,
) -> list[str]:
    warm = statistics.median(rebuild)
    lines = [
        f"Measured {datetime.date.today().isoformat()} on {machine()}; "
        f"median of {runs} rounds of fresh processes, each round taking (a), (a'), (b), (c), (d) and (f) in turn, so a machine that slows down slows all alike (spread min–max), bundled briefing of {pages} pages.",
        "",
        "| Measurement | Median (s) | Spread (s) | Peak memory (MiB) | Ratio |",
        "|---|---:|---:|---:|---|",
        f"| (a) `briefing build`, page numbers cached | {warm_cache.median:.2f} | {warm_cache.spread} | "
        f"{warm_cache.peak:.0f} | {warm_cache.median / floor.median:.2f}× the floor |",
        f"| (a') `briefing build`, first build (no cache) | {first.median:.2f} | {first.spread} | {first.peak:.0f} | "
        f"{first.median / floor.median:.2f}× the floor |",
        f"| (b) floor: WeasyPrint alone, same HTML, CSS, fonts, options | {floor.median:.2f} | {floor.spread} | "
        f"{floor.peak:.0f} | 1.00 |",
        f"| (c) warm rebuild after a one-word edit (watch) | {warm:.2f} | {min(rebuild):.2f}–{max(rebuild):.2f} | – | "
        f"{warm / warm_cache.median:.2f}× (a) |",
        f"| (d) `briefing check` | {check.median:.2f} | {check.spread} | {check.peak:.0f} | – |",
        f"| (f) `briefing distribute`, {COPIES} copies | {copies.median:.2f} | {copies.spread} | {copies.peak:.0f} | "
        f"{copies.median / warm_cache.median:.2f}× (a) |",
        "",
        "| Content | Pages | Build (s) | s/page | Peak memory (MiB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for factor, count, measured in scaling:
        lines.append(
            f"| {factor}× | {count} | {measured.median:.2f} | {measured.median / count:.3f} | {measured.peak:.0f} |"
        )
    total = dict((phase, seconds) for phase, seconds in phases)["whole build"]
    lines += ["", "| Phase of one build (cProfile, in process, after imports) | s | share |", "|---|---:|---:|"]
    for phase, seconds in phases:
        lines.append(f"| {phase} | {seconds:.2f} | {seconds / total:.0%} |")
    return lines


if __name__ == "__main__":
    main()
