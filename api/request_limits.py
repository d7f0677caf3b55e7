"""How long a routing request may be: POST /route refuses longer ones, `tacit route` cuts
a longer file to its beginning."""

from __future__ import annotations

MAX_SUBJECT = 1000
MAX_TEXT = 100_000
