"""The targets-table contract as a pandera schema, checked on the way out of extraction.

Numbers are finite: a value, value_high or base_value of ``inf`` fails the schema.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..errors import SchemaError
from ..vocab.constants import CATEGORIES, MEASURES, SCOPES, STATUSES
from ..vocab.lexicon import COMPARATORS, UNIT_CODES
from .dating import SOURCES as DATE_SOURCES

_str = pa.Column(str)
_opt_str = pa.Column(object, nullable=True)
_opt_int = pa.Column("Int64", nullable=True)
_finite = pa.Check(lambda s: s.isna() | np.isfinite(s.astype(float).fillna(0)),
                   element_wise=False, error="values must be finite (no inf)")

TARGETS_SCHEMA = pa.DataFrameSchema(
    {
        "target_id": pa.Column(str, pa.Check.str_matches(r"^[0-9a-f]{12}$"), unique=True),
        "jurisdiction": _str,
        "document": _str,
        "quote": pa.Column(str, pa.Check.str_length(min_value=1)),
        "start": _opt_int,
        "end": _opt_int,
        "number_start": _opt_int,
        "number_end": _opt_int,
        "number_text": _str,
        "subject": _str,
        "value": pa.Column(float, [pa.Check.ge(0), _finite]),
        "value_high": pa.Column(float, _finite, nullable=True),
        "unit_mult": pa.Column(int, pa.Check.isin([0, 3, 4, 8, 12])),
        "base_value": pa.Column(float, _finite),
        "unit": pa.Column(str, pa.Check.isin(sorted(UNIT_CODES))),
        "unit_zh": _str,
        "comparator": pa.Column(str, pa.Check.isin(COMPARATORS)),
        "measure": pa.Column(str, pa.Check.isin(MEASURES)),
        "target_year": _opt_int,
        "period_start": _opt_int,
        "period_end": _opt_int,
        "category": pa.Column(str, pa.Check.isin(CATEGORIES)),
        "indicator": _opt_str,
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "restates": _opt_str,
        "milestone_of": _opt_str,
        "conflict": pa.Column(bool),
        "section": pa.Column(str, nullable=True),
        "source": _str,
        "scope": pa.Column(str, pa.Check.isin(SCOPES)),
        "scope_cue": pa.Column(str, nullable=True),
        "qualifies": _opt_str,
        "doc_date": pa.Column(object, pa.Check.str_matches(r"^\d{4}(?:-\d\d(?:-\d\d)?)?$"), nullable=True),
        "doc_date_source": pa.Column(object, pa.Check.isin(DATE_SOURCES), nullable=True),
        "measure_worded": pa.Column(str, pa.Check.isin(MEASURES), required=False),
        "measure_basis": pa.Column(object, nullable=True, required=False),
        "span_years": pa.Column("Int64", pa.Check.gt(0), nullable=True, required=False),
    },
    checks=[
        pa.Check(
            lambda df: (df["status"] != "restated") | df["restates"].notna(),
            error="restated rows must name the row they restate",
        ),
        pa.Check(
            lambda df: (df["comparator"] != "range")
            | (df["value_high"].notna() & (df["value_high"] >= df["value"])),
            error="ranges need value_high >= value",
        ),
        pa.Check(
            lambda df: (df["status"] == "supplementary") | df["start"].notna(),
            error="rows from a text need start/end offsets",
        ),
    ],
    strict=False,
    coerce=True,
)


def validate_targets(df: pd.DataFrame) -> pd.DataFrame:
    """Validate (and coerce) a targets table; raise SchemaError listing the failures."""
    try:
        return TARGETS_SCHEMA.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.head(10).to_string()
        raise SchemaError(f"targets table fails its schema:\n{cases}") from None


def check_quotes(df: pd.DataFrame, texts: dict[str, str]) -> None:
    """Check ``text[start:end] == quote`` for every row taken from a text."""
    bad = []
    for r in df[df["status"] != "supplementary"].itertuples():
        text = texts.get(r.document)
        if text is None or text[int(r.start) : int(r.end)] != r.quote:
            bad.append(r.target_id)
    if bad:
        raise SchemaError(f"{len(bad)} rows whose quote is not text[start:end]: {bad[:10]}")
