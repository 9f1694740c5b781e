"""Items of an annual work plan: a fund's total is a target (a per-item reward is not); reports
counted in 份 and offices in 处 are counts; copies of a form (一式3份) are not."""

from __future__ import annotations

import ipcompare as ipc


def test_a_funds_total_is_a_target_but_a_reward_per_item_is_not() -> None:
    text = (
        "某县2019年知识产权工作计划\n"
        "1. 全年安排商标奖励资金不少于150万元。\n"
        "2. 对新获驰名商标的企业奖励20万元。"
    )
    df = ipc.extract_targets(text)
    assert df["value"].tolist() == [150]
    assert df["comparator"].tolist() == [">="]


def test_reports_and_offices_are_counted() -> None:
    text = "到2023年，编制产业专利导航报告4份，在园区设立商标受理窗口2处。"
    df = ipc.extract_targets(text)
    assert df["value"].tolist() == [4, 2]
    assert set(df["unit"]) == {"items"}


def test_copies_of_a_form_are_not_a_target() -> None:
    assert ipc.extract_targets("申请表一式2份，报县市场监管局。").empty


def test_a_change_on_last_year_among_targets_is_a_target_in_a_review_it_is_not() -> None:
    text = (
        "某县2020年知识产权工作要点\n"
        "去年，全县专利授权量同比增长15%。\n"
        "今年的主要目标是：全年专利申请量达到900件；商标注册量同比增长10%。"
    )
    df = ipc.extract_targets(text)
    assert df["value"].tolist() == [900, 10]
    assert df["measure"].tolist()[1] == "share"
    assert set(df["target_year"]) == {2020}


def test_achieving_is_no_present_fact() -> None:
    text = "到2020年，实现有效发明专利拥有量突破6000件。"
    assert ipc.extract_targets(text)["value"].tolist() == [6000]
