"""Test hostile and broken YAML at the command line: one line at file:line, exit 1, nothing changed."""

from __future__ import annotations

import pytest

from briefing import yamlfile

TALKS = "content/sections/talks.yaml"
LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (LAUGHS.encode(), f"{TALKS}:1:4: error: anchors (&name) are not allowed; write the value out"),
        (b"title: A\nsummary: B\ntitle: C\n", f"{TALKS}:3:1: error: duplicate key 'title' (first given on line 1); keep one"),
        (b"title: A\nkey_points:\n\t- x\n", f"{TALKS}:3:1: error: tab character in indentation; indent with spaces"),
        (b"title: caf\xe9\n", f"{TALKS}:1:11: error: not UTF-8 (byte 0xe9); save the file as UTF-8"),
        (b"", f"{TALKS}:1:1: error: file is empty; it needs at least the required fields"),
        (b"# only a comment\n", f"{TALKS}:1:1: error: file has no content, only comments; it needs at least the required fields"),
        (b"title: A\nsummary: \x00\n", f"{TALKS}:2:10: error: character U+0000 is not allowed in YAML; remove it"),
        (b"- just\n- a list\n", f"{TALKS}:1:1: error: the file must be a mapping of keys (key: value) at the top level"),
        (b"title: A\nsummary: B\nkey_points: [x]\ndate_of: 2021\n",
         f"{TALKS}:4:1: error: unknown key 'date_of'; allowed keys: analysis, charts, criteria, figures, key_points, options, quotes, summary, timeline, title"),
    ],
    ids=["billion-laughs", "duplicate-key", "tab", "not-utf8", "empty", "comments-only", "nul-byte", "not-a-mapping", "unknown-key"],
)
def test_bad_file(run, briefing_copy, raw, expected):
    """Each hostile or broken file gives its one line, exit 1, no traceback, and the old PDF stays."""
    (briefing_copy / TALKS).write_bytes(raw)
    earlier = briefing_copy / "output" / "briefing.pdf"
    earlier.parent.mkdir()
    earlier.write_bytes(b"%PDF earlier")
    result = run("build", briefing_copy)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if ": error: " in line] == [expected]
    assert earlier.read_bytes() == b"%PDF earlier"


def test_huge_file(run, briefing_copy, monkeypatch):
    """A file over the size limit is refused with the limit named."""
    monkeypatch.setattr(yamlfile, "MAX_BYTES", 10_000)
    (briefing_copy / TALKS).write_text("title: " + "x" * 20_000 + "\n", encoding="utf-8")
    result = run("check", briefing_copy)
    assert result.exit_code == 1
    assert result.stderr == f"{TALKS}:1:1: error: file is 20,008 bytes; the limit is 10,000: split it or trim it\n"
    assert result.stdout == "0 citations, 0 quotes verified, 0 figures traced, 1 error, 0 warnings\n"
