"""Charts of a targets table over the years: annual-growth targets and yearly milestones.

Decisions (what the module promises)
    Restated targets are left out (they repeat another row). ``growth_dotplot`` shows only
    annual-growth targets in percent, one row per indicator (or, without one, per subject; in
    English, where a subject would be Chinese words, those are left out and counted in a
    footnote), rows ordered by their highest value; plans that set the same rate in a row share
    one label. ``milestone_trajectories`` draws the plans with
    yearly milestones as lines and the other plans' end-point targets as markers (hollow when
    supplementary, labelled as a reference source's figure, not as a target), all on the measure
    and unit most milestones use; a plan with several series is told apart by its subject in
    Chinese and by where the series ends in English; rows on another footing are
    left out and counted in the footnote. Values are in base units (``base_value``, else
    ``value * 10**unit_mult``); money is scaled to 10,000 or 100 million yuan.

- ``growth_dotplot(targets)``: annual-growth targets, % per year.
- ``milestone_trajectories(targets, indicator)``: milestones as lines, end points as markers.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from ..i18n import strip_gloss
from ._common import (
    _TICK_FORMAT,
    _base_values,
    _context,
    _finish,
    _fmt,
    _indicator_name,
    _message_figure,
    _plan_order,
    _present,
    _require,
    _scale,
    _truthy,
    _wrap,
    _years_text,
    attach_data,
    check_lang,
    label,
    plan_color,
    plan_name,
    unit_text,
)

__all__ = ["GROWTH_COLUMNS", "MILESTONE_COLUMNS", "growth_dotplot", "milestone_trajectories"]

GROWTH_COLUMNS = ("jurisdiction", "measure", "value", "subject")
"""Columns ``growth_dotplot`` needs; optional ``indicator``, ``status``, ``unit``."""

MILESTONE_COLUMNS = ("jurisdiction", "indicator", "status", "measure", "value", "unit", "target_year")
"""Columns ``milestone_trajectories`` needs; optional ``base_value`` or ``unit_mult``, ``subject``."""


# ----------------------------------------------------------------------------- growth


def growth_dotplot(targets: pd.DataFrame, lang: str = "en") -> Figure:
    """Dots of annual-growth targets (% per year) per plan and indicator (or subject)."""
    check_lang(lang)
    df = _require(targets, GROWTH_COLUMNS, "targets table")
    rows = df[df["measure"] == "annual_growth"].copy()
    if "status" in rows.columns:
        rows = rows[rows["status"] != "restated"]
    if "unit" in rows.columns:
        rows = rows[rows["unit"].isna() | rows["unit"].isin(["percent"])]
    rows["_value"] = pd.to_numeric(rows["value"], errors="coerce")
    rows = rows[rows["_value"].notna()]
    unnamed = 0
    if lang == "en" and "indicator" in rows.columns:  # a subject is the plan's Chinese words
        named = rows["indicator"].map(_present).astype(bool)
        unnamed = int((~named).sum())
        rows = rows[named]
    with _context(lang):
        if rows.empty:
            return _message_figure(label("text", "growth_empty", lang), label("text", "growth_title", lang))
        has_ind = "indicator" in rows.columns
        rows["_key"] = [
            f"i:{ind}" if has_ind and _present(ind) else f"s:{str(subj).strip()}"
            for ind, subj in zip(rows["indicator"] if has_ind else [None] * len(rows),
                                 rows["subject"], strict=True)
        ]
        rows["jurisdiction"] = rows["jurisdiction"].astype(str)
        rows = rows.drop_duplicates(["jurisdiction", "_key", "_value"])
        keys = (rows.groupby("_key", sort=False)["_value"].max()
                .sort_values(ascending=True, kind="stable").index.tolist())
        names = {k: _wrap(strip_gloss(_indicator_name(k[2:], lang)) if k.startswith("i:") else k[2:], 34)
                 for k in keys}
        plans = _plan_order(rows["jurisdiction"])
        height = max(2.6, 0.42 * len(keys) + 1.6)
        fig = Figure(figsize=(7.2, height), layout="constrained")
        ax = fig.add_subplot()
        y_of = {k: n for n, k in enumerate(keys)}
        for n in range(len(keys)):
            ax.axhline(n, color="0.92", linewidth=0.8, zorder=0)
        top = float(rows["_value"].max())
        for k, group in rows.groupby("_key", sort=False):
            present = [p for p in plans if p in set(group["jurisdiction"])]
            for i, p in enumerate(present):
                offset = (i - (len(present) - 1) / 2) * 0.18
                for v in group.loc[group["jurisdiction"] == p, "_value"]:
                    ax.scatter(v, y_of[k] + offset, s=48, color=plan_color(p), zorder=3,
                               edgecolor="white", linewidth=0.6)
            # one label per value in a row: plans that set the same rate share it (no overlap)
            for v in sorted(set(group["_value"])):
                ax.annotate(f"{_fmt(v)}%", (v, y_of[k]), xytext=(8, 0),
                            textcoords="offset points", va="center", fontsize=8.5)
        ax.set_yticks(range(len(keys)), [names[k] for k in keys])
        ax.set_ylim(-0.6, len(keys) - 0.4)
        ax.set_xlim(0, top * 1.18 if top > 0 else 1)
        ax.xaxis.set_major_formatter(_TICK_FORMAT)
        ax.set_xlabel(label("text", "growth_xlabel", lang))
        ax.set_ylabel(label("text", "growth_ylabel", lang))
        years = _years_text(rows["target_year"], lang) if "target_year" in rows.columns else ""
        ax.set_title(label("text", "growth_title_years", lang, years=years) if years
                     else label("text", "growth_title", lang))
        handles = [Line2D([], [], marker="o", linestyle="", color=plan_color(p),
                          label=plan_name(p, lang)) for p in plans]
        fig.legend(handles=handles, loc="outside lower center", ncols=min(len(plans), 5))
        if unnamed:  # under the axis label, above the legend (a supxlabel would overlap it)
            ax.set_xlabel(f"{ax.get_xlabel()}\n{_wrap(label('text', 'growth_unnamed', lang, n=unnamed), 90)}")
        data = rows.assign(plan=[plan_name(j, lang) for j in rows["jurisdiction"]],
                           row=[names[k].replace("\n", " ") for k in rows["_key"]])
        cols = [c for c in ("jurisdiction", "plan", "row", "indicator", "subject", "value",
                            "target_year") if c in data.columns]
        return attach_data(_finish(fig), data[cols].assign(unit="percent per year"), lang)


# ----------------------------------------------------------------------------- milestones


def _footnote(fig: Figure, text: str) -> None:
    fig.supxlabel(text, x=0.01, ha="left", fontsize=8, color="0.35")


def milestone_trajectories(targets: pd.DataFrame, indicator: str, lang: str = "en") -> Figure:
    """Yearly milestone series of one indicator as lines, other plans' end points as markers."""
    check_lang(lang)
    df = _require(targets, MILESTONE_COLUMNS, "targets table")
    rows = df[df["indicator"] == indicator].copy()
    rows = rows[rows["status"] != "restated"]
    rows["_value"] = _base_values(rows)
    rows["_year"] = pd.to_numeric(rows["target_year"], errors="coerce")
    rows = rows[rows["_value"].notna() & rows["_year"].notna()]
    rows["jurisdiction"] = rows["jurisdiction"].astype(str)
    with _context(lang):
        name = _indicator_name(indicator, lang)
        title = _wrap(label("text", "milestones_title", lang, indicator=strip_gloss(name)), 70)
        miles = rows[rows["status"] == "milestone"]
        if miles.empty:
            return _message_figure(label("text", "milestones_empty", lang), title)
        measure = miles["measure"].mode(dropna=False).iloc[0]
        unit = miles.loc[miles["measure"].eq(measure) | (miles["measure"].isna() & pd.isna(measure)),
                         "unit"].mode(dropna=False).iloc[0]

        def same(frame: pd.DataFrame) -> pd.Series:
            """Rows on the kept footing: the milestones' measure and unit."""
            m = frame["measure"].isna() if pd.isna(measure) else frame["measure"] == measure
            u = frame["unit"].isna() if pd.isna(unit) else frame["unit"] == unit
            return m & u

        kept_miles = miles[same(miles)]
        line_plans = _plan_order(kept_miles["jurisdiction"])
        others = rows[(rows["status"] != "milestone") & ~rows["jurisdiction"].isin(line_plans)]
        ends = others[same(others)]
        omitted = pd.concat([miles[~same(miles)], others[~same(others)]])
        divisor, unit_key = _scale(unit, list(kept_miles["_value"]) + list(ends["_value"]))

        fig = Figure(figsize=(7.4, 4.6), layout="constrained")
        ax = fig.add_subplot()
        styles = ("-", "--", ":", "-.")
        has_subject = "subject" in kept_miles.columns
        for plan in line_plans:
            mine = kept_miles[kept_miles["jurisdiction"] == plan]
            series = (list(mine.groupby("subject", sort=False)) if has_subject
                      else [(None, mine)])
            for n, (subject, s) in enumerate(series):
                s = s.sort_values("_year").drop_duplicates("_year", keep="last")
                lab = plan_name(plan, lang)
                if len(series) > 1 and _present(subject):  # English: no Chinese subject words
                    lab = (f"{lab}: {str(subject).strip()}" if lang == "zh" else label(
                        "text", "milestones_series", lang, plan=lab,
                        value=_fmt(s["_value"].iloc[-1] / divisor), year=int(s["_year"].iloc[-1])))
                ax.plot(s["_year"], s["_value"] / divisor, marker="o", markersize=5,
                        linestyle=styles[n % len(styles)], color=plan_color(plan), label=lab,
                        zorder=3)
                last = s.iloc[-1]
                ax.annotate(_fmt(last["_value"] / divisor), (last["_year"], last["_value"] / divisor),
                            xytext=(6, 0), textcoords="offset points", va="center", fontsize=8)
        supp = _truthy(ends["status"].eq("supplementary"))
        for plan in _plan_order(ends["jurisdiction"]):
            mine = ends[ends["jurisdiction"] == plan]
            for idx, row in mine.iterrows():
                color = plan_color(plan)
                is_supp = bool(supp.loc[idx])
                lab = label("text", "milestones_endpoint", lang, plan=plan_name(plan, lang))
                if is_supp:
                    lab = label("text", "milestones_endpoint_supplementary", lang,
                                plan=plan_name(plan, lang))
                y = row["_value"] / divisor
                ax.scatter(row["_year"], y, marker="D", s=55, zorder=4, linewidth=1.4,
                           color="white" if is_supp else color, edgecolor=color, label=lab)
                ax.annotate(_fmt(y), (row["_year"], y), xytext=(7, 0), textcoords="offset points",
                            va="center", fontsize=8)
        # one legend entry per label
        handles, labels_ = ax.get_legend_handles_labels()
        unique = dict(zip(labels_, handles, strict=True))
        fig.legend(unique.values(), unique.keys(), loc="outside right center")
        years = pd.concat([kept_miles["_year"], ends["_year"]])
        ax.set_xlim(years.min() - 0.5, years.max() + 0.7)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(_TICK_FORMAT)
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", color="0.9", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.set_xlabel(label("text", "milestones_xlabel", lang))
        ax.set_ylabel(unit_text(unit_key, lang, measure))
        fig.suptitle(title, fontsize=11)  # above the legend, which sits right of the axes
        note = label("text", "milestones_note", lang, measure=label("measures", measure, lang))
        if len(omitted):
            counts = omitted["measure"].fillna("?").value_counts()
            measures = ", " if lang == "en" else "、"
            measures = measures.join(f"{label('measures', m, lang)} ({c})" if lang == "en"
                                     else f"{label('measures', m, lang)}（{c}）"
                                     for m, c in counts.items())
            note += " " + label("text", "milestones_omitted", lang, n=len(omitted),
                                measures=measures)
        _footnote(fig, _wrap(note, 110) if lang == "en" else note)
        shown = pd.concat([kept_miles.assign(shown_as="milestone"), ends.assign(shown_as="end_point")])
        cols = [c for c in ("jurisdiction", "indicator", "subject", "status", "shown_as", "measure",
                            "target_year", "_value", "unit", "target_id") if c in shown.columns]
        data = shown[cols].rename(columns={"_value": "value"})
        data.insert(1, "plan", [plan_name(j, lang) for j in data["jurisdiction"]])
        return attach_data(_finish(fig), data, lang)
