"""The provenance check of every target row, as the data audit reports it.

Decisions (what the module promises)
    Pure: the rows and the texts of their documents go in, the rows with a ``quote_ok`` column
    come out (None for a row without a span, e.g. a supplementary figure from a reference
    source; else whether ``text[start:end] == quote``). The test itself is the pipeline's:
    :func:`ipcompare.extract.schema.check_quotes`, which the corpus runs at the stage
    boundary, applied here to every row that has a span whatever its status. A row whose
    document text is not given fails, as it does there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..errors import SchemaError
from ..extract.schema import check_quotes

__all__ = ["has_span", "provenance"]


def _missing(x: Any) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)) or x == ""


def has_span(targets: pd.DataFrame) -> pd.Series:
    """Whether each row has character offsets (``start`` and ``end``) into its document."""
    return pd.Series([not (_missing(s) or _missing(e))
                      for s, e in zip(targets["start"], targets["end"], strict=True)],
                     index=targets.index, dtype=bool)


def _passes(rows: pd.DataFrame, texts: dict[str, str]) -> bool:
    try:
        check_quotes(rows, texts)
    except SchemaError:
        return False
    return True


def provenance(targets: pd.DataFrame, texts: Mapping[str, str]) -> pd.DataFrame:
    """The rows with ``quote_ok``: None without a span, else whether ``text[start:end]``
    equals the quote (``texts``: document id → text, for every document of a row with a span)."""
    spans = has_span(targets)
    # check_quotes skips supplementary rows by status; here every row with a span is checked
    checked = targets[spans].assign(status="stated")
    texts = dict(texts)
    ok: list[Any] = [None] * len(targets)
    positions = [i for i, s in enumerate(spans) if s]
    if _passes(checked, texts):  # the usual case: one pass over the table
        for i in positions:
            ok[i] = True
    else:
        for i, k in zip(positions, range(len(checked)), strict=True):
            ok[i] = _passes(checked.iloc[[k]], texts)
    return targets.assign(quote_ok=pd.Series(ok, index=targets.index, dtype=object))
