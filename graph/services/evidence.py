"""Evidence attached to answers: interactions and fact evidence spans."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel


class EvidenceSpan(BaseModel):
    """Where a fact was said: the interaction, the sentence, character offsets."""

    interaction_id: str | None = None
    text: str | None = None
    start: int | None = None
    end: int | None = None


class InteractionRef(BaseModel):
    id: str
    kind: str | None = None
    subject: str | None = None
    occurred_at: str | None = None
    snippet: str | None = None


def evidence_spans(raw: Any, interaction_ids: Any = None) -> list[EvidenceSpan]:
    """Parse a fact's `evidence` (JSON strings) into spans; fall back to its interaction ids."""
    spans: list[EvidenceSpan] = []
    for item in raw or []:
        try:
            value = json.loads(item) if isinstance(item, str) else item
        except json.JSONDecodeError:
            spans.append(EvidenceSpan(text=str(item)))
            continue
        if isinstance(value, dict):
            spans.append(
                EvidenceSpan(
                    interaction_id=value.get("interaction_id"),
                    text=value.get("text"),
                    start=value.get("start"),
                    end=value.get("end"),
                )
            )
    if not spans:
        spans = [EvidenceSpan(interaction_id=str(i)) for i in interaction_ids or []]
    return spans


def parse_components(raw: Any) -> dict[str, Any]:
    """A stored `components` JSON string as a dict (empty when absent)."""
    if not raw:
        return {}
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw)
    except (TypeError, json.JSONDecodeError):
        return {}
    return value if isinstance(value, dict) else {}
