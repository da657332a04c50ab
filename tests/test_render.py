"""Test HTML rendering: date formats, strict templates and back-reference selection."""

from __future__ import annotations

import pytest

from briefing.checks import check
from briefing.load import load_project
from briefing.project import Project
from briefing.render import first_anchor_per_page, format_date, render_html


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        ("2021-08-15", "long", "15 August 2021"),
        ("2021-08-15", "short", "15 Aug 2021"),
        ("2022-05", "long", "May 2022"),
        ("2007", "long", "2007"),
    ],
)
def test_format_date(value, style, expected):
    """Full and partial ISO dates print as a reader expects."""
    assert format_date(value, style) == expected


def test_first_anchor_per_page():
    """Only the first mark of a source on each page is kept for the appendix."""
    anchors = {"a": ["cite-1-1", "cite-1-2", "cite-1-3"], "b": ["cite-2-1"]}
    pages = {"cite-1-1": 4, "cite-1-2": 4, "cite-1-3": 6, "cite-2-1": 4}
    assert first_anchor_per_page(anchors, pages) == {"cite-1-1", "cite-1-3", "cite-2-1"}


def test_text_is_escaped_in_plain_fields(minimal_project):
    """A title with markup prints as text, not as HTML."""
    briefing_yaml = minimal_project / "content/briefing.yaml"
    briefing_yaml.write_text(
        briefing_yaml.read_text().replace("title: A minimal briefing", "title: A <b>bold</b> & brave briefing"),
        encoding="utf-8",
    )
    briefing = load_project(Project(minimal_project))
    html, _citer = render_html(briefing, check(briefing))
    assert "<title>A &lt;b&gt;bold&lt;/b&gt; &amp; brave briefing</title>" in html
    assert "<b>bold</b>" not in html


def test_every_source_in_appendix_with_backrefs(minimal_project):
    """The appendix has an entry per source, linking back to every citation when unfiltered."""
    briefing = load_project(Project(minimal_project))
    html, citer = render_html(briefing, check(briefing))
    assert 'id="source-1"' in html and 'id="source-2"' in html
    for anchors in citer.anchors.values():
        for anchor in anchors:
            assert f'id="{anchor}"' in html
            assert f'href="#{anchor}"' in html
