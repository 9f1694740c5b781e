"""The corpus-level functions researchers call: ``ipc.targets()``, ``ipc.compare()`` and friends.

Decisions (what the module promises)
    This is the one place where the registered corpus meets the pure functions: each function
    here checks its ids once (:func:`_check_ids`: an unknown id raises ``UnknownIdError``
    naming the valid ones), takes the cached corpus table from :mod:`ipcompare.corpus.tables`
    and hands it to a pure function of :mod:`ipcompare.analysis` or filters it. Every result
    is a fresh copy: callers may change it without touching the cache.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import pandas as pd

from .analysis.comparability import comparability as _comparability
from .analysis.comparability import measure_flags as _measure_flags
from .analysis.comparison import compare_long, widen
from .analysis.coverage import KINDS, SOURCES, coverage_matrix, coverage_targets
from .caching import clear
from .corpus.documents import Document
from .corpus.registry import jurisdiction_ids, registry_row
from .corpus.registry import jurisdictions as _jurisdictions
from .corpus.tables import corpus_actions, corpus_agencies, corpus_targets, extract_document
from .errors import DocumentError
from .extract.dating import parse_date, parse_period
from .vocab.taxonomy import taxonomy as _taxonomy


def _check_ids(jurisdictions: str | Iterable[str] | None) -> list[str] | None:
    """The ids as a list (None: all), each checked against the registry."""
    if jurisdictions is None:
        return None
    ids = [jurisdictions] if isinstance(jurisdictions, str) else list(jurisdictions)
    for j in ids:
        registry_row(j)  # unknown ids raise UnknownIdError naming the valid ones
    return ids


def _select(table: pd.DataFrame, ids: list[str] | None) -> pd.DataFrame:
    """The rows of the given jurisdictions (all when None), as a fresh copy."""
    if ids:
        table = table[table["jurisdiction"].isin(ids)]
    return table.reset_index(drop=True).copy()


def targets(
    jurisdictions: list[str] | str | None = None,
    *,
    distinct: bool = False,
    milestones: bool = True,
    supplementary: bool = True,
) -> pd.DataFrame:
    """Return every target of the corpus as one tidy DataFrame (one row per number committed to)."""
    ids = _check_ids(jurisdictions)
    df = corpus_targets().table
    drop = ({"restated"} if distinct else set()) | ({"milestone"} if not milestones else set())
    drop |= set() if supplementary else {"supplementary"}
    if drop:
        df = df[~df["status"].isin(drop)]
    return _select(df, ids)


def actions(jurisdictions: list[str] | str | None = None) -> pd.DataFrame:
    """Every action (policy task item) of the corpus (registered documents), one row each."""
    return _select(corpus_actions(), _check_ids(jurisdictions))


def measures(jurisdictions: list[str] | str | None = None) -> pd.DataFrame:
    """Deprecated name of :func:`actions` (``measure`` now means only a target's reading)."""
    warnings.warn("ipc.measures() is now ipc.actions(); 'measure' means a target's reading",
                  DeprecationWarning, stacklevel=2)
    return actions(jurisdictions)


def agencies(jurisdictions: list[str] | str | None = None) -> pd.DataFrame:
    """Who is charged with each task item of the corpus: one row per (item, agency, role)."""
    return _select(corpus_agencies(), _check_ids(jurisdictions))


def coverage(
    kind: str = "category",
    source: str | None = None,
    jurisdictions: str | Iterable[str] | None = None,
    *,
    supplementary: bool = True,
    primary: bool = False,
) -> pd.DataFrame:
    """Return the plan × category (or × instrument type) matrix of the corpus's items/targets.

    ``source`` defaults to ``"both"`` (task items + targets) for categories and to
    ``"actions"`` for instrument types (targets have none). A task item counts in each of its
    categories unless ``primary`` (then once, in its primary category). The result feeds
    :mod:`ipcompare.analysis.stats`.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; valid: {list(KINDS)}")
    source = source or ("both" if kind == "category" else "actions")
    if source == "measures":  # the name before task items were called actions
        warnings.warn("coverage(source='measures') is now source='actions'", DeprecationWarning,
                      stacklevel=2)
        source = "actions"
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; valid: {list(SOURCES)}")
    if kind == "instrument" and source != "actions":
        raise ValueError("targets carry no instrument type: use kind='instrument' with source='actions'")
    ids = _check_ids(jurisdictions)
    rows = ids if ids is not None else jurisdiction_ids()
    total = pd.DataFrame(0, index=pd.Index(rows, name="jurisdiction"),
                         columns=pd.Index(list(KINDS[kind]), name=kind), dtype="int64")
    if source in ("targets", "both"):
        total = total + coverage_matrix(
            coverage_targets(corpus_targets().table, supplementary), kind, rows
        )
    if source in ("actions", "both"):
        total = total + coverage_matrix(corpus_actions(), kind, rows, primary=primary)
    total.attrs.update(kind=kind, source=source, supplementary=supplementary, primary=primary)
    return total


def compare(
    indicators: str | Iterable[str] | None = None,
    jurisdictions: str | Iterable[str] | None = None,
    basis: str = "as_stated",
    year: int | None = None,
    *,
    long: bool = False,
) -> pd.DataFrame:
    """Compare the corpus's plans indicator by indicator on one basis (wide; ``long=True``: tidy).

    Just the numbers: ``compare(...).xs("value", axis=1, level="field")``.
    """
    registry = _jurisdictions()
    jurs = None
    if jurisdictions is not None:  # document ids name their jurisdiction, as in ipc.targets()
        ids = [jurisdictions] if isinstance(jurisdictions, str) else list(jurisdictions)
        doc_to_j = dict(zip(registry["document"], registry["jurisdiction"], strict=True))
        jurs = list(dict.fromkeys(doc_to_j.get(j, j) for j in ids))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = compare_long(corpus_targets().table, registry, indicators, jurs, basis, year)
    for w in caught:  # re-issued so that they point at the caller's line
        warnings.warn(w.message, w.category, stacklevel=2)
    return table if long else widen(table)


def comparability(
    indicators: str | Iterable[str] | None = None,
    jurisdictions: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every target on each indicator two or more plans state: whether it fills a cell, and why not."""
    ids = _check_ids(jurisdictions)
    return _comparability(corpus_targets().table, _jurisdictions(), indicators, ids)


def measure_checks() -> pd.DataFrame:
    """Targets whose measure the plan's own roadmap contradicts (overruled or unresolved)."""
    return _measure_flags(corpus_targets().table)


def extract_targets(
    text: str,
    document: str = "text",
    jurisdiction: str | None = None,
    period: tuple[int, int] | str | None = None,
    date: str | None = None,
) -> pd.DataFrame:
    """Extract the targets of a plan text given as a string (``date``: the text's own date,
    YYYY-MM-DD; ``period``: (2021, 2025) or "2021-2025"; both read from the text when not given)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not text.strip():
        raise DocumentError("the text is empty")
    meta: dict = {}
    if period is not None:
        start, end = parse_period(period)
        meta.update(period_start=start, period_end=end)
    if date is not None:
        meta["date"] = parse_date(date)
    doc = Document(document, jurisdiction or document, text, "str", None, meta)
    return extract_document(doc)


def jurisdictions() -> pd.DataFrame:
    """Return the jurisdiction/document registry with reference population."""
    return _jurisdictions()


def taxonomy() -> pd.DataFrame:
    """Return the taxonomy's canonical indicators."""
    return _taxonomy()


def clear_cache() -> None:
    """Forget everything read from the data directory (after switching ``IPCOMPARE_DATA``)."""
    clear()
