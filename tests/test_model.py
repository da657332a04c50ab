"""Test the content model: every field says what it is, and every section content type is printed."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import BaseModel

from briefing.model import (
    FIGURE,
    PLAIN,
    PRINTED_FIELDS,
    PROSE,
    QUOTE,
    SOURCE_REF,
    Printed,
    SectionFile,
    _printed_fields,
    leaves,
)


def section(**extra) -> SectionFile:
    return SectionFile.model_validate({"title": "T", "summary": "S [@a]", "key_points": ["P [@b]"], **extra})


def test_leaves_know_their_kind():
    """Strings come out with the kind their field declares: prose, plain, quote, figure or source id."""
    content = section(
        quotes=[{"text": "Q", "speaker": "Sp", "role": "R", "source": "a"}],
        figures=[{"value": "5", "measures": "M", "period": "2020", "producer": "Pr", "source": "b", "note": "N"}],
    )
    kinds = {leaf.path: leaf.kind for leaf in leaves(content)}
    assert kinds[("title",)] is PLAIN
    assert kinds[("summary",)] is PROSE
    assert kinds[("key_points", 0)] is PROSE
    assert kinds[("quotes", 0, "text")] is QUOTE
    assert kinds[("quotes", 0, "speaker")] is PLAIN
    assert kinds[("quotes", 0, "source")] is SOURCE_REF
    assert kinds[("figures", 0, "value")] is FIGURE
    assert kinds[("figures", 0, "note")] is PROSE
    assert kinds[("figures", 0, "producer")] is PLAIN


def test_a_figure_note_knows_its_figures_source():
    """A string's owner is the model holding it, so a note is traced to its figure's source."""
    content = section(
        figures=[{"value": "5", "measures": "M", "period": "2020", "producer": "Pr", "source": "b", "note": "N"}]
    )
    (note,) = [leaf for leaf in leaves(content) if leaf.path == ("figures", 0, "note")]
    assert note.sibling_source == "b"


def test_ratings_in_a_mapping_are_prose():
    """Strings inside a dict of models (the options' ratings) are found with their kind."""
    content = section(
        options=[
            {
                "name": "O",
                "description": "D",
                "advantages": ["A"],
                "risks": ["R"],
                "advocates": ["V"],
                "ratings": {"cost": {"rating": "low", "basis": "B [@a]"}},
            }
        ]
    )
    kinds = {leaf.path: leaf.kind for leaf in leaves(content)}
    assert kinds[("options", 0, "ratings", "cost", "basis")] is PROSE
    assert kinds[("options", 0, "ratings", "cost", "rating")] is PLAIN


def test_blocks_follow_the_declared_order():
    """A section's content types print in the order SectionFile declares them, empty ones skipped."""
    content = section(quotes=[{"text": "Q", "speaker": "Sp", "role": "R", "source": "a"}])
    assert [block.field for block in content.blocks()] == ["key_points", "quotes"]
    assert list(PRINTED_FIELDS)[:3] == ["maps", "charts", "key_points"]


def test_a_content_type_without_a_partial_is_refused():
    """A section field with no Printed marker cannot be declared: it would validate and never print."""

    class Forgetful(BaseModel):
        title: str
        boxes: list[str] = []

    with pytest.raises(TypeError, match=r"Forgetful.boxes has no Printed\(...\) marker"):
        _printed_fields(Forgetful, heading={"title"})

    class Careful(BaseModel):
        title: str
        boxes: Annotated[list[str], Printed("box")] = []

    assert _printed_fields(Careful, heading={"title"}) == {"boxes": Printed("box")}
