"""The HTML edition (build --format html): one self-contained page, tested as a reader's browser opens it."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from markupsafe import Markup

from briefing.drawings import inline_svg, labelled
from briefing.html_edition import external_references

from conftest import edit, line_of

#: Where the screenshots go, to be looked at (the test says so on failure, and -s prints it).
SCREENSHOTS = Path(os.environ.get("BRIEFING_SCREENSHOTS", "/tmp/briefing-screenshots"))


def in_view(watched, selector: str) -> bool:
    """Whether the element's top is inside the viewport: where a followed link should land."""
    return bool(
        watched.page.eval_on_selector(
            selector, "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"
        )
    )


# --- the file ---------------------------------------------------------------------------------------


def test_build_writes_one_self_contained_page(run, html_veld):
    """--format html writes output/briefing.html and nothing beside it that the page would need."""
    result = run("build", html_veld, "--format", "html")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(
        r"\d+ citations, .* 0 errors, 0 warnings\nWrote .*output/briefing\.html \(\d+\.\d MB\) in \d+\.\d s\n",
        result.stdout,
    )
    page = (html_veld / "output" / "briefing.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (html_veld / "output").iterdir()) == [".cache", "briefing.html"]
    assert external_references(page) == []
    assert "<img" not in page
    assert page.count("<svg") == 2  # the chart and the map, inline
    assert "@font-face" in page and "url(data:font/woff2;base64," in page
    assert "Content-Security-Policy" in page
    # The print-only machinery of the PDF never reaches the reader as text or empty links.
    assert 'class="counted"' not in page
    assert 'class="page"' not in page


def test_same_content_gives_the_same_bytes(veld_html, html_veld, run):
    """Two builds, in different folders, write byte-identical pages (no dates, paths or random ids)."""
    assert run("build", html_veld, "--format", "html").exit_code == 0
    assert (html_veld / "output" / "briefing.html").read_bytes() == veld_html.path.read_bytes()


def test_bad_content_reports_file_line_and_keeps_the_previous_page(run, html_veld):
    """A content error exits 1 with file:line, as build does, and leaves the last good page byte for byte."""
    assert run("build", html_veld, "--format", "html").exit_code == 0
    page = html_veld / "output" / "briefing.html"
    good = page.read_bytes()
    section = html_veld / "content" / "sections" / "supply.yaml"
    edit(section, "summary: Two failed", "sumary: Two failed")
    result = run("build", html_veld, "--format", "html")
    assert result.exit_code == 1
    line = line_of(section, "sumary:")
    assert f"content/sections/supply.yaml:{line}:1: error: unknown key 'sumary'" in result.stderr
    assert "nothing was written" in result.stderr
    assert page.read_bytes() == good
    assert sorted(p.name for p in page.parent.iterdir()) == [".cache", "briefing.html"]


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("content/briefing.html", "will not write the HTML to"),
        ("styles/briefing.html", "will not write the HTML to"),
        ("content/sources/herald-2025.txt", "will not write the HTML to"),
        ("output", "is a directory"),
    ],
)
def test_refuses_inputs_and_folders_as_the_target(run, html_veld, where, says):
    """-o into content/ or styles/, onto an archive or onto a folder is a usage error and writes nothing."""
    (html_veld / "styles").mkdir(exist_ok=True)
    result = run("build", html_veld, "--format", "html", "-o", html_veld / where)
    assert result.exit_code == 2, result.output
    assert says in result.stderr
    assert not (html_veld / "output" / "briefing.html").exists()


def test_refuses_a_device_as_the_target(run, html_veld, tmp_path):
    """A target that is not a regular file (a FIFO here, never the real /dev/null) is refused."""
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    result = run("build", html_veld, "--format", "html", "-o", fifo)
    assert result.exit_code == 2
    assert "it is not a regular file" in result.stderr


def test_pdf_only_options_are_refused(run, html_veld):
    """Options only a PDF can honour are usage errors with --format html, not silently ignored."""
    result = run("build", html_veld, "--format", "html", "--print-marks")
    assert result.exit_code == 2
    assert "--print-marks is for the PDF" in result.stderr
    assert run("build", html_veld, "--format", "html", "--edition", "brief").exit_code == 2


def test_html_flag_writes_the_edition_beside_the_pdf_and_says_it_is_deprecated(run, minimal_project, veld_html):
    """The old --html still writes the PDF and an HTML file beside it, now the HTML edition, with a note."""
    # The same Latin subset of the fonts serves every English briefing: no need to cut it again.
    shutil.copytree(veld_html.path.parent / ".cache" / "webfonts", minimal_project / "output" / ".cache" / "webfonts")
    result = run("build", minimal_project, "--html")
    assert result.exit_code == 0, result.output
    assert "--html is deprecated; use --format html" in result.stderr
    assert (minimal_project / "output" / "briefing.pdf").read_bytes().startswith(b"%PDF-")
    page = (minimal_project / "output" / "briefing.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "@font-face" in page


def test_a_template_that_points_at_a_file_is_refused(run, html_veld):
    """A project template linking a file beside the page fails the build, rather than writing a page that breaks."""
    templates = html_veld / "templates"
    templates.mkdir()
    cover = (Path(__file__).parent.parent / "briefing/templates/cover.html.j2").read_text(encoding="utf-8")
    (templates / "cover.html.j2").write_text(cover.replace("<h1>", '<img src="logo.png"><h1>'), encoding="utf-8")
    result = run("build", html_veld, "--format", "html")
    assert result.exit_code == 1
    assert "would refer to files or the network" in result.stderr
    assert "<img src='logo.png'>" in result.stderr
    assert not (html_veld / "output" / "briefing.html").exists()


def test_a_house_style_image_travels_in_the_page(run, html_veld):
    """A url() in a house style becomes a data: URL of the project file it names."""
    styles = html_veld / "styles"
    styles.mkdir(exist_ok=True)
    (styles / "mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', encoding="utf-8")
    (styles / "house.css").write_text("#cover { background: url(mark.svg) no-repeat; }\n", encoding="utf-8")
    result = run("build", html_veld, "--format", "html")
    assert result.exit_code == 0, result.output
    page = (html_veld / "output" / "briefing.html").read_text(encoding="utf-8")
    assert "url(data:image/svg+xml;base64," in page
    assert "mark.svg" not in page


def test_a_stylesheet_cannot_close_the_style_element(html_veld, run):
    """Text in a stylesheet that would end <style> stays inside it."""
    styles = html_veld / "styles"
    styles.mkdir(exist_ok=True)
    (styles / "house.css").write_text("/* </style><p id=injected>x</p> */\n", encoding="utf-8")
    assert run("build", html_veld, "--format", "html").exit_code == 0
    page = (html_veld / "output" / "briefing.html").read_text(encoding="utf-8")
    assert page.count("</style>") == 1
    assert "<\\/style><p id=injected>" in page


# --- drawings inline ----------------------------------------------------------------------------------


HOSTILE_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" viewBox="0 0 10 10">
  <style>* { display: none }</style>
  <script>alert(2)</script>
  <defs><clipPath id="c"><rect width="5" height="5"/></clipPath></defs>
  <g clip-path="url(#c)"><path d="M0 0L1 1" style="fill: url(http://evil.example/x)"/></g>
  <use xlink:href="#c"/><use xlink:href="http://evil.example/y#z"/>
  <image href="file:///etc/passwd"/>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
  <text>&lt;/svg&gt;&lt;script&gt;alert(3)&lt;/script&gt;</text>
</svg>"""


def test_an_inline_drawing_keeps_only_drawing():
    """Scripts, styles, handlers, foreign content and outside references go; ids get the drawing's prefix."""
    markup = inline_svg(HOSTILE_SVG, "svg-x")
    for gone in ("onload", "<style", "<script", "evil.example", "<image", "foreignObject", "passwd", "display: none"):
        assert gone not in markup
    assert 'id="svg-x-c"' in markup
    assert 'clip-path="url(#svg-x-c)"' in markup
    assert 'xlink:href="#svg-x-c"' in markup
    assert "&lt;/svg&gt;&lt;script&gt;" in markup
    named = labelled(markup, 'Storage "58" <b>')
    assert named.startswith('<svg role="img" aria-label="Storage &#34;58&#34; &lt;b&gt;"')
    assert isinstance(named, Markup)


def test_an_svg_with_entities_is_refused():
    """An SVG declaring entities (the billion laughs) is never parsed."""
    from briefing.errors import BriefingError

    with pytest.raises(BriefingError, match="declares XML entities"):
        inline_svg(b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "svg-y")


# --- in Chromium --------------------------------------------------------------------------------------


def test_opens_without_errors_or_requests(open_page, veld_html):
    """The page loads in Chromium with no console error and no request but for the file itself."""
    url = veld_html.path.as_uri()
    watched = open_page(url)
    watched.page.wait_for_load_state("load")
    assert watched.errors == []
    assert watched.requests == [url]
    # The embedded fonts are the ones the text is set in, not a system fallback.
    families = watched.page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert {"Source Serif Pro", "Source Sans Pro"} <= {family.strip("\"'") for family in families}


def test_a_citation_leads_to_its_source_and_back(open_page, veld_html):
    """Following a citation mark lands on the source entry; its back-link returns to that mark."""
    watched = open_page(veld_html.path.as_uri())
    page = watched.page
    mark = page.locator("#section-supply a.cite-link").first
    mark_id, target = mark.get_attribute("id"), mark.get_attribute("href")
    assert re.fullmatch(r"#source-\d+", target)
    mark.click()
    page.wait_for_function(f"location.hash === '{target}'")
    assert in_view(watched, target)
    back = page.locator(f'{target} a.backref[href="#{mark_id}"]')
    assert back.count() == 1
    back.click()
    page.wait_for_function(f"location.hash === '#{mark_id}'")
    assert in_view(watched, f"#{mark_id}")


def test_contents_links_lead_to_the_sections_without_page_numbers(open_page, veld_html):
    """Each contents entry is a link to a part of the page, and shows its title only."""
    page = open_page(veld_html.path.as_uri()).page
    entries = page.eval_on_selector_all("#contents li a", "as => as.map(a => [a.hash, a.innerText.trim()])")
    assert len(entries) >= 5
    for anchor, text in entries:
        heading = page.locator(f"{anchor} h2").first.inner_text().strip()
        assert text.endswith(heading), (text, heading)  # the title, and no page number after it
    empty = page.eval_on_selector_all("a", "as => as.filter(a => !a.innerText.trim()).map(a => a.outerHTML)")
    assert empty == []


def test_the_chart_and_the_map_are_inline_svg(open_page, veld_html):
    """The chart is drawn inline, named with its numbers for a screen reader, and set in the page's font."""
    page = open_page(veld_html.path.as_uri()).page
    chart = page.locator("figure.chart > svg")
    assert chart.count() == 1
    assert chart.get_attribute("role") == "img"
    assert "58 percent" in chart.get_attribute("aria-label")
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    assert "58 percent" in chart.locator("text").all_text_contents()
    assert page.locator("figure.map > svg").count() == 1
    assert page.locator("img").count() == 0


def test_fits_a_phone_and_looks_right(open_page, veld_html):
    """At 375 px the page never scrolls sideways; screenshots of the phone and desktop views are saved to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page = open_page(veld_html.path.as_uri(), width=width).page
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{overflow}px of horizontal overflow at {width}px"
        shot = SCREENSHOTS / f"html-edition-{width}.png"
        page.screenshot(path=shot, full_page=True)
        assert shot.stat().st_size > 20_000  # a page of text, not a blank one


def test_print_falls_back_to_the_pdf_look(open_page, veld_html):
    """In print, the screen stylesheet steps aside: the page is the PDF's, at the paper's width."""
    page = open_page(veld_html.path.as_uri()).page
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('#contents')).breakBefore") == "page"
