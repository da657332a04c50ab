"""Test HTML rendering: date formats, strict templates, escaping and back-reference selection."""

from __future__ import annotations

from briefing.checks import check
from briefing.labels import labels_for
from briefing.load import load_project
from briefing.model import Published, TimelineEvent
from briefing.project import Project
from briefing.render import first_anchor_per_page, format_when, render_html


def test_format_when_uses_label_and_approximation():
    """One helper prints every date: the label if any, else the date, with 'c.' when approximate."""
    labels = labels_for("en-GB")
    event = TimelineEvent(date="2021-11", label="Early Nov 2021", approximate=True, event="E", source="a")
    assert format_when(event, labels, "short") == "c. Early Nov 2021"
    assert format_when(TimelineEvent(date="2021-11-03", event="E", source="a"), labels, "short") == "3 Nov 2021"
    assert format_when(Published(date="2022-10", approximate=True), labels) == "c. October 2022"
    assert format_when(Published(date="2022-10", approximate=True), labels_for("fr")) == "vers octobre 2022"


def test_first_anchor_per_page():
    """Only the first mark of a source on each page is kept for the appendix."""
    anchors = {"a": ["cite-1-1", "cite-1-2", "cite-1-3"], "b": ["cite-2-1"]}
    pages = {"cite-1-1": 4, "cite-1-2": 4, "cite-1-3": 6, "cite-2-1": 4}
    assert first_anchor_per_page(anchors, pages) == {"cite-1-1", "cite-1-3", "cite-2-1"}


def rendered(project) -> tuple[str, object]:
    content = load_project(Project(project))
    report = check(content)
    return render_html(content.complete(), report)


def test_text_is_escaped_in_plain_fields(minimal_project):
    """A title with markup prints as text, not as HTML."""
    briefing_yaml = minimal_project / "content/briefing.yaml"
    briefing_yaml.write_text(
        briefing_yaml.read_text().replace("title: A minimal briefing", "title: A <b>bold</b> & brave briefing"),
        encoding="utf-8",
    )
    html, _citer = rendered(minimal_project)
    assert "<title>A &lt;b&gt;bold&lt;/b&gt; &amp; brave briefing</title>" in html
    assert "<b>bold</b>" not in html


def test_every_source_in_appendix_with_backrefs(minimal_project):
    """The appendix has an entry per source, linking back to every citation when unfiltered."""
    html, citer = rendered(minimal_project)
    assert all(f'id="source-{n}"' in html for n in (1, 2))
    for anchors in citer.anchors.values():
        for anchor in anchors:
            assert f'id="{anchor}"' in html
            assert f'href="#{anchor}"' in html


def test_a_project_template_edited_between_renders_is_read_again(minimal_project):
    """`briefing watch` renders many times in one process; an edit to templates/ must show in the next."""
    templates = minimal_project / "templates"
    templates.mkdir()
    (templates / "colophon.html.j2").write_text('<aside id="colophon">First house colophon</aside>', encoding="utf-8")
    assert "First house colophon" in rendered(minimal_project)[0]
    (templates / "colophon.html.j2").write_text('<aside id="colophon">Second house colophon</aside>', encoding="utf-8")
    second = rendered(minimal_project)[0]
    assert "Second house colophon" in second and "First house colophon" not in second
