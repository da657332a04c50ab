"""Property-based tests: whatever the YAML, loading ends in content or in file:line problems."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.checks import check_project
from briefing.project import Project

from conftest import FIXTURES, copy_project

VELD = FIXTURES / "veld"
FILES = [
    "content/briefing.yaml",
    "content/sources.yaml",
    *sorted(p.relative_to(VELD).as_posix() for p in (VELD / "content/sections").glob("*.yaml")),
]
# 60 examples a test keeps the suite quick; FUZZ_EXAMPLES=2000 for a long local run.
# No deadline and, in CI, a fixed seed: see the profiles in conftest.py.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    suppress_health_check=[HealthCheck.too_slow],
)


def assert_clean_outcome(project: Path) -> None:
    """Either the content loads, or every problem names a file in the project and a real position."""
    content, report = check_project(Project(project))
    if content.file is None:
        assert report.errors
    for problem in report.problems:
        assert (project / problem.path).is_file(), problem
        assert problem.line >= 1 and problem.col >= 1, problem
        assert problem.message and "\n" not in problem.message, problem


def mutated_copy(name: str, new_text: bytes) -> Path:
    folder = copy_project(VELD, Path(tempfile.mkdtemp(prefix="fuzz-")))
    (folder / name).write_bytes(new_text)
    return folder


def mutate(lines: list[str], op: str, index: int, junk: str) -> list[str]:
    index %= max(len(lines), 1)
    if op == "delete":
        return lines[:index] + lines[index + 1 :]
    if op == "duplicate":
        return lines[: index + 1] + lines[index:]
    if op == "insert":
        return lines[:index] + [junk] + lines[index:]
    if op == "replace":
        return lines[:index] + [junk] + lines[index + 1 :]
    if op == "indent":
        return lines[:index] + ["  " + lines[index]] + lines[index + 1 :] if lines else lines
    if op == "truncate":
        return lines[:index]
    return lines[:index] + [lines[index][: len(lines[index]) // 2]] + lines[index + 1 :] if lines else lines


@given(
    name=st.sampled_from(FILES),
    ops=st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "insert", "replace", "indent", "truncate", "halve"]),
            st.integers(min_value=0, max_value=500),
            st.one_of(
                st.text(max_size=40),
                st.sampled_from(
                    [
                        "  - [@",
                        "key: *alias",
                        "x: &a 1",
                        "- - -",
                        "  sumary: x",
                        "\t- tab",
                        "date: 2021-13-40",
                        "likelihood: maybe",
                        "source: nowhere",
                        "{",
                        "]: [",
                    ]
                ),
            ),
        ),
        min_size=1,
        max_size=4,
    ),
)
@FUZZ
def test_mutated_real_content(name, ops):
    """Lines deleted, repeated, replaced or garbled in the real content never cause a traceback."""
    lines = (VELD / name).read_text(encoding="utf-8").splitlines()
    for op, index, junk in ops:
        lines = mutate(lines, op, index, junk)
    folder = mutated_copy(name, "\n".join(lines).encode("utf-8", "surrogatepass"))
    try:
        assert_clean_outcome(folder)
    finally:
        shutil.rmtree(folder)


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@given(name=st.sampled_from(FILES), document=yaml_values)
@FUZZ
def test_random_yaml_documents(name, document):
    """Any YAML document in place of a content file ends in problems at file:line, never a crash."""
    folder = mutated_copy(name, yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))
    try:
        assert_clean_outcome(folder)
    finally:
        shutil.rmtree(folder)


@given(name=st.sampled_from(FILES), raw=st.binary(max_size=200))
@FUZZ
def test_random_bytes(name, raw):
    """Arbitrary bytes in place of a content file are refused cleanly."""
    folder = mutated_copy(name, raw)
    try:
        assert_clean_outcome(folder)
    finally:
        shutil.rmtree(folder)
