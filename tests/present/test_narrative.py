"""ipcompare.present.narrative: sentences in both languages, each number with the targets behind it."""

from __future__ import annotations

import pandas as pd
import pytest

from ipcompare.analysis.comparison import BASES
from ipcompare.api import compare
from ipcompare.present import narrative as nv

WUHAN_IPO = "53b903aa6580"  # Wuhan: 全市发明专利拥有量突破45000件 (2020)
SICHUAN_IPO_2020 = "b5e40e4cb2ea"  # Sichuan's expected indicator: 每万人发明专利拥有量 7.5件 (2020)
IPO = "invention_patents_owned"


@pytest.fixture(scope="module")
def per10k() -> pd.DataFrame:
    return compare(IPO, basis="per_10k_residents", long=True)


def row(long: pd.DataFrame, jurisdiction: str, indicator: str = IPO) -> pd.Series:
    return long[(long["jurisdiction"] == jurisdiction) & (long["indicator"] == indicator)].iloc[0]


# --- numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "lang", "derived", "text"),
    [
        (45000, "en", False, "45,000"),
        (45000, "zh", False, "4.5万"),
        (12345, "zh", False, "12345"),          # not exact in 万 to two decimals: all digits
        (200000000, "en", False, "200 million"),
        (200000000, "zh", False, "2亿"),
        (2500, "zh", False, "2500"),
        (7.5, "en", False, "7.5"),
        (40.6100532, "en", True, "40.6"),       # three significant digits
        (40.6100532, "zh", True, "40.6"),
        (21930, "en", True, "21,930"),          # whole numbers from 1,000 up
        (21930, "zh", True, "2.19万"),
        (1367989.06, "en", True, "1.37 million"),
        (0.0090245, "en", True, "0.00902"),
        (72.80000000000001, "en", True, "72.8"),
        (float("nan"), "en", False, "NA"),
    ],
)
def test_format_number(x, lang, derived, text) -> None:
    assert nv.format_number(x, lang, derived=derived) == text


def test_quantity_phrases() -> None:
    assert nv.quantity(45000, "items", "en", comparator=">=") == ("at least 45,000", "45,000")
    assert nv.quantity(45000, "items", "zh", comparator=">=") == ("不少于4.5万件", "4.5万")
    assert nv.quantity(40.61, "items per 10k residents", "en", derived=True) == (
        "about 40.6 per 10,000 residents", "40.6")
    assert nv.quantity(40.61, "items per 10k residents", "zh", derived=True) == ("每万人约40.6件", "40.6")
    assert nv.quantity(20, "percent per year", "en", comparator=">=")[0] == "at least 20% a year"
    assert nv.quantity(20, "percent per year", "zh", comparator=">=")[0] == "年均增长不少于20%"
    assert nv.quantity(3, "organizations", "en", value_high=5, comparator="range") == (
        "3–5 organizations", "3–5")
    assert nv.quantity(2e8, "CNY", "en")[0] == "200 million yuan"
    assert nv.quantity(1, "ratio", "en", value_high=2)[0] == "a ratio of 1:2"
    assert nv.quantity(625, "items per year", "zh", derived=True)[0] == "每年约625件"


def test_names() -> None:
    assert nv.jurisdiction_name("wuhan", "zh") == "武汉市"
    assert nv.jurisdiction_name("wuhan", "en") == "Wuhan"
    assert nv.jurisdiction_name("synthetic_0001", "en") == "synthetic_0001"
    assert nv.indicator_name(IPO, "en") == "invention patents in force"
    assert nv.indicator_name(IPO, "zh") == "发明专利拥有量"
    assert nv.indicator_name("pct_applications", "en") == "PCT international patent applications"
    assert nv.category_name("creation", "en") == "creation"
    with pytest.raises(ValueError, match="lang"):
        nv.jurisdiction_name("wuhan", "fr")


# --- headline ----------------------------------------------------------------------------------


def test_headline_wuhan_per_10k_both_languages(per10k: pd.DataFrame) -> None:
    en = nv.headline(row(per10k, "wuhan"), "en")
    assert en.text == (
        "Wuhan's target of at least 45,000 for invention patents in force by 2020 is "
        "about 40.6 per 10,000 residents at the 2018 population."
    )
    assert [n.text for n in en.numbers] == ["45,000", "40.6"]
    assert [n.value for n in en.numbers] == [45000.0, pytest.approx(40.6100532, abs=1e-6)]
    assert all(n.target_ids == (WUHAN_IPO,) for n in en.numbers)
    assert "45000" in en.numbers[0].quote and "1108.10" in en.numbers[1].method
    zh = nv.headline(row(per10k, "wuhan"), "zh")
    assert zh.text == (
        "武汉市提出到2020年发明专利拥有量不少于4.5万件，按2018年常住人口计，相当于每万人约40.6件。"
    )
    assert [(n.text, n.target_ids) for n in zh.numbers] == [
        ("4.5万", (WUHAN_IPO,)), ("40.6", (WUHAN_IPO,))]
    assert zh.lang == "zh" and str(zh) == zh.text


def test_headline_supplementary_and_empty_cells(per10k: pd.DataFrame) -> None:
    en = nv.headline(row(per10k, "sichuan"), "en")
    assert en.text == (
        "Sichuan's expected value for invention patents in force is 7.5 per 10,000 residents by "
        "2020, reported by a reference source (press report of the plan's 预期指标); it is not a "
        "target in the plan text."
    )
    assert en.numbers[0].target_ids == (SICHUAN_IPO_2020,)
    zh = nv.headline(row(per10k, "sichuan"), "zh")
    assert zh.text == ("据参考来源（press report of the plan's 预期指标），四川省到2020年发明专利拥有量的"
                       "预期值为每万人7.5件（非规划原文目标）。")
    ns = nv.headline(row(per10k, "shijiazhuang"), "en")
    assert (ns.text, ns.numbers) == ("Shijiazhuang sets no target for invention patents in force.", [])
    assert nv.headline(row(per10k, "shijiazhuang"), "zh").text == "石家庄市未设定发明专利拥有量目标。"
    with pytest.warns(UserWarning):
        out = compare(IPO, ["xian"], long=True)
    assert nv.headline(out.iloc[0], "en").text == "xian has no plan in the corpus."


def test_headline_per_year_growth_and_not_convertible() -> None:
    py = compare("pct_applications", basis="per_year", long=True)
    s = nv.headline(row(py, "nantong", "pct_applications"), "en")
    assert s.text == (
        "Nantong's target of 2,500 for PCT international patent applications by 2020 is about "
        "625 a year spread evenly over the 4 plan years 2017–2020."
    )
    assert nv.headline(row(py, "nantong", "pct_applications"), "zh").text == (
        "南通市提出到2020年PCT国际专利申请量达到2500件，按2017—2020年共4年平均，相当于每年约625件。"
    )
    w = nv.headline(row(py, "wuhan", "pct_applications"), "en")
    assert w.text == (  # Wuhan's ≥10 PCT is a condition on each portfolio: no city target,
        # but the plan states the broader foreign-related applications (2000), so not "no target"
        "Wuhan sets no separate target for PCT international patent applications; it states the "
        "broader foreign-related patent applications instead."
    )
    gr = compare("ip_pledge_financing", basis="cumulative_growth", long=True)
    g = nv.headline(row(gr, "wuhan", "ip_pledge_financing"), "en")
    assert g.text == (
        "Wuhan's target of at least 20% a year for IP pledge financing by 2020 is about 72.8% "
        "in total compounded over the 3 plan years 2018–2020."
    )
    assert [n.text for n in g.numbers] == ["20", "72.8"]


@pytest.mark.parametrize("basis", list(BASES))
def test_every_number_is_shown_and_sourced(basis: str) -> None:
    long = compare(basis=basis, long=True)
    for lang in nv.LANGS:
        for s in nv.headline(long, lang):
            for n in s.numbers:
                assert n.text in s.text
                assert n.target_ids and n.quote and n.method


# --- rank ----------------------------------------------------------------------------------------


def test_rank_per_10k_invention_patents(per10k: pd.DataFrame) -> None:
    en = nv.rank_sentence(IPO, "per_10k_residents", "en", long=per10k)
    assert en.text == (
        "Of the 4 plans with a figure for invention patents in force as a stock to reach per "
        "10,000 residents (per 10,000 residents; 1 of them an expected value reported by a "
        "reference source, not a target in the plan text), Wuhan has the highest (about 40.6 per "
        "10,000 residents) and Sichuan [reported expected value] the lowest (7.5 per 10,000 "
        "residents). Converted per-resident figures use the population of 2018. This sets a "
        "province (Sichuan [reported expected value]) against cities (Wuhan, Nantong and Qingdao)."
    )
    n, _sup, top, bottom = en.numbers
    assert (n.text, len(n.target_ids)) == ("4", 4)
    assert (top.text, top.target_ids) == ("40.6", (WUHAN_IPO,))
    assert (bottom.text, bottom.target_ids) == ("7.5", (SICHUAN_IPO_2020,))
    zh = nv.rank_sentence(IPO, "per_10k_residents", "zh", long=per10k)
    assert zh.text == (
        "在以每万人存量口径给出发明专利拥有量数值的4个规划中（按每万人口径；其中1个为参考来源报告的"
        "预期值，非规划原文目标），武汉市最高（每万人约40.6件），四川省（报告的预期值）最低（每万人7.5件）。"
        "换算的每万人数值按2018年常住人口计算。此处将省级规划（四川省（报告的预期值））与市级规划"
        "（武汉市、南通市和青岛市）同列比较。"
    )
    # the corpus default gives the same sentence
    assert nv.rank_sentence(IPO, "per_10k_residents", "en").text == en.text


def _long(rows: list[tuple]) -> pd.DataFrame:
    cols = ["jurisdiction", "state", "value", "unit", "kind", "target_ids"]
    df = pd.DataFrame(rows, columns=cols)
    return df.assign(indicator=IPO, basis="as_stated", comparator="=", derived=False,
                     supplementary=False, source_quote="q", method="m", value_high=float("nan"))


def test_rank_ties_one_none_and_other_footings() -> None:
    tie = _long([("wuhan", "stated", 5.0, "items", "stock", "t1"),
                 ("nantong", "stated", 5.0, "items", "stock", "t2"),
                 ("qingdao", "stated", 3.0, "items", "stock", "t3"),
                 ("sichuan", "stated", 9.0, "items per year", "flow", "t4"),
                 ("shijiazhuang", "not_convertible", float("nan"), "percent", "share", "t5")])
    s = nv.rank_sentence(IPO, lang="en", long=tie)
    assert s.text == (
        "Of the 3 plans with a figure for invention patents in force as a stock to reach (as "
        "stated), Wuhan and Nantong have the highest (5) and Qingdao the lowest (3). 2 more state "
        "it on another footing: 1 as a yearly flow (Sichuan); 1 as a share, which cannot be put as "
        "stated (Shijiazhuang)."
    )
    assert [n.text for n in s.numbers] == ["3", "5", "3", "2", "1", "1"]
    zh = nv.rank_sentence(IPO, lang="zh", long=tie)
    assert zh.text == (
        "在以存量口径给出发明专利拥有量数值的3个规划中（按原文口径），武汉市和南通市最高（5件），青岛市最低（3件）。"
        "另有2个规划口径不同：1个为年度流量（四川省）；1个为占比，无法按原文口径比较（石家庄市）。"
    )
    two = [n for n in zh.numbers if n.text == "2"][0]
    assert set(two.target_ids) == {"t4", "t5"}
    one = nv.rank_sentence(IPO, lang="en", long=tie.iloc[[0]])
    assert one.text == "Wuhan sets a target for invention patents in force as a stock to reach (as stated): 5."
    none = nv.rank_sentence(IPO, lang="en", long=tie.iloc[[4]])
    assert none.text == (
        "No plan's figure for invention patents in force can be put as stated. 1 more states it on "
        "another footing: 1 as a share, which cannot be put as stated (Shijiazhuang)."
    )
    equal = nv.rank_sentence(IPO, lang="en", long=tie.iloc[[0, 1]])
    assert equal.text == (
        "The 2 plans with a figure for invention patents in force as a stock to reach (as stated) "
        "state the same: 5."
    )


# --- coverage and missing --------------------------------------------------------------------------


def test_coverage_sentence_tiny_tables() -> None:
    targets = pd.DataFrame({
        "target_id": ["t1", "t2", "t3", "t4"],
        "jurisdiction": ["a", "a", "a", "b"],
        "status": ["stated", "supplementary", "restated", "stated"],
        "category": ["creation", "finance", "finance", "talent"],
    })
    measures = pd.DataFrame({
        "action_id": ["m1", "m2", "m3"],
        "jurisdiction": ["a", "a", "b"],
        "categories": ["finance|creation", "finance", "other"],
    })
    s = nv.coverage_sentence("a", "en", targets=targets, actions=measures)
    # a: targets t1 (creation), t2 (finance, supplementary); measures m1 (finance, creation), m2
    # (finance): creation 2, finance 3 → finance
    assert s.text == (
        "a's plan sets 2 quantitative targets (1 of them supplementary: a reference source, not "
        "the plan text) and 2 actions (task items); most concern finance (3)."
    )
    assert [(n.text, n.target_ids, n.action_ids) for n in s.numbers] == [
        ("2", ("t1", "t2"), ()), ("1", ("t2",), ()), ("2", (), ("m1", "m2")),
        ("3", ("t2",), ("m1", "m2")),
    ]
    zh = nv.coverage_sentence("b", "zh", targets=targets)
    assert zh.text == "b规划设定了1项量化目标，其中人才类最多（1项）。"
    empty = nv.coverage_sentence("c", "en", targets=targets)
    assert empty.text == "c's plan sets no quantitative targets."


def test_coverage_sentence_corpus() -> None:
    s = nv.coverage_sentence("sichuan", "en")
    assert s.text.startswith("Sichuan's plan sets ")
    assert "of them supplementary" in s.text
    for n in s.numbers:
        assert n.text in s.text and (n.target_ids or n.action_ids)


def test_missing_sentence() -> None:
    long = _long([("wuhan", "stated", 5.0, "items", "stock", "t1"),
                  ("nantong", "not_stated", float("nan"), None, None, "")])
    long = pd.concat([long, long.assign(indicator="pct_applications")], ignore_index=True)
    s = nv.missing_sentence("nantong", "en", long=long)
    assert s.text == (
        "Nantong sets no target for 2 indicators that other plans set targets for: invention "
        "patents in force, PCT international patent applications."
    )
    assert s.numbers[0].text == "2" and s.numbers[0].target_ids == ("t1", "t1")
    assert nv.missing_sentence("nantong", "zh", long=long, limit=1).text == (
        "南通市未设定其他规划提出的2项指标目标：发明专利拥有量等2项。")
    assert nv.missing_sentence("wuhan", "en", long=long).text == (
        "Wuhan sets a target for every indicator that another plan sets a target for.")
    assert nv.missing_sentence("xian", "en", long=long).text == "xian has no plan in the corpus."


def test_templates_are_complete_and_checked() -> None:
    nv.check_templates(nv.load_templates())
    with pytest.raises(ValueError, match="rank.many has no string for \\['zh'\\]"):
        nv.check_templates({"rank": {"many": {"en": "x"}}})
