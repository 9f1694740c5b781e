"""Exceptions raised by ipcompare, each saying what is wrong and what is valid."""

from __future__ import annotations


class IpcompareError(Exception):
    """Base class of every error ipcompare raises on purpose."""


class DocumentError(IpcompareError):
    """A document cannot be read, decoded or is empty."""


class UnknownIdError(IpcompareError, KeyError):
    """An id (jurisdiction, document, indicator) is not in the registry or taxonomy."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0]) if self.args else ""


class SchemaError(IpcompareError):
    """A table failed its schema check on the way out of a stage."""
