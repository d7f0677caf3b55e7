"""Component `tacit_line_breaks_v1`: sentence starts at blank lines and list items.

Runs before the parser (which keeps sentence starts that are already set). A line break
starts a sentence when the lines around it are separated by a blank line, the next line is
a list item or heading, or the previous line ends with end punctuation; a single line break
inside wrapped email text does not.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

_BREAK = re.compile(r"\n\s*\n|(?<=[.!?:;])[ \t]*\n|\n(?=[ \t]*(?:[-*\u2022#>]|\d+[.)])\s)")


class LineBreaks:
    def __init__(self, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for match in _BREAK.finditer(doc.text):
            span = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
            if span is not None and span.start > 0:
                index = span.start
                while index < len(doc) and doc[index].is_space:
                    index += 1
                if index < len(doc):
                    doc[index].is_sent_start = True
        return doc


@Language.factory("tacit_line_breaks_v1", default_config={})
def make_line_breaks(nlp: Language, name: str) -> LineBreaks:
    """Create the line-break sentence splitter (no settings)."""
    return LineBreaks(name)
