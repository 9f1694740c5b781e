"""Timelines of the plans: each plan's dated stages and milestones, and all plans on one axis.

Decisions (what the module promises)
    Time runs left to right in months: a stage from 2017年7月 to 2018年6月 spans from the start
    of July 2017 to the end of June 2018, and a target due in a year sits in the middle of that
    year (the plans say "by 2018", not a day). What is drawn comes from the plan text only:
    its period (from the registry), its dated stages (:func:`ipcompare.extract.stages
    .stages_from_text`), its yearly milestones and its other targets (targets with status
    ``milestone`` and ``stated``, counted per target year, the latter labelled "targets,
    milestones aside"); restatements and supplementary rows
    (reference sources) are left out. A stage without a start (2017年8月以前) starts with the plan
    period and is drawn paler. Lanes of stages are named by their heading in Chinese and by their
    number ("part 2") in English, whose reader has no Chinese heading to read; the stage's own
    words are in :func:`timeline_data`, the tidy table each figure carries.

- ``timeline_data(stages, targets, periods)``: the tidy table of what the timelines show.
- ``plan_timeline(stages, targets, periods, jurisdiction)``: one plan, a lane per group of stages.
- ``plans_timeline(stages, targets, periods)``: every plan on one axis, a lane each.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.colors as mcolors
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ._common import (
    _context,
    _finish,
    _plan_order,
    _present,
    _require,
    _wrap,
    attach_data,
    check_lang,
    label,
    plan_color,
    plan_name,
)

__all__ = ["PERIOD_COLUMNS", "STAGE_COLUMNS", "TIMELINE_COLUMNS", "plan_timeline",
           "plans_timeline", "timeline_data"]

STAGE_COLUMNS = ("jurisdiction", "group", "group_no", "stage_no", "title", "start_year",
                 "start_month", "end_year", "end_month")
"""Columns the timelines need of a stages table (``ipc.stages()`` has them)."""

PERIOD_COLUMNS = ("jurisdiction", "period_start", "period_end")
"""Columns the timelines need of a periods table (``ipc.jurisdictions()`` has them)."""

TIMELINE_COLUMNS = ("jurisdiction", "plan", "kind", "group", "group_no", "stage_no", "title",
                    "start_year", "start_month", "end_year", "end_month", "year", "n", "x_start",
                    "x_end")
"""Columns of :func:`timeline_data`. ``kind``: period, stage, milestones or targets; ``n``: how
many targets a marker stands for; ``x_start``/``x_end``: the positions drawn (years, decimal)."""

_TARGET_KINDS = {"milestone": "milestones", "stated": "targets"}


def _month_x(year: Any, month: Any, end: bool) -> float:
    """A month as a position in years: the start of July 2017 is 2017.5, its end 2017.583."""
    return int(year) + (int(month) - (0 if end else 1)) / 12


def timeline_data(stages: pd.DataFrame, targets: pd.DataFrame, periods: pd.DataFrame,
                  jurisdictions: Sequence[str] | None = None, lang: str = "en") -> pd.DataFrame:
    """The tidy table of the timelines (TIMELINE_COLUMNS): each plan's period, its dated stages,
    and per target year the number of its milestones and of its other targets."""
    check_lang(lang)
    st = _require(stages, STAGE_COLUMNS, "stages table")
    tg = _require(targets, ("jurisdiction", "status", "target_year"), "targets table")
    pe = _require(periods, PERIOD_COLUMNS, "periods table").drop_duplicates("jurisdiction")
    plans = _plan_order(list(jurisdictions) if jurisdictions is not None else
                        list(pe["jurisdiction"]) + list(st["jurisdiction"]))
    start_of = {str(r.jurisdiction): r for r in pe.itertuples(index=False)}
    rows: list[dict] = []

    def add(**fields: Any) -> None:
        rows.append({c: fields.get(c) for c in TIMELINE_COLUMNS})

    for j in plans:
        name = plan_name(j, lang)
        p = start_of.get(j)
        if p is not None and _present(p.period_start) and _present(p.period_end):
            add(jurisdiction=j, plan=name, kind="period", start_year=int(p.period_start),
                start_month=1, end_year=int(p.period_end), end_month=12,
                x_start=float(p.period_start), x_end=float(int(p.period_end) + 1))
        for r in st[st["jurisdiction"] == j].to_dict("records"):
            open_start = not _present(r["start_year"])
            x0 = (float(p.period_start) if open_start and p is not None
                  else _month_x(r["start_year"], r["start_month"], False) if not open_start
                  else _month_x(r["end_year"], 1, False))
            add(jurisdiction=j, plan=name, kind="stage", group=r["group"],
                group_no=int(r["group_no"]), stage_no=int(r["stage_no"]), title=r["title"],
                start_year=None if open_start else int(r["start_year"]),
                start_month=None if open_start else int(r["start_month"]),
                end_year=int(r["end_year"]), end_month=int(r["end_month"]), x_start=x0,
                x_end=_month_x(r["end_year"], r["end_month"], True))
        mine = tg[(tg["jurisdiction"] == j) & tg["status"].isin(list(_TARGET_KINDS))]
        mine = mine[pd.to_numeric(mine["target_year"], errors="coerce").notna()]
        for (status, year), g in mine.groupby(["status", mine["target_year"].astype(int)]):
            add(jurisdiction=j, plan=name, kind=_TARGET_KINDS[status], year=int(year), n=len(g),
                x_start=year + 0.5, x_end=year + 0.5)
    out = pd.DataFrame(rows, columns=list(TIMELINE_COLUMNS))
    for col in ("group_no", "stage_no", "start_year", "start_month", "end_year", "end_month",
                "year", "n"):
        out[col] = out[col].astype("Int64")
    return out


def _year_axis(ax: Axes, data: pd.DataFrame) -> None:
    lo = int(data["x_start"].min())
    hi = int(data["x_end"].max()) + (0 if data["x_end"].max() == int(data["x_end"].max()) else 1)
    ax.set_xlim(lo, hi)
    ax.set_xticks([y + 0.5 for y in range(lo, hi)], [str(y) for y in range(lo, hi)])
    for y in range(lo, hi + 1):
        ax.axvline(y, color="0.88", linewidth=0.8, zorder=0)
    ax.tick_params(axis="x", length=0)
    ax.tick_params(axis="y", length=0)
    ax.spines[["left", "top", "right"]].set_visible(False)


def _markers(ax: Axes, rows: pd.DataFrame, y: float, color: str, lang: str, dy: float = 0.0) -> None:
    """A marker per target year, labelled with how many targets it stands for."""
    for r in rows.itertuples(index=False):
        key = "timeline_n_milestones" if r.kind == "milestones" else "timeline_n_targets"
        key += "_one" if int(r.n) == 1 else ""
        filled = r.kind == "targets"
        ax.scatter(r.x_start, y + dy, marker="D" if filled else "o", s=46, zorder=4,
                   color=color if filled else "white", edgecolor=color, linewidth=1.4)
        ax.annotate(label("text", key, lang, n=int(r.n)), (r.x_start, y + dy), xytext=(7, 0),
                    textcoords="offset points", va="center", fontsize=8)


def _legend(fig: Figure, lang: str, color: str, stages: bool) -> None:
    handles = [Patch(facecolor=mcolors.to_rgba(color, 0.15), edgecolor="none",
                     label=label("text", "timeline_period", lang))]
    if stages:
        handles.append(Patch(facecolor=mcolors.to_rgba(color, 0.75), edgecolor=color,
                             label=label("text", "timeline_stage", lang)))
    handles += [
        Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor=color,
               markeredgewidth=1.4, color=color, label=label("text", "timeline_milestones", lang)),
        Line2D([], [], marker="D", linestyle="", color=color,
               label=label("text", "timeline_targets", lang)),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2)


def plan_timeline(stages: pd.DataFrame, targets: pd.DataFrame, periods: pd.DataFrame,
                  jurisdiction: str, lang: str = "en") -> Figure:
    """One plan's timeline: its period, a lane per group of dated stages (each stage a bar,
    numbered), and a lane of its yearly milestones and other targets (counted per year)."""
    check_lang(lang)
    data = timeline_data(stages, targets, periods, [jurisdiction], lang)
    if data.empty:
        raise ValueError(f"nothing to draw for {jurisdiction!r}: no period, stage or target")
    color = plan_color(jurisdiction)
    with _context(lang):
        st = data[data["kind"] == "stage"]
        groups = list(dict.fromkeys(zip(st["group_no"], st["group"], strict=True)))
        lanes = [label("text", "timeline_lane_part", lang, n=int(no)) if lang == "en"
                 else _wrap(str(g), 24) for no, g in groups]
        lanes.append(label("text", "timeline_lane_targets", lang))
        fig = Figure(figsize=(8.4, 1.4 + 0.5 * len(lanes)), layout="constrained")
        ax = fig.add_subplot()
        period = data[data["kind"] == "period"]
        for r in period.itertuples(index=False):
            ax.axvspan(r.x_start, r.x_end, color=color, alpha=0.08, zorder=0, linewidth=0)
        top = len(lanes) - 1
        for i, (no, _g) in enumerate(groups):
            y = top - i
            for r in st[st["group_no"] == no].itertuples(index=False):
                pale = pd.isna(r.start_year)
                ax.barh(y, r.x_end - r.x_start, left=r.x_start, height=0.56, zorder=2,
                        color=mcolors.to_rgba(color, 0.35 if pale else 0.75), edgecolor=color,
                        linewidth=0.8)
                ax.text((r.x_start + r.x_end) / 2, y, str(int(r.stage_no)), ha="center",
                        va="center", fontsize=8, color="white" if not pale else "0.2", zorder=3)
        _markers(ax, data[data["kind"] == "milestones"], 0, color, lang, dy=0.14)
        _markers(ax, data[data["kind"] == "targets"], 0, color, lang, dy=-0.14)
        ax.set_yticks(range(top, -1, -1), lanes)
        ax.set_ylim(-0.6, top + 0.6)
        _year_axis(ax, data)
        years = ""
        if len(period):
            years = f"{int(period['start_year'].iloc[0])}–{int(period['end_year'].iloc[0])}"
        ax.set_title(label("text", "timeline_title", lang, plan=plan_name(jurisdiction, lang),
                           years=years))
        _legend(fig, lang, color, bool(len(st)))
        return attach_data(_finish(fig), data, lang)


def plans_timeline(stages: pd.DataFrame, targets: pd.DataFrame, periods: pd.DataFrame,
                   jurisdictions: Sequence[str] | None = None, lang: str = "en") -> Figure:
    """Every plan on one time axis: a lane each with its period, its dated stages (thin bars,
    one row per group) and its milestones and other targets counted per year."""
    check_lang(lang)
    data = timeline_data(stages, targets, periods, jurisdictions, lang)
    if data.empty:
        raise ValueError("nothing to draw: no period, stage or target")
    with _context(lang):
        plans = list(dict.fromkeys(data["jurisdiction"]))
        fig = Figure(figsize=(8.8, 1.6 + 0.78 * len(plans)), layout="constrained")
        ax = fig.add_subplot()
        top = len(plans) - 1
        for i, j in enumerate(plans):
            y, color = top - i, plan_color(j)
            mine = data[data["jurisdiction"] == j]
            for r in mine[mine["kind"] == "period"].itertuples(index=False):
                ax.barh(y, r.x_end - r.x_start, left=r.x_start, height=0.7, zorder=1,
                        color=mcolors.to_rgba(color, 0.12), edgecolor="none")
            st = mine[mine["kind"] == "stage"]
            nos = list(dict.fromkeys(st["group_no"]))
            for k, no in enumerate(nos):  # one thin row per group of stages, inside the lane
                dy = 0.13 - 0.26 * (k + 0.5) / max(len(nos), 1)
                for r in st[st["group_no"] == no].itertuples(index=False):
                    ax.barh(y + dy, r.x_end - r.x_start, left=r.x_start,
                            height=min(0.22 / max(len(nos), 1), 0.12), zorder=2,
                            color=mcolors.to_rgba(color, 0.4 if pd.isna(r.start_year) else 0.8),
                            edgecolor="white", linewidth=0.5)
            _markers(ax, mine[mine["kind"] == "milestones"], y, color, lang, dy=0.26)
            _markers(ax, mine[mine["kind"] == "targets"], y, color, lang, dy=-0.26)
        ax.set_yticks(range(top, -1, -1), [plan_name(j, lang) for j in plans])
        ax.set_ylim(-0.6, top + 0.6)
        _year_axis(ax, data)
        ax.set_title(label("text", "timelines_title", lang))
        _legend(fig, lang, "0.35", bool((data["kind"] == "stage").any()))
        return attach_data(_finish(fig), data, lang)
