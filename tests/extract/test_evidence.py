"""extract/evidence.py: measures from the plan's own roadmap and span; checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

import ipcompare as ipc
from ipcompare.analysis.comparison import LONG_COLUMNS, compare_long
from ipcompare.extract.evidence import read_measures, span_in
from ipcompare.extract.targets import target_id


def row(k: int, value: float, measure: str, year: int, status: str = "stated",
        parent: str | None = None, subject: str = "某某数量", unit: str = "items") -> dict:
    return {"target_id": target_id("d", k, k + 1, 0), "jurisdiction": "x", "document": "d",
            "quote": subject, "number_start": k, "number_end": k + 1, "subject": subject,
            "value": value, "base_value": value, "unit": unit, "measure": measure,
            "target_year": year, "period_start": 2021, "period_end": 2025, "status": status,
            "restates": None, "milestone_of": parent, "start": k}


def series(measure: str, steps: list[float], total: float, subject: str = "某某数量",
           unit: str = "items") -> pd.DataFrame:
    goal = row(0, total, measure, 2025, subject=subject, unit=unit)
    rows = [goal] + [row(10 + i, v, measure, 2021 + i, "milestone", goal["target_id"], subject, unit)
                     for i, v in enumerate(steps)]
    return pd.DataFrame(rows)


def test_a_first_step_already_most_of_the_total_is_a_stock() -> None:
    # 90 of 120 in the first of five years: nowhere near an even 20%, so a stock to reach
    out = read_measures(series("new", [90, 100, 110, 115, 120], 120), "")
    assert list(out["measure"]) == ["level"] * 6
    assert out["measure_worded"].iloc[0] == "new"
    assert "a stock" in out["measure_basis"].iloc[0]


def test_a_flat_ramp_of_registrations_per_resident_is_a_yearly_rate() -> None:
    out = read_measures(series("per_capita", [40, 41, 41, 42, 42], 42, "万人商标注册量"), "")
    assert set(out["measure"]) == {"per_capita_year"}
    # the same ramp of a stock's name (拥有量) stays a per-resident stock
    kept = read_measures(series("per_capita", [40, 41, 41, 42, 42], 42, "万人发明专利拥有量"), "")
    assert set(kept["measure"]) == {"per_capita"}


def test_a_stated_span_is_the_divisor() -> None:
    text = "确保五年累计培训各类人才达到2万人。"
    k = text.index("2万")
    df = pd.DataFrame([row(k, 20000, "cumulative", 2025)])
    out = read_measures(df, text)
    assert out["span_years"].iloc[0] == 5
    assert span_in("今后三年内新建10个中心") == (3, "今后三年")
    assert span_in("到2025年达到10个") is None
    cell = compare_long(out.assign(unit_mult=0, comparator="=", value_high=None, quote="q",
                                   source="text", indicator="ip_trainees", scope="jurisdiction",
                                   unit="people"), basis="per_year")
    assert list(cell.columns) == LONG_COLUMNS
    assert cell["value"].iloc[0] == 4000.0 and "5 years" in cell["method"].iloc[0]


def test_cumulative_without_a_base_is_refused_per_year() -> None:
    df = pd.DataFrame([row(0, 300, "cumulative", 2025)]).assign(
        unit_mult=0, comparator="=", value_high=None, source="text", indicator="ip_trainees",
        scope="jurisdiction", unit="people")
    out = read_measures(df, "累计达到300人")
    assert out["span_years"].isna().all()
    c = compare_long(out, basis="per_year")
    assert c["state"].iloc[0] == "not_convertible"
    assert "the base of 累计 is not stated" in c["method"].iloc[0]


def test_steps_of_a_cumulative_total_are_cumulative_and_count_from_the_start() -> None:
    df = series("cumulative", [25, 45, 60, 80, 100], 100)
    df.loc[1:, "measure"] = "per_year"  # a roadmap step misread as a yearly figure
    out = read_measures(df, "")
    assert set(out["measure"]) == {"cumulative"}
    assert list(out["span_years"]) == [5, 1, 2, 3, 4, 5]


# --- the five plans, checked by hand in the texts -----------------------------------------------


@pytest.fixture(scope="module")
def t() -> pd.DataFrame:
    return ipc.targets().set_index("target_id")


@pytest.mark.parametrize(("tid", "measure", "span"), [
    ("7448aa7bfe12", "level", None),            # Madrid 累计达250, roadmap 215/225/240/250 (A16)
    ("c1848826e083", "per_capita_year", None),  # 万人著作权登记量 57/58/59/60 (A15)
    ("d4425c21ab61", "level", None),            # Qingdao service institutions 100→120→150 (A17)
    ("8967344b6fcb", "level", None),            # Nantong national demonstration 2→5 (A20)
    ("8b4835f65224", "cumulative", 3),          # Qingdao 3年累计培训1万人 (A18)
    ("2f54a4c0d632", "cumulative", 4),          # Nantong PCT 累计2500, roadmap 600… from 2017
    ("03d77e0f682d", "cumulative", 1),          # Nantong 投融资 step 3亿 of a cumulative (A19)
    ("cfae25b86c06", "cumulative", None),       # Qingdao copyright 累计2万: base unstated
])
def test_measures_on_the_corpus(t: pd.DataFrame, tid: str, measure: str, span: int | None) -> None:
    r = t.loc[tid]
    assert r["measure"] == measure
    assert (None if pd.isna(r["span_years"]) else int(r["span_years"])) == span
