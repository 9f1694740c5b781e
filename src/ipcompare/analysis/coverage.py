"""Coverage: how many actions (task items) and targets each plan has per category (or instrument type).

The result is the plan × category matrix that :mod:`ipcompare.stats` takes: index
``jurisdiction`` (every selected plan, registry order, all-zero rows kept), one integer column
per category in contract order (creation, utilization, finance, protection, management,
services, talent, other — all eight, even when zero), or per instrument type (supply, demand,
environment).

``coverage_matrix(table, kind)`` is the pure function on any table with a ``jurisdiction``
column and its labels in one of these forms (first found wins):

1. boolean columns named by the labels, bare or prefixed (``creation`` or ``cat_creation``, …;
   ``supply`` or ``inst_supply``, …): a row counts once in every label it is True for;
2. a plural column (``categories`` / ``instruments``) of lists or ``|``- or ``,``-joined strings;
3. a singular column (``category`` / ``instrument``).

So an action that concerns several categories (``ipc.actions()``: ``categories``,
``cat_<category>``) counts once in each of them; ``primary=True`` counts every row once, by its
singular (primary) label. Empty labels are not counted; unknown labels raise ValueError.

What is counted by :func:`coverage`: targets = distinct targets (restatements, roadmap
milestones and per-unit conditions left out; Sichuan's supplementary expected indicators in, unless
``supplementary=False``); actions = every row of ``ipc.actions()`` (one per task item).
Targets have no instrument type, so ``kind="instrument"`` counts actions only.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..vocab.constants import CATEGORIES, INSTRUMENTS

KINDS = {"category": CATEGORIES, "instrument": INSTRUMENTS}
"""What a coverage matrix can count by, and its columns in order."""

SOURCES = ("actions", "targets", "both")
"""What a coverage matrix counts."""

_PLURAL = {"category": "categories", "instrument": "instruments"}
_PREFIX = {"category": "cat_", "instrument": "inst_"}


def split_labels(value: object) -> list[str]:
    """The labels of a plural cell: a list, or a ``|``- or ``,``-joined string (empty: none)."""
    if value is None or (not isinstance(value, (list, tuple, set, frozenset)) and pd.isna(value)):
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [str(v) for v in value]
    else:
        items = str(value).replace(",", "|").split("|")
    return [s.strip() for s in items if str(s).strip()]


def _flag_columns(table: pd.DataFrame, kind: str) -> dict[str, str]:
    """Boolean label columns of a table: column name → label."""
    out = {}
    for label in KINDS[kind]:
        for col in (label, _PREFIX[kind] + label):
            if col in table.columns and pd.api.types.is_bool_dtype(table[col]):
                out[col] = label
                break
    return out


def labels(table: pd.DataFrame, kind: str = "category", *, primary: bool = False) -> pd.DataFrame:
    """One row per (jurisdiction, label) occurrence of an actions or targets table."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; valid: {list(KINDS)}")
    if "jurisdiction" not in table.columns:
        raise ValueError("the table needs a 'jurisdiction' column")
    vocab = KINDS[kind]
    flags = {} if primary else _flag_columns(table, kind)
    if flags:
        long = (
            table[["jurisdiction", *flags]].rename(columns=flags)
            .melt("jurisdiction", var_name="label")
        )
        out = long.loc[long["value"].astype(bool), ["jurisdiction", "label"]]
    elif _PLURAL[kind] in table.columns and not primary:
        col = table[_PLURAL[kind]].map(split_labels)
        out = (
            pd.DataFrame({"jurisdiction": table["jurisdiction"], "label": col})
            .explode("label")
            .dropna(subset=["label"])
        )
    elif kind in table.columns:
        col = table[kind].astype("string").str.strip()
        out = pd.DataFrame({"jurisdiction": table["jurisdiction"], "label": col})
        out = out[out["label"].notna() & (out["label"] != "")]
    else:
        raise ValueError(
            f"the table has no {kind} labels: expected boolean columns {list(vocab)}, "
            f"or a {_PLURAL[kind]!r} or {kind!r} column"
        )
    bad = sorted(set(out["label"].astype(str)) - set(vocab))
    if bad:
        raise ValueError(f"unknown {kind} labels {bad}; valid: {list(vocab)}")
    return out.reset_index(drop=True)


def coverage_matrix(
    table: pd.DataFrame,
    kind: str = "category",
    jurisdictions: Iterable[str] | None = None,
    *,
    primary: bool = False,
) -> pd.DataFrame:
    """Count a table's rows per plan and label: the plan × category (or instrument) matrix."""
    occ = labels(table, kind, primary=primary)
    rows = list(dict.fromkeys(jurisdictions)) if jurisdictions is not None else list(
        dict.fromkeys(table["jurisdiction"])
    )
    counts = occ.groupby(["jurisdiction", "label"]).size().unstack("label", fill_value=0)
    matrix = counts.reindex(index=rows, columns=list(KINDS[kind]), fill_value=0).astype("int64")
    matrix.index.name = "jurisdiction"
    matrix.columns.name = kind
    return matrix


def coverage_targets(targets: pd.DataFrame, supplementary: bool = True) -> pd.DataFrame:
    """The targets that count for coverage: distinct, no milestones, no conditions on each
    counted unit (a threshold per portfolio is not a target of the plan), no supplementary rows
    if asked."""
    drop = {"restated", "milestone"} | (set() if supplementary else {"supplementary"})
    keep = ~targets["status"].isin(drop)
    if "scope" in targets.columns:
        keep &= targets["scope"].ne("per_entity")
    return targets[keep]
