"""The provenance check of the data audit (ipcompare.analysis.audit), pure: rows and texts in,
``quote_ok`` out, by the pipeline's own quote check (ipcompare.extract.schema.check_quotes)."""

from __future__ import annotations

import pandas as pd
import pytest

from ipcompare.analysis.audit import has_span, provenance
from ipcompare.errors import SchemaError
from ipcompare.extract.schema import check_quotes

TEXT = "到2020年，发明专利申请量突破45000件。"


def _rows() -> pd.DataFrame:
    return pd.DataFrame({
        "target_id": ["ok", "moved", "reference", "other_doc", "quoted_supplementary"],
        "document": ["d", "d", None, "unknown", "d"],
        "start": [14, 13, None, 0, 14],
        "end": [22, 21, None, 2, 22],
        "quote": ["突破45000件", "突破45000件", "7.5件/万人", "到2", "突破46000件"],
        "status": ["stated", "restated", "supplementary", "stated", "supplementary"],
    }, index=[10, 11, 12, 13, 14])


def test_provenance_checks_every_row_with_a_span():
    out = provenance(_rows(), {"d": TEXT})
    assert list(out.index) == [10, 11, 12, 13, 14] and out["quote_ok"].dtype == object
    # matches; off by one; no span; document text not given; a span on a supplementary row
    assert out["quote_ok"].tolist() == [True, False, None, False, False]
    assert all(v is None or type(v) is bool for v in out["quote_ok"])
    assert list(out.columns) == [*_rows().columns, "quote_ok"]


def test_provenance_agrees_with_the_pipelines_check_on_the_corpus(corpus_targets, texts):
    out = provenance(corpus_targets, texts)
    check_quotes(corpus_targets, texts)  # raises when a quote is not text[start:end]
    assert out.loc[has_span(corpus_targets), "quote_ok"].eq(True).all()
    assert out.loc[corpus_targets["status"] == "supplementary", "quote_ok"].isna().all()
    bad = corpus_targets.copy()
    bad.loc[bad.index[0], "quote"] = "not the text"
    with pytest.raises(SchemaError):
        check_quotes(bad, texts)
    assert provenance(bad, texts)["quote_ok"].eq(False).sum() == 1


def test_has_span_treats_missing_offsets_alike():
    rows = pd.DataFrame({"start": [0, None, float("nan"), pd.NA, ""], "end": [1, 1, 1, 1, 1]})
    assert has_span(rows).tolist() == [True, False, False, False, False]
