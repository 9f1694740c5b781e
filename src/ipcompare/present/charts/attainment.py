"""The attainment chart: each judged target's outcome as a share of the target, both dated.

Decisions (what the module promises)
    Only rows whose outcome is known are drawn (``met``, ``not_met``, ``met_lower_bound``): an
    unknown attainment is never a bar, a zero or a gap; the figure's note counts the unknown
    rows and says they are listed in the table beside it. A bar is the outcome ÷ the target
    (100% = the target, a line); its label gives both figures with their dates (≈ where the outcome was converted with a
    population). A lower bound
    (突破 X) is hatched and labelled "≥"; a target from a reference source is marked
    supplementary, as in the other charts.

- ``attainment_chart(attainment)``: outcome as % of target, one bar per judged target.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ._common import (
    _context,
    _finish,
    _fmt,
    _indicator_name,
    _message_figure,
    _require,
    _truthy,
    _wrap,
    attach_data,
    check_lang,
    label,
    plan_color,
    unit_text,
)

__all__ = ["ATTAINMENT_CHART_COLUMNS", "attainment_chart"]

ATTAINMENT_CHART_COLUMNS = (
    "jurisdiction",
    "indicator",
    "target_value",
    "target_year",
    "outcome_converted",
    "outcome_as_of",
    "status",
    "supplementary",
)
"""Columns ``attainment_chart`` needs (those of ``ipc.attainment()``); ``unit``,
``target_measure`` and ``conversion`` are used when present."""

_JUDGED = ("met", "not_met", "met_lower_bound")


def attainment_chart(attainment: pd.DataFrame, lang: str = "en") -> Figure:
    """Horizontal bars of outcome ÷ target (%) for the targets whose outcome is known."""
    check_lang(lang)
    df = _require(attainment, ATTAINMENT_CHART_COLUMNS, "attainment table")
    judged = df[df["status"].isin(_JUDGED)].reset_index(drop=True)
    unknown = int((df["status"] == "unknown").sum())
    data = chart_data(df)
    with _context(lang):
        title = label("text", "attainment_title", lang)
        if judged.empty:
            return attach_data(_message_figure(
                _wrap(label("text", "attainment_empty", lang, n=unknown), 60), title
            ), data, lang)
        fig = Figure(figsize=(9.0, max(2.4, 0.75 * len(judged) + 1.8)), layout="constrained")
        ax = fig.add_subplot()
        y = np.arange(len(judged))[::-1]
        pct = judged["outcome_converted"].astype(float) / judged["target_value"].astype(float) * 100
        published = (
            judged["conversion"].fillna("").astype(str).str.startswith("as published")
            if "conversion" in judged
            else pd.Series(True, index=judged.index)
        )
        derived = ~published.astype(bool)
        lower = (judged["status"] == "met_lower_bound").to_numpy()
        sup = _truthy(judged["supplementary"]).to_numpy()
        for yi, p, lb, s, j in zip(y, pct, lower, sup, judged["jurisdiction"], strict=True):
            ax.barh(
                yi,
                p,
                height=0.6,
                color=plan_color(str(j)),
                alpha=0.55 if s else 0.9,
                hatch="///" if lb or s else None,
                edgecolor="0.3",
                linewidth=0.6,
            )
        ax.axvline(100, color="0.2", linewidth=1.2, linestyle="--")
        top = float(max(pct.max(), 100)) * 2.6
        ax.set_xlim(0, top)
        for yi, p, r, lb, d in zip(y, pct, judged.to_dict("records"), lower, derived, strict=True):
            text = label(
                "text",
                "attainment_bar",
                lang,
                outcome=("≥" if lb else "≈" if d else "") + _fmt(float(r["outcome_converted"])),
                as_of=r["outcome_as_of"],
                target=_fmt(float(r["target_value"])),
                year=int(r["target_year"]),
                unit=unit_text(r.get("unit", ""), lang, r.get("target_measure")),
            )
            ax.text(p, yi, " " + text, va="center", fontsize=8)
        names = []
        for r, s in zip(judged.to_dict("records"), sup, strict=True):
            name = _indicator_name(str(r["indicator"]), lang)
            names.append(
                _wrap(
                    name + (label("text", "attainment_supplementary", lang) if s else ""),
                    34 if lang == "en" else 30,
                )
            )
        ax.set_yticks(y, names)
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel(label("text", "attainment_xlabel", lang))
        ax.set_title(title)
        if unknown:
            note = _wrap(label("text", "attainment_unknown_note", lang, n=unknown), 100)
            fig.supxlabel(note, fontsize=8, color="0.35")
        return attach_data(_finish(fig), data, lang)


def chart_data(attainment: pd.DataFrame) -> pd.DataFrame:
    """The table an attainment chart is drawn from: every row, judged or not, with the outcome
    as a percentage of the target where it was judged (empty where unknown: never a bar)."""
    cols = [c for c in ("jurisdiction", "indicator", "target_value", "unit", "target_year",
                        "supplementary", "outcome_converted", "outcome_as_of", "status", "reason")
            if c in attainment.columns]
    out = attainment[cols].copy()
    judged = out["status"].isin(_JUDGED)
    pct = out["outcome_converted"].astype(float) / out["target_value"].astype(float) * 100
    out["percent_of_target"] = pct.where(judged)
    return out
