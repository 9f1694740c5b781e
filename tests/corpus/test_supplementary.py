"""ipcompare.corpus.supplementary: figures from reference sources as ``supplementary`` target rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ipcompare.corpus.registry import registry_row
from ipcompare.corpus.supplementary import _measure, supplementary_targets
from ipcompare.extract.schema import validate_targets
from ipcompare.extract.targets import COLUMNS, target_id

HEADER = "jurisdiction,indicator_zh,unit,year,value,source\n"


@pytest.fixture(scope="module")
def sichuan() -> pd.DataFrame:
    return supplementary_targets()


def _csv(tmp_path: Path, *rows: str) -> str:
    p = tmp_path / "reference.csv"
    p.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return str(p)


def test_the_sichuan_table_becomes_valid_target_rows(sichuan: pd.DataFrame) -> None:
    assert sichuan.columns.tolist() == COLUMNS
    assert len(sichuan) == 13
    assert set(sichuan["jurisdiction"]) == {"sichuan"}
    assert set(sichuan["status"]) == {"supplementary"}
    assert sichuan["target_id"].is_unique
    assert sichuan["start"].isna().all() and sichuan["number_start"].isna().all()
    assert not sichuan["conflict"].any()
    validate_targets(sichuan)  # the targets contract holds (raises SchemaError otherwise)


def test_ids_are_stable_hashes_of_the_reference_row(sichuan: pd.DataFrame) -> None:
    doc = registry_row("sichuan")["document"]
    assert sichuan["target_id"].tolist() == [
        target_id(f"{doc}#supplementary", i, int(y), 0) for i, y in enumerate(sichuan["target_year"])
    ]
    assert supplementary_targets()["target_id"].tolist() == sichuan["target_id"].tolist()


def test_magnitudes_units_and_base_values(sichuan: pd.DataFrame) -> None:
    apps = sichuan[sichuan["subject"] == "全省发明专利申请量"].iloc[0]
    assert (apps["value"], apps["unit_mult"], apps["unit"], apps["unit_zh"]) == (4.5, 4, "items", "件")
    assert apps["base_value"] == 45000
    money = sichuan[sichuan["subject"] == "技术合同认定登记额"].iloc[-1]
    assert (money["unit_mult"], money["unit"], money["unit_zh"], money["base_value"]) == (8, "CNY", "元", 4e10)
    assert money["quote"] == "技术合同认定登记额 2020年 400.0亿元"


def test_classified_with_the_plan_period_and_source(sichuan: pd.DataFrame) -> None:
    owned = sichuan[sichuan["subject"] == "全省每万人发明专利拥有量"]
    assert set(owned["indicator"]) == {"invention_patents_owned"}
    assert set(owned["measure"]) == {"per_capita"}
    assert owned["target_year"].tolist() == [2017, 2020]
    assert set(sichuan["period_start"]) == {2016} and set(sichuan["period_end"]) == {2020}
    assert sichuan["source"].str.startswith("press report").all()


@pytest.mark.parametrize(("name", "measure"), [
    ("全省每万人发明专利拥有量", "per_capita"),
    ("万人高价值发明专利拥有量", "per_capita"),
    ("有效植物新品种权", "level"),
    ("商标有效注册量", "level"),
    ("发明专利拥有量", "level"),
    ("全省发明专利申请量", "per_year"),
    ("技术合同认定登记额", "per_year"),
])
def test_measure_from_the_indicator_name(name: str, measure: str) -> None:
    assert _measure(name) == measure


def test_only_the_given_jurisdictions(sichuan: pd.DataFrame) -> None:
    assert len(supplementary_targets({"sichuan", "wuhan"})) == len(sichuan)
    none = supplementary_targets({"wuhan"})
    assert none.empty and none.columns.tolist() == COLUMNS


def test_another_reference_file(tmp_path: Path) -> None:
    path = _csv(tmp_path, "wuhan,专利代理机构数量,家,2020,80,yearbook",
                "wuhan,知识产权服务从业人员,千人,2020,3,yearbook")
    t = supplementary_targets(path=path)
    assert t["unit"].tolist() == ["organizations", "people"]
    assert t["unit_mult"].tolist() == [0, 3]
    assert t["base_value"].tolist() == [80, 3000]
    assert set(t["document"]) == {registry_row("wuhan")["document"]}
    assert set(t["period_end"]) == {registry_row("wuhan")["period_end"]}


def test_an_unknown_unit_names_the_file_and_row(tmp_path: Path) -> None:
    path = _csv(tmp_path, "wuhan,专利代理机构数量,家,2020,80,yearbook",
                "wuhan,专利质押融资额,美元,2020,5,yearbook")
    with pytest.raises(ValueError, match=r"reference\.csv row 1: unknown unit '美元'"):
        supplementary_targets(path=path)


def test_an_unregistered_jurisdiction_is_refused(tmp_path: Path) -> None:
    from ipcompare.errors import UnknownIdError

    with pytest.raises(UnknownIdError):
        supplementary_targets(path=_csv(tmp_path, "atlantis,专利代理机构数量,家,2020,80,x"))
