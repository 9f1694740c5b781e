"""ipcompare.analysis.comparison: which target fills a cell, conversions on the real corpus, the wide table."""

from __future__ import annotations

import time
import warnings

import pandas as pd
import pytest

from ipcompare.analysis.comparison import (
    BASES,
    FIELDS,
    LONG_COLUMNS,
    STATES,
    compare_long,
    convert_target,
    not_convertible_reason,
    widen,
)
from ipcompare.api import compare
from ipcompare.errors import UnknownIdError

IPO = "invention_patents_owned"


@pytest.fixture(scope="module")
def per10k() -> pd.DataFrame:
    return compare(basis="per_10k_residents", long=True)


def cell(long: pd.DataFrame, indicator: str, jurisdiction: str) -> pd.Series:
    hit = long[(long["indicator"] == indicator) & (long["jurisdiction"] == jurisdiction)]
    assert len(hit) == 1
    return hit.iloc[0]


# --- a tiny hand-made targets table --------------------------------------------------------------

REGISTRY = pd.DataFrame({
    "jurisdiction": ["a", "b", "c"],
    "population_10k": [100.0, 50.0, None],
    "population_year": [2018, 2018, None],
    "population_source": ["stat A", "stat B", None],
})


def target(tid: str, jurisdiction: str, indicator: str | None, value: float, measure: str,
           unit: str = "items", *, year: int = 2020, status: str = "stated", mult: int = 0,
           comparator: str = "=", value_high: float | None = None, start: int | None = 0,
           period: tuple[int, int] = (2018, 2020), **extra: object) -> dict:
    return extra | {
        "target_id": tid, "jurisdiction": jurisdiction, "indicator": indicator, "value": value,
        "value_high": value_high, "unit_mult": mult, "unit": unit, "measure": measure,
        "comparator": comparator, "target_year": year, "status": status,
        "period_start": period[0], "period_end": period[1], "quote": f"quote {tid}",
        "start": None if status == "supplementary" else start,
        "source": "ref" if status == "supplementary" else "text",
    }


def tiny(*rows: dict) -> pd.DataFrame:
    df = pd.DataFrame(list(rows))
    for col in ("target_year", "period_start", "period_end", "start"):
        df[col] = df[col].astype("Int64")
    return df


def test_tiny_per_10k_by_hand() -> None:
    t = tiny(
        target("a1", "a", IPO, 4.5, "level", mult=4, comparator=">="),  # 45000 / 100 = 450
        target("b1", "b", IPO, 30, "per_capita"),                      # unchanged
        target("c1", "c", IPO, 10, "level"),                           # no population
    )
    long = compare_long(t, REGISTRY, basis="per_10k_residents")
    assert list(long.columns) == LONG_COLUMNS
    assert list(long["jurisdiction"]) == ["a", "b", "c"]
    a, b, c = (cell(long, IPO, j) for j in "abc")
    assert (a.state, a.value, a.unit, a.derived) == ("stated", 450.0, "items per 10k residents", True)
    assert a.method == (
        "stated ≥ 4.5万 = 4.5 × 10^4 = 45000 items (level, due 2020); 45000 ÷ 100.00 "
        "ten-thousand residents (2018 resident population; source: stat A) = 450 per 10k residents"
    )
    assert (a.stated_value, a.stated_unit, a.population_10k, a.population_year) == (
        45000.0, "items", 100.0, 2018)
    assert (b.state, b.value, b.derived) == ("stated", 30.0, False)
    assert b.method.endswith("unchanged")
    assert c.state == "not_convertible" and "no reference population for 'c'" in c.method


def test_tiny_absolute_per_year_growth_by_hand() -> None:
    t = tiny(
        target("a1", "a", IPO, 30, "per_capita"),
        target("a2", "a", "pct_applications", 2500, "cumulative", period=(2017, 2020),
               span_years=4),  # 累计 counted from the plan's start (read from its roadmap)
        target("a3", "a", "ip_pledge_financing", 20, "annual_growth", unit="percent"),
        target("b1", "b", "pct_applications", 3, "new", value_high=5, comparator="range"),
        target("b2", "b", "ip_pledge_financing", 10, "annual_growth", unit="percent",
               value_high=20, comparator="range"),
    )
    ab = compare_long(t, REGISTRY, basis="absolute")
    assert cell(ab, IPO, "a").value == 3000.0  # 30 × 100
    py = compare_long(t, REGISTRY, basis="per_year")
    assert cell(py, "pct_applications", "a").value == 625.0  # 2500 / 4
    b = cell(py, "pct_applications", "b")
    assert (b.value, b.value_high) == (1.0, pytest.approx(5 / 3))  # 3–5 over 2018–2020
    assert "upper bound" in b.method
    gr = compare_long(t, REGISTRY, basis="cumulative_growth")
    assert cell(gr, "ip_pledge_financing", "a").value == 72.8  # 1.2³ − 1
    g = cell(gr, "ip_pledge_financing", "b")
    assert g.value == pytest.approx(33.1) and g.value_high == pytest.approx(72.8)
    assert g.unit == "percent over the plan years" and g.kind == "growth_total"


def test_selection_rules() -> None:
    t = tiny(
        # a: a text row and a supplementary row for 2020 → the text row; the 2017 supplementary
        # row is an interim figure (due before the plan ends): left out
        target("a_sup17", "a", IPO, 4, "per_capita", year=2017, status="supplementary"),
        target("a_sup20", "a", IPO, 7, "per_capita", status="supplementary"),
        target("a_txt20", "a", IPO, 9, "per_capita", start=50),
        target("a_rest", "a", IPO, 9, "per_capita", status="restated", start=90),
        # b: supplementary only → used and marked
        target("b_sup", "b", IPO, 5, "per_capita", status="supplementary"),
        # a: only milestones for this indicator → no cell: a roadmap step is not the plan's goal
        target("a_m18", "a", "ip_trainees", 100, "new", unit="people", year=2018, status="milestone"),
        target("a_m19", "a", "ip_trainees", 200, "new", unit="people", year=2019, status="milestone"),
        # b: a milestone besides a goal → the goal
        target("b_goal", "b", "ip_trainees", 500, "new", unit="people", start=10),
        target("b_m19", "b", "ip_trainees", 300, "new", unit="people", year=2019, status="milestone"),
    )
    long = compare_long(t, REGISTRY, jurisdictions=["a", "b"])
    a = cell(long, IPO, "a")
    assert (a.target_ids, a.value, a.supplementary) == ("a_txt20", 9.0, False)
    assert a.other_target_ids == ""  # restated rows and interim supplementary rows never fill
    b = cell(long, IPO, "b")
    assert (b.target_ids, b.supplementary) == ("b_sup", True)
    assert "[supplementary: ref]" in b.method
    ma = cell(long, "ip_trainees", "a")
    assert (ma.state, ma.target_ids) == ("not_stated", "")
    assert "a_m19 a roadmap step, not the plan's goal" in ma.method
    bg = cell(long, "ip_trainees", "b")
    assert (bg.target_ids, bg.status) == ("b_goal", "stated")
    # with a year: only targets due that year; a step due then may fill, marked
    y19 = compare_long(t, REGISTRY, jurisdictions=["a", "b"], year=2019)
    m19 = cell(y19, "ip_trainees", "b")
    assert (m19.target_ids, m19.status) == ("b_m19", "milestone")
    assert "a roadmap step due 2019, not the plan's goal" in m19.method
    y17 = compare_long(t, REGISTRY, jurisdictions=["a", "b"], year=2017)
    assert cell(y17, IPO, "a").target_ids == "a_sup17"
    nb = cell(y17, IPO, "b")
    assert nb.state == "not_stated"
    assert nb.method == f"b sets no target for {IPO} due 2017 (its targets for {IPO} are due 2020)"


def test_one_target_per_cell_on_every_basis() -> None:
    t = tiny(
        target("lvl", "a", IPO, 45000, "level", start=10),
        target("pc", "a", IPO, 40, "per_capita", start=20),
        target("grow", "a", IPO, 10, "annual_growth", unit="percent", start=5),
    )
    pick = {b: cell(compare_long(t, REGISTRY, basis=b), IPO, "a").target_ids for b in BASES}
    # the indicator's own unit and first measure (level), whatever the basis: never another target
    assert pick == dict.fromkeys(BASES, "lvl")
    py = cell(compare_long(t, REGISTRY, basis="per_year"), IPO, "a")
    assert py.state == "not_convertible" and py.other_target_ids == "pc|grow"
    assert "a level is a stock to reach" in py.method


def test_not_convertible_reasons() -> None:
    assert not_convertible_reason("per_year", "level", "items").startswith("a level is a stock")
    assert "per-resident" in not_convertible_reason("per_10k_residents", "share", "percent")
    assert not_convertible_reason("per_10k_residents", "per_year", "items") is None
    assert not_convertible_reason("absolute", "per_capita", "items") is None
    assert not_convertible_reason("cumulative_growth", "level", "items") is not None
    assert "scales with population" in not_convertible_reason("per_10k_residents", "level", "points")
    with pytest.raises(ValueError, match="basis"):
        convert_target(target("x", "a", IPO, 1, "level"), "per_resident")


# --- the real corpus ---------------------------------------------------------------------------


def test_invention_patents_on_one_scale(per10k: pd.DataFrame) -> None:
    wuhan, nantong, qingdao = (cell(per10k, IPO, j) for j in ("wuhan", "nantong", "qingdao"))
    # Wuhan: 45000 (level, 2020) ÷ 1108.10 = 40.61 per 10k; Nantong 30, Qingdao 25 as stated
    assert round(wuhan.value, 2) == 40.61
    assert wuhan.target_ids == "53b903aa6580" and wuhan.measure == "level"
    assert "45000 ÷ 1108.10 ten-thousand residents (2018 resident population" in wuhan.method
    assert (nantong.value, nantong.target_ids) == (30.0, "2b883ca69691")
    assert (qingdao.value, qingdao.comparator) == (25.0, ">=")
    assert {wuhan.unit, nantong.unit, qingdao.unit} == {"items per 10k residents"}
    assert {wuhan.kind, nantong.kind, qingdao.kind} == {"stock"}
    sichuan = cell(per10k, IPO, "sichuan")
    assert (sichuan.value, sichuan.target_year, sichuan.supplementary) == (7.5, 2020, True)
    assert sichuan.other_target_ids == ""  # its 2017 figure is interim: never fills a cell
    assert cell(per10k, IPO, "shijiazhuang").state == "not_stated"


def test_absolute_and_per_year_on_the_corpus() -> None:
    ab = compare(IPO, basis="absolute", long=True)
    assert cell(ab, IPO, "nantong").value == 21930.0   # 30 × 731.00
    assert cell(ab, IPO, "qingdao").value == 23487.0   # 25 × 939.48
    assert cell(ab, IPO, "sichuan").value == 62557.5   # 7.5 × 8341.00
    assert cell(ab, IPO, "wuhan").value == 45000.0
    py = compare("pct_applications", basis="per_year", long=True)
    assert cell(py, "pct_applications", "nantong").value == 625.0  # 2500 over 2017–2020
    assert cell(py, "pct_applications", "qingdao").value == 900.0  # 年均 900, unchanged
    w = cell(py, "pct_applications", "wuhan")  # ≥10 PCT per portfolio: a per-entity condition
    assert w.state == "not_stated" and "a condition each counted unit must meet" in w.method
    gr = compare("ip_pledge_financing", basis="cumulative_growth", long=True)
    assert cell(gr, "ip_pledge_financing", "wuhan").value == 72.8          # 20 % over 2018–2020
    assert cell(gr, "ip_pledge_financing", "shijiazhuang").value == pytest.approx(119.7)  # 30 %, 3 y
    assert cell(gr, "ip_pledge_financing", "nantong").state == "not_stated"  # 投融资规模: not pledge


def test_sichuan_cells_from_supplementary_rows_are_marked(per10k: pd.DataFrame) -> None:
    from ipcompare import targets

    sup_ids = set(targets("sichuan").query("status == 'supplementary'")["target_id"])
    sichuan = per10k[(per10k["jurisdiction"] == "sichuan") & (per10k["target_ids"] != "")]
    from_sup = sichuan["target_ids"].isin(sup_ids)
    assert from_sup.sum() >= 5
    assert sichuan.loc[from_sup, "supplementary"].all()
    assert not sichuan.loc[~from_sup, "supplementary"].any()
    assert sichuan.loc[from_sup, "method"].str.contains("[supplementary:", regex=False).all()


def test_every_cell_has_a_state_and_a_method() -> None:
    for basis in BASES:
        long = compare(basis=basis, long=True)
        assert set(long["state"]) <= set(STATES)
        assert long["method"].map(lambda m: isinstance(m, str) and len(m) > 10).all(), basis
        assert (long["basis"] == basis).all()
        stated = long[long["state"] == "stated"]
        assert stated["value"].notna().all() and (stated["target_ids"] != "").all()
        assert long.loc[long["state"] != "stated", "value"].isna().all()


def test_default_indicators_are_stated_ones_most_plans_first(per10k: pd.DataFrame) -> None:
    inds = list(dict.fromkeys(per10k["indicator"]))
    counts = (
        per10k[per10k["state"].isin(["stated", "not_convertible"])]
        .groupby("indicator")["jurisdiction"].nunique()
    )
    assert inds == sorted(inds, key=lambda i: (-counts[i], i))
    # four plans state each of the first three (Shijiazhuang's vague 商标发展年增幅 is no stock of
    # valid marks); Wuhan's and Shijiazhuang's PCT figures are per-portfolio conditions
    assert inds[:4] == ["invention_patents_owned", "ip_standard_certified_entities",
                        "valid_trademarks", "copyright_registrations"]
    assert counts["valid_trademarks"] == 4 and counts["pct_applications"] == 2


def test_unknown_jurisdiction_and_indicator() -> None:
    with pytest.warns(UserWarning, match="xian"):
        long = compare(IPO, ["wuhan", "xian"], long=True)
    x = cell(long, IPO, "xian")
    assert x.state == "not_in_corpus" and x.method == "no plan of xian is in the corpus"
    assert cell(long, IPO, "wuhan").state == "stated"
    with pytest.raises(UnknownIdError, match="valid"):
        compare("no_such_indicator")
    with pytest.raises(ValueError, match="basis"):
        compare(basis="per_person")


def test_wide_table_shape_and_numbers() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        wide = compare([IPO, "pct_applications"], basis="per_10k_residents")
    assert list(wide.index) == [IPO, "pct_applications"] and wide.index.name == "indicator"
    assert wide.columns.names == ["jurisdiction", "field"]
    assert list(wide.columns.get_level_values("jurisdiction").unique()) == [
        "wuhan", "shijiazhuang", "sichuan", "nantong", "qingdao"]
    assert list(wide["wuhan"].columns) == FIELDS
    values = wide.xs("value", axis=1, level="field")
    assert values.loc[IPO, "nantong"] == 30.0
    assert round(values.loc[IPO, "wuhan"], 2) == 40.61
    assert wide.loc[IPO, ("shijiazhuang", "state")] == "not_stated"
    assert wide.loc[IPO, ("sichuan", "supplementary")]


def test_year_picks_milestones_of_that_year() -> None:
    long = compare(IPO, basis="as_stated", year=2018, long=True)
    n = cell(long, IPO, "nantong")
    assert (n.value, n.target_year) == (24.0, 2018)  # the roadmap's 2018 step
    assert cell(long, IPO, "wuhan").state == "not_stated"


def test_speed_after_first_load() -> None:
    compare()
    t0 = time.perf_counter()
    for basis in BASES:
        compare(basis=basis)
    assert (time.perf_counter() - t0) / len(BASES) < 0.5


def test_widen_any_row_order_gives_the_same_table() -> None:
    long = compare(basis="per_10k_residents", long=True)
    fast = compare(basis="per_10k_residents")
    general = widen(long.sample(frac=1, random_state=3))
    general = general.reindex(index=fast.index, columns=fast.columns)
    assert (general.astype(object).fillna("NA") == fast.astype(object).fillna("NA")).all().all()
    assert fast.xs("value", axis=1, level="field").dtypes.eq(float).all()


def test_analytics_benchmark_runs_tiny() -> None:
    import sys
    from pathlib import Path

    bench = Path(__file__).resolve().parents[2] / "benchmarks"
    sys.path.insert(0, str(bench))
    try:
        import bench_analytics
    finally:
        sys.path.remove(str(bench))
    r = bench_analytics.run(plans=2, repeats=1, budget_s=0.0, limit_s=60.0)
    assert r["ok"] and r["synthetic"]["plans"] == 2 and r["real"]["plans"] == 5
    assert set(r["real"]["warm"]) >= {f"compare(basis={b!r})" for b in BASES}
    assert r["synthetic"]["cells"] == r["synthetic"]["indicators"] * 2
    md = bench_analytics.to_markdown(r)
    assert "### (b) Synthetic corpus: 2 plans" in md


# --- cells that mean one thing ------------------------------------------------------------------


@pytest.mark.parametrize("year", [None, 2017, 2019, 2020])
def test_no_stated_cell_rests_on_a_part_or_a_step(year: int | None) -> None:
    from ipcompare import targets

    t = targets().set_index("target_id")
    for basis in BASES:
        long = compare(basis=basis, year=year, long=True)
        filled = long[long["state"].isin(["stated", "not_convertible"])]
        rows = t.loc[list(filled["target_ids"])]
        assert (rows["scope"] == "jurisdiction").all(), basis
        if year is None:
            assert (rows["status"] != "milestone").all(), basis
        # one target per (indicator, plan) whatever the basis
        first = compare(basis="as_stated", year=year, long=True).set_index(
            ["indicator", "jurisdiction"])["target_ids"]
        assert (filled.set_index(["indicator", "jurisdiction"])["target_ids"]
                == first.reindex(filled.set_index(["indicator", "jurisdiction"]).index)).all()


def test_cells_carry_year_status_and_conflict() -> None:
    long = compare("ip_industry_alliances", long=True)
    n = cell(long, "ip_industry_alliances", "nantong")
    assert (n.value, n.target_year, n.status, n.conflict) == (6.0, 2020, "stated", True)
    assert n.conflict_with == "4505559454e1"
    assert "the plan also states 10 (4505559454e1): the figures disagree" in n.method
    madrid = cell(compare("madrid_trademarks", basis="per_year", long=True), "madrid_trademarks", "nantong")
    assert madrid.state == "not_convertible" and "a level is a stock" in madrid.method
    trainees = compare("ip_trainees", long=True)
    assert set(trainees["state"]) == {"not_stated"}  # Nantong's 2017 step, Qingdao's phase figure
    qd = cell(compare("ip_trainees", basis="per_year", year=2020, long=True), "ip_trainees", "qingdao")
    assert (qd.value, qd.status) == (pytest.approx(10000 / 3), "milestone")  # 3年累计 ÷ 3


def test_comparability_lists_every_decision() -> None:
    c = ipc_comparability("pct_applications")
    why = dict(zip(c["target_id"], c["reason"], strict=True))
    assert why["8cf053032254"] == "per_entity" and why["029a0776c7ea"] == "per_entity"
    assert why["2f54a4c0d632"] == "fills" and why["917a1f418b4b"] == "fills"
    assert why["1cae49890a0a"] == "milestone"
    assert c.loc[c["fills"], "state_per_year"].eq("stated").all()


def ipc_comparability(indicator: str) -> pd.DataFrame:
    from ipcompare import comparability

    return comparability(indicator)
