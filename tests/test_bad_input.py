"""Test hostile and broken YAML at the command line: one line at file:line, exit 1, nothing changed."""

from __future__ import annotations

import pytest

ACCORD = "content/sections/accord.yaml"
LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (LAUGHS.encode(), f"{ACCORD}:1:4: error: anchors (&name) are not allowed; write the value out"),
        (
            b"title: A\nsummary: B\ntitle: C\n",
            f"{ACCORD}:3:1: error: duplicate key 'title' (first given on line 1); keep one",
        ),
        (b"title: A\nkey_points:\n\t- x\n", f"{ACCORD}:3:1: error: tab character in indentation; indent with spaces"),
        (b"title: caf\xe9\n", f"{ACCORD}:1:11: error: not UTF-8 (byte 0xe9); save the file as UTF-8"),
        (b"", f"{ACCORD}:1:1: error: file is empty; it needs at least the required fields"),
        (
            b"# only a comment\n",
            f"{ACCORD}:1:1: error: file has no content, only comments; it needs at least the required fields",
        ),
        (b"title: A\nsummary: \x00\n", f"{ACCORD}:2:10: error: character U+0000 is not allowed in YAML; remove it"),
        (
            b"- just\n- a list\n",
            f"{ACCORD}:1:1: error: the file must be a mapping of keys (key: value) at the top level",
        ),
        (
            b"title: A\nsummary: B\nkey_points: [x]\ndate_of: 2021\n",
            f"{ACCORD}:4:1: error: unknown key 'date_of'; allowed keys: analysis, boxes, charts, criteria, figures, key_points, maps, options, quotes, summary, timeline, title",
        ),
    ],
    ids=[
        "billion-laughs",
        "duplicate-key",
        "tab",
        "not-utf8",
        "empty",
        "comments-only",
        "nul-byte",
        "not-a-mapping",
        "unknown-key",
    ],
)
def test_bad_file(run, veld, raw, expected):
    """Each hostile or broken file gives its one line, exit 1, no traceback, and the old PDF stays."""
    (veld / ACCORD).write_bytes(raw)
    earlier = veld / "output" / "briefing.pdf"
    earlier.parent.mkdir(exist_ok=True)
    earlier.write_bytes(b"%PDF earlier")
    result = run("build", veld)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if ": error: " in line] == [expected]
    assert earlier.read_bytes() == b"%PDF earlier"
