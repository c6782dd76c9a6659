"""Errors the use cases raise for input the user can fix (the CLI maps them to exit code 2,
the API to 4xx); anything else escaping a use case is a bug or an environment failure."""

from __future__ import annotations


class InputError(ValueError):
    """The path, file or snapshot the caller named cannot be used; the message says why."""


class NoSnapshotError(InputError):
    """The store holds no snapshot with the requested id, or none at all."""
