"""Pure scoring pieces of experts, the KB match and the FAQ labels."""

from __future__ import annotations

import doctest

import pytest

import graph.services.experts
from graph.services.expertise_evidence import CitedWork, matching_passage
from graph.services.expertise_profile import activity_now
from graph.services.expertise_topics import TopicalEvidence
from graph.services.experts import PRIOR_FLOOR, candidate_values, prior_of, topical_relevance
from graph.services.faq import distinctive_phrases, label_words
from graph.services.kb_match import WordRarity, content_stems


def test_matching_passage_picks_the_sentence_with_the_question_words() -> None:
    text = "Thanks for asking. Rotate the SAML certificate first. Then test the login."
    assert matching_passage(text, "SAML certificate", width=40).startswith("Rotate the SAML")
    assert matching_passage("", "anything") == ""
    long = "word " * 100
    assert len(matching_passage(long, "word", width=50)) <= 50


def test_cited_work_keeps_statements_whole() -> None:
    statement = CitedWork("msg:1", "Priya is our expert on SSO. Ask her.", "stated", whole=True)
    assert statement.evidence("SSO").snippet == "Priya is our expert on SSO. Ask her."
    article = CitedWork("kb:1", "Unrelated. Configure SSO here.", "wrote", prefix="SSO guide")
    assert article.evidence("configure SSO").snippet == "SSO guide: Configure SSO here."


def test_prior_scales_between_the_floor_and_one() -> None:
    assert prior_of(0.0, 5.0).factor == PRIOR_FLOOR
    assert prior_of(5.0, 5.0).factor == 1.0
    assert PRIOR_FLOOR < prior_of(1.0, 5.0).factor < 1.0
    assert prior_of(3.0, 0.0).factor == PRIOR_FLOOR  # nobody active: no one is favoured


def test_expert_scoring_doctests_pass() -> None:
    assert doctest.testmod(graph.services.experts).failed == 0


def test_without_observed_work_the_prior_has_nothing_to_multiply() -> None:
    assert topical_relevance({"documents": 0.0, "concepts": 0.0, "stated": 1.0}) == 0.0
    assert topical_relevance({"documents": 1.0, "concepts": 1.0}) == 1.0
    weak = topical_relevance({"documents": 0.1, "concepts": 0.0})
    assert 0.0 < weak < topical_relevance({"documents": 0.5, "concepts": 0.0}) < 1.0


def test_observed_components_combine_log_linearly() -> None:
    """A gap on documents weighs the same whatever the concept work: relevance ratios, not
    sums (a sum would let a strong component drown the other's differences)."""

    def ratio(concepts: float) -> float:
        strong = topical_relevance({"documents": 0.9, "concepts": concepts})
        weak = topical_relevance({"documents": 0.3, "concepts": concepts})
        return strong / weak

    assert ratio(0.05) == pytest.approx(ratio(1.0))
    assert ratio(1.0) > 1.0


def test_candidate_values_scale_against_the_best_candidate() -> None:
    found = TopicalEvidence()
    found.raw["employee:a"]["documents"] += 4.0
    found.raw["employee:b"]["documents"] += 1.0
    found.raw["employee:b"]["concepts"] += 0.5
    values = candidate_values(found, {"employee:a": 1.0, "employee:b": 4.0})
    a_values, a_factor = values["employee:a"]
    b_values, b_factor = values["employee:b"]
    assert a_values["documents"] == 1.0 and b_values["concepts"] == 1.0
    assert 0.0 < b_values["documents"] < 1.0 and a_values["concepts"] == 0.0
    assert b_factor == 1.0 and PRIOR_FLOOR < a_factor < 1.0


def test_a_prior_computed_earlier_decays_with_the_work_since() -> None:
    assert activity_now(4.0, 100, 100) == 4.0
    assert activity_now(4.0, 100, 120) == pytest.approx(2.0)
    assert activity_now(4.0, 120, 100) == 4.0  # never grows


def test_coverage_weighs_rare_words_more() -> None:
    rarity = WordRarity(["please email the team", "email update", "email soon"] * 40)
    question = content_stems("schedule a weekly email")
    assert question == ["schedul", "week", "email"]
    only_common = rarity.coverage(question, {"email"})
    only_rare = rarity.coverage(question, {"schedul"})
    assert only_rare > only_common > 0
    assert rarity.coverage(question, set(question)) == 1.0
    assert rarity.coverage([], {"email"}) == 0.0


def test_faq_labels_are_content_words_and_pairs() -> None:
    assert "just" not in label_words("I just want to know how to get my invoice")
    texts = [
        "Can we schedule dashboards to be emailed weekly?",
        "Schedule dashboards emailed weekly please",
        "Where is my invoice for last month?",
        "Download last month invoice",
    ]
    phrases = distinctive_phrases(texts, {0: [0, 1], 1: [2, 3]})
    assert set(phrases[1][:2]) == {"invoice", "month"}
    assert phrases[0][0] in {"schedule dashboards", "dashboards emailed", "emailed weekly"}
    # A word inside a chosen pair is not repeated on its own.
    assert not {"schedule", "dashboards", "emailed", "weekly"} & set(phrases[0])
