"""A reviewable record of every comparison decision: which targets fill cells, which are left
out and why, and the measures the plan's evidence contradicts.

Decisions (what the module promises)
    Pure: a targets table and a registry in, tables out. :func:`comparability` lists one row per
    target on each indicator that at least two plans state (any row but a restatement, whether
    or not it fills a cell: two roadmap steps are listed too), with ``fills`` (bool), a ``reason`` code of
    :data:`~ipcompare.analysis.cells.REASONS` and a readable ``why``. The rules are those of
    the comparison itself (:func:`~ipcompare.analysis.cells.left_out`), never a copy, so the
    record and the cells cannot disagree. The state of the filling target on each basis
    (``as_stated``, ``per_10k_residents``, ``per_year``) says whether its measure converts, and
    ``note`` gives the reason when it does not, and names a conflicting statement.

    :func:`measure_flags` is the consistency check of the measures: a target whose measure the
    plan's roadmap overruled (``measure`` differs from ``measure_worded``), and a target still
    read as new or cumulative whose own roadmap starts near its total (a stock).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..extract.evidence import STOCK_EXCESS, STOCK_SHARE, series_of
from .cells import left_out
from .conversion import convert_target, populations

__all__ = ["COMPARABILITY_COLUMNS", "FLAG_COLUMNS", "comparability", "measure_flags"]

_BASES = ("as_stated", "per_10k_residents", "per_year")

COMPARABILITY_COLUMNS = [
    "indicator", "jurisdiction", "target_id", "quote", "scope", "status", "measure",
    "target_year", "fills", "reason", "why", "conflict", *(f"state_{b}" for b in _BASES), "note",
]
"""Columns of :func:`comparability`, in order."""

FLAG_COLUMNS = ["jurisdiction", "indicator", "target_id", "quote", "measure_worded", "measure",
                "flag", "why"]
"""Columns of :func:`measure_flags`, in order."""


def _list(x: str | Iterable[str] | None) -> list[str] | None:
    if x is None:
        return None
    return [x] if isinstance(x, str) else list(x)


def comparability(targets: pd.DataFrame, registry: pd.DataFrame | None = None,
                  indicators: str | Iterable[str] | None = None,
                  jurisdictions: str | Iterable[str] | None = None) -> pd.DataFrame:
    """One row per target on each indicator stated by at least two plans: fills a cell or why not."""
    t = targets[targets["indicator"].notna()]
    jurs, inds = _list(jurisdictions), _list(indicators)
    if jurs is not None:
        t = t[t["jurisdiction"].isin(jurs)]
    if inds is not None:
        t = t[t["indicator"].isin(inds)]
    lo = left_out(t)
    stating = lo[lo["reason"] != "restated"]
    shared = stating.groupby("indicator")["jurisdiction"].nunique()
    keep = set(shared[shared >= 2].index)
    lo = lo[lo["indicator"].isin(keep)]
    if lo.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COMPARABILITY_COLUMNS})
    pops = populations(registry)
    states: dict[str, list] = {b: [] for b in _BASES}
    notes: list[str] = []
    for _, r in lo.iterrows():
        note = []
        for b in _BASES:
            if not r["fills"]:
                states[b].append("")
                continue
            conv = convert_target(r.to_dict(), b, pops.get(r["jurisdiction"]))
            states[b].append(conv["state"])
            if conv["state"] != "stated":
                note.append(f"{b}: {conv['method'].split('not convertible to ' + b + ': ')[-1]}")
        if bool(r.get("conflict") is True or r.get("conflict") == True):  # noqa: E712
            note.append(f"disagrees with {r.get('conflict_with')}")
        notes.append("; ".join(note))
    out = lo.assign(**{f"state_{b}": states[b] for b in _BASES}, note=notes)
    out["conflict"] = out["conflict"].fillna(False).astype(bool) if "conflict" in out else False
    out = out.sort_values(["indicator", "jurisdiction", "fills"], ascending=[True, True, False],
                          kind="stable")
    return out.reindex(columns=COMPARABILITY_COLUMNS).reset_index(drop=True)


def measure_flags(targets: pd.DataFrame) -> pd.DataFrame:
    """Measures the plan's own evidence contradicts: overruled readings and unresolved stocks."""
    rows: list[dict] = []
    t = targets
    worded = t["measure_worded"] if "measure_worded" in t.columns else t["measure"]
    basis = t["measure_basis"] if "measure_basis" in t.columns else pd.Series(None, index=t.index)
    top = t["status"].ne("milestone").to_numpy(bool) & t["status"].ne("restated").to_numpy(bool)
    for k in range(len(t)):
        if top[k] and worded.iloc[k] != t["measure"].iloc[k]:
            r = t.iloc[k]
            rows.append({"jurisdiction": r["jurisdiction"], "indicator": r["indicator"],
                         "target_id": r["target_id"], "quote": r["quote"],
                         "measure_worded": worded.iloc[k], "measure": r["measure"],
                         "flag": "overruled", "why": basis.iloc[k]})
    for _doc, g in t.groupby("document", sort=False):
        for root, steps in series_of(g).items():
            r = g.loc[root]
            if r["measure"] not in ("new", "cumulative") or float(r["base_value"]) <= 0:
                continue
            share = float(g.loc[steps[0], "base_value"]) / float(r["base_value"])
            start, due, y1 = r.get("period_start"), r.get("target_year"), g.loc[steps[0], "target_year"]
            if any(pd.isna(x) for x in (start, due, y1)) or int(due) <= int(start):
                continue
            even = (int(y1) - int(start) + 1) / (int(due) - int(start) + 1)
            if share >= STOCK_SHARE and share >= STOCK_EXCESS * even:
                rows.append({"jurisdiction": r["jurisdiction"], "indicator": r["indicator"],
                             "target_id": r["target_id"], "quote": r["quote"],
                             "measure_worded": worded.loc[root], "measure": r["measure"],
                             "flag": "stock_read_as_total",
                             "why": f"its roadmap starts at {share:.0%} of the total in {int(y1)}: "
                                    f"a stock, yet read as {r['measure']}"})
    return pd.DataFrame(rows, columns=FLAG_COLUMNS)
