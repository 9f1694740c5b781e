"""ipcompare.extract.mentions: numbers with units, their comparators, and what is not a mention."""

from __future__ import annotations

import pytest

from ipcompare.extract.mentions import cell_mention, find_mentions, parse_unit


def _one(text: str):
    ms = find_mentions(text)
    assert len(ms) == 1, ms
    return ms[0]


@pytest.mark.parametrize(("text", "value", "mult", "unit", "comparator", "words"), [
    ("培育100家以上企业", 100, 0, "organizations", ">=", "以上"),
    ("达到1.2万件", 1.2, 4, "items", "=", "达到"),
    ("不少于50项", 50, 0, "projects", ">=", "不少于"),
    ("控制在5%以内", 5, 0, "percent", "<=", "以内"),
    ("新增三十个", 30, 0, "items", "=", ""),  # 新增 is a verb, not a comparator
    ("约2亿元", 2, 8, "CNY", "approx", "约"),
    ("培育100余家企业", 100, 0, "organizations", ">=", "余"),
])
def test_a_number_with_its_unit_and_comparator(text, value, mult, unit, comparator, words) -> None:
    m = _one(text)
    assert (m.value, m.unit_mult, m.unit, m.comparator, m.qualifier_zh) == (
        value, mult, unit, comparator, words)
    assert text[m.start : m.end] == m.number_text
    assert m.end_all >= m.end


def test_a_range_keeps_both_ends() -> None:
    m = _one("建设3—5个中心")
    assert (m.value, m.value_high, m.comparator) == (3, 5, "range")


def test_a_ratio_is_a_mention() -> None:
    m = _one("按照1∶1的比例配套")
    assert m.unit == "ratio"


@pytest.mark.parametrize("text", [
    "第7次会议",                # an ordinal
    "实施“3+3”工程",           # a slogan
    "青政字〔2017〕58号",        # a document number
    "用6个月时间",              # a duration
    "2020年",                  # a date
    "一批企业",                 # a vague Chinese count
    "共有万家",                 # a lone magnitude
])
def test_not_a_mention(text: str) -> None:
    assert find_mentions(text) == []


def test_mentions_are_found_inside_a_window_only() -> None:
    text = "培育10家企业，建设20个平台。"
    assert [m.value for m in find_mentions(text)] == [10, 20]
    assert [m.value for m in find_mentions(text, text.index("建设"))] == [20]


def test_parse_unit_and_cells() -> None:
    assert parse_unit("万件") == (4, "件", "items")
    text = "1.15"
    m = cell_mention(text, 0, len(text), "万件")
    assert (m.value, m.unit_mult, m.unit) == (1.15, 4, "items")
    assert cell_mention(text, 0, len(text), None) is None  # no unit anywhere
