"""The targets of the whole corpus: extraction, restatements, corrections, supplementary rows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from ..extract.restate import link_milestones, link_restatements
from ..extract.schema import check_quotes, validate_targets
from ..extract.targets import COLUMNS, Context, extract_rows, infer_period, uses_roc_years
from .documents import Document
from .registry import registered_documents
from .review import ReviewReport, apply_corrections, load_corrections
from .supplementary import supplementary_targets


def context_for(doc: Document) -> Context:
    """Build the extraction context of a document from its registry metadata or its text."""
    start, end = doc.meta.get("period_start"), doc.meta.get("period_end")
    if start is None or end is None:
        start, end = infer_period(doc.text)
    return Context(doc.document, doc.jurisdiction, start, end, uses_roc_years(doc.text))


def _extract(doc: Document) -> pd.DataFrame:
    """Extract the targets of one document and link restatements and milestones."""
    return link_milestones(link_restatements(extract_rows(doc.text, context_for(doc))))


def extract_document(doc: Document) -> pd.DataFrame:
    """Extract, link restatements and validate the targets of one document."""
    df = validate_targets(_extract(doc))
    check_quotes(df, {doc.document: doc.text})
    return df


@dataclass(frozen=True)
class CorpusTargets:
    """The corpus targets table and what the review layer did to it."""

    table: pd.DataFrame
    review: ReviewReport


def build_targets(docs: list[Document], supplementary: bool = True) -> CorpusTargets:
    """Extract every document, add supplementary rows, apply reviewer corrections."""
    frames = [_extract(d) for d in docs]
    if supplementary:
        sup = supplementary_targets({d.jurisdiction for d in docs})
        frames.append(sup)
    frames = [f for f in frames if len(f)]
    table = (pd.concat(frames, ignore_index=True) if frames
             else pd.DataFrame(columns=COLUMNS))
    table = validate_targets(table)  # once, on the way out of extraction
    check_quotes(table, {d.document: d.text for d in docs})
    table, report = apply_corrections(table, load_corrections())
    return CorpusTargets(validate_targets(table.reset_index(drop=True)), report)


@cache
def _corpus() -> CorpusTargets:
    return build_targets(registered_documents())


def corpus_targets() -> CorpusTargets:
    """The registered corpus's targets (computed once per process)."""
    return _corpus()
