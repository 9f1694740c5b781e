"""Line plans up indicator by indicator, on one basis, with every derived number explained.

``compare_long(targets, registry, …)`` is the pure function (any targets table, any registry with
populations): one row per (indicator, jurisdiction) cell. ``compare(…)`` is the corpus-level
wrapper that returns the wide table: index ``indicator``, columns a MultiIndex
``(jurisdiction, field)``. Just the numbers::

    cmp = ipc.compare(basis="per_10k_residents")
    cmp.xs("value", axis=1, level="field")        # indicators × jurisdictions, floats
    cmp["wuhan"]                                   # every field of one plan

Cell states: ``stated`` (a value on the basis), ``not_convertible`` (the plan states a target but
it has no form on this basis: the method says why), ``not_stated`` (the plan sets no target for
the indicator), ``not_in_corpus`` (no plan of this jurisdiction is in the corpus).

Bases (conversions in :mod:`ipcompare.normalize`, each cell's ``method`` writes out its formula):

- ``as_stated``: base units (``value × 10^unit_mult``), measure unchanged.
- ``per_10k_residents``: counts, money and areas (level, new, cumulative, per year) ÷ the
  reference population in 10,000s; per-capita targets unchanged; rates, shares, scores and
  ratios not convertible.
- ``absolute``: per-capita targets × reference population; counts, money and areas unchanged.
- ``per_year``: cumulative and new totals ÷ plan years (counted inclusively, up to the target
  year); per-year targets unchanged; a level (a stock to reach) is not a flow: not convertible.
- ``cumulative_growth``: annual growth rates compounded over the plan years,
  ``((1 + g)^n − 1) × 100``; nothing else is a growth rate.

Which target fills a cell, among a plan's targets on the indicator:

1. restated rows never (they repeat a target already counted); milestones only when the plan
   has no other target on the indicator (a roadmap step is not the plan's goal);
2. with ``year``, only targets due that year;
3. a supplementary row (from a reference source, e.g. Sichuan's expected-indicator table) is
   dropped only when a row from the plan text exists for the same year — otherwise it takes
   part, marked ``supplementary``;
4. then targets convertible to the basis first, the latest target year, the measure native to
   the basis (per_capita for per-10k, per_year for per-year, …), and the first in the text.

The other candidates' ids are listed in ``other_target_ids``.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from . import normalize as nz
from .taxonomy import load_taxonomy

BASES: dict[str, str] = {
    "as_stated": "as stated, in base units (value × 10^unit_mult)",
    "per_10k_residents": "per 10,000 residents at the reference population",
    "absolute": "absolute amounts (per-resident targets × reference population)",
    "per_year": "per year (cumulative and new totals ÷ plan years)",
    "cumulative_growth": "total growth over the plan years (annual rates compounded)",
}
"""The comparison bases and what each means."""

STATES = ("stated", "not_convertible", "not_stated", "not_in_corpus")
"""Cell states, from a value on the basis to no plan at all."""

LONG_COLUMNS = [
    "indicator", "indicator_zh", "indicator_en", "jurisdiction", "state", "value", "value_high",
    "unit", "basis", "measure", "kind", "comparator", "target_year", "method", "target_ids",
    "other_target_ids", "supplementary", "source_quote", "source", "stated_value",
    "stated_value_high", "stated_unit", "population_10k", "population_year", "period_start",
    "period_end",
]
"""Columns of :func:`compare_long`, in order."""

FIELDS = [
    "value", "value_high", "unit", "basis", "measure", "kind", "comparator", "target_year",
    "method", "state", "target_ids", "other_target_ids", "supplementary", "source_quote",
]
"""Fields of each jurisdiction in the wide table of :func:`compare` (``field`` column level)."""

KIND = {
    "level": "stock", "per_capita": "stock", "new": "total", "cumulative": "total",
    "per_year": "flow", "annual_growth": "growth", "share": "share", "score": "score",
    "ratio": "ratio",
}
"""What a measure's number is: a stock, a total over the plan, a yearly flow, a rate …"""

_EXTENSIVE_FAMILIES = frozenset({"count", "money", "area"})  # scale with population and time
_AMOUNTS = ("level", "new", "cumulative", "per_year")
_NATIVE_RANK = {
    "as_stated": {},
    "per_10k_residents": {"per_capita": 0, "level": 1, "cumulative": 2, "new": 3, "per_year": 4},
    "absolute": {"level": 0, "per_capita": 1, "cumulative": 2, "new": 3, "per_year": 4},
    "per_year": {"per_year": 0, "cumulative": 1, "new": 2},
    "cumulative_growth": {"annual_growth": 0},
}
_COMPARATOR_SIGN = {">=": "≥ ", "<=": "≤ ", "approx": "≈ ", "=": "", "range": ""}
_WHY = {
    "annual_growth": "a growth rate",
    "share": "a share (a percentage of something)",
    "score": "a score",
    "ratio": "a ratio",
}


@dataclass(frozen=True)
class Population:
    """A jurisdiction's reference population in units of 10,000 residents."""

    population_10k: float
    year: int | None
    source: str | None


# ----------------------------------------------------------------------------- conversion rules


def _unit_family(unit: str) -> str | None:
    return load_taxonomy().unit_family.get(unit)


@lru_cache(maxsize=512)
def not_convertible_reason(basis: str, measure: str, unit: str) -> str | None:
    """Why a target with this measure and unit has no form on ``basis`` (None: it has one)."""
    extensive = _unit_family(unit) in _EXTENSIVE_FAMILIES
    if basis == "as_stated":
        return None
    if basis == "cumulative_growth":
        if measure == "annual_growth":
            return None
        return "only an annual growth rate compounds into a total growth over the plan years"
    if measure in _WHY:
        return f"{_WHY[measure]} has no {'per-resident' if basis == 'per_10k_residents' else basis.replace('_', '-')} form"
    if not extensive:
        return f"unit {unit!r} is not an amount that scales with population or time"
    if basis == "per_10k_residents":
        return None  # amounts ÷ population; per_capita unchanged
    if basis == "absolute":
        return None  # per_capita × population; amounts unchanged
    if basis == "per_year":
        if measure == "level":
            return ("a level is a stock to reach, not a flow: its yearly change needs the "
                    "starting stock, which the plan does not state")
        if measure == "per_capita":
            return "a per-resident stock is not a flow"
        return None
    raise ValueError(f"unknown basis {basis!r}; valid: {list(BASES)}")


def _unit_label(unit: str, measure: str, basis: str) -> str:
    """The unit of a converted value, e.g. 'items per 10k residents', 'CNY per year'."""
    if basis == "cumulative_growth":
        return "percent over the plan years"
    if basis == "per_year":
        return f"{unit} per year"
    if basis == "per_10k_residents":
        return f"{unit} per year per 10k residents" if measure == "per_year" else f"{unit} per 10k residents"
    if basis == "absolute":
        return f"{unit} per year" if measure == "per_year" else unit
    return {
        "per_capita": f"{unit} per 10k residents",
        "per_year": f"{unit} per year",
        "annual_growth": "percent per year",
    }.get(measure, unit)


def _kind(measure: str, basis: str) -> str:
    if basis == "per_year":
        return "flow"
    if basis == "cumulative_growth":
        return "growth_total"
    return KIND.get(measure, measure)


def _int_or_none(x: object) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def _float_or_nan(x: object) -> float:
    return float("nan") if x is None or pd.isna(x) else float(x)


def stated_phrase(row: Mapping) -> str:
    """How a target reads as stated: '≥ 4.5万 = 4.5 × 10^4 = 45000 items (level, due 2020)'."""
    mult = int(row["unit_mult"])
    low = nz.to_base(float(row["value"]), mult)
    number = low.method if mult else nz.fmt(low.value)
    high = _float_or_nan(row.get("value_high"))
    if row["comparator"] == "range" and not np.isnan(high):
        number = f"{number}–{nz.fmt(nz.to_base(high, mult).value)}"
    unit = _unit_label(str(row["unit"]), str(row["measure"]), "as_stated")
    year = _int_or_none(row.get("target_year"))
    due = f", due {year}" if year is not None else ""
    sup = ""
    if row.get("status") == "supplementary":
        sup = f" [supplementary: {row.get('source') or 'reference source'}]"
    return f"stated {_COMPARATOR_SIGN.get(row['comparator'], '')}{number} {unit} ({row['measure']}{due}){sup}"


def convert_target(row: Mapping, basis: str, population: Population | None = None) -> dict:
    """Convert one target row to ``basis``: state, value, value_high, unit, kind, method."""
    if basis not in BASES:
        raise ValueError(f"unknown basis {basis!r}; valid: {list(BASES)}")
    measure, unit = str(row["measure"]), str(row["unit"])
    mult = int(row["unit_mult"])
    base = nz.to_base(float(row["value"]), mult).value
    high_raw = _float_or_nan(row.get("value_high"))
    base_high = nz.to_base(high_raw, mult).value if not np.isnan(high_raw) else float("nan")
    phrase = stated_phrase(row)
    out = {
        "state": "stated", "value": base, "value_high": base_high,
        "unit": _unit_label(unit, measure, basis), "kind": _kind(measure, basis),
        "population_10k": float("nan"), "population_year": None,
    }

    def fail(reason: str) -> dict:
        out.update(state="not_convertible", value=float("nan"), value_high=float("nan"),
                   unit=_unit_label(unit, measure, "as_stated"), kind=KIND.get(measure, measure),
                   method=f"{phrase}; not convertible to {basis}: {reason}")
        return out

    reason = not_convertible_reason(basis, measure, unit)
    if reason is not None:
        return fail(reason)
    unchanged = (
        basis == "as_stated"
        or (basis == "per_10k_residents" and measure == "per_capita")
        or (basis == "absolute" and measure != "per_capita")
        or (basis == "per_year" and measure == "per_year")
    )
    if unchanged:
        out["method"] = f"as stated: {phrase[len('stated '):]}" if basis == "as_stated" else (
            f"{phrase}; already {BASES[basis].split(' (')[0]}, unchanged"
        )
        return out

    def both(fn, *args) -> list[nz.Converted]:
        conv = [fn(base, *args)]
        if not np.isnan(base_high):
            conv.append(fn(base_high, *args))
        return conv

    steps: list[str] = []
    if basis in ("per_10k_residents", "absolute"):
        if population is None:
            return fail(f"no reference population for {row['jurisdiction']!r}")
        fn = nz.per_10k if basis == "per_10k_residents" else nz.from_per_10k
        conv = both(fn, population.population_10k, population.year, population.source)
        out.update(population_10k=population.population_10k, population_year=population.year)
    else:  # per_year, cumulative_growth: need the plan years
        start, end = _int_or_none(row.get("period_start")), _int_or_none(row.get("period_end"))
        if start is None or end is None:
            return fail("the plan period is unknown, so the number of plan years is too")
        try:
            years = nz.plan_years(start, end, _int_or_none(row.get("target_year")))
        except ValueError as err:
            return fail(str(err))
        steps.append(years.method)
        fn = nz.per_year if basis == "per_year" else nz.growth_cumulative
        if basis == "cumulative_growth":
            conv = [fn(float(row["value"]), int(years.value))]  # a rate has no unit_mult
            if not np.isnan(high_raw):
                conv.append(fn(high_raw, int(years.value)))
        else:
            conv = both(fn, int(years.value))
    steps.append(conv[0].method)
    if len(conv) > 1:
        steps.append(f"upper bound: {conv[1].method}")
    out.update(value=conv[0].value, value_high=conv[1].value if len(conv) > 1 else float("nan"),
               method=f"{phrase}; " + "; ".join(steps))
    return out


# ----------------------------------------------------------------------------- inputs


def populations(registry: pd.DataFrame | None) -> dict[str, Population]:
    """The reference population of each jurisdiction of a registry table (rows without one skipped)."""
    if registry is None or "population_10k" not in registry.columns:
        return {}
    out: dict[str, Population] = {}
    for r in registry.drop_duplicates("jurisdiction").itertuples(index=False):
        pop = getattr(r, "population_10k", None)
        if pop is None or pd.isna(pop) or float(pop) <= 0:
            continue
        year = getattr(r, "population_year", None)
        source = getattr(r, "population_source", None)
        out[str(r.jurisdiction)] = Population(
            float(pop), None if year is None or pd.isna(year) else int(year),
            None if source is None or pd.isna(source) else str(source),
        )
    return out


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
    ids = list(registry["jurisdiction"]) if registry is not None else []
    ids += list(targets["jurisdiction"])
    return list(dict.fromkeys(map(str, ids)))


# ----------------------------------------------------------------------------- choosing targets


def candidates(targets: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """The rows that may fill a cell (rules 1–3 of the module docstring), with an ``_order`` column."""
    t = targets[targets["indicator"].notna() & (targets["status"] != "restated")]
    t = t.assign(_pos=np.arange(len(t)))
    if year is not None:
        t = t[t["target_year"].eq(year).fillna(False).astype(bool)]
    key = [t["jurisdiction"], t["indicator"]]
    milestone = t["status"].eq("milestone")
    has_goal = (~milestone).groupby(key).transform("any")
    t = t[~milestone | ~has_goal]
    sup = t["status"].eq("supplementary")
    yr = t["target_year"].astype("Float64").fillna(-1)
    text_same_year = (~sup).groupby([t["jurisdiction"], t["indicator"], yr]).transform("any")
    t = t[~sup | ~text_same_year]
    start = t["start"].astype("Float64").fillna(np.inf).astype(float) if "start" in t else np.inf
    return t.assign(_order=start, _year=t["target_year"].astype("Float64").fillna(-1).astype(float))


def choose(cands: pd.DataFrame, basis: str) -> pd.DataFrame:
    """One row per (jurisdiction, indicator): the target that fills the cell, plus ``_others``."""
    if cands.empty:
        return cands.assign(_others=pd.Series(dtype=object))
    rank = _NATIVE_RANK[basis]
    nonconv = [
        not_convertible_reason(basis, m, u) is not None
        for m, u in zip(cands["measure"], cands["unit"], strict=True)
    ]
    ordered = cands.assign(
        _nonconv=nonconv,
        _neg_year=-cands["_year"],
        _rank=cands["measure"].map(rank).fillna(9),
        _milestone=cands["status"].eq("milestone"),
    ).sort_values(
        ["jurisdiction", "indicator", "_nonconv", "_neg_year", "_rank", "_milestone", "_order", "_pos"],
        kind="stable",
    )
    ids = ordered.groupby(["jurisdiction", "indicator"], sort=False)["target_id"].agg(list)
    first = ordered.drop_duplicates(["jurisdiction", "indicator"], keep="first")
    others = ids.map(lambda xs: "|".join(xs[1:]))
    others.name = "_others"
    return first.join(others, on=["jurisdiction", "indicator"])


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

    ``registry`` needs ``jurisdiction`` and, for per-resident bases, ``population_10k``,
    ``population_year``, ``population_source`` (as :func:`ipcompare.jurisdictions` gives).
    Unknown indicators raise UnknownIdError; unknown jurisdictions get ``not_in_corpus`` cells
    and a warning. Default indicators: those at least one selected plan states, most plans first.
    """
    if basis not in BASES:
        raise ValueError(f"unknown basis {basis!r}; valid: {list(BASES)}")
    corpus = _corpus_ids(targets, registry)
    jurs = _as_list(jurisdictions) or corpus
    unknown = [j for j in jurs if j not in set(corpus)]
    if unknown:
        warnings.warn(
            f"not in the corpus: {', '.join(unknown)} (their cells are 'not_in_corpus'); "
            f"in the corpus: {', '.join(corpus)}",
            stacklevel=2,
        )
    known = [j for j in jurs if j not in set(unknown)]
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

    chosen = choose(cands, basis)
    pops = populations(registry)
    cells = []
    for rec in chosen.to_dict("records"):
        conv = convert_target(rec, basis, pops.get(rec["jurisdiction"]))
        sup = rec["status"] == "supplementary"
        cells.append({
            "indicator": rec["indicator"], "jurisdiction": rec["jurisdiction"], **conv,
            "measure": rec["measure"], "comparator": rec["comparator"],
            "target_year": _int_or_none(rec["target_year"]), "target_ids": rec["target_id"],
            "other_target_ids": rec["_others"], "supplementary": sup,
            "source_quote": rec["quote"], "source": rec.get("source"),
            "stated_value": nz.to_base(float(rec["value"]), int(rec["unit_mult"])).value,
            "stated_value_high": (
                nz.to_base(float(rec["value_high"]), int(rec["unit_mult"])).value
                if not pd.isna(rec.get("value_high")) else float("nan")
            ),
            "stated_unit": _unit_label(str(rec["unit"]), str(rec["measure"]), "as_stated"),
            "period_start": _int_or_none(rec.get("period_start")),
            "period_end": _int_or_none(rec.get("period_end")),
        })
    grid = pd.MultiIndex.from_product([inds, jurs], names=["indicator", "jurisdiction"]).to_frame(
        index=False
    )
    cell_df = pd.DataFrame(cells) if cells else pd.DataFrame(columns=["indicator", "jurisdiction"])
    long = grid.merge(cell_df, on=["indicator", "jurisdiction"], how="left")

    # cells without a target: not stated, or not in the corpus
    empty = long["state"].isna() if "state" in long else pd.Series(True, index=long.index)
    in_corpus = long["jurisdiction"].isin(known)
    long.loc[empty & in_corpus, "state"] = "not_stated"
    long.loc[empty & ~in_corpus, "state"] = "not_in_corpus"
    long.loc[empty & ~in_corpus, "method"] = (
        "no plan of " + long.loc[empty & ~in_corpus, "jurisdiction"] + " is in the corpus"
    )
    ns = empty & in_corpus
    if ns.any():
        long.loc[ns, "method"] = _not_stated_methods(long[ns], sel, year)
    for col, default in (("target_ids", ""), ("other_target_ids", ""), ("supplementary", False)):
        long[col] = long[col].where(long[col].notna(), default) if col in long else default
    long["supplementary"] = long["supplementary"].astype(bool)
    long["basis"] = basis
    tax = load_taxonomy()
    long["indicator_zh"] = [tax.indicator(i).zh for i in long["indicator"]]
    long["indicator_en"] = [tax.indicator(i).en for i in long["indicator"]]
    for col in LONG_COLUMNS:
        if col not in long:
            long[col] = np.nan
    for col in ("target_year", "population_year", "period_start", "period_end"):
        long[col] = pd.array(long[col], dtype="Int64")
    for col in ("value", "value_high", "stated_value", "stated_value_high", "population_10k"):
        long[col] = long[col].astype(float)
    return long[LONG_COLUMNS]


def _not_stated_methods(cells: pd.DataFrame, sel: pd.DataFrame, year: int | None) -> list[str]:
    """'the plan sets no target …', saying when it does state targets for other years."""
    if year is None:
        return [f"{j} sets no target for {i}" for i, j in zip(cells["indicator"], cells["jurisdiction"], strict=True)]
    have = sel[sel["indicator"].notna() & (sel["status"] != "restated")]
    years = have.groupby(["jurisdiction", "indicator"])["target_year"].agg(
        lambda s: sorted({int(y) for y in s.dropna()})
    ).to_dict()
    out = []
    for i, j in zip(cells["indicator"], cells["jurisdiction"], strict=True):
        other = years.get((j, i))
        tail = f" (its targets for {i} are due {', '.join(map(str, other))})" if other else ""
        out.append(f"{j} sets no target for {i} due {year}{tail}")
    return out


def widen(long: pd.DataFrame, fields: list[str] | None = None) -> pd.DataFrame:
    """Pivot a :func:`compare_long` table: index indicator, columns (jurisdiction, field)."""
    fields = list(fields or FIELDS)
    inds = list(dict.fromkeys(long["indicator"]))
    jurs = list(dict.fromkeys(long["jurisdiction"]))
    cols = pd.MultiIndex.from_product([jurs, fields], names=["jurisdiction", "field"])
    if long.empty:
        return pd.DataFrame(index=pd.Index([], name="indicator"), columns=cols)
    wide = long.set_index(["indicator", "jurisdiction"])[fields].unstack("jurisdiction")
    wide = wide.swaplevel(axis=1)
    wide.columns.names = ["jurisdiction", "field"]
    wide = wide.reindex(index=inds, columns=cols)
    wide.index.name = "indicator"
    return wide


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
    from .corpus import corpus_targets
    from .registry import jurisdictions as registry_table

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        table = compare_long(
            corpus_targets().table, registry_table(), indicators, jurisdictions, basis, year
        )
    for w in caught:  # re-issued so that they point at the caller's line
        warnings.warn(w.message, w.category, stacklevel=2)
    return table if long else widen(table)
