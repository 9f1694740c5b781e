"""Line plans up indicator by indicator, on one basis, with every derived number explained.

``compare_long(targets, registry, …)`` is the pure function (any targets table, any registry
with populations): one row per (indicator, jurisdiction) cell; :func:`widen` pivots it.
``ipc.compare(…)`` (:func:`ipcompare.api.compare`) is the corpus-level wrapper that returns the
wide table: index ``indicator``, columns a MultiIndex ``(jurisdiction, field)``. Just the
numbers::

    cmp = ipc.compare(basis="per_10k_residents")
    cmp.xs("value", axis=1, level="field")        # indicators × jurisdictions, floats
    cmp["wuhan"]                                   # every field of one plan

Cell states: ``stated`` (a value on the basis), ``not_convertible`` (the plan states a target but
it has no form on this basis: the method says why), ``not_stated`` (the plan sets no target for
the indicator), ``not_in_corpus`` (no plan of this jurisdiction is in the corpus).

Bases (:data:`BASES`): ``as_stated``, ``per_10k_residents``, ``absolute``, ``per_year`` and
``cumulative_growth``. Whether a target has a form on a basis, and its conversion with the
derivation written out, are the rules of :mod:`ipcompare.analysis.conversion`; this module
chooses the target of each cell and lays the cells out. Its names (``BASES``, ``KIND``,
``Population``, ``convert_target``, ``not_convertible_reason``, ``populations``) are
re-exported here.

Which target fills a cell (:mod:`ipcompare.analysis.cells`): only a jurisdiction-scope target
of the plan itself — not a restatement, a roadmap step (unless ``year=`` names its year: the
cell's ``status`` then says ``milestone``), an interim supplementary figure, a per-entity
condition, a sub-area figure or a subset — and ONE per (indicator, plan) whatever the basis:
the latest target year, text before supplementary, the indicator's default measure, then the
first in the text. Where that target has no form on the basis the cell is ``not_convertible``
and its method says why. The plan's other rows on the indicator are listed in
``other_target_ids``; a plan whose only rows are left out gets a ``not_stated`` cell whose
method says why (a roadmap step, one zone's figure …). A target that disagrees with another
statement of the plan (6 alliances in the table, 10 in the roadmap) carries ``conflict`` and
``conflict_with``, and its method names the other figure.

Columns of the tidy table (``LONG_COLUMNS``): the cell (``indicator`` with its zh/en names,
``jurisdiction``, ``state``); the number on the basis (``value``, ``value_high`` for ranges,
``unit`` after conversion such as ``'items per 10k residents'``, ``basis``, ``kind``: stock,
total, flow, growth, growth_total, share, score or ratio — compare values of one unit and kind
only); the target behind it (``measure``, ``comparator``, ``target_year``, ``target_ids``,
``other_target_ids``, ``supplementary``, ``source_quote``, ``source``, ``stated_value``,
``stated_value_high``, ``stated_unit`` in base units; ``status``: stated, supplementary or
milestone; ``scope``; ``conflict`` and ``conflict_with``, the ids of the plan's disagreeing
statements; ``measure_basis``, why the measure is what it is); how (``derived``: the number was
converted; ``method``: a sentence for every cell, derivation written out; ``population_10k``,
``population_year``; ``period_start``, ``period_end``).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..vocab.taxonomy import load_taxonomy
from .cells import NEEDED as _NEEDED
from .cells import candidates, choose, left_out
from .conversion import (
    BASES,
    KIND,
    Population,
    convert_target,
    not_convertible_reason,
    populations,
)

__all__ = [
    "BASES", "FIELDS", "KIND", "LONG_COLUMNS", "STATES", "Population", "candidates", "choose",
    "compare_long", "convert_target", "not_convertible_reason", "populations", "widen",
]

STATES = ("stated", "not_convertible", "not_stated", "not_in_corpus")
"""Cell states, from a value on the basis to no plan at all."""

LONG_COLUMNS = [
    "indicator", "indicator_zh", "indicator_en", "jurisdiction", "state", "value", "value_high",
    "unit", "basis", "measure", "kind", "derived", "comparator", "target_year", "method", "target_ids",
    "other_target_ids", "supplementary", "source_quote", "source", "stated_value",
    "stated_value_high", "stated_unit", "population_10k", "population_year", "period_start",
    "period_end", "status", "scope", "conflict", "conflict_with", "measure_basis",
]
"""Columns of :func:`compare_long`, in order."""

FIELDS = [
    "value", "value_high", "unit", "basis", "measure", "kind", "derived", "comparator",
    "target_year", "method", "state", "target_ids", "other_target_ids", "supplementary", "source_quote",
    "status", "conflict", "conflict_with",
]
"""Fields of each jurisdiction in the wide table of :func:`compare` (``field`` column level)."""

# ----------------------------------------------------------------------------- inputs


def _as_list(x: str | Iterable[str] | None) -> list[str] | None:
    if x is None:
        return None
    if isinstance(x, str):
        return [x]
    return list(dict.fromkeys(x))


def _check_indicators(ids: list[str]) -> list[str]:
    tax = load_taxonomy()
    for i in ids:
        tax.indicator(i)  # raises UnknownIdError naming the valid ids
    return ids


def _corpus_ids(targets: pd.DataFrame, registry: pd.DataFrame | None) -> list[str]:
    ids = list(registry["jurisdiction"].to_numpy(dtype=object)) if registry is not None else []
    ids += list(pd.unique(targets["jurisdiction"].to_numpy(dtype=object)))
    return list(dict.fromkeys(map(str, ids)))


# ----------------------------------------------------------------------------- the tables


def _empty_long() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in LONG_COLUMNS})


def compare_long(
    targets: pd.DataFrame,
    registry: pd.DataFrame | None = None,
    indicators: str | Iterable[str] | None = None,
    jurisdictions: str | Iterable[str] | None = None,
    basis: str = "as_stated",
    year: int | None = None,
) -> pd.DataFrame:
    """Compare any targets table on one basis: one tidy row per (indicator, jurisdiction) cell.

    Rows run indicator by indicator, jurisdictions in the given (or registry) order within each.
    ``registry`` needs ``jurisdiction`` and, for per-resident bases, ``population_10k``,
    ``population_year``, ``population_source`` (as :func:`ipcompare.jurisdictions` gives).
    Unknown indicators raise UnknownIdError; unknown jurisdictions get ``not_in_corpus`` cells
    and a warning. Default indicators: those at least one selected plan states, most plans first.
    """
    if basis not in BASES:
        raise ValueError(f"unknown basis {basis!r}; valid: {list(BASES)}")
    corpus = _corpus_ids(targets, registry)
    corpus_set = set(corpus)
    jurs = corpus if jurisdictions is None else _as_list(jurisdictions)
    unknown = [j for j in jurs if j not in corpus_set]
    if unknown:
        warnings.warn(
            f"not in the corpus: {', '.join(unknown)} (their cells are 'not_in_corpus'); "
            f"in the corpus: {', '.join(corpus)}",
            stacklevel=2,
        )
    known = [j for j in jurs if j in corpus_set]
    inds = _as_list(indicators)
    if inds is not None:
        _check_indicators(inds)

    sel = targets[targets["jurisdiction"].isin(known)]
    if inds is not None:
        sel = sel[sel["indicator"].isin(inds)]
    cands = candidates(sel, year)
    if inds is None:
        counts = cands.groupby("indicator")["jurisdiction"].nunique()
        inds = sorted(counts.index, key=lambda i: (-counts[i], i))
    if not inds or not jurs:
        return _empty_long()

    n_j = len(jurs)
    n = len(inds) * n_j
    jpos = {j: k for k, j in enumerate(jurs)}
    ipos = {i: k for k, i in enumerate(inds)}
    cols: dict[str, list] = {c: [None] * n for c in LONG_COLUMNS}
    cols["state"] = ["not_stated" if j in corpus_set else "not_in_corpus" for _ in inds for j in jurs]
    for c in ("target_ids", "other_target_ids"):
        cols[c] = [""] * n
    cols["supplementary"] = [False] * n
    cols["derived"] = [False] * n
    cols["conflict"] = [False] * n
    cols["conflict_with"] = [""] * n

    chosen = choose(cands, basis)
    pops = populations(registry)
    names = [c for c in _NEEDED if c in chosen.columns] + ["_others"]
    arrays = [chosen[c].to_numpy(dtype=object) for c in names]
    for values in zip(*arrays, strict=True):
        rec = dict(zip(names, values, strict=True))
        k = ipos[rec["indicator"]] * n_j + jpos[rec["jurisdiction"]]
        conv = convert_target(rec, basis, pops.get(rec["jurisdiction"]))
        for c, v in conv.items():
            cols[c][k] = v
        cols["measure"][k] = rec["measure"]
        cols["comparator"][k] = rec["comparator"]
        cols["target_year"][k] = rec["target_year"]
        cols["target_ids"][k] = rec["target_id"]
        cols["other_target_ids"][k] = rec["_others"]
        cols["supplementary"][k] = rec["status"] == "supplementary"
        cols["source_quote"][k] = rec["quote"]
        cols["source"][k] = rec.get("source")
        cols["period_start"][k] = rec.get("period_start")
        cols["period_end"][k] = rec.get("period_end")
        cols["status"][k] = rec["status"]
        cols["scope"][k] = rec.get("scope") or "jurisdiction"
        cols["measure_basis"][k] = _text_or_none(rec.get("measure_basis"))
        if _flag(rec.get("conflict")):
            cols["conflict"][k] = True
            cols["conflict_with"][k] = _text_or_none(rec.get("conflict_with")) or ""
            cols["method"][k] += _conflict_note(rec, targets)
        if rec["status"] == "milestone":
            cols["method"][k] += f"; a roadmap step due {rec['target_year']}, not the plan's goal"

    cols["indicator"] = [i for i in inds for _ in jurs]
    cols["jurisdiction"] = list(jurs) * len(inds)
    cols["basis"] = [basis] * n
    tax = load_taxonomy()
    zh = {i: tax.indicator(i).zh for i in inds}
    en = {i: tax.indicator(i).en for i in inds}
    cols["indicator_zh"] = [zh[i] for i in cols["indicator"]]
    cols["indicator_en"] = [en[i] for i in cols["indicator"]]
    _explain_empty(cols, sel, year)

    long = pd.DataFrame(cols, columns=LONG_COLUMNS)
    for col in ("target_year", "population_year", "period_start", "period_end"):
        long[col] = pd.array(
            [None if v is None or pd.isna(v) else int(v) for v in long[col]], dtype="Int64"
        )
    for col in ("value", "value_high", "stated_value", "stated_value_high", "population_10k"):
        long[col] = pd.to_numeric(long[col], errors="coerce").astype(float)
    for col in ("supplementary", "derived", "conflict"):
        long[col] = long[col].astype(bool)
    return long


def _explain_empty(cols: dict[str, list], sel: pd.DataFrame, year: int | None) -> None:
    """Fill the method of cells without a target: not in the corpus, or not stated (and when)."""
    years: dict[tuple[str, str], list[int]] = {}
    out: dict[tuple[str, str], str] = {}
    rows = sel[sel["indicator"].notna()]
    if len(rows):
        lo = left_out(rows, year)
        lo = lo[lo["reason"] != "restated"]
        for (j, i), g in lo.groupby(["jurisdiction", "indicator"], sort=False):
            out[(j, i)] = "; ".join(f"{t} {w}" for t, w in zip(g["target_id"], g["why"], strict=True))
    if year is not None:
        have = sel[sel["indicator"].notna() & (sel["status"] != "restated")]
        for (j, i), s in have.groupby(["jurisdiction", "indicator"])["target_year"]:
            years[(j, i)] = sorted({int(y) for y in s.dropna()})
    for k, state in enumerate(cols["state"]):
        j, i = cols["jurisdiction"][k], cols["indicator"][k]
        if state == "not_in_corpus":
            cols["method"][k] = f"no plan of {j} is in the corpus"
        elif state == "not_stated":
            if (j, i) in out and year is None:
                cols["method"][k] = f"{j} states no plan target for {i} on its whole area: {out[(j, i)]}"
            elif year is None:
                cols["method"][k] = f"{j} sets no target for {i}"
            else:
                other = years.get((j, i))
                tail = f" (its targets for {i} are due {', '.join(map(str, other))})" if other else ""
                cols["method"][k] = f"{j} sets no target for {i} due {year}{tail}"


def _flag(x: object) -> bool:
    return x is not None and not (isinstance(x, float) and np.isnan(x)) and x is not pd.NA and bool(x)


def _text_or_none(x: object) -> str | None:
    return x if isinstance(x, str) and x else None


def _conflict_note(rec: dict, targets: pd.DataFrame) -> str:
    """'; the plan also states 10 (id): the figures disagree' for a conflicting target."""
    ids = [i for i in str(_text_or_none(rec.get("conflict_with")) or "").split("|") if i]
    if not ids:
        return "; the plan states this target elsewhere with another figure"
    other = targets[targets["target_id"].isin(ids)]
    said = ", ".join(f"{v:g} ({t})" for v, t in zip(other["value"], other["target_id"], strict=True))
    return f"; the plan also states {said or ', '.join(ids)}: the figures disagree"


def widen(long: pd.DataFrame, fields: list[str] | None = None) -> pd.DataFrame:
    """Pivot a :func:`compare_long` table: index indicator, columns (jurisdiction, field).

    ``value``/``value_high`` are floats and ``supplementary``/``derived`` booleans; the other
    fields are object columns (strings; ``target_year`` ints or NA).
    """
    fields = list(fields or FIELDS)
    inds = list(pd.unique(long["indicator"].to_numpy(dtype=object)))
    jurs = list(pd.unique(long["jurisdiction"].to_numpy(dtype=object)))
    cols = pd.MultiIndex.from_product([jurs, fields], names=["jurisdiction", "field"])
    index = pd.Index(inds, name="indicator", dtype=object)
    if long.empty:
        return pd.DataFrame(index=index, columns=cols)
    n_i, n_j = len(inds), len(jurs)
    full = len(long) == n_i * n_j and (
        long["indicator"].to_numpy(dtype=object) == np.repeat(np.array(inds, dtype=object), n_j)
    ).all() and (long["jurisdiction"].to_numpy(dtype=object) == np.tile(np.array(jurs, dtype=object), n_i)).all()
    if not full:  # any other row order: pivot the general way
        wide = long.set_index(["indicator", "jurisdiction"])[fields].unstack("jurisdiction")
        wide = wide.swaplevel(axis=1).reindex(index=inds, columns=cols)
        wide.columns.names = ["jurisdiction", "field"]
        wide.index.name = "indicator"
        return wide
    # the grid order of compare_long: reshape each field to indicators × jurisdictions
    parts = {}
    for f in fields:
        col = long[f]
        arr = (col.to_numpy(dtype=object) if str(col.dtype) == "Int64" else col.to_numpy())
        arr = arr.reshape(n_i, n_j)
        if pd.api.types.is_string_dtype(col.dtype) and col.dtype != object:
            arr = arr.astype(object)  # one object block: per-column string arrays cost 500×
        frame = pd.DataFrame(arr, index=index, columns=pd.Index(jurs, name="jurisdiction"),
                             dtype=object if arr.dtype == object else None)
        parts[f] = frame  # Int64 fields (target_year) stay object: one block, not 1 per plan
    wide = pd.concat(parts, axis=1, names=["field", "jurisdiction"])
    return wide.swaplevel(axis=1).reindex(columns=cols)
