"""A deciding body as a sentence's subject speaks for the organisation, not the writer."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from nlp.pipeline import model_path
from nlp.syntax import clause_subject, is_collective_body


@pytest.fixture(scope="module")
def parser() -> Language:
    return spacy.load(model_path())


@pytest.mark.parametrize(
    ("sentence", "word", "body"),
    [
        ("The board approved a pilot of Lantern for the Boston office.", "Lantern", True),
        ("Our finance committee wants a quote for Lantern.", "Lantern", True),
        ("Dana approved a pilot of Lantern for the Boston office.", "Lantern", False),
        ("The dashboard shows Lantern data every morning.", "Lantern", False),
    ],
)
def test_a_deciding_body_is_told_from_a_person_or_a_thing(
    parser: Language, sentence: str, word: str, body: bool
) -> None:
    doc = parser(sentence)
    subject = clause_subject(next(t for t in doc if t.text == word))
    assert subject is not None
    assert is_collective_body(subject) is body
