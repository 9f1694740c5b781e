"""Reviewer corrections: data keyed by target id, checked on load, applied after extraction."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import ipcompare.corpus.tables as corpus
from ipcompare.cli import main
from ipcompare.corpus.registry import registered_documents
from ipcompare.corpus.review import ReviewReport, apply_corrections, load_corrections

HEADER = "target_id,action,field,value,reason,reviewer,date\n"


def _targets() -> pd.DataFrame:
    return pd.DataFrame({
        "target_id": ["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc", "dddddddddddd"],
        "number_text": ["1", "45000", "20", "2亿"],
        "value": [1.0, 45000.0, 20.0, 2.0],
        "unit_mult": [0, 0, 0, 8],
        "unit": ["organizations", "items", "percent", "CNY"],
        "indicator": [None, "invention_patents_owned", None, None],
        "target_year": [2020, 2020, 2020, 2020],
    })


def _corrections(rows: list[dict]) -> pd.DataFrame:
    cols = ["target_id", "action", "field", "value", "reason"]
    return pd.DataFrame([{c: r.get(c, "") for c in cols} for r in rows], columns=cols)


def test_apply_corrections() -> None:
    corrections = _corrections([
        {"target_id": "aaaaaaaaaaaa", "action": "drop", "reason": "component of a named system"},
        {"target_id": "cccccccccccc", "action": "set", "field": "unit", "value": "percentage_points",
         "reason": "个百分点"},
        {"target_id": "dddddddddddd", "action": "set_indicator", "value": "ip_operation_fund",
         "reason": "fund size"},
        {"target_id": "dddddddddddd", "action": "set", "field": "value", "value": "3",
         "reason": "typo in the capture"},
        {"target_id": "eeeeeeeeeeee", "action": "drop", "reason": "no longer extracted"},
    ])
    out, report = apply_corrections(_targets(), corrections)
    assert out["target_id"].tolist() == ["bbbbbbbbbbbb", "cccccccccccc", "dddddddddddd"]
    assert out.set_index("target_id").loc["cccccccccccc", "unit"] == "percentage_points"
    assert out.set_index("target_id").loc["dddddddddddd", "indicator"] == "ip_operation_fund"
    assert out.set_index("target_id").loc["dddddddddddd", "value"] == 3.0
    assert out["reviewed"].tolist() == [False, True, True]
    assert report == ReviewReport(applied=4, dropped=1, stale=["eeeeeeeeeeee"])


def test_apply_corrections_leaves_input_alone() -> None:
    targets = _targets()
    corrections = _corrections([
        {"target_id": "aaaaaaaaaaaa", "action": "drop", "reason": "x"},
        {"target_id": "bbbbbbbbbbbb", "action": "set", "field": "unit", "value": "projects",
         "reason": "x"},
    ])
    apply_corrections(targets, corrections)
    pd.testing.assert_frame_equal(targets, _targets())


def test_apply_no_corrections() -> None:
    out, report = apply_corrections(_targets(), _corrections([]))
    assert out["target_id"].tolist() == _targets()["target_id"].tolist()
    assert not out["reviewed"].any()
    assert report == ReviewReport(applied=0, dropped=0, stale=[])


def test_set_empty_value_clears_field() -> None:
    corrections = _corrections([
        {"target_id": "bbbbbbbbbbbb", "action": "set_indicator", "value": "",
         "reason": "nothing comparable"},
    ])
    out, report = apply_corrections(_targets(), corrections)
    assert pd.isna(out.set_index("target_id").loc["bbbbbbbbbbbb", "indicator"])
    assert report.applied == 1


def test_set_numeric_fields_are_typed() -> None:
    corrections = _corrections([
        {"target_id": "aaaaaaaaaaaa", "action": "set", "field": "target_year", "value": "2018",
         "reason": "phase ends 2018"},
        {"target_id": "aaaaaaaaaaaa", "action": "set", "field": "unit_mult", "value": "4",
         "reason": "万 in the header"},
    ])
    out, _ = apply_corrections(_targets(), corrections)
    row = out.set_index("target_id").loc["aaaaaaaaaaaa"]
    assert row["target_year"] == 2018
    assert row["unit_mult"] == 4


# --- load_corrections -----------------------------------------------------------------------------


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "corrections.csv"
    p.write_text(HEADER + body, encoding="utf-8")
    return p


def test_load_corrections(tmp_path: Path) -> None:
    p = _write(tmp_path,
               "aaaaaaaaaaaa,drop,,,not a target,reviewer,2024-01-01\n"
               "bbbbbbbbbbbb,set,unit,projects,项 in the table,reviewer,2024-01-01\n"
               "cccccccccccc,set_indicator,,patent_awards,专利奖,reviewer,2024-01-01\n")
    df = load_corrections(p)
    assert df["action"].tolist() == ["drop", "set", "set_indicator"]
    assert df["value"].tolist() == ["", "projects", "patent_awards"]  # no NaN: strings throughout


def test_load_corrections_shipped_file() -> None:
    df = load_corrections()
    assert list(df.columns[:5]) == ["target_id", "action", "field", "value", "reason"]


def test_unknown_action(tmp_path: Path) -> None:
    p = _write(tmp_path, "aaaaaaaaaaaa,merge,,,duplicate,reviewer,2024-01-01\n")
    with pytest.raises(ValueError, match="unknown action") as info:
        load_corrections(p)
    assert "merge" in str(info.value)


def test_unsettable_field(tmp_path: Path) -> None:
    p = _write(tmp_path, "aaaaaaaaaaaa,set,quote,xyz,shorter quote,reviewer,2024-01-01\n")
    with pytest.raises(ValueError, match="cannot set") as info:
        load_corrections(p)
    assert "quote" in str(info.value)


def test_missing_reason(tmp_path: Path) -> None:
    p = _write(tmp_path, "aaaaaaaaaaaa,drop,,,  ,reviewer,2024-01-01\n")
    with pytest.raises(ValueError, match="reason"):
        load_corrections(p)


def test_missing_column(tmp_path: Path) -> None:
    p = tmp_path / "corrections.csv"
    p.write_text("target_id,action,field,value\naaaaaaaaaaaa,drop,,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="reason"):
        load_corrections(p)


# --- end to end: corrections applied by build_targets ---------------------------------------------


def _row(table: pd.DataFrame, text: str, snippet: str, offset_in_snippet: int) -> pd.Series:
    """The row whose number starts at ``offset_in_snippet`` inside a unique snippet of the text."""
    at = text.find(snippet)
    assert at >= 0 and text.find(snippet, at + 1) == -1, snippet
    hit = table[table["number_start"] == at + offset_in_snippet]
    assert len(hit) == 1, snippet
    return hit.iloc[0]


@pytest.fixture
def reviewed(tmp_path: Path, monkeypatch, corpus_targets, texts):
    """build_targets on Qingdao and Wuhan with a corrections file dropping one row, relabelling one."""
    qingdao = corpus_targets[corpus_targets["jurisdiction"] == "qingdao"]
    wuhan = corpus_targets[corpus_targets["jurisdiction"] == "wuhan"]
    dropped = _row(qingdao, texts["qingdao"], "知识产权服务业人才3千人以上", 9)
    relabelled = _row(wuhan, texts["wuhan"], "培育1—3家知识产权特色小镇", 2)
    p = _write(tmp_path,
               f"{dropped['target_id']},drop,,,reviewer disagrees,tester,2024-01-01\n"
               f"{relabelled['target_id']},set_indicator,,ip_service_towns,IP towns,tester,"
               "2024-01-01\n")
    monkeypatch.setattr(corpus, "load_corrections", lambda: load_corrections(p))
    result = corpus.build_targets(registered_documents(["qingdao", "wuhan"]))
    return result, dropped, relabelled


def test_build_targets_applies_corrections(reviewed, monkeypatch) -> None:
    result, dropped, relabelled = reviewed
    table = result.table
    assert dropped["target_id"] not in set(table["target_id"])
    row = table[table["target_id"] == relabelled["target_id"]].iloc[0]
    assert row["indicator"] == "ip_service_towns"
    assert bool(row["reviewed"]) is True
    assert int(table["reviewed"].sum()) == 1
    assert result.review.applied == 2
    assert result.review.dropped == 1
    assert result.review.stale == []
    monkeypatch.setattr(corpus, "load_corrections", lambda: _corrections([]))
    unreviewed = corpus.build_targets(registered_documents(["qingdao", "wuhan"])).table
    assert len(table) == len(unreviewed) - 1
    assert set(unreviewed["target_id"]) - set(table["target_id"]) == {dropped["target_id"]}


def test_corrections_survive_reextraction(reviewed, monkeypatch) -> None:
    # target ids hash document and span, so a second extraction meets the same corrections
    first, dropped, relabelled = reviewed
    second = corpus.build_targets(registered_documents(["qingdao", "wuhan"]))
    assert second.review == first.review
    assert second.table["target_id"].tolist() == first.table["target_id"].tolist()


def test_stale_correction_fails_validate(tmp_path: Path, monkeypatch, capsys) -> None:
    p = _write(tmp_path, "000000000000,drop,,,target gone,tester,2024-01-01\n")
    monkeypatch.setattr(corpus, "load_corrections", lambda: load_corrections(p))
    code = main(["validate"])
    out = capsys.readouterr().out
    assert code == 1
    assert "1 stale (no such target): 000000000000" in out
    assert "corrections applied: 0 (0 dropped)" in out
