"""Counts inside a named system are targets; relative targets (翻一番, 提高N个百分点) are typed
``relative`` with their base; a relative change next to its absolute figure gives no row."""

from __future__ import annotations

import ipcompare as ipc

SYSTEM = (
    "到2024年，打造1个知识产权公共服务中心、1家专利导航服务机构、1家商标品牌指导站、"
    "“n”个企业服务联络点组成的“3+n”公共服务网络。"
)


def test_each_count_of_a_named_system_is_a_target() -> None:
    df = ipc.extract_targets(SYSTEM)
    assert df["number_text"].tolist() == ["1", "1", "1"]
    assert df["subject"].tolist() == ["知识产权公共服务中心", "专利导航服务机构", "商标品牌指导站"]
    assert set(df["measure"]) == {"new"} and set(df["target_year"]) == {2024}


def test_the_last_item_before_the_system_name() -> None:
    text = "建成2家技术转移机构、4个知识产权工作站和若干志愿团队构成的“2+4+n”服务体系。"
    df = ipc.extract_targets(text)
    assert df["subject"].tolist() == ["技术转移机构", "知识产权工作站"]


def test_relative_targets_carry_their_base() -> None:
    text = (
        "到2026年，全区商标注册量较2021年翻一番，作品著作权登记量翻两番，"
        "规上企业研发机构设置率提高8个百分点。"
    )
    df = ipc.extract_targets(text)
    assert df["number_text"].tolist() == ["翻一番", "翻两番", "8"]
    assert df["value"].tolist() == [2, 4, 8]
    assert df["unit"].tolist() == ["ratio", "ratio", "percentage_points"]
    assert set(df["measure"]) == {"relative"}
    assert df["qualifier_zh"].tolist()[0] == "较2021年"
    assert df["subject"].tolist()[0] == "全区商标注册量"


def test_a_relative_change_next_to_its_absolute_figure_is_no_row() -> None:
    text = "到2026年，全区专利许可次数在2023年基础上翻一番，达到600次；专利转化率提高3个百分点，达到25%。"
    df = ipc.extract_targets(text)
    assert df["number_text"].tolist() == ["600", "25"]


def test_a_relative_change_before_another_quantity_stays() -> None:
    text = "到2026年，企业专利拥有率提高4个百分点，专利许可合同备案数达到90件。"
    assert ipc.extract_targets(text)["number_text"].tolist() == ["4", "90"]


def test_a_count_of_places_before_each_is_not_a_target() -> None:
    text = "到2022年，全市6个区（县）各建成1个以上商标品牌服务站。"
    df = ipc.extract_targets(text)
    assert df["number_text"].tolist() == ["1"]
    assert df["subject"].tolist() == ["商标品牌服务站"]
