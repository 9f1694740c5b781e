"""Targets written in tables: grids (a header of years or of indicators) and yearly roadmaps.

Decisions (what the module promises)
    In a grid, each value under (or beside) a plan year is a target; a grid with two or more
    plan years gives milestones, a grid with one gives stated targets. A year column marked as
    the base (基期, 现状 …: ``tables.baseline_marks`` in ``data/cues.yaml``) or dated before the
    plan holds no target. The unit of a value comes from its cell, else from the unit column,
    else from a parenthesis closing the indicator's name (指标（件）); a unit a year (件/年) makes
    the target yearly (per_year). In a roadmap (numbered
    rows with yearly cells, :func:`ipcompare.extract.segment.tables`) every yearly number is a
    milestone of the target its row label states, taking that target's subject and measure.
"""

from __future__ import annotations

import re

from ..caching import data_cache
from ..vocab.lexicon import Lexicon, cues
from . import segment as seg
from .mentions import cell_mention, find_mentions
from .subjects import Row, measure_of, strip, strip_connectors
from .years import Context

#: a unit in parentheses closing an indicator's name: 发明专利拥有量（件）
UNIT_PARENS = re.compile(r"[（(]([^（()）]{1,6})[)）]\s*$")
#: a unit a year: 件/年, 亿元/年, 万人次/每年
PER_YEAR_UNIT = re.compile(r"\s*[/／]\s*每?年\s*$")


@data_cache
def _name_header() -> re.Pattern[str]:
    return cues().regex("tables.name_headers")


def year_of(cell_text: str, ctx: Context) -> int | None:
    """The year a header cell stands for, or None for a baseline column (基期, before the plan)."""
    ym = seg.YEAR_CELL.match(seg.squash(cell_text))
    if not ym:
        return None
    year = int(ym.group(1))
    if ym.group(2) and cues().regex("tables.baseline_marks").search(ym.group(2)):
        return None
    if ctx.period_start is not None and year < ctx.period_start:
        return None
    return year


def _grid_row(text: str, lex: Lexicon, name: seg.Line, unit_hint: str | None, cell: seg.Line,
              year: int, status: str) -> Row | None:
    yearly = bool(unit_hint and PER_YEAR_UNIT.search(unit_hint))
    if unit_hint and yearly:
        unit_hint = PER_YEAR_UNIT.sub("", unit_hint)  # 件/年: items a year
    m = cell_mention(text, cell.start, cell.end, unit_hint)
    if m is None:
        return None
    pm = UNIT_PARENS.search(name.text)
    subject = strip(name.text[: pm.start()] if pm else name.text)
    head = lex.creation_head_re.match(subject)
    measure = "per_year" if yearly else measure_of(subject, subject, subject, m, bool(head), lex)
    return Row(m, subject, name.start, name.start + len(subject), name.start, cell.end, measure,
               year, status)


def grid_rows(text: str, g: seg.Grid, ctx: Context, lex: Lexicon) -> list[Row]:
    """Read a grid table: each value under a plan year is a target (several years: milestones)."""
    heads = [seg.squash(h.text) for h in g.header]
    found: list[Row | None] = []
    if g.orientation == "columns":
        years = {i: year_of(h, ctx) for i, h in enumerate(heads)}
        years = {i: y for i, y in years.items() if y is not None}
        status = "milestone" if len(years) >= 2 else "stated"
        name_col = next((i for i, h in enumerate(heads) if _name_header().search(h)), None)
        if name_col is None:
            name_col = next(i for i, h in enumerate(heads) if i not in years)
        unit_words = cues().regex("tables.unit_headers")
        unit_col = next((i for i, h in enumerate(heads) if unit_words.search(h)), None)
        for row in g.rows:
            name = row[name_col]
            pm = UNIT_PARENS.search(name.text)
            hint = row[unit_col].text if unit_col is not None else (pm.group(1) if pm else None)
            for i, year in years.items():
                found.append(_grid_row(text, lex, name, hint, row[i], year, status))
    else:
        row_years = [year_of(r[0].text, ctx) for r in g.rows]
        status = "milestone" if sum(y is not None for y in row_years) >= 2 else "stated"
        for row, year in zip(g.rows, row_years, strict=True):
            if year is None:
                continue
            for i, cell in enumerate(row[1:], start=1):
                name = g.header[i]
                pm = UNIT_PARENS.search(name.text)
                found.append(_grid_row(text, lex, name, pm.group(1) if pm else None, cell, year,
                                       status))
    return [r for r in found if r is not None]


def milestone_rows(text: str, tr: seg.TableRow, rows: list[Row], lex: Lexicon) -> list[Row]:
    """Yearly cells of a roadmap row: each number is a milestone of the row's target (one of
    ``rows``, the targets read so far, whose number lies in the row's label)."""
    out: list[Row] = []
    parents = [r for r in rows if tr.label.start <= r.mention.start < tr.label.end]
    label_mentions = sorted({(r.mention.start, r.k) for r in parents})
    by_key = {(r.mention.start, r.k): r for r in parents}
    distinct = sorted({r.mention.start for r in parents})
    for col, cell in enumerate(tr.cells[: len(tr.years)]):
        ms = find_mentions(text, cell.start, cell.end)
        for idx, m in enumerate(ms):
            parent = None
            if len(ms) == len(distinct) and distinct:
                parent = by_key.get((distinct[idx], 0))
            elif len(distinct) == 1:
                parent = by_key.get((distinct[0], 0))
            elif label_mentions:
                parent = by_key.get(label_mentions[min(idx, len(label_mentions) - 1)])
            if parent is not None:
                subj, ss, se = parent.subject, parent.subject_start, parent.subject_end
                measure = parent.measure
            else:
                subj = strip_connectors(strip(tr.label.text))
                ss, se = tr.label.start, tr.label.end
                head = lex.creation_head_re.match(subj)
                measure = "new" if head else "level"
                if m.unit in ("percent",):
                    measure = "share"
            out.append(Row(
                m, subj, ss, se, tr.label.start, max(cell.end, m.end_all), measure,
                tr.years[col], "milestone", 0, "",
                (parent.mention.start, parent.k) if parent else None,
            ))
    return out
