"""ipcompare.extract.restate: targets said twice are linked, contradictions flagged, milestones tied."""

from __future__ import annotations

import pandas as pd
import pytest

from ipcompare.extract.restate import (
    link_milestones,
    link_restatements,
    relation,
    subject_similarity,
)


def _row(tid: str, start: int, subject: str, value: float, **kw: object) -> dict:
    row = {"target_id": tid, "document": "doc", "number_start": start, "subject": subject,
           "unit": "items", "target_year": 2025, "measure": "level", "value_high": None,
           "base_value": value, "indicator": None, "category": "creation", "status": "stated",
           "restates": None, "conflict": False, "conflict_with": None, "milestone_of": None}
    row.update(kw)
    return row


def test_subject_similarity_ignores_filler_words() -> None:
    assert subject_similarity("全市发明专利拥有量", "发明专利拥有量") == 1.0
    assert subject_similarity("发明专利拥有量", "商标注册量") == 0.0
    assert subject_similarity("", "商标") == 0.0


@pytest.mark.parametrize(("later", "expected"), [
    (_row("b", 50, "发明专利拥有量", 100), "restated"),
    (_row("b", 50, "发明专利拥有量", 120), "conflict"),
    (_row("b", 50, "商标注册量", 100), None),
    (_row("b", 50, "发明专利拥有量", 100, unit="percent"), None),
    (_row("b", 50, "发明专利拥有量", 100, target_year=2023), None),
    (_row("b", 50, "发明专利拥有量", 100, measure="cumulative"), "restated"),  # stock measures agree
    (_row("b", 50, "发明专利拥有量", 100, measure="share"), None),
    (_row("b", 10, "发明专利拥有量", 100), None),  # the same number is no restatement of itself
])
def test_relation(later: dict, expected: str | None) -> None:
    first = _row("a", 10, "发明专利拥有量", 100)
    assert relation(first, later) == expected


def test_link_restatements_marks_later_rows_and_conflicts_both_ways() -> None:
    df = pd.DataFrame([
        _row("a", 10, "发明专利拥有量", 100),
        _row("b", 50, "发明专利拥有量", 100, measure="cumulative"),
        _row("c", 90, "商标注册量", 30),
        _row("d", 120, "商标注册量", 40),
    ])
    out = link_restatements(df).set_index("target_id")
    assert out.at["b", "status"] == "restated" and out.at["b", "restates"] == "a"
    # 累计 said once makes the whole group cumulative
    assert out.at["a", "measure"] == out.at["b", "measure"] == "cumulative"
    assert out.at["d", "status"] == "restated" and out.at["d", "restates"] == "c"
    assert out.at["c", "conflict"] and out.at["d", "conflict"]
    assert out.at["c", "conflict_with"] == "d" and out.at["d", "conflict_with"] == "c"
    assert out.at["a", "status"] == "stated" and not out.at["a", "conflict"]
    assert list(out.reset_index().columns) == list(df.columns)


def test_link_restatements_keeps_documents_apart() -> None:
    df = pd.DataFrame([_row("a", 10, "发明专利拥有量", 100),
                       _row("b", 50, "发明专利拥有量", 100, document="other")])
    assert set(link_restatements(df)["status"]) == {"stated"}


def test_link_milestones_by_id_or_by_subject() -> None:
    df = pd.DataFrame([
        _row("a", 10, "发明专利拥有量", 100, measure="cumulative", indicator="invention_patents"),
        _row("m1", 50, "发明专利拥有量", 60, status="milestone", target_year=2023,
             milestone_of="a", indicator=None),
        _row("m2", 70, "发明专利拥有量", 80, status="milestone", target_year=2024, indicator=None),
        _row("m3", 90, "商标注册量", 5, status="milestone", indicator=None),
    ])
    out = link_milestones(df).set_index("target_id")
    assert out.at["m1", "milestone_of"] == "a" and out.at["m2", "milestone_of"] == "a"
    assert out.at["m1", "measure"] == "cumulative"  # a yearly cell takes its target's reading
    assert out.at["m2", "indicator"] == "invention_patents"
    assert pd.isna(out.at["m3", "milestone_of"])
