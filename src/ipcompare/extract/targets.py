"""Extract every quantitative target of a plan text, with its verbatim quote and offsets.

Stages: segment the text (lines, sections, sentences, clauses, tables:
:mod:`~ipcompare.extract.segment`) → find numbers with units (:mod:`~ipcompare.extract.mentions`)
→ keep those that are commitments (not dates, baselines, slogans …), reading subject, year and
status (:mod:`~ipcompare.extract.reader`, :mod:`~ipcompare.extract.tables`) → build the targets
table (here) → link restatements (:mod:`~ipcompare.extract.restate`, in the corpus stage).

Decisions (what the module promises)
    ``COLUMNS`` is the targets-table contract (checked by :mod:`~ipcompare.extract.schema`).
    ``target_id`` hashes the document and the span of the number (and the index ``k`` among
    subjects sharing it), so it survives edits elsewhere in the text. A text is read in its
    simplified form (one character for one) and quoted verbatim from the original, whatever
    its script. ``base_value`` is :func:`ipcompare.extract.numerals.base_value` (exact decimal
    scaling). A number without a verb saying how it is reached takes its indicator's natural
    measure. The years, subjects, reader and tables modules hold the rest; their public names
    used by other stages are re-exported here (``Context``, ``infer_period``, ``uses_roc_years``,
    ``simplified``, ``gregorian``).
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

from ..caching import data_cache
from ..vocab.lexicon import MONEY_UNITS, cues
from ..vocab.taxonomy import classify, load_taxonomy
from .mentions import Mention
from .numerals import Numeral, base_value
from .reader import _Reader
from .subjects import Row
from .webpage import reading_text
from .years import Context, gregorian, infer_period, simplified, uses_roc_years

__all__ = [
    "COLUMNS", "Context", "Row", "extract_rows", "gregorian", "indicator_measures", "infer_period",
    "simplified", "target_id", "uses_roc_years",
]


def target_id(document: str, number_start: int, number_end: int, k: int) -> str:
    """Stable id of a target: a hash of its document and the span of its number."""
    key = f"{document}|{number_start}|{number_end}|{k}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


COLUMNS = [
    "target_id", "jurisdiction", "document", "quote", "start", "end", "number_start", "number_end",
    "number_text", "subject", "value", "value_high", "unit_mult", "base_value", "unit", "unit_zh",
    "comparator", "qualifier_zh", "measure", "target_year", "period_start", "period_end",
    "category", "indicator", "status", "restates", "milestone_of", "conflict", "conflict_with",
    "section", "source", "scope", "scope_cue", "qualifies", "context_start", "context_end",
    "doc_date", "doc_date_source",
]


def _unit_as_written(text: str, m: Mention) -> str:
    """The unit in the document's own script (個, 間 in a traditional text), found right after
    the number; the mention read it from the simplified text."""
    for p in range(m.end, min(m.end + 4, len(text))):
        written = text[p : p + len(m.unit_zh)]
        if simplified(written) == m.unit_zh:
            return written
    return m.unit_zh


def _rows_to_frame(text: str, ctx: Context, rows: list[Row]) -> pd.DataFrame:
    records = []
    ids: dict[tuple[int, int], str] = {}
    for r in rows:
        tid = target_id(ctx.document, r.mention.start, r.mention.end, r.k)
        ids[(r.mention.start, r.k)] = tid
    for r in rows:
        m = r.mention
        qs, qe = r.quote_start, r.quote_end
        while qe > qs and text[qe - 1] in "，,、；;： \u3000":
            qe -= 1
        while qs < qe and text[qs] in " \u3000\t\n":
            qs += 1
        subject = r.subject
        if r.subject_start >= 0 and r.subject_end - r.subject_start == len(subject):
            subject = text[r.subject_start : r.subject_end]  # verbatim, whatever the script
        cls = classify(subject, m.unit, text[qs:qe])
        measure = r.measure
        if measure in ("level", "new") and not r.extra.get("verb") and cls.indicator:
            natural = indicator_measures(cls.indicator)
            if natural and natural[0] in ("per_year", "new") and m.unit not in ("percent", "ratio"):
                # no verb says how the number is reached: take the indicator's natural reading
                # (a flow indicator's figure is a year's amount; facilities are things to build)
                measure = natural[0]
        if measure == "level" and _one_year_flow(ctx, r.target_year, subject, m.unit):
            measure = "per_year"  # 全年专利申请量达到…: a year's filings in a one-year plan
        qualifier = m.qualifier_zh
        if measure == "relative":  # 比2020年翻一番: the base the change is counted from
            base = _relative_base().search(simplified(text[max(qs, m.start - 30) : m.start]))
            if base:
                b0 = max(qs, m.start - 30) + base.start()
                written = text[b0 : b0 + len(base.group(0))]
                qualifier = written + (f" {qualifier}" if qualifier else "")
                if subject.endswith(written) and len(subject) > len(written):
                    subject = subject[: -len(written)]  # the base is no part of what is counted
        records.append(
            {
                "target_id": ids[(m.start, r.k)],
                "jurisdiction": ctx.jurisdiction,
                "document": ctx.document,
                "quote": text[qs:qe],
                "start": qs,
                "end": qe,
                "number_start": m.start,
                "number_end": m.end,
                "number_text": text[m.start : m.end],
                "subject": subject,
                "value": m.value,
                "value_high": m.value_high,
                "unit_mult": m.unit_mult,
                "base_value": base_value(Numeral(m.value, m.unit_mult)),
                "unit": m.unit,
                "unit_zh": _unit_as_written(text, m),
                "comparator": m.comparator,
                "qualifier_zh": qualifier,
                "measure": measure,
                "target_year": r.target_year,
                "period_start": ctx.period_start,
                "period_end": ctx.period_end,
                "category": cls.category,
                "indicator": cls.indicator,
                "status": r.status,
                "restates": None,
                "milestone_of": ids.get(r.milestone_parent) if r.milestone_parent else None,
                "conflict": False,
                "conflict_with": None,
                "section": r.section,
                "source": "text",
                "scope": "jurisdiction",  # read from the wording by extract.scope
                "scope_cue": "",
                "qualifies": None,
                "context_start": r.extra.get("context", (qs, qe))[0],
                "context_end": r.extra.get("context", (qs, qe))[1],
                "doc_date": ctx.doc_date,
                "doc_date_source": ctx.doc_date_source,
            }
        )
    df = pd.DataFrame.from_records(records, columns=COLUMNS)
    return df


def _one_year_flow(ctx: Context, year: int | None, subject: str, unit: str) -> bool:
    """A flow (filings, grants, financing) due in the year of a one-year plan or work report:
    its figure is that year's amount, not a stock."""
    one_year = ctx.period_start is not None and ctx.period_start == ctx.period_end
    if year is None or ctx.doc_year != year or not (one_year or ctx.period_end in (None, year)):
        return False
    s = simplified(subject)
    return bool(cues().regex("measures.flow_nouns").search(s)) or (
        unit in MONEY_UNITS and bool(cues().regex("measures.money_flows").search(s)))


@data_cache
def _relative_base() -> re.Pattern[str]:
    """The base of a relative target: 比2020年, 较上年, 在2022年(的)基础上."""
    c = cues()
    bases = c.alt("subjects.relative_bases")
    return re.compile(rf"(?:{c.alt('subjects.compare_words')})\s*(?:{bases})|在\s*(?:{bases})\s*的?基础上")


@data_cache
def indicator_measures(indicator_id: str) -> tuple[str, ...]:
    """The measures natural for an indicator, its default first (from the taxonomy)."""
    return tuple(load_taxonomy().indicator(indicator_id).measures)


def extract_rows(text: str, ctx: Context) -> pd.DataFrame:
    """Extract the targets of one text as a DataFrame (before restatement linking)."""
    rows = _Reader(reading_text(simplified(text)), ctx).read()
    rows.sort(key=lambda r: (r.mention.start, r.k))
    seen: set[tuple[int, int]] = set()
    unique = []
    for r in rows:
        key = (r.mention.start, r.k)
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return _rows_to_frame(text, ctx, unique)
