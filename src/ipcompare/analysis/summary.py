"""Per-plan summary of a targets table: rows by status, targets mapped to an indicator, conflicts.

Decisions (what the module promises)
    Pure: a targets table in, a table out; the caller passes the plan order (the registry's,
    in ``ipcompare build``), so nothing here reads the corpus. One row per jurisdiction that
    has targets, in ``order`` when given (jurisdictions not in it are left out), else in the
    order of first appearance. The status columns follow :data:`~ipcompare.vocab.constants.STATUSES`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..vocab.constants import STATUSES


def plan_summary(targets: pd.DataFrame, order: Iterable[str] | None = None) -> pd.DataFrame:
    """Count each plan's rows: in all, by status, with an indicator, and flagged as conflicts."""
    g = targets.groupby("jurisdiction", sort=False)
    columns: dict[str, pd.Series] = {"rows": g.size()}
    for status in STATUSES:
        columns[status] = g["status"].apply(lambda s, status=status: (s == status).sum())
    columns["with_indicator"] = g["indicator"].apply(lambda s: s.notna().sum())
    columns["conflicts"] = g["conflict"].sum()
    out = pd.DataFrame(columns)
    if order is None:
        return out
    return out.reindex([j for j in order if j in out.index])
