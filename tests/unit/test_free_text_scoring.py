"""Free-text objects match on content words, with plural and verb endings stripped."""

from __future__ import annotations

import pytest

from nlp.scoring import content_words, free_text_matches


@pytest.mark.parametrize("word", ["quote", "quotes", "quoted", "quoting"])
def test_a_words_forms_share_one_stem(word: str) -> None:
    assert content_words(word) == {"quot"}


@pytest.mark.parametrize(
    ("gold", "predicted", "matches"),
    [
        ("quotes in South African rand rather than US dollars", "the quote in rand, not dollars",
         True),
        ("send the revised quote", "send the revised pricing sheet", True),
        ("webhook push rather than polling the API", "a push model", False),
        ("data hosted in Australia", "Australian hosting", False),
    ],
)  # fmt: skip
def test_half_the_gold_objects_content_words_must_be_predicted(
    gold: str, predicted: str, matches: bool
) -> None:
    assert free_text_matches(gold, predicted) is matches
