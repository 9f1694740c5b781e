"""Dated stages of a plan text: spans with months, open starts, whole-period spans skipped."""

from __future__ import annotations

from ipcompare.extract.stages import STAGE_COLUMNS, stages_from_text

TEXT = (
    "三、实施步骤\n"
    "（一）推进管理改革。\n"
    "第一阶段：编制方案（2017年7月?2018年6月）。开展调研。\n"
    "第二阶段：实施方案(2018年7月—2019年6月)。组织实施。\n"
    "（二）建设服务体系。\n"
    "第一阶段：初期启动阶段（2017年8月以前）。成立机构。\n"
    "第二阶段：基本建成（2018—2019年）。\n"
    "全面推进（2017—2020年）。这是规划期本身。\n"
    "到2020年，发明专利拥有量达到4.5万件（2020年）。\n"
)


def test_stages_with_months_groups_and_quotes():
    df = stages_from_text(TEXT, "x", "doc", 2017, 2020)
    assert list(df.columns) == list(STAGE_COLUMNS)
    assert df[["group_no", "stage_no", "title"]].values.tolist() == [
        [1, 1, "编制方案"], [1, 2, "实施方案"], [2, 1, "初期启动阶段"], [2, 2, "基本建成"]]
    assert df.iloc[0][["start_year", "start_month", "end_year", "end_month"]].tolist() == [
        2017, 7, 2018, 6]
    # an end date only: open start; years without months: January to December
    assert df["start_year"].isna().tolist() == [False, False, True, False]
    assert df.iloc[2][["end_year", "end_month"]].tolist() == [2017, 8]
    assert df.iloc[3][["start_year", "start_month", "end_year", "end_month"]].tolist() == [
        2018, 1, 2019, 12]
    assert df["group"].tolist() == ["（一）推进管理改革"] * 2 + ["（二）建设服务体系"] * 2
    assert all(TEXT[r.start:r.end] == r.quote for r in df.itertuples())


def test_a_span_over_the_whole_plan_period_or_a_single_year_is_no_stage():
    assert stages_from_text("全面推进（2017—2020年）。\n", period_start=2017, period_end=2020).empty
    assert stages_from_text("到2020年，达到4.5万件（2020年）。\n", period_start=2017, period_end=2020).empty
    # the same span in a plan that runs longer is a stage
    assert len(stages_from_text("全面推进（2017—2020年）。\n", period_start=2016, period_end=2025)) == 1
