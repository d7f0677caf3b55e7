"""Plain-data vocabulary the components share: fact endpoints, pronouns, roles.

The fact endpoint table mirrors the graph model's `FACT_RELATIONSHIPS`; the nlp package
may not import the graph, so the two are kept equal by a test.
"""

from __future__ import annotations

PEOPLE = ("Contact", "Employee")
FACT_SUBJECTS = ("Contact", "Employee", "Account")
THINGS = ("Product", "Concept", "Competitor")

# relation -> (allowed subject labels, allowed object labels)
FACT_ENDPOINTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "INTERESTED_IN": (FACT_SUBJECTS, THINGS),
    "COMPLAINED_ABOUT": (FACT_SUBJECTS, THINGS),
    "PRAISED": (FACT_SUBJECTS, (*THINGS, "Employee", "Contact")),
    "USES": (FACT_SUBJECTS, THINGS),
    "EVALUATING": (FACT_SUBJECTS, THINGS),
    "PREFERS": (FACT_SUBJECTS, ("Preference", *THINGS)),
    "HAS_ROLE": (PEOPLE, ("Role",)),
    "REPORTS_TO": (PEOPLE, PEOPLE),
    "INTRODUCED": (PEOPLE, PEOPLE),
    "COMMITTED_TO": (FACT_SUBJECTS, ("Commitment",)),
    "ASKED_ABOUT": (FACT_SUBJECTS, THINGS),
    "EXPERT_IN": (PEOPLE, ("Concept", "Product", "Competitor")),
}
FACT_TYPES = tuple(FACT_ENDPOINTS)

# A person we found in the text but do not know (no gazetteer entry).
UNKNOWN_PERSON = "Contact"

FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PERSON_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
SECOND_PERSON = frozenset({"you", "your", "yours"})
THIRD_PERSON_PLURAL = frozenset({"they", "them", "their", "theirs"})
THIRD_PERSON_SINGULAR = frozenset({"he", "him", "his", "she", "her", "hers"})
PRONOUNS = (
    FIRST_PERSON_SINGULAR
    | FIRST_PERSON_PLURAL
    | SECOND_PERSON
    | THIRD_PERSON_PLURAL
    | THIRD_PERSON_SINGULAR
)

# Nouns for a group of people at the customer: "our agents use Beacon" speaks for the account.
GROUP_NOUNS = frozenset(
    {
        "team", "teams", "agent", "agents", "crew", "crews", "technician", "technicians",
        "nurse", "nurses", "staff", "user", "users", "people", "department", "company",
        "group", "engineer", "engineers", "folks", "leadership", "organisation",
        "organization", "business", "side",
    }
)  # fmt: skip

SAY_VERBS = frozenset(
    {
        "say",
        "tell",
        "mention",
        "confirm",
        "report",
        "note",
        "explain",
        "add",
        "state",
        "think",
        "complain",
        "write",
        "warn",
        "feel",
        "claim",
        "believe",
        "praise",
    }
)
