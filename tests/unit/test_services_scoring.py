"""Pure scoring of the graph services: strength, expertise, paths, grouping."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from graph.services.accounts import account_knower_score
from graph.services.expertise_profile import ConceptEvidence, EmployeeActivity, expertise_score
from graph.services.faq_grouping import default_group_count, group_questions
from graph.services.intro import path_score
from graph.services.lexicon import ConceptLexicon, search_terms
from graph.services.scores import weighted_sum
from graph.services.strength import (
    SharedInteraction,
    channel_weight,
    reciprocity,
    relationship_strength,
)

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def emails(
    count: int, own: str, other: str, days_ago: int = 1, **kw: object
) -> list[SharedInteraction]:
    return [
        SharedInteraction(
            f"{own}-{other}-{n}-{days_ago}",
            str(kw.get("kind", "email")),
            NOW - timedelta(days=days_ago + n),
            own,
            other,
            kw.get("recipients"),  # type: ignore[arg-type]
        )
        for n in range(count)
    ]


def assert_decomposes(total: float, components: dict) -> None:  # type: ignore[type-arg]
    assert math.isclose(total, sum(c.contribution for c in components.values()), abs_tol=1e-5)


def test_weighted_sum_decomposes() -> None:
    total, parts = weighted_sum({"a": 0.25, "b": 1.0}, {"a": 0.5, "b": 0.5})
    assert total == 0.625
    assert_decomposes(total, parts)


def test_two_way_beats_one_way_and_silence_has_no_reciprocity() -> None:
    one_way = emails(6, "from", "to")
    two_way = emails(3, "from", "to") + emails(3, "to", "from", days_ago=2)
    assert reciprocity(one_way) == 0.0
    assert reciprocity(two_way) == 1.0
    assert (
        relationship_strength(two_way, NOW).strength > relationship_strength(one_way, NOW).strength
    )


def test_meetings_beat_mass_email_and_recent_beats_old() -> None:
    assert (
        channel_weight("meeting", None) > channel_weight("email", 1) > channel_weight("email", 40)
    )
    meetings = emails(3, "attendee", "attendee", kind="meeting")
    blasts = emails(3, "from", "to", recipients=40)
    assert (
        relationship_strength(meetings, NOW).strength > relationship_strength(blasts, NOW).strength
    )
    recent = relationship_strength(emails(3, "attendee", "attendee", 1, kind="call"), NOW)
    old = relationship_strength(emails(3, "attendee", "attendee", 400, kind="call"), NOW)
    assert recent.strength > old.strength
    assert_decomposes(recent.strength, recent.components)


def test_longer_relationships_score_tenure() -> None:
    long = emails(2, "attendee", "attendee", 1, kind="call") + emails(
        2, "attendee", "attendee", 700, kind="call"
    )
    short = emails(4, "attendee", "attendee", 1, kind="call")
    assert (
        relationship_strength(long, NOW).components["tenure"].value
        > relationship_strength(short, NOW).components["tenure"].value
    )


def test_account_roll_up_rewards_breadth() -> None:
    one, _ = account_knower_score([0.6])
    two, parts = account_knower_score([0.6, 0.5])
    assert two > one
    assert_decomposes(two, parts)


def test_expertise_grows_with_evidence() -> None:
    little = ConceptEvidence(answers=1, last_at=NOW)
    lots = ConceptEvidence(answers=10, accepted=4, votes=30, articles=1, last_at=NOW)
    low, _ = expertise_score(little, NOW)
    high, parts = expertise_score(lots, NOW)
    assert high > low
    assert_decomposes(high, parts)


def test_path_score_is_weakest_link_discounted_by_length() -> None:
    assert path_score([0.9, 0.3]) == (0.27, 0.3, 0.9)
    assert path_score([0.3])[0] > path_score([0.9, 0.3])[0]


def test_lexicon_finds_names_synonyms_and_taxonomy() -> None:
    lexicon = ConceptLexicon()
    lexicon.add("concept:sso", "SSO", ["single sign-on"], [])
    lexicon.add("concept:saml", "SAML", [], ["concept:sso"])
    assert lexicon.concepts_in("Single sign-on is broken") == {
        "concept:sso": 1.0,
        "concept:saml": 0.5,
    }
    assert search_terms("How do I (re)set SSO?") == "set sso"


def test_grouping_separates_obvious_topics() -> None:
    texts = [f"my card has not arrived yet {n}" for n in range(6)] + [
        f"how do I reset my password {n}" for n in range(6)
    ]
    grouping = group_questions(texts, groups=2)
    assert len(set(grouping.labels[:6])) == 1 and len(set(grouping.labels[6:])) == 1
    assert grouping.labels[0] != grouping.labels[6]
    assert default_group_count(200) == 10


def test_activity_decays_by_work_done_since_and_a_busy_history_remembers_longer() -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)

    def activity_of_one_answer(earlier: int, later: int) -> float:
        timeline = [start + timedelta(minutes=i) for i in range(earlier + 1 + later)]
        employee = EmployeeActivity()
        employee.saw("answer", False, timeline[earlier])
        return float(str(employee.row("e", timeline)["activity"]))

    assert activity_of_one_answer(0, 0) == 1.0
    assert math.isclose(activity_of_one_answer(0, 20), 0.5, abs_tol=0.001)
    assert math.isclose(activity_of_one_answer(0, 100), 1 / 32, abs_tol=0.001)
    # with 5,000 answers in all, the half-life is 2% of them: 100
    assert math.isclose(activity_of_one_answer(4899, 100), 0.5, abs_tol=0.001)
