"""Every sentence template against rows that would make its naive sentence false.

Each case builds a small compare_long table by hand (with the cell columns ``status``,
``conflict``, ``conflict_with``, ``target_year``, ``population_year``), a registry and a targets
table, and checks the sentence in both languages says what is true: footing counts, years,
"expected", "1∶2", no "highest" where the order does not hold, no "sets no target" where the
text has a gap or a broader/narrower target is stated.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ipcompare.present import narrative as nv

IND = "copyright_registrations"
REG = pd.DataFrame({
    "jurisdiction": ["a", "b", "c", "p"],
    "name_en": ["Acity", "Bcity", "Ccity", "Prov"],
    "name_zh": ["甲市", "乙市", "丙市", "丁省"],
    "level": ["city", "city", "city", "province"],
    "text_gaps": ["", "", "", "the plan's table of expected indicators"],
    "text_gaps_zh": ["", "", "", "规划的预期指标表"],
})
TARGETS = pd.DataFrame({
    "target_id": ["ta", "tb", "tb2", "tr", "tn"],
    "jurisdiction": ["a", "b", "b", "a", "c"],
    "indicator": [IND, IND, IND, "ip_special_funds", "works_copyright_registrations"],
    "status": ["stated", "stated", "stated", "stated", "stated"],
    "number_text": ["5", "6", "10", "1∶2", "3"],
    "base_value": [5.0, 6.0, 10.0, 2.0, 3.0],
    "unit": ["items", "items", "items", "ratio", "items"],
    "comparator": ["=", "=", "=", "=", "="],
})


def cell(j: str, value: float = math.nan, *, state: str = "stated", unit: str = "items", kind: str = "stock",
         comparator: str = "=", high: float = math.nan, year: int = 2020, ids: str = "",
         stated: float | None = None, derived: bool = False, supplementary: bool = False,
         conflict: bool = False, conflict_with: str = "", indicator: str = IND,
         basis: str = "as_stated", source: str = "text", measure: str = "level") -> dict:
    return dict(
        indicator=indicator, jurisdiction=j, state=state, value=value, value_high=high, unit=unit,
        basis=basis, measure=measure, kind=kind, derived=derived, comparator=comparator,
        target_year=year, method="m", target_ids=ids or f"t{j}", other_target_ids="",
        supplementary=supplementary, source_quote="q", source=source,
        stated_value=value if stated is None else stated, stated_value_high=high,
        stated_unit="items" if unit != "ratio" else "ratio", population_10k=100.0,
        population_year=2018, period_start=2017, period_end=year,
        status="supplementary" if supplementary else "stated", conflict=conflict,
        conflict_with=conflict_with,
    )


def long(*cells: dict) -> pd.DataFrame:
    return pd.DataFrame(list(cells))


def rank(table: pd.DataFrame, lang: str, basis: str = "as_stated", indicator: str = IND) -> str:
    table = table.assign(basis=basis)
    return nv.rank_sentence(indicator, basis, lang, long=table, registry=REG, targets=TARGETS).text


def both(table: pd.DataFrame, basis: str = "as_stated", indicator: str = IND) -> tuple[str, str]:
    return rank(table, "en", basis, indicator), rank(table, "zh", basis, indicator)


# --- rank.one / rank.others: other plans on another footing ------------------------------------


def test_one_plan_on_its_footing_never_says_only_and_counts_the_others() -> None:
    # the defining measure of the indicator is a yearly flow: a is ranked, though b and c are more
    t = long(cell("a", 5, unit="items per year", kind="flow"), cell("b", 7), cell("c", 9),
             cell("p", state="not_convertible", unit="percent", kind="share"))
    en, zh = both(t)
    assert en.startswith("Acity sets a target for copyright registrations, works and software "
                         "together as a yearly flow (as stated): 5 a year.")
    assert "Only" not in en and "仅" not in zh
    assert "2 as a stock to reach (Bcity and Ccity)" in en and "2个为存量（乙市和丙市）" in zh
    assert "1 as a share, which cannot be put as stated (Prov)" in en
    assert "3 more state it on another footing" in en and "另有3个规划口径不同" in zh


def test_rank_none_names_the_footings_of_plans_that_cannot_be_converted() -> None:
    t = long(cell("a", state="not_convertible"), cell("b", state="not_convertible"))
    en, zh = both(t, "per_year")
    assert en.startswith("No plan's figure for") and "set a target" not in en
    assert "2 as a stock to reach, which cannot be put per year (Acity and Bcity)" in en
    assert "2个为存量，无法按每年口径比较" in zh


# --- rank.many / top_only / bottom_only / unordered: floors and ranges ---------------------------


def test_floor_against_point_is_not_ranked() -> None:
    en, zh = both(long(cell("a", 6), cell("b", 5, comparator=">=")))
    assert "highest" not in en and "lowest" not in en and "最高" not in zh and "最低" not in zh
    assert "cannot be ranked" in en and "Acity 6" in en and "Bcity at least 5" in en
    assert "无法排序" in zh


def test_range_overlapping_a_point_is_not_ranked() -> None:
    en, zh = both(long(cell("a", 12.5), cell("b", 6.67, comparator="range", high=13.3)))
    assert "highest" not in en and "最高" not in zh
    assert "6.67–13.3" in en and "6.67—13.3" in zh


def test_floors_ordered_at_both_ends_and_ranges_below_a_point_are_ranked() -> None:
    en, zh = both(long(cell("a", 10, comparator=">="), cell("b", 5, comparator=">=")))
    assert "Acity has the highest (at least 10) and Bcity the lowest (at least 5)" in en
    assert "甲市最高（不少于10件），乙市最低（不少于5件）" in zh
    en, _ = both(long(cell("a", 50), cell("b", 20, comparator="range", high=40)))
    assert "Acity has the highest (50) and Bcity the lowest (20–40)" in en


def test_only_one_end_holds() -> None:
    en, zh = both(long(cell("a", 100), cell("b", 6), cell("c", 5, comparator=">=")))
    # a is above both at both ends? c is a floor: a is not above c's open upper end
    assert "Acity has the highest" not in en
    en, zh = both(long(cell("a", 100, comparator=">="), cell("b", 6), cell("c", 5, comparator=">=")))
    assert "Acity has the highest" in en and "the others cannot be ordered" in en
    assert "甲市最高；其余规划" in zh


# --- rank.equal / equal_stated: same stated figure, different denominators --------------------------


def test_equal_as_stated_is_not_a_rank() -> None:
    t = long(cell("a", 2.74, stated=3000, derived=True, unit="organizations per 10k residents"),
             cell("b", 2.71, stated=3000, derived=True, unit="organizations per 10k residents"))
    en, zh = both(t, "per_10k_residents")
    assert "highest" not in en and "最高" not in zh
    assert "equal as stated (3,000)" in en and "原文数值相同（3000件）" in zh
    assert "only through the population" in en and "population of 2018" in en
    assert "2018年常住人口" in zh


def test_equal_points() -> None:
    en, zh = both(long(cell("a", 5), cell("b", 5)))
    assert "state the same: 5" in en and "数值相同：5件" in zh


# --- notes: target years, conflicts, populations and levels ------------------------------------------


def test_target_years_that_differ_are_said() -> None:
    en, zh = both(long(cell("a", 10, year=2020), cell("b", 5, year=2021)))
    assert "Target years differ: 2020 (Acity); 2021 (Bcity)" in en
    assert "目标年份不同：2020年（甲市）；2021年（乙市）" in zh


def test_conflicting_restatement_is_shown_with_its_value() -> None:
    en, zh = both(long(cell("b", 6, ids="tb", conflict=True, conflict_with="tb2"), cell("a", 5, ids="ta")))
    assert "Bcity's plan also states 10 for it elsewhere" in en
    assert "乙市规划另处所述数值不同（10件）" in zh
    # a table without the column reads as not in conflict
    en, _ = both(long(cell("b", 6), cell("a", 5)).drop(columns=["conflict", "conflict_with"]))
    assert "elsewhere" not in en


def test_province_against_cities_per_resident() -> None:
    u = "items per 10k residents"
    t = long(cell("a", 40.6, derived=True, unit=u, stated=45000), cell("p", 7.5, unit=u, measure="per_capita"))
    en, zh = both(t, "per_10k_residents")
    assert "population of 2018" in en and "a province (Prov) against a city (Acity)" in en
    assert "省级规划（丁省）与市级规划（甲市）同列比较" in zh


# --- supplementary --------------------------------------------------------------------------------


def test_supplementary_is_an_expected_value_everywhere() -> None:
    t = long(cell("a", 40), cell("p", 7.5, supplementary=True, source="press report (x.com)"))
    en, zh = both(t)
    assert "1 of them an expected value reported by a reference source" in en
    assert "Prov [reported expected value]" in en and "预期值" in zh
    one_en, one_zh = both(t.iloc[[1]])
    assert "sets a target" not in one_en and "expected value" in one_en
    assert "提出" not in one_zh and "预期值" in one_zh
    for lang in ("en", "zh"):
        h = nv.headline(t.iloc[1], lang, registry=REG, targets=TARGETS).text
        assert "sets a target" not in h and "提出" not in h
        assert ("expected value" in h and "press report" in h) if lang == "en" else "预期值" in h


# --- ratios -----------------------------------------------------------------------------------------


def test_ratio_as_written() -> None:
    r = cell("a", 2, unit="ratio", kind="ratio", ids="tr", indicator="ip_special_funds", measure="ratio")
    t = long(r, cell("b", 1, unit="ratio", kind="ratio", ids="x", indicator="ip_special_funds",
                     measure="ratio"))
    t.loc[1, "source_quote"] = "市财政按照1∶1的比例配套资金"
    en, zh = both(t, indicator="ip_special_funds")
    assert "1∶2" in en and "1∶1" in en and "1∶2" in zh
    assert "ratio of 2)" not in en
    h = nv.headline(t.iloc[0], "zh", registry=REG, targets=TARGETS).text
    assert "按1∶2的比例" in h and "达到2的比例" not in h


# --- headline.not_stated / not_found_gap / related ------------------------------------------------


def test_no_target_only_where_absence_is_known() -> None:
    t = long(cell("a", 5), cell("p", state="not_stated"), cell("c", state="not_stated"),
             cell("b", state="not_stated"))
    p_en = nv.headline(t.iloc[1], "en", registry=REG, targets=TARGETS).text
    p_zh = nv.headline(t.iloc[1], "zh", registry=REG, targets=TARGETS).text
    assert "sets no target" not in p_en and "lacks the plan's table of expected indicators" in p_en
    assert "未设定" not in p_zh and "缺少规划的预期指标表" in p_zh
    c_en = nv.headline(t.iloc[2], "en", registry=REG, targets=TARGETS).text
    assert "no separate target" in c_en and "the narrower copyright registrations of works" in c_en
    assert "更窄口径" in nv.headline(t.iloc[2], "zh", registry=REG, targets=TARGETS).text
    b = TARGETS[TARGETS["jurisdiction"] != "b"]
    assert nv.headline(t.iloc[3], "en", registry=REG, targets=b).text == (
        "Bcity sets no target for copyright registrations, works and software together.")


# --- missing ----------------------------------------------------------------------------------------


def test_missing_sentence_gap_related_and_supplementary() -> None:
    t = long(cell("a", 5), cell("p", state="not_stated"), cell("c", state="not_stated"),
             cell("a", 5, indicator="pct_applications"), cell("p", state="not_stated", indicator="pct_applications"),
             cell("c", state="not_stated", indicator="pct_applications"),
             cell("p", 3, supplementary=True, indicator="plant_variety_rights"),
             cell("c", state="not_stated", indicator="plant_variety_rights"))
    p_en = nv.missing_sentence("p", "en", long=t, registry=REG, targets=TARGETS).text
    assert "sets no target" not in p_en and "not found in Prov's captured text, which lacks" in p_en
    assert "未设定" not in nv.missing_sentence("p", "zh", long=t, registry=REG, targets=TARGETS).text
    c_en = nv.missing_sentence("c", "en", long=t, registry=REG, targets=TARGETS).text
    # copyright: c states the narrower works registrations; plant varieties: only a supplementary figure
    assert "Ccity sets no target for 1 indicators" in c_en and "PCT" in c_en
    assert "For 1 more it states a broader or narrower target" in c_en
    assert "plant variety" not in c_en
    # names with their own commas are listed with semicolons
    assert "copyright registrations, works and software together (the narrower" in c_en


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_rank_template_is_reached(lang: str) -> None:
    """The cases above reach every rank template; each is filled without a stray brace."""
    tables = [
        long(cell("a", 5)), long(cell("a", state="not_convertible")),
        long(cell("a", 6), cell("b", 5, comparator=">=")), long(cell("a", 5), cell("b", 5)),
        long(cell("a", 10), cell("b", 5)),
        long(cell("a", 100, comparator=">="), cell("b", 6), cell("c", 5, comparator=">=")),
        long(cell("a", 1), cell("b", 6), cell("c", 5, comparator=">=")),
        long(cell("p", 7.5, supplementary=True)),
    ]
    for t in tables:
        text = rank(t, lang)
        assert "{" not in text and "}" not in text


def test_every_kind_of_cell_has_a_footing_in_both_languages() -> None:
    from ipcompare.analysis.conversion import KIND
    from ipcompare.present.templates import load_templates

    footings = load_templates()["footings"]
    kinds = set(KIND.values()) | {"growth_total"}
    assert kinds <= set(footings), sorted(kinds - set(footings))
    assert all(footings[k]["en"] and footings[k]["zh"] for k in kinds)
