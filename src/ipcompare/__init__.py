"""ipcompare: compare Chinese local intellectual-property policy plans on one common footing.

>>> import ipcompare as ipc
>>> t = ipc.targets()                      # every target of every plan, one tidy table
>>> ipc.targets(["nantong"], distinct=True)
>>> ipc.extract_targets("到2020年，全市发明专利拥有量突破45000件。")
"""

from __future__ import annotations

import pandas as pd

from .agencies import agencies
from .compare import compare, compare_long
from .corpus import build_targets, corpus_targets, extract_document
from .coverage import coverage
from .documents import Document
from .errors import DocumentError, IpcompareError, SchemaError, UnknownIdError
from .extract import COLUMNS
from .measures import measures
from .registry import document_from_file, jurisdiction_ids, load_document, registry_row
from .registry import jurisdictions as _jurisdictions
from .taxonomy import categories, classify
from .taxonomy import taxonomy as _taxonomy

__version__ = "0.1.0"

__all__ = [
    "COLUMNS", "Document", "DocumentError", "IpcompareError", "SchemaError", "UnknownIdError",
    "agencies", "build_targets", "categories", "classify", "compare", "compare_long", "coverage",
    "document_from_file", "extract_targets", "jurisdiction_ids", "jurisdictions", "load_document",
    "measures", "taxonomy", "targets",
]


def targets(
    jurisdictions: list[str] | str | None = None,
    *,
    distinct: bool = False,
    milestones: bool = True,
    supplementary: bool = True,
) -> pd.DataFrame:
    """Return every target of the corpus as one tidy DataFrame (one row per number committed to)."""
    if isinstance(jurisdictions, str):
        jurisdictions = [jurisdictions]
    for j in jurisdictions or []:
        registry_row(j)  # unknown ids raise UnknownIdError naming the valid ones
    df = corpus_targets().table
    if jurisdictions:
        df = df[df["jurisdiction"].isin(jurisdictions)]
    if distinct:
        df = df[df["status"] != "restated"]
    if not milestones:
        df = df[df["status"] != "milestone"]
    if not supplementary:
        df = df[df["status"] != "supplementary"]
    return df.reset_index(drop=True).copy()


def extract_targets(
    text: str,
    document: str = "text",
    jurisdiction: str | None = None,
    period: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Extract the targets of a plan text given as a string."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not text.strip():
        raise DocumentError("the text is empty")
    meta = {"period_start": period[0], "period_end": period[1]} if period else {}
    doc = Document(document, jurisdiction or document, text, "str", None, meta)
    return extract_document(doc)


def jurisdictions() -> pd.DataFrame:
    """Return the jurisdiction/document registry with reference population."""
    return _jurisdictions()


def taxonomy() -> pd.DataFrame:
    """Return the taxonomy's canonical indicators."""
    return _taxonomy()


