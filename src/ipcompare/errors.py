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


class DataError(IpcompareError):
    """A data or configuration file is malformed: the message names file, line and field."""


def syntax_problem(path: object, exc: BaseException) -> str:
    """One line for a parser error (YAML, CSV, decoding): the file, the line and the problem."""
    mark = getattr(exc, "problem_mark", None)
    where = f"{path}:{mark.line + 1}" if mark is not None else f"{path}"
    problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[-1:] or [""]
    if isinstance(problem, list):
        problem = problem[0]
    return f"{where}: syntax: {type(exc).__name__}: {problem}"
