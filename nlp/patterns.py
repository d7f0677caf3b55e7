"""Trigger patterns for fact extraction, as plain data (spaCy Matcher token patterns).

Each `Trigger` names the relation, how to find the object (`mode`) and a base confidence
(about how often the pattern is right when its subject and object are linked):

- "after": known entities after the trigger in its clause (the first one and those
  coordinated with it; all of them when `all_objects`);
- "inside": known entities inside the trigger noun's phrase ("the Lantern trial");
- "clause_subject": the clause's subject is the object ("Compass keeps crashing") and the
  speaker is the subject;
- "role": the object is the role named by the trigger, the subject the person who has it;
- "commitment": the object is the verb phrase the subject commits to;
- "preference": a known entity when it is what is preferred, else the phrase as free text;
- "person_after": a person after the trigger (REPORTS_TO, INTRODUCED);
- "manager": "X's manager, Y" -> X REPORTS_TO Y.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Pattern = list[dict[str, Any]]


@dataclass(frozen=True)
class Trigger:
    relation: str
    mode: str
    confidence: float
    patterns: list[Pattern]
    role: str | None = None
    all_objects: bool = False
    anchor: int = 0  # index in the match of the token that carries the clause
    extra: dict[str, Any] = field(default_factory=dict)


def _words(*words: str) -> Pattern:
    return [{"LOWER": w} for w in words]


_NEG_ADJ = ["frustrated", "unhappy", "annoyed", "disappointed", "upset", "fed", "dissatisfied"]
_PRAISE_ADJ = ["happy", "pleased", "impressed", "delighted", "satisfied", "thrilled"]
_BAD_QUALITY = [
    "slow", "buggy", "broken", "unreliable", "clunky", "painful", "weak", "unusable",
    "confusing", "flaky", "unstable", "terrible", "awful",
]  # fmt: skip
_GOOD_QUALITY = [
    "great", "excellent", "fantastic", "brilliant", "amazing", "superb", "outstanding",
    "awesome", "solid", "invaluable", "terrific", "wonderful",
]  # fmt: skip
_ROLE_VERBS = ["hold", "own", "control", "manage", "have"]

TRIGGERS: dict[str, Trigger] = {
    # INTERESTED_IN
    "interested_in": Trigger(
        "INTERESTED_IN", "after", 0.9, [_words("interested", "in"), _words("interest", "in")]
    ),
    "keen_on": Trigger("INTERESTED_IN", "after", 0.85, [_words("keen", "on")]),
    "love_to_see": Trigger(
        "INTERESTED_IN",
        "after",
        0.85,
        [[{"LEMMA": "love"}, {"LOWER": "to"}, {"LEMMA": {"IN": ["see", "learn", "hear", "try"]}}]],
    ),
    "learn_more": Trigger("INTERESTED_IN", "after", 0.8, [_words("learn", "more", "about")]),
    "want": Trigger("INTERESTED_IN", "after", 0.7, [[{"LEMMA": "want", "POS": "VERB"}]]),
    "need": Trigger("INTERESTED_IN", "after", 0.7, [[{"LEMMA": "need", "POS": "VERB"}]]),
    "priority": Trigger(
        "INTERESTED_IN", "clause_subject", 0.7, [_words("the", "priority"), _words("a", "priority")]
    ),
    # COMPLAINED_ABOUT
    "complain": Trigger(
        "COMPLAINED_ABOUT", "after", 0.9, [[{"LEMMA": {"IN": ["complain", "complaint"]}}]]
    ),
    "negative_feeling": Trigger("COMPLAINED_ABOUT", "after", 0.85, [[{"LOWER": {"IN": _NEG_ADJ}}]]),
    "problem_with": Trigger(
        "COMPLAINED_ABOUT",
        "after",
        0.8,
        [[{"LEMMA": {"IN": ["issue", "problem", "trouble"]}}, {"LOWER": "with"}]],
    ),
    "lack_of": Trigger("COMPLAINED_ABOUT", "after", 0.75, [_words("lack", "of")]),
    "bugs": Trigger(
        "COMPLAINED_ABOUT", "inside", 0.7, [[{"LEMMA": {"IN": ["bug", "outage", "glitch"]}}]]
    ),
    "keeps_failing": Trigger(
        "COMPLAINED_ABOUT", "clause_subject", 0.8, [[{"LEMMA": "keep"}, {"TAG": "VBG"}]]
    ),
    "times_out": Trigger(
        "COMPLAINED_ABOUT",
        "clause_subject",
        0.8,
        [
            [{"LEMMA": "time"}, {"LOWER": "out"}],
            [{"LEMMA": {"IN": ["crash", "misroute", "fail", "break"]}, "POS": "VERB"}],
        ],
    ),
    "bad_quality": Trigger(
        "COMPLAINED_ABOUT", "clause_subject", 0.75, [[{"LOWER": {"IN": _BAD_QUALITY}}]]
    ),
    "hard_to_justify": Trigger(
        "COMPLAINED_ABOUT", "clause_subject", 0.75, [_words("hard", "to", "justify")]
    ),
    "hit_limits": Trigger(
        "COMPLAINED_ABOUT",
        "after",
        0.6,
        [[{"LEMMA": "hit", "POS": "VERB"}]],
        extra={"concepts_only": True},
    ),
    # PRAISED
    "praise": Trigger("PRAISED", "after", 0.85, [[{"LEMMA": "praise"}]]),
    "positive_feeling": Trigger(
        "PRAISED",
        "after",
        0.85,
        [[{"LOWER": {"IN": _PRAISE_ADJ}}, {"LOWER": {"IN": ["with", "by", "about"]}}]],
    ),
    "love": Trigger(
        "PRAISED", "after", 0.8, [[{"LEMMA": "love", "POS": "VERB"}, {"LOWER": {"NOT_IN": ["to"]}}]]
    ),
    "like": Trigger(
        "PRAISED",
        "after",
        0.75,
        [[{"LOWER": {"NOT_IN": ["would", "'d", "d"]}}, {"LEMMA": "like", "POS": "VERB"}]],
        anchor=1,
    ),
    "recommend": Trigger("PRAISED", "after", 0.75, [[{"LEMMA": "recommend"}]]),
    "thanks_to": Trigger(
        "PRAISED",
        "after",
        0.7,
        [[{"LOWER": {"IN": ["thanks", "kudos", "shout"]}}, {"LOWER": "to"}]],
    ),
    "good_quality": Trigger(
        "PRAISED",
        "clause_subject",
        0.75,
        [
            [{"LOWER": {"IN": _GOOD_QUALITY}}],
            _words("game", "changer"),
            _words("the", "best"),
            _words("a", "lifesaver"),
        ],
    ),
    # USES
    "use": Trigger("USES", "after", 0.9, [[{"LEMMA": "use", "POS": "VERB"}]]),
    "run": Trigger("USES", "after", 0.75, [[{"LEMMA": "run", "POS": "VERB"}, {"POS": "PROPN"}]]),
    "rely_on": Trigger("USES", "after", 0.85, [[{"LEMMA": "rely"}, {"LOWER": "on"}]]),
    "standardise_on": Trigger(
        "USES", "after", 0.8, [[{"LEMMA": {"IN": ["standardise", "standardize"]}}, {"LOWER": "on"}]]
    ),
    "move_to": Trigger(
        "USES",
        "after",
        0.8,
        [[{"LEMMA": {"IN": ["move", "switch", "migrate"]}, "POS": "VERB"}]],
        extra={"needs_to": True},
    ),
    "replaced": Trigger("USES", "clause_subject", 0.7, [[{"LEMMA": "replace", "POS": "VERB"}]]),
    # EVALUATING
    "evaluate": Trigger("EVALUATING", "after", 0.9, [[{"LEMMA": "evaluate", "POS": "VERB"}]]),
    "pilot": Trigger(
        "EVALUATING",
        "after",
        0.85,
        [[{"LEMMA": {"IN": ["pilot", "trial", "test"]}, "POS": "VERB"}]],
    ),
    "compare": Trigger(
        "EVALUATING", "after", 0.85, [[{"LEMMA": "compare", "POS": "VERB"}]], all_objects=True
    ),
    "looking_at": Trigger(
        "EVALUATING", "after", 0.8, [[{"LEMMA": "look"}, {"LOWER": {"IN": ["at", "into"]}}]]
    ),
    "consider": Trigger("EVALUATING", "after", 0.75, [[{"LEMMA": "consider", "POS": "VERB"}]]),
    "trial": Trigger(
        "EVALUATING", "inside", 0.7, [[{"LEMMA": {"IN": ["trial", "pilot", "poc"]}, "POS": "NOUN"}]]
    ),
    # PREFERS
    "prefer": Trigger("PREFERS", "preference", 0.85, [[{"LEMMA": "prefer"}]]),
    "preference_for": Trigger("PREFERS", "preference", 0.8, [_words("preference", "for")]),
    "chose": Trigger("PREFERS", "after", 0.8, [[{"LEMMA": {"IN": ["choose", "pick", "select"]}}]]),
    # HAS_ROLE
    "decision_maker": Trigger(
        "HAS_ROLE",
        "role",
        0.9,
        [
            [
                {"LOWER": "decision"},
                {"LOWER": "-", "OP": "?"},
                {"LOWER": {"IN": ["maker", "makers"]}},
            ],
            _words("final", "say"),
            _words("final", "decision"),
            _words("final", "call"),
        ],
        role="decision maker",
    ),
    "signs_off": Trigger(
        "HAS_ROLE", "role", 0.6, [[{"LEMMA": "sign"}, {"LOWER": "off"}]], role="decision maker"
    ),
    "budget_holder": Trigger(
        "HAS_ROLE",
        "role",
        0.85,
        [
            [{"LOWER": "budget"}, {"LOWER": {"IN": ["holder", "owner"]}}],
            [
                {"LEMMA": {"IN": _ROLE_VERBS}},
                {"POS": {"IN": ["DET", "PRON"]}, "OP": "?"},
                {"POS": {"IN": ["ADJ", "NOUN", "PROPN"]}, "OP": "?"},
                {"LEMMA": "budget"},
            ],
        ],
        role="budget holder",
    ),
    "champion": Trigger(
        "HAS_ROLE", "role", 0.85, [[{"LOWER": {"IN": ["champion", "champions"]}}]], role="champion"
    ),
    "technical_evaluator": Trigger(
        "HAS_ROLE",
        "role",
        0.85,
        [
            _words("technical", "evaluator"),
            [
                {"LEMMA": {"IN": ["run", "lead", "own", "drive"]}},
                {"LOWER": "the"},
                {"LOWER": "technical"},
                {"LOWER": {"IN": ["evaluation", "review", "assessment"]}},
            ],
        ],
        role="technical evaluator",
    ),
    "blocker": Trigger("HAS_ROLE", "role", 0.8, [[{"LOWER": "blocker"}]], role="blocker"),
    "end_user": Trigger(
        "HAS_ROLE",
        "role",
        0.8,
        [[{"LOWER": "end"}, {"LOWER": "-", "OP": "?"}, {"LOWER": {"IN": ["user", "users"]}}]],
        role="end user",
    ),
    # REPORTS_TO
    "reports_to": Trigger(
        "REPORTS_TO", "person_after", 0.9, [[{"LEMMA": "report"}, {"LOWER": "to"}]]
    ),
    "manager_of": Trigger(
        "REPORTS_TO", "manager", 0.8, [[{"LOWER": {"IN": ["manager", "boss", "supervisor"]}}]]
    ),
    # INTRODUCED
    "introduce": Trigger(
        "INTRODUCED", "person_after", 0.9, [[{"LEMMA": {"IN": ["introduce", "introduction"]}}]]
    ),
    "loop_in": Trigger("INTRODUCED", "person_after", 0.75, [[{"LEMMA": "loop"}, {"LOWER": "in"}]]),
    # COMMITTED_TO
    "will_verb": Trigger(
        "COMMITTED_TO",
        "commitment",
        0.85,
        [[{"LOWER": {"IN": ["will", "'ll", "shall"]}}, {"POS": "ADV", "OP": "*"}, {"POS": "VERB"}]],
        anchor=-1,
    ),
    "going_to": Trigger(
        "COMMITTED_TO",
        "commitment",
        0.85,
        [[{"LEMMA": "be"}, {"LOWER": "going"}, {"LOWER": "to"}, {"POS": "VERB"}]],
        anchor=-1,
    ),
    "promise_to": Trigger(
        "COMMITTED_TO",
        "commitment",
        0.9,
        [
            [
                {"LEMMA": {"IN": ["promise", "commit", "agree", "undertake"]}},
                {"LOWER": "to"},
                {"POS": "VERB"},
            ]
        ],
        anchor=-1,
    ),
    "said_would": Trigger(
        "COMMITTED_TO",
        "commitment",
        0.75,
        [
            [
                {"LEMMA": {"IN": ["say", "promise"]}},
                {"LOWER": {"IN": ["i", "we"]}},
                {"LOWER": {"IN": ["would", "'d"]}},
                {"POS": "VERB"},
            ]
        ],
        anchor=-1,
    ),
    "action_item": Trigger(
        "COMMITTED_TO",
        "commitment",
        0.8,
        [[{"IS_ALPHA": True}, {"LOWER": "to"}, {"TAG": "VB"}]],
        anchor=-1,
        extra={"action_item": True},
    ),
    # ASKED_ABOUT (questions are found per sentence, see nlp.facts)
    "ask": Trigger(
        "ASKED_ABOUT",
        "after",
        0.8,
        [[{"LEMMA": {"IN": ["ask", "wonder", "inquire", "enquire"]}, "POS": "VERB"}]],
        extra={"asks": True},
    ),
    # EXPERT_IN
    "go_to_person": Trigger(
        "EXPERT_IN", "after", 0.85, [[{"LOWER": "go"}, {"LOWER": "-"}, {"LOWER": "to"}]]
    ),
    "expert": Trigger(
        "EXPERT_IN", "after", 0.85, [[{"LEMMA": {"IN": ["expert", "guru", "specialist"]}}]]
    ),
    "knows_well": Trigger(
        "EXPERT_IN", "after", 0.8, [[{"LEMMA": "know", "POS": "VERB"}]], extra={"knows": True}
    ),
}
