"""Scope of targets: the blind set's score, the audit's cases on the five plans, and sentences
written for each rule in other words than the plans'."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

import ipcompare as ipc

BLIND = Path(__file__).resolve().parents[1] / "fixtures" / "scope_blind" / "sentences.tsv"


def _row(table: pd.DataFrame, text: str, number: str) -> pd.Series:
    pos = text.find(number)
    assert pos >= 0, number
    hit = table[(table["number_start"] <= pos) & (table["number_end"] > pos)]
    assert len(hit), f"{number} not extracted from {text}"
    return hit.iloc[0]


def test_blind_scope_set_scores_at_least_95_percent() -> None:
    rows = list(csv.DictReader(BLIND.open(encoding="utf-8"), delimiter="\t"))
    right = judged = 0
    tables: dict[tuple[str, str], pd.DataFrame] = {}
    for r in rows:
        key = (r["jurisdiction"], r["text"])
        if key not in tables:
            tables[key] = ipc.extract_targets(r["text"], jurisdiction=r["jurisdiction"])
        t = tables[key]
        pos = r["text"].find(r["number"])
        hit = t[(t["number_start"] <= pos) & (t["number_end"] > pos)]
        if hit.empty:
            continue  # not a target to the extractor: scored by the extraction sets
        judged += 1
        right += hit.iloc[0]["scope"] == r["scope"]
    assert judged >= 70
    assert right / judged >= 0.95, f"{right}/{judged}"


# --- the audit's cases on the five plans -----------------------------------------------------

AUDIT = [
    ("8cf053032254", "per_entity", "3eee2f137b64"),  # Wuhan: 其中…PCT申请不低于10件, per portfolio
    ("029a0776c7ea", "per_entity", "b8d7a4b7fdb5"),  # Shijiazhuang: the same condition
    ("29128e971a75", "per_entity", "5049e4b12810"),  # Wuhan: 年主营业务收入不低于1000万元
    ("8291df4aeba2", "per_entity", "b5af605d255d"),  # Shijiazhuang: …不低于1000万元的…机构
    ("426b323b45e3", "sub_area", None),  # Wuhan: 100 institutions gathered on one platform
    ("b8b9fde0c64f", "sub_area", None),  # Shijiazhuang: 聚集区内不少于30家
    ("d4425c21ab61", "sub_area", None),  # Qingdao: 150, its roadmap is the 崂山 zone's
    ("0a54f0c35e84", "jurisdiction", None),  # Shijiazhuang: 知识产权服务机构达到100家
    ("53b903aa6580", "jurisdiction", None),  # Wuhan: 全市发明专利拥有量…45000件
]


@pytest.mark.parametrize(("target_id", "scope", "qualifies"), AUDIT, ids=[a[0] for a in AUDIT])
def test_audit_cases(corpus_targets: pd.DataFrame, target_id: str, scope: str,
                     qualifies: str | None) -> None:
    rows = corpus_targets[corpus_targets["target_id"] == target_id]
    if rows.empty:
        pytest.skip(f"{target_id} not in the corpus table")
    row = rows.iloc[0]
    assert row["scope"] == scope, row["quote"]
    if qualifies:
        assert row["qualifies"] == qualifies


def test_every_scope_is_known_and_conditions_name_a_target(corpus_targets: pd.DataFrame) -> None:
    t = corpus_targets
    assert set(t["scope"]) <= {"jurisdiction", "per_entity", "sub_area", "subset"}
    linked = t["qualifies"].dropna()
    assert linked.isin(t["target_id"]).all()
    assert (t.loc[t["qualifies"].notna(), "scope"] == "per_entity").all()
    assert (t.loc[t["status"] == "supplementary", "scope"] == "jurisdiction").all()


# --- one sentence per rule, in other words than the plans' ------------------------------------

CASES = [
    # (plan's place, text, number, scope)
    ("太原市", "到2025年，全市有效发明专利达到2.6万件。", "2.6", "jurisdiction"),
    ("太原市", "每年新增高价值发明专利1500件以上。", "1500", "jurisdiction"),
    ("太原市", "每万人口高价值发明专利拥有量达到9件。", "9", "jurisdiction"),
    ("太原市", "培育专利导航项目25个，每个项目申请发明专利不少于6件。", "6", "per_entity"),
    ("太原市", "建设专利池15个，其中发明专利不少于30件。", "30", "per_entity"),
    ("太原市", "认定知识产权优势企业60家，入选企业均应设立知识产权管理部门，配备专员不少于2名。",
     "2", "per_entity"),
    ("太原市", "参评单位须持有有效发明专利8件以上。", "8", "per_entity"),
    ("太原市", "扶持年营业收入超过3000万元的知识产权服务机构。", "3000", "per_entity"),
    ("太原市", "专利申请量达到3万件，其中发明专利申请1.2万件。", "1.2", "subset"),
    ("太原市", "首期设立5000万元知识产权运营引导基金。", "5000", "subset"),
    ("太原市", "培育中小型知识产权服务机构30家。", "30", "subset"),
    ("太原市", "培育省级知识产权示范企业40家。", "40", "subset"),
    ("太原市", "在综改示范区建设知识产权服务园，入驻服务机构不少于40家。", "40", "sub_area"),
    ("太原市", "依托国家专利技术展示交易中心，年促成专利转让许可600项。", "600", "sub_area"),
    ("太原市", "开发区内规上企业知识产权贯标率达到60%。", "60", "sub_area"),
    ("太原市", "支持小店区打造知识产权强区，小店区发明专利拥有量达到5000件。", "5000", "sub_area"),
    ("山西省", "全省发明专利拥有量达到4万件，其中太原市达到2.6万件。", "2.6", "sub_area"),
    ("太原市", "在高新区设立知识产权保护工作站，全市设立工作站30个。", "30", "jurisdiction"),
    ("太原市", "高新区专利申请量占全市比重达到45%以上。", "45", "sub_area"),
    ("太原高新区", "到2025年，区内集聚知识产权服务机构60家。", "60", "jurisdiction"),
]


@pytest.mark.parametrize(("place", "text", "number", "scope"), CASES,
                         ids=[f"{c[3]}-{c[2]}" for c in CASES])
def test_scope_rules_in_other_words(place: str, text: str, number: str, scope: str) -> None:
    row = _row(ipc.extract_targets(text, jurisdiction=place), text, number)
    assert row["scope"] == scope, row["scope_cue"]


def test_a_condition_names_the_count_it_qualifies() -> None:
    text = "培育高价值专利组合20个，其中每个组合发明专利不少于40件。"
    t = ipc.extract_targets(text, jurisdiction="太原市")
    cond, head = _row(t, text, "40"), _row(t, text, "20")
    assert cond["qualifies"] == head["target_id"]
    text = "对年营业收入不低于800万元的服务机构给予扶持，全市培育此类机构15家。"
    t = ipc.extract_targets(text, jurisdiction="太原市")
    assert _row(t, text, "800")["qualifies"] == _row(t, text, "15")["target_id"]


def test_a_correction_sets_the_scope(tmp_path: Path) -> None:
    from ipcompare.corpus.review import SETTABLE

    assert {"scope", "qualifies"} <= set(SETTABLE)
