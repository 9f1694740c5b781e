"""The corpus-level functions researchers call first: ``ipc.targets()`` and friends."""

from __future__ import annotations

import pandas as pd

from .corpus.documents import Document
from .corpus.registry import jurisdictions as _jurisdictions
from .corpus.registry import registry_row
from .corpus.tables import corpus_targets, extract_document
from .errors import DocumentError
from .vocab.taxonomy import taxonomy as _taxonomy


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
