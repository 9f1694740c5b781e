"""Dated stages of a plan: the phases a plan (or one of its tasks) runs through, with their months.

Decisions (what the module promises)
    A stage is a line that opens (within its first 60 characters) with a parenthesised span of
    dates, ``(2017年7月—2018年6月)``, ``(2018年—2019年)``, or an end date only, ``(2017年8月以前)``
    (``dates.until_words`` in ``data/cues.yaml``). Any dash between the dates counts, including
    the ``?`` a lost dash leaves in a captured page. A span over the whole plan period names the
    plan, not a stage of it, and is skipped. The stage's *group* is the heading it falls under
    (one task's phases share a group; a plan-wide schedule has its own); its *title* is the words
    before the parenthesis, its marker (第一阶段, 1.) stripped. A month left out is the first
    month of a start year and the last of an end year. Every stage keeps its line as a verbatim
    quote with offsets, so ``text[start:end] == quote``. Pure: text and plan period in, rows out.
"""

from __future__ import annotations

import re

import pandas as pd

from ..caching import data_cache
from ..vocab.lexicon import cues
from . import segment as seg

__all__ = ["STAGE_COLUMNS", "stages_from_text"]

STAGE_COLUMNS = (
    "jurisdiction", "document", "group", "group_no", "stage_no", "title", "start_year",
    "start_month", "end_year", "end_month", "quote", "start", "end",
)
"""Columns of :func:`stages_from_text` (``start_year``/``start_month`` empty: open start)."""

_DATE = r"(20\d\d)\s*年\s*(?:(\d{1,2})\s*月)?"
_MARKER = re.compile(r"^(?:第[一二三四五六七八九十\d]+阶段|[\d一二三四五六七八九十]+\s*[.、．]"
                     r"|[（(][\d一二三四五六七八九十]+[)）])?\s*[:：]?\s*")


@data_cache
def _stage_re() -> re.Pattern[str]:
    until = cues().alt("dates.until_words")
    return re.compile(
        rf"[（(]\s*(?:{_DATE}\s*(?:{until})"
        rf"|{_DATE.replace('年', '年?', 1)}\s*[^\d（()）]{{1,3}}\s*(?:(20\d\d)\s*年\s*)?(\d{{1,2}})?\s*月?)"
        r"\s*[)）]")


def _span(m: re.Match[str]) -> tuple[int | None, int | None, int, int] | None:
    """(start year, start month, end year, end month) of a stage's parenthesis, or None."""
    u, um, a, am, b, bm = m.groups()
    if u:  # an end date only
        return None, None, int(u), int(um) if um else 12
    if not a or not (b or bm):
        return None
    start_year, end_year = int(a), int(b) if b else int(a)
    start_month = int(am) if am else 1
    end_month = int(bm) if bm else 12
    if not (1 <= start_month <= 12 and 1 <= end_month <= 12):
        return None
    if (end_year, end_month) < (start_year, start_month):
        return None
    return start_year, start_month, end_year, end_month


def stages_from_text(text: str, jurisdiction: str = "", document: str = "",
                     period_start: int | None = None, period_end: int | None = None) -> pd.DataFrame:
    """The dated stages of a plan text, in text order (STAGE_COLUMNS)."""
    lines = seg.lines(text)
    paths = seg.section_paths(lines)
    pattern = _stage_re()
    rows, groups = [], {}
    for ln, path in zip(lines, paths, strict=True):
        m = pattern.search(ln.text[:60])
        if not m:
            continue
        span = _span(m)
        if span is None:
            continue
        sy, sm, ey, em = span
        whole = (period_start is not None and period_end is not None and sy is not None
                 and sy <= period_start and ey >= period_end and (sy, sm) != (ey, em)
                 and ey - sy >= period_end - period_start and period_end > period_start)
        if whole:
            continue
        title = _MARKER.sub("", ln.text[:m.start()]).strip(" :：")
        heading = [p for p in path if p != ln.text[:len(p)] or len(p) < 4]
        group = heading[-1] if heading else ""
        groups.setdefault(group, len(groups) + 1)
        rows.append({
            "jurisdiction": jurisdiction, "document": document, "group": group,
            "group_no": groups[group], "stage_no": sum(r["group"] == group for r in rows) + 1,
            "title": title, "start_year": sy, "start_month": sm, "end_year": ey, "end_month": em,
            "quote": ln.text, "start": ln.start, "end": ln.end,
        })
    out = pd.DataFrame(rows, columns=list(STAGE_COLUMNS))
    for col in ("start_year", "start_month"):
        out[col] = out[col].astype("Int64")
    return out
