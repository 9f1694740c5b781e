"""Charts of plans × categories (or instruments) count matrices: coverage, similarity, instrument mix.

Decisions (what the module promises)
    Every chart here takes a count matrix (index: plans; columns: categories or instrument
    types; finite non-negative numbers, checked by ``_check_counts``), as
    ``ipcompare.coverage()`` returns it. Columns are named instruments when the matrix says so
    (``attrs["kind"]`` or the columns' name) or, failing that, when they are instrument types;
    instrument columns are drawn in INSTRUMENTS order, then any others. Rows are labelled with
    the plans' names in ``lang``.

- ``coverage_heatmap(matrix)``: plans × categories (or instruments), annotated counts.
- ``similarity_dendrogram(matrix)``: Jensen–Shannon clustering (``ipcompare.analysis.stats.cluster``).
- ``instrument_mix(matrix)``: supply / demand / environment shares per plan.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ...analysis import stats
from ...vocab.constants import INSTRUMENTS
from ._common import (
    PALETTE,
    _check_counts,
    _context,
    _finish,
    _fmt,
    _labels,
    _width,
    _wrap,
    attach_data,
    check_lang,
    label,
    plan_name,
)

__all__ = ["coverage_heatmap", "instrument_mix", "similarity_dendrogram"]

def _column_names(matrix: pd.DataFrame, lang: str) -> tuple[list[str], bool]:
    """Names of matrix columns (categories or instruments) and whether they are instruments."""
    cols = [str(c) for c in matrix.columns]
    kind = matrix.attrs.get("kind") or matrix.columns.name
    is_instrument = kind == "instrument" or (
        kind != "category" and bool(set(cols) & set(INSTRUMENTS))
        and set(cols) <= set(_labels()["instruments"]))
    section = "instruments" if is_instrument else "categories"
    return [label(section, c, lang) for c in cols], is_instrument


# ----------------------------------------------------------------------------- coverage


def coverage_heatmap(
    matrix: pd.DataFrame, lang: str = "en", title: str | None = None,
    count_label: str | None = None,
) -> Figure:
    """Heatmap of a plans × categories (or instruments) count matrix, counts annotated.

    Rows are labelled with the plans' names and columns with the category (or instrument type,
    when the columns are supply/demand/environment) names in ``lang``; the colour bar says what
    is counted when ``matrix.attrs["source"]`` does (as ``coverage()`` sets it).
    """
    check_lang(lang)
    values = _check_counts(matrix, "coverage matrix")
    with _context(lang):
        col_names, is_instrument = _column_names(matrix, lang)
        row_names = [plan_name(j, lang) for j in values.index]
        n_rows, n_cols = values.shape
        fig = Figure(figsize=(max(4.8, 0.9 * n_cols + 3.0), max(2.6, 0.5 * n_rows + 2.0)),
                     layout="constrained")
        ax = fig.add_subplot()
        arr = values.to_numpy()
        vmax = max(float(arr.max()), 1.0)
        im = ax.imshow(arr, cmap="Blues", vmin=0, vmax=vmax, aspect="auto")
        integer = bool(np.array_equal(arr, np.round(arr)))
        for i in range(n_rows):
            for j in range(n_cols):
                v = arr[i, j]
                ax.text(j, i, f"{int(v)}" if integer else f"{v:.1f}", ha="center", va="center",
                        fontsize=9, color="white" if v > 0.6 * vmax else "0.15")
        ax.set_xticks(range(n_cols), col_names)
        ax.set_yticks(range(n_rows), row_names)
        if sum(_width(n) for n in col_names) > 7 * n_cols:
            ax.tick_params(axis="x", labelrotation=30)
            for tick in ax.get_xticklabels():
                tick.set_horizontalalignment("right")
                tick.set_rotation_mode("anchor")
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlabel(label("text", "coverage_xlabel_instrument" if is_instrument else
                            "coverage_xlabel", lang))
        ax.set_ylabel(label("text", "coverage_ylabel", lang))
        ax.set_title(title if title is not None else label(
            "text", "coverage_title_instrument" if is_instrument else "coverage_title", lang))
        bar = fig.colorbar(im, ax=ax, shrink=0.9, pad=0.02)
        source = matrix.attrs.get("source")
        key = f"coverage_count_{source}" if f"coverage_count_{source}" in _labels()["text"] else (
            "coverage_count")
        bar.set_label(count_label if count_label is not None else label("text", key, lang))
        bar.ax.yaxis.set_major_locator(MaxNLocator(integer=integer, nbins=5))
        bar.outline.set_visible(False)
        return attach_data(_finish(fig), _tidy_matrix(values, lang, "column", "count"), lang)


def _tidy_matrix(values: pd.DataFrame, lang: str, column: str, value: str) -> pd.DataFrame:
    """A plans × columns matrix as a tidy table: jurisdiction, plan, column, value."""
    out = values.rename_axis(index="jurisdiction", columns=column).stack().rename(value).reset_index()
    out.insert(1, "plan", [plan_name(j, lang) for j in out["jurisdiction"]])
    return out


# ----------------------------------------------------------------------------- clustering


def similarity_dendrogram(matrix: pd.DataFrame, lang: str = "en", method: str = "average") -> Figure:
    """Dendrogram of plans clustered on Jensen–Shannon distances of their coverage profiles."""
    from scipy.cluster.hierarchy import dendrogram

    check_lang(lang)
    values = _check_counts(matrix, "coverage matrix")
    result = stats.cluster(values, method=method)
    with _context(lang):
        names = [plan_name(j, lang) for j in result.labels]
        fig = Figure(figsize=(6.8, max(2.6, 0.55 * len(names) + 1.6)), layout="constrained")
        ax = fig.add_subplot()
        dendrogram(result.linkage, labels=names, ax=ax, orientation="right",
                   color_threshold=0, above_threshold_color=PALETTE[0], leaf_font_size=10)
        ax.set_xlim(left=0)
        ax.spines[["left", "top", "right"]].set_visible(False)
        ax.set_xlabel(_wrap(label("text", "dendrogram_xlabel", lang), 70))
        ax.set_title(label("text", "dendrogram_title", lang,
                           method=label("linkage", result.method, lang)))
        return attach_data(_finish(fig), _tidy_matrix(values, lang, "column", "count"), lang)


# ----------------------------------------------------------------------------- instruments


def instrument_mix(matrix: pd.DataFrame, lang: str = "en") -> Figure:
    """Stacked horizontal bars of each plan's shares of supply / demand / environment actions."""
    check_lang(lang)
    values = _check_counts(matrix, "instrument matrix")
    cols = [c for c in INSTRUMENTS if c in values.columns] + [
        c for c in values.columns if c not in INSTRUMENTS]
    values = values[cols]
    with _context(lang):
        totals = values.sum(axis=1)
        shares = values.div(totals.where(totals > 0), axis=0).fillna(0.0) * 100
        plans = list(values.index)
        fig = Figure(figsize=(7.2, max(2.4, 0.55 * len(plans) + 1.7)), layout="constrained")
        ax = fig.add_subplot()
        y = np.arange(len(plans))[::-1]  # first plan on top
        left = np.zeros(len(plans))
        colors = ["#0072B2", "#E69F00", "#009E73", "#999999", "#CC79A7", "#56B4E9"]
        for n, col in enumerate(cols):
            widths = shares[col].to_numpy()
            ax.barh(y, widths, left=left, height=0.62, color=colors[n % len(colors)],
                    label=label("instruments", col, lang), edgecolor="white", linewidth=0.8)
            for yi, w, lft in zip(y, widths, left, strict=True):
                if w >= 5:
                    ax.text(lft + w / 2, yi, f"{w:.0f}%", ha="center", va="center", fontsize=8.5,
                            color="white" if n % len(colors) in (0, 2) else "0.1")
            left += widths
        for yi, total in zip(y, totals, strict=True):
            text = (label("text", "instrument_total", lang, n=_fmt(total)) if total > 0
                    else label("text", "instrument_none", lang))
            ax.text(101.5 if total > 0 else 1, yi, text, va="center", fontsize=8, color="0.35")
        ax.set_yticks(y, [plan_name(p, lang) for p in plans])
        ax.set_xlim(0, 100)
        ax.set_ylim(-0.6, len(plans) - 0.4)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}"))
        ax.set_xlabel(label("text", "instrument_xlabel", lang))
        ax.set_title(label("text", "instrument_title", lang))
        ax.spines[["left"]].set_visible(False)
        ax.tick_params(axis="y", length=0)
        fig.legend(loc="outside lower center", ncols=len(cols))
        data = _tidy_matrix(values, lang, "instrument", "actions").merge(
            _tidy_matrix(shares, lang, "instrument", "share_percent"), on=["jurisdiction", "plan", "instrument"])
        return attach_data(_finish(fig), data, lang)
