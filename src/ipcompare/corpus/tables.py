"""The tables of the registered corpus: targets (extraction, restatements, corrections,
supplementary rows), task items, agencies and dated stages; the only place that reads every
document."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..caching import data_cache
from ..extract.actions import actions_from_text
from ..extract.agencies import agencies_from_text
from ..extract.dating import document_date
from ..extract.evidence import read_measures
from ..extract.restate import link_milestones, link_restatements
from ..extract.schema import check_quotes, validate_targets
from ..extract.scope import assign_scope
from ..extract.stages import stages_from_text
from ..extract.targets import COLUMNS, Context, extract_rows, infer_period, uses_roc_years
from .documents import Document, distinct_ids
from .registry import registered_documents
from .review import ReviewReport, apply_corrections, load_corrections
from .supplementary import supplementary_targets


def context_for(doc: Document) -> Context:
    """Build the extraction context of a document from its registry metadata or its text."""
    start, end = doc.meta.get("period_start"), doc.meta.get("period_end")
    dated = document_date(doc.text, doc.meta.get("date"), doc.meta.get("issued"))
    if start is None or end is None:
        start, end = infer_period(doc.text, dated.year if dated else None)
    return Context(doc.document, doc.jurisdiction, start, end, uses_roc_years(doc.text),
                   dated.date if dated else None, dated.source if dated else None)


def _extract(doc: Document) -> pd.DataFrame:
    """Extract the targets of one document, link restatements and milestones, read each
    number's scope, then its measure from the plan's own evidence (roadmap, span of years)."""
    linked = link_milestones(link_restatements(extract_rows(doc.text, context_for(doc))))
    return read_measures(assign_scope(linked, doc.text, place_of(doc)), doc.text)


def place_of(doc: Document) -> str:
    """The plan's own area in Chinese: the registry's ``name_zh``, else the Chinese words of the
    jurisdiction given with the text (``extract_targets(text, jurisdiction="苏州市")``)."""
    name = str((doc.meta or {}).get("name_zh") or "")
    return name or "".join(re.findall(r"[\u4e00-\u9fff]+", doc.jurisdiction))


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
    docs = distinct_ids(docs)
    frames = [_extract(d) for d in docs]
    if supplementary:
        sup = supplementary_targets({d.jurisdiction for d in docs})
        frames.append(sup)
    frames = [f for f in frames if len(f)]
    table = (pd.concat(frames, ignore_index=True) if frames
             else pd.DataFrame(columns=COLUMNS))
    table = _evidence_defaults(table)
    table = validate_targets(table)  # once, on the way out of extraction
    check_quotes(table, {d.document: d.text for d in docs})
    table, report = apply_corrections(table, load_corrections())
    return CorpusTargets(validate_targets(table.reset_index(drop=True)), report)


def _evidence_defaults(table: pd.DataFrame) -> pd.DataFrame:
    """Rows without a text (supplementary figures) keep their measure as read: no evidence."""
    out = table.copy()
    if "measure_worded" not in out.columns:
        out["measure_worded"] = out["measure"]
    out["measure_worded"] = out["measure_worded"].astype(object).where(
        out["measure_worded"].notna(), out["measure"])
    if "measure_basis" not in out.columns:
        out["measure_basis"] = None
    if "span_years" not in out.columns:
        out["span_years"] = pd.NA
    out["span_years"] = out["span_years"].astype("Int64")
    return out


@data_cache
def corpus_targets() -> CorpusTargets:
    """The registered corpus's targets (computed once per process, until ``caching.clear()``)."""
    return build_targets(registered_documents())


@data_cache
def corpus_actions() -> pd.DataFrame:
    """Every policy task item of the registered corpus, one row each."""
    frames = [actions_from_text(d.text, d.document, d.jurisdiction) for d in registered_documents()]
    return pd.concat(frames, ignore_index=True)


@data_cache
def corpus_agencies() -> pd.DataFrame:
    """Who is charged with each task item of the registered corpus."""
    frames = []
    all_actions = corpus_actions()
    for doc in registered_documents():
        meta = doc.meta or {}
        m = all_actions[all_actions["document"] == doc.document]
        frames.append(agencies_from_text(
            doc.text, doc.document, doc.jurisdiction, plan_level=str(meta.get("level", "")),
            place=str(meta.get("name_zh", "")), actions=m,
        ))
    return pd.concat(frames, ignore_index=True)


@data_cache
def corpus_stages() -> pd.DataFrame:
    """The dated stages (phases with their months) of every plan of the registered corpus."""
    frames = []
    for doc in registered_documents():
        ctx = context_for(doc)
        frames.append(stages_from_text(doc.text, doc.jurisdiction, doc.document,
                                       ctx.period_start, ctx.period_end))
    return pd.concat(frames, ignore_index=True)
