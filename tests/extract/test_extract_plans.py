"""Hand-checked targets of the five corpus plans.

Each case names a short verbatim snippet of a plan with the number token in brackets
(``分别突破[45000]件``). The snippet must occur exactly once in the decoded text; the row whose
``number_start`` is the bracketed token's offset must carry the expected fields. Every expectation
was read off the text by hand (and cross-checked against tests/fixtures/gold/*.csv).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

FIELDS = ("value", "value_high", "unit_mult", "unit", "comparator", "measure", "target_year",
          "status")



def locate(text: str, marked: str) -> tuple[int, int, str]:
    """Return (start, end, token) of the bracketed token of a snippet that occurs once in text."""
    before, rest = marked.split("[", 1)
    token, after = rest.split("]", 1)
    snippet = before + token + after
    at = text.find(snippet)
    assert at >= 0, f"snippet not in text: {snippet!r}"
    assert text.find(snippet, at + 1) == -1, f"snippet not unique: {snippet!r}"
    start = at + len(before)
    assert text[start : start + len(token)] == token
    return start, start + len(token), token


def rows_at(table: pd.DataFrame, jurisdiction: str, start: int) -> pd.DataFrame:
    """The extracted rows of a jurisdiction whose number starts at ``start``."""
    t = table[(table["jurisdiction"] == jurisdiction) & (table["status"] != "supplementary")]
    return t[t["number_start"].astype(int) == start]


def _plain(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return float(value)
    if hasattr(value, "item"):
        return value.item()
    return value


def fields_of(row: pd.Series, keys: list[str]) -> dict:
    """The given fields of a row as plain Python values (NA → None)."""
    out = {}
    for k in keys:
        v = _plain(row[k])
        if k in ("value", "value_high") and v is not None:
            v = float(v)
        if k in ("unit_mult", "target_year") and v is not None:
            v = int(v)
        out[k] = v
    return out


def T(value, unit, comparator, measure, target_year, status="stated", *, value_high=None,
      unit_mult=0, indicator="-") -> dict:
    """An expected row (indicator '-' means: do not check the indicator)."""
    exp = {"value": float(value), "value_high": None if value_high is None else float(value_high),
           "unit_mult": unit_mult, "unit": unit, "comparator": comparator, "measure": measure,
           "target_year": target_year, "status": status}
    if indicator != "-":
        exp["indicator"] = indicator
    return exp


SINGLE = [
    # --- Wuhan (period 2018–2020) ---------------------------------------------------------------
    pytest.param("wuhan", "涉外专利申请量分别突破[45000]件和2000件",
                 T(45000, "items", ">=", "level", 2020, indicator="invention_patents_owned"),
                 id="wuhan-fenbie-45000"),
    pytest.param("wuhan", "涉外专利申请量分别突破45000件和[2000]件",
                 T(2000, "items", ">=", "level", 2020,
                   indicator="foreign_related_patent_applications"),
                 id="wuhan-fenbie-2000"),
    pytest.param("wuhan", "培育[1—3]家知识产权特色小镇",
                 T(1, "organizations", "range", "new", 2020, value_high=3), id="wuhan-range-1-3"),
    pytest.param("wuhan", "培育[20—40]个高价值专利育成中心",
                 T(20, "items", "range", "new", 2020, value_high=40,
                   indicator="high_value_patent_centres"), id="wuhan-range-20-40"),
    pytest.param("wuhan", "共同投入[2亿]元资金作为引导基金",
                 T(2, "CNY", "=", "level", 2020, unit_mult=8), id="wuhan-2yi"),
    pytest.param("wuhan", "设立规模不低于[2000万]元的知识产权(专利)质押融资风险补偿专项资金",
                 T(2000, "CNY", ">=", "level", 2020, unit_mult=4), id="wuhan-2000wan"),
    pytest.param("wuhan", "拥有[20万]件有效注册商标",
                 T(20, "items", "=", "level", 2020, unit_mult=4, indicator="valid_trademarks"),
                 id="wuhan-20wan-trademarks"),
    pytest.param("wuhan", "知识产权保护工作社会满意度达到[80]分以上",
                 T(80, "points", ">=", "score", 2020, indicator="ip_protection_satisfaction"),
                 id="wuhan-score"),
    pytest.param("wuhan", "每年为[200]家以上企业提供知识产权维权援助服务",
                 T(200, "organizations", ">=", "per_year", 2020), id="wuhan-per-year"),
    pytest.param("wuhan", "结案率达到[100]%",
                 T(100, "percent", "=", "share", 2020,
                   indicator="enforcement_case_closing_on_time_rate"), id="wuhan-share"),
    pytest.param("wuhan", "市财政按照[1∶1]的比例配套资金",
                 T(1, "ratio", "=", "ratio", 2020), id="wuhan-ratio-1-1"),
    # --- Shijiazhuang (2019–2021) ---------------------------------------------------------------
    pytest.param("shijiazhuang", "知识产权服务机构达到[100]家",
                 T(100, "organizations", "=", "level", 2021, indicator="ip_service_institutions"),
                 id="shijiazhuang-100-institutions"),
    pytest.param("shijiazhuang", "地理标志商标年申报量达到[3]件以上",
                 T(3, "items", ">=", "per_year", 2021, indicator="geographical_indications"),
                 id="shijiazhuang-per-year"),
    pytest.param("shijiazhuang", "中国驰名商标达到[60]件",
                 T(60, "items", "=", "level", 2021, indicator="well_known_trademarks"),
                 id="shijiazhuang-well-known"),
    pytest.param("shijiazhuang", "3年累计地方财政投入知识产权专项资金不低于[3亿]元",
                 T(3, "CNY", ">=", "cumulative", 2021, unit_mult=8),
                 id="shijiazhuang-cumulative-3yi"),
    pytest.param("shijiazhuang", "每年组织不少于[5]批次",
                 T(5, "batches", ">=", "per_year", 2021), id="shijiazhuang-batches"),
    pytest.param("shijiazhuang", "率先建设[5000]平米的知识产权运营服务聚集区",
                 T(5000, "m2", "=", "level", 2021), id="shijiazhuang-m2"),
    pytest.param("shijiazhuang", "每个主城区至少建设[一]个专业化特色鲜明的知识产权公共服务平台",
                 T(1, "items", ">=", "new", 2021), id="shijiazhuang-chinese-numeral"),
    pytest.param("shijiazhuang", "按照[1∶2]的比例安排地方支持资金",
                 T(2, "ratio", "=", "ratio", 2021), id="shijiazhuang-ratio-1-2"),
    # --- Sichuan (2016–2020): the text states one number; see test_sichuan_* below -------------
    # --- Nantong (2017–2020) --------------------------------------------------------------------
    pytest.param("nantong", "第一方阵,万人发明专利拥有量达[30]件",
                 T(30, "items", "=", "per_capita", 2020, indicator="invention_patents_owned"),
                 id="nantong-per-capita-30"),
    pytest.param("nantong", "PCT专利申请量累计达到[2500]件,马德里",
                 T(2500, "items", "=", "cumulative", 2020, indicator="pct_applications"),
                 id="nantong-pct-2500"),
    pytest.param("nantong", "600件\n\n[1300]件\n\n1900件",
                 T(1300, "items", "=", "cumulative", 2018, "milestone",
                   indicator="pct_applications"), id="nantong-pct-milestone-2018"),
    pytest.param("nantong", "区域示范。\n\n[40]%\n\n50%",
                 T(40, "percent", "=", "share", 2017, "milestone"),
                 id="nantong-milestone-2017-percent"),
    pytest.param("nantong", "案件结案率达到[95]%以上",
                 T(95, "percent", ">=", "share", 2020), id="nantong-share-95"),
    pytest.param("nantong", "全社会知识产权认知度超过[75]%",
                 T(75, "percent", ">=", "share", 2020, indicator="ip_public_awareness"),
                 id="nantong-awareness"),
    pytest.param("nantong", "服务业营收年均增长[30]%以上",
                 T(30, "percent", ">=", "annual_growth", 2020, indicator="ip_services_revenue"),
                 id="nantong-annual-growth"),
    pytest.param("nantong", "事业编制10人扩大到[20]人以上",
                 T(20, "people", ">=", "level", 2020), id="nantong-20-not-baseline"),
    pytest.param("nantong", "各类知识产权工程师[1000]人以上",
                 T(1000, "people", ">=", "level", 2020, indicator="ip_engineers"),  # roadmap 500→1000: a stock
                 id="nantong-engineers"),
    pytest.param("nantong", "[70]%的县(市)区入选国家强县工程示范",
                 T(70, "percent", "=", "share", 2020), id="nantong-70-percent"),
    # --- Qingdao (2017–2020) --------------------------------------------------------------------
    pytest.param("qingdao", "国家标准认证的企事业单位达到[60]家以上",
                 T(60, "organizations", ">=", "level", 2020,
                   indicator="ip_standard_certified_entities"), id="qingdao-60"),
    pytest.param("qingdao", "每万人有效发明专利拥有量达到[25]件以上",
                 T(25, "items", ">=", "per_capita", 2020, indicator="invention_patents_owned"),
                 id="qingdao-per-capita"),
    pytest.param("qingdao", "年均专利合作条约(PCT)国际申请量达到[900]件以上",
                 T(900, "items", ">=", "per_year", 2020, indicator="pct_applications"),
                 id="qingdao-pct-per-year"),
    pytest.param("qingdao", "知识产权交易额累计达到[10亿]元以上",
                 T(10, "CNY", ">=", "cumulative", 2020, unit_mult=8, indicator="ip_transaction_value"),
                 id="qingdao-10yi"),
    pytest.param("qingdao", "培养企事业单位知识产权管理人才[1.2万]人以上",
                 T(1.2, "people", ">=", "new", 2020, unit_mult=4,
                   indicator="ip_management_talent"), id="qingdao-1.2wan"),
    pytest.param("qingdao", "知识产权服务业人才[3千]人以上",
                 T(3, "people", ">=", "new", 2020, unit_mult=3, indicator="ip_service_talent"),
                 id="qingdao-3qian"),
    pytest.param("qingdao", "首期设立[1亿]元专利运营引导资金",
                 T(1, "CNY", "=", "level", 2020, unit_mult=8), id="qingdao-1yi-fund"),
    pytest.param("qingdao", "累计引进、培育知识产权服务机构[150]家左右",
                 T(150, "organizations", "approx", "level", 2018, "milestone",  # step of a stock
                   indicator="ip_service_institutions"), id="qingdao-phase-150-2018"),
    pytest.param("qingdao", "累计引进知识产权服务机构[100]家左右",
                 T(100, "organizations", "approx", "level", 2017, "milestone"),  # step of a stock
                 id="qingdao-phase-100-2017"),
    pytest.param("qingdao", "推进[1至2]个专利导航产业发展实验区建设",
                 T(1, "items", "range", "new", 2020, "milestone", value_high=2),
                 id="qingdao-range-1-2-phase"),
    pytest.param("qingdao", "3年累计培训[1万]人以上",
                 T(1, "people", ">=", "cumulative", 2020, "milestone", unit_mult=4),
                 id="qingdao-phase-1wan-trained"),
]


@pytest.mark.parametrize(("jurisdiction", "marked", "expected"), SINGLE)
def test_single_target(corpus_targets, texts, jurisdiction: str, marked: str,
                       expected: dict) -> None:
    start, end, token = locate(texts[jurisdiction], marked)
    rows = rows_at(corpus_targets, jurisdiction, start)
    assert len(rows) == 1, f"{len(rows)} rows at {token!r} ({start})"
    row = rows.iloc[0]
    assert row["number_text"] == token
    assert int(row["number_end"]) == end
    assert fields_of(row, list(expected)) == expected
    assert math.isclose(float(row["base_value"]),
                        expected["value"] * 10 ** expected["unit_mult"], rel_tol=1e-9)


# --- one number, several measured quantities ---------------------------------------------------

SHARED = [
    pytest.param("wuhan", "知识产权质押融资金额和知识产权交易量年均\u5897幅[20]%以上",
                 T(20, "percent", ">=", "annual_growth", 2020),
                 {"ip_pledge_financing", "ip_transaction_count"}, id="wuhan-pledge-and-transactions"),
    pytest.param("wuhan", "全市发明专利申请量、授权量年均增长[10]%",
                 T(10, "percent", "=", "annual_growth", 2020),
                 {"invention_patent_applications", "invention_patent_grants"},
                 id="wuhan-applications-and-grants"),
    pytest.param("sichuan", "[80]% 以上的技术创新示范企业、企业技术中心建立知识产权管理体系",
                 T(80, "percent", ">=", "share", 2020), None, id="sichuan-80-percent"),
    pytest.param("shijiazhuang", "知识产权交易、许可额年均增幅[20]%以上",
                 T(20, "percent", ">=", "annual_growth", 2021), None,
                 id="shijiazhuang-transactions-and-licensing"),
]


@pytest.mark.parametrize(("jurisdiction", "marked", "expected", "indicators"), SHARED)
def test_shared_number(corpus_targets, texts, jurisdiction: str, marked: str, expected: dict,
                       indicators: set[str] | None) -> None:
    start, _, token = locate(texts[jurisdiction], marked)
    rows = rows_at(corpus_targets, jurisdiction, start)
    assert len(rows) == 2, f"{len(rows)} rows at {token!r} ({start})"
    for _, row in rows.iterrows():
        assert row["number_text"] == token
        assert fields_of(row, list(expected)) == expected
    assert rows["subject"].nunique() == 2
    assert rows["target_id"].nunique() == 2
    if indicators is not None:
        assert set(rows["indicator"]) == indicators


def test_sichuan_subjects(corpus_targets, texts) -> None:
    start, _, _ = locate(texts["sichuan"], "[80]% 以上的技术创新示范企业")
    subjects = rows_at(corpus_targets, "sichuan", start)["subject"].tolist()
    demo = [s for s in subjects if "技术创新示范企业" in s and "企业技术中心" not in s]
    centre = [s for s in subjects if "企业技术中心" in s and "技术创新示范企业" not in s]
    assert (len(demo), len(centre)) == (1, 1), subjects


def test_sichuan_text_has_one_target_number(corpus_targets, texts) -> None:
    # the plan's only quantitative commitment in the text is the 80%; dates, document numbers,
    # section numbers (1.–23.) and the 51025 programme name are not targets
    start, _, _ = locate(texts["sichuan"], "[80]% 以上的技术创新示范企业")
    rows = corpus_targets[(corpus_targets["jurisdiction"] == "sichuan")
                          & (corpus_targets["status"] != "supplementary")]
    assert rows["number_start"].astype(int).tolist() == [start, start]


# --- restatements and milestones link to the right rows -----------------------------------------

LINKS = [
    # (jurisdiction, restatement or milestone, the row it points to, link column)
    pytest.param("wuhan", "打造[10]家以上全链条综合服务能力强", "打造[10]家以上专业化、综合性",
                 "restates", id="wuhan-restated-10"),
    pytest.param("shijiazhuang", "着力实施[10]项地理标志产品产业化促进工程项目",
                 "实施地理标志产品产业化促进工程项目[10]项", "restates",
                 id="shijiazhuang-restated-gi-projects"),
    pytest.param("nantong", "\n\n30\n\nPCT专利申请量累计达到[2500]件。\n\n31",
                 "PCT专利申请量累计达到[2500]件,马德里", "restates",
                 id="nantong-pct-table-restates-goal"),
]


@pytest.mark.parametrize(("jurisdiction", "later", "first", "column"), LINKS)
def test_restatement_links(corpus_targets, texts, jurisdiction: str, later: str, first: str,
                           column: str) -> None:
    text = texts[jurisdiction]
    later_rows = rows_at(corpus_targets, jurisdiction, locate(text, later)[0])
    first_rows = rows_at(corpus_targets, jurisdiction, locate(text, first)[0])
    assert len(later_rows) == 1
    assert len(first_rows) == 1
    assert later_rows.iloc[0]["status"] == "restated"
    assert first_rows.iloc[0]["status"] == "stated"
    assert later_rows.iloc[0][column] == first_rows.iloc[0]["target_id"]


def test_nantong_pct_milestones(corpus_targets, texts) -> None:
    text = texts["nantong"]
    start, _, _ = locate(text, "PCT专利申请量累计达到2500件。\n\n[600]件")
    t = corpus_targets.set_index("target_id", drop=False)
    cells = []
    for token, year in (("600", 2017), ("1300", 2018), ("1900", 2019), ("2500", 2020)):
        at = text.find(token + "件", start)
        rows = rows_at(corpus_targets, "nantong", at)
        assert len(rows) == 1, token
        row = rows.iloc[0]
        assert (row["status"], int(row["target_year"]), row["value"]) == (
            "milestone", year, float(token))
        parent = t.loc[row["milestone_of"]]
        assert parent["value"] == 2500.0
        assert parent["indicator"] == "pct_applications"
        assert parent["status"] != "milestone"
        cells.append(row["milestone_of"])
        start = at + 1
    assert len(set(cells)) == 1


# --- distractors inside the plans give no row ---------------------------------------------------

NOT_TARGETS = [
    ("wuhan", "(财办建〔2018〕96号)"),
    ("wuhan", "2018年12月29日"),
    ("wuhan", "发布日期:2020-03-09"),
    ("wuhan", "布局“1+N”知识产权运营战略体系"),
    ("wuhan", "知识产权十大事件评选活动"),
    ("wuhan", "联系电话:027-87181967"),
    ("wuhan", "鄂ICP备17002821号-1"),
    ("wuhan", "光谷软件园A8栋108室"),
    ("shijiazhuang", "(国发〔2015〕71号)"),
    ("shijiazhuang", "2019年8月23日"),
    ("shijiazhuang", "石家庄市“4+4”现代产业格局"),
    ("shijiazhuang", "等四类机构作用"),
    ("shijiazhuang", "确保3年累计"),
    ("sichuan", "51025"),
    ("nantong", "发布时间:2018-08-29"),
    ("nantong", "事业编制10人"),
    ("nantong", "围绕“3+3+N”重点产业"),
    ("nantong", "进一步完善6大实施细则"),
    ("nantong", "“四个全面”战略布局,"),
    ("nantong", "全面评估“十二五”南通市"),
    ("qingdao", "四类高层次领军人才"),
    ("qingdao", "动员启动阶段(2017年7月?2017年12月)"),
]


@pytest.mark.parametrize(("jurisdiction", "snippet"), NOT_TARGETS,
                         ids=[f"{j}-{s}" for j, s in NOT_TARGETS])
def test_no_row_inside(corpus_targets, texts, jurisdiction: str, snippet: str) -> None:
    text = texts[jurisdiction]
    at = text.find(snippet)
    assert at >= 0, snippet
    end = at + len(snippet)
    t = corpus_targets[(corpus_targets["jurisdiction"] == jurisdiction)
                       & (corpus_targets["status"] != "supplementary")]
    inside = t[(t["number_start"].astype(int) < end) & (t["number_end"].astype(int) > at)]
    assert inside["number_text"].tolist() == []
