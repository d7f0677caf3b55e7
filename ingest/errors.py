"""Errors raised by the ingest package; every one derives from `IngestError`."""


class IngestError(Exception):
    """Root of every error the ingest package raises."""


class SourceNotFound(IngestError):
    """A path given to import or ingest does not exist or cannot be read."""


class UnsupportedSource(IngestError):
    """A file whose format no source understands."""
