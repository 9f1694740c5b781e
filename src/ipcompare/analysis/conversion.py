"""Unit and basis conversion of one target: the rules that say whether a target has a form on a
comparison basis, and the conversion itself with its derivation written out.

Bases (the arithmetic is in :mod:`ipcompare.analysis.units`; each result's ``method`` writes
out its formula):

- ``as_stated``: base units (``value × 10^unit_mult``), measure unchanged.
- ``per_10k_residents``: counts, money and areas (level, new, cumulative, per year) ÷ the
  reference population in 10,000s; per-capita targets unchanged; rates, shares, scores and
  ratios not convertible.
- ``absolute``: per-capita targets × reference population; counts, money and areas unchanged.
- ``per_year``: new totals ÷ the span the plan states with them (``span_years``: 3年累计 → 3),
  else ÷ plan years (counted inclusively, up to the target year); a cumulative total (累计) ÷
  its span only: without one the base of 累计 is not stated and the yearly amount is refused;
  per-year targets unchanged; a level (a stock to reach) is not a flow: not convertible.
- ``per_capita_year`` (a yearly rate per 10,000 residents, e.g. registrations a year per 10k):
  unchanged per 10k, × population on ``absolute`` (a count a year); its own kind
  (``flow_per_capita``), never ranked with per-resident stocks.
- ``cumulative_growth``: annual growth rates compounded over the plan years,
  ``((1 + g)^n − 1) × 100``; nothing else is a growth rate.

Decisions (what the module promises)
    Row by row and pure: a target (a mapping with the targets contract's columns) and a
    population in, a dict of cell fields out. A target without a form on the basis is never
    dropped or guessed: its state is ``not_convertible`` and its method says why.
    :mod:`ipcompare.analysis.comparison` chooses which target fills a cell and re-exports
    these names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..caching import data_cache
from ..vocab.taxonomy import load_taxonomy
from . import units as nz

BASES: dict[str, str] = {
    "as_stated": "as stated, in base units (value × 10^unit_mult)",
    "per_10k_residents": "per 10,000 residents at the reference population",
    "absolute": "absolute amounts (per-resident targets × reference population)",
    "per_year": "per year (cumulative and new totals ÷ plan years)",
    "cumulative_growth": "total growth over the plan years (annual rates compounded)",
}
"""The comparison bases and what each means."""

KIND = {
    "level": "stock", "per_capita": "stock", "new": "total", "cumulative": "total",
    "per_year": "flow", "annual_growth": "growth", "share": "share", "score": "score",
    "ratio": "ratio", "per_capita_year": "flow_per_capita", "relative": "relative",
}
"""What a measure's number is: a stock, a total over the plan, a yearly flow, a rate …"""

_EXTENSIVE_FAMILIES = frozenset({"count", "money", "area"})  # scale with population and time
_COMPARATOR_SIGN = {">=": "≥ ", "<=": "≤ ", "approx": "≈ ", "=": "", "range": ""}
_WHY = {
    "annual_growth": "a growth rate",
    "share": "a share (a percentage of something)",
    "score": "a score",
    "ratio": "a ratio",
    "relative": "a change on a base (doubled, +5 percentage points)",
}


@dataclass(frozen=True)
class Population:
    """A jurisdiction's reference population in units of 10,000 residents."""

    population_10k: float
    year: int | None
    source: str | None


def _unit_family(unit: str) -> str | None:
    return load_taxonomy().unit_family.get(unit)


@data_cache(maxsize=512)
def not_convertible_reason(basis: str, measure: str, unit: str) -> str | None:
    """Why a target with this measure and unit has no form on ``basis`` (None: it has one)."""
    extensive = _unit_family(unit) in _EXTENSIVE_FAMILIES
    if basis == "as_stated":
        return None
    if basis == "cumulative_growth":
        if measure == "annual_growth":
            return None
        return "only an annual growth rate compounds into a total growth over the plan years"
    if basis == "per_year" and measure == "annual_growth":
        return ("a growth rate is a percentage, not an amount per year "
                "(basis='cumulative_growth' compounds it)")
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
        if measure == "per_capita_year":
            return ("a yearly rate per 10,000 residents, not an amount: basis='absolute' gives "
                    "the yearly count, 'per_10k_residents' compares it as stated")
        return None
    raise ValueError(f"unknown basis {basis!r}; valid: {list(BASES)}")


def _unit_label(unit: str, measure: str, basis: str) -> str:
    """The unit of a converted value, e.g. 'items per 10k residents', 'CNY per year'."""
    if basis == "cumulative_growth":
        return "percent over the plan years"
    if basis == "per_year":
        return f"{unit} per year"
    yearly = measure in ("per_year", "per_capita_year")
    if basis == "per_10k_residents":
        return f"{unit} per year per 10k residents" if yearly else f"{unit} per 10k residents"
    if basis == "absolute":
        return f"{unit} per year" if yearly else unit
    return {
        "per_capita": f"{unit} per 10k residents",
        "per_capita_year": f"{unit} per year per 10k residents",
        "per_year": f"{unit} per year",
        "annual_growth": "percent per year",
    }.get(measure, unit)


def _kind(measure: str, basis: str) -> str:
    if basis == "per_year":
        return "flow"
    if basis == "absolute" and measure == "per_capita_year":
        return "flow"
    if basis == "cumulative_growth":
        return "growth_total"
    return KIND.get(measure, measure)


def _int_or_none(x: object) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def _float_or_nan(x: object) -> float:
    return float("nan") if x is None or pd.isna(x) else float(x)


def _stated(row: Mapping) -> tuple[str, float, float]:
    """(phrase, base value, base upper value) of a target as stated."""
    mult = int(row["unit_mult"])
    value = float(row["value"])
    low = nz.to_base(value, mult) if mult else nz.Converted(value, "")
    number = low.method if mult else nz.fmt(value)
    high = _float_or_nan(row.get("value_high"))
    base_high = float("nan") if np.isnan(high) else (nz.to_base(high, mult).value if mult else high)
    unit = str(row["unit"])
    if not np.isnan(high) and (row["comparator"] == "range" or unit == "ratio"):
        number = f"{number}{':' if unit == 'ratio' else '–'}{nz.fmt(base_high)}"
    label = _unit_label(unit, str(row["measure"]), "as_stated")
    year = _int_or_none(row.get("target_year"))
    due = f", due {year}" if year is not None else ""
    sup = ""
    if row.get("status") == "supplementary":
        sup = f" [supplementary: {row.get('source') or 'reference source'}]"
    sign = _COMPARATOR_SIGN.get(row["comparator"], "")
    return f"stated {sign}{number} {label} ({row['measure']}{due}){sup}", low.value, base_high


def convert_target(row: Mapping, basis: str, population: Population | None = None) -> dict:
    """Convert one target row to ``basis``: state, value, value_high, unit, kind, method, …"""
    if basis not in BASES:
        raise ValueError(f"unknown basis {basis!r}; valid: {list(BASES)}")
    measure, unit = str(row["measure"]), str(row["unit"])
    phrase, base, base_high = _stated(row)
    high_raw = _float_or_nan(row.get("value_high"))
    stated_unit = _unit_label(unit, measure, "as_stated")
    out = {
        "state": "stated", "value": base, "value_high": base_high,
        "unit": _unit_label(unit, measure, basis), "kind": _kind(measure, basis),
        "population_10k": float("nan"), "population_year": None, "derived": False,
        "stated_value": base, "stated_value_high": base_high, "stated_unit": stated_unit,
    }

    def fail(reason: str) -> dict:
        out.update(state="not_convertible", value=float("nan"), value_high=float("nan"),
                   unit=stated_unit, kind=KIND.get(measure, measure),
                   method=f"{phrase}; not convertible to {basis}: {reason}")
        return out

    reason = not_convertible_reason(basis, measure, unit)
    if reason is not None:
        return fail(reason)
    span = _int_or_none(row.get("span_years"))
    if basis == "per_year" and measure == "cumulative" and span is None:
        return fail("the base of 累计 is not stated: the plan does not say from when the total "
                    "counts (nor the starting stock), so its yearly amount is unknown")
    per_resident = measure in ("per_capita", "per_capita_year")
    unchanged = (
        basis == "as_stated"
        or (basis == "per_10k_residents" and per_resident)
        or (basis == "absolute" and not per_resident)
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
    elif basis == "per_year" and span is not None:  # the plan's own span is the divisor
        basis_note = row.get("measure_basis")
        why = basis_note if isinstance(basis_note, str) and basis_note else "the span the plan states"
        steps.append(f"{span} years ({why})")
        conv = both(nz.per_year, span)
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
               method=f"{phrase}; " + "; ".join(steps), derived=True)
    return out


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
