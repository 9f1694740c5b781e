"""Did the plans deliver? Each target due at a plan's end beside the published outcome of its
year (attainment), and the growth a target asked for beside the growth reached (ambition).

Decisions (what the module promises)
    Pure: the targets table, the outcomes table (:func:`ipcompare.corpus.outcomes.load_outcomes`)
    and the populations (:func:`~ipcompare.corpus.outcomes.load_populations`) in, tables out.

    *Which targets.* One row per target of the plan's whole area (``scope == "jurisdiction"``),
    stated in the text or reported by a reference source (``supplementary``, marked), due in the
    plan's last year; restatements and roadmap steps are not targets of their own.

    *Which outcome.* Same jurisdiction and indicator, dated in the target's year (an outcome of
    another year is never judged: it is given as the nearest value before or after, and the
    status is ``unknown``/``too_far``), of the indicator's own definition, a figure or a lower
    bound (not a rank or growth multiple), in a measure that converts to the target's with a
    sourced factor only: per 10,000 residents ↔ total with the population of the outcome's year
    (2018 year-end or the 2020 census), per million ↔ per 10,000 by the factor 100. When none
    qualifies, the reason is that of the candidate that came closest (checked in the order:
    year, definition, rank or multiple, measure, population). Nothing is interpolated, summed
    or estimated.

    *Status.* ``met`` when the outcome reaches the target (≥; ≤ for a ceiling); ``not_met`` when
    it does not and it covers the year's end (a stock dated at the end of December, or a whole
    year's flow); a stock dated earlier in the year that falls short is ``unknown``/
    ``part_of_year``. A lower bound (突破 X) at or above the target is ``met_lower_bound``; below
    it, ``unknown``/``lower_bound_below``. ``ratio`` is outcome ÷ target in the target's form.

    *Ambition.* Where the plan gives an earlier figure of the same quantity (its first roadmap
    step or reference figure) or a source gives one dated before the plan's first year, the
    yearly growth the target asked for, ``(target/baseline)^(1/years) − 1``, beside the yearly
    growth reached by the outcome of the target year, when there is one.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = [
    "AMBITION_COLUMNS",
    "ATTAINMENT_COLUMNS",
    "MAX_YEARS_APART",
    "ambition",
    "attainment",
    "convert_outcome",
    "due_targets",
    "unmatched_outcomes",
]

MAX_YEARS_APART = 0
"""How far (in calendar years) an outcome's date may be from the target year to be judged."""

ATTAINMENT_COLUMNS = [
    "target_id",
    "jurisdiction",
    "indicator",
    "target_value",
    "unit",
    "comparator",
    "target_measure",
    "target_year",
    "target_status",
    "supplementary",
    "target_quote",
    "target_source",
    "outcome_id",
    "outcome_value",
    "outcome_as_of",
    "outcome_measure",
    "outcome_bound",
    "outcome_converted",
    "conversion",
    "population_10k",
    "population_reference",
    "population_source",
    "ratio",
    "status",
    "reason",
    "before_id",
    "before_as_of",
    "after_id",
    "after_as_of",
    "outcome_quote",
    "outcome_source",
    "outcome_url",
]
"""The columns of the attainment table, in order."""

AMBITION_COLUMNS = [
    "target_id",
    "jurisdiction",
    "indicator",
    "target_value",
    "unit",
    "target_measure",
    "target_year",
    "supplementary",
    "baseline_kind",
    "baseline_id",
    "baseline_value",
    "baseline_year",
    "years",
    "asked_per_year",
    "status",
    "reached_value",
    "reached_year",
    "reached_per_year",
]
"""The columns of the ambition table, in order."""

_STOCKS = {"level", "per_capita"}
_STAGES = ("too_far", "other_definition", "rank_or_multiple", "other_measure", "no_population")
_GROWABLE = {"level", "per_capita", "per_year", "per_capita_year"}


def due_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """The targets an attainment judges: whole area, stated or supplementary, due at plan end."""
    t = targets
    keep = (
        t["status"].isin(["stated", "supplementary"])
        & (t["scope"] == "jurisdiction")
        & (pd.to_numeric(t["target_year"]) == pd.to_numeric(t["period_end"]))
        & t["value"].notna()
    )
    return t[keep].reset_index(drop=True)


def _population(populations: pd.DataFrame, jurisdiction: str, year: int) -> Mapping | None:
    p = populations[(populations["jurisdiction"] == jurisdiction) & (populations["year"] == year)]
    return None if p.empty else p.iloc[-1].to_dict()


def convert_outcome(
    outcome: Mapping, target: Mapping, populations: pd.DataFrame
) -> tuple[float | None, str, Mapping | None, str]:
    """The outcome in the target's form: (value, method, population row used, failure reason);
    value is None with the reason when no sourced factor converts it."""
    if outcome["unit_code"] != target["unit"]:
        return None, "", None, "other_measure"
    tm, om = str(target["measure"]), str(outcome["measure"])
    base = float(outcome["base_value"])
    per = outcome.get("per_residents")
    per10k = base * 10000 / float(per) if om == "per_capita" and not pd.isna(per) else None
    scaled = "" if per10k is None or float(per) == 10000 else f" ({base:g} per million ÷ 100)"
    if tm == om and tm != "per_capita" and om in ("level", "per_year"):
        return base, "as published", None, ""
    if tm == "per_capita" and om == "per_capita":
        return per10k, "as published" + scaled, None, ""
    needs_pop = (tm, om) in {
        ("level", "per_capita"),
        ("per_capita", "level"),
        ("per_capita_year", "per_year"),
    }
    if not needs_pop:
        return None, "", None, "other_measure"
    year = int(str(outcome["as_of"])[:4])
    pop = _population(populations, str(outcome["jurisdiction"]), year)
    if pop is None:
        return None, "", None, "no_population"
    p10k = float(pop["population_10k"])
    if om == "per_capita":
        return (
            per10k * p10k,
            f"{per10k:g} per 10,000 residents × {p10k:g} (10,000 residents)",
            pop,
            "",
        )
    return base / p10k, f"{base:g} ÷ {p10k:g} (10,000 residents)", pop, ""


def _year_end(outcome: Mapping) -> bool:
    """Whether the outcome covers its year's end: a whole year's flow or a December stock."""
    as_of = str(outcome["as_of"])
    if outcome["measure"] in _STOCKS:
        return len(as_of) >= 7 and as_of[5:7] == "12" and (len(as_of) == 7 or as_of[8:] == "31")
    return len(as_of) == 4


def _reaches(value: float, target: Mapping) -> bool:
    return (
        value <= float(target["value_base"])
        if target["comparator"] == "<="
        else (value >= float(target["value_base"]))
    )


def _judge(target: Mapping, cands: pd.DataFrame, populations: pd.DataFrame) -> tuple[dict, str]:
    """The chosen outcome's fields and the status (or an empty dict and the reason)."""
    year = int(target["target_year"])
    best_stage, usable = -1, []
    for o in cands.to_dict("records"):
        stage, fields = _candidate(o, target, year, populations)
        if fields is not None:
            usable.append((o, fields))
        best_stage = max(best_stage, stage)
    if not usable:
        return {}, _STAGES[best_stage] if best_stage >= 0 else "no_outcome"
    usable.sort(key=lambda of: (of[0]["bound"] != "exact", str(of[0]["as_of"])), reverse=False)
    exact = [u for u in usable if u[0]["bound"] == "exact"]
    o, fields = max(exact, key=lambda u: str(u[0]["as_of"])) if exact else usable[0]
    v = fields["outcome_converted"]
    if o["bound"] == "lower":
        ok = v >= float(target["value_base"]) and target["comparator"] != "<="
        status = "met_lower_bound" if ok else "unknown"
        return {**fields, "reason": "" if ok else "lower_bound_below"}, status
    if _reaches(v, target):
        return {**fields, "reason": ""}, "met"
    if not _year_end(o):
        return {**fields, "reason": "part_of_year"}, "unknown"
    return {**fields, "reason": ""}, "not_met"


def _candidate(
    o: Mapping, target: Mapping, year: int, populations: pd.DataFrame
) -> tuple[int, dict | None]:
    """How far one outcome gets through the checks (index into _STAGES of its failure) and,
    when it passes them all, its fields."""
    if abs(int(str(o["as_of"])[:4]) - year) > MAX_YEARS_APART:
        return 0, None
    if o["definition"] != "same":
        return 1, None
    if o["bound"] in ("rank", "growth_multiple"):
        return 2, None
    value, method, pop, why = convert_outcome(o, target, populations)
    if value is None:
        return _STAGES.index(why), None
    t = float(target["value_base"])
    return len(_STAGES), {
        "outcome_id": o["outcome_id"],
        "outcome_value": float(o["base_value"]),
        "outcome_as_of": str(o["as_of"]),
        "outcome_measure": o["measure"],
        "outcome_bound": o["bound"],
        "outcome_converted": value,
        "conversion": method,
        "population_10k": float(pop["population_10k"]) if pop else np.nan,
        "population_reference": pop["reference"] if pop else "",
        "population_source": pop["source"] if pop else "",
        "ratio": value / t if t else np.nan,
        "outcome_quote": o["quote"],
        "outcome_source": o["source_title"],
        "outcome_url": o["url"],
    }


def _neighbours(target: Mapping, cands: pd.DataFrame) -> dict:
    """The nearest outcome of the same definition dated before and after the target year (a
    figure or lower bound of a stock or a whole year: not part of a year, not a rank)."""
    year = int(target["target_year"])
    ok = cands[
        (cands["definition"] == "same")
        & cands["bound"].isin(["exact", "lower"])
        & ~cands["measure"].isin(["part_year", "unstated"])
    ]
    years = ok["as_of"].str[:4].astype(int) if len(ok) else pd.Series(dtype=int)
    same_measure = (ok["measure"] == target["measure"]) if len(ok) else pd.Series(dtype=bool)
    out = {}
    for side, mask in (("before", years < year), ("after", years > year)):
        rows = ok[mask] if len(ok) else ok
        out[f"{side}_id"], out[f"{side}_as_of"] = "", ""
        if rows.empty:
            continue
        when = rows["as_of"].max() if side == "before" else rows["as_of"].min()
        at = rows[rows["as_of"] == when]
        pick = at[same_measure[at.index]] if same_measure[at.index].any() else at
        out[f"{side}_id"], out[f"{side}_as_of"] = pick.iloc[0]["outcome_id"], when
    return out


def attainment(
    targets: pd.DataFrame, outcomes: pd.DataFrame, populations: pd.DataFrame
) -> pd.DataFrame:
    """One row per target due at its plan's end: the outcome of its year, converted to the
    target's form with a sourced factor, the ratio and the status (or ``unknown`` and why)."""
    rows = []
    for t in due_targets(targets).to_dict("records"):
        t["value_base"] = float(t["base_value"])
        t["indicator"] = "" if pd.isna(t["indicator"]) else str(t["indicator"])
        cands = outcomes[
            (outcomes["jurisdiction"] == t["jurisdiction"])
            & (outcomes["indicator"] == (t["indicator"] or "\0"))
        ]
        fields, status = _judge(t, cands, populations) if len(cands) else ({}, "no_outcome")
        if status == "no_outcome" or status in _STAGES:
            fields, status = {"reason": status}, "unknown"
        rows.append(
            {
                **dict.fromkeys(ATTAINMENT_COLUMNS, ""),
                "population_10k": np.nan,
                "ratio": np.nan,
                "outcome_value": np.nan,
                "outcome_converted": np.nan,
                "target_id": t["target_id"],
                "jurisdiction": t["jurisdiction"],
                "indicator": t["indicator"] or "",
                "target_value": t["value_base"],
                "unit": t["unit"],
                "comparator": t["comparator"],
                "target_measure": t["measure"],
                "target_year": int(t["target_year"]),
                "target_status": t["status"],
                "supplementary": t["status"] == "supplementary",
                "target_quote": t["quote"],
                "target_source": t.get("source") or "",
                **fields,
                "status": status,
                **_neighbours(t, cands),
            }
        )
    return pd.DataFrame(rows, columns=ATTAINMENT_COLUMNS)


def _plan_baseline(t: Mapping, targets: pd.DataFrame) -> dict | None:
    """The plan's earliest figure of the same quantity before the target year."""
    s = targets[
        (targets["jurisdiction"] == t["jurisdiction"])
        & (targets["indicator"] == t["indicator"])
        & (targets["measure"] == t["target_measure"])
        & (targets["unit"] == t["unit"])
        & (targets["scope"] == "jurisdiction")
        & targets["status"].isin(["stated", "milestone", "supplementary"])
        & (pd.to_numeric(targets["target_year"]) < int(t["target_year"]))
    ]
    if s.empty:
        return None
    b = s.sort_values("target_year", kind="stable").iloc[0]
    return {
        "baseline_kind": "plan",
        "baseline_id": b["target_id"],
        "baseline_value": float(b["base_value"]),
        "baseline_year": int(b["target_year"]),
    }


def _outcome_baseline(
    t: Mapping, period_start: int, outcomes: pd.DataFrame, populations: pd.DataFrame
) -> dict | None:
    """The latest outcome of the same definition dated before the plan's first year that
    converts to the target's form."""
    o = outcomes[
        (outcomes["jurisdiction"] == t["jurisdiction"])
        & (outcomes["indicator"] == t["indicator"])
        & (outcomes["definition"] == "same")
        & (outcomes["bound"] == "exact")
        & (outcomes["as_of"].str[:4].astype(int) < period_start)
    ]
    target = {"unit": t["unit"], "measure": t["target_measure"]}
    best = None
    for r in o.sort_values("as_of", kind="stable").to_dict("records"):
        value, _, _, _ = convert_outcome(r, target, populations)
        if value is not None:
            best = {
                "baseline_kind": "outcome",
                "baseline_id": r["outcome_id"],
                "baseline_value": value,
                "baseline_year": int(str(r["as_of"])[:4]),
            }
    return best


def _per_year(to: float, frm: float, years: int) -> float:
    if years <= 0 or not frm > 0 or not to > 0:
        return np.nan
    return (to / frm) ** (1 / years) - 1


def ambition(
    attained: pd.DataFrame,
    targets: pd.DataFrame,
    outcomes: pd.DataFrame,
    populations: pd.DataFrame,
    registry: pd.DataFrame,
) -> pd.DataFrame:
    """Per target with a baseline (the plan's earlier figure, a pre-plan outcome, or both):
    the yearly growth asked for and, where the outcome is known, the yearly growth reached."""
    starts = dict(zip(registry["jurisdiction"], registry["period_start"].astype(int), strict=False))
    rows = []
    for a in attained.to_dict("records"):
        if a["target_measure"] not in _GROWABLE or a["unit"] in ("percent", "percentage_points"):
            continue
        bases = [
            _plan_baseline(a, targets),
            _outcome_baseline(a, starts.get(a["jurisdiction"], 0), outcomes, populations),
        ]
        for b in (b for b in bases if b):
            years = int(a["target_year"]) - b["baseline_year"]
            reached = (
                a["outcome_converted"]
                if a["status"] in ("met", "not_met", "met_lower_bound")
                else np.nan
            )
            ryear = int(str(a["outcome_as_of"])[:4]) if not pd.isna(reached) else pd.NA
            rows.append(
                {
                    "target_id": a["target_id"],
                    "jurisdiction": a["jurisdiction"],
                    "indicator": a["indicator"],
                    "target_value": a["target_value"],
                    "unit": a["unit"],
                    "target_measure": a["target_measure"],
                    "target_year": a["target_year"],
                    "supplementary": a["supplementary"],
                    **b,
                    "years": years,
                    "asked_per_year": _per_year(a["target_value"], b["baseline_value"], years),
                    "status": a["status"],
                    "reached_value": reached,
                    "reached_year": ryear,
                    "reached_per_year": (
                        np.nan
                        if pd.isna(reached)
                        else _per_year(
                            reached, b["baseline_value"], int(ryear) - b["baseline_year"]
                        )
                    ),
                }
            )
    return pd.DataFrame(rows, columns=AMBITION_COLUMNS)


def unmatched_outcomes(
    outcomes: pd.DataFrame, attained: pd.DataFrame, targets: pd.DataFrame
) -> pd.DataFrame:
    """Outcomes no target of their plan counts (no indicator, or an indicator the plan sets no
    whole-area target for), with ``why``: ``no_indicator`` or ``no_target``."""
    stated = targets[
        targets["status"].isin(["stated", "supplementary", "milestone"])
        & (targets["scope"] == "jurisdiction")
    ]
    pairs = set(zip(stated["jurisdiction"], stated["indicator"].fillna(""), strict=True))
    why = [
        "no_indicator" if not ind else ("no_target" if (j, ind) not in pairs else "")
        for j, ind in zip(outcomes["jurisdiction"], outcomes["indicator"], strict=True)
    ]
    out = outcomes.assign(why=why)
    return out[out["why"] != ""].reset_index(drop=True)
