"""The NLP gazetteer, built from what the graph knows."""

from __future__ import annotations

from typing import cast

from graph.model import MENTIONABLE
from graph.queries.gazetteer import gazetteer_query_name
from graph.stores.base import GraphStore
from nlp.models import EntityLabel, GazetteerEntry


def build_gazetteer(store: GraphStore) -> list[GazetteerEntry]:
    """Every account, person, product, competitor and approved concept, with aliases."""
    entries: list[GazetteerEntry] = []
    for label in MENTIONABLE:
        for row in store.read(gazetteer_query_name(label)):
            if not row.get("name"):
                continue
            if label == "Concept" and row.get("status") not in (None, "approved"):
                continue
            aliases = [*(row.get("aliases") or []), *(row.get("synonyms") or [])]
            entries.append(
                GazetteerEntry(
                    id=row["id"],
                    label=cast(EntityLabel, label),
                    name=row["name"],
                    aliases=[a for a in aliases if isinstance(a, str) and a.strip()],
                    emails=[row["email"]] if row.get("email") else [],
                )
            )
    return entries
