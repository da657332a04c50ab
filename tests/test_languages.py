"""Test a briefing in another language: labels, dates, quotation marks and estimative terms in the PDF."""

from __future__ import annotations

import re

import pypdf
import pytest

from briefing.build import build
from briefing.project import Project

from conftest import edit, line_of, pdf_text, problems_of

FRENCH_JUDGMENTS = """key_judgments:
  - text: Il est très probable que le rationnement s’étende avant l’accord [@ledger-2024].
    likelihood: très probable
    confidence: moderate
  - text: Un accord en 2025 a des chances à peu près égales [@herald-2025].
    likelihood: chances à peu près égales
    confidence: low
  - text: Il est probable que les eaux souterraines restent sans règle [@herald-2025].
    likelihood: probable
    confidence: moderate
"""


def in_french(veld):
    """The Veld fixture with its fixed words in French; its English sources say so."""
    briefing_yaml = veld / "content/briefing.yaml"
    text = briefing_yaml.read_text(encoding="utf-8")
    text = text.replace("  language: en-GB", "  language: fr")
    text = re.sub(r"key_judgments:\n(?:  - .*\n(?:    .*\n)*)+", FRENCH_JUDGMENTS, text)
    briefing_yaml.write_text(text, encoding="utf-8")
    sources = veld / "content/sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("    kind:", "    language: en\n    kind:"), encoding="utf-8"
    )
    return veld


@pytest.fixture
def french_pdf(veld):
    result = build(Project(in_french(veld)))
    assert result.warnings == []
    return pypdf.PdfReader(result.pdf)


def test_french_labels_dates_and_quotes(french_pdf):
    """A briefing in French prints French headings, dates, page numbers and quotation marks."""
    text = pdf_text(french_pdf)
    for words in (
        "Sommaire",
        "Principales évaluations",
        "POINTS CLÉS",
        "L’ESSENTIEL",
        "Qu’est-ce qui change ?",
        "15 juillet 2025",
        "CHIFFRES CLÉS",
        "Là où les sources divergent",
        "Confiance modérée",
        "Très probable (80–95%)",
    ):
        assert words in text, words
    # Guillemets with a narrow no-break space inside (pypdf reads the space as a plain one).
    # How current, with the approximate date of the newest source: "au vers juin 2025" read wrongly.
    assert re.search(r"État des informations\s?: vers juin 2025", text)
    assert re.search(r"«\s?Rationing is no longer a question of if, but of when\.\s?»", text)
    assert "Contents" not in text and "Key judgments" not in text
    assert french_pdf.trailer["/Root"]["/Lang"] == "fr"


def test_a_french_judgment_must_use_french_terms(veld):
    """In French, 'probable' is the scale's own term; an English term is not on the French scale."""
    in_french(veld)
    briefing_yaml = veld / "content/briefing.yaml"
    edit(briefing_yaml, "    likelihood: probable\n", "    likelihood: likely\n")
    line = line_of(briefing_yaml, "likelihood: likely")
    assert problems_of(veld) == [
        f"content/briefing.yaml:{line}:5: error: 'likely' is not on the ICD 203 likelihood scale; use one of: "
        "presque aucune chance, très improbable, improbable, chances à peu près égales, probable, très probable, "
        "presque certain"
    ]


def test_french_numbers_in_prose(veld):
    """A French briefing writes 3,1 millions; its English source's 3.1 million matches."""
    in_french(veld)
    edit(
        veld / "content/briefing.yaml",
        "why_it_matters: 3.1 million people",
        "why_it_matters: 3,1 millions de personnes",
    )
    assert problems_of(veld) == []


def test_label_overrides(veld):
    """A project renames a fixed word under labels:; an unknown key is an error with a suggestion."""
    briefing_yaml = veld / "content/briefing.yaml"
    briefing_yaml.write_text(
        briefing_yaml.read_text(encoding="utf-8") + "labels:\n  key_judgments: Assessments\n  key_judgement: x\n",
        encoding="utf-8",
    )
    line = line_of(briefing_yaml, "key_judgement: x")
    assert problems_of(veld) == [
        f"content/briefing.yaml:{line}:3: error: unknown label 'key_judgement'; did you mean 'key_judgments'?"
    ]
    edit(briefing_yaml, "  key_judgement: x\n", "")
    result = build(Project(veld))
    titles = [item.title for item in pypdf.PdfReader(result.pdf).outline if not isinstance(item, list)]
    assert titles[0] == "Assessments"
