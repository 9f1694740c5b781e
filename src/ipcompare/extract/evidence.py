"""What each target's number measures, decided from the plan's own evidence: its roadmap steps
and the span of years its sentence states.

The wording alone (累计达到, 培育, 万人…) gives a first reading of the measure (``extract/
subjects.py``). This step, run on one document's linked targets after scope, checks that
reading against the plan's own figures and keeps the wording's reading in ``measure_worded``.

Decisions (what the module promises)
    Pure: one document's targets (milestones and restatements linked) and its text in, a new
    table out with ``measure`` (perhaps changed), ``measure_worded`` (the wording's reading),
    ``measure_basis`` (why the measure or the span is what it is, in English, None when only
    the wording decided) and ``span_years`` (Int64: the years a total is counted over).

    A target's series is its own row, its restatements and the roadmap steps linked to any of
    them, by target year. Rules, in this order:

    1. **Span.** A span of years in the number's sentence before the number (3年累计, 三年内,
       未来3年; cue words ``measures.span_tails``/``span_heads``) is the span of a total
       (``new`` or ``cumulative``): ``span_years`` = that number.
    2. **Near-total first step: a stock.** When the first step of a count, money or area
       series already holds at least :data:`STOCK_SHARE` of the total and at least
       :data:`STOCK_EXCESS` times the share an even build-up from the plan's start would reach
       by then, the number is a stock (``level``): 215 of 250 in the first of four years. A
       ``new`` or ``cumulative`` reading is overruled, and its steps follow.
    3. **Even build-up of a cumulative total: counted from the plan's start.** When the first
       step of a ``cumulative`` target holds no more than :data:`STOCK_EXCESS` times the even
       share, 累计 counts from the plan's start: ``span_years`` = the plan years up to the
       target year (each step: up to its year).
    4. **Flat per-resident ramp of filings: a yearly rate.** A ``per_capita`` count of
       filings or registrations (``measures.flow_nouns``) whose steps rise by no more than
       :data:`FLAT_RISE` of the total over the roadmap is a yearly rate per resident
       (``per_capita_year``): 57→60 per 10,000 would otherwise be a stock built over 57 years.
    5. **Steps follow their target** where the roadmap decided it (rules 2–4) or the target is
       cumulative: steps of a cumulative target are cumulative, not per-year figures, unless
       they add up to the total (then they are the years' amounts: 16+20+24 of 三年累计60). The steps
       of a target read from its wording alone keep theirs (yearly rows of a stock target are
       the years' flows). A first step above the total is no evidence of a stock (the steps
       are then of something else, or the table was misread).

    Everything else keeps the wording's reading. A ``cumulative`` target without a span keeps
    ``span_years`` NA: the base of its 累计 is not stated, and the per-year conversion refuses
    it. Thresholds and cue words are data or constants here; nothing names a document.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..vocab.lexicon import cues
from ..vocab.taxonomy import load_taxonomy
from .segment import WINDOW
from .years import simplified

__all__ = ["FLAT_RISE", "STOCK_EXCESS", "STOCK_SHARE", "read_measures", "series_of", "span_in"]

STOCK_SHARE = 0.4
"""A first step holding at least this share of the total may mean a stock."""
STOCK_EXCESS = 1.5
"""…when it is also this many times the share an even build-up would reach by then."""
FLAT_RISE = 0.1
"""A per-resident series rising by at most this share of its total over the roadmap is flat."""

_TOTALS = {"new", "cumulative"}
_EXTENSIVE = {"count", "money", "area"}
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_NUMERALS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9, "十": 10}


def _span_regex() -> re.Pattern[str]:
    c = cues()
    num = r"(?<![0-9〇零一二三四五六七八九十])([1-9]|1[0-9]|[一两二三四五六七八九十])"
    return re.compile(
        rf"(?:(?:{c.alt('measures.span_heads')}){num}年|{num}年(?:{c.alt('measures.span_tails')}))"
    )


def span_in(sentence: str) -> tuple[int, str] | None:
    """The span of years a sentence states (3年累计 → (3, '3年累计')), or None."""
    m = _span_regex().search(simplified(sentence))
    if m is None:
        return None
    raw = m.group(1) or m.group(2)
    n = int(raw) if raw.isdigit() else _NUMERALS[raw]
    return n, m.group(0)


def _sentence_before(text: str, number_start: int) -> str:
    """The number's sentence up to the number (markers never count across 。；), at most
    ``WINDOW`` characters (a runaway sentence is read in a window)."""
    a, lo = number_start, max(0, number_start - WINDOW)
    while a > lo and not _SENTENCE_END.match(text[a - 1]):
        a -= 1
    return text[a:number_start]


def series_of(table: pd.DataFrame) -> dict[object, list[object]]:
    """Each root target's index → the indices of its roadmap steps (milestones linked to it or
    to one of its restatements), earliest target year first."""
    ids = table["target_id"].to_numpy(dtype=object)
    pos = dict(zip(ids, table.index, strict=True))
    restates = table.get("restates", pd.Series(None, index=table.index))
    mof = table.get("milestone_of", pd.Series(None, index=table.index))

    def root(i: object, seen: int = 0) -> object:
        r = restates.loc[i]
        if seen < 20 and isinstance(r, str) and r in pos:
            return root(pos[r], seen + 1)
        return i

    out: dict[object, list[object]] = {}
    for i in table.index[table["status"].eq("milestone").to_numpy(bool)]:
        parent = mof.loc[i]
        if isinstance(parent, str) and parent in pos:
            out.setdefault(root(pos[parent]), []).append(i)
    for k, steps in out.items():
        out[k] = sorted(steps, key=lambda i: (_year(table.loc[i, "target_year"]), i))
    return out


def _year(x: object) -> float:
    return float("inf") if x is None or pd.isna(x) else float(x)


def _even_share(step_year: float, start: object, due: object) -> float | None:
    """The share of a total an even build-up from the plan's start reaches by ``step_year``."""
    if start is None or pd.isna(start) or due is None or pd.isna(due) or np.isinf(step_year):
        return None
    n = int(due) - int(start) + 1
    if n < 2 or step_year >= int(due):
        return None
    return max(step_year - int(start) + 1, 1) / n


def _note(measure: str, basis: str, worded: str) -> str:
    return basis if measure == worded else f"{basis} (the wording reads it as {worded})"


def read_measures(targets: pd.DataFrame, text: str) -> pd.DataFrame:
    """Decide each target's measure and span from the plan's evidence (rules of the module)."""
    out = targets.copy()
    n = len(out)
    out["measure_worded"] = out["measure"].astype(object) if n else pd.Series(dtype=object)
    basis: dict[object, str] = {}
    span: dict[object, int] = {}
    if n == 0:
        return out.assign(measure_basis=pd.Series(dtype=object),
                          span_years=pd.Series(dtype="Int64"))
    families = load_taxonomy().unit_family
    flow_nouns = cues().regex("measures.flow_nouns")
    measure = out["measure"].astype(object).to_dict()
    for i, row in out.iterrows():  # rule 1: a span in the number's sentence
        ns = row.get("number_start")
        if row["status"] == "supplementary" or ns is None or pd.isna(ns) or int(ns) > len(text):
            continue
        found = span_in(_sentence_before(text, int(ns)))
        if found and measure[i] in _TOTALS:
            span[i] = found[0]
            basis[i] = f"the sentence counts it over {found[0]} years ({found[1]})"
    for root, steps in series_of(out).items():
        r = out.loc[root]
        total, first = float(r["base_value"]), float(out.loc[steps[0], "base_value"])
        if total <= 0 or len(steps) < 1:
            continue
        y1 = _year(out.loc[steps[0], "target_year"])
        share = first / total
        even = _even_share(y1, r.get("period_start"), r.get("target_year"))
        family = families.get(str(r["unit"]))
        worded = str(r["measure"])
        why: str | None = None
        if even is not None and family in _EXTENSIVE and worded in _TOTALS \
                and STOCK_SHARE <= share <= 1 and share >= STOCK_EXCESS * even:
            measure[root] = "level"
            why = (f"the roadmap starts at {first:,.15g} of {total:,.15g} ({share:.0%}) in {int(y1)}, "
                   f"where an even build-up from {int(r['period_start'])} would reach "
                   f"{even:.0%}: a stock")
        elif even is not None and worded == "cumulative" and root not in span \
                and share <= STOCK_EXCESS * even:
            years = int(r["target_year"]) - int(r["period_start"]) + 1
            span[root] = years
            why = (f"the roadmap builds up from {first:,.15g} of {total:,.15g} ({share:.0%}) in "
                   f"{int(y1)}: 累计 counts from the plan's start, {years} years")
            for s in steps:
                ys = _year(out.loc[s, "target_year"])
                if not np.isinf(ys) and ys >= int(r["period_start"]):
                    span[s] = int(ys) - int(r["period_start"]) + 1
        elif worded == "per_capita" and flow_nouns.search(simplified(str(r["subject"]) + str(r["quote"]))) \
                and len(steps) >= 2 and (total - first) / total <= FLAT_RISE:
            measure[root] = "per_capita_year"
            why = (f"a per-resident count of filings that the roadmap keeps near flat "
                   f"({first:g}→{total:g}): a yearly rate, not a stock")
        if why:
            basis[root] = _note(measure[root], why, worded)
        values = [float(out.loc[s, "base_value"]) for s in steps]
        yearly = len(steps) >= 2 and abs(sum(values) - total) <= 0.05 * total  # 16+20+24 = 60
        follow = bool(why) or (measure[root] == "cumulative" and not yearly)
        for s in steps if follow else ():  # rule 5: steps follow a target the roadmap decided
            if measure[s] != measure[root]:
                basis[s] = (f"a roadmap step of a {measure[root]} target "
                            f"(the wording reads it as {out.loc[s, 'measure']})")
                measure[s] = measure[root]
            elif why and s not in basis:
                basis[s] = f"a roadmap step of a {measure[root]} target"
    restates = out.get("restates", pd.Series(None, index=out.index))
    by_id = dict(zip(out["target_id"], out.index, strict=True))
    for i in out.index:  # restatements share their target's reading
        r = restates.loc[i]
        if isinstance(r, str) and r in by_id and by_id[r] in basis and i not in basis:
            root = by_id[r]
            measure[i] = measure[root]
            basis[i] = basis[root]
            if root in span:
                span[i] = span[root]
    out["measure"] = pd.Series(measure).reindex(out.index).astype(object)
    out["measure_basis"] = pd.Series({i: basis.get(i) for i in out.index}, dtype=object)
    out["span_years"] = pd.array([span.get(i) for i in out.index], dtype="Int64")
    return out
