"""The text's own date (extract/dating.py) and past/future read against it (extract/reader.py)."""

from __future__ import annotations

import pytest

import ipcompare as ipc
from ipcompare.errors import DocumentError
from ipcompare.extract.dating import DocDate, document_date, find_date, parse_date, parse_period


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "某县推进商标品牌建设\n发布日期：2019-04-02　来源：县政府办\n\n正文。",
            DocDate("2019-04-02", "published"),
        ),
        (
            "标题一行\n2018年5月7日 09:12　来源：某某晚报　记者 张某\n\n正文。",
            DocDate("2018-05-07", "byline"),
        ),
        ("标题一行\n2021/11/03\n\n正文。", DocDate("2021-11-03", "byline")),
        (
            "某市专利工作再上台阶\n\n晚报讯 3月5日，记者从2020年3月4日召开的会议上获悉，专利工作再上台阶。",
            DocDate("2020-03-05", "dateline"),
        ),
        (
            "通知\n" + "通知正文。\n" * 150 + "某市人民政府办公室\n2017年9月1日\n",
            DocDate("2017-09-01", "signature"),
        ),
        ("第一章 总则\n正文。\n\n某某局\n二〇二二年十一月\n", DocDate("2022-11", "signature")),
        ("正文。\n来源：某日报　编辑：李某　2023-07-14 18:02\n", DocDate("2023-07-14", "byline")),
        (
            "某縣智慧財產計畫（中華民國113年至116年）\n發布日期：113-05-02\n正文。",
            DocDate("2024-05-02", "published"),
        ),
        ("某縣計畫\n中華民國112年3月9日 發布\n正文。", DocDate("2023-03-09", "byline")),
        (
            "某某晚报电子版 > 2015年09月02日 > 第B3版：综合\n\n标题\n正文。",
            DocDate("2015-09-02", "byline"),
        ),
        ("某某日报　2019年11月05日　第07版：经济\n\n标题\n正文。", DocDate("2019-11-05", "byline")),
        (
            "某县专利工作提速\n\n本报讯（通讯员 王某）8月3日，记者从2018年8月2日的会议获悉，工作提速。",
            DocDate("2018-08-03", "dateline"),
        ),
        ("某縣專利推動方案\n某縣政府　中華民國108年11月\n壹、緣起", DocDate("2019-11", "byline")),
        ("某区工作方案\n某区人民政府　2017年6月\n一、目标", DocDate("2017-06", "byline")),
    ],
)
def test_find_date(text: str, expected: DocDate) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "到2025年，全市发明专利拥有量达到3万件。",  # a due year is no date of writing
        "某某规划（2021—2025年）\n一、目标\n到2025年达到10件。",
        "标题\n电话：0531-12345678\n",
        "某区工作方案\n到2027年6月\n一、目标",  # a due month is no date of writing
    ],
)
def test_no_date(text: str) -> None:
    assert find_date(text) is None


def test_given_beats_registry_beats_text() -> None:
    text = "标题\n发布时间：2020-01-02\n正文。"
    assert document_date(text, "2019-12-31", "2018-01-01") == DocDate("2019-12-31", "given")
    assert document_date(text, None, "2018-01-01") == DocDate("2018-01-01", "registry")
    assert document_date(text, None, "2016") == DocDate("2016", "registry")
    assert document_date(text) == DocDate("2020-01-02", "published")


@pytest.mark.parametrize("bad", ["2016-13-01", "16-06-30", "2016/06/30", "tomorrow", ""])
def test_parse_date_refuses(bad: str) -> None:
    with pytest.raises(DocumentError, match="YYYY-MM-DD"):
        parse_date(bad)


def test_parse_period() -> None:
    assert parse_period("2021-2025") == (2021, 2025)
    assert parse_period((2018, 2020)) == (2018, 2020)
    for bad in ("2025-2021", "2021", "twenty"):
        with pytest.raises(DocumentError, match="YYYY-YYYY"):
            parse_period(bad)


def test_rows_carry_the_date_and_its_source() -> None:
    text = "某区知识产权工作动态\n发布时间：2023-02-10\n\n到2025年，全区有效发明专利达到5000件。"
    df = ipc.extract_targets(text)
    assert df[["doc_date", "doc_date_source"]].drop_duplicates().values.tolist() == [
        ["2023-02-10", "published"]
    ]
    given = ipc.extract_targets(text, date="2023-03-01", period="2023-2025")
    assert given["doc_date"].tolist() == ["2023-03-01"] and given["doc_date_source"].tolist() == [
        "given"
    ]
    assert given["period_start"].tolist() == [2023]
    with pytest.raises(DocumentError, match="YYYY-MM-DD"):
        ipc.extract_targets(text, date="2023-02-30x")


def test_figures_before_the_date_are_the_past() -> None:
    # a 2019 report: 增长到2018年的… is a baseline, its 十二五 and 十三五 periods are read by the date
    text = (
        "某市商标品牌战略取得成效\n2019-01-20 来源：某报\n\n"
        "“十三五”以来，全市有效注册商标由2015年的1.1万件增长到2018年的2.6万件。"
        "其中，驰名商标达到12件。\n根据新出台的方案，到2022年，全市有效注册商标达到4万件。"
    )
    df = ipc.extract_targets(text)
    assert df["number_text"].tolist() == ["4万"]
    assert df["target_year"].tolist() == [2022]


def test_a_stock_at_a_year_before_a_one_year_plan() -> None:
    text = (
        "某县2022年知识产权工作要点\n\n至2021年年底，全县有效发明专利达到860件。\n"
        "全年有效发明专利达到1000件。"
    )
    df = ipc.extract_targets(text)
    assert df["number_text"].tolist() == ["1000"]
    assert df["target_year"].tolist() == [2022]


def test_without_a_date_a_due_year_is_still_a_due_date() -> None:
    text = "到2019年，全市专利申请量达到3万件；到2020年，达到3.5万件。"
    assert ipc.extract_targets(text)["number_text"].tolist() == ["3万", "3.5万"]


def test_one_year_targets_take_the_document_year_and_flows_are_yearly() -> None:
    text = (
        "某区知识产权局召开年度工作会\n发布日期：2021-02-03\n\n"
        "会议要求，今年全区专利授权量达到2600件，知识产权质押融资额达到8亿元，"
        "年内新建商标品牌指导站4个，有效发明专利拥有量达到1900件。"
    )
    df = ipc.extract_targets(text).set_index("number_text")
    assert set(df["target_year"]) == {2021}
    assert df.loc["2600", "measure"] == "per_year" and df.loc["8亿", "measure"] == "per_year"
    assert df.loc["1900", "measure"] == "level"  # a stock stays a stock


def test_without_a_period_targets_fall_due_in_the_year_of_the_text() -> None:
    text = "某镇专利工作推进会召开\n发布时间：2019-05-20\n\n会议强调，专利申请量力争达到600件，新增高新技术企业5家。"
    assert ipc.extract_targets(text)["target_year"].tolist() == [2019, 2019]


def test_a_year_opening_a_clause_dates_what_follows() -> None:
    text = (
        "某省专利转化专项计划（2024—2026年）\n2024年，高校专利转让许可次数达到900次，"
        "2025年达到1100次，2026年突破1300次。"
    )
    df = ipc.extract_targets(text)
    assert df["target_year"].tolist() == [2024, 2025, 2026]


def test_the_issue_date_under_the_title() -> None:
    text = "某市知识产权强市建设纲要\n（2021年6月18日印发）\n\n一、总体要求\n到2025年，全市有效发明专利达到9000件。"
    assert find_date(text) == DocDate("2021-06-18", "byline")


def test_an_earlier_five_year_plan_is_the_past() -> None:
    text = (
        "某市“十一五”专利规划\n2006年5月8日\n"
        "“十五”期间，全市专利申请量增长到2005年的900件，五年累计授权专利2100件。\n"
        "到2010年，全市专利申请量达到3000件。"
    )
    values = sorted(ipc.extract_targets(text)["value"])
    assert values == [3000]


def test_the_fifteenth_plan_is_not_the_head_of_the_fifteenth_fifth() -> None:
    from ipcompare.extract.years import infer_period

    assert infer_period("某市“十五五”知识产权规划\n正文。") == (2026, 2030)
    assert infer_period("某市“十五”知识产权规划\n正文。") == (2001, 2005)


def test_past_yearly_counts_after_a_list_number_are_the_past() -> None:
    text = (
        "某市专利工作计划（2024—2026年）\n"
        "（二）市知识产权局于2021年、2022年分别受理专利申请300件、410件。\n"
        "到2026年，专利申请量每年达到900件。"
    )
    assert sorted(ipc.extract_targets(text)["value"]) == [900]
