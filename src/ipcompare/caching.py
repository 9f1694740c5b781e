"""The one place that holds what was read from the data directory.

Decisions (what the module promises)
    Every function whose result depends on the data directory (registry, taxonomy, lexicon,
    wording, corpus tables, fingerprints) is memoized with :func:`data_cache`, never with a
    bare ``functools.cache``. :func:`clear` empties all of them at once, so a process that
    switches ``IPCOMPARE_DATA`` (or edits a data file) sees the new data after one call
    (``ipc.clear_cache()``). Pure functions of their arguments (number parsing, unit rules)
    keep their own ``lru_cache``: their results cannot go stale.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_CACHED: list[Any] = []


def data_cache(fn: F | None = None, *, maxsize: int | None = None) -> Any:
    """Memoize a function of the data directory; :func:`clear` empties it with the others."""

    def wrap(f: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(f)
        _CACHED.append(cached)
        return cached  # type: ignore[return-value]

    return wrap(fn) if fn is not None else wrap


def clear() -> None:
    """Forget everything read from the data directory (the next call reads it again)."""
    for cached in _CACHED:
        cached.cache_clear()
