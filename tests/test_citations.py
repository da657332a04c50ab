"""Test citation parsing, numbering and the inline Markdown renderer's escaping."""

from __future__ import annotations

from briefing.citations import Citer, InlineRenderer, find_citations


def render(text: str, numbers=None) -> str:
    return str(InlineRenderer(Citer(numbers or {"a": 1, "b": 2, "c": 3}))(text))


def test_find_citations_single_and_grouped():
    """Both [@id] and [@a; @b] are found, with their offsets."""
    found, malformed = find_citations("One [@a]. Two [@b; @c].")
    assert [(c.ids, c.start) for c in found] == [(("a",), 4), (("b", "c"), 14)]
    assert malformed == []


def test_find_citations_malformed():
    """An unclosed group and a group with a bad id are both reported."""
    _found, malformed = find_citations("x [@a y [@ b] z")
    assert malformed == [
        (2, "citation '[@' is never closed; end it with ']'"),
        (8, "malformed citation '[@ b]'; write [@id] or [@id; @other]"),
    ]


def test_numbers_follow_source_order_not_first_use():
    """[@c] cited first is still 3: a source's number is its place in sources.yaml."""
    html = render("First [@c], then [@a].")
    assert '<a class="cite-link" href="#source-3" id="cite-3-1">3</a>' in html
    assert '<a class="cite-link" href="#source-1" id="cite-1-1">1</a>' in html


def test_grouped_marks_sorted_and_anchors_unique():
    """A group prints in number order; every mark has its own anchor for back-references."""
    citer = Citer({"a": 1, "b": 2})
    inline = InlineRenderer(citer)
    html = str(inline("x [@b; @a]")) + str(inline("y [@a]"))
    assert html.index('href="#source-1"') < html.index('href="#source-2"')
    assert citer.anchors == {"a": ["cite-1-1", "cite-1-2"], "b": ["cite-2-1"]}


def test_raw_html_is_escaped():
    """HTML typed into a text field prints as text; nothing passes through."""
    html = render('<img src="file:///etc/passwd"> <script>alert(1)</script> & done')
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=“file:///etc/passwd”&gt;" in html
    assert "&amp; done" in html


def test_markdown_emphasis_and_safe_links():
    """Emphasis and http(s)/mailto links render; javascript: links do not become links."""
    html = render("*a* **b** [site](https://example.org) [mail](mailto:x@example.org) [bad](javascript:alert(1))")
    assert "<em>a</em>" in html and "<strong>b</strong>" in html
    assert '<a href="https://example.org">site</a>' in html
    assert '<a href="mailto:x@example.org">mail</a>' in html
    assert 'href="javascript' not in html


def test_typography():
    """Straight quotes become curly and double hyphens en dashes, as in print."""
    assert render('"quoted" 2021--22') == "“quoted” 2021–22"


def test_a_short_run_of_numbers_never_breaks_a_long_one_may():
    """Up to four numbers stay on one line (no number alone at a line's start); a longer run may break."""
    numbers = {name: n for n, name in enumerate("abcdef", start=1)}
    assert "<wbr>" not in render("x [@a; @b; @c; @d]", numbers)
    assert render("x [@a; @b; @c; @d; @e]", numbers).count(",<wbr>") == 4


def test_a_mark_after_a_numeral_keeps_its_distance():
    """'in 2021⁵' would read as a power: the mark after a digit gets a class the stylesheet spaces."""
    assert '<sup class="cite after-digit">' in render("in 2021 [@a].")
    assert '<sup class="cite">' in render("in August [@a].")
    assert '<sup class="cite">' in render("rose 42% [@a].")
