"""Which target fills a comparison cell, and why every other target of the plan is left out.

Decisions (what the module promises)
    A cell (indicator, plan) means one thing: the plan's own goal for the whole area. Only a
    target that is

    1. not a restatement (it repeats a target already counted);
    2. of ``jurisdiction`` scope (not a condition on each unit, one zone's or platform's figure,
       or one tier or kind of the indicator's count);
    3. not a roadmap step (``milestone``) — except with ``year=``, where a step due that year
       may fill the cell and the cell's ``status`` says ``milestone``;
    4. not a supplementary figure due before the plan ends (an interim value of a reference
       source), nor one where the plan's text states a target for the same year;
    5. with ``year=``, due that year

    may fill it. Among those, ONE target per (indicator, plan), whatever the basis: the latest
    target year, text before supplementary, plan targets before roadmap steps, the indicator's
    unit and measures (in the taxonomy's order), then the first in the text. On a basis where
    that target has no form, the cell is ``not_convertible`` and says why: never silently
    another target. Every other row of the plan on the indicator gets a reason code
    (:data:`REASONS`) and a sentence, so :func:`ipcompare.analysis.comparability.comparability`
    can list every decision in one place.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..vocab.taxonomy import load_taxonomy

__all__ = ["NEEDED", "REASONS", "candidates", "choose", "left_out", "why"]

NEEDED = [
    "target_id", "jurisdiction", "indicator", "status", "measure", "unit", "value", "value_high",
    "unit_mult", "comparator", "target_year", "period_start", "period_end", "quote", "source",
    "scope", "conflict", "conflict_with", "measure_basis", "span_years",
]
"""Columns of a target a cell carries forward (those the table has)."""

REASONS: dict[str, str] = {
    "fills": "fills the cell",
    "restated": "repeats another target of the plan ({restates})",
    "per_entity": "a condition each counted unit must meet, not a total for the plan's area",
    "sub_area": "the figure of one zone, district, park or platform, not of the plan's area",
    "subset": "one tier or kind of what the indicator counts, not all of it",
    "milestone": "a roadmap step, not the plan's goal (give year= to compare a step)",
    "interim": "a supplementary figure due {year}, before the plan ends in {end}",
    "text_same_year": "a supplementary figure where the plan's text states a target due {year}",
    "other_year": "not due {year}",
    "earlier": "due {year}, before the target that fills the cell ({chosen}, due {chosen_year})",
    "second": "another target of the plan fills the cell ({chosen}: {rule})",
}
"""Reason codes of a target on a stated indicator, with the sentence each stands for."""


def _col(t: pd.DataFrame, name: str, default: object) -> pd.Series:
    return t[name] if name in t.columns else pd.Series(default, index=t.index, dtype=object)


def _rule(t: pd.DataFrame, year: int | None) -> pd.Series:
    """The first rule (1–5 of the module) that keeps each row out of the cells, '' if none."""
    status = t["status"].astype(object)
    scope = _col(t, "scope", "jurisdiction").fillna("jurisdiction").astype(object)
    due = t["target_year"].astype("Float64")
    end = _col(t, "period_end", None).astype("Float64")
    out = pd.Series("", index=t.index, dtype=object)
    sup = status.eq("supplementary")
    keys = [t["jurisdiction"], t["indicator"], due.fillna(-1)]
    text_same_year = (~sup & status.ne("restated")).groupby(keys).transform("any")
    rules = [
        ("other_year", due.ne(year).fillna(True) if year is not None else pd.Series(False, index=t.index)),
        ("restated", status.eq("restated")),
        ("per_entity", scope.eq("per_entity")),
        ("sub_area", scope.eq("sub_area")),
        ("subset", scope.eq("subset")),
        ("milestone", status.eq("milestone") & (year is None)),
        ("interim", sup & (due < end).fillna(False).astype(bool) & (year is None)),
        ("text_same_year", sup & text_same_year),
    ]
    for code, mask in reversed(rules):  # the first rule that applies wins
        out[mask.fillna(False).astype(bool).to_numpy()] = code
    return out


def candidates(targets: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """The rows that may fill a cell (rules 1–5 of the module docstring), in table order.

    Adds ``_order`` (position in the text; supplementary rows last) and ``_year`` (target year,
    -1 when unknown).
    """
    t = targets[targets["indicator"].notna()]
    t = t[_rule(t, year).eq("").to_numpy(bool)]
    cols = [c for c in NEEDED if c in t.columns]
    start = (
        t["start"].astype("Float64").fillna(np.inf).astype(float)
        if "start" in t.columns else pd.Series(np.inf, index=t.index)
    )
    return t[cols].assign(_order=start, _year=t["target_year"].astype("Float64").fillna(-1).astype(float))


def _default_rank(cands: pd.DataFrame) -> np.ndarray:
    """The indicator's own unit first, then its measures in the taxonomy's order."""
    tax = load_taxonomy()
    ind = {i: tax.indicator(i) for i in pd.unique(cands["indicator"].to_numpy(dtype=object))}

    def rank(i: str, m: str, u: str) -> float:
        ms = ind[i].measures
        return (0 if u == ind[i].unit else 100) + (ms.index(m) if m in ms else len(ms))

    return np.fromiter((rank(i, m, u) for i, m, u in zip(
        cands["indicator"].to_numpy(dtype=object), cands["measure"].to_numpy(dtype=object),
        cands["unit"].to_numpy(dtype=object), strict=True)), dtype=float, count=len(cands))


def choose(cands: pd.DataFrame, basis: str | None = None) -> pd.DataFrame:
    """One row per (jurisdiction, indicator): the target filling the cell, ``_others`` the rest.

    The choice is the same on every basis (``basis`` is accepted for callers that pass it).
    """
    if cands.empty:
        return cands.assign(_others=pd.Series(dtype=object))
    status = cands["status"].astype(object)
    jcode = pd.factorize(cands["jurisdiction"])[0]
    icode = pd.factorize(cands["indicator"])[0]
    order = np.lexsort((
        np.arange(len(cands)), cands["_order"].to_numpy(float), _default_rank(cands),
        status.eq("milestone").to_numpy(bool), status.eq("supplementary").to_numpy(bool),
        -cands["_year"].to_numpy(float), icode, jcode,
    ))
    ids = cands["target_id"].to_numpy(dtype=object)[order]
    key = jcode[order] * (icode.max() + 1) + icode[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], len(order)]
    others = ["|".join(ids[a + 1:b]) for a, b in zip(starts, ends, strict=True)]
    return cands.iloc[order[starts]].assign(_others=others)


def left_out(targets: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Every row with an indicator and its reason: ``reason`` (a code of :data:`REASONS`),
    ``why`` (a sentence), ``fills`` (bool) and ``chosen`` (the id filling its cell, '' if none)."""
    t = targets[targets["indicator"].notna()]
    rule = _rule(t, year)
    chosen = choose(candidates(t, year))
    by_cell = {(j, i): (tid, y) for j, i, tid, y in zip(
        chosen["jurisdiction"], chosen["indicator"], chosen["target_id"], chosen["target_year"],
        strict=True)}
    reason, text, fills, filler = [], [], [], []
    for k, (_idx, r) in enumerate(t.iterrows()):
        cell = by_cell.get((r["jurisdiction"], r["indicator"]))
        code = rule.iloc[k]
        if not code:
            if cell and cell[0] == r["target_id"]:
                code = "fills"
            elif cell and _num(r["target_year"]) < _num(cell[1]):
                code = "earlier"
            else:
                code = "second"
        reason.append(code)
        fills.append(code == "fills")
        filler.append(cell[0] if cell else "")
        text.append(why(code, r, year, cell))
    return t.assign(reason=reason, why=text, fills=fills, chosen=filler)


def _num(x: object) -> float:
    return -1.0 if x is None or pd.isna(x) else float(x)


def why(code: str, row: pd.Series, year: int | None = None,
        cell: tuple[str, object] | None = None) -> str:
    """The sentence of a reason code for one target row."""
    def yr(x: object) -> str:
        return "at an unstated year" if x is None or pd.isna(x) else str(int(x))
    rule = "text before supplementary, plan targets before roadmap steps, the indicator's " \
           "default measure, then the first in the text"
    return REASONS[code].format(
        restates=row.get("restates") or "?", year=yr(year if code == "other_year" else row.get("target_year")),
        end=yr(row.get("period_end")), chosen=cell[0] if cell else "",
        chosen_year=yr(cell[1]) if cell else "", rule=rule,
    )
