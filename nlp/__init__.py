"""Text -> mentions, concepts and evidenced facts (spaCy). Knows nothing about storage."""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
