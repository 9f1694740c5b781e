"""ipcompare.analysis.summary: the per-plan summary of a targets table, as a pure function."""

from __future__ import annotations

import pandas as pd

from ipcompare.analysis.summary import plan_summary
from ipcompare.vocab.constants import STATUSES


def _targets() -> pd.DataFrame:
    return pd.DataFrame({
        "jurisdiction": ["b", "a", "b", "b", "a", "c"],
        "status": ["stated", "stated", "restated", "milestone", "supplementary", "stated"],
        "indicator": ["x", None, "x", "y", "z", None],
        "conflict": [False, False, True, True, False, False],
    })


def test_counts_by_plan() -> None:
    out = plan_summary(_targets())
    assert out.columns.tolist() == ["rows", *STATUSES, "with_indicator", "conflicts"]
    assert out.index.tolist() == ["b", "a", "c"]  # first appearance without an order
    assert out.loc["b"].tolist() == [3, 1, 1, 1, 0, 3, 2]
    assert out.loc["a"].tolist() == [2, 1, 0, 0, 1, 1, 0]
    assert out.loc["c"].tolist() == [1, 1, 0, 0, 0, 0, 0]


def test_order_sorts_and_leaves_out_plans_not_in_it() -> None:
    out = plan_summary(_targets(), ["a", "nowhere", "b"])
    assert out.index.tolist() == ["a", "b"]  # c is not in the order; "nowhere" has no rows


def test_the_input_is_not_changed() -> None:
    t = _targets()
    before = t.copy()
    plan_summary(t, ["a", "b", "c"])
    pd.testing.assert_frame_equal(t, before)


def test_rows_add_up_on_the_corpus(corpus_targets: pd.DataFrame) -> None:
    out = plan_summary(corpus_targets)
    assert out["rows"].sum() == len(corpus_targets)
    assert (out[list(STATUSES)].sum(axis=1) == out["rows"]).all()
    assert out.loc["sichuan", "supplementary"] == 13
