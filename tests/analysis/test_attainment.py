"""Issue 14, items 2–3: attainment (target due at plan end beside the outcome of its year) and
ambition (growth asked for beside growth reached). The corpus rows were checked by hand against
the plan quotes, ``data/outcomes.csv`` and the census; each branch has a small synthetic case."""

from __future__ import annotations

import pandas as pd
import pytest

import ipcompare as ipc
from ipcompare.analysis.attainment import (
    ATTAINMENT_COLUMNS,
    ambition,
    attainment,
    due_targets,
    unmatched_outcomes,
)
from ipcompare.vocab.constants import ATTAINMENT_STATUSES, UNKNOWN_REASONS

# ---------------------------------------------------------------- the corpus, checked by hand

WUHAN_POP_2020 = 1232.6518  # 10,000 residents, 7th census 2020-11-01 (12,326,518 people)
SICHUAN_POP_2020 = 8367.4866


@pytest.fixture(scope="module")
def att() -> pd.DataFrame:
    return ipc.attainment()


def _row(att: pd.DataFrame, jurisdiction: str, indicator: str) -> pd.Series:
    rows = att[(att["jurisdiction"] == jurisdiction) & (att["indicator"] == indicator)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_wuhan_invention_patents_met_with_the_census_population(att: pd.DataFrame) -> None:
    r = _row(att, "wuhan", "invention_patents_owned")
    assert (r["target_value"], r["comparator"], r["target_year"]) == (45000.0, ">=", 2020)
    assert "45000" in r["target_quote"]
    assert r["outcome_converted"] == pytest.approx(51.87 * WUHAN_POP_2020)  # 63,937.6
    assert round(r["outcome_converted"]) == 63938
    assert r["ratio"] == pytest.approx(51.87 * WUHAN_POP_2020 / 45000)
    assert (r["status"], r["reason"], r["outcome_as_of"]) == ("met", "", "2020-12-31")
    assert "51.87" in r["outcome_quote"] and r["outcome_url"].startswith("https://english.cnipa")
    assert r["population_reference"] == "census 2020-11-01"
    assert "第七次全国人口普查" in r["population_source"]
    assert not r["supplementary"]


def test_sichuan_trademarks_met_and_marked_supplementary(att: pd.DataFrame) -> None:
    r = _row(att, "sichuan", "valid_trademarks")
    assert (r["target_value"], r["target_status"], r["supplementary"]) == (
        450000.0,
        "supplementary",
        True,
    )
    assert (r["outcome_converted"], r["outcome_as_of"], r["status"]) == (
        1014106.0,
        "2020-12-05",
        "met",
    )
    assert r["ratio"] == pytest.approx(1014106 / 450000)
    assert r["conversion"] == "as published" and r["population_reference"] == ""


def test_sichuan_invention_patents_per_10k_from_the_stock(att: pd.DataFrame) -> None:
    r = _row(att, "sichuan", "invention_patents_owned")
    assert r["outcome_converted"] == pytest.approx(67389 / SICHUAN_POP_2020)  # 8.05 ≥ 7.5
    assert (r["status"], r["supplementary"]) == ("met", True)


# every unknown reason the corpus has, each checked by hand
UNKNOWN = {
    ("wuhan", "geographical_indications"): "other_definition",  # 43 GIs vs 40 GI trademarks
    ("wuhan", "invention_patent_applications"): "other_measure",  # +10%/yr vs a 2020 count
    ("wuhan", "ip_pledge_financing"): "other_measure",  # +20%/yr vs 突破10亿元
    ("nantong", "invention_patents_owned"): "rank_or_multiple",  # 2020: rank 6, ×1.4 only
    ("qingdao", "invention_patents_owned"): "too_far",  # 2017-07 and 2022-06 around 2020
    ("qingdao", "pct_applications"): "too_far",
    ("sichuan", "technology_contract_value"): "too_far",  # 2018 only
    ("wuhan", "copyright_registrations"): "no_outcome",  # 8万 registrations, no figure
    ("sichuan", "invention_patent_applications"): "no_outcome",
}


@pytest.mark.parametrize("key", list(UNKNOWN))
def test_unknown_stays_unknown_with_its_reason(att: pd.DataFrame, key: tuple[str, str]) -> None:
    r = _row(att, *key)
    assert (r["status"], r["reason"]) == ("unknown", UNKNOWN[key])
    assert pd.isna(r["ratio"]) and pd.isna(r["outcome_converted"]) and r["outcome_id"] == ""


def test_too_far_names_the_nearest_values_around_the_year(att: pd.DataFrame) -> None:
    r = _row(att, "qingdao", "invention_patents_owned")
    assert (r["before_as_of"], r["after_as_of"]) == ("2017-07", "2022-06")
    o = ipc.outcomes().set_index("outcome_id")
    assert o.loc[r["after_id"], "measure"] == "per_capita"  # the target's measure first
    assert o.loc[r["after_id"], "number"] == 52.51


def test_the_corpus_counts(att: pd.DataFrame) -> None:
    assert att["status"].value_counts().to_dict() == {"unknown": 112, "met": 4}
    assert set(att["status"]) <= set(ATTAINMENT_STATUSES)
    assert set(att["reason"]) - {""} <= set(UNKNOWN_REASONS)
    met = att[att["status"] == "met"].set_index(["jurisdiction", "indicator"]).index
    assert set(met) == {
        ("wuhan", "invention_patents_owned"),
        ("wuhan", "valid_trademarks"),
        ("sichuan", "invention_patents_owned"),
        ("sichuan", "valid_trademarks"),
    }


def test_only_whole_area_targets_due_at_plan_end(att: pd.DataFrame) -> None:
    t = ipc.targets().set_index("target_id")
    due = t.loc[att["target_id"]]
    assert (due["scope"] == "jurisdiction").all()
    assert (due["target_year"] == due["period_end"]).all()
    assert set(due["status"]) == {"stated", "supplementary"}
    assert "pct_applications" not in set(
        att[att["jurisdiction"] == "wuhan"]["indicator"]
    )  # per firm


def test_ambition_on_the_corpus() -> None:
    am = ipc.ambition()
    w = am[(am["jurisdiction"] == "wuhan") & (am["indicator"] == "invention_patents_owned")].iloc[0]
    assert (w["baseline_kind"], w["baseline_value"], w["baseline_year"], w["years"]) == (
        "outcome",
        24460.0,
        2016,
        4,
    )
    assert w["asked_per_year"] == pytest.approx((45000 / 24460) ** 0.25 - 1)  # 16.5% a year
    assert w["reached_per_year"] == pytest.approx((51.87 * WUHAN_POP_2020 / 24460) ** 0.25 - 1)
    s = am[(am["jurisdiction"] == "sichuan") & (am["indicator"] == "valid_trademarks")].iloc[0]
    assert (s["baseline_kind"], s["baseline_value"], s["baseline_year"]) == ("plan", 320000.0, 2017)
    assert s["asked_per_year"] == pytest.approx((45 / 32) ** (1 / 3) - 1)
    q = am[(am["jurisdiction"] == "qingdao") & (am["indicator"] == "pct_applications")].iloc[0]
    assert q["asked_per_year"] == pytest.approx((900 / 906) ** 0.25 - 1)  # below the 2016 level
    assert pd.isna(q["reached_per_year"])


def test_unmatched_outcomes_on_the_corpus() -> None:
    u = ipc.unmatched_outcomes()
    assert len(u) == 36
    assert set(u["why"]) == {"no_indicator", "no_target"}
    assert (u["why"] == "no_indicator").sum() == 2


# ---------------------------------------------------------------- synthetic tables, each branch

POP = pd.DataFrame(
    [
        {
            "jurisdiction": "x",
            "year": 2020,
            "population_10k": 100.0,
            "reference": "census 2020-11-01",
            "source": "test census",
            "url": "",
            "quote": "",
        },
    ]
)


def _target(**kw: object) -> dict:
    base = {
        "target_id": "t1",
        "jurisdiction": "x",
        "indicator": "ind",
        "value": 1000.0,
        "base_value": 1000.0,
        "unit": "items",
        "comparator": ">=",
        "measure": "level",
        "target_year": 2020,
        "period_start": 2018,
        "period_end": 2020,
        "status": "stated",
        "scope": "jurisdiction",
        "quote": "到2020年达到1000件",
        "source": "text",
    }
    return {**base, **kw}


def _outcome(**kw: object) -> dict:
    base = {
        "outcome_id": "o1",
        "jurisdiction": "x",
        "indicator": "ind",
        "as_of": "2020-12-31",
        "base_value": 1200.0,
        "number": 1200.0,
        "value": "1200",
        "unit_code": "items",
        "per_residents": pd.NA,
        "measure": "level",
        "bound": "exact",
        "definition": "same",
        "quote": "2020年末达到1200件",
        "source_title": "test",
        "url": "https://example.org",
    }
    return {**base, **kw}


def _one(target: dict | None = None, outcomes: list[dict] | None = None) -> pd.Series:
    t = pd.DataFrame([target or _target()])
    o = pd.DataFrame(outcomes if outcomes is not None else [_outcome()])
    if o.empty:
        o = pd.DataFrame(columns=list(_outcome()))
    a = attainment(t, o, POP)
    assert list(a.columns) == ATTAINMENT_COLUMNS and len(a) == 1
    return a.iloc[0]


@pytest.mark.parametrize(
    ("target", "outcomes", "status", "reason"),
    [
        (None, None, "met", ""),
        (None, [_outcome(base_value=900.0)], "not_met", ""),
        (_target(comparator="<="), [_outcome(base_value=900.0)], "met", ""),
        (None, [_outcome(base_value=900.0, as_of="2020-06")], "unknown", "part_of_year"),
        (None, [_outcome(base_value=900.0, as_of="2020")], "unknown", "part_of_year"),
        (
            _target(measure="per_year"),
            [_outcome(measure="per_year", as_of="2020", base_value=900.0)],
            "not_met",
            "",
        ),
        (None, [_outcome(bound="lower", base_value=1000.0)], "met_lower_bound", ""),
        (None, [_outcome(bound="lower", base_value=800.0)], "unknown", "lower_bound_below"),
        (None, [], "unknown", "no_outcome"),
        (None, [_outcome(indicator="other")], "unknown", "no_outcome"),
        (None, [_outcome(definition="part")], "unknown", "other_definition"),
        (
            None,
            [_outcome(bound="rank", unit_code="rank", base_value=6.0)],
            "unknown",
            "rank_or_multiple",
        ),
        (None, [_outcome(measure="per_year")], "unknown", "other_measure"),
        (_target(measure="annual_growth", unit="percent"), None, "unknown", "other_measure"),
        (None, [_outcome(as_of="2021-12-31")], "unknown", "too_far"),
        (None, [_outcome(as_of="2019-12-31")], "unknown", "too_far"),
        (
            None,
            [
                _outcome(
                    jurisdiction="x",
                    measure="per_capita",
                    per_residents=10000,
                    base_value=12.0,
                    as_of="2020-12-31",
                )
            ],
            "met",
            "",
        ),
        (
            _target(jurisdiction="y"),
            [
                _outcome(
                    jurisdiction="y", measure="per_capita", per_residents=10000, base_value=12.0
                )
            ],
            "unknown",
            "no_population",
        ),
        (_target(scope="sub_area"), None, None, None),
    ],
)
def test_each_branch(
    target: dict | None, outcomes: list[dict] | None, status: str | None, reason: str | None
) -> None:
    if status is None:  # not a target an attainment judges
        assert due_targets(pd.DataFrame([target])).empty
        return
    r = _one(target, outcomes)
    assert (r["status"], r["reason"]) == (status, reason)


def test_per_capita_outcome_times_the_population_of_its_year() -> None:
    r = _one(None, [_outcome(measure="per_capita", per_residents=10000, base_value=12.0)])
    assert (r["outcome_converted"], r["ratio"], r["population_10k"]) == (1200.0, 1.2, 100.0)
    assert r["conversion"] == "12 per 10,000 residents × 100 (10,000 residents)"


def test_per_million_is_scaled_by_100_not_by_a_population() -> None:
    r = _one(
        _target(measure="per_capita", value=4.0, base_value=4.0),
        [_outcome(measure="per_capita", per_residents=1000000, base_value=448.7)],
    )
    assert r["outcome_converted"] == pytest.approx(4.487) and r["status"] == "met"
    assert pd.isna(r["population_10k"])


def test_a_same_year_reason_outranks_a_neighbour_and_neighbours_are_named() -> None:
    r = _one(
        None,
        [
            _outcome(outcome_id="a", bound="rank", unit_code="rank", base_value=3.0),
            _outcome(outcome_id="b", as_of="2018-12-31", base_value=700.0),
            _outcome(outcome_id="c", as_of="2022-06", base_value=1500.0),
        ],
    )
    assert (r["status"], r["reason"]) == ("unknown", "rank_or_multiple")
    assert (r["before_id"], r["before_as_of"], r["after_id"], r["after_as_of"]) == (
        "b",
        "2018-12-31",
        "c",
        "2022-06",
    )


def test_an_exact_figure_is_preferred_to_a_lower_bound_of_the_same_year() -> None:
    r = _one(
        None,
        [
            _outcome(outcome_id="lb", bound="lower", base_value=2000.0),
            _outcome(outcome_id="ex", base_value=900.0),
        ],
    )
    assert (r["outcome_id"], r["status"]) == ("ex", "not_met")


def test_ambition_from_a_plan_step_and_from_a_pre_plan_outcome() -> None:
    t = pd.DataFrame(
        [
            _target(),
            _target(
                target_id="m1", status="milestone", target_year=2018, value=500.0, base_value=500.0
            ),
        ]
    )
    o = pd.DataFrame([_outcome(), _outcome(outcome_id="o0", as_of="2016-12", base_value=250.0)])
    a = attainment(t, o, POP)
    reg = pd.DataFrame([{"jurisdiction": "x", "period_start": 2018}])
    am = ambition(a, t, o, POP, reg).set_index("baseline_kind")
    assert am.loc["plan", "asked_per_year"] == pytest.approx(2**0.5 - 1)  # 500 → 1000 in 2 years
    assert am.loc["plan", "reached_per_year"] == pytest.approx((1200 / 500) ** 0.5 - 1)
    assert am.loc["outcome", "asked_per_year"] == pytest.approx(4**0.25 - 1)  # 250 → 1000 in 4
    assert am.loc["outcome", "baseline_id"] == "o0"


def test_unmatched_outcomes_name_why() -> None:
    t = pd.DataFrame([_target()])
    o = pd.DataFrame(
        [
            _outcome(),
            _outcome(outcome_id="o2", indicator="other"),
            _outcome(outcome_id="o3", indicator=""),
        ]
    )
    u = unmatched_outcomes(o, attainment(t, o, POP), t)
    assert dict(zip(u["outcome_id"], u["why"], strict=True)) == {
        "o2": "no_target",
        "o3": "no_indicator",
    }
