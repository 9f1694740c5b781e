"""The agency chart: which agencies the plans charge most often with task items, by role.

Decisions (what the module promises)
    Names are the most common one per ``agency_id`` in ``lang`` (zh: ``name_zh``, else the
    name as written, else ``name_en``). A task item counts once per agency and role (when
    ``action_id`` is given). Agencies are ranked by their total over the roles shown, then
    role by role; roles keep ROLE_COLORS (lead darkest).

- ``agency_chart(agencies)``: agencies most often charged (lead vs responsible).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ._common import (
    _context,
    _finish,
    _message_figure,
    _present,
    _require,
    _wrap,
    attach_data,
    check_lang,
    label,
)

__all__ = ["AGENCY_COLUMNS", "ROLE_COLORS", "agency_chart"]

AGENCY_COLUMNS = ("agency_id", "role")
"""Columns ``agency_chart`` needs, plus ``name_en`` (en) or ``name_zh``/``name_as_written`` (zh);
optional ``action_id`` (actions are counted once per agency and role)."""

ROLE_COLORS = {"lead": "#08519C", "responsible": "#6BAED6", "cooperating": "#C6DBEF"}


def _agency_names(df: pd.DataFrame, lang: str) -> pd.Series:
    """Most common name per agency_id in ``lang`` (zh: name_zh, else name as written)."""
    options = ["name_en"] if lang == "en" else ["name_zh", "name_as_written"]
    names = pd.Series(df["agency_id"].astype(str), index=df.index)
    filled = pd.Series([None] * len(df), index=df.index, dtype=object)
    for col in reversed(options + (["name_en"] if lang == "zh" else [])):
        if col in df.columns:
            ok = df[col].map(_present)
            filled = filled.where(~ok, df[col].astype(str).str.strip())
    names = filled.where(filled.notna(), names)
    frame = pd.DataFrame({"agency_id": df["agency_id"].astype(str), "name": names})
    return frame.groupby("agency_id")["name"].agg(lambda s: s.value_counts().index[0])


def agency_chart(
    agencies: pd.DataFrame, lang: str = "en", top: int = 12,
    roles: Sequence[str] = ("lead", "responsible"),
) -> Figure:
    """Horizontal stacked bars of the agencies most often charged with actions, by role."""
    check_lang(lang)
    name_cols = ["name_en"] if lang == "en" else ["name_zh", "name_as_written"]
    df = _require(agencies, AGENCY_COLUMNS, "agencies table")
    if not any(c in df.columns for c in name_cols):
        raise ValueError(f"agencies table is missing required column "
                         f"{' or '.join(map(repr, name_cols))} "
                         f"for lang={lang!r}; has {list(df.columns)}")
    if top < 1:
        raise ValueError(f"top must be positive, got {top}")
    roles = list(roles)
    df = df[df["role"].isin(roles).astype(bool) & df["agency_id"].map(_present).astype(bool)].copy()
    with _context(lang):
        if df.empty:
            return _message_figure(label("text", "agency_empty", lang), label("text", "agency_title", lang))
        df["agency_id"] = df["agency_id"].astype(str)
        names = _agency_names(df, lang)
        if "action_id" in df.columns:
            df = df.drop_duplicates(["agency_id", "role", "action_id"])
        counts = df.groupby(["agency_id", "role"]).size().unstack(fill_value=0)
        counts = counts.reindex(columns=roles, fill_value=0)
        counts["_total"] = counts.sum(axis=1)
        counts = counts.sort_values(["_total", *roles], ascending=False).head(top)
        fig = Figure(figsize=(7.6, max(2.6, 0.42 * len(counts) + 1.7)), layout="constrained")
        ax = fig.add_subplot()
        y = np.arange(len(counts))[::-1]
        left = np.zeros(len(counts))
        for role in roles:
            widths = counts[role].to_numpy(dtype=float)
            ax.barh(y, widths, left=left, height=0.64, label=label("roles", role, lang),
                    color=ROLE_COLORS.get(role, "0.6"), edgecolor="white", linewidth=0.6)
            left += widths
        for yi, total in zip(y, counts["_total"], strict=True):
            ax.text(total, yi, f" {int(total)}", va="center", fontsize=8.5)
        ax.set_yticks(y, [_wrap(names[a], 42 if lang == "en" else 30) for a in counts.index])
        ax.set_xlim(0, counts["_total"].max() * 1.1)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="0.9", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.set_xlabel(label("text", "agency_xlabel", lang))
        ax.set_title(label("text", "agency_title", lang))
        fig.legend(loc="outside lower center", ncols=len(roles))
        data = counts.drop(columns="_total").rename_axis(index="agency_id", columns="role")
        data = data.stack().rename("actions").reset_index()
        data.insert(1, "agency", [names[a] for a in data["agency_id"]])
        return attach_data(_finish(fig), data, lang)
