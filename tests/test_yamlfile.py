"""Test safe YAML loading: positions, and refusal of the inputs PyYAML would accept silently."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.yamlfile import read_yaml, scalar


def load(_tmp_path, text: str | bytes):
    return read_yaml(text if isinstance(text, bytes) else text.encode("utf-8"), "content/f.yaml")


def messages(problems) -> list[str]:
    return [problem.format() for problem in problems]


def test_positions_of_keys_and_items(tmp_path):
    """Every key and list item is recorded with its 1-based line and column."""
    doc, problems = load(tmp_path, "title: T\nitems:\n  - a\n  - b: 1\n")
    assert problems == []
    assert doc.data == {"title": "T", "items": ["a", {"b": 1}]}
    assert doc.where(("items", 1, "b")) == (4, 5)
    assert doc.where(("items", 0)) == (3, 5)
    # A path that is not in the file falls back to its nearest ancestor.
    assert doc.where(("items", 1, "missing")) == (4, 5)


def test_dates_stay_text(tmp_path):
    """Dates are left as written; the content model decides what a date is."""
    doc, _ = load(tmp_path, "date: 2021-08-15\n")
    assert doc.data == {"date": "2021-08-15"}


def test_duplicate_key_is_an_error(tmp_path):
    """PyYAML keeps the last of two equal keys silently; here it is an error at the second."""
    doc, problems = load(tmp_path, "title: A\nsummary: x\ntitle: B\n")
    assert doc is None
    assert messages(problems) == ["content/f.yaml:3:1: error: duplicate key 'title' (first given on line 1); keep one"]


def test_aliases_are_refused(tmp_path):
    """Anchors and aliases are refused, so a billion-laughs document cannot expand."""
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n"
    doc, problems = load(tmp_path, laughs)
    assert doc is None
    assert messages(problems) == ["content/f.yaml:1:4: error: anchors (&name) are not allowed; write the value out"]


def test_tab_indentation(tmp_path):
    """A tab in indentation is named at its line and column."""
    doc, problems = load(tmp_path, "items:\n\t- a\n")
    assert doc is None
    assert messages(problems) == ["content/f.yaml:2:1: error: tab character in indentation; indent with spaces"]


def test_not_utf8(tmp_path):
    """A Latin-1 file is refused at the byte that is not UTF-8."""
    doc, problems = load(tmp_path, "title: ok\nsummary: caf\xe9\n".encode("latin-1"))
    assert doc is None
    assert messages(problems) == ["content/f.yaml:2:13: error: not UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_empty_file(tmp_path):
    """An empty file says so instead of loading as None."""
    doc, problems = load(tmp_path, "\n  \n")
    assert doc is None
    assert messages(problems) == ["content/f.yaml:1:1: error: file is empty; it needs at least the required fields"]


def test_syntax_error_position(tmp_path):
    """A syntax error carries PyYAML's own reason at the line where it was found."""
    doc, problems = load(tmp_path, "title: A\nsummary: [unclosed\nnext: b\n")
    assert doc is None
    (problem,) = problems
    assert (problem.path, problem.line) == ("content/f.yaml", 3)
    assert problem.message.startswith("YAML syntax: ")


def test_custom_tags_are_refused(tmp_path):
    """Only YAML's standard tags are accepted; !python/... and the like are refused at their mark."""
    doc, problems = load(tmp_path, "title: !!str 2021\nsummary: !python/object:os.system x\n")
    assert doc is None
    assert messages(problems) == [
        "content/f.yaml:2:10: error: the tag '!python/object:os.system' is not allowed; remove it"
    ]
    doc, problems = load(tmp_path, "title: !!str 2021\n")
    assert doc.data == {"title": "2021"}


def test_obsolete_implicit_tags_are_text(tmp_path):
    """'=' and '<<' are text, not YAML 1.1's value and merge tags the safe loader cannot build."""
    doc, problems = load(tmp_path, "a: =\n'<<': b\n")
    assert problems == []
    assert doc.data == {"a": "=", "<<": "b"}


def test_standard_tag_on_wrong_value(tmp_path):
    """A standard tag on a value it cannot take is a problem at its mark, not a crash."""
    doc, problems = load(tmp_path, "title: A\ncount: !!int abc\n")
    assert doc is None
    assert messages(problems) == ["content/f.yaml:2:8: error: 'abc' is not a valid !!int"]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("A plain title", "A plain title"),
        ("Pakistan: a view", '"Pakistan: a view"'),
        ("yes", '"yes"'),
        ("1.0", '"1.0"'),
        ("# not a comment", '"# not a comment"'),
        ('Say "no"', 'Say "no"'),
        ("2022-01-15", "2022-01-15"),
    ],
)
def test_scalar_writes_plain_text_plainly(text, written):
    """A scalar is plain when it reads back as itself, and double-quoted otherwise."""
    assert scalar(text) == written


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")), min_size=1))
def test_scalar_reads_back_as_written(text):
    """Whatever one line of text holds, `key: <scalar>` reads back as that text."""
    doc, problems = read_yaml(f"key: {scalar(text)}\n".encode(), "content/f.yaml")
    assert problems == []
    assert doc.data == {"key": text}
