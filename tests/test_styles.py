"""Test the look: the package's default style, a house style on top, project templates, and the paper size."""

from __future__ import annotations

import re

import pdfplumber
import pypdf
import pytest

from briefing.build import build
from briefing.project import Project

from conftest import pdf_text

#: The default accent (briefing/assets/briefing.css) and the bundled house style's (styles/briefing.css), as RGB.
DEFAULT_ACCENT = (0x2F / 255, 0x3E / 255, 0x4E / 255)
HOUSE_ACCENT = (0x1D / 255, 0x3A / 255, 0x5C / 255)
#: Words of the bundled briefing's topic, none of which belongs in a briefing on another subject.
BUNDLED_TOPIC = (
    "Taliban",
    "TTP",
    "Pakistan",
    "Afghanistan",
    "Kabul",
    "Islamabad",
    "Khyber",
    "Waziristan",
    "PIPS",
    "jihad",
    "militant",
    "open-source news reports",
    "attacks and deaths",
)


def heading_colour(pdf_path, heading: str) -> tuple[float, ...]:
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            words = [c for c in page.chars if c["text"] == heading[0]]
            for char in words:
                line = "".join(c["text"] for c in page.chars if abs(c["top"] - char["top"]) < 1)
                if line.startswith(heading):
                    return tuple(round(v, 3) for v in char["non_stroking_color"])
    raise AssertionError(f"{heading} not found")


def test_a_project_without_styles_prints_styled(veld_build):
    """With no styles/ folder the package's default style applies: its fonts and its accent colour."""
    assert not (veld_build.pdf.parent.parent / "styles").exists()
    reader = pypdf.PdfReader(veld_build.pdf)
    fonts = {
        str(f.get_object()["/BaseFont"]).split("+")[-1] for p in reader.pages for f in p["/Resources"]["/Font"].values()
    }
    assert any(name.startswith("Source-Sans-Pro") for name in fonts)
    assert heading_colour(veld_build.pdf, "Contents") == tuple(round(v, 3) for v in DEFAULT_ACCENT)


def test_a_house_style_rebrands_on_top_of_the_default(bundled_build):
    """The bundled briefing's styles/briefing.css changes its accent colour, and only what it names."""
    assert heading_colour(bundled_build.pdf, "Contents") == tuple(round(v, 3) for v in HOUSE_ACCENT)


def test_nothing_of_the_bundled_briefing_in_another_briefing(veld_pdf):
    """A briefing on another topic prints no word of the bundled briefing's subject, About page included."""
    text = pdf_text(veld_pdf)
    assert [word for word in BUNDLED_TOPIC if re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)] == []


def test_a_project_template_overrides_the_package_one(veld):
    """templates/partials/box.html.j2 in the project replaces the package's, as MkDocs' custom_dir does."""
    (veld / "templates/partials").mkdir(parents=True)
    (veld / "templates/partials/box.html.j2").write_text(
        '{% for box in items %}<aside class="box"><p>IN FOCUS: {{ box.title }}</p></aside>{% endfor %}',
        encoding="utf-8",
    )
    text = pdf_text(pypdf.PdfReader(build(Project(veld)).pdf))
    assert "IN FOCUS: Where the water goes" in text


def test_a_template_outside_the_project_is_refused(run, veld, tmp_path):
    """A project template that is a symlink out of the project is not read."""
    (tmp_path / "evil.html.j2").write_text("{{ 7 * 7 }}")
    (veld / "templates/partials").mkdir(parents=True)
    (veld / "templates/partials/box.html.j2").symlink_to(tmp_path / "evil.html.j2")
    result = run("build", veld)
    assert result.exit_code == 1
    assert (
        "template 'templates/partials/box.html.j2' cannot be used: template 'templates/partials/box.html.j2' lies outside the project"
        in result.stderr
    )


def test_templates_run_in_a_sandbox(run, veld):
    """A project template cannot reach Python internals (and so the file system) through the objects it is given."""
    (veld / "templates/partials").mkdir(parents=True)
    (veld / "templates/partials/box.html.j2").write_text("{{ md.__init__.__globals__ }}", encoding="utf-8")
    result = run("build", veld)
    assert result.exit_code != 0
    assert "__globals__" not in (veld / "output").as_posix()


@pytest.mark.parametrize(
    ("meta_paper", "option", "size"),
    [
        ("a4", None, (595, 842)),
        ("letter", None, (612, 792)),
        ("letter", "a4", (595, 842)),
        ("a4", "letter", (612, 792)),
    ],
)
def test_paper_from_the_content_and_the_command_line(veld, meta_paper, option, size):
    """meta.paper sets the paper; --paper overrides it."""
    briefing_yaml = veld / "content/briefing.yaml"
    briefing_yaml.write_text(
        briefing_yaml.read_text(encoding="utf-8").replace(
            "  language: en-GB", f"  language: en-GB\n  paper: {meta_paper}"
        ),
        encoding="utf-8",
    )
    result = build(Project(veld), paper=option)
    page = pypdf.PdfReader(result.pdf).pages[0]
    assert tuple(round(float(v)) for v in page.mediabox[2:]) == size
