"""Charts comparing plans, each returned as a matplotlib Figure in English or Chinese.

Every function takes the tables of the analysis modules as arguments (so any table with the
documented columns works), a ``lang`` of ``"en"`` or ``"zh"``, and returns a
``matplotlib.figure.Figure`` that is not registered with pyplot (nothing to close, nothing
leaks; Jupyter still displays it). Fonts come from ``ipcompare.fonts.use_cjk(lang)`` inside
each function, so Chinese renders with a pip-only install, a global seaborn theme cannot
override the font, and global ``matplotlib.rcParams`` are never changed. All text (titles,
axis labels with units and basis, legends, category, instrument, unit and basis names) is data
in ``data/chart_labels.yaml``.

- ``coverage_heatmap(matrix)``: plans × categories (or instruments), annotated counts.
- ``indicator_bars(comparison, indicator)`` / ``indicators_panel(comparison, indicators)``:
  one bar per plan, "not stated" / "not in corpus" placeholders, supplementary bars hatched.
- ``growth_dotplot(targets)``: annual-growth targets, % per year.
- ``milestone_trajectories(targets, indicator)``: yearly milestones as lines, other plans'
  end-point targets as markers (same measure only, said in a footnote).
- ``similarity_dendrogram(matrix)``: Jensen–Shannon clustering (``ipcompare.stats.cluster``).
- ``instrument_mix(matrix)``: supply / demand / environment shares per plan.
- ``agency_chart(agencies)``: agencies most often charged (lead vs responsible).
"""

from __future__ import annotations

import copy
import math
import re
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import matplotlib
import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import yaml
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..analysis import stats
from ..caching import data_cache
from ..corpus.registry import jurisdictions as _jurisdictions
from ..paths import data_path
from ..vocab.taxonomy import load_taxonomy
from . import fonts

LANGS = fonts.LANGS

COMPARISON_COLUMNS = (
    "indicator", "jurisdiction", "state", "value", "unit", "basis", "supplementary",
)
"""Columns ``indicator_bars`` and ``indicators_panel`` need (``compare_long`` has them all).

Optional: ``indicator_zh``/``indicator_en`` (titles), ``measure`` (axis text, panels per
measure), ``comparator`` (≥ before a value), ``target_year``, ``unit_mult`` (power of ten of
``value``; base values are assumed without it)."""

STATES = ("stated", "not_stated", "not_in_corpus", "not_convertible")
GROWTH_COLUMNS = ("jurisdiction", "measure", "value", "subject")
"""Columns ``growth_dotplot`` needs; optional ``indicator``, ``status``, ``unit``."""

MILESTONE_COLUMNS = ("jurisdiction", "indicator", "status", "measure", "value", "unit", "target_year")
"""Columns ``milestone_trajectories`` needs; optional ``base_value`` or ``unit_mult``, ``subject``."""

AGENCY_COLUMNS = ("agency_id", "role")
"""Columns ``agency_chart`` needs, plus ``name_en`` (en) or ``name_zh``/``name_as_written`` (zh);
optional ``measure_id`` (measures are counted once per agency and role)."""

INSTRUMENTS = ("supply", "demand", "environment")

# Okabe–Ito, colour-blind safe; a plan keeps its colour across charts (registry order).
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
)
ROLE_COLORS = {"lead": "#08519C", "responsible": "#6BAED6", "cooperating": "#C6DBEF"}
PLACEHOLDER_COLOR = "0.93"

STYLE: dict[str, Any] = {
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.labelsize": 9.5,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "hatch.linewidth": 0.8,
}
"""rcParams (never fonts) applied, with the fonts, inside each chart function only."""

_CJK_RE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_PAREN_RE = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


# ----------------------------------------------------------------------------- labels


@data_cache
def _labels() -> dict[str, dict[str, dict[str, str]]]:
    path = data_path("chart_labels.yaml")
    with open(path, encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return parse_labels(raw, str(path))


def parse_labels(raw: Any, source: str = "chart_labels.yaml") -> dict[str, dict[str, dict[str, str]]]:
    """Validate the chart-label mapping: every entry needs a string in each of LANGS."""
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: top level must be a mapping")
    out: dict[str, dict[str, dict[str, str]]] = {}
    for section, entries in raw.items():
        if section == "version":
            continue
        if not isinstance(entries, dict) or not entries:
            raise ValueError(f"{source}: section {section!r} must be a non-empty mapping")
        for key, entry in entries.items():
            if not isinstance(entry, dict):
                raise ValueError(f"{source}: {section}.{key} must map languages to strings")
            missing = [lang for lang in LANGS if not isinstance(entry.get(lang), str)]
            if missing:
                raise ValueError(f"{source}: {section}.{key} has no string for {missing}")
            fields = {lang: set(re.findall(r"{(\w*)}", entry[lang])) for lang in LANGS}
            if len({frozenset(f) for f in fields.values()}) > 1:
                raise ValueError(f"{source}: {section}.{key} has different fields per language: {fields}")
        out[str(section)] = {str(k): dict(v) for k, v in entries.items()}
    return out


def chart_labels() -> dict[str, dict[str, dict[str, str]]]:
    """Return a copy of data/chart_labels.yaml: section → key → {"en": …, "zh": …}."""
    return copy.deepcopy(_labels())


def label(section: str, key: Any, lang: str, **fields: Any) -> str:
    """Return the text of ``section.key`` in ``lang`` (unknown keys: the key, spaced)."""
    check_lang(lang)
    entry = _labels().get(section, {}).get(str(key))
    text = entry[lang] if entry else str(key).replace("_", " ")
    return text.format(**fields) if fields else text


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is one of LANGS, else raise ValueError."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


# ----------------------------------------------------------------------------- plans


@data_cache
def _registry_names() -> dict[str, dict[str, str]]:
    reg = _jurisdictions().drop_duplicates("jurisdiction")
    return {
        str(row.jurisdiction): {"en": str(row.name_en), "zh": str(row.name_zh)}
        for row in reg.itertuples()
    }


def plan_name(jurisdiction: str, lang: str) -> str:
    """Return a registered jurisdiction's name in ``lang`` (unregistered ids: the id itself)."""
    check_lang(lang)
    names = _registry_names().get(str(jurisdiction))
    return names[lang] if names else str(jurisdiction)


def _plan_order(ids: Sequence[Any]) -> list[str]:
    """Distinct ids: registered ones in registry order, then the others as they come."""
    registered = list(_registry_names())
    seen = list(dict.fromkeys(str(i) for i in ids))
    return [j for j in registered if j in seen] + [j for j in seen if j not in registered]


def plan_color(jurisdiction: str) -> str:
    """Return the colour of a plan (stable across charts: registry order, else by hash)."""
    registered = list(_registry_names())
    jid = str(jurisdiction)
    if jid in registered:
        return PALETTE[registered.index(jid) % len(PALETTE)]
    return PALETTE[(len(registered) + sum(map(ord, jid))) % len(PALETTE)]


# ----------------------------------------------------------------------------- helpers


def _require(df: Any, columns: Sequence[str], what: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what} is missing required column(s) {missing}; has {list(df.columns)}")
    return df


def _check_counts(matrix: Any, what: str) -> pd.DataFrame:
    """Return a plans × columns count matrix as floats, or raise ValueError."""
    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, got {type(matrix).__name__}")
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise ValueError(f"{what} is empty (shape {matrix.shape})")
    bad = [str(c) for c, t in matrix.dtypes.items()
           if not pd.api.types.is_numeric_dtype(t) or pd.api.types.is_bool_dtype(t)]
    if bad:
        raise ValueError(f"{what}: columns must be numeric counts; not numeric: {bad}")
    values = matrix.astype(float)
    arr = values.to_numpy()
    if np.isnan(arr).any() or (arr < 0).any() or not np.isfinite(arr).all():
        raise ValueError(f"{what} must hold finite, non-negative counts")
    return values


@contextmanager
def _context(lang: str) -> Iterator[None]:
    """Fonts for ``lang`` plus STYLE, in an rc_context (global rcParams untouched)."""
    check_lang(lang)
    with fonts.use_cjk(lang), matplotlib.rc_context(STYLE):
        yield


def _finish(fig: Figure) -> Figure:
    """Lay out and draw once inside the font context, so every tick label gets its font."""
    fig.draw_without_rendering()
    return fig


def _message_figure(text: str, title: str | None = None) -> Figure:
    fig = Figure(figsize=(6, 2.2), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=11, color="0.35",
            transform=ax.transAxes)
    if title:
        ax.set_title(title)
    return _finish(fig)


def _width(text: str) -> int:
    """Display width in Latin characters (a Chinese character counts as two)."""
    return sum(2 if _CJK_RE.match(ch) else 1 for ch in text)


def _wrap(text: str, width: int) -> str:
    """Wrap Latin text at spaces and Chinese text every ``width // 2`` characters."""
    if _CJK_RE.search(text) and " " not in text.strip():
        step = max(width // 2, 1)
        return "\n".join(text[i:i + step] for i in range(0, len(text), step))
    return "\n".join(textwrap.wrap(text, width)) or text


def _short(text: str) -> str:
    """Drop a trailing parenthetical remark from a name (keeps it if that is all there is)."""
    short = _PAREN_RE.sub("", text)
    return short or text


def _fmt(value: float) -> str:
    """A number as people write it: 45,000 · 30 · 1.5 · 0.25."""
    if not math.isfinite(value):
        return ""
    if float(value).is_integer() or abs(value) >= 1000:
        return f"{round(value):,}"
    if abs(value) >= 1:
        digits = 2 if abs(value) < 10 else 1
    else:  # three significant digits
        digits = 2 - math.floor(math.log10(abs(value)))
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".")


_TICK_FORMAT = FuncFormatter(lambda v, _pos: _fmt(v))


def _truthy(series: pd.Series) -> pd.Series:
    return series.map(lambda v: v is True or (not isinstance(v, str) and v == 1)
                      or str(v).strip().lower() in {"true", "yes"}).astype(bool)


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value)) and not (
        value is pd.NA or value is pd.NaT) and str(value).strip() != ""


def _base_values(df: pd.DataFrame) -> pd.Series:
    """Values in base units: ``base_value`` if given, else ``value * 10**unit_mult`` or ``value``."""
    value = pd.to_numeric(df["value"], errors="coerce")
    if "base_value" in df.columns:
        base = pd.to_numeric(df["base_value"], errors="coerce")
        return base.where(base.notna(), value)
    if "unit_mult" in df.columns:
        mult = pd.to_numeric(df["unit_mult"], errors="coerce").fillna(0)
        return value * np.power(10.0, mult)
    return value


def _split_unit(unit: Any) -> tuple[str, str]:
    """A unit text as (code, ending): "CNY per year" → ("CNY", "per year")."""
    if not _present(unit):
        return "", ""
    code, _, ending = str(unit).strip().partition(" ")
    return code, ending.strip()


def _scale(unit: Any, values: Sequence[float]) -> tuple[float, Any]:
    """Divisor and unit text for display: money in 10,000 or 100 million yuan."""
    code, ending = _split_unit(unit)
    finite = [abs(v) for v in values if v is not None and math.isfinite(v)]
    top = max(finite, default=0.0)
    if code == "CNY" and top >= 1e4:
        divisor, code = (1e8, "CNY_1e8") if top >= 1e8 else (1e4, "CNY_1e4")
        return divisor, f"{code} {ending}".strip()
    return 1.0, unit


def unit_text(unit: Any, lang: str, measure: Any = None) -> str:
    """Axis text of a unit: a code ("items", with ``measure`` "per_capita": "items per 10,000
    residents") or a comparison table's unit text ("items per 10k residents")."""
    check_lang(lang)
    code, ending = _split_unit(unit)
    units = _labels()["units"]
    if not code:
        return ""
    if code not in units:
        return str(unit)
    u = label("units", code, lang)
    if not ending:
        if _present(measure) and str(measure) in _labels()["measure_units"]:
            return label("measure_units", measure, lang, unit=u).strip()
        return u
    if ending not in _labels()["unit_suffixes"]:
        return f"{u} {ending}"
    tail = label("unit_suffixes", ending, lang)
    return f"{u} {tail}" if lang == "en" else f"{u}{tail}"


def value_axis_label(unit: Any, basis: Any, lang: str, measure: Any = None) -> str:
    """A value axis label: the unit (see ``unit_text``) and the comparison basis."""
    u = unit_text(unit, lang, measure)
    if _present(basis):
        return label("text", "value_axis", lang, unit=u, basis=label("bases", basis, lang)).strip()
    return label("text", "value_axis_no_basis", lang, unit=u)


def _indicator_name(indicator: str, lang: str, table: pd.DataFrame | None = None) -> str:
    """Indicator name in ``lang``: table's indicator_zh/indicator_en, else taxonomy, else id."""
    col = f"indicator_{lang}"
    if table is not None and col in table.columns:
        names = table.loc[table["indicator"] == indicator, col].dropna()
        names = names[names.astype(str).str.strip() != ""]
        if len(names):
            return str(names.iloc[0])
    try:
        ind = load_taxonomy().indicator(indicator)
    except Exception:  # unknown id (or no taxonomy): show the id
        return str(indicator)
    return ind.zh if lang == "zh" else ind.en


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
        return _finish(fig)


# ----------------------------------------------------------------------------- indicator bars


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
            p.title = _short(p.title)
        bases = list(dict.fromkeys(p.basis for p in panels if _present(p.basis)))
        if len(bases) == 1:
            title = label("text", "indicators_title", lang, basis=label("bases", bases[0], lang))
        else:
            title = label("text", "indicators_title_no_basis", lang)
        return _bar_figure(df, panels, lang, ncols, title)


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
        names = {k: _wrap(_short(_indicator_name(k[2:], lang)) if k.startswith("i:") else k[2:], 34)
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
                    ax.annotate(f"{_fmt(v)}%", (v, y_of[k] + offset), xytext=(6, 0),
                                textcoords="offset points", va="center", fontsize=8)
        ax.set_yticks(range(len(keys)), [names[k] for k in keys])
        ax.set_ylim(-0.6, len(keys) - 0.4)
        ax.set_xlim(0, top * 1.18 if top > 0 else 1)
        ax.xaxis.set_major_formatter(_TICK_FORMAT)
        ax.set_xlabel(label("text", "growth_xlabel", lang))
        ax.set_ylabel(label("text", "growth_ylabel", lang))
        ax.set_title(label("text", "growth_title", lang))
        handles = [Line2D([], [], marker="o", linestyle="", color=plan_color(p),
                          label=plan_name(p, lang)) for p in plans]
        fig.legend(handles=handles, loc="outside lower center", ncols=min(len(plans), 5))
        return _finish(fig)


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
        title = _wrap(label("text", "milestones_title", lang, indicator=_short(name)), 70)
        miles = rows[rows["status"] == "milestone"]
        if miles.empty:
            return _message_figure(label("text", "milestones_empty", lang), title)
        measure = miles["measure"].mode(dropna=False).iloc[0]
        unit = miles.loc[miles["measure"].eq(measure) | (miles["measure"].isna() & pd.isna(measure)),
                         "unit"].mode(dropna=False).iloc[0]

        def same(frame: pd.DataFrame) -> pd.Series:
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
                if len(series) > 1 and _present(subject):
                    lab = f"{lab}: {str(subject).strip()}"
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
        return _finish(fig)


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
        return _finish(fig)


# ----------------------------------------------------------------------------- instruments


def instrument_mix(matrix: pd.DataFrame, lang: str = "en") -> Figure:
    """Stacked horizontal bars of each plan's shares of supply / demand / environment measures."""
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
        return _finish(fig)


# ----------------------------------------------------------------------------- agencies


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
    """Horizontal stacked bars of the agencies most often charged with measures, by role."""
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
        if "measure_id" in df.columns:
            df = df.drop_duplicates(["agency_id", "role", "measure_id"])
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
        return _finish(fig)
