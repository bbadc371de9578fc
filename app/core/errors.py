"""Errors that carry a message meant for the user.

Anything raised as a :class:`KenningError` is printed by the CLI and the GUI as
one clear line; anything else is a bug.
"""


class KenningError(Exception):
    """An expected failure with a one-line explanation for the user."""


class ModelError(KenningError):
    """The embedding model is missing, unreadable or not an embedding model."""


class StoreError(KenningError):
    """The index database cannot be opened or used."""


class RebuildNeededError(StoreError):
    """The index cannot be used as it is: `kenning index --rebuild` (or the window's
    "Rebuild index") throws it away and indexes its folders again."""


class CorruptDatabaseError(RebuildNeededError):
    """The index database file is damaged; it must be rebuilt."""


class ModelMismatchError(RebuildNeededError):
    """The index holds vectors from a different model than the one in use."""
