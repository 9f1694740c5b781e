"""The steps of reading a text (ipcompare.extract.reader, years, subjects, tables), one by one."""

from __future__ import annotations

import pytest

from ipcompare.extract.subjects import respective_parts, split_shared, strip_connectors
from ipcompare.extract.targets import Context, extract_rows
from ipcompare.extract.years import gregorian, infer_period, uses_roc_years
from ipcompare.vocab.lexicon import lexicon


def _rows(text: str, start: int | None = 2021, end: int | None = 2025):
    return extract_rows(text, Context("d", "j", start, end))


def test_years_and_periods() -> None:
    assert gregorian("2020", False) == 2020 and gregorian("114", True) == 2025
    assert gregorian("114", False) is None
    assert uses_roc_years("中華民國111年") and not uses_roc_years("2022年")
    assert infer_period("某市知识产权发展规划（2021—2025年）\n正文") == (2021, 2025)
    assert infer_period("某省“十四五”知识产权规划\n") == (2021, 2025)
    assert infer_period("2025年全市知识产权工作要点\n") == (2025, 2025)
    assert infer_period("说明。到2023年，达到10件；到2023年，建成5个。") == (None, 2023)
    assert infer_period("截至2020年，已有10家。") == (None, None)


def test_subject_helpers() -> None:
    lex = lexicon()
    assert strip_connectors("以及专利") == "专利"
    assert split_shared("知识产权交易、许可额", lex) == ["知识产权交易额", "许可额"]
    assert split_shared("示范企业和优势企业各", lex) == ["示范企业", "优势企业"]
    assert respective_parts("示范企业和优势企业分别达到", lex) == ["示范企业", "优势企业"]
    assert respective_parts("示范企业达到", lex) is None


def test_fenbie_gives_each_subject_its_number_and_the_first_comparator() -> None:
    df = _rows("到2025年，示范企业和优势企业分别达到不少于10家、20家。")
    assert list(df["subject"]) == ["示范企业", "优势企业"]
    assert list(df["value"]) == [10, 20]
    assert list(df["comparator"]) == [">=", ">="]


def test_year_choice_and_status() -> None:
    df = _rows("到2023年，培育示范企业10家；到2025年，培育示范企业20家。")
    assert list(zip(df["target_year"], df["status"], strict=True)) == [
        (2023, "milestone"), (2025, "stated")]
    undated = _rows("培育示范企业20家。")
    assert list(undated["target_year"]) == [2025] and list(undated["status"]) == ["stated"]


def test_achievements_and_relative_restatements_are_not_targets() -> None:
    assert _rows("截至2020年，全市已有示范企业15家。").empty
    df = _rows("到2025年，知识产权质押融资额达到630亿元，比2023年增长50%。")
    assert list(df["value"]) == [630]


def test_money_names_what_it_funds_after_the_number() -> None:
    df = _rows("到2025年，设立规模不低于2000万元的知识产权风险补偿专项资金。")
    assert len(df) == 1 and df["subject"].iloc[0].endswith("专项资金")
    assert df["base_value"].iloc[0] == 20_000_000


def test_a_grid_of_plan_years_gives_milestones() -> None:
    text = "指标名称\n单位\n2024年\n2025年\n有效发明专利拥有量\n万件\n1.15\n1.3\n"
    df = _rows(text, 2024, 2025)
    assert list(df["value"]) == [1.15, 1.3]
    assert list(df["base_value"]) == [11500, 13000]
    assert set(df["status"]) == {"milestone"} and list(df["target_year"]) == [2024, 2025]


@pytest.mark.parametrize("text", ["２０２５年", "实施“3+3”工程。"])
def test_nothing_to_read(text: str) -> None:
    assert _rows(text).empty


def test_a_time_before_the_number_is_no_subject() -> None:
    """三年累计达到…, 2025年达到…: the subject is the one named before, not the time."""
    import ipcompare as ipc

    text = ("到2026年，专利商标质押融资登记金额年均增长15%，三年累计达到90亿元；"
            "有效发明专利拥有量年均增长10%，2026年达到2.4万件。")
    df = ipc.extract_targets(text)
    subjects = dict(zip(df["number_text"], df["subject"], strict=True))
    assert subjects["90亿"] == "专利商标质押融资登记金额" and subjects["2.4万"] == "有效发明专利拥有量"
    assert df.set_index("number_text").loc["90亿", "category"] == "finance"
