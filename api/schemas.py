"""Request and response models, named by their role (`...Public` out, `...Update` in)."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

from graph.model import Name, Names, NodeRefs, ReviewStatus
from graph.services.accounts import Account360, AccountKnower
from graph.services.audit import AuditPage
from graph.services.commitments import CommitmentsPage, CommitmentView
from graph.services.curation import ArticleUsage
from graph.services.erasure import ErasureReport
from graph.services.experts import Expert
from graph.services.identity import DuplicatePair
from graph.services.intro import IntroPath
from graph.services.listing import (
    AccountsPage,
    ConceptsPage,
    ConceptSummary,
    ContactDetail,
    EmployeeDetail,
    FactDetail,
    FactsPage,
)
from graph.services.merge import MergeReport, UnmergeReport


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HealthPublic(BaseModel):
    status: str
    engine: str
    warm: bool = Field(
        default=True,
        description="Whether the caches read beside startup (search, expertise, FAQ) are ready.",
    )


class StatsPublic(BaseModel):
    nodes: dict[str, int]
    relationships: dict[str, int]


class AccountsPublic(AccountsPage):
    """A page of accounts; pass `next_cursor` as `cursor` for the next one."""


class Account360Public(Account360):
    """Everything about one account, every fact with its evidence."""


class AccountKnowersPublic(BaseModel):
    items: list[AccountKnower]


class ContactPublic(ContactDetail):
    """A contact, the facts about them (with evidence) and who knows them."""


class EmployeePublic(EmployeeDetail):
    """An employee, what they know and whom they know, with evidence."""


class ExpertsPublic(BaseModel):
    query: str
    items: list[Expert]


class IntroPathsPublic(BaseModel):
    to: str
    from_: str | None = Field(default=None, alias="from")
    items: list[IntroPath]
    reason_code: str | None = Field(
        default=None,
        description="Why there is no path: nobody_knows_them, no_known_contact, "
        "no_path_from; null when there are paths.",
    )
    reason: str | None = Field(default=None, description="Why there is no path, in words.")

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class FactPublic(FactDetail):
    """An extracted fact with its evidence, confidence and review status."""


class FactsPublic(FactsPage):
    """A page of the fact review queue."""


class ConceptPublic(ConceptSummary):
    """A concept: name, synonyms, review status and broader concepts."""


class ConceptsPublic(ConceptsPage):
    """A page of concepts."""


class ConceptUpdate(_Input):
    """Fields to change; absent fields stay. A new name keeps the old one as a synonym
    unless `synonyms` is given too."""

    name: Name | None = None
    synonyms: Names | None = None
    broader: NodeRefs | None = Field(default=None, max_length=50)
    status: ReviewStatus | None = None


class FactRejection(_Input):
    reason: str | None = Field(default=None, max_length=500, description="Why, for the audit log.")


class ConceptMerge(_Input):
    into: str = Field(min_length=1, max_length=500, description="The concept id to keep.")


class ArticleUsageCreate(_Input):
    interaction_id: str = Field(min_length=1, max_length=500)
    helped: bool


class ArticleUsagePublic(ArticleUsage):
    """An article's use on an interaction: whether it helped, and when recorded."""


class CommitmentPublic(CommitmentView):
    """A commitment: the promise, its promiser, accounts, evidence and status."""


class CommitmentsPublic(CommitmentsPage):
    """A page of commitments; pass `next_cursor` as `cursor` for the next one."""


class CommitmentUpdate(_Input):
    status: Literal["open", "done", "cancelled"] = Field(
        description="done when it was kept, cancelled when it no longer holds."
    )


class DuplicatesPublic(BaseModel):
    """Pairs of records that look like one, best first: a score and its reasons."""

    items: list[DuplicatePair]


class MergeRequest(_Input):
    """Merge `merge` (one id or several) into `keep`, which survives."""

    keep: str = Field(
        min_length=1,
        max_length=500,
        validation_alias=AliasChoices("keep", "survivor", "into"),
        description="The id that survives.",
    )
    merge: list[str] = Field(
        min_length=1,
        max_length=50,
        validation_alias=AliasChoices("merge", "merged", "duplicate", "duplicates", "other"),
        description="The id (or ids) merged into it; they stay as its aliases.",
    )

    @field_validator("merge", mode="before")
    @classmethod
    def _one_is_a_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class MergePublic(BaseModel):
    """What the merges did, one report per merged id."""

    items: list[MergeReport]


class UnmergeRequest(_Input):
    """Restore a merged id, undoing its latest merge (or the one `audit_id` names)."""

    id: str = Field(
        min_length=1,
        max_length=500,
        validation_alias=AliasChoices("id", "merged", "merge"),
        description="The merged id to restore.",
    )
    audit_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="Which of its merges to undo (default: the latest).",
    )


class UnmergePublic(UnmergeReport):
    """What an unmerge restored."""


class FailurePublic(BaseModel):
    source: str
    position: str
    reason: str


class IngestSummaryPublic(BaseModel):
    """What an ingest did: the same summary as the command line's `--json`."""

    read: int
    ingested: int
    unchanged: int
    failed: int
    skipped: int = Field(default=0, description="Records of erased people, left out.")
    failures: list[FailurePublic]
    notes: list[FailurePublic] = Field(
        default_factory=list,
        description="Records ingested with something to know (text analysed only in part).",
    )


class ErasurePublic(ErasureReport):
    """What an erasure did, in counts; the audit entry's id."""


class DeriveKnowsPublic(BaseModel):
    employees: int
    knows_contact: int
    knows_employee: int
    as_of: str


class DeriveExpertisePublic(BaseModel):
    employees: int
    expert_in: int
    as_of: str


class DerivePublic(BaseModel):
    """What a full recompute of derived relationships wrote."""

    knows: DeriveKnowsPublic
    expertise: DeriveExpertisePublic


class AuditPublic(AuditPage):
    """Audit entries, newest first."""


class FieldErrorPublic(BaseModel):
    field: str
    message: str


class ProblemPublic(BaseModel):
    """An error, as application/problem+json."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldErrorPublic] | None = None
