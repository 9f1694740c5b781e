"""The corpus tables the sections read, and the only place the sections call the corpus.

Decisions (what the module promises)
    Every section reads the corpus through these functions (targets, task items, agencies,
    compared cells, corrections, document texts), called as ``inputs.targets()`` so that a test
    can replace one of them in one place. The cells of the whole corpus on one basis are
    computed once per data directory (:func:`corpus_long`, a :func:`~ipcompare.caching.data_cache`)
    and reports cut their indicators from it, so that a report's cost does not grow with the
    number of plans it does not show. The pure work on these tables lives in
    :mod:`ipcompare.analysis` (:mod:`~ipcompare.analysis.standing`,
    :mod:`~ipcompare.analysis.audit`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from .. import api
from ..caching import data_cache
from ..corpus.registry import load_document
from ..corpus.review import load_corrections

__all__ = ["actions", "agencies", "ambition", "attainment", "compare_long", "corpus_long",
           "corrections", "coverage", "outcomes", "populations", "registry", "stages", "targets",
           "texts", "unmatched_outcomes"]


def targets() -> pd.DataFrame:
    """Every target row of the corpus (``ipc.targets()``)."""
    return api.targets()


def actions() -> pd.DataFrame:
    """Every action (task item) of the corpus (``ipc.actions()``)."""
    return api.actions()


def stages() -> pd.DataFrame:
    """The dated stages of every plan (``ipc.stages()``)."""
    return api.stages()


def agencies(jurisdiction: str | None = None) -> pd.DataFrame:
    """The agency assignments of one plan, or of all (``ipc.agencies()``)."""
    return api.agencies(jurisdiction)


def coverage(kind: str, source: str, jurisdictions: Sequence[str]) -> pd.DataFrame:
    """The plans × categories (or instrument types) counts of ``ipc.coverage``."""
    return api.coverage(kind, source, list(jurisdictions))


def outcomes() -> pd.DataFrame:
    """The published outcomes (``ipc.outcomes()``)."""
    return api.outcomes()


def populations() -> pd.DataFrame:
    """Every sourced population, 2018 year-end and 2020 census (``ipc.populations()``)."""
    return api.populations()


@data_cache
def attainment() -> pd.DataFrame:
    """Each target due at plan end beside its outcome (``ipc.attainment()``, cached)."""
    return api.attainment()


@data_cache
def ambition() -> pd.DataFrame:
    """Growth asked for and reached (``ipc.ambition()``, cached)."""
    return api.ambition()


def unmatched_outcomes() -> pd.DataFrame:
    """Outcomes no whole-area target counts (``ipc.unmatched_outcomes()``)."""
    return api.unmatched_outcomes()


def registry() -> pd.DataFrame:
    """The jurisdiction/document registry (``ipc.jurisdictions()``)."""
    return api.jurisdictions()


def corrections() -> pd.DataFrame:
    """The reviewer corrections on file (``data/corrections.csv``)."""
    return load_corrections()


def texts(documents: Iterable[str], known: dict[str, str] | None = None) -> dict[str, str]:
    """The text of each document (those in ``known`` as given, the others read from the corpus)."""
    out = dict(known or {})
    for doc in dict.fromkeys(documents):
        if doc not in out:
            out[doc] = load_document(doc).text
    return out


@data_cache
def corpus_long(basis: str) -> pd.DataFrame:
    """Every cell of the whole corpus on one basis (cached: reports of one kernel share it)."""
    return api.compare(basis=basis, long=True)


def compare_long(indicators: Sequence[str] | None, basis: str,
                 jurisdictions: Sequence[str] | None = None) -> pd.DataFrame:
    """compare(…, long=True); for all plans, cut from the cached whole-corpus table, so that a
    report's cost does not grow with the number of plans it does not show."""
    if jurisdictions is None and indicators is not None:
        full = corpus_long(basis)
        wanted = list(dict.fromkeys(indicators))
        if set(wanted) <= set(full["indicator"].unique()):
            rows = full[full["indicator"].isin(wanted)]
            order = rows["indicator"].map({ind: i for i, ind in enumerate(wanted)})
            return rows.iloc[order.argsort(kind="stable")].reset_index(drop=True)
    return api.compare(indicators=indicators, jurisdictions=jurisdictions, basis=basis, long=True)
