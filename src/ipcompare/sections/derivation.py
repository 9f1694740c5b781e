"""How a compared cell was derived, written in the report's language.

Decisions (what the module promises)
    :mod:`ipcompare.analysis.conversion` writes each cell's ``method`` in English (it is data a
    researcher reads in ``ipc.compare``); an English report shows it as it is. A Chinese report
    gets the same derivation rebuilt from the cell's own fields (stated value and unit, basis,
    population and its year, value), with every word from ``data/report_words.yaml``: the
    plan's figure as stated, then the arithmetic (÷ population, × population, ÷ years,
    compounding), or why there is no value on this basis. Nothing is translated by machine and
    no English word is left in a Chinese derivation; a reason the fields do not tell is given
    in general words ("no form on this basis"), never guessed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..present import charts
from ..present import narrative as nv
from ..present.wording import word

__all__ = ["derivation"]

def missing(x: Any) -> bool:
    """Whether a cell field holds no value (None, NA, NaN or '')."""
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)) or x == ""


def measure_label(measure: Any, lang: str) -> str:
    """What a number measures, in ``lang`` ('' when unknown)."""
    return "" if missing(measure) else charts.label("measures", measure, lang)


_RATES = ("annual_growth", "share", "score", "ratio")


def _num(x: float) -> str:
    """A number for arithmetic: 45,000 · 1,108.1 · 40.61 (up to two decimals, trailing 0s cut)."""
    if float(x).is_integer():
        return f"{int(x):,}"
    text = f"{x:,.2f}" if abs(x) >= 1 else f"{x:,.4g}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _stated(row: Mapping, lang: str) -> str:
    """The plan's figure as stated: '不少于45,000件（存量，2020年）'."""
    high = row.get("stated_value_high")
    phrase, _ = nv.quantity(float(row["stated_value"]), str(row["stated_unit"]), lang,
                            value_high=None if missing(high) else float(high),
                            comparator=str(row.get("comparator") or "="))
    notes = [measure_label(row.get("measure"), lang)]
    if not missing(row.get("target_year")):
        notes.append(word("cell_year", lang, year=int(row["target_year"])))
    notes = [n for n in notes if n]
    return word("deriv_stated", lang, stated=phrase, notes=word("sep", lang).join(notes))


def _reason(row: Mapping, basis: str, lang: str) -> str:
    """Why a stated figure has no value on ``basis``, from the cell's fields."""
    measure = str(row.get("measure") or "")
    if measure in _RATES:
        return word("deriv_why_rate", lang, measure=measure_label(measure, lang))
    if basis == "per_year" and measure in ("level", "per_capita"):
        return word("deriv_why_stock", lang)
    if basis == "per_year" and measure == "cumulative":
        return word("deriv_why_cumulative", lang)
    if basis in ("per_10k_residents", "absolute") and missing(row.get("population_10k")):
        return word("deriv_why_population", lang)
    return word("deriv_why_other", lang)


def _population(row: Mapping, lang: str) -> str:
    year = row.get("population_year")
    return word("deriv_population", lang, pop=_num(float(row["population_10k"])),
                year="" if missing(year) else int(year))


def _arithmetic(row: Mapping, basis: str, lang: str) -> str:
    stated, value = float(row["stated_value"]), float(row["value"])
    if basis == "per_10k_residents" and not missing(row.get("population_10k")):
        return word("deriv_divide", lang, a=_num(stated), b=_population(row, lang), c=_num(value))
    if basis == "absolute" and not missing(row.get("population_10k")):
        return word("deriv_multiply", lang, a=_num(stated), b=_population(row, lang), c=_num(value))
    if basis == "per_year" and value:
        return word("deriv_per_year", lang, a=_num(stated), n=round(stated / value), c=_num(value))
    if basis == "cumulative_growth" and stated > 0 and value > 0:
        n = round(math.log1p(value / 100) / math.log1p(stated / 100))
        return word("deriv_compound", lang, g=_num(stated), n=n, c=_num(value))
    return word("deriv_converted", lang, c=_num(value))


def derivation(row: Mapping[str, Any], lang: str) -> str:
    """How a compare_long cell was derived, in ``lang`` (plain text; escape it to show it)."""
    if lang == "en":
        return str(row.get("method") or "")
    state = str(row.get("state"))
    basis = str(row.get("basis"))
    basis_name = charts.label("bases", basis, lang)
    if state in ("not_stated", "not_in_corpus"):
        return word("deriv_not_stated" if state == "not_stated" else "deriv_not_in_corpus", lang)
    parts = [_stated(row, lang)]
    if state == "not_convertible":
        parts.append(word("deriv_not_convertible", lang, basis=basis_name,
                          reason=_reason(row, basis, lang)))
    elif bool(row.get("derived")) and not missing(row.get("derived")):
        parts.append(_arithmetic(row, basis, lang))
    elif basis != "as_stated":
        parts.append(word("deriv_unchanged", lang, basis=basis_name))
    if row.get("status") == "milestone" and not missing(row.get("target_year")):
        parts.append(word("deriv_roadmap_step", lang, year=int(row["target_year"])))
    if row.get("supplementary") is True:
        parts.append(word("deriv_supplementary", lang))
    if row.get("conflict") is True:
        parts.append(word("cell_conflict", lang))
    return word("deriv_sep", lang).join(parts)
