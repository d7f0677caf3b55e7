"""The NLP gazetteer, built from what the graph knows: the same for every run.

It holds the accounts, people, products, competitors and approved concepts that records
and curators put in the graph, not what message ingest created on the way (people known
only by an address, concepts from tags: `BY_PRODUCT_SOURCE`), so a run resumed after an
interruption finds what an uninterrupted run finds. Names longer than the model allows
(written before the limits existed) are left out rather than let spaCy fail on them.
"""

from __future__ import annotations

import logging
from typing import cast

from graph.model import MAX_NAME_LENGTH, MENTIONABLE
from graph.queries.gazetteer import gazetteer_query_name
from graph.stores.base import GraphStore
from ingest.people import BY_PRODUCT_SOURCE
from nlp.models import EntityLabel, GazetteerEntry

log = logging.getLogger(__name__)


def build_gazetteer(store: GraphStore) -> list[GazetteerEntry]:
    """Every account, person, product, competitor and approved concept, with aliases,
    in id order."""
    entries: list[GazetteerEntry] = []
    for label in MENTIONABLE:
        for row in store.read(gazetteer_query_name(label)):
            if row.get("source") == BY_PRODUCT_SOURCE or not _usable(row.get("name")):
                continue
            if label == "Concept" and row.get("status") not in (None, "approved"):
                continue
            aliases = [*(row.get("aliases") or []), *(row.get("synonyms") or [])]
            usable = [alias for alias in aliases if _usable(alias)]
            if len(usable) < len(aliases):
                log.debug("gazetteer: %s has unusable aliases, left out", row["id"])
            entries.append(
                GazetteerEntry(
                    id=row["id"],
                    label=cast(EntityLabel, label),
                    name=row["name"],
                    aliases=usable,
                    emails=[row["email"]] if _usable(row.get("email")) else [],
                )
            )
    return sorted(entries, key=lambda entry: (entry.label, entry.id))


def _usable(surface: object) -> bool:
    return isinstance(surface, str) and 0 < len(surface.strip()) <= MAX_NAME_LENGTH
