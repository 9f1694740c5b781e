"""Figures from reference sources (not the plan text), as rows with status ``supplementary``."""

from __future__ import annotations

import re

import pandas as pd

from ..extract.targets import COLUMNS, target_id
from ..paths import data_path
from ..vocab.taxonomy import classify
from .registry import registry_row

_MAGNITUDE = {"万": 4, "亿": 8, "千": 3}
_UNIT = {"件": "items", "元": "CNY", "家": "organizations", "人": "people", "%": "percent", "项": "projects"}


def _measure(name: str) -> str:
    if re.search(r"每?万人", name):
        return "per_capita"
    if re.search(r"有效|拥有", name):
        return "level"
    return "per_year"  # 申请量, 登记量, 登记额: a year's flow


def supplementary_targets(
    jurisdictions: set[str] | None = None, path: str | None = None
) -> pd.DataFrame:
    """Return the expected indicators of ``sichuan_expected_indicators.csv``-style files as rows
    (only for ``jurisdictions`` when given)."""
    p = path or data_path("sichuan_expected_indicators.csv")
    ref = pd.read_csv(p)
    records = []
    for i, r in ref.iterrows():
        if jurisdictions is not None and r["jurisdiction"] not in jurisdictions:
            continue
        unit_zh = str(r["unit"])
        mult = _MAGNITUDE.get(unit_zh[0], 0) if len(unit_zh) > 1 else 0
        base_unit = unit_zh[1:] if mult else unit_zh
        if base_unit not in _UNIT:
            raise ValueError(f"{p} row {i}: unknown unit {unit_zh!r}")
        reg = registry_row(r["jurisdiction"])
        cls = classify(r["indicator_zh"], _UNIT[base_unit], "")
        value = float(r["value"])
        records.append({
            "target_id": target_id(f"{reg['document']}#supplementary", i, int(r["year"]), 0),
            "jurisdiction": r["jurisdiction"],
            "document": reg["document"],
            "quote": f"{r['indicator_zh']} {int(r['year'])}年 {r['value']}{unit_zh}",
            "start": pd.NA,
            "end": pd.NA,
            "number_start": pd.NA,
            "number_end": pd.NA,
            "number_text": str(r["value"]),
            "subject": r["indicator_zh"],
            "value": value,
            "value_high": None,
            "unit_mult": mult,
            "base_value": round(value * 10**mult, 6),
            "unit": _UNIT[base_unit],
            "unit_zh": base_unit,
            "comparator": "=",
            "qualifier_zh": "",
            "measure": _measure(r["indicator_zh"]),
            "target_year": int(r["year"]),
            "period_start": int(reg["period_start"]),
            "period_end": int(reg["period_end"]),
            "category": cls.category,
            "indicator": cls.indicator,
            "status": "supplementary",
            "restates": None,
            "milestone_of": None,
            "conflict": False,
            "conflict_with": None,
            "section": "",
            "scope": "jurisdiction",  # a reference figure for the whole area
            "scope_cue": "",
            "qualifies": None,
            "source": r["source"],
        })
    return pd.DataFrame.from_records(records, columns=COLUMNS)
