"""The interfaces people and programs use: the FastAPI app and the `tacit` command line."""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
