"""Pure unit conversions behind every comparison, each returning the number AND how it was made.

Every function returns a :class:`Converted` ``(value, method)``: ``method`` is a readable
formula with the inputs written out, so a derived number never travels without its derivation.

Conventions (decided here, used everywhere):

- **Base units**: ``value * 10**unit_mult`` (SDMX UNIT_MULT: 4 for 万, 8 for 亿, 3 for 千), computed
  in decimal arithmetic so 1.2万 is exactly 12000, not 12000.000000000002: the one
  implementation is :func:`ipcompare.extract.numerals.base_value`, also used for the targets'
  ``base_value`` column.
- **Per 10,000 residents**: base value ÷ reference population in units of 10,000 residents; the
  population's year (and source) is written into the method. Chinese statistics state
  population in 万人, so "per 10k" needs no further scaling (万人发明专利拥有量 is per 10k).
- **Plan years are counted inclusively**: a 2018–2020 plan runs 3 years (2018, 2019, 2020).
  This matches how Chinese plans date their periods (十三五 = 2016–2020 = 5 years, with 2015 as
  the base year), so a growth rate "年均增长 g" over a 2018–2020 plan compounds 3 times, from the
  end of 2017 to the end of 2020. The issue date inside the first year is not used.
- **Per year**: a cumulative (or newly built) total ÷ plan years — the even yearly rate that
  reaches the total; it says nothing about the actual profile over the years.
- **Cumulative growth**: ``((1 + g)^n − 1) × 100`` percent over ``n`` plan years for an annual
  rate of ``g`` percent.

Results keep full float precision (only float noise below 1e-9 is rounded away); methods show
them rounded for reading.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ..extract.numerals import Numeral, base_value

MAGNITUDE_ZH = {0: "", 3: "千", 4: "万", 8: "亿", 12: "万亿"}
"""The Chinese magnitude word written for each ``unit_mult``."""


class Converted(NamedTuple):
    """A converted number and the formula that produced it (``value, method = f(...)``)."""

    value: float
    method: str


def fmt(x: float, decimals: int = 2) -> str:
    """Format a number for a method string: integers plainly, others to ``decimals`` places."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "NA"
    if float(x).is_integer():
        return str(int(x))
    if abs(x) < 1:
        return f"{x:.3g}"
    return f"{x:.{decimals}f}".rstrip("0").rstrip(".")


def _clean(x: float) -> float:
    """Round away binary float noise (below 1e-9 relative) without touching real digits."""
    if x == 0 or not math.isfinite(x):
        return float(x)
    digits = 12 - int(math.floor(math.log10(abs(x))))
    return float(round(x, max(digits, 0)))


def _check_finite(name: str, x: float) -> float:
    if x is None or not isinstance(x, (int, float)) or not math.isfinite(float(x)):
        raise ValueError(f"{name} must be a finite number, got {x!r}")
    return float(x)


def _population_phrase(population_10k: float, year: int | None, source: str | None) -> str:
    ref = f"{population_10k:.2f} ten-thousand residents"
    parts = (f"{year} resident population" if year else "", f"source: {source}" if source else "")
    detail = "; ".join(p for p in parts if p)
    return f"{ref} ({detail})" if detail else ref


def to_base(value: float, unit_mult: int) -> Converted:
    """Return ``value × 10^unit_mult`` (the number in base units) exactly, e.g. 4.5万 → 45000."""
    v = _check_finite("value", value)
    if unit_mult not in MAGNITUDE_ZH:
        raise ValueError(f"unit_mult must be one of {sorted(MAGNITUDE_ZH)}, got {unit_mult!r}")
    if unit_mult == 0:
        return Converted(v, f"{fmt(v)} (base units as written)")
    base = base_value(Numeral(v, unit_mult))
    return Converted(
        base, f"{fmt(v, 6)}{MAGNITUDE_ZH[unit_mult]} = {fmt(v, 6)} × 10^{unit_mult} = {fmt(base)}"
    )


def per_10k(
    base_value: float,
    population_10k: float,
    population_year: int | None = None,
    population_source: str | None = None,
) -> Converted:
    """Return ``base_value ÷ population_10k``: the amount per 10,000 residents."""
    v = _check_finite("base_value", base_value)
    pop = _check_finite("population_10k", population_10k)
    if pop <= 0:
        raise ValueError(f"population_10k must be positive, got {population_10k!r}")
    out = _clean(v / pop)
    phrase = _population_phrase(pop, population_year, population_source)
    return Converted(out, f"{fmt(v)} ÷ {phrase} = {fmt(out)} per 10k residents")


def from_per_10k(
    value_per_10k: float,
    population_10k: float,
    population_year: int | None = None,
    population_source: str | None = None,
) -> Converted:
    """Return ``value_per_10k × population_10k``: the absolute amount for the whole population."""
    v = _check_finite("value_per_10k", value_per_10k)
    pop = _check_finite("population_10k", population_10k)
    if pop <= 0:
        raise ValueError(f"population_10k must be positive, got {population_10k!r}")
    out = _clean(v * pop)
    phrase = _population_phrase(pop, population_year, population_source)
    return Converted(out, f"{fmt(v)} per 10k residents × {phrase} = {fmt(out)}")


def per_year(total: float, years: int) -> Converted:
    """Return ``total ÷ years``: the even yearly amount that adds up to ``total``."""
    v = _check_finite("total", total)
    if not isinstance(years, int) or isinstance(years, bool) or years < 1:
        raise ValueError(f"years must be a positive integer, got {years!r}")
    out = _clean(v / years)
    return Converted(out, f"{fmt(v)} ÷ {years} years = {fmt(out)} per year")


def growth_cumulative(rate_percent: float, years: int) -> Converted:
    """Return ``((1 + g)^n − 1) × 100``: the total growth in percent of ``n`` years at ``g`` %."""
    g = _check_finite("rate_percent", rate_percent)
    if not isinstance(years, int) or isinstance(years, bool) or years < 1:
        raise ValueError(f"years must be a positive integer, got {years!r}")
    if g <= -100:
        raise ValueError(f"rate_percent must be above -100, got {rate_percent!r}")
    out = _clean(((1 + g / 100) ** years - 1) * 100)
    return Converted(
        out, f"(1 + {fmt(g)}%)^{years} − 1 = {fmt(out)}% over {years} years (compounded yearly)"
    )


def plan_years(period_start: int, period_end: int, target_year: int | None = None) -> Converted:
    """Return the number of plan years up to the target year, counting both ends (2018–2020 = 3).

    With ``target_year`` the count runs from ``period_start`` to ``target_year`` (a target due
    before the end of the plan had fewer years; one due after it, more).
    """
    for name, x in (("period_start", period_start), ("period_end", period_end)):
        if x is None or isinstance(x, bool) or int(x) != x:
            raise ValueError(f"{name} must be a year, got {x!r}")
    start, end = int(period_start), int(period_end)
    if end < start:
        raise ValueError(f"period_end {end} is before period_start {start}")
    if target_year is None:
        n = end - start + 1
        return Converted(n, f"{start}–{end} counted inclusively = {n} years")
    due = int(target_year)
    if due < start:
        raise ValueError(f"target_year {due} is before the plan period {start}–{end}")
    n = due - start + 1
    where = "" if due == end else (
        f" (due before the plan ends in {end})" if due < end else f" (due after the plan ends in {end})"
    )
    return Converted(n, f"{start}–{due} counted inclusively = {n} years{where}")
