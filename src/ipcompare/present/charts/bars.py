"""Bars of indicators compared across plans: ``indicator_bars`` and ``indicators_panel``.

Decisions (what the module promises)
    The input is a ``compare_long`` table (COMPARISON_COLUMNS; states in STATES). A plan
    without a number is a grey hatched placeholder saying why ("not stated", "not in corpus"),
    never a zero bar; a supplementary number is a hatched, paler bar with a legend entry. Values
    of different units or kinds of number (a stock, a per-resident stock, a total over the
    plan) never share an axis: each gets a panel of its own. A "stated" row without a number is
    drawn as not convertible. Plans keep registry order and their colour.

- ``indicator_bars(comparison, indicator)``: one bar per plan (one panel per unit and kind).
- ``indicators_panel(comparison, indicators)``: small multiples of those, names without gloss.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.colors as mcolors
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ..i18n import strip_gloss
from ._common import (
    _TICK_FORMAT,
    _base_values,
    _context,
    _finish,
    _fmt,
    _indicator_name,
    _plan_order,
    _present,
    _require,
    _scale,
    _truthy,
    _width,
    _wrap,
    check_lang,
    label,
    plan_color,
    plan_name,
    unit_text,
    value_axis_label,
)

__all__ = [
    "COMPARISON_COLUMNS", "PLACEHOLDER_COLOR", "STATES", "indicator_bars", "indicators_panel",
]

COMPARISON_COLUMNS = (
    "indicator", "jurisdiction", "state", "value", "unit", "basis", "supplementary",
)
"""Columns ``indicator_bars`` and ``indicators_panel`` need (``compare_long`` has them all).

Optional: ``indicator_zh``/``indicator_en`` (titles), ``measure`` (axis text, panels per
measure), ``comparator`` (≥ before a value), ``target_year``, ``unit_mult`` (power of ten of
``value``; base values are assumed without it)."""

STATES = ("stated", "not_stated", "not_in_corpus", "not_convertible")
"""The states of a ``compare_long`` cell."""

PLACEHOLDER_COLOR = "0.93"


@dataclass
class _BarPanel:
    indicator: str
    title: str
    stated: pd.DataFrame  # rows with a number (one unit and kind of number)
    placeholders: pd.DataFrame  # rows without one (not stated, not in corpus, …)
    unit: Any
    measure: Any  # used for the unit text when the unit is a bare code
    subtitle: str  # what the panel's numbers are, when an indicator needs several panels
    basis: Any


def _comparison(comparison_long: Any) -> pd.DataFrame:
    df = _require(comparison_long, COMPARISON_COLUMNS, "comparison table").copy()
    states = set(df["state"].dropna().astype(str))
    unknown = sorted(states - set(STATES))
    if unknown:
        raise ValueError(f"comparison table: unknown state(s) {unknown}; valid: {list(STATES)}")
    df["state"] = df["state"].astype(str)
    df["indicator"] = df["indicator"].astype(str)
    df["jurisdiction"] = df["jurisdiction"].astype(str)
    df["_value"] = _base_values(df)
    df["_supplementary"] = _truthy(df["supplementary"])
    # a "stated" row without a number cannot be drawn as a bar
    df.loc[(df["state"] == "stated") & df["_value"].isna(), "state"] = "not_convertible"
    return df


def _select_basis(rows: pd.DataFrame, indicator: str, basis: str | None) -> pd.DataFrame:
    stated_bases = list(dict.fromkeys(rows.loc[rows["state"] == "stated", "basis"].dropna()))
    all_bases = list(dict.fromkeys(rows["basis"].dropna()))
    if basis is None:
        if len(stated_bases) > 1:
            raise ValueError(f"indicator {indicator!r} is compared on several bases "
                             f"{stated_bases}: pass basis= one of them")
        return rows
    if basis not in all_bases:
        raise ValueError(f"basis {basis!r} not in the comparison of {indicator!r}; "
                         f"available: {all_bases}")
    return rows[(rows["basis"] == basis) | rows["basis"].isna()]


def _bar_panels(df: pd.DataFrame, indicator: str, lang: str, basis: str | None) -> list[_BarPanel]:
    """One panel per (unit, kind of number) of the stated values; placeholders in the last one.

    The kind of number is compare_long's ``kind`` column (stock, total, flow, …) when present,
    else ``measure``: a stock and a total over the plan in the same unit are not comparable.
    """
    known = list(dict.fromkeys(df["indicator"]))
    if indicator not in known:
        raise ValueError(f"indicator {indicator!r} is not in the comparison table; has {known}")
    rows = _select_basis(df[df["indicator"] == indicator], indicator, basis)
    stated = rows[rows["state"] == "stated"]
    placeholders = rows[rows["state"] != "stated"]
    placeholders = placeholders[~placeholders["jurisdiction"].isin(stated["jurisdiction"])]
    placeholders = placeholders.drop_duplicates("jurisdiction")
    kind_col = next((c for c in ("kind", "measure") if c in rows.columns), None)
    keys = ["unit"] + ([kind_col] if kind_col else [])
    groups = list(stated.groupby(keys, dropna=False, sort=False)) if len(stated) else []
    name = _indicator_name(indicator, lang, df)
    panels = []
    for i, (key, group) in enumerate(groups):
        key = key if isinstance(key, tuple) else (key,)
        section = "kinds" if kind_col == "kind" else "measures"
        subtitle = label(section, key[1], lang) if kind_col and _present(key[1]) else ""
        measures = group["measure"].dropna() if "measure" in group.columns else pd.Series([])
        bases = group["basis"].dropna()
        panels.append(_BarPanel(
            indicator, name, group,
            placeholders if i == len(groups) - 1 else placeholders.iloc[0:0],
            key[0], measures.iloc[0] if len(measures) else None, subtitle,
            bases.iloc[0] if len(bases) else basis))
    if not panels:
        bases = rows["basis"].dropna()
        panels.append(_BarPanel(indicator, name, stated, placeholders, None, None, "",
                                bases.iloc[0] if len(bases) else basis))
    if len(panels) == 1:
        panels[0].subtitle = ""
    subtitles = [p.subtitle for p in panels]
    for p in panels:  # two panels of the same kind differ in unit: say which
        if subtitles.count(p.subtitle) > 1:
            unit = unit_text(p.unit, lang, p.measure)
            p.subtitle = f"{p.subtitle}, {unit}" if lang == "en" else f"{p.subtitle}，{unit}"
    return panels


def _value_label(row: pd.Series, divisor: float, lang: str) -> str:
    """A bar's label: comparator sign and number (a range as low–high)."""
    low = row["_value"] / divisor
    comparator = row["comparator"] if "comparator" in row.index else None
    high = row["value_high"] if "value_high" in row.index else None
    if comparator == "range" and _present(high) and math.isfinite(float(high)):
        return f"{_fmt(low)}–{_fmt(float(high) / divisor)}"
    prefix = label("comparators", comparator, lang) if _present(comparator) else ""
    return f"{prefix}{_fmt(low)}"


def _draw_bar_panel(ax: Axes, panel: _BarPanel, lang: str, order: list[str],
                    axes_width_in: float, title_width: int) -> bool:
    """Draw one panel; return whether it holds a supplementary bar."""
    bars = panel.stated.assign(_kind="bar")
    ph = panel.placeholders.assign(_kind="placeholder")
    rows = pd.concat([bars, ph], ignore_index=True) if len(ph) else bars.reset_index(drop=True)
    rank = {j: n for n, j in enumerate(order)}
    rows["_rank"] = rows["jurisdiction"].map(rank).fillna(len(rank))
    rows = rows.sort_values("_rank", kind="stable").reset_index(drop=True)

    divisor, unit_key = _scale(panel.unit, list(bars["_value"]))
    top = max([v / divisor for v in bars["_value"] if v > 0], default=0.0) or 1.0
    stub = 0.1 * top
    names = [plan_name(j, lang) for j in rows["jurisdiction"]]
    ticks = []
    for n, row in rows.iterrows():  # a plan twice in a panel: say which year
        year = row["target_year"] if "target_year" in rows.columns else None
        repeated = names.count(names[n]) > 1 and _present(year)
        ticks.append(f"{names[n]}\n{int(year)}" if repeated else names[n])
    has_supplementary = False
    for x, row in rows.iterrows():
        if row["_kind"] == "placeholder":
            ax.bar(x, stub, width=0.62, color=PLACEHOLDER_COLOR, edgecolor="0.6", hatch="xx",
                   linewidth=0.8, zorder=2)
            ax.text(x, stub + 0.03 * top, label("states", row["state"], lang), rotation=90,
                    ha="center", va="bottom", fontsize=8, color="0.3")
            continue
        height = row["_value"] / divisor
        color = plan_color(row["jurisdiction"])
        if row["_supplementary"]:
            has_supplementary = True
            ax.bar(x, height, width=0.62, color=mcolors.to_rgba(color, 0.3), edgecolor=color,
                   hatch="///", linewidth=1.0, zorder=2)
        else:
            ax.bar(x, height, width=0.62, color=color, zorder=2)
        ax.annotate(_value_label(row, divisor, lang), (x, max(height, 0)), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=8.5)
    ax.set_xlim(-0.6, max(len(rows), 1) - 0.4)
    ax.set_ylim(0, top * 1.32)
    ax.set_xticks(range(len(rows)), ticks)
    if sum(_width(t.split("\n")[0]) for t in ticks) * 0.085 > axes_width_in * 0.9:
        ax.tick_params(axis="x", labelrotation=35)
        for tick in ax.get_xticklabels():
            tick.set_horizontalalignment("right")
            tick.set_rotation_mode("anchor")
    ax.tick_params(axis="x", length=0)
    ax.yaxis.set_major_formatter(_TICK_FORMAT)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.grid(axis="y", color="0.9", linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    if len(bars):
        text = value_axis_label(unit_key, panel.basis, lang, panel.measure)
        ax.set_ylabel("\n".join(_wrap(line, 46) for line in text.split("\n")))
    else:
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
    title = _wrap(panel.title, title_width)
    if panel.subtitle:
        title = f"{title}\n({panel.subtitle})" if lang == "en" else f"{title}\n（{panel.subtitle}）"
    ax.set_title(title, fontsize=10)
    return has_supplementary


def _bar_legend(fig: Figure, lang: str) -> None:
    handles = [
        Patch(facecolor="0.45", label=label("text", "legend_stated", lang)),
        Patch(facecolor=mcolors.to_rgba("0.45", 0.3), edgecolor="0.45", hatch="///",
              label=label("text", "legend_supplementary", lang)),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2)


def _bar_figure(df: pd.DataFrame, panels: list[_BarPanel], lang: str, ncols: int,
                suptitle: str | None, *, one_row: bool = False) -> Figure:
    """Panels in a grid (``one_row``: side by side, widths in proportion to their bars)."""
    order = _plan_order(df["jurisdiction"])
    nbars = [max(len(p.stated) + len(p.placeholders), 1) for p in panels]
    height = 4.0 + (0.4 if suptitle else 0)
    if one_row or len(panels) == 1:
        widths = [max(2.6 if len(panels) > 1 else 5.0, 0.95 * n + 1.8) for n in nbars]
        fig = Figure(figsize=(sum(widths), height), layout="constrained")
        axes = fig.subplots(1, len(panels), squeeze=False, width_ratios=widths)
        ax_widths = [w - 1.2 for w in widths]
    else:
        ncols = max(1, min(ncols, len(panels)))
        nrows = math.ceil(len(panels) / ncols)
        col_w = max(3.8, 0.8 * max(nbars) + 1.6)
        fig = Figure(figsize=(col_w * ncols, 4.0 * nrows + (0.4 if suptitle else 0)),
                     layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False)
        ax_widths = [col_w - 1.2] * len(panels)
    supplementary = False
    for ax, panel, width in zip(axes.flat, panels, ax_widths, strict=False):
        title_width = max(24, int(width * 11)) if lang == "en" else max(16, int(width * 10))
        supplementary |= _draw_bar_panel(ax, panel, lang, order, width, title_width)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    if supplementary:
        _bar_legend(fig, lang)
    if suptitle:
        fig.suptitle(suptitle, fontsize=12)
    return _finish(fig)


def indicator_bars(
    comparison_long: pd.DataFrame, indicator: str, lang: str = "en", basis: str | None = None
) -> Figure:
    """Bars of one indicator, one per plan; "not stated"/"not in corpus" shown as placeholders.

    ``comparison_long`` is a ``compare_long`` table (columns: COMPARISON_COLUMNS). On the
    as-stated basis, plans whose numbers differ in unit or kind (a stock, a per-resident stock, a
    total over the plan) get one panel each, side by side, so that no axis mixes them.
    """
    check_lang(lang)
    df = _comparison(comparison_long)
    with _context(lang):
        panels = _bar_panels(df, indicator, lang, basis)
        if len(panels) > 1:
            for p in panels:
                p.title, p.subtitle = p.subtitle or p.title, ""
            return _bar_figure(df, panels, lang, len(panels),
                               _wrap(_indicator_name(indicator, lang, df), 80), one_row=True)
        return _bar_figure(df, panels, lang, 1, None)


def indicators_panel(
    comparison_long: pd.DataFrame,
    indicators: Sequence[str] | None = None,
    lang: str = "en",
    basis: str | None = None,
    ncols: int = 3,
) -> Figure:
    """Small multiples of ``indicator_bars`` for several indicators (default: all with a value)."""
    check_lang(lang)
    df = _comparison(comparison_long)
    if isinstance(indicators, str):
        indicators = [indicators]
    if indicators is None:
        indicators = list(dict.fromkeys(df.loc[df["state"] == "stated", "indicator"]))
    if not indicators:
        raise ValueError("indicators_panel needs at least one indicator")
    if ncols < 1:
        raise ValueError(f"ncols must be positive, got {ncols}")
    with _context(lang):
        panels = [p for ind in indicators for p in _bar_panels(df, ind, lang, basis)]
        for p in panels:  # small panels: names without their parenthetical remarks
            p.title = strip_gloss(p.title)
        bases = list(dict.fromkeys(p.basis for p in panels if _present(p.basis)))
        if len(bases) == 1:
            title = label("text", "indicators_title", lang, basis=label("bases", bases[0], lang))
        else:
            title = label("text", "indicators_title_no_basis", lang)
        return _bar_figure(df, panels, lang, ncols, title)
