"""Test that every section content type the model declares is printed: none can validate and vanish."""

from __future__ import annotations

import re

from briefing.load import load_project
from briefing.model import PLAIN, PRINTED_FIELDS, leaves
from briefing.project import Project

from conftest import FIXTURES, pdf_text, squashed


def printed_words(value: str) -> str:
    """What a string prints as: no citation marks or Markdown, squashed, folded for case."""
    value = re.sub(r"\[@[^\]]*\]", "", value).replace("*", "")
    return re.sub("[\"'“”‘’]", "", squashed(value).casefold())


def test_the_fixture_has_every_content_type():
    """The Veld fixture exercises every Printed field, so the next test covers every content type."""
    content = load_project(Project(FIXTURES / "veld"))
    used = {block.field for section in content.sections for block in section.content.blocks()}
    assert used == set(PRINTED_FIELDS)


def test_every_content_type_appears_in_the_pdf(veld_pdf):
    """For every item of every content type, some text of it is on the page."""
    text = re.sub("[\"'“”‘’]", "", squashed(pdf_text(veld_pdf)).casefold())
    content = load_project(Project(FIXTURES / "veld"))
    for section in content.sections:
        for block in section.content.blocks():
            for index, item in enumerate(block.items):
                strings = (
                    [item]
                    if isinstance(item, str)
                    else [leaf.value for leaf in leaves(item) if leaf.kind is not PLAIN or len(leaf.value) > 3]
                )
                assert any(printed_words(s) in text for s in strings), (
                    f"{section.id}: {block.field}[{index}] not printed"
                )
