"""Bars of indicators compared across plans: ``indicator_bars`` and ``indicators_panel``.

Decisions (what the module promises)
    The input is a ``compare_long`` table (COMPARISON_COLUMNS; states in STATES). A plan
    without a number has no bar at all: its slot holds only grey text saying why ("not stated",
    "not in corpus", "not convertible", "other kind of figure") standing on the axis, so nothing
    of real height is drawn for it; a supplementary number is a hatched, paler bar, and the legend (shown only then)
    has exactly that hatched swatch. Values of different units or kinds of number (a stock, a
    per-resident stock, a total over the plan) never share an axis: each gets a panel of its
    own. A panel with fewer than ``min_bars`` bars (default two: one bar compares nothing) is
    not drawn; :func:`lone_bars` lists what was left out, so a report says it in a sentence.
    Every figure is titled with its basis and target years, and carries the tidy table it was
    drawn from (:func:`bar_data`, attached with :func:`~._common.attach_data`). A "stated" row
    without a number is drawn as not convertible. Plans keep registry order and their colour.

- ``indicator_bars(comparison, indicator)``: one bar per plan (one panel per unit and kind).
- ``indicators_panel(comparison, indicators)``: small multiples of those, names without gloss.
- ``bar_data(comparison, indicators)``: the tidy table of what the bars show.
- ``lone_bars(comparison, indicators)``: the values left out because they would stand alone.
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
    _message_figure,
    _plan_order,
    _present,
    _require,
    _scale,
    _truthy,
    _width,
    _wrap,
    _years_text,
    attach_data,
    check_lang,
    label,
    plan_color,
    plan_name,
    unit_text,
)

__all__ = [
    "BAR_DATA_COLUMNS", "COMPARISON_COLUMNS", "PLACEHOLDER_COLOR", "STATES", "bar_data",
    "indicator_bars", "indicators_panel", "lone_bars",
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

PLACEHOLDER_COLOR = "0.45"
"""Colour of the text standing in a slot without a bar."""

OTHER_KIND = "other_kind"
"""The words in a panel's slot for a plan whose figure is of another unit or kind (it is in
:func:`lone_bars`, or in another panel)."""

MIN_BARS = 2
"""A panel needs this many bars to be drawn: one bar alone compares nothing."""

BAR_DATA_COLUMNS = (
    "indicator", "indicator_name", "basis", "panel", "jurisdiction", "plan", "drawn", "state",
    "value", "value_high", "comparator", "unit", "kind", "target_year", "supplementary",
)
"""Columns of :func:`bar_data` (``value`` in base units; ``drawn``: bar, no_bar or left_out)."""


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
    years: str = ""  # the target years of its bars, as text ("2020", "2019–2021")


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


def _bar_panels(df: pd.DataFrame, indicator: str, lang: str, basis: str | None,
                min_bars: int = 1) -> tuple[list[_BarPanel], list[_BarPanel]]:
    """(drawn, left out): one panel per (unit, kind of number) of the stated values; a panel
    with fewer than ``min_bars`` bars is left out; placeholders go in the last drawn panel.

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
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        section = "kinds" if kind_col == "kind" else "measures"
        subtitle = label(section, key[1], lang) if kind_col and _present(key[1]) else ""
        measures = group["measure"].dropna() if "measure" in group.columns else pd.Series([])
        bases = group["basis"].dropna()
        years = group["target_year"] if "target_year" in group.columns else pd.Series([])
        panels.append(_BarPanel(
            indicator, name, group, placeholders.iloc[0:0], key[0],
            measures.iloc[0] if len(measures) else None, subtitle,
            bases.iloc[0] if len(bases) else basis, _years_text(years, lang)))
    if len(panels) == 1:
        panels[0].subtitle = ""
    subtitles = [p.subtitle for p in panels]
    for p in panels:  # two panels of the same kind differ in unit: say which
        if subtitles.count(p.subtitle) > 1:
            unit = unit_text(p.unit, lang, p.measure)
            p.subtitle = f"{p.subtitle}, {unit}" if lang == "en" else f"{p.subtitle}，{unit}"
    drawn = [p for p in panels if len(p.stated) >= min_bars]
    left_out = [p for p in panels if len(p.stated) < min_bars]
    if drawn:  # a plan whose figure is of another kind is named too, never silently absent
        shown = {j for p in drawn for j in p.stated["jurisdiction"]}
        other = pd.concat([p.stated for p in left_out]) if left_out else stated.iloc[0:0]
        other = other[~other["jurisdiction"].isin(shown)].drop_duplicates("jurisdiction")
        drawn[-1].placeholders = pd.concat([placeholders, other.assign(state=OTHER_KIND)],
                                           ignore_index=True)
    elif not panels and min_bars <= 0:
        bases = rows["basis"].dropna()
        drawn.append(_BarPanel(indicator, name, stated, placeholders, None, None, "",
                               bases.iloc[0] if len(bases) else basis))
    return drawn, left_out


def _panel_rows(panel: _BarPanel, lang: str, drawn: bool) -> list[dict]:
    """The rows of one panel as bar_data records."""
    out = []
    label_ = panel.subtitle or ""
    placeholders = panel.placeholders[panel.placeholders["state"] != OTHER_KIND]
    for kind, frame in (("bar", panel.stated), ("no_bar", placeholders)):
        for r in frame.to_dict("records"):
            out.append({
                "indicator": panel.indicator, "indicator_name": strip_gloss(panel.title),
                "basis": r.get("basis") if _present(r.get("basis")) else panel.basis,
                "panel": label_, "jurisdiction": r["jurisdiction"],
                "plan": plan_name(r["jurisdiction"], lang),
                "drawn": kind if drawn else "left_out", "state": r["state"],
                "value": r["_value"] if kind == "bar" else float("nan"),
                "value_high": r.get("value_high") if kind == "bar" else float("nan"),
                "comparator": r.get("comparator"), "unit": r.get("unit") if kind == "bar" else None,
                "kind": r.get("kind", r.get("measure")), "target_year": r.get("target_year"),
                "supplementary": bool(r["_supplementary"]),
            })
    return out


def _data_table(records: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(records, columns=list(BAR_DATA_COLUMNS))


def _indicators(df: pd.DataFrame, indicators: Sequence[str] | str | None) -> list[str]:
    if isinstance(indicators, str):
        indicators = [indicators]
    if indicators is None:
        indicators = list(dict.fromkeys(df.loc[df["state"] == "stated", "indicator"]))
    return list(indicators)


def bar_data(comparison_long: pd.DataFrame, indicators: Sequence[str] | str | None = None,
             lang: str = "en", basis: str | None = None, min_bars: int = MIN_BARS) -> pd.DataFrame:
    """The tidy table the bars are drawn from (BAR_DATA_COLUMNS): one row per plan and panel;
    ``drawn`` is ``bar``, ``no_bar`` (a plan without a number: words, no height) or
    ``left_out`` (a bar that would stand alone in its panel)."""
    check_lang(lang)
    df = _comparison(comparison_long)
    records: list[dict] = []
    for ind in _indicators(df, indicators):
        drawn, left_out = _bar_panels(df, ind, lang, basis, min_bars)
        for p in drawn:
            records += _panel_rows(p, lang, True)
        for p in left_out:
            records += _panel_rows(p, lang, False)
    return _data_table(records)


def lone_bars(comparison_long: pd.DataFrame, indicators: Sequence[str] | str | None = None,
              lang: str = "en", basis: str | None = None, min_bars: int = MIN_BARS) -> pd.DataFrame:
    """The values :func:`indicator_bars`/:func:`indicators_panel` leave out because their panel
    would hold fewer than ``min_bars`` bars (bar_data rows with ``drawn == "left_out"``)."""
    data = bar_data(comparison_long, indicators, lang, basis, min_bars)
    return data[data["drawn"] == "left_out"].reset_index(drop=True)


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
    names = [plan_name(j, lang) for j in rows["jurisdiction"]]
    ticks = []
    for n, row in rows.iterrows():  # a plan twice in a panel: say which year
        year = row["target_year"] if "target_year" in rows.columns else None
        repeated = names.count(names[n]) > 1 and _present(year)
        ticks.append(f"{names[n]}\n{int(year)}" if repeated else names[n])
    has_supplementary = False
    for x, row in rows.iterrows():
        if row["_kind"] == "placeholder":  # no bar: words on the axis, nothing of any height
            ax.text(x, 0.02 * top, label("states", row["state"], lang), rotation=90,
                    ha="center", va="bottom", fontsize=8.5, color=PLACEHOLDER_COLOR,
                    style="italic")
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
    if len(bars):  # the basis is in the figure's title: the axis says the unit only
        ax.set_ylabel(_wrap(unit_text(unit_key, lang, panel.measure), 40))
    else:
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
    title = _wrap(panel.title, title_width) if panel.title else ""
    extra = [t for t in (panel.subtitle, panel.years) if t]
    if extra:
        inner = ("; " if lang == "en" else "；").join(extra)
        inner = f"({inner})" if lang == "en" else f"（{inner}）"
        title = f"{title}\n{inner}" if title else inner
    ax.set_title(title, fontsize=10, pad=8)
    return has_supplementary


def _bar_legend(fig: Figure, lang: str) -> None:
    """The one swatch that needs a key: a hatched, pale bar is supplementary (bars are coloured
    by plan, named on the axis, so a plain bar needs no legend entry)."""
    handles = [Patch(facecolor="white", edgecolor="0.3", hatch="///",
                     label=label("text", "legend_supplementary", lang))]
    fig.legend(handles=handles, loc="outside lower center", ncols=1)


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


def _basis_title(key: str, lang: str, panels: list[_BarPanel], **fields: Any) -> str:
    bases = list(dict.fromkeys(p.basis for p in panels if _present(p.basis)))
    if len(bases) == 1:
        return label("text", key, lang, basis=label("bases", bases[0], lang), **fields)
    return label("text", f"{key}_no_basis", lang, **fields)


def indicator_bars(
    comparison_long: pd.DataFrame, indicator: str, lang: str = "en", basis: str | None = None,
    min_bars: int = MIN_BARS,
) -> Figure:
    """Bars of one indicator, one per plan; a plan without a number gets words, not a bar.

    ``comparison_long`` is a ``compare_long`` table (columns: COMPARISON_COLUMNS). On the
    as-stated basis, plans whose numbers differ in unit or kind (a stock, a per-resident stock, a
    total over the plan) get one panel each, side by side, so that no axis mixes them; a panel
    with fewer than ``min_bars`` bars is left out (:func:`lone_bars` lists it). The title names
    the basis; each panel, its target years. The figure carries :func:`bar_data`.
    """
    check_lang(lang)
    df = _comparison(comparison_long)
    data = bar_data(df, [indicator], lang, basis, min_bars)
    with _context(lang):
        panels, _ = _bar_panels(df, indicator, lang, basis, min_bars)
        name = _indicator_name(indicator, lang, df)
        if not panels:
            return attach_data(_message_figure(label("text", "lone_bar", lang), _wrap(name, 60)), data, lang)
        title = _wrap(_basis_title("bars_title", lang, panels, indicator=strip_gloss(name)), 80)
        for p in panels:
            p.title = p.subtitle
            p.subtitle = ""
        fig = _bar_figure(df, panels, lang, len(panels), title, one_row=True)
        return attach_data(fig, data, lang)


def indicators_panel(
    comparison_long: pd.DataFrame,
    indicators: Sequence[str] | None = None,
    lang: str = "en",
    basis: str | None = None,
    ncols: int = 3,
    min_bars: int = MIN_BARS,
) -> Figure:
    """Small multiples of ``indicator_bars`` for several indicators (default: all with a value);
    panels with fewer than ``min_bars`` bars are left out (:func:`lone_bars` lists them)."""
    check_lang(lang)
    df = _comparison(comparison_long)
    indicators = _indicators(df, indicators)
    if not indicators:
        raise ValueError("indicators_panel needs at least one indicator")
    if ncols < 1:
        raise ValueError(f"ncols must be positive, got {ncols}")
    data = bar_data(df, indicators, lang, basis, min_bars)
    with _context(lang):
        panels = [p for ind in indicators for p in _bar_panels(df, ind, lang, basis, min_bars)[0]]
        if not panels:
            return attach_data(_message_figure(label("text", "lone_bar", lang)), data, lang)
        for p in panels:  # small panels: names without their parenthetical remarks
            p.title = strip_gloss(p.title)
        title = _basis_title("indicators_title", lang, panels)
        return attach_data(_bar_figure(df, panels, lang, ncols, title), data, lang)
