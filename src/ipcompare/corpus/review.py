"""Reviewer corrections, kept as data keyed by target id and applied after extraction.

``data/corrections.csv`` has one row per correction: ``action`` is ``drop`` (not a target),
``set`` (give ``field`` the ``value``) or ``set_indicator`` (shorthand for field ``indicator``).
Because target ids hash the document and the number's span, re-extraction keeps them valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..paths import data_path

ACTIONS = ("drop", "set", "set_indicator")
SETTABLE = (
    "subject", "value", "value_high", "unit_mult", "unit", "unit_zh", "comparator", "measure",
    "target_year", "category", "indicator", "status", "scope", "qualifies",
)
_NUMERIC = {"value": float, "value_high": float, "unit_mult": int, "target_year": int}


@dataclass
class ReviewReport:
    """What applying the corrections did."""

    applied: int = 0
    dropped: int = 0
    stale: list[str] = field(default_factory=list)  # corrections whose target no longer exists


def load_corrections(path: str | Path | None = None) -> pd.DataFrame:
    """Load and check the corrections table."""
    p = Path(path) if path else data_path("corrections.csv")
    df = pd.read_csv(p, dtype=str, keep_default_na=False)
    need = ["target_id", "action", "field", "value", "reason"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ValueError(f"{p}: missing columns {missing}")
    bad = df[~df["action"].isin(ACTIONS)]
    if len(bad):
        raise ValueError(f"{p}: unknown action {bad['action'].tolist()}; valid: {list(ACTIONS)}")
    sets = df[df["action"] == "set"]
    bad_field = sets[~sets["field"].isin(SETTABLE)]
    if len(bad_field):
        raise ValueError(f"{p}: cannot set {bad_field['field'].tolist()}; settable: {list(SETTABLE)}")
    if (df["reason"].str.strip() == "").any():
        raise ValueError(f"{p}: every correction needs a reason")
    return df


def apply_corrections(
    targets: pd.DataFrame, corrections: pd.DataFrame
) -> tuple[pd.DataFrame, ReviewReport]:
    """Apply corrections to a targets table; return the new table and a report."""
    out = targets.copy()
    report = ReviewReport()
    if "reviewed" not in out.columns:
        out["reviewed"] = False
    index = {tid: i for i, tid in zip(out.index, out["target_id"], strict=True)}
    drop: list = []
    for c in corrections.itertuples(index=False):
        i = index.get(c.target_id)
        if i is None:
            report.stale.append(c.target_id)
            continue
        if c.action == "drop":
            drop.append(i)
            report.dropped += 1
        else:
            col = "indicator" if c.action == "set_indicator" else c.field
            raw = c.value
            value = _NUMERIC[col](raw) if col in _NUMERIC and raw != "" else (raw or None)
            out.at[i, col] = value
            out.at[i, "reviewed"] = True
        report.applied += 1
    out = out.drop(index=drop)
    return out, report
