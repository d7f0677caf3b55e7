"""Request and response models, named by their role (`...Public` out, `...Update` in)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from graph.model import Name, Names, NodeRefs, ReviewStatus
from graph.services.accounts import Account360, AccountKnower
from graph.services.audit import AuditPage
from graph.services.curation import ArticleUsage
from graph.services.erasure import ErasureReport
from graph.services.experts import Expert
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


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HealthPublic(BaseModel):
    status: str
    engine: str


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
    failures: list[FailurePublic]
    notes: list[FailurePublic] = Field(
        default_factory=list,
        description="Records ingested with something to know (text analysed only in part).",
    )


class ErasurePublic(ErasureReport):
    """What an erasure did, in counts; the audit entry's id."""


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
