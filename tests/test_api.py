"""The public API: ``ipc.targets()`` honours the targets-table contract of DESIGN.md."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import ipcompare as ipc
from ipcompare.corpus.registry import REGISTRY_COLUMNS, registered_documents
from ipcompare.corpus.tables import build_targets
from ipcompare.paths import data_path

#: the contract columns of DESIGN.md ("The targets table (contract)")
CONTRACT_COLUMNS = [
    "target_id", "jurisdiction", "document", "quote", "start", "end", "subject", "value",
    "value_high", "unit_mult", "base_value", "unit", "unit_zh", "comparator", "measure",
    "target_year", "period_start", "period_end", "category", "indicator", "status", "restates",
]
UNITS = {
    "items", "projects", "organizations", "people", "person_times", "times", "batches", "CNY",
    "percent", "percentage_points", "points", "m2", "ratio",
}
COMPARATORS = {">=", "=", "<=", "range", "approx"}
MEASURES = {
    "level", "new", "cumulative", "annual_growth", "per_year", "per_capita", "share", "ratio",
    "score", "per_capita_year",
}
CATEGORIES = {
    "creation", "utilization", "finance", "protection", "management", "services", "talent", "other",
}
STATUSES = {"stated", "restated", "milestone", "supplementary"}
PERIODS = {
    "wuhan": (2018, 2020), "shijiazhuang": (2019, 2021), "sichuan": (2016, 2020),
    "nantong": (2017, 2020), "qingdao": (2017, 2020),
}


def _from_text(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["status"] != "supplementary"]


# --- ipc.targets(): columns, vocabularies, evidence ---------------------------------------------


def test_contract_columns(corpus_targets: pd.DataFrame) -> None:
    missing = [c for c in CONTRACT_COLUMNS if c not in corpus_targets.columns]
    assert missing == []


def test_all_five_jurisdictions(corpus_targets: pd.DataFrame, jurisdiction_ids) -> None:
    assert set(corpus_targets["jurisdiction"]) == set(jurisdiction_ids)
    docs = dict(zip(ipc.jurisdictions()["jurisdiction"], ipc.jurisdictions()["document"],
                    strict=True))
    for j, d in corpus_targets[["jurisdiction", "document"]].drop_duplicates().itertuples(
        index=False
    ):
        assert docs[j] == d


def test_target_ids_unique(corpus_targets: pd.DataFrame) -> None:
    assert corpus_targets["target_id"].is_unique
    assert corpus_targets["target_id"].str.fullmatch(r"[0-9a-f]{12}").all()


def test_vocabularies(corpus_targets: pd.DataFrame) -> None:
    assert set(corpus_targets["unit"]) <= UNITS
    assert set(corpus_targets["comparator"]) <= COMPARATORS
    assert set(corpus_targets["measure"]) <= MEASURES
    assert set(corpus_targets["category"]) <= CATEGORIES
    assert set(corpus_targets["status"]) <= STATUSES
    assert set(corpus_targets["unit_mult"]) <= {0, 3, 4, 8}


def test_quote_is_text_slice(corpus_targets: pd.DataFrame, texts: dict[str, str]) -> None:
    rows = _from_text(corpus_targets)
    assert len(rows) > 250
    bad = [r.target_id for r in rows.itertuples()
           if texts[r.document][int(r.start) : int(r.end)] != r.quote]
    assert bad == []


def test_number_inside_quote(corpus_targets: pd.DataFrame, texts: dict[str, str]) -> None:
    bad = []
    for r in _from_text(corpus_targets).itertuples():
        inside = int(r.start) <= int(r.number_start) < int(r.number_end) <= int(r.end)
        if not inside or texts[r.document][int(r.number_start) : int(r.number_end)] != r.number_text:
            bad.append((r.document, r.number_start, r.number_text))
    assert bad == []


def test_base_value(corpus_targets: pd.DataFrame) -> None:
    t = corpus_targets
    expected = t["value"].astype(float) * 10.0 ** t["unit_mult"].astype(int)
    assert np.allclose(t["base_value"].astype(float), expected, rtol=1e-9)
    row = t[(t["jurisdiction"] == "qingdao") & (t["number_text"] == "1.2万")].iloc[0]
    assert row["base_value"] == pytest.approx(12000)


def test_ranges_have_value_high(corpus_targets: pd.DataFrame) -> None:
    ranges = corpus_targets[corpus_targets["comparator"] == "range"]
    assert len(ranges) >= 4  # Wuhan 1—3家, 3—5个, 20—40个; Qingdao 1至2个
    assert (ranges["value_high"] > ranges["value"]).all()


def test_periods_come_from_the_registry(corpus_targets: pd.DataFrame) -> None:
    for j, (start, end) in PERIODS.items():
        rows = corpus_targets[corpus_targets["jurisdiction"] == j]
        assert set(rows["period_start"]) == {start}, j
        assert set(rows["period_end"]) == {end}, j


def test_restates_and_milestones_point_to_rows(corpus_targets: pd.DataFrame) -> None:
    t = corpus_targets
    doc_of = dict(zip(t["target_id"], t["document"], strict=True))
    restated = t[t["status"] == "restated"]
    assert len(restated) > 0
    assert restated["restates"].notna().all()
    assert all(doc_of.get(r.restates) == r.document for r in restated.itertuples())
    milestones = t[t["status"] == "milestone"]
    linked = milestones[milestones["milestone_of"].notna()]
    assert all(doc_of.get(r.milestone_of) == r.document for r in linked.itertuples())


# --- filters ------------------------------------------------------------------------------------


def test_targets_filters_jurisdiction(corpus_targets: pd.DataFrame) -> None:
    nantong = ipc.targets("nantong")
    assert set(nantong["jurisdiction"]) == {"nantong"}
    assert len(nantong) == (corpus_targets["jurisdiction"] == "nantong").sum()
    assert list(nantong.index) == list(range(len(nantong)))
    two = ipc.targets(["nantong", "qingdao"])
    assert set(two["jurisdiction"]) == {"nantong", "qingdao"}
    assert len(two) == len(nantong) + len(ipc.targets(["qingdao"]))


def test_targets_distinct(corpus_targets: pd.DataFrame) -> None:
    distinct = ipc.targets(distinct=True)
    assert "restated" not in set(distinct["status"])
    assert len(distinct) < len(corpus_targets)
    assert len(distinct) == (corpus_targets["status"] != "restated").sum()


def test_targets_without_milestones_or_supplementary(corpus_targets: pd.DataFrame) -> None:
    assert "milestone" not in set(ipc.targets(milestones=False)["status"])
    assert "supplementary" not in set(ipc.targets(supplementary=False)["status"])


def test_targets_returns_a_copy(corpus_targets: pd.DataFrame) -> None:
    first = ipc.targets("sichuan")
    first["value"] = -1.0
    assert (ipc.targets("sichuan")["value"] >= 0).all()


def test_unknown_jurisdiction(jurisdiction_ids) -> None:
    with pytest.raises(ipc.UnknownIdError) as info:
        ipc.targets("beijing")
    message = str(info.value)
    assert "beijing" in message
    for j in jurisdiction_ids:
        assert j in message
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, ipc.IpcompareError)
    with pytest.raises(ipc.UnknownIdError):
        ipc.targets(["nantong", "Nantung"])


# --- plans by name --------------------------------------------------------------------------------

NAMES = ["wuhan", "Wuhan", "WUHAN", " wuhan ", "武汉市", "武汉", "wuhan_2018_2020", "Wuhan_2018_2020"]


@pytest.mark.parametrize("name", NAMES)
def test_every_function_taking_a_plan_accepts_its_names(name: str) -> None:
    assert ipc.targets(name).equals(ipc.targets("wuhan"))
    assert ipc.actions([name]).equals(ipc.actions("wuhan"))
    assert ipc.agencies(name).equals(ipc.agencies("wuhan"))
    assert list(ipc.coverage(jurisdictions=[name]).index) == ["wuhan"]
    assert ipc.comparability(jurisdictions=name).equals(ipc.comparability(jurisdictions="wuhan"))
    cells = ipc.compare(jurisdictions=[name, "南通"], basis="per_10k_residents", long=True)
    assert list(dict.fromkeys(cells["jurisdiction"])) == ["wuhan", "nantong"]


def test_names_of_one_plan_given_twice_select_it_once() -> None:
    assert ipc.targets(["Nantong", "nantong", "南通市"]).equals(ipc.targets("nantong"))


def test_compare_takes_plans_by_keyword_and_positionally() -> None:
    by_keyword = ipc.compare(jurisdictions=["Qingdao", "Wuhan"], basis="per_year")
    positional = ipc.compare(None, ["qingdao", "wuhan"], "per_year")
    pd.testing.assert_frame_equal(by_keyword, positional)
    assert list(dict.fromkeys(by_keyword.columns.get_level_values(0))) == ["qingdao", "wuhan"]


def test_compare_says_when_plans_are_given_as_indicators() -> None:
    with pytest.raises(ipc.UnknownIdError, match=r"'Wuhan': that names a plan.*jurisdictions="):
        ipc.compare(["Wuhan", "nantong"])


def test_compare_keeps_an_unregistered_plan_as_not_in_corpus() -> None:
    with pytest.warns(UserWarning, match="beijing"):
        cells = ipc.compare(jurisdictions=["beijing", "Wuhan"], long=True)
    assert set(cells.loc[cells["jurisdiction"] == "beijing", "state"]) == {"not_in_corpus"}


def test_unknown_name_lists_ids_with_their_names() -> None:
    with pytest.raises(ipc.UnknownIdError) as info:
        ipc.agencies("Wuhann")
    assert "wuhan (武汉市, Wuhan)" in str(info.value) and "qingdao (青岛市, Qingdao)" in str(info.value)


def test_a_name_two_plans_share_is_an_error_naming_both(monkeypatch: pytest.MonkeyPatch) -> None:
    from ipcompare import api

    registry = pd.DataFrame({
        "jurisdiction": ["jilin_province", "jilin", "wuhan"],
        "document": ["jilin_province_2021", "jilin_2021", "wuhan_2018_2020"],
        "name_zh": ["吉林省", "吉林市", "武汉市"], "name_en": ["Jilin", "Jilin City", "Wuhan"]})
    monkeypatch.setattr(api, "_jurisdictions", lambda: registry)
    assert api.resolve_plan("吉林市") == "jilin" and api.resolve_plan("jilin city") == "jilin"
    assert api.resolve_plan("吉林省") == "jilin_province"
    assert api.resolve_plan("jilin") == "jilin"  # a registry id is exact and comes first
    for shared in ("吉林", "JILIN"):  # short Chinese name of both; English name of one, id of other
        with pytest.raises(ipc.UnknownIdError, match=r"more than one plan: jilin \(吉林市, Jilin "
                                                      r"City\), jilin_province \(吉林省, Jilin\)"):
            api.resolve_plan(shared)
    assert api.resolve_plan("Beijing", unknown_ok=True) == "Beijing"


# --- extract_targets on a string ----------------------------------------------------------------

SHORT_PLAN = (
    "到2025年，全市发明专利拥有量突破3万件，每万人发明专利拥有量达到20件以上，"
    "培育知识产权服务机构50家左右。"
)


def test_extract_targets_from_string() -> None:
    df = ipc.extract_targets(SHORT_PLAN)
    got = [
        (r.number_text, r.value, r.unit_mult, r.unit, r.comparator, r.measure, r.target_year)
        for r in df.itertuples()
    ]
    assert got == [
        ("3万", 3.0, 4, "items", ">=", "level", 2025),
        ("20", 20.0, 0, "items", ">=", "per_capita", 2025),
        ("50", 50.0, 0, "organizations", "approx", "new", 2025),
    ]
    assert df["base_value"].tolist() == [30000.0, 20.0, 50.0]
    assert (df["status"] == "stated").all()
    assert df["indicator"].tolist()[:2] == ["invention_patents_owned", "invention_patents_owned"]
    assert df["number_start"].tolist() == [SHORT_PLAN.index("3万"), SHORT_PLAN.index("20件"),
                                           SHORT_PLAN.index("50家")]
    for r in df.itertuples():
        assert SHORT_PLAN[r.start : r.end] == r.quote


def test_extract_targets_ids_and_period() -> None:
    text = "知识产权质押融资金额年均增长15%以上。"
    df = ipc.extract_targets(text, document="demo", jurisdiction="hefei", period=(2021, 2023))
    assert len(df) == 1
    r = df.iloc[0]
    assert (r["document"], r["jurisdiction"]) == ("demo", "hefei")
    assert (r["value"], r["unit"], r["comparator"], r["measure"]) == (
        15.0, "percent", ">=", "annual_growth")
    assert (r["period_start"], r["period_end"], r["target_year"]) == (2021, 2023, 2023)


def test_extract_targets_no_targets() -> None:
    df = ipc.extract_targets("今天召开知识产权工作会议。")
    assert len(df) == 0
    assert [c for c in CONTRACT_COLUMNS if c not in df.columns] == []


@pytest.mark.parametrize("text", ["", "   ", "\n\u3000\n"])
def test_extract_targets_empty(text: str) -> None:
    with pytest.raises(ipc.DocumentError, match="empty"):
        ipc.extract_targets(text)


@pytest.mark.parametrize("value", [None, b"\xe5\x88\xb0", 2020, ["到2020年"]])
def test_extract_targets_not_str(value: object) -> None:
    with pytest.raises(TypeError, match="str"):
        ipc.extract_targets(value)  # type: ignore[arg-type]


# --- registry and taxonomy ----------------------------------------------------------------------


def test_jurisdictions(jurisdiction_ids) -> None:
    j = ipc.jurisdictions()
    assert len(j) == 5
    assert j["jurisdiction"].tolist() == jurisdiction_ids
    assert [c for c in [*REGISTRY_COLUMNS, "population_10k"] if c not in j.columns] == []
    assert j["population_10k"].notna().all()
    assert (j["population_10k"] > 0).all()
    assert j.set_index("jurisdiction").loc["sichuan", "level"] == "province"
    assert j.set_index("jurisdiction").loc["nantong", "population_10k"] == pytest.approx(731.0)


def test_taxonomy() -> None:
    tax = ipc.taxonomy()
    assert len(tax) > 0
    assert tax["indicator"].is_unique
    assert set(tax["category"]) <= CATEGORIES
    assert {"invention_patents_owned", "pct_applications", "ip_industry_alliances"} <= set(
        tax["indicator"]
    )


def test_indicators_are_in_the_taxonomy(corpus_targets: pd.DataFrame) -> None:
    used = set(corpus_targets["indicator"].dropna())
    assert used <= set(ipc.taxonomy()["indicator"])


# --- supplementary rows -------------------------------------------------------------------------


def test_supplementary_rows(corpus_targets: pd.DataFrame) -> None:
    expected = pd.read_csv(data_path("sichuan_expected_indicators.csv"))
    sup = corpus_targets[corpus_targets["status"] == "supplementary"]
    assert len(sup) == len(expected) == 13
    assert set(sup["jurisdiction"]) == {"sichuan"}
    assert sup["source"].str.strip().ne("").all()
    assert sup["start"].isna().all()
    assert sup["end"].isna().all()
    assert sorted(sup["value"]) == sorted(expected["value"].astype(float))
    row = sup[(sup["subject"] == "全省发明专利申请量") & (sup["target_year"] == 2020)].iloc[0]
    assert (row["value"], row["unit_mult"], row["unit"], row["base_value"]) == (7.0, 4, "items",
                                                                               70000.0)


def test_supplementary_rows_only_for_sichuan() -> None:
    assert "supplementary" not in set(ipc.targets("wuhan")["status"])
    assert (ipc.targets("sichuan")["status"] == "supplementary").sum() == 13


# --- Nantong: the roadmap says 10 alliances where the indicator table says 6 --------------------


def test_nantong_alliance_conflict() -> None:
    t = ipc.targets("nantong")
    alliances = t[(t["indicator"] == "ip_industry_alliances") & (t["status"] != "milestone")]
    six = alliances[alliances["number_text"] == "6"]
    ten = alliances[alliances["number_text"] == "10"]
    assert len(six) == 1
    assert len(ten) == 1
    six, ten = six.iloc[0], ten.iloc[0]
    assert (six["value"], ten["value"]) == (6.0, 10.0)
    assert bool(six["conflict"]) is True
    assert bool(ten["conflict"]) is True
    # one of the two restates the other (the first statement is the table's 6个)
    assert six["status"] == "stated"
    assert ten["status"] == "restated"
    assert ten["restates"] == six["target_id"]
    assert ten["conflict_with"] == six["target_id"]


def test_no_conflict_without_disagreement(corpus_targets: pd.DataFrame) -> None:
    t = corpus_targets
    flagged = t[t["conflict"].astype(bool)]
    assert set(flagged["jurisdiction"]) == {"nantong"}
    pct = t[(t["jurisdiction"] == "nantong") & (t["indicator"] == "pct_applications")]
    assert not pct["conflict"].astype(bool).any()


# --- stable ids ---------------------------------------------------------------------------------


def test_target_ids_are_stable(corpus_targets: pd.DataFrame) -> None:
    first = build_targets(registered_documents()).table
    second = build_targets(registered_documents()).table
    assert first["target_id"].tolist() == second["target_id"].tolist()
    assert first["target_id"].tolist() == corpus_targets["target_id"].tolist()
    pd.testing.assert_frame_equal(first, second)


def test_target_id_depends_on_document_and_span() -> None:
    a = ipc.extract_targets(SHORT_PLAN, document="a")
    b = ipc.extract_targets(SHORT_PLAN, document="b")
    a2 = ipc.extract_targets(SHORT_PLAN, document="a")
    assert a["target_id"].tolist() == a2["target_id"].tolist()
    assert set(a["target_id"]).isdisjoint(b["target_id"])
    shifted = ipc.extract_targets("前言。\n" + SHORT_PLAN, document="a")
    assert set(a["target_id"]).isdisjoint(shifted["target_id"])


def test_value_is_number_as_written(corpus_targets: pd.DataFrame) -> None:
    t = corpus_targets
    wuhan_2yi = t[(t["jurisdiction"] == "wuhan") & (t["number_text"] == "2亿")]
    assert len(wuhan_2yi) == 2
    assert set(wuhan_2yi["value"]) == {2.0}
    assert set(wuhan_2yi["unit_mult"]) == {8}
    assert all(math.isclose(v, 2e8) for v in wuhan_2yi["base_value"])


def test_number_text_is_verbatim_in_traditional_text() -> None:
    text = "到2025年，全市發明專利擁有量達到3.5萬件，技術合同成交額達到20億元。"
    df = ipc.extract_targets(text)
    assert df["number_text"].tolist() == ["3.5萬", "20億"]
    for r in df.itertuples():
        assert text[r.number_start : r.number_end] == r.number_text


@pytest.mark.parametrize("text, subjects, value", [
    ("到2023年，新增国家知识产权示范企业和优势企业各20家。", ["国家知识产权示范企业", "优势企业"], 20),
    ("到2025年，建成国家级知识产权保护中心、快速维权中心各1个。",
     ["国家级知识产权保护中心", "快速维权中心"], 1),
])
def test_each_gives_every_listed_subject_the_number(text: str, subjects: list[str], value: int) -> None:
    df = ipc.extract_targets(text, document="each")
    assert df["subject"].tolist() == subjects
    assert df["value"].tolist() == [value] * len(subjects)
    # one number, one quote: both rows point at the same span of the text
    assert df["number_start"].nunique() == 1 and df["quote"].nunique() == 1
    assert all(text[r.start:r.end] == r.quote for r in df.itertuples())


def test_the_plan_period_in_parentheses_is_not_a_phase() -> None:
    # one paragraph naming the plan (2022—2024年) before its targets: targets, not milestones
    text = ("济南市近日印发《济南市知识产权运营三年行动计划（2022—2024年）》，明确到2024年全市每万人口"
            "高价值发明专利拥有量达到18件，有效发明专利拥有量突破4.5万件。")
    df = ipc.extract_targets(text, document="p")
    assert df["status"].tolist() == ["stated", "stated"]
    assert df["target_year"].tolist() == [2024, 2024]
    # a dated phase of the plan still makes its figures milestones of that year
    phase = "2.全面推进阶段（2023年1月—2023年12月）。新增知识产权示范企业10家。"
    got = ipc.extract_targets(phase, document="p", period=(2022, 2024))
    assert got[["value", "target_year", "status"]].values.tolist() == [[10.0, 2023, "milestone"]]


def test_hong_kong_dollars_and_cases() -> None:
    text = "到2029年，每年標準專利申請數目達到2.6萬宗，知識產權交易總額五年累計超過300億港元，服務機構增至600間。"
    df = ipc.extract_targets(text, document="hk")
    got = df[["value", "unit_mult", "unit", "unit_zh"]].values.tolist()
    assert got == [[2.6, 4, "items", "宗"], [300.0, 8, "HKD", "港元"], [600.0, 0, "organizations", "間"]]
