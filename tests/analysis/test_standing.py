"""Where a plan stands against the others (ipcompare.analysis.standing), on small tables: which
indicators are shared, the basis, the rank among comparable plans, and which other plans a
profile lists when there are many; and on the corpus, that the section reads the same."""

from __future__ import annotations

import pandas as pd

from ipcompare import sections
from ipcompare.analysis.standing import (
    COLUMNS,
    STANDING_OTHERS,
    nearest_others,
    plan_indicators,
    standing,
)
from ipcompare.sections import inputs
from ipcompare.vocab.taxonomy import load_taxonomy


def _long(indicator: str, cells: dict[str, tuple]) -> pd.DataFrame:
    """compare_long rows of one indicator: jurisdiction → (state, value, unit, kind)."""
    return pd.DataFrame([{"indicator": indicator, "jurisdiction": j, "state": s, "value": v,
                          "unit": u, "kind": k} for j, (s, v, u, k) in cells.items()])


NONE = ("not_stated", float("nan"), None, None)


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    as_stated = pd.concat([
        # shared by three plans, all convertible per 10k
        _long("patents", {"a": ("stated", 45000.0, "items", "count"),
                          "b": ("stated", 30.0, "items per 10k residents", "count"),
                          "c": ("stated", 20000.0, "items", "count")}),
        # a growth rate: not convertible per 10k, compared as stated; b's is a share
        _long("growth", {"a": ("stated", 10.0, "percent per year", "rate"),
                         "b": ("stated", 60.0, "percent", "share"),
                         "c": ("stated", 12.0, "percent per year", "rate")}),
        # only this plan states it: not shared
        _long("alone", {"a": ("stated", 5.0, "items", "count"), "b": NONE, "c": NONE}),
        # the other plan's target is vague (not convertible): shared, but nothing to rank
        _long("vague", {"a": ("stated", 3.0, "items", "count"),
                        "b": ("not_convertible", float("nan"), None, None), "c": NONE}),
    ], ignore_index=True)
    per_10k = pd.concat([
        _long("patents", {"a": ("stated", 40.6, "items per 10k residents", "count"),
                          "b": ("stated", 30.0, "items per 10k residents", "count"),
                          "c": ("stated", 21.7, "items per 10k residents", "count")}),
        _long("growth", {"a": ("not_convertible", float("nan"), None, None),
                         "b": ("not_convertible", float("nan"), None, None),
                         "c": ("not_convertible", float("nan"), None, None)}),
        _long("alone", {"a": ("stated", 0.1, "items per 10k residents", "count"), "b": NONE,
                        "c": NONE}),
        _long("vague", {"a": ("not_convertible", float("nan"), None, None),
                        "b": ("not_convertible", float("nan"), None, None), "c": NONE}),
    ], ignore_index=True)
    return as_stated, per_10k


def test_plan_indicators_are_the_plans_own_in_order_without_restatements():
    t = pd.DataFrame({"jurisdiction": ["a", "a", "b", "a", "a", "a"],
                      "indicator": ["growth", None, "patents", "patents", "other", "growth"],
                      "status": ["stated", "stated", "stated", "milestone", "restated", "stated"]})
    assert plan_indicators(t, "a") == ["growth", "patents"]
    assert plan_indicators(t, "z") == []


def test_standing_picks_the_basis_and_ranks_among_comparable_plans():
    as_stated, per_10k = _tables()
    st = standing("a", ["patents", "growth", "alone", "vague"], as_stated, per_10k)
    assert list(st.columns) == COLUMNS
    assert list(st["indicator"]) == ["growth", "patents", "vague"]  # most stating first, then id
    by = st.set_index("indicator")
    assert (by.loc["patents", "basis"], by.loc["patents", "rank"], by.loc["patents", "n_comparable"],
            by.loc["patents", "n_stating"]) == ("per_10k_residents", 1, 3, 3)
    assert by.loc["patents", "cell"]["value"] == 40.6
    assert list(by.loc["patents", "others"]["jurisdiction"]) == ["b", "c"]
    # growth: as stated; b's share is not comparable with a rate, so a ranks 2nd of 2
    assert (by.loc["growth", "basis"], by.loc["growth", "rank"], by.loc["growth", "n_comparable"]) == (
        "as_stated", 2, 2)
    # vague: shared with b, but no other comparable value: no rank
    assert by.loc["vague", "basis"] == "as_stated" and pd.isna(by.loc["vague", "rank"])
    assert by.loc["vague", "n_comparable"] == 1 and by.loc["vague", "n_stating"] == 2


def test_standing_of_a_plan_that_states_a_vague_target_has_no_rank():
    as_stated, per_10k = _tables()
    by = standing("b", ["vague"], as_stated, per_10k).set_index("indicator")
    assert by.loc["vague", "cell"]["state"] == "not_convertible"
    assert by.loc["vague", "rank"] is None and by.loc["vague", "n_comparable"] is None


def test_standing_without_indicators_is_an_empty_table():
    empty = standing("a", [], pd.DataFrame(), pd.DataFrame())
    assert empty.empty and list(empty.columns) == COLUMNS


def test_the_section_reads_the_corpus_into_the_pure_function(corpus_targets):
    inds = plan_indicators(corpus_targets, "wuhan")
    declared = [i for i in inds if "per_10k_residents" in load_taxonomy().indicator(i).bases]
    direct = standing("wuhan", inds, inputs.compare_long(inds, "as_stated"),
                      inputs.compare_long(declared, "per_10k_residents"))
    got = sections.standing("wuhan")
    pd.testing.assert_frame_equal(got.drop(columns=["cell", "others"]),
                                  direct.drop(columns=["cell", "others"]))
    assert got.loc[0, "cell"].equals(direct.loc[0, "cell"])
    # a count of organizations is never ranked per 10,000 residents
    by = got.set_index("indicator")
    assert by.loc["ip_service_institutions", "basis"] == "as_stated"
    assert by.loc["invention_patents_owned", "basis"] == "per_10k_residents"


def test_an_indicator_left_out_per_10k_is_compared_as_stated():
    a = pd.DataFrame([
        {"indicator": "x", "jurisdiction": j, "state": "stated", "value": v, "value_high": None,
         "unit": "organizations", "kind": "stock", "comparator": "="} for j, v in (("a", 5), ("b", 9))])
    got = standing("a", ["x"], a, a.iloc[0:0])
    assert got.loc[0, "basis"] == "as_stated" and got.loc[0, "rank"] == 2


# ----------------------------------------------------------------------------- nearest others


def _cells(values: list[float], unit: str = "items", kind: str = "count") -> pd.DataFrame:
    return pd.DataFrame({"jurisdiction": [f"p{i}" for i in range(len(values))],
                         "value": values, "unit": unit, "kind": kind, "state": "stated"})


def test_nearest_others_keeps_every_plan_when_few():
    others = _cells([5.0, 1.0, 9.0])
    me = {"value": 4.0, "unit": "items", "kind": "count", "state": "stated"}
    assert nearest_others(others, me, limit=3) is others
    at_limit = _cells([float(i) for i in range(STANDING_OTHERS)])
    assert nearest_others(at_limit, me) is at_limit  # the default limit: STANDING_OTHERS


def test_nearest_others_keeps_the_ends_and_the_closest_highest_first():
    # values of p0…p9; this plan states 50: the highest (90), the lowest (5) and the two
    # closest (48 and 55, distances 2 and 5) are kept; 40 (distance 10) is not
    others = _cells([90.0, 5.0, 40.0, 48.0, 55.0, 70.0, 20.0, 80.0, 10.0, 30.0])
    me = {"value": 50.0, "unit": "items", "kind": "count", "state": "stated"}
    shown = nearest_others(others, me, limit=4)
    assert shown["jurisdiction"].tolist() == ["p0", "p4", "p3", "p1"]
    assert shown["value"].tolist() == [90.0, 55.0, 48.0, 5.0]
    # plans of another unit are never among the nearest; an unrankable plan gets the first ones
    mixed = pd.concat([others, _cells([50.0], unit="percent").assign(jurisdiction="pct")],
                      ignore_index=True)
    assert "pct" not in set(nearest_others(mixed, me, limit=4)["jurisdiction"])
    vague = {**me, "state": "not_convertible"}
    assert nearest_others(others, vague, limit=4)["jurisdiction"].tolist() == [
        "p0", "p1", "p2", "p3"]
    # the section package still offers it where profiles used it
    assert sections.nearest_others is nearest_others


def test_rank_holds_at_both_ends_of_floors_and_ranges_and_ties_are_not_alone() -> None:
    from ipcompare.analysis.standing import _rank

    def cell(v, comparator="=", hi=None):
        return {"value": v, "comparator": comparator, "value_high": hi}

    others = pd.DataFrame([cell(30), cell(10, ">=")])
    assert _rank(cell(40), others) == (None, 0)  # ≥10 may exceed 40: no order
    assert _rank(cell(40, ">="), others) == (1, 0)  # ≥40 is above ≥10 at both ends
    assert _rank(cell(40), pd.DataFrame([cell(30), cell(10, "<=")])) == (1, 0)
    assert _rank(cell(5), pd.DataFrame([cell(6, "range", 8)])) == (2, 0)
    assert _rank(cell(7), pd.DataFrame([cell(6, "range", 8)]))[0] is None
    assert _rank(cell(3000), pd.DataFrame([cell(3000)])) == (1, 1)  # a tie
