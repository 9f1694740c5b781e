"""Where one plan stands against the others on the indicators it shares with them.

Decisions (what the module promises)
    Pure functions of tables: the plan's targets and the compared cells (``compare_long``
    rows, as stated and per 10,000 residents) go in, a table comes out; the corpus is read by
    the caller (:func:`ipcompare.sections.standing`).

    - An indicator is *shared* when at least one other plan states a target for it
      (``stated`` or ``not_convertible``); only the plan's own indicators count (restatements
      aside).
    - Its *basis* is per 10,000 residents where ``per_10k`` has the indicator (the caller
      leaves out those for which a per-resident figure makes no sense) and this plan's target
      converts to it, else as stated.
    - The *rank* counts only plans whose values have the same unit and kind as this plan's
      (1 = highest); it is None when this plan's value is not stated on the basis, no other
      plan is comparable, or one of them has no order against it at both ends
      (:mod:`ipcompare.analysis.order`: 6 against ≥5, 3–5 against 4). ``tied`` counts the other
      plans stating exactly the same value (a tie is neither highest nor lowest alone).
    - Rows are ordered by the number of plans stating the indicator (most first), then by
      indicator id.
    - A profile lists every other plan on an indicator when there are at most
      :data:`STANDING_OTHERS`; beyond that, :func:`nearest_others` keeps the highest, the
      lowest and those closest in value among the comparable plans.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from .order import above, interval

__all__ = ["COLUMNS", "STANDING_OTHERS", "nearest_others", "plan_indicators", "standing"]

STANDING_OTHERS = 8
"""Other plans listed beside a plan on one indicator before the list is cut to the nearest ones."""

COLUMNS = ["indicator", "basis", "rank", "n_comparable", "n_stating", "tied", "cell", "others"]
"""Columns of :func:`standing`: ``cell`` is this plan's compare_long row (a Series) on the
basis, ``others`` the other stating plans' rows (a DataFrame)."""

_STATING = ["stated", "not_convertible"]


def plan_indicators(targets: pd.DataFrame, jurisdiction: str) -> list[str]:
    """The indicators the plan states targets for (restatements aside), in order of first row."""
    mine = targets[(targets["jurisdiction"] == jurisdiction) & targets["indicator"].notna()
                   & (targets["status"] != "restated")]
    return list(dict.fromkeys(mine["indicator"]))


def standing(jurisdiction: str, indicators: Sequence[str], as_stated: pd.DataFrame,
             per_10k: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator of ``indicators`` the plan shares with another plan: basis, this
    plan's cell, its rank among the comparable plans, and the other plans' cells.

    ``as_stated`` and ``per_10k`` are compare_long rows of every plan on those indicators,
    as stated and per 10,000 residents.
    """
    if not len(indicators):
        return pd.DataFrame(columns=COLUMNS)
    rows = []
    for ind in indicators:
        a = as_stated[as_stated["indicator"] == ind]
        stating = a[a["state"].isin(_STATING)]
        if (stating["jurisdiction"] != jurisdiction).sum() == 0:
            continue
        p = per_10k[per_10k["indicator"] == ind] if len(per_10k) else per_10k
        my_p = p[p["jurisdiction"] == jurisdiction] if len(p) else p
        on_10k = len(my_p) > 0 and my_p.iloc[0]["state"] == "stated"
        table, basis = (p, "per_10k_residents") if on_10k else (a, "as_stated")
        me = table[table["jurisdiction"] == jurisdiction].iloc[0]
        others = table[(table["jurisdiction"] != jurisdiction) & table["state"].isin(_STATING)]
        rank = n_comp = tied = None
        if me["state"] == "stated":
            same = table[(table["state"] == "stated") & (table["unit"] == me["unit"])
                         & (table["kind"] == me["kind"])]
            n_comp = len(same)
            rank, tied = _rank(me, same[same["jurisdiction"] != jurisdiction]) if n_comp > 1 else (None, None)
        rows.append({"indicator": ind, "basis": basis, "rank": rank, "n_comparable": n_comp,
                     "n_stating": len(stating), "tied": tied, "cell": me, "others": others})
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.sort_values(["n_stating", "indicator"], ascending=[False, True], kind="stable",
                           ignore_index=True)


def _rank(me: Mapping, others: pd.DataFrame) -> tuple[int | None, int]:
    """This plan's rank among ``others`` (1 = highest; the order of
    :mod:`ipcompare.analysis.order`) and how many state the very same value, or (None, …) when
    one of them is neither above nor below it nor equal."""
    mine = interval(me)
    higher = tied = 0
    for cell in others.to_dict("records"):
        theirs = interval(cell)
        if above(theirs, mine):
            higher += 1
        elif above(mine, theirs):
            continue
        elif mine == theirs:
            tied += 1
        else:
            return None, tied
    return higher + 1, tied


def nearest_others(others: pd.DataFrame, me: Mapping, limit: int = STANDING_OTHERS) -> pd.DataFrame:
    """The other plans a profile shows on one indicator: all of them when at most ``limit``;
    else the highest, the lowest and those closest in value to this plan among the plans
    comparable with it (same unit and kind), highest first, then (when fewer than ``limit``
    are comparable) the first of the others in their order."""
    if len(others) <= limit:
        return others
    comparable = others[(others["state"] == "stated") & (others["unit"] == me["unit"])
                        & (others["kind"] == me["kind"])]
    if me["state"] != "stated":
        comparable = comparable.iloc[:0]
    ordered = comparable.sort_values("value", ascending=False, kind="stable")
    keep = set(ordered.index[[0, -1]]) if len(ordered) else set()
    distance = (ordered["value"] - float(me["value"])).abs().sort_values(kind="stable")
    for idx in distance.index:
        if len(keep) >= limit:
            break
        keep.add(idx)
    rest = others[~others.index.isin(ordered.index)]
    return pd.concat([ordered[ordered.index.isin(keep)], rest.head(limit - len(keep))])
