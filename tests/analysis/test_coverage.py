"""ipcompare.analysis.coverage: exact counts on tiny hand-made tables, the corpus matrix's shape."""

from __future__ import annotations

import time

import pandas as pd
import pytest

import ipcompare as ipc
from ipcompare.analysis import stats
from ipcompare.analysis.coverage import (
    INSTRUMENTS,
    coverage_matrix,
    coverage_targets,
    labels,
)
from ipcompare.api import coverage
from ipcompare.errors import UnknownIdError
from ipcompare.extract.schema import CATEGORIES

CATS = list(CATEGORIES)


def test_category_counts_from_a_category_column() -> None:
    t = pd.DataFrame({
        "jurisdiction": ["a", "a", "a", "b", "b"],
        "category": ["creation", "creation", "finance", "talent", "creation"],
    })
    m = coverage_matrix(t)
    assert list(m.columns) == CATS and m.columns.name == "category"
    assert list(m.index) == ["a", "b"] and m.index.name == "jurisdiction"
    assert m.loc["a"].tolist() == [2, 0, 1, 0, 0, 0, 0, 0]
    assert m.loc["b"].tolist() == [1, 0, 0, 0, 0, 0, 1, 0]
    assert (m.dtypes == "int64").all()


def test_rows_follow_the_given_jurisdictions_zero_rows_kept() -> None:
    t = pd.DataFrame({"jurisdiction": ["b"], "category": ["other"]})
    m = coverage_matrix(t, jurisdictions=["a", "b", "c"])
    assert list(m.index) == ["a", "b", "c"]
    assert m.sum(axis=1).tolist() == [0, 1, 0]
    assert m.loc["b", "other"] == 1


def test_measures_with_boolean_category_columns() -> None:
    # a measure flagged for two categories counts once in each
    ms = pd.DataFrame({
        "action_id": ["m1", "m2", "m3"],
        "jurisdiction": ["a", "a", "b"],
        "creation": [True, False, False],
        "protection": [True, True, False],
        "talent": [False, False, True],
        "instrument": ["supply", "environment", "supply"],
    })
    m = coverage_matrix(ms)
    assert m.loc["a", ["creation", "protection", "talent"]].tolist() == [1, 2, 0]
    assert m.loc["b"].sum() == 1 and m.loc["b", "talent"] == 1
    assert list(m.columns) == CATS  # absent categories are zero columns
    inst = coverage_matrix(ms, "instrument")
    assert list(inst.columns) == list(INSTRUMENTS) and inst.columns.name == "instrument"
    assert inst.loc["a"].tolist() == [1, 0, 1]  # supply, demand, environment
    assert inst.loc["b"].tolist() == [1, 0, 0]


def test_measures_table_form_prefixed_flags_and_primary() -> None:
    # the form of ipc.actions(): primary category, '|'-joined categories, cat_<category> flags
    ms = pd.DataFrame({
        "action_id": ["m1", "m2", "m3"],
        "jurisdiction": ["a", "a", "b"],
        "category": ["creation", "finance", "other"],
        "categories": ["creation|protection", "finance", "other"],
        **{f"cat_{c}": [c in ("creation", "protection"), c == "finance", c == "other"]
           for c in CATS},
        "instrument": ["supply", "environment", "demand"],
    })
    every = coverage_matrix(ms)
    assert every.loc["a"].tolist() == [1, 0, 1, 1, 0, 0, 0, 0]  # m1 twice, m2 once
    assert every.loc["b"].tolist() == [0, 0, 0, 0, 0, 0, 0, 1]
    once = coverage_matrix(ms, primary=True)
    assert once.loc["a"].tolist() == [1, 0, 1, 0, 0, 0, 0, 0]
    assert once.to_numpy().sum() == 3
    # without the flags the '|'-joined field gives the same counts
    assert coverage_matrix(ms[["jurisdiction", "categories"]]).equals(every)


def test_measures_with_a_categories_field() -> None:
    ms = pd.DataFrame({
        "jurisdiction": ["a", "a", "b", "b"],
        "categories": ["creation|utilization", ["finance"], "", None],
    })
    m = coverage_matrix(ms)
    assert m.loc["a", ["creation", "utilization", "finance"]].tolist() == [1, 1, 1]
    assert m.loc["b"].sum() == 0  # no labels: not counted
    occ = labels(ms)
    assert len(occ) == 3


def test_unknown_labels_and_missing_columns_raise() -> None:
    with pytest.raises(ValueError, match="unknown category labels \\['patents'\\]"):
        coverage_matrix(pd.DataFrame({"jurisdiction": ["a"], "category": ["patents"]}))
    with pytest.raises(ValueError, match="no instrument labels"):
        coverage_matrix(pd.DataFrame({"jurisdiction": ["a"], "category": ["other"]}), "instrument")
    with pytest.raises(ValueError, match="kind"):
        coverage_matrix(pd.DataFrame({"jurisdiction": ["a"]}), "area")


def test_coverage_targets_drops_restated_and_milestones() -> None:
    t = pd.DataFrame({
        "jurisdiction": ["a"] * 4,
        "status": ["stated", "restated", "milestone", "supplementary"],
        "category": ["creation"] * 4,
    })
    assert coverage_matrix(coverage_targets(t)).loc["a", "creation"] == 2
    assert coverage_matrix(coverage_targets(t, supplementary=False)).loc["a", "creation"] == 1
    t["scope"] = ["per_entity", "jurisdiction", "jurisdiction", "jurisdiction"]
    assert coverage_matrix(coverage_targets(t)).loc["a", "creation"] == 1  # the condition is out


# --- the corpus ----------------------------------------------------------------------------------


def test_corpus_targets_matrix(jurisdiction_ids) -> None:
    m = coverage(source="targets")
    assert list(m.columns) == CATS
    assert list(m.index) == jurisdiction_ids
    assert (m.dtypes == "int64").all()
    distinct = ipc.targets(distinct=True, milestones=False)
    distinct = distinct[distinct["scope"] != "per_entity"]  # a condition on each unit is no target
    assert m.sum(axis=1).to_dict() == distinct.groupby("jurisdiction").size().to_dict()
    assert m.to_numpy().sum() == len(distinct)
    # Sichuan's supplementary expected indicators count unless left out
    no_sup = coverage(source="targets", supplementary=False)
    n_sup = (distinct["status"] == "supplementary").sum()
    assert m.loc["sichuan"].sum() - no_sup.loc["sichuan"].sum() == n_sup == 13
    assert m.attrs == {
        "kind": "category", "source": "targets", "supplementary": True, "primary": False}
    # it is the matrix ipcompare.analysis.stats takes
    summary = stats.portfolio_summary(m)
    assert list(summary.index) == jurisdiction_ids


def test_corpus_jurisdictions_and_errors() -> None:
    m = coverage(source="targets", jurisdictions=["qingdao", "wuhan"])
    assert list(m.index) == ["qingdao", "wuhan"]
    with pytest.raises(UnknownIdError, match="valid"):
        coverage(source="targets", jurisdictions=["xian"])
    with pytest.raises(ValueError, match="instrument"):
        coverage("instrument", source="targets")
    with pytest.raises(ValueError, match="source"):
        coverage(source="plans")


def test_corpus_measures_matrices() -> None:
    measures = pytest.importorskip("ipcompare.api")
    ms = measures.actions()
    both = coverage()
    targets_only = coverage(source="targets")
    measures_only = coverage(source="actions")
    assert both.equals(targets_only + measures_only)
    assert list(both.columns) == CATS
    n_flags = int(ms[[f"cat_{c}" for c in CATS]].to_numpy().sum())
    assert measures_only.to_numpy().sum() == n_flags  # a measure counts in each category
    assert coverage(source="actions", primary=True).to_numpy().sum() == len(ms)
    inst = coverage("instrument")
    assert list(inst.columns) == list(INSTRUMENTS)
    assert inst.to_numpy().sum() == len(ms)
    assert inst.attrs["source"] == "actions"


def test_speed_after_first_load() -> None:
    coverage(source="targets")
    t0 = time.perf_counter()
    for _ in range(5):
        coverage(source="targets")
    assert (time.perf_counter() - t0) / 5 < 0.5
