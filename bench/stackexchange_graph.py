"""Load a StackExchange Posts.xml into the graph (questions, answers, tags), for benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from graph.ids import concept_id
from graph.model import Concept, Contact, Employee, Interaction, Node
from graph.stores.base import GraphStore
from graph.writes import GraphWriter, Relationship
from ingest.sources import read_stackexchange_posts
from ingest.sources.records import MessageRecord


@dataclass
class Post:
    """A question or answer as the benchmark needs it; ids are graph ids (`se:post:<n>`)."""

    id: str
    kind: str
    created: datetime
    owner: str | None
    title: str = ""
    body: str = ""
    tags: list[str] = field(default_factory=list)
    parent: str | None = None
    score: int = 0
    accepted: bool = False


def read_posts(path: Path) -> list[Post]:
    """The posts of a `Posts.xml`, read with the project's own reader, oldest first."""
    posts = []
    for item in read_stackexchange_posts(path):
        if not isinstance(item, MessageRecord) or item.occurred_at is None:
            continue
        author = next((p.person_id for p in item.participants if p.role == "author"), None)
        posts.append(
            Post(
                id=item.id,
                kind=item.kind,
                created=item.occurred_at,
                owner=author,
                title=item.subject or "",
                body=item.text,
                tags=list(item.tags),
                parent=item.in_reply_to,
                score=item.score or 0,
                accepted=bool(item.accepted),
            )
        )
    posts.sort(key=lambda p: p.created)
    return posts


def load_posts(store: GraphStore, posts: list[Post]) -> None:
    """Write posts with the ingest mapping: askers are contacts, answerers employees."""
    questions = {p.id: p for p in posts if p.kind == "question"}
    nodes: list[Node] = []
    rels: list[Relationship] = []
    people: dict[tuple[str, str], Node] = {}
    for post in posts:
        if post.kind == "answer" and post.parent not in questions:
            continue
        nodes.append(
            Interaction.model_validate(
                {
                    "id": post.id,
                    "kind": post.kind,
                    "subject": post.title or None,
                    "text": post.body,
                    "occurred_at": post.created,
                    "thread": post.parent or post.id,
                    "score": post.score,
                    "accepted": post.accepted if post.kind == "answer" else None,
                    "source": "stackexchange",
                    "external_id": post.id.rsplit(":", 1)[-1],
                }
            )
        )
        for tag in post.tags:
            nodes.append(Concept(id=concept_id(tag), name=tag, source="stackexchange"))
            rels.append(
                Relationship("MENTIONS", post.id, concept_id(tag), {}, "Interaction", "Concept")
            )
        if post.parent:
            rels.append(
                Relationship(
                    "REPLY_TO",
                    post.id,
                    post.parent,
                    {},
                    "Interaction",
                    "Interaction",
                )
            )
        if post.owner:
            label = "Employee" if post.kind == "answer" else "Contact"
            model = Employee if label == "Employee" else Contact
            people[(label, post.owner)] = model(
                id=post.owner,
                name=f"user {post.owner.rsplit(':', 1)[-1]}",
                external_id=post.owner.rsplit(":", 1)[-1],
                source="stackexchange",
            )
            rels.append(
                Relationship(
                    "PARTICIPATED_IN",
                    post.owner,
                    post.id,
                    {"role": "author"},
                    label,
                    "Interaction",
                )
            )
    writer = GraphWriter(store)
    writer.upsert_nodes([*{n.id + n.label: n for n in nodes}.values(), *people.values()])
    writer.merge_relationships(rels)
