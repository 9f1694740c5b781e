"""Timelines of the plans: the tidy table they draw, Qingdao's dated stages, Nantong's roadmap."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import ipcompare as ipc  # noqa: E402
from ipcompare.present import charts  # noqa: E402


@pytest.fixture(scope="module")
def corpus() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return ipc.stages(), ipc.targets(), ipc.jurisdictions()


def test_timeline_data_from_hand_made_tables():
    stages = pd.DataFrame([
        {"jurisdiction": "qingdao", "group": "（一）", "group_no": 1, "stage_no": 1, "title": "试点",
         "start_year": 2017, "start_month": 7, "end_year": 2018, "end_month": 6},
        {"jurisdiction": "qingdao", "group": "（一）", "group_no": 1, "stage_no": 2, "title": "启动",
         "start_year": None, "start_month": None, "end_year": 2017, "end_month": 8},
    ])
    targets = pd.DataFrame([
        {"jurisdiction": "qingdao", "status": "milestone", "target_year": 2018},
        {"jurisdiction": "qingdao", "status": "milestone", "target_year": 2018},
        {"jurisdiction": "qingdao", "status": "stated", "target_year": 2020},
        {"jurisdiction": "qingdao", "status": "restated", "target_year": 2020},
        {"jurisdiction": "qingdao", "status": "supplementary", "target_year": 2016},
    ])
    periods = pd.DataFrame([{"jurisdiction": "qingdao", "period_start": 2017, "period_end": 2020}])
    data = charts.timeline_data(stages, targets, periods)
    assert list(data.columns) == list(charts.TIMELINE_COLUMNS)
    assert data["kind"].tolist() == ["period", "stage", "stage", "milestones", "targets"]
    period, first, open_start, miles, ends = data.to_dict("records")
    assert (period["x_start"], period["x_end"]) == (2017.0, 2021.0)
    assert first["x_start"] == pytest.approx(2017.5) and first["x_end"] == pytest.approx(2018.5)
    assert open_start["x_start"] == 2017.0 and pd.isna(open_start["start_year"])  # plan start
    assert (miles["year"], miles["n"], miles["x_start"]) == (2018, 2, 2018.5)
    assert (ends["year"], ends["n"]) == (2020, 1)  # restated and supplementary rows left out


def test_qingdao_phases_with_their_months(corpus):
    stages, targets, periods = corpus
    fig = charts.plan_timeline(stages, targets, periods, "qingdao", "en")
    data = charts.figure_data(fig)
    st = data[data["kind"] == "stage"]
    assert len(st) == len(stages[stages["jurisdiction"] == "qingdao"]) >= 20
    # the plan-wide schedule: four stages from July 2017 to June 2020
    first = st[st["group_no"] == 1]
    assert first[["start_year", "start_month", "end_year", "end_month"]].values.tolist()[0] == [
        2017, 7, 2017, 12]
    assert first["end_month"].tolist()[-1] == 6 and first["end_year"].tolist()[-1] == 2020
    lanes = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert lanes[0] == "Stages, part 1" and lanes[-1] == "Targets due"
    zh = charts.plan_timeline(stages, targets, periods, "qingdao", "zh")
    assert [t.get_text() for t in zh.axes[0].get_yticklabels()][0].startswith("(四)")


def test_nantong_yearly_roadmap_and_all_plans_on_one_axis(corpus):
    stages, targets, periods = corpus
    data = charts.figure_data(charts.plan_timeline(stages, targets, periods, "nantong", "en"))
    miles = data[data["kind"] == "milestones"]
    assert miles["year"].tolist() == [2017, 2018, 2019, 2020]
    nantong = targets[(targets["jurisdiction"] == "nantong") & (targets["status"] == "milestone")]
    assert miles["n"].sum() == len(nantong)
    fig = charts.plans_timeline(stages, targets, periods, lang="en")
    lanes = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert lanes == [charts.plan_name(j, "en") for j in ipc.jurisdiction_ids()]
    all_data = charts.figure_data(fig)
    assert set(all_data.loc[all_data["kind"] == "period", "jurisdiction"]) == set(ipc.jurisdiction_ids())
