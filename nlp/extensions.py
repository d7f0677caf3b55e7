"""The `Doc._` attributes the components read and write (plain data, so docs pickle).

- `tacit_context`: the `MessageContext` as a JSON-able dict, set before the pipeline runs.
- `tacit_mentions`: list of dicts {start, end (token offsets), label, id, name, confidence}.
- `tacit_concepts`: list of dicts {name, status, concept_id, start, end (char offsets),
  defined (an acronym the text spells out)}.
- `tacit_facts`: list of dicts, see `nlp.relations.decode`.
- `tacit_segments`: who wrote which part, see `nlp.relations.speakers`.
- `tacit_text`: the text as given; `doc.text` has quote prefixes and headers blanked.
"""

from __future__ import annotations

from spacy.tokens import Doc

GAZETTEER_SPANS = "tacit_gazetteer"
NAMES = (
    "tacit_context",
    "tacit_mentions",
    "tacit_concepts",
    "tacit_facts",
    "tacit_segments",
    "tacit_text",
)


def register_extensions() -> None:
    """Register the attributes once per process (idempotent)."""
    for name in NAMES:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
