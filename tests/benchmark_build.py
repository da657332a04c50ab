"""Benchmark whole builds of the bundled briefing: cold (charts drawn) and warm (charts cached).

Run by hand, not by pytest: `python tests/benchmark_build.py [RUNS]`. Each build runs in
a fresh process, as a user's would, and reports whether it imported matplotlib.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROGRAM = """
import sys, time
started = time.perf_counter()
from briefing.build import build
from briefing.project import Project
result = build(Project.find(sys.argv[1]))
print(time.perf_counter() - started, result.charts_drawn, "matplotlib" in sys.modules)
"""


def one_build(project: Path) -> tuple[float, int, bool]:
    out = subprocess.run([sys.executable, "-c", PROGRAM, str(project)], capture_output=True, text=True, check=True)
    seconds, drawn, imported = out.stdout.split()
    return float(seconds), int(drawn), imported == "True"


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        for name in ("content", "styles"):
            shutil.copytree(REPO / name, project / name)
        cold, warm = [], []
        for _ in range(runs):
            shutil.rmtree(project / "output", ignore_errors=True)
            cold.append(one_build(project))
            warm.append(one_build(project))
    for label, results in (("cold (charts drawn)", cold), ("warm (charts cached)", warm)):
        seconds = [r[0] for r in results]
        print(
            f"{label:22} median {statistics.median(seconds):.2f} s over {runs} runs; "
            f"charts drawn {results[0][1]}; matplotlib imported: {results[0][2]}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
