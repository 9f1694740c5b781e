"""Web-page copies (extract/webpage.py): furniture, repeated headlines, pinyin, hard line breaks,
spaced digits and clock times; offsets always point into the original text."""

from __future__ import annotations

import pytest

import ipcompare as ipc
from ipcompare.extract.mentions import find_mentions
from ipcompare.extract.webpage import is_furniture, reading_text


@pytest.mark.parametrize(
    "line",
    [
        "首页 > 政务公开 > 部门动态",
        "当前位置：首页 > 新闻",
        "返回首页 | 网站地图",
        "上一页 1 2 下一页",
        "共3页 跳转到 页",
        "【打印本页】 【关闭窗口】",
        "【字体：大 中 小】",
        "发布日期：2020-05-06 来源：区政府",
        "2019-09-12 10:05 来源：某某日报 作者：刘某",
        "Copyright © 2021 某市人民政府 版权所有",
        "某ICP备12345678号-2 公网安备 1234号",
        "浏览次数：5 2 8",
        "完",
        "上一期：第3期 专利简报",
        "下一期",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "到2025年，全区有效发明专利达到2000件。",
        "一、主要目标",
        "完善知识产权公共服务体系",
        "某区出台知识产权强区方案 有效发明专利2025年达2000件",
    ],
)
def test_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_reading_text_keeps_length_and_blanks_only_what_it_says() -> None:
    text = (
        "某区出台方案 专利达2000件\n某区出台方案 专利达2000件\n发布时间：2020-01-02\n\n"
        "方案提出，到2022年，全区知识產(chǎn)權质押融资金额达到2亿元，有效发明专\n利拥有量达到2000件。\n"
    )
    out = reading_text(text)
    assert len(out) == len(text)
    lines = out.split("\n")
    assert lines[0] == "某区出台方案 专利达2000件" and not lines[1].strip() and not lines[2].strip()
    assert "知识產      權质押" in out  # pinyin read as blank
    assert "有效发明专 利拥有量" in out  # the hard break read as a space


def test_pinyin_needs_a_tone_mark_or_a_vowel_between_characters() -> None:
    assert reading_text("专利合作条约(PCT)申请") == "专利合作条约(PCT)申请"
    assert reading_text("专利合作条约(pct)申请") == "专利合作条约(pct)申请"
    assert reading_text("知识产(chan)权") == "知识产      权"


def test_short_lines_are_not_joined() -> None:
    text = "二、主要目标\n到2025年，全区有效发明专利达到2000件。"
    assert reading_text(text) == text


def test_a_copied_page_reads_like_its_article() -> None:
    text = (
        "首页 > 新闻中心\n某县专利工作提速 到2024年有效发明专利达1 2 0 0件\n"
        "某县专利工作提速 到2024年有效发明专利达1 2 0 0件\n2022-03-01 08:00 来源：某县融媒体中心 阅读：3 1 5\n\n"
        "日前印发的方案提出，到2024年，全县有效发明专利达到1 2 0 0件，知识產(chǎn)權质押融资累计达到5 0 0 0万元，"
        "建成知识产权工作站\n8个。\n上一篇：某县召开会议 表彰企业20家\nCopyright © 2022 某县人民政府 版权所有\n"
    )
    df = ipc.extract_targets(text)
    assert df["number_text"].tolist() == ["1 2 0 0", "1 2 0 0", "5 0 0 0万", "8"]
    assert df["value"].tolist() == [1200, 1200, 5000, 8]
    assert df["status"].tolist()[:2] == ["stated", "restated"]
    for r in df.itertuples():
        assert (
            text[r.start : r.end] == r.quote
            and text[r.number_start : r.number_end] == r.number_text
        )
    assert "產(chǎn)權" in df["subject"].iloc[2]
    assert df["doc_date"].iloc[0] == "2022-03-01"


@pytest.mark.parametrize(
    "text, values",
    [
        ("达到3 5 0 0件", [3500]),
        ("累计4 5亿元", [45]),
        ("2018 2019 2020年", []),  # years apart in a table row
        ("指标 1 2 3", []),  # no unit
        ("香港時間15時30分，滿意度達到90分", [90]),  # a clock time is no score
        ("下午3点20分召开", []),
    ],
)
def test_spaced_digits_and_clock_times(text: str, values: list[float]) -> None:
    assert [m.value for m in find_mentions(text)] == values


@pytest.mark.parametrize(
    "line, furniture",
    [
        ("首页 | 机构概况 | 政务公开 | 互动交流", True),
        ("【我要纠错】 【打印】 【关闭】", True),
        ("| 有效发明专利 | 件 | 2000 | 3000 |", False),  # a table row with figures stays
    ],
)
def test_navigation_bars_and_buttons(line: str, furniture: bool) -> None:
    assert is_furniture(line) is furniture
