"""Errors raised by the nlp package; every one derives from `NlpError`."""


class NlpError(Exception):
    """Root of every error the nlp package raises."""


class ModelNotFound(NlpError):
    """The trained spaCy pipeline is not installed where we look for it."""


class PipelineConfigError(NlpError):
    """The project's pipeline `.cfg` is missing or names an unknown component."""


class CorpusError(NlpError):
    """An annotated world or training corpus cannot be read."""


class RelationModelError(NlpError):
    """The trained relation model is missing, unreadable or of another version."""
